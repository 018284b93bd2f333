/// What limits a layer's runtime on a dataflow accelerator.
public enum DataflowBound: String, Sendable, Hashable, CaseIterable {
    /// The PEs' compute (the busiest sub-cluster's partial sums).
    case compute
    /// The NoC between L2 and the PEs (ingress of inputs or egress of outputs).
    case noc
    /// The off-chip link that fills the L2 tiles.
    case offChip = "off-chip"
}

/// MAESTRO's results for one cluster level (`CA::CostAnalyisResults`); per-tensor entries are
/// indexed input, filter, output.
struct MaestroLevelResult: Sendable {
    var runtime = 0
    var computations = 0
    var upstreamReads = [0, 0, 0], upstreamWrites = [0, 0, 0]
    var downstreamReads = [0, 0, 0], downstreamWrites = [0, 0, 0]
    var upstreamSizes = [0, 0, 0], downstreamSizes = [0, 0, 0]
    var peakBandwidth = 0
    var averageBandwidth = 0.0
    var offChipBandwidth = 0
    /// Ingress, egress, compute: (min, max, average) cycles per iteration.
    var delays = [(min: Int, max: Int, average: Int)](repeating: (0, 0, 0), count: 3)
    var averageActiveClusters = 0.0
    var arithmeticIntensity = 0.0
    /// Cycles of the level's runtime set by each ``DataflowBound``.
    var boundCycles: [DataflowBound: Int] = [:]
}

/// MAESTRO's cost analysis (`CA::CostAnalysisEngine::AnalyzeClusterLevel_V2`): for each
/// iteration case of a level, the ingress and egress traffic, the partial sums and the
/// sub-clusters' own analysis (recursively, on the dimensions one sub-cluster holds), the delays
/// `⌈traffic / bandwidth⌉ − 1 + latency` and, with double buffering, `max(ingress, compute,
/// egress)` per iteration (the all-initial case cannot hide its ingress); at the top level also
/// the off-chip fill of the L2 tiles. Sub-cluster analyses are the same whenever the dimensions
/// are, so each distinct one is computed once per evaluation.
struct MaestroCostEngine {
    let clusters: MaestroClusters
    let nocBandwidth: Int
    let nocLatency: Int
    let simdLanes: Int
    let offChipBandwidth: Int
    let doubleBuffering: Bool

    struct Key: Hashable {
        var level: Int
        var sizes: [Int]
    }

    private var cache: [Key: MaestroLevelResult] = [:]
    /// The first level analysis to finish (MAESTRO's `results->at(0)`, whose downstream buffers
    /// are the reported L1 requirement).
    private(set) var firstCompleted: MaestroLevelResult?

    init(clusters: MaestroClusters, nocBandwidth: Int, nocLatency: Int, simdLanes: Int, offChipBandwidth: Int, doubleBuffering: Bool) {
        self.clusters = clusters
        self.nocBandwidth = nocBandwidth
        self.nocLatency = nocLatency
        self.simdLanes = simdLanes
        self.offChipBandwidth = offChipBandwidth
        self.doubleBuffering = doubleBuffering
    }

    /// `NetworkOnChipModel::GetOutStandingDelay`.
    @inline(__always)
    func nocDelay(_ elements: Int) -> Int {
        let sends = elements % nocBandwidth != 0 ? elements / nocBandwidth + 1 : elements / nocBandwidth
        return nocLatency + sends - 1
    }

    /// The whole mapping: the top level on the layer's dimensions.
    mutating func analyzeLayer() throws(DataflowMappingError) -> MaestroLevelResult {
        try analyze(level: 0, dimensions: clusters.layerDimensions.sizes)
    }

    mutating func analyze(level index: Int, dimensions: [Int]) throws(DataflowMappingError) -> MaestroLevelResult {
        let key = Key(level: index, sizes: dimensions)
        if index > 0, let known = cache[key] { return known }
        let level = clusters.levels[index]
        let reuse = MaestroReuseAnalysis(level: level, tensors: clusters.tensors)
        let isTop = index == 0, isInnermost = index == clusters.levels.count - 1
        let subClusters = level.subClusters, edgeSubClusters = level.edgeSubClusters
        let multiplier = doubleBuffering ? 2 : 1
        let output = MaestroTensors.output
        var result = MaestroLevelResult()
        var delaySums = [0.0, 0.0, 0.0]
        // MAESTRO starts its maxima at numeric_limits<long double>::min(), the smallest *positive*
        // value, so a maximum is never below 0 once truncated.
        var delayMin = [Int.max, Int.max, Int.max], delayMax = [0, 0, 0]
        var totalCases = 0, caseID = 0
        var averageBandwidth = 0.0

        for c in level.iterationCases(dimensions) {
            if caseID == 0 {
                try updateBufferSizes(&result, reuse: reuse, dimensions: dimensions, case: c, multiplier: multiplier)
            }
            let occurrences = c.occurrences
            var ingress = 0, egress = 0, partialSums = 0, partialSumMapping = 0
            // Output tensor (counted before the validity check, as in MAESTRO).
            let egressTraffic = reuse.spatialEgressTraffic(output, c)
            partialSumMapping += reuse.partialSumMappingSize(output, c)
            egress += egressTraffic
            result.upstreamWrites[output] += occurrences * egressTraffic
            result.downstreamWrites[output] += occurrences * partialSumMapping
            result.downstreamReads[output] += occurrences * partialSumMapping
            partialSums += reuse.criticalPathPartialSums(output, c)
            if partialSums <= 0 { continue }   // MAESTRO: "Skipping Invalid case"

            for tensor in [MaestroTensors.input, MaestroTensors.filter] {
                let traffic = try reuse.spatialIngressTraffic(tensor, c)
                ingress += traffic
                result.upstreamReads[tensor] += occurrences * traffic
                result.downstreamWrites[tensor] = result.upstreamReads[tensor]
                result.downstreamReads[tensor] += occurrences * partialSumMapping
            }
            result.arithmeticIntensity = Double(partialSumMapping) / Double(ingress)

            // Sub-clusters, or the PEs' own compute at the innermost level.
            let spatial = level.state(level.maps[level.firstSpatialIndex].dimension, in: c)
            let activeClusters = spatial.isEdge ? edgeSubClusters : subClusters
            var computeDelay = 0
            var activeUnits = 0.0
            if !isInnermost {
                var parts: [(MaestroLevelResult, Int)] = []
                if spatial.isEdge && spatial.hasSpatialEdgeEdge {
                    parts.append((try analyze(level: index + 1, dimensions: reuse.subClusterDimensions(c, edgeEdge: true)), 1))
                    if edgeSubClusters - 1 > 0 {
                        parts.append((try analyze(level: index + 1, dimensions: reuse.subClusterDimensions(c, edgeEdge: false)), edgeSubClusters - 1))
                    }
                } else {
                    parts.append((try analyze(level: index + 1, dimensions: reuse.subClusterDimensions(c, edgeEdge: false)), activeClusters))
                }
                for (sub, count) in parts {
                    computeDelay = max(computeDelay, sub.runtime)
                    activeUnits += sub.averageActiveClusters * Double(count)
                }
            } else {
                computeDelay = (partialSums + simdLanes - 1) / simdLanes
            }
            let ingressDelay = nocDelay(ingress), egressDelay = nocDelay(egress)
            var outstanding: Int
            if level.isAllInitial(c) {
                outstanding = doubleBuffering ? computeDelay + ingressDelay : ingressDelay + computeDelay + egressDelay
            } else {
                outstanding = doubleBuffering ? max(egressDelay, computeDelay, ingressDelay) : ingressDelay + computeDelay + egressDelay
            }
            var bound: DataflowBound = computeDelay >= max(ingressDelay, level.isAllInitial(c) ? 0 : egressDelay) ? .compute : .noc
            if isTop {
                let outputFill = result.upstreamSizes[output] / offChipBandwidth
                let inputFill = (result.upstreamSizes[MaestroTensors.input] + result.upstreamSizes[MaestroTensors.filter]) / offChipBandwidth
                let ingressOffChip = doubleBuffering ? inputFill / 2 : inputFill
                let egressOffChip = doubleBuffering ? outputFill / 2 : outputFill
                let onChip = outstanding
                outstanding = doubleBuffering ? max(ingressOffChip, outstanding, egressOffChip) : outstanding + ingressOffChip + egressOffChip
                if outstanding > onChip && (doubleBuffering || ingressOffChip + egressOffChip > onChip) { bound = .offChip }
                var required = max(result.offChipBandwidth, result.upstreamSizes[output] / max(computeDelay, 1))
                required = max(required, (result.upstreamSizes[MaestroTensors.input] + result.upstreamSizes[MaestroTensors.filter]) / max(computeDelay, 1))
                result.offChipBandwidth = doubleBuffering ? required / 2 : required
            }
            result.runtime += occurrences * outstanding
            result.computations += occurrences * partialSumMapping
            result.boundCycles[bound, default: 0] += occurrences * outstanding
            if activeUnits == 0 { activeUnits = Double(activeClusters) }
            result.averageActiveClusters += activeUnits * Double(occurrences)
            if computeDelay == 0 { computeDelay = 1 }
            result.peakBandwidth = max(result.peakBandwidth, max(ingress, egress) / computeDelay)
            averageBandwidth += Double(occurrences * max(ingress, egress) / computeDelay)
            for (k, delay) in [ingressDelay, egressDelay, computeDelay].enumerated() {
                delaySums[k] += Double(occurrences * delay)
                delayMin[k] = min(delayMin[k], delay)
                delayMax[k] = max(delayMax[k], delay)
            }
            totalCases += occurrences
            caseID += 1
        }
        if isTop && totalCases == 0 {
            throw DataflowMappingError(line: 0, message: "the mapping covers no valid iteration of the layer (MAESTRO reports 0 cycles and 0 MACs here): a tile is larger than the dimension it maps",
                                       coversNoIteration: true)
        }
        result.averageBandwidth = averageBandwidth / Double(totalCases)
        if totalCases != 0 { result.averageActiveClusters /= Double(totalCases) }
        for k in 0..<3 {
            let average = delaySums[k] / Double(totalCases)
            result.delays[k] = (totalCases > 0 ? delayMin[k] : 0, totalCases > 0 ? delayMax[k] : 0, average.isFinite ? Int(average) : 0)
        }
        if firstCompleted == nil { firstCompleted = result }
        if index > 0 { cache[key] = result }
        return result
    }

    /// `CostAnalysisEngine::UpdateBufferSizeReq`, which MAESTRO calls on each case until one is
    /// valid: L2 tiles (double-buffered ingress/egress of the case), L1 tiles (one map each),
    /// and the L2 writes of inputs / reads of outputs (each tensor once).
    func updateBufferSizes(_ result: inout MaestroLevelResult, reuse: MaestroReuseAnalysis, dimensions: [Int], case c: MaestroIterationCase,
                           multiplier: Int) throws(DataflowMappingError) {
        let tensors = clusters.tensors, overlap = clusters.overlap
        for tensor in [MaestroTensors.input, MaestroTensors.filter] {
            let size = tensors.coupled[tensor].reduce(1) { $0 * dimensions[$1.rawValue] }
            result.upstreamSizes[tensor] += try reuse.spatialIngressTraffic(tensor, c) * multiplier
            result.upstreamWrites[tensor] = size
            result.downstreamSizes[tensor] += multiplier * reuse.mappedVolume(tensor)
        }
        let output = MaestroTensors.output
        var size = 1
        for dimension in tensors.coupled[output] {
            if overlap.isOverlapped(dimension) {
                size *= dimensions[dimension.rawValue] - dimensions[overlap.counterpart(dimension).rawValue] + 1
            } else {
                size *= dimensions[dimension.rawValue]
            }
        }
        result.upstreamSizes[output] = multiplier * reuse.spatialEgressTraffic(output, c)
        result.upstreamReads[output] = size
        result.downstreamSizes[output] = multiplier * reuse.mappedVolume(output)
    }
}
