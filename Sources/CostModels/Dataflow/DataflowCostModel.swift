/// MAESTRO's data-centric cost model of a layer on a dataflow accelerator (Kwon et al.,
/// "Understanding Reuse, Performance, and Hardware Cost of DNN Dataflows: A Data-Centric
/// Approach", MICRO 2019; maestro-project/maestro at 4eb08d1), re-implemented in Swift.
///
/// A mapping (``MaestroLayer``: a layer and its `Dataflow { }` directives) is split into cluster
/// levels at each `Cluster(n, P)`; at each level MAESTRO adds the missing directives (inherited
/// from the level above, or whole-dimension temporal maps), converts output rows/columns to
/// input ones, applies the stride, and sizes the sub-clusters. The cost analysis then walks each
/// level's iteration cases (every combination of each map's initial, steady and edge positions,
/// with how often it occurs): the elements that cross the NoC (new data only: temporal reuse
/// from the map that changed last, spatial reuse between neighbouring sub-clusters, multicast
/// counted once), the partial sums of the busiest sub-cluster (or the sub-clusters' own
/// runtime one level down), per-iteration delays `latency + ⌈elements / bandwidth⌉ − 1`, and
/// with double buffering `max(ingress, compute, egress)` per iteration (the first iteration
/// cannot hide its ingress), plus the off-chip fill of the L2 tiles at the top. L1/L2 accesses,
/// double-buffered buffer sizes, NoC bandwidth and the activity energy (18.61 per L2 access,
/// 1.68 per L1 access, 1 per MAC, in units of one MAC) follow; area and power come from
/// ``DataflowAreaPower``.
///
/// The port keeps MAESTRO's arithmetic as it is, including where it reads a value that looks
/// unintended, so that it gives MAESTRO's numbers; where MAESTRO crashes or exits, it throws.
public enum DataflowCostModel {
    /// MAESTRO's `l2_energy_multiplier` and `l1_energy_multiplier`: energy per access in units of
    /// one MAC.
    public static let l2AccessEnergy = 18.61
    /// Energy of an L1 access in units of one MAC (MAESTRO's cost table).
    public static let l1AccessEnergy = 1.68
    /// MAESTRO's `mac_energy` (0.00023 nJ in its 2021 cost table), pJ per unit.
    public static let macEnergyPicojoules = 0.23

    /// The cost of a MAESTRO mapping (one layer with its dataflow) on `hardware`.
    public static func evaluate(_ layer: MaestroLayer, hardware: DataflowHardware)
        throws(DataflowMappingError) -> DataflowCost
    {
        if let problem = hardware.problem { throw DataflowMappingError(line: 0, message: problem) }
        return try DataflowMapping(
            layer, processingElements: hardware.processingElements,
            doubleBuffering: hardware.doubleBuffering
        ).cost(on: hardware)
    }

    /// The cost of `layer` mapped with `template`'s block.
    public static func evaluate(
        _ layer: DataflowLayer, template: DataflowTemplate, hardware: DataflowHardware
    ) throws(DataflowMappingError) -> DataflowCost {
        if let problem = hardware.problem { throw DataflowMappingError(line: 0, message: problem) }
        return try DataflowMapping(
            layer, template: template, processingElements: hardware.processingElements,
            doubleBuffering: hardware.doubleBuffering
        )
        .cost(on: hardware)
    }

    /// The costs of `layer` mapped with `template`'s block on each of `hardware` (in order): the
    /// mapping is analysed once per PE count, and only its timing per NoC.
    public static func evaluate(
        _ layer: DataflowLayer, template: DataflowTemplate, hardware: [DataflowHardware]
    ) throws(DataflowMappingError) -> [DataflowCost] {
        var mappings: [(pes: Int, doubleBuffering: Bool, mapping: DataflowMapping)] = []
        var costs: [DataflowCost] = []
        costs.reserveCapacity(hardware.count)
        for h in hardware {
            if let problem = h.problem { throw DataflowMappingError(line: 0, message: problem) }
            let mapping: DataflowMapping
            if let known = mappings.first(where: {
                $0.pes == h.processingElements && $0.doubleBuffering == h.doubleBuffering
            }) {
                mapping = known.mapping
            } else {
                mapping = try DataflowMapping(
                    layer, template: template, processingElements: h.processingElements,
                    doubleBuffering: h.doubleBuffering)
                mappings.append((h.processingElements, h.doubleBuffering, mapping))
            }
            costs.append(try mapping.cost(on: h))
        }
        return costs
    }
}
