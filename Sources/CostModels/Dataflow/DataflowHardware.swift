/// A sub-accelerator's hardware: processing elements, the NoC between the shared L2 buffer and
/// the PEs, per-PE L1 and the L2 size, after MAESTRO's abstract hardware model.
public struct DataflowHardware: Sendable, Hashable {
    /// Processing elements, one MAC per cycle each.
    public var processingElements: Int
    /// NoC bandwidth between L2 and the PEs, elements per cycle (a multicast counts once).
    public var nocBandwidth: Int
    /// Cycles a transfer spends crossing the NoC, added once per transfer.
    public var hopLatencyCycles: Int
    /// L1 bytes per PE, and L2 bytes; `nil` = exactly what the layer needs (reported).
    public var l1Bytes: Int?
    public var l2Bytes: Int?
    /// Overlap each iteration's transfers with the previous iteration's compute.
    public var doubleBuffering: Bool
    /// Bytes per element (1 for int8, 2 for 16-bit).
    public var bytesPerElement: Int

    public init(processingElements: Int, nocBandwidth: Int, hopLatencyCycles: Int = 1, l1Bytes: Int? = nil, l2Bytes: Int? = nil,
                doubleBuffering: Bool = true, bytesPerElement: Int = 1) {
        self.processingElements = processingElements
        self.nocBandwidth = nocBandwidth
        self.hopLatencyCycles = hopLatencyCycles
        self.l1Bytes = l1Bytes
        self.l2Bytes = l2Bytes
        self.doubleBuffering = doubleBuffering
        self.bytesPerElement = bytesPerElement
    }

    /// Why the hardware is not valid, or nil.
    public var problem: String? {
        if processingElements < 1 { return "the PE count must be at least 1, got \(processingElements)" }
        if nocBandwidth < 1 { return "the NoC bandwidth must be at least 1 element per cycle, got \(nocBandwidth)" }
        if hopLatencyCycles < 0 { return "the hop latency must not be negative, got \(hopLatencyCycles)" }
        if bytesPerElement < 1 { return "bytes per element must be at least 1, got \(bytesPerElement)" }
        if let l1Bytes, l1Bytes < 1 { return "L1 must be at least 1 byte, got \(l1Bytes)" }
        if let l2Bytes, l2Bytes < 1 { return "L2 must be at least 1 byte, got \(l2Bytes)" }
        return nil
    }
}
