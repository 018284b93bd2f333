/// Sizes (and strides) per dimension; `absent` where a table has no entry for the dimension.
struct MaestroDimensionSizes: Sendable {
    static let absent = -1
    var sizes = MaestroDimensionTable(repeating: MaestroDimensionSizes.absent)
    var strides = MaestroDimensionTable(repeating: 1)

    subscript(_ dimension: MaestroDimension) -> Int {
        get { sizes[dimension] }
        set { sizes[dimension] = newValue }
    }

    func has(_ dimension: MaestroDimension) -> Bool { sizes[dimension] != Self.absent }

    /// MAESTRO's `DimensionTable::AddDimension` is a `std::map::insert`: an existing entry stays.
    mutating func insert(_ dimension: MaestroDimension, _ size: Int, stride: Int = 1) {
        guard !has(dimension) else { return }
        sizes[dimension] = size
        strides[dimension] = stride
    }
}

/// One cluster level of a mapping after MAESTRO's cluster analysis (`DFA::ClusterUnit`): its
/// directives (input-centric, inherited and unrolled ones added, strides applied), the
/// dimension sizes a sub-cluster of the level above holds, the number of sub-clusters, and the
/// mapping sizes of MAESTRO's reuse analysis (`CA::ReuseAnalysis`, which depend only on these).
final class MaestroClusterLevel: @unchecked Sendable {
    static let maxMaps = 16

    let mapCount: Int
    let maps: InlineArray<16, MaestroMap>
    let tensors: MaestroTensors
    let dimensions: MaestroDimensionSizes
    /// `cluster_size_`: the sub-clusters (PEs at the innermost level) of one cluster of this level.
    let subClusters: Int
    /// `num_spatial_edge_clusters_`: sub-clusters active in a spatial edge iteration.
    let edgeSubClusters: Int
    /// The first map of each dimension (−1: none): MAESTRO's `FindDirective`.
    let mapIndex: UnsafeMutablePointer<Int>
    /// The last map of each dimension: the one whose iteration state MAESTRO's `GetIterState`
    /// returns (its state table is keyed by dimension, so a dimension mapped twice in one level,
    /// as in MAESTRO's own `Resnet50_rs.m`, keeps the later map's state).
    let stateIndex: UnsafeMutablePointer<Int>
    /// The first spatial map (the one MAESTRO takes as the level's parallelism).
    let firstSpatialIndex: Int

    /// Map indices as bit masks: all maps, the spatial ones, and per tensor the maps of its
    /// dimensions.
    let allMaps: Int
    let spatialMaps: Int
    let coupledMaps: UnsafeMutablePointer<Int>
    /// Each map's dimension (raw value), and the map whose state it reads (the last of its
    /// dimension).
    let mapDimension: UnsafeMutablePointer<Int>
    let mapState: UnsafeMutablePointer<Int>
    /// The output tensor's dimensions: their first maps, and the dimension each reads (X and Y as
    /// X', Y').
    let outputMaps: UnsafeMutablePointer<Int>
    let outputActual: UnsafeMutablePointer<Int>

    // ReuseAnalysis::AnalyzeInputMappingSizes / AnalyzeOutputMappingSizes, per dimension.
    let mapped: UnsafeMutablePointer<Int>
    let unique: UnsafeMutablePointer<Int>
    let mappedEdge: UnsafeMutablePointer<Int>
    let uniqueEdge: UnsafeMutablePointer<Int>
    /// One allocation holds the tables above (read through pointers: a table stored in the object
    /// would be copied whole for every entry read). Written once in `init`, freed in `deinit`.
    private let storage: UnsafeMutablePointer<Int>
    private static let storageSize = 11 * 6 + 3 + 16 * 2 + 6 * 2

    deinit { storage.deallocate() }

    init(
        maps list: MaestroMapList, tensors: MaestroTensors, dimensions: MaestroDimensionSizes,
        subClusters: Int, overlap: MaestroOverlap,
        line: Int
    ) throws(DataflowMappingError) {
        // Checks first (nothing is allocated yet).
        var firstSpatial = -1
        var spatialCount = 0
        for i in list.indices {
            guard dimensions.has(list[i].dimension) else {
                throw DataflowMappingError(
                    line: line,
                    message:
                        """
                        the dataflow maps \(list[i].dimension), which the layer does not have \
                        at this cluster level
                        """
                )
            }
            if list[i].isSpatial {
                if firstSpatial < 0 { firstSpatial = i }
                spatialCount += 1
            }
        }
        // ClusterUnit::AnalyzeSpatialMapIdx: one spatial map, or two (e.g. Y and R of a
        // row-stationary level).
        guard firstSpatial >= 0 else {
            throw DataflowMappingError(
                line: line,
                message: "a cluster level has no SpatialMap (MAESTRO needs one per level)")
        }
        guard spatialCount <= 2 else {
            throw DataflowMappingError(
                line: line,
                message:
                    "a cluster level has \(spatialCount) SpatialMaps (MAESTRO takes at most two)")
        }
        let storage = UnsafeMutablePointer<Int>.allocate(capacity: Self.storageSize)
        storage.initialize(repeating: 0, count: Self.storageSize)
        self.storage = storage
        var cursor = storage
        func table(_ count: Int) -> UnsafeMutablePointer<Int> {
            defer { cursor += count }
            return cursor
        }
        mapIndex = table(11)
        stateIndex = table(11)
        mapped = table(11)
        unique = table(11)
        mappedEdge = table(11)
        uniqueEdge = table(11)
        coupledMaps = table(3)
        mapDimension = table(16)
        mapState = table(16)
        outputMaps = table(6)
        outputActual = table(6)
        mapCount = list.count
        var maps = InlineArray<16, MaestroMap>(repeating: .none)
        for i in list.indices { maps[i] = list[i] }
        self.maps = maps
        self.tensors = tensors
        self.dimensions = dimensions
        self.subClusters = subClusters
        var mapIndex = MaestroDimensionTable(repeating: -1)
        var stateIndex = MaestroDimensionTable(repeating: -1)
        for i in list.indices {
            let map = list[i]
            if mapIndex[map.dimension] < 0 { mapIndex[map.dimension] = i }
            stateIndex[map.dimension] = i
        }
        for d in 0..<11 {
            self.mapIndex[d] = mapIndex[d]
            self.stateIndex[d] = stateIndex[d]
        }
        var spatialMaps = 0
        var coupledMaps = InlineArray<3, Int>(repeating: 0)
        var mapDimension = InlineArray<16, Int>(repeating: 0)
        var mapState = InlineArray<16, Int>(repeating: 0)
        for i in list.indices {
            mapDimension[i] = list[i].dimension.rawValue
            mapState[i] = stateIndex[list[i].dimension]
            if list[i].isSpatial { spatialMaps |= 1 << i }
            for t in 0..<3 where tensors.isCoupled(t, list[i].dimension) {
                coupledMaps[t] |= 1 << i
            }
        }
        allMaps = (1 << list.count) - 1
        self.spatialMaps = spatialMaps
        for t in 0..<3 { self.coupledMaps[t] = coupledMaps[t] }
        for m in 0..<16 {
            self.mapDimension[m] = mapDimension[m]
            self.mapState[m] = mapState[m]
        }
        var outputMaps = InlineArray<6, Int>(repeating: 0)
        var outputActual = InlineArray<6, Int>(repeating: 0)
        for i in 0..<tensors.count[MaestroTensors.output] {
            let dimension = tensors.coupled[MaestroTensors.output][i]
            outputMaps[i] = mapIndex[dimension]
            outputActual[i] =
                (dimension == .Y
                ? MaestroDimension.outputY : dimension == .X ? .outputX : dimension).rawValue
        }
        for i in 0..<6 {
            self.outputMaps[i] = outputMaps[i]
            self.outputActual[i] = outputActual[i]
        }
        let first = firstSpatial
        firstSpatialIndex = first

        // ClusterUnit::AnalyzeSpatialEdgeCase (only num_spatial_edge_clusters_ is used later).
        let spatialMap = list[first]
        let spatialSize = dimensions[spatialMap.dimension]
        let mapSize = spatialMap.size
        let mapOffset = spatialMap.offset
        let fullCoverage = mapOffset * (subClusters - 1) + mapSize
        var edgeClusters: Int
        if spatialSize > fullCoverage {
            let steady = ((spatialSize - mapSize) / mapOffset + 1) / subClusters - 1
            let remaining = spatialSize - (steady + 1) * mapOffset * subClusters
            edgeClusters = remaining < mapSize ? 1 : (remaining - mapSize) / mapOffset + 1
        } else if spatialSize > mapSize {
            edgeClusters = (spatialSize - mapSize) / mapOffset + 1
            if mapOffset * (edgeClusters - 1) + mapSize < spatialSize { edgeClusters += 1 }
        } else {
            edgeClusters = 1
        }
        edgeSubClusters = edgeClusters

        var mapped = MaestroDimensionTable(repeating: 0)
        var unique = mapped
        var mappedEdge = mapped
        var uniqueEdge = mapped
        // ReuseAnalysis::AnalyzeInputMappingSizes (std::map operator[] gives 0 where nothing is
        // set; a dimension mapped twice keeps the later map's sizes).
        for i in list.indices {
            let map = list[i]
            let d = map.dimension.rawValue
            let size = map.size
            let offset = map.offset
            let dimensionSize = dimensions.sizes[d]
            let steady = max((dimensionSize - size) / offset, 0)
            let hasEdge = steady * offset + size < dimensionSize || size > dimensionSize
            mapped[d] = size
            unique[d] = min(size, offset)
            if !map.isSpatial && dimensionSize <= size { unique[d] = 0 }
            var edgeSize = dimensionSize - (steady + 1) * offset
            if edgeSize < 0 { edgeSize = dimensionSize }
            mappedEdge[d] = hasEdge ? edgeSize : size
            uniqueEdge[d] = max(offset - (size - edgeSize), 0)
        }
        // ReuseAnalysis::AnalyzeOutputMappingSizes: Y' and X' from the input rows/columns and the
        // filter.
        for i in list.indices where overlap.isReference(list[i].dimension) {
            let map = list[i]
            let sliding = overlap.counterpart(map.dimension).rawValue
            let output = (map.dimension == .Y ? MaestroDimension.outputY : .outputX).rawValue
            let d = map.dimension.rawValue
            mapped[output] = mapped[d] - mapped[sliding] + 1
            unique[output] = min(map.offset, map.size)
            mappedEdge[output] = mappedEdge[d] - mappedEdge[sliding] + 1
            uniqueEdge[output] = min(map.offset, mappedEdge[output])
        }
        for d in 0..<11 {
            self.mapped[d] = mapped[d]
            self.unique[d] = unique[d]
            self.mappedEdge[d] = mappedEdge[d]
            self.uniqueEdge[d] = uniqueEdge[d]
        }
    }

}
