/// Where one map stands in an iteration case (`DFA::IterationPosition`).
enum MaestroIterationPosition: UInt8, Sendable, Hashable {
    case initial, steady, edge
}

/// One map's state in an iteration case (`DFA::IterationState`), packed in a byte: the position
/// and MAESTRO's three flags.
struct MaestroIterationState: Sendable, Hashable {
    private var bits: UInt8

    init(
        position: MaestroIterationPosition, isUnrolled: Bool, isInitialEdge: Bool,
        hasSpatialEdgeEdge: Bool
    ) {
        bits =
            position.rawValue | (isUnrolled ? 4 : 0) | (isInitialEdge ? 8 : 0)
            | (hasSpatialEdgeEdge ? 16 : 0)
    }

    static let none = MaestroIterationState(
        position: .initial, isUnrolled: false, isInitialEdge: false, hasSpatialEdgeEdge: false)

    @inline(__always) var position: MaestroIterationPosition {
        MaestroIterationPosition(rawValue: bits & 3) ?? .initial
    }
    @inline(__always) var isUnrolled: Bool { bits & 4 != 0 }
    @inline(__always) var isInitialEdge: Bool { bits & 8 != 0 }
    /// In a spatial edge, whether the last active sub-cluster holds a partial map.
    @inline(__always) var hasSpatialEdgeEdge: Bool { bits & 16 != 0 }
    /// `IterationState::IsEdge`.
    @inline(__always) var isEdge: Bool {
        bits & 3 == MaestroIterationPosition.edge.rawValue || bits & 8 != 0
    }
}

/// One class of identical iterations of a cluster level (`DFA::IterationStatus`): a state per
/// map (in the level's map order) and how often the combination occurs.
struct MaestroIterationCase: Sendable {
    var states = InlineArray<16, MaestroIterationState>(repeating: .none)
    var occurrences = 1
}

/// MAESTRO's `DFA::IterationAnalysis` of one cluster level over the dimension sizes one
/// sub-cluster of the level above holds: each map's initial, steady and edge states, and every
/// combination of them in MAESTRO's enumeration order (`ConstructIterationStatusTable`, including
/// its counter update: a map's state advances after a case whose number is a multiple of the
/// number of combinations of the maps after it).
struct MaestroIterationCases: Sendable, Sequence, IteratorProtocol {
    private var perMap = InlineArray<16, InlineArray<3, MaestroIterationState>>(
        repeating: InlineArray(repeating: .none))
    private var perMapOccurrences = InlineArray<16, InlineArray<3, Int>>(
        repeating: InlineArray(repeating: 1))
    private var counts = InlineArray<16, Int>(repeating: 1)
    private var frequency = InlineArray<16, Int>(repeating: 1)
    private var counters = InlineArray<16, Int>(repeating: 0)
    private let mapCount: Int
    private(set) var total = 1
    private var caseNumber = 0

    init(_ level: MaestroClusterLevel, dimensions: MaestroDimensionTable) {
        mapCount = level.mapCount
        for m in 0..<mapCount {
            let map = level.maps[m]
            let dimensionSize = dimensions[map.dimension]
            let size = map.size
            let offset = map.offset
            var n = 0
            if !map.isSpatial {
                let isInitialEdge = dimensionSize < size
                perMap[m][n] = MaestroIterationState(
                    position: .initial, isUnrolled: dimensionSize <= size,
                    isInitialEdge: isInitialEdge,
                    hasSpatialEdgeEdge: false)
                perMapOccurrences[m][n] = 1
                n += 1
                let steady = (dimensionSize - size) / offset
                if size < dimensionSize && steady > 0 {
                    perMap[m][n] = MaestroIterationState(
                        position: .steady, isUnrolled: false, isInitialEdge: false,
                        hasSpatialEdgeEdge: false)
                    perMapOccurrences[m][n] = steady
                    n += 1
                }
                if !isInitialEdge && steady * offset + size < dimensionSize {
                    perMap[m][n] = MaestroIterationState(
                        position: .edge, isUnrolled: false, isInitialEdge: false,
                        hasSpatialEdgeEdge: false)
                    perMapOccurrences[m][n] = 1
                    n += 1
                }
            } else {
                let clusters = level.subClusters
                let coverage = size + offset * (clusters - 1)
                let isInitialUnroll = dimensionSize <= coverage
                let isInitialEdge = dimensionSize < coverage
                perMap[m][n] = MaestroIterationState(
                    position: .initial, isUnrolled: isInitialUnroll, isInitialEdge: isInitialEdge,
                    hasSpatialEdgeEdge: isInitialEdge)
                perMapOccurrences[m][n] = 1
                n += 1
                let steady = ((dimensionSize - size) / offset + 1) / clusters - 1
                let hasEdge =
                    !isInitialUnroll
                    && (steady + 1) * (offset * clusters) + coverage > dimensionSize
                    && steady * (offset * clusters) + coverage != dimensionSize
                if coverage < dimensionSize && steady > 0 {
                    perMap[m][n] = MaestroIterationState(
                        position: .steady, isUnrolled: false, isInitialEdge: false,
                        hasSpatialEdgeEdge: false)
                    perMapOccurrences[m][n] = steady
                    n += 1
                }
                let remaining = dimensionSize - (steady + 1) * offset * clusters
                let active = remaining < size ? 1 : (remaining - size) / offset + 1
                if !isInitialEdge && hasEdge {
                    perMap[m][n] = MaestroIterationState(
                        position: .edge, isUnrolled: false, isInitialEdge: false,
                        hasSpatialEdgeEdge: (active - 1) * offset + size < remaining)
                    perMapOccurrences[m][n] = 1
                    n += 1
                }
            }
            counts[m] = n
        }
        var running = 1
        for m in stride(from: mapCount - 1, through: 0, by: -1) {
            frequency[m] = running
            running *= counts[m]
        }
        total = running
    }

    mutating func next() -> MaestroIterationCase? {
        guard caseNumber < total else { return nil }
        var c = MaestroIterationCase()
        var occurrences = 1
        for m in 0..<mapCount {
            c.states[m] = perMap[m][counters[m]]
            occurrences *= perMapOccurrences[m][counters[m]]
            if caseNumber % frequency[m] == 0 {
                counters[m] = counters[m] + 1 == counts[m] ? 0 : counters[m] + 1
            }
        }
        c.occurrences = occurrences
        caseNumber += 1
        return c
    }
}
