/// A directive with its sizes resolved to numbers (a cluster level holds only maps).
struct MaestroMap: Sendable, Hashable {
    var isSpatial: Bool
    var size: Int
    var offset: Int
    var dimension: MaestroDimension

    static let none = MaestroMap(isSpatial: false, size: 0, offset: 0, dimension: .C)
}

/// The maps of one cluster level while it is built (at most ``MaestroClusterLevel/maxMaps``).
struct MaestroMapList: Sendable {
    var maps: ContiguousArray<MaestroMap> = {
        var maps = ContiguousArray<MaestroMap>()
        maps.reserveCapacity(MaestroClusterLevel.maxMaps)
        return maps
    }()

    var count: Int { maps.count }
    var isEmpty: Bool { maps.isEmpty }
    var indices: Range<Int> { maps.indices }
    subscript(_ i: Int) -> MaestroMap {
        get { maps[i] }
        set { maps[i] = newValue }
    }

    mutating func append(_ map: MaestroMap, line: Int) throws(DataflowMappingError) {
        guard maps.count < MaestroClusterLevel.maxMaps else {
            throw DataflowMappingError(
                line: line,
                message: "a cluster level has more than \(MaestroClusterLevel.maxMaps) maps")
        }
        maps.append(map)
    }

    mutating func prepend(_ map: MaestroMap, line: Int) throws(DataflowMappingError) {
        guard maps.count < MaestroClusterLevel.maxMaps else {
            throw DataflowMappingError(
                line: line,
                message: "a cluster level has more than \(MaestroClusterLevel.maxMaps) maps")
        }
        maps.insert(map, at: 0)
    }

    func firstIndex(of dimension: MaestroDimension) -> Int? {
        maps.firstIndex { $0.dimension == dimension }
    }
    func lastIndex(of dimension: MaestroDimension) -> Int? {
        maps.lastIndex { $0.dimension == dimension }
    }
    func contains(_ dimension: MaestroDimension) -> Bool {
        maps.contains { $0.dimension == dimension }
    }
}
