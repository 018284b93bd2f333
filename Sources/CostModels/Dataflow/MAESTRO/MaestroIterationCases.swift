/// Where one map stands in an iteration case (`DFA::IterationPosition`).
enum MaestroIterationPosition: Sendable, Hashable {
    case initial, steady, edge
}

/// One map's state in an iteration case (`DFA::IterationState`).
struct MaestroIterationState: Sendable, Hashable {
    var position: MaestroIterationPosition
    var occurrences: Int
    var isUnrolled: Bool
    var isInitialEdge: Bool
    /// In a spatial edge, whether the last active sub-cluster holds a partial map.
    var hasSpatialEdgeEdge: Bool

    /// `IterationState::IsEdge`.
    var isEdge: Bool { position == .edge || isInitialEdge }
}

/// One class of identical iterations of a cluster level (`DFA::IterationStatus`): a state per
/// map (in the level's map order) and how often the combination occurs.
struct MaestroIterationCase: Sendable {
    var states: [MaestroIterationState]
    var occurrences: Int

}

extension MaestroClusterLevel {
    /// `IterationStatus::isAllInit`: every dimension's state (the last map's, per dimension) is initial.
    func isAllInitial(_ c: MaestroIterationCase) -> Bool {
        stateIndex.allSatisfy { $0 < 0 || c.states[$0].position == .initial }
    }

    /// MAESTRO's `DFA::IterationAnalysis` for this level over `dimensions` (the sizes one
    /// sub-cluster of the level above holds in the case being analysed): each map's initial,
    /// steady and edge states, and every combination of them, in MAESTRO's enumeration order.
    func iterationCases(_ dimensions: [Int]) -> [MaestroIterationCase] {
        var perMap: [[MaestroIterationState]] = []
        perMap.reserveCapacity(maps.count)
        for map in maps {
            let dimensionSize = dimensions[map.dimension.rawValue], size = map.size, offset = map.offset
            var states: [MaestroIterationState] = []
            if !map.isSpatial {
                let isInitialEdge = dimensionSize < size
                states.append(MaestroIterationState(position: .initial, occurrences: 1, isUnrolled: dimensionSize <= size,
                                                    isInitialEdge: isInitialEdge, hasSpatialEdgeEdge: false))
                let steady = (dimensionSize - size) / offset
                if size < dimensionSize && steady > 0 {
                    states.append(MaestroIterationState(position: .steady, occurrences: steady, isUnrolled: false, isInitialEdge: false, hasSpatialEdgeEdge: false))
                }
                if !isInitialEdge && steady * offset + size < dimensionSize {
                    states.append(MaestroIterationState(position: .edge, occurrences: 1, isUnrolled: false, isInitialEdge: false, hasSpatialEdgeEdge: false))
                }
            } else {
                let clusters = subClusters
                let coverage = size + offset * (clusters - 1)
                let isInitialUnroll = dimensionSize <= coverage, isInitialEdge = dimensionSize < coverage
                states.append(MaestroIterationState(position: .initial, occurrences: 1, isUnrolled: isInitialUnroll,
                                                    isInitialEdge: isInitialEdge, hasSpatialEdgeEdge: isInitialEdge))
                let steady = ((dimensionSize - size) / offset + 1) / clusters - 1
                let hasEdge = !isInitialUnroll && (steady + 1) * (offset * clusters) + coverage > dimensionSize
                    && steady * (offset * clusters) + coverage != dimensionSize
                if coverage < dimensionSize && steady > 0 {
                    states.append(MaestroIterationState(position: .steady, occurrences: steady, isUnrolled: false, isInitialEdge: false, hasSpatialEdgeEdge: false))
                }
                let remaining = dimensionSize - (steady + 1) * offset * clusters
                let active = remaining < size ? 1 : (remaining - size) / offset + 1
                let edgeEdge = (active - 1) * offset + size < remaining
                if !isInitialEdge && hasEdge {
                    states.append(MaestroIterationState(position: .edge, occurrences: 1, isUnrolled: false, isInitialEdge: false, hasSpatialEdgeEdge: edgeEdge))
                }
            }
            perMap.append(states)
        }
        // IterationAnalysis::ConstructIterationStatusTable, including its counter update (a map's
        // state advances after a case whose number is a multiple of the maps after it).
        let counts = perMap.map(\.count)
        let total = counts.reduce(1, *)
        var frequency = [Int](repeating: 1, count: perMap.count)
        var running = 1
        for m in perMap.indices.reversed() {
            frequency[m] = running
            running *= counts[m]
        }
        var counters = [Int](repeating: 0, count: perMap.count)
        var cases: [MaestroIterationCase] = []
        cases.reserveCapacity(total)
        for caseNumber in 0..<total {
            var states: [MaestroIterationState] = []
            states.reserveCapacity(perMap.count)
            var occurrences = 1
            for m in perMap.indices {
                let state = perMap[m][counters[m]]
                states.append(state)
                occurrences *= state.occurrences
                if caseNumber % frequency[m] == 0 { counters[m] = counters[m] + 1 == counts[m] ? 0 : counters[m] + 1 }
            }
            cases.append(MaestroIterationCase(states: states, occurrences: occurrences))
        }
        return cases
    }
}
