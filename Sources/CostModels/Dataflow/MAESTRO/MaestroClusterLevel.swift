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
            throw DataflowMappingError(line: line, message: "a cluster level has more than \(MaestroClusterLevel.maxMaps) maps")
        }
        maps.append(map)
    }

    mutating func prepend(_ map: MaestroMap, line: Int) throws(DataflowMappingError) {
        guard maps.count < MaestroClusterLevel.maxMaps else {
            throw DataflowMappingError(line: line, message: "a cluster level has more than \(MaestroClusterLevel.maxMaps) maps")
        }
        maps.insert(map, at: 0)
    }

    func firstIndex(of dimension: MaestroDimension) -> Int? { maps.firstIndex { $0.dimension == dimension } }
    func lastIndex(of dimension: MaestroDimension) -> Int? { maps.lastIndex { $0.dimension == dimension } }
    func contains(_ dimension: MaestroDimension) -> Bool { maps.contains { $0.dimension == dimension } }
}

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

/// The tensors of a layer and the dimensions each is indexed by, in MAESTRO's order
/// (`APIV2::ConfigConvTensors`): input, filter (weight), output.
struct MaestroTensors: Sendable {
    static let input = 0, filter = 1, output = 2
    static let names = ["input", "filter", "output"]
    static let maxCoupled = 6

    /// Per tensor, its dimensions in MAESTRO's list order (`count[t]` of them).
    var coupled: InlineArray<3, InlineArray<6, MaestroDimension>>
    var count: InlineArray<3, Int>
    var masks: InlineArray<3, Int>

    init(_ type: MaestroLayer.LayerType, batch: Bool) {
        let lists: [[MaestroDimension]]
        switch type {
        case .conv: lists = batch ? [[.N, .C, .Y, .X], [.K, .C, .R, .S], [.N, .K, .Y, .X]] : [[.C, .Y, .X], [.K, .C, .R, .S], [.K, .Y, .X]]
        case .dsconv: lists = batch ? [[.N, .C, .Y, .X], [.C, .R, .S], [.N, .C, .Y, .X]] : [[.C, .Y, .X], [.C, .R, .S], [.C, .Y, .X]]
        case .ngconv: lists = batch ? [[.N, .G, .C, .Y, .X], [.G, .K, .C, .R, .S], [.N, .G, .K, .C, .Y, .X]] : [[.G, .C, .Y, .X], [.G, .K, .C, .R, .S], [.G, .K, .C, .Y, .X]]
        case .gemm: lists = [[.M, .K], [.K, .N], [.M, .N]]
        }
        coupled = InlineArray(repeating: InlineArray(repeating: .C))
        count = InlineArray(repeating: 0)
        masks = InlineArray(repeating: 0)
        for t in 0..<3 {
            for (i, d) in lists[t].enumerated() { coupled[t][i] = d }
            count[t] = lists[t].count
            masks[t] = lists[t].reduce(0) { $0 | (1 << $1.rawValue) }
        }
    }

    @inline(__always)
    func isCoupled(_ tensor: Int, _ dimension: MaestroDimension) -> Bool { masks[tensor] & (1 << dimension.rawValue) != 0 }

    func dimensions(_ tensor: Int) -> [MaestroDimension] { (0..<count[tensor]).map { coupled[tensor][$0] } }

    /// The sorted, de-duplicated dimensions of the input and filter tensors
    /// (`ClusterAnalysis::GetInputTensorVars`).
    var inputVariables: [MaestroDimension] {
        MaestroDimension.allCases.filter { isCoupled(Self.input, $0) || isCoupled(Self.filter, $0) }
    }
}

/// How rows and columns slide over the filter (`APIV2::ConfigConvOverlapDimensions`): `Y` is
/// the reference dimension of the sliding `R`, `X` of `S`; a GEMM has no overlap.
struct MaestroOverlap: Sendable, Hashable {
    var isConvolution: Bool

    @inline(__always) func isOverlapped(_ d: MaestroDimension) -> Bool { isConvolution && (d == .Y || d == .X || d == .R || d == .S) }
    @inline(__always) func isReference(_ d: MaestroDimension) -> Bool { isConvolution && (d == .Y || d == .X) }
    func counterpart(_ d: MaestroDimension) -> MaestroDimension {
        switch d {
        case .Y: return .R
        case .R: return .Y
        case .X: return .S
        case .S: return .X
        default: return d
        }
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

    /// Map indices as bit masks: all maps, the spatial ones, and per tensor the maps of its dimensions.
    let allMaps: Int
    let spatialMaps: Int
    let coupledMaps: UnsafeMutablePointer<Int>
    /// Each map's dimension (raw value), and the map whose state it reads (the last of its dimension).
    let mapDimension: UnsafeMutablePointer<Int>
    let mapState: UnsafeMutablePointer<Int>
    /// The output tensor's dimensions: their first maps, and the dimension each reads (X and Y as X', Y').
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

    init(maps list: MaestroMapList, tensors: MaestroTensors, dimensions: MaestroDimensionSizes, subClusters: Int, overlap: MaestroOverlap,
         line: Int) throws(DataflowMappingError) {
        // Checks first (nothing is allocated yet).
        var firstSpatial = -1, spatialCount = 0
        for i in list.indices {
            guard dimensions.has(list[i].dimension) else {
                throw DataflowMappingError(line: line, message: "the dataflow maps \(list[i].dimension), which the layer does not have at this cluster level")
            }
            if list[i].isSpatial {
                if firstSpatial < 0 { firstSpatial = i }
                spatialCount += 1
            }
        }
        // ClusterUnit::AnalyzeSpatialMapIdx: one spatial map, or two (e.g. Y and R of a row-stationary level).
        guard firstSpatial >= 0 else {
            throw DataflowMappingError(line: line, message: "a cluster level has no SpatialMap (MAESTRO needs one per level)")
        }
        guard spatialCount <= 2 else {
            throw DataflowMappingError(line: line, message: "a cluster level has \(spatialCount) SpatialMaps (MAESTRO takes at most two)")
        }
        let storage = UnsafeMutablePointer<Int>.allocate(capacity: Self.storageSize)
        storage.initialize(repeating: 0, count: Self.storageSize)
        self.storage = storage
        var cursor = storage
        func table(_ count: Int) -> UnsafeMutablePointer<Int> { defer { cursor += count }; return cursor }
        mapIndex = table(11); stateIndex = table(11); mapped = table(11); unique = table(11); mappedEdge = table(11); uniqueEdge = table(11)
        coupledMaps = table(3); mapDimension = table(16); mapState = table(16); outputMaps = table(6); outputActual = table(6)
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
        for d in 0..<11 { self.mapIndex[d] = mapIndex[d]; self.stateIndex[d] = stateIndex[d] }
        var spatialMaps = 0, coupledMaps = InlineArray<3, Int>(repeating: 0), mapDimension = InlineArray<16, Int>(repeating: 0)
        var mapState = InlineArray<16, Int>(repeating: 0)
        for i in list.indices {
            mapDimension[i] = list[i].dimension.rawValue
            mapState[i] = stateIndex[list[i].dimension]
            if list[i].isSpatial { spatialMaps |= 1 << i }
            for t in 0..<3 where tensors.isCoupled(t, list[i].dimension) { coupledMaps[t] |= 1 << i }
        }
        allMaps = (1 << list.count) - 1
        self.spatialMaps = spatialMaps
        for t in 0..<3 { self.coupledMaps[t] = coupledMaps[t] }
        for m in 0..<16 { self.mapDimension[m] = mapDimension[m]; self.mapState[m] = mapState[m] }
        var outputMaps = InlineArray<6, Int>(repeating: 0), outputActual = InlineArray<6, Int>(repeating: 0)
        for i in 0..<tensors.count[MaestroTensors.output] {
            let dimension = tensors.coupled[MaestroTensors.output][i]
            outputMaps[i] = mapIndex[dimension]
            outputActual[i] = (dimension == .Y ? MaestroDimension.outputY : dimension == .X ? .outputX : dimension).rawValue
        }
        for i in 0..<6 { self.outputMaps[i] = outputMaps[i]; self.outputActual[i] = outputActual[i] }
        let first = firstSpatial
        firstSpatialIndex = first

        // ClusterUnit::AnalyzeSpatialEdgeCase (only num_spatial_edge_clusters_ is used later).
        let spatialMap = list[first]
        let spatialSize = dimensions[spatialMap.dimension]
        let mapSize = spatialMap.size, mapOffset = spatialMap.offset
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

        var mapped = MaestroDimensionTable(repeating: 0), unique = mapped, mappedEdge = mapped, uniqueEdge = mapped
        // ReuseAnalysis::AnalyzeInputMappingSizes (std::map operator[] gives 0 where nothing is set;
        // a dimension mapped twice keeps the later map's sizes).
        for i in list.indices {
            let map = list[i]
            let d = map.dimension.rawValue, size = map.size, offset = map.offset, dimensionSize = dimensions.sizes[d]
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
        // ReuseAnalysis::AnalyzeOutputMappingSizes: Y' and X' from the input rows/columns and the filter.
        for i in list.indices where overlap.isReference(list[i].dimension) {
            let map = list[i]
            let sliding = overlap.counterpart(map.dimension).rawValue
            let output = (map.dimension == .Y ? MaestroDimension.outputY : .outputX).rawValue, d = map.dimension.rawValue
            mapped[output] = mapped[d] - mapped[sliding] + 1
            unique[output] = min(map.offset, map.size)
            mappedEdge[output] = mappedEdge[d] - mappedEdge[sliding] + 1
            uniqueEdge[output] = min(map.offset, mappedEdge[output])
        }
        for d in 0..<11 { self.mapped[d] = mapped[d]; self.unique[d] = unique[d]; self.mappedEdge[d] = mappedEdge[d]; self.uniqueEdge[d] = uniqueEdge[d] }
    }

}

/// A layer's mapping after MAESTRO's cluster analysis (`DFA::ClusterAnalysis`), outermost level
/// first, ready for the cost analysis on any NoC.
struct MaestroClusters: Sendable {
    var levels: [MaestroClusterLevel]
    var tensors: MaestroTensors
    var overlap: MaestroOverlap
    /// The full layer's dimensions (with Y' and X').
    var layerDimensions: MaestroDimensionSizes
    /// PEs the mapping uses (`uppermost_cluster_unit_size × ⌊PEs / that⌋`).
    var activePEs: Int

    init(layer: MaestroLayer, processingElements: Int) throws(DataflowMappingError) {
        if let problem = layer.problem { throw DataflowMappingError(line: layer.line, message: "layer \(layer.name): \(problem)") }
        guard processingElements >= 1 else { throw DataflowMappingError(line: 0, message: "the PE count must be at least 1, got \(processingElements)") }
        let overlap = MaestroOverlap(isConvolution: layer.type.isConvolution)
        let tensors = MaestroTensors(layer.type, batch: layer.size(.N) != nil)
        self.tensors = tensors
        self.overlap = overlap

        // APIV2::ConstructConvDimensionTable: the layer's dimensions, and Y' = Y − R + 1, X' = X − S + 1.
        var full = MaestroDimensionSizes()
        for dimension in layer.dimensions { full.insert(dimension.name, dimension.size, stride: dimension.stride) }
        if overlap.isConvolution {
            full.insert(.outputX, full[.X] - full[.S] + 1, stride: full.strides[.X])
            full.insert(.outputY, full[.Y] - full[.R] + 1, stride: full.strides[.Y])
        }
        layerDimensions = full

        // Resolve the block (MAESTRO's parser resolves Sz() against the layer's dimensions, and stops
        // on a temporal map of R or S that does not cover the whole filter).
        func resolve(_ size: DataflowSize, line: Int) throws(DataflowMappingError) -> Int {
            switch size {
            case .value(let value): return value
            case .sizeOf(let dimension):
                guard let value = layer.size(dimension) else {
                    throw DataflowMappingError(line: line, message: "Sz(\(dimension)): layer \(layer.name) has no dimension \(dimension)")
                }
                return value
            }
        }
        let directives = layer.dataflow.directives, lines = layer.dataflow.lines
        // ClusterAnalysis::AnalyzeClusterStructure: the PEs the clusters use, and a last Cluster
        // (of the innermost size) that closes the innermost level.
        var uppermost = 1, innermostSize = processingElements
        for (directive, line) in zip(directives, lines) {
            guard case .cluster(let size, _) = directive else { continue }
            let value = try resolve(size, line: line)
            let (product, overflow) = uppermost.multipliedReportingOverflow(by: value)
            guard !overflow, product <= 1 << 40 else { throw DataflowMappingError(line: layer.line, message: "the Cluster sizes multiply to more than any PE count") }
            uppermost = product
            innermostSize = value
        }
        let unitClusters = uppermost * (processingElements / uppermost)
        guard unitClusters > 0 else {
            throw DataflowMappingError(line: layer.line, message: "the dataflow's clusters need at least \(uppermost) PEs (the product of its Cluster sizes), got \(processingElements)")
        }
        activePEs = unitClusters

        var inputVariables = 0
        for t in MaestroTensors.input...MaestroTensors.filter { inputVariables |= tensors.masks[t] }
        var levels: [MaestroClusterLevel] = []
        levels.reserveCapacity(4)
        var levelMaps = MaestroMapList()
        var previousMaps: MaestroMapList?
        var dimensions = full
        var lastClusterSize = unitClusters
        var levelLine = lines.first ?? layer.line
        for position in 0...directives.count {
            let line = position < lines.count ? lines[position] : (lines.last ?? layer.line)
            let clusterSize: Int
            if position < directives.count {
                switch directives[position] {
                case .spatialMap(let size, let offset, let dimension), .temporalMap(let size, let offset, let dimension):
                    let isSpatial: Bool
                    if case .spatialMap = directives[position] { isSpatial = true } else { isSpatial = false }
                    let map = MaestroMap(isSpatial: isSpatial, size: try resolve(size, line: line), offset: try resolve(offset, line: line), dimension: dimension)
                    if !isSpatial, dimension == .R || dimension == .S {
                        if map.size != map.offset {
                            throw DataflowMappingError(line: line, message: "TemporalMap of \(dimension): the size (\(map.size)) must equal the offset (\(map.offset)) (MAESTRO stops here)")
                        }
                        if let whole = layer.size(dimension), whole != map.size {
                            throw DataflowMappingError(line: line, message: "TemporalMap of \(dimension): the size (\(map.size)) must equal the dimension's size (\(whole)) (MAESTRO stops here)")
                        }
                    }
                    if levelMaps.isEmpty { levelLine = line }
                    try levelMaps.append(map, line: line)
                    continue
                case .cluster(let size, _):
                    clusterSize = try resolve(size, line: line)
                }
            } else {
                clusterSize = innermostSize
            }
            let isTop = levels.isEmpty
            try Self.convertToInputCentric(&levelMaps, line: levelLine)
            // InheritMissingDirectives: the level above's maps, each put in front (so in reverse order).
            if let previousMaps {
                for i in previousMaps.indices where !levelMaps.contains(previousMaps[i].dimension) {
                    let upper = previousMaps[i]
                    try levelMaps.prepend(MaestroMap(isSpatial: false, size: upper.size, offset: upper.offset, dimension: upper.dimension), line: levelLine)
                }
            }
            // UnrollMissingDirectives: every input-tensor dimension not mapped is taken whole.
            for variable in MaestroDimension.allCases where inputVariables & (1 << variable.rawValue) != 0 && !levelMaps.contains(variable) && dimensions.has(variable) {
                try levelMaps.append(MaestroMap(isSpatial: false, size: dimensions[variable], offset: dimensions[variable], dimension: variable), line: levelLine)
            }
            // ApplyOuterStride (which writes the first map of the dimension).
            for i in levelMaps.indices {
                let variable = levelMaps[i].dimension
                guard dimensions.has(variable) else {
                    throw DataflowMappingError(line: levelLine, message: "the dataflow maps \(variable), which layer \(layer.name) does not have at cluster level \(levels.count) (MAESTRO stops here)")
                }
                let stride = dimensions.strides[variable]
                guard overlap.isReference(variable), stride != 1 else { continue }
                let slidingSize = full[overlap.counterpart(variable)]
                let mapSize = levelMaps[i].size
                if mapSize >= slidingSize, let first = levelMaps.firstIndex(of: variable) {
                    let outputMapSize = (mapSize + stride - slidingSize) / stride
                    levelMaps[first].size = outputMapSize * min(stride, slidingSize) + max(slidingSize - stride, 0)
                    levelMaps[first].offset = !isTop && slidingSize < stride ? outputMapSize * slidingSize : outputMapSize * stride
                }
            }
            let subClusters = isTop ? unitClusters / uppermost : lastClusterSize
            lastClusterSize = clusterSize
            // ClusterUnit's constructor: DirectiveTable::ConvertToInputCentric on what is left.
            let sizeS = levelMaps.lastIndex(of: .S).map { levelMaps[$0].size } ?? 0
            let sizeR = levelMaps.lastIndex(of: .R).map { levelMaps[$0].size } ?? 0
            for i in levelMaps.indices {
                if levelMaps[i].dimension == .outputX { levelMaps[i].dimension = .X; levelMaps[i].size += sizeS - 1 }
                else if levelMaps[i].dimension == .outputY { levelMaps[i].dimension = .Y; levelMaps[i].size += sizeR - 1 }
            }
            for i in levelMaps.indices where levelMaps[i].size < 1 || levelMaps[i].offset < 1 {
                throw DataflowMappingError(line: levelLine, message: "the map of \(levelMaps[i].dimension) at cluster level \(levels.count) comes out as (\(levelMaps[i].size), \(levelMaps[i].offset)); sizes and offsets must be at least 1")
            }
            levels.append(try MaestroClusterLevel(maps: levelMaps, tensors: tensors, dimensions: dimensions, subClusters: subClusters, overlap: overlap, line: levelLine))
            // ConstructLowerClusterDimensionTable: a sub-cluster holds at most one map's worth of each input dimension.
            var lower = MaestroDimensionSizes()
            for variable in MaestroDimension.allCases where inputVariables & (1 << variable.rawValue) != 0 {
                guard let first = levelMaps.firstIndex(of: variable) else { continue }
                lower.insert(variable, min(levelMaps[first].size, dimensions[variable]), stride: dimensions.strides[variable])
            }
            dimensions = lower
            previousMaps = levelMaps
            levelMaps = MaestroMapList()
            levelLine = line
        }
        self.levels = levels
    }

    /// ClusterAnalysis::ConvertToInputCentric: a level that maps X' (Y') but not X (Y) maps
    /// X = X' + S − 1 columns instead, S being this level's map of S.
    static func convertToInputCentric(_ maps: inout MaestroMapList, line: Int) throws(DataflowMappingError) {
        for (output, input, filter) in [(MaestroDimension.outputX, MaestroDimension.X, MaestroDimension.S), (.outputY, .Y, .R)] {
            guard !maps.contains(input), let last = maps.lastIndex(of: output), let first = maps.firstIndex(of: output) else { continue }
            guard let filterMap = maps.lastIndex(of: filter) else {
                throw DataflowMappingError(line: line, message: "a level that maps \(output) must map \(filter) too (MAESTRO converts \(output) to \(input) = \(output) + \(filter) − 1)")
            }
            maps[first].dimension = input
            maps[first].size = maps[last].size + maps[filterMap].size - 1
        }
    }
}
