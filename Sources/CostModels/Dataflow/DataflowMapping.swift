/// A layer's MAESTRO mapping analysed for one PE count: everything of MAESTRO's analysis that
/// does not depend on the NoC (cluster levels, iteration cases, traffic, partial sums, accesses,
/// buffers), so that its cost on any NoC — ``cost(on:)`` — takes only MAESTRO's timing pass.
/// A search over NoC bandwidths analyses each (layer, mapping, PE count) once.
public struct DataflowMapping: Sendable {
    let analysis: MaestroMappingAnalysis
    /// The PEs the mapping was analysed for.
    public let processingElements: Int
    /// Whether buffers are double-buffered, as MAESTRO assumes.
    public let doubleBuffering: Bool

    /// `layer` (with its `Dataflow { }` block) on `processingElements` PEs.
    public init(_ layer: MaestroLayer, processingElements: Int, doubleBuffering: Bool = true)
        throws(DataflowMappingError)
    {
        guard (1...(1 << 24)).contains(processingElements) else {
            throw DataflowMappingError(
                line: 0,
                message: "the PE count must be between 1 and 16,777,216, got \(processingElements)")
        }
        let clusters = try MaestroClusters(layer: layer, processingElements: processingElements)
        analysis = try MaestroMappingAnalysis(clusters: clusters, doubleBuffering: doubleBuffering)
        self.processingElements = processingElements
        self.doubleBuffering = doubleBuffering
    }

    /// `layer` mapped with `template`'s block. Where MAESTRO's shi block finds no valid iteration
    /// (its 8 + S − 1 column tile on a row that is not much wider), the tile is the whole row
    /// instead, as MAESTRO's own `Resnet50_yxp_os.m` does for its 7-column FC1000.
    public init(
        _ layer: DataflowLayer, template: DataflowTemplate, processingElements: Int,
        doubleBuffering: Bool = true
    ) throws(DataflowMappingError) {
        do {
            try self.init(
                layer.maestroLayer(template: template), processingElements: processingElements,
                doubleBuffering: doubleBuffering)
        } catch  where error.coversNoIteration && template == .shi {
            try self.init(
                layer.maestroLayer(template: template, wholeRowTile: true),
                processingElements: processingElements, doubleBuffering: doubleBuffering)
        }
    }

    /// MAESTRO's outputs on `hardware` (its PE count and double buffering must be the mapping's).
    public func cost(on hardware: DataflowHardware) throws(DataflowMappingError) -> DataflowCost {
        if let problem = hardware.problem { throw DataflowMappingError(line: 0, message: problem) }
        guard hardware.processingElements == processingElements,
            hardware.doubleBuffering == doubleBuffering
        else {
            throw DataflowMappingError(
                line: 0,
                message:
                    "the mapping was analysed for \(processingElements) PEs"
                    + (doubleBuffering ? "" : " without double buffering")
                    + "; the hardware has \(hardware.processingElements)"
                    + (hardware.doubleBuffering ? "" : " without double buffering")
            )
        }
        let top = analysis.traces[analysis.top]
        let innermost = analysis.traces[analysis.firstCompleted]
        let timing = analysis.timing(
            nocBandwidth: hardware.nocBandwidth, nocLatency: hardware.hopLatencyCycles,
            simdLanes: hardware.simdLanes,
            offChipBandwidth: hardware.offChipBandwidth)
        func counts(_ t: Int) -> DataflowCost.TensorCounts {
            DataflowCost.TensorCounts(
                l1Reads: top.downstreamReads[t], l1Writes: top.downstreamWrites[t],
                l2Reads: top.upstreamReads[t],
                l2Writes: top.upstreamWrites[t], l1SizeRequired: innermost.downstreamSizes[t],
                l2SizeRequired: top.upstreamSizes[t])
        }
        let input = counts(MaestroTensors.input)
        let filter = counts(MaestroTensors.filter)
        let output = counts(MaestroTensors.output)
        var energy = 0.0
        for t in [input, filter, output] {
            energy +=
                Double(t.l2Writes) * DataflowCostModel.l2AccessEnergy + Double(t.l2Reads)
                * DataflowCostModel.l2AccessEnergy
            energy +=
                Double(t.l1Writes) * DataflowCostModel.l1AccessEnergy + Double(t.l1Reads)
                * DataflowCostModel.l1AccessEnergy
        }
        energy += Double(top.computations)
        let l1Elements = input.l1SizeRequired + filter.l1SizeRequired + output.l1SizeRequired
        let l2Elements = input.l2SizeRequired + filter.l2SizeRequired + output.l2SizeRequired
        let bytes = hardware.bytesPerElement
        let estimate = DataflowAreaPower.estimate(
            pes: processingElements, nocBandwidth: hardware.nocBandwidth,
            simdLanes: hardware.simdLanes,
            l1Bytes: l1Elements * bytes, l2Bytes: l2Elements * bytes)
        let fits =
            (hardware.l1Bytes.map { $0 >= l1Elements * bytes } ?? true)
            && (hardware.l2Bytes.map { $0 >= l2Elements * bytes } ?? true)
        let boundCycles = DataflowCost.BoundCycles(
            compute: timing.boundCycles[0], noc: timing.boundCycles[1],
            offChip: timing.boundCycles[2])
        func delay(_ k: Int) -> DataflowCost.Delay {
            DataflowCost.Delay(
                min: timing.delayMin[k], max: timing.delayMax[k], average: timing.delayAverage[k])
        }
        return DataflowCost(
            runtimeCycles: timing.runtime, macs: top.computations,
            averageUtilizedPEs: top.averageActiveClusters,
            input: input, filter: filter, output: output, energyUnits: energy,
            energyPicojoules: energy * DataflowCostModel.macEnergyPicojoules,
            areaSquareMicrometres: estimate.areaSquareMicrometres,
            powerMilliwatts: estimate.powerMilliwatts,
            pePowerMilliwatts: estimate.pePowerMilliwatts,
            l1PowerMilliwatts: estimate.l1PowerMilliwatts,
            l2PowerMilliwatts: estimate.l2PowerMilliwatts,
            nocPowerMilliwatts: estimate.nocPowerMilliwatts,
            peakBandwidth: timing.peakBandwidth, averageBandwidth: timing.averageBandwidth,
            offChipBandwidthRequired: timing.offChipBandwidth,
            ingressDelay: delay(0), egressDelay: delay(1), computeDelay: delay(2),
            arithmeticIntensity: top.arithmeticIntensity,
            bound: boundCycles.largest, boundCycles: boundCycles,
            processingElements: processingElements,
            bytesPerElement: bytes, fitsBuffers: fits)
    }
}
