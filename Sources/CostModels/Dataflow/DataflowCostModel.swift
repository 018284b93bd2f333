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
    /// MAESTRO's `l2_energy_multiplier` and `l1_energy_multiplier`: energy per access in units of one MAC.
    public static let l2AccessEnergy = 18.61
    public static let l1AccessEnergy = 1.68
    /// MAESTRO's `mac_energy` (0.00023 nJ in its 2021 cost table), pJ per unit.
    public static let macEnergyPicojoules = 0.23

    /// The cost of a MAESTRO mapping (one layer with its dataflow) on `hardware`.
    public static func evaluate(_ layer: MaestroLayer, hardware: DataflowHardware) throws(DataflowMappingError) -> DataflowCost {
        if let problem = hardware.problem { throw DataflowMappingError(line: 0, message: problem) }
        let clusters = try MaestroClusters(layer: layer, processingElements: hardware.processingElements)
        return try evaluate(clusters, hardware: hardware)
    }

    /// The cost of `layer` mapped with `template`'s block. Where MAESTRO's shi block finds no
    /// valid iteration (its 8 + S − 1 column tile on a row that is not much wider), the tile is
    /// the whole row instead, as MAESTRO's own `Resnet50_yxp_os.m` does for its 7-column FC1000.
    public static func evaluate(_ layer: DataflowLayer, template: DataflowTemplate, hardware: DataflowHardware) throws(DataflowMappingError) -> DataflowCost {
        do {
            return try evaluate(layer.maestroLayer(template: template), hardware: hardware)
        } catch where error.coversNoIteration && template == .shi {
            return try evaluate(layer.maestroLayer(template: template, wholeRowTile: true), hardware: hardware)
        }
    }

    static func evaluate(_ clusters: MaestroClusters, hardware: DataflowHardware) throws(DataflowMappingError) -> DataflowCost {
        var engine = MaestroCostEngine(clusters: clusters, nocBandwidth: hardware.nocBandwidth, nocLatency: hardware.hopLatencyCycles,
                                       simdLanes: hardware.simdLanes, offChipBandwidth: hardware.offChipBandwidth,
                                       doubleBuffering: hardware.doubleBuffering)
        let top = try engine.analyzeLayer()
        let innermost = engine.firstCompleted ?? top
        func counts(_ t: Int) -> DataflowCost.TensorCounts {
            DataflowCost.TensorCounts(l1Reads: top.downstreamReads[t], l1Writes: top.downstreamWrites[t], l2Reads: top.upstreamReads[t],
                                      l2Writes: top.upstreamWrites[t], l1SizeRequired: innermost.downstreamSizes[t], l2SizeRequired: top.upstreamSizes[t])
        }
        let input = counts(MaestroTensors.input), filter = counts(MaestroTensors.filter), output = counts(MaestroTensors.output)
        var energy = 0.0
        for t in [input, filter, output] {
            energy += Double(t.l2Writes) * l2AccessEnergy + Double(t.l2Reads) * l2AccessEnergy
            energy += Double(t.l1Writes) * l1AccessEnergy + Double(t.l1Reads) * l1AccessEnergy
        }
        energy += Double(top.computations)
        let l1Elements = input.l1SizeRequired + filter.l1SizeRequired + output.l1SizeRequired
        let l2Elements = input.l2SizeRequired + filter.l2SizeRequired + output.l2SizeRequired
        let bytes = hardware.bytesPerElement
        let estimate = DataflowAreaPower.estimate(pes: hardware.processingElements, nocBandwidth: hardware.nocBandwidth, simdLanes: hardware.simdLanes,
                                                  l1Bytes: l1Elements * bytes, l2Bytes: l2Elements * bytes)
        let fits = (hardware.l1Bytes.map { $0 >= l1Elements * bytes } ?? true) && (hardware.l2Bytes.map { $0 >= l2Elements * bytes } ?? true)
        let bound = DataflowBound.allCases.max { (top.boundCycles[$0] ?? 0) < (top.boundCycles[$1] ?? 0) } ?? .compute
        func delay(_ k: Int) -> DataflowCost.Delay { DataflowCost.Delay(min: top.delays[k].min, max: top.delays[k].max, average: top.delays[k].average) }
        return DataflowCost(runtimeCycles: top.runtime, macs: top.computations, averageUtilizedPEs: top.averageActiveClusters,
                            input: input, filter: filter, output: output, energyUnits: energy, energyPicojoules: energy * macEnergyPicojoules,
                            areaSquareMicrometres: estimate.areaSquareMicrometres, powerMilliwatts: estimate.powerMilliwatts,
                            pePowerMilliwatts: estimate.pePowerMilliwatts, l1PowerMilliwatts: estimate.l1PowerMilliwatts,
                            l2PowerMilliwatts: estimate.l2PowerMilliwatts, nocPowerMilliwatts: estimate.nocPowerMilliwatts,
                            peakBandwidth: top.peakBandwidth, averageBandwidth: top.averageBandwidth, offChipBandwidthRequired: top.offChipBandwidth,
                            ingressDelay: delay(0), egressDelay: delay(1), computeDelay: delay(2), arithmeticIntensity: top.arithmeticIntensity,
                            bound: bound, boundCycles: top.boundCycles, processingElements: hardware.processingElements,
                            bytesPerElement: bytes, fitsBuffers: fits)
    }
}
