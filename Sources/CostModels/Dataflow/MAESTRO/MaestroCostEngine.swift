/// What limits a layer's runtime on a dataflow accelerator.
public enum DataflowBound: String, Sendable, Hashable, CaseIterable {
    /// The PEs' compute (the busiest sub-cluster's partial sums).
    case compute
    /// The NoC between L2 and the PEs (ingress of inputs or egress of outputs).
    case noc
    /// The off-chip link that fills the L2 tiles.
    case offChip = "off-chip"
}

/// The NoC-independent results of MAESTRO's analysis of one cluster level on one set of
/// dimensions (the access counts and buffers of `CA::CostAnalyisResults`), and the iteration
/// cases the timing needs. Per-tensor entries are indexed input, filter, output.
struct MaestroLevelTrace: Sendable {
    typealias PerTensor = InlineArray<3, Int>

    /// One valid iteration case: how often it occurs, the elements it moves, the busiest
    /// sub-cluster's partial sums (innermost level) or the sub-cluster analyses it waits for.
    struct Case: Sendable {
        var occurrences: Int
        var ingress: Int
        var egress: Int
        var partialSums: Int
        var isAllInitial: Bool
        /// Traces of the sub-clusters (−1: none).
        var sub: Int
        var subRest: Int
    }

    var cases: [Case] = []
    var computations = 0
    var upstreamReads = PerTensor(repeating: 0), upstreamWrites = PerTensor(repeating: 0)
    var downstreamReads = PerTensor(repeating: 0), downstreamWrites = PerTensor(repeating: 0)
    var upstreamSizes = PerTensor(repeating: 0), downstreamSizes = PerTensor(repeating: 0)
    var averageActiveClusters = 0.0
    var arithmeticIntensity = 0.0
}

/// MAESTRO's cost analysis (`CA::CostAnalysisEngine::AnalyzeClusterLevel_V2`) split in two:
/// what does not depend on the NoC (this type: for each iteration case of a level, the ingress
/// and egress traffic, the partial sums, the sub-clusters' own analysis — recursively, on the
/// dimensions one sub-cluster holds —, access counts and buffers), and the timing on a given
/// NoC (``timing(nocBandwidth:nocLatency:simdLanes:offChipBandwidth:)``). Sub-cluster analyses
/// are the same whenever the dimensions are, so each distinct one is done once.
struct MaestroMappingAnalysis: Sendable {
    let clusters: MaestroClusters
    let doubleBuffering: Bool
    /// Level analyses; `top` is the whole layer's, `firstCompleted` the first to finish
    /// (MAESTRO's `results->at(0)`, whose downstream buffers are the reported L1 requirement).
    private(set) var traces: [MaestroLevelTrace] = []
    private(set) var top = 0
    private(set) var firstCompleted = -1
    /// The hash and dimensions of each trace, for finding a sub-cluster analysis done before.
    private var traceKeys: [Int] = []
    private var traceSizes: [MaestroDimensionTable] = []

    /// A hash of a level and its dimensions, compared before the dimensions themselves.
    @inline(__always)
    static func key(_ level: Int, _ sizes: MaestroDimensionTable) -> Int {
        var hash = (level + 1) &* 0x1F35_A7BD_3C5B_9D27
        for i in sizes.indices { hash = (hash ^ sizes[i]) &* 0x100_0000_01B3 }
        return hash
    }

    init(clusters: MaestroClusters, doubleBuffering: Bool) throws(DataflowMappingError) {
        self.clusters = clusters
        self.doubleBuffering = doubleBuffering
        traces.reserveCapacity(8)
        top = try analyze(level: 0, dimensions: clusters.layerDimensions.sizes)
        if traces[top].cases.isEmpty {
            throw DataflowMappingError(
                line: 0,
                message:
                    """
                    the mapping covers no valid iteration of the layer (MAESTRO reports 0 \
                    cycles and 0 MACs here): a tile is larger than the dimension it maps
                    """,
                coversNoIteration: true)
        }
    }

    /// A sub-cluster level on `dimensions`, analysed once per distinct dimensions.
    mutating func subCluster(level index: Int, dimensions: MaestroDimensionTable)
        throws(DataflowMappingError) -> Int
    {
        let key = Self.key(index, dimensions)
        let found = traceKeys.withUnsafeBufferPointer { keys -> Int in
            for i in 0..<keys.count where keys[i] == key && traceSizes[i].equals(dimensions) {
                return i
            }
            return -1
        }
        if found >= 0 { return found }
        return try analyze(level: index, dimensions: dimensions)
    }

    mutating func analyze(level index: Int, dimensions: MaestroDimensionTable)
        throws(DataflowMappingError) -> Int
    {
        let level = clusters.levels[index]
        let isInnermost = index == clusters.levels.count - 1
        let subClusters = level.subClusters
        let edgeSubClusters = level.edgeSubClusters
        let multiplier = doubleBuffering ? 2 : 1
        let output = MaestroTensors.output
        var trace = MaestroLevelTrace()
        var totalCases = 0

        var cases = MaestroIterationCases(level, dimensions: dimensions)
        while let c = cases.next() {
            let caseState = MaestroCaseState(c, level: level)
            var memo = MaestroCaseMemo()
            if trace.cases.isEmpty {
                try updateBufferSizes(
                    &trace, level: level, caseState: caseState, memo: &memo, dimensions: dimensions,
                    multiplier: multiplier)
            }
            let occurrences = c.occurrences
            // Output tensor (counted before the validity check, as in MAESTRO).
            let egress = level.spatialEgressTraffic(output, caseState, &memo)
            let partialSumMapping = level.partialSumMappingSize(output, caseState, &memo)
            trace.upstreamWrites[output] += occurrences * egress
            trace.downstreamWrites[output] += occurrences * partialSumMapping
            trace.downstreamReads[output] += occurrences * partialSumMapping
            let partialSums = level.criticalPathPartialSums(output, caseState, &memo)
            if partialSums <= 0 { continue }  // MAESTRO: "Skipping Invalid case"

            var ingress = 0
            for tensor in MaestroTensors.input...MaestroTensors.filter {
                let traffic = try level.spatialIngressTraffic(tensor, caseState, &memo)
                ingress += traffic
                trace.upstreamReads[tensor] += occurrences * traffic
                trace.downstreamWrites[tensor] = trace.upstreamReads[tensor]
                trace.downstreamReads[tensor] += occurrences * partialSumMapping
            }
            trace.arithmeticIntensity = Double(partialSumMapping) / Double(ingress)

            // Sub-clusters: the sub-cluster in the spatial edge that holds a partial map, then the
            // others.
            let spatialIsEdge = caseState.isEdge(level.firstSpatialIndex)
            let spatialHasEdgeEdge = caseState.edgeEdge & (1 << level.firstSpatialIndex) != 0
            let activeClusters = spatialIsEdge ? edgeSubClusters : subClusters
            var sub = -1
            var subRest = -1
            var activeUnits = 0.0
            if !isInnermost {
                if spatialIsEdge && spatialHasEdgeEdge {
                    sub = try subCluster(
                        level: index + 1,
                        dimensions: level.subClusterDimensions(caseState, edgeEdge: true))
                    activeUnits = traces[sub].averageActiveClusters
                    if edgeSubClusters - 1 > 0 {
                        subRest = try subCluster(
                            level: index + 1,
                            dimensions: level.subClusterDimensions(caseState, edgeEdge: false))
                        activeUnits +=
                            traces[subRest].averageActiveClusters * Double(edgeSubClusters - 1)
                    }
                } else {
                    sub = try subCluster(
                        level: index + 1,
                        dimensions: level.subClusterDimensions(caseState, edgeEdge: false))
                    activeUnits = traces[sub].averageActiveClusters * Double(activeClusters)
                }
            }
            trace.cases.append(
                MaestroLevelTrace.Case(
                    occurrences: occurrences, ingress: ingress, egress: egress,
                    partialSums: partialSums,
                    isAllInitial: caseState.initial == level.allMaps, sub: sub, subRest: subRest))
            trace.computations += occurrences * partialSumMapping
            if activeUnits == 0 { activeUnits = Double(activeClusters) }
            trace.averageActiveClusters += activeUnits * Double(occurrences)
            totalCases += occurrences
        }
        if totalCases != 0 { trace.averageActiveClusters /= Double(totalCases) }
        traces.append(trace)
        traceKeys.append(Self.key(index, dimensions))
        traceSizes.append(dimensions)
        if firstCompleted < 0 { firstCompleted = traces.count - 1 }
        return traces.count - 1
    }

    /// `CostAnalysisEngine::UpdateBufferSizeReq`, which MAESTRO calls on each case until one is
    /// valid: L2 tiles (double-buffered ingress/egress of the case), L1 tiles (one map each),
    /// and the L2 writes of inputs / reads of outputs (each tensor once).
    func updateBufferSizes(
        _ trace: inout MaestroLevelTrace, level: MaestroClusterLevel, caseState: MaestroCaseState,
        memo: inout MaestroCaseMemo,
        dimensions: MaestroDimensionTable, multiplier: Int
    ) throws(DataflowMappingError) {
        let tensors = clusters.tensors
        let overlap = clusters.overlap
        for tensor in MaestroTensors.input...MaestroTensors.filter {
            var size = 1
            for i in 0..<tensors.count[tensor] { size *= dimensions[tensors.coupled[tensor][i]] }
            trace.upstreamSizes[tensor] +=
                try level.spatialIngressTraffic(tensor, caseState, &memo) * multiplier
            trace.upstreamWrites[tensor] = size
            trace.downstreamSizes[tensor] += multiplier * level.mappedVolume(tensor)
        }
        let output = MaestroTensors.output
        var size = 1
        for i in 0..<tensors.count[output] {
            let dimension = tensors.coupled[output][i]
            if overlap.isOverlapped(dimension) {
                size *= dimensions[dimension] - dimensions[overlap.counterpart(dimension)] + 1
            } else {
                size *= dimensions[dimension]
            }
        }
        trace.upstreamSizes[output] =
            multiplier * level.spatialEgressTraffic(output, caseState, &memo)
        trace.upstreamReads[output] = size
        trace.downstreamSizes[output] = multiplier * level.mappedVolume(output)
    }

    /// The top level's timing on a NoC (MAESTRO's delays, runtime, bandwidth requirements).
    struct Timing: Sendable {
        var runtime = 0
        var peakBandwidth = 0
        var averageBandwidth = 0.0
        var offChipBandwidth = 0
        /// Ingress, egress, compute cycles per iteration: minimum, maximum, average.
        var delayMin = InlineArray<3, Int>(repeating: 0),
            delayMax = InlineArray<3, Int>(repeating: 0),
            delayAverage = InlineArray<3, Int>(repeating: 0)
        /// Cycles of the runtime set by each ``DataflowBound`` (in `allCases` order).
        var boundCycles = InlineArray<3, Int>(repeating: 0)
    }

    /// MAESTRO's delays on a NoC of `nocBandwidth` elements per cycle and `nocLatency` cycles
    /// (`NetworkOnChipModel::GetOutStandingDelay`: latency + ⌈elements / bandwidth⌉ − 1), with
    /// double buffering `max(ingress, compute, egress)` per iteration (the all-initial case
    /// cannot hide its ingress), and at the top the off-chip fill of the L2 tiles.
    func timing(nocBandwidth: Int, nocLatency: Int, simdLanes: Int, offChipBandwidth: Int) -> Timing
    {
        var runtimes = [Int](repeating: -1, count: traces.count)
        var timing = Timing()
        runtime(
            of: top, &runtimes, &timing, nocBandwidth: nocBandwidth, nocLatency: nocLatency,
            simdLanes: simdLanes, offChipBandwidth: offChipBandwidth)
        return timing
    }

    @inline(__always)
    static func nocDelay(_ elements: Int, bandwidth: Int, latency: Int) -> Int {
        let sends = elements % bandwidth != 0 ? elements / bandwidth + 1 : elements / bandwidth
        return latency + sends - 1
    }

    @discardableResult
    private func runtime(
        of index: Int, _ runtimes: inout [Int], _ timing: inout Timing, nocBandwidth: Int,
        nocLatency: Int, simdLanes: Int,
        offChipBandwidth: Int
    ) -> Int {
        if runtimes[index] >= 0 { return runtimes[index] }
        let trace = traces[index]
        let isTop = index == top
        let db = doubleBuffering
        var runtime = 0
        var peak = 0
        var averageBandwidth = 0.0
        var offChip = 0
        var delaySums = InlineArray<3, Double>(repeating: 0)
        // MAESTRO starts its maxima at numeric_limits<long double>::min(), the smallest *positive*
        // value, so a maximum is never below 0 once truncated.
        var delayMin = InlineArray<3, Int>(repeating: .max)
        var delayMax = InlineArray<3, Int>(repeating: 0)
        var bounds = InlineArray<3, Int>(repeating: 0)
        var totalCases = 0
        let outputFill = isTop ? trace.upstreamSizes[MaestroTensors.output] : 0
        let inputFill =
            isTop
            ? trace.upstreamSizes[MaestroTensors.input] + trace.upstreamSizes[MaestroTensors.filter]
            : 0
        for c in trace.cases {
            var computeDelay: Int
            if c.sub >= 0 {
                computeDelay = self.runtime(
                    of: c.sub, &runtimes, &timing, nocBandwidth: nocBandwidth,
                    nocLatency: nocLatency, simdLanes: simdLanes,
                    offChipBandwidth: offChipBandwidth)
                if c.subRest >= 0 {
                    computeDelay = max(
                        computeDelay,
                        self.runtime(
                            of: c.subRest, &runtimes, &timing, nocBandwidth: nocBandwidth,
                            nocLatency: nocLatency,
                            simdLanes: simdLanes, offChipBandwidth: offChipBandwidth))
                }
            } else {
                computeDelay = (c.partialSums + simdLanes - 1) / simdLanes
            }
            let ingressDelay = Self.nocDelay(
                c.ingress, bandwidth: nocBandwidth, latency: nocLatency)
            let egressDelay = Self.nocDelay(c.egress, bandwidth: nocBandwidth, latency: nocLatency)
            var outstanding: Int
            if c.isAllInitial {
                outstanding =
                    db ? computeDelay + ingressDelay : ingressDelay + computeDelay + egressDelay
            } else {
                outstanding =
                    db
                    ? max(egressDelay, computeDelay, ingressDelay)
                    : ingressDelay + computeDelay + egressDelay
            }
            var bound = computeDelay >= max(ingressDelay, c.isAllInitial ? 0 : egressDelay) ? 0 : 1
            if isTop {
                let ingressOffChip =
                    db ? inputFill / offChipBandwidth / 2 : inputFill / offChipBandwidth
                let egressOffChip =
                    db ? outputFill / offChipBandwidth / 2 : outputFill / offChipBandwidth
                let onChip = outstanding
                outstanding =
                    db
                    ? max(ingressOffChip, outstanding, egressOffChip)
                    : outstanding + ingressOffChip + egressOffChip
                if outstanding > onChip && (db || ingressOffChip + egressOffChip > onChip) {
                    bound = 2
                }
                var required = max(offChip, outputFill / max(computeDelay, 1))
                required = max(required, inputFill / max(computeDelay, 1))
                offChip = db ? required / 2 : required
            }
            runtime += c.occurrences * outstanding
            bounds[bound] += c.occurrences * outstanding
            if computeDelay == 0 { computeDelay = 1 }
            peak = max(peak, max(c.ingress, c.egress) / computeDelay)
            averageBandwidth += Double(c.occurrences * max(c.ingress, c.egress) / computeDelay)
            let delays: InlineArray<3, Int> = [ingressDelay, egressDelay, computeDelay]
            for k in 0..<3 {
                delaySums[k] += Double(c.occurrences * delays[k])
                delayMin[k] = min(delayMin[k], delays[k])
                delayMax[k] = max(delayMax[k], delays[k])
            }
            totalCases += c.occurrences
        }
        runtimes[index] = runtime
        if isTop {
            timing.runtime = runtime
            timing.peakBandwidth = peak
            timing.averageBandwidth = averageBandwidth / Double(totalCases)
            timing.offChipBandwidth = offChip
            timing.boundCycles = bounds
            for k in 0..<3 {
                let average = delaySums[k] / Double(totalCases)
                timing.delayMin[k] = totalCases > 0 ? delayMin[k] : 0
                timing.delayMax[k] = delayMax[k]
                // checked: a finite mean of Int delays
                timing.delayAverage[k] = average.isFinite ? Int(average) : 0
            }
        }
        return runtime
    }
}
