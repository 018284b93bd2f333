/// What one layer costs on one sub-accelerator (``DataflowCostModel/evaluate(_:template:hardware:)``).
public struct DataflowCost: Sendable, Equatable {
    /// Cycles from the first transfer to the last output written back.
    public var runtimeCycles: Int
    public var macs: Int
    /// MACs / (PEs × runtime): the fraction of PE-cycles doing useful work (below 1 from edge
    /// tiles, idle PEs and NoC stalls).
    public var utilization: Double
    /// Element accesses.
    public var l1Reads: Int
    public var l1Writes: Int
    public var l2Reads: Int
    public var l2Writes: Int
    /// Buffer sizes the mapping needs: L1 per PE and L2, bytes.
    public var l1BytesRequired: Int
    public var l2BytesRequired: Int
    /// Whether the given L1/L2 (if any) hold what the mapping needs.
    public var fitsBuffers: Bool
    /// MAESTRO's activity energy in units of one MAC: 18.61 · L2 accesses + 1.68 · L1 accesses + MACs.
    public var energyUnits: Double
    /// `energyUnits` × ``DataflowCostModel/macEnergyPicojoules``.
    public var energyPicojoules: Double
    /// The sub-accelerator's area and power (MAESTRO's 28 nm constants), with the buffers given,
    /// or sized to what this layer needs.
    public var areaSquareMicrometres: Double
    public var powerMilliwatts: Double
    /// What limits most iterations: `compute`, `noc-ingress` or `noc-egress`.
    public var bottleneck: String
    /// Cycles spent computing (Σ over iterations of the busiest PE's MACs).
    public var computeCycles: Int

    public var areaSquareMillimetres: Double { areaSquareMicrometres / 1e6 }
}
