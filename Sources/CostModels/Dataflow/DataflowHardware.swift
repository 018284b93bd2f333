/// A sub-accelerator's hardware as MAESTRO's command line describes it: PEs, the NoC between
/// the L2 and the PEs (every cluster level gets the same), ALUs per PE, the off-chip link, and
/// optional L1/L2 capacities to check the mapping against. Defaults are MAESTRO's own
/// (`option.hpp`: hop latency 0, one SIMD lane, off-chip 70,000 elements per cycle).
public struct DataflowHardware: Sendable, Hashable {
    /// Processing elements (`--num_pes`).
    public var processingElements: Int
    /// NoC bandwidth, elements per cycle (`--noc_bw_cstr`; a multicast counts once).
    public var nocBandwidth: Int
    /// Head latency of a NoC transfer, cycles (`--noc_hops` × `--noc_hop_latency`).
    public var hopLatencyCycles: Int
    /// ALUs per PE (`--num_simd_lanes`).
    public var simdLanes: Int
    /// Off-chip bandwidth into the L2, elements per cycle (`--offchip_bw_cstr`).
    public var offChipBandwidth: Int
    /// L1 bytes per PE, and L2 bytes, to check against (`--l1_size_cstr`, `--l2_size_cstr`);
    /// `nil` = no limit. As in MAESTRO, area and power follow what the mapping needs.
    public var l1Bytes: Int?
    /// The L2 buffer's size to check the mapping against, bytes; nil for no limit.
    public var l2Bytes: Int?
    /// Overlap each iteration's transfers with the previous iteration's compute (MAESTRO always
    /// does).
    public var doubleBuffering: Bool
    /// Bytes per element (1 for int8, 2 for 16-bit); MAESTRO's sizes are in elements.
    public var bytesPerElement: Int

    /// Hardware with these parameters (defaults are MAESTRO's).
    public init(
        processingElements: Int, nocBandwidth: Int, hopLatencyCycles: Int = 0, simdLanes: Int = 1,
        offChipBandwidth: Int = 70_000,
        l1Bytes: Int? = nil, l2Bytes: Int? = nil, doubleBuffering: Bool = true,
        bytesPerElement: Int = 1
    ) {
        self.processingElements = processingElements
        self.nocBandwidth = nocBandwidth
        self.hopLatencyCycles = hopLatencyCycles
        self.simdLanes = simdLanes
        self.offChipBandwidth = offChipBandwidth
        self.l1Bytes = l1Bytes
        self.l2Bytes = l2Bytes
        self.doubleBuffering = doubleBuffering
        self.bytesPerElement = bytesPerElement
    }

    /// Why the hardware is not valid, or nil.
    public var problem: String? {
        let limit = 1 << 40
        if processingElements < 1 || processingElements > 1 << 24 {
            return "the PE count must be between 1 and 16,777,216, got \(processingElements)"
        }
        if nocBandwidth < 1 || nocBandwidth > limit {
            return
                """
                the NoC bandwidth must be between 1 and 2^40 elements per cycle, got \
                \(nocBandwidth)
                """
        }
        if hopLatencyCycles < 0 || hopLatencyCycles > 1 << 20 {
            return "the hop latency must be between 0 and 1,048,576 cycles, got \(hopLatencyCycles)"
        }
        if simdLanes < 1 || simdLanes > 1 << 16 {
            return "the SIMD lanes per PE must be between 1 and 65,536, got \(simdLanes)"
        }
        if offChipBandwidth < 1 || offChipBandwidth > limit {
            return
                """
                the off-chip bandwidth must be between 1 and 2^40 elements per cycle, got \
                \(offChipBandwidth)
                """
        }
        if bytesPerElement < 1 || bytesPerElement > 64 {
            return "bytes per element must be between 1 and 64, got \(bytesPerElement)"
        }
        if let l1Bytes, l1Bytes < 1 { return "L1 must be at least 1 byte, got \(l1Bytes)" }
        if let l2Bytes, l2Bytes < 1 { return "L2 must be at least 1 byte, got \(l2Bytes)" }
        return nil
    }
}
