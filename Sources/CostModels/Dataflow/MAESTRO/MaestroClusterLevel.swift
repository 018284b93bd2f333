/// A directive with its sizes resolved to numbers (a cluster level holds only maps).
struct MaestroMap: Sendable, Hashable {
    var isSpatial: Bool
    var size: Int
    var offset: Int
    var dimension: MaestroDimension
}

/// Sizes (and strides) per dimension; `absent` where a table has no entry for the dimension.
struct MaestroDimensionSizes: Sendable, Hashable {
    static let absent = -1
    var sizes = [Int](repeating: MaestroDimensionSizes.absent, count: MaestroDimension.count)
    var strides = [Int](repeating: 1, count: MaestroDimension.count)

    subscript(_ dimension: MaestroDimension) -> Int {
        get { sizes[dimension.rawValue] }
        set { sizes[dimension.rawValue] = newValue }
    }

    func has(_ dimension: MaestroDimension) -> Bool { sizes[dimension.rawValue] != Self.absent }

    /// MAESTRO's `DimensionTable::AddDimension` is a `std::map::insert`: an existing entry stays.
    mutating func insert(_ dimension: MaestroDimension, _ size: Int, stride: Int = 1) {
        guard !has(dimension) else { return }
        sizes[dimension.rawValue] = size
        strides[dimension.rawValue] = stride
    }
}

/// The tensors of a layer and the dimensions each is indexed by, in MAESTRO's order
/// (`APIV2::ConfigConvTensors`): input, filter (weight), output.
struct MaestroTensors: Sendable, Hashable {
    /// Input, filter, output.
    var coupled: [[MaestroDimension]]
    var masks: [Int]

    static let input = 0, filter = 1, output = 2
    static let names = ["input", "filter", "output"]

    init(_ type: MaestroLayer.LayerType, batch: Bool) {
        switch type {
        case .conv: coupled = batch ? [[.N, .C, .Y, .X], [.K, .C, .R, .S], [.N, .K, .Y, .X]] : [[.C, .Y, .X], [.K, .C, .R, .S], [.K, .Y, .X]]
        case .dsconv: coupled = batch ? [[.N, .C, .Y, .X], [.C, .R, .S], [.N, .C, .Y, .X]] : [[.C, .Y, .X], [.C, .R, .S], [.C, .Y, .X]]
        case .ngconv: coupled = batch ? [[.N, .G, .C, .Y, .X], [.G, .K, .C, .R, .S], [.N, .G, .K, .C, .Y, .X]] : [[.G, .C, .Y, .X], [.G, .K, .C, .R, .S], [.G, .K, .C, .Y, .X]]
        case .gemm: coupled = [[.M, .K], [.K, .N], [.M, .N]]
        }
        masks = coupled.map { $0.reduce(0) { $0 | (1 << $1.rawValue) } }
    }

    func isCoupled(_ tensor: Int, _ dimension: MaestroDimension) -> Bool { masks[tensor] & (1 << dimension.rawValue) != 0 }

    /// The sorted, de-duplicated dimensions of the input and filter tensors
    /// (`ClusterAnalysis::GetInputTensorVars`).
    var inputVariables: [MaestroDimension] { Set(coupled[0] + coupled[1]).sorted() }
}

/// How rows and columns slide over the filter (`APIV2::ConfigConvOverlapDimensions`): `Y` is
/// the reference dimension of the sliding `R`, `X` of `S`; a GEMM has no overlap.
struct MaestroOverlap: Sendable, Hashable {
    var isConvolution: Bool

    func isOverlapped(_ d: MaestroDimension) -> Bool { isConvolution && (d == .Y || d == .X || d == .R || d == .S) }
    func isSliding(_ d: MaestroDimension) -> Bool { isConvolution && (d == .R || d == .S) }
    func isReference(_ d: MaestroDimension) -> Bool { isConvolution && (d == .Y || d == .X) }
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
struct MaestroClusterLevel: Sendable {
    var maps: [MaestroMap]
    var dimensions: MaestroDimensionSizes
    /// `cluster_size_`: the sub-clusters (PEs at the innermost level) of one cluster of this level.
    var subClusters: Int
    /// `num_spatial_edge_clusters_`: sub-clusters active in a spatial edge iteration.
    var edgeSubClusters: Int
    /// The first map of each dimension (−1: none): MAESTRO's `FindDirective`.
    var mapIndex: [Int]
    /// The last map of each dimension: the one whose iteration state MAESTRO's `GetIterState`
    /// returns (its state table is keyed by dimension, so a dimension mapped twice in one level,
    /// as in MAESTRO's own `Resnet50_rs.m`, keeps the later map's state).
    var stateIndex: [Int]
    /// The first spatial map (the one MAESTRO takes as the level's parallelism).
    var firstSpatialIndex: Int

    // ReuseAnalysis::AnalyzeInputMappingSizes / AnalyzeOutputMappingSizes, per dimension.
    var mapped: [Int]
    var unique: [Int]
    var mappedEdge: [Int]
    var uniqueEdge: [Int]

    init(maps: [MaestroMap], dimensions: MaestroDimensionSizes, subClusters: Int, overlap: MaestroOverlap, line: Int) throws(DataflowMappingError) {
        self.maps = maps
        self.dimensions = dimensions
        self.subClusters = subClusters
        var index = [Int](repeating: -1, count: MaestroDimension.count)
        var last = index
        var spatial: [Int] = []
        for (i, map) in maps.enumerated() {
            if index[map.dimension.rawValue] < 0 { index[map.dimension.rawValue] = i }
            last[map.dimension.rawValue] = i
            guard dimensions.has(map.dimension) else {
                throw DataflowMappingError(line: line, message: "the dataflow maps \(map.dimension), which the layer does not have at this cluster level")
            }
            if map.isSpatial { spatial.append(i) }
        }
        mapIndex = index
        stateIndex = last
        // ClusterUnit::AnalyzeSpatialMapIdx: one spatial map, or two (e.g. Y and R of a row-stationary level).
        guard let first = spatial.first else {
            throw DataflowMappingError(line: line, message: "a cluster level has no SpatialMap (MAESTRO needs one per level)")
        }
        guard spatial.count <= 2 else {
            throw DataflowMappingError(line: line, message: "a cluster level has \(spatial.count) SpatialMaps (MAESTRO takes at most two)")
        }
        firstSpatialIndex = first

        // ClusterUnit::AnalyzeSpatialEdgeCase (only num_spatial_edge_clusters_ is used later).
        let spatialMap = maps[first]
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
        if spatialSize <= mapSize { edgeClusters = 1 }
        edgeSubClusters = edgeClusters

        // ReuseAnalysis::AnalyzeInputMappingSizes (std::map operator[] gives 0 where nothing is set).
        let zero = [Int](repeating: 0, count: MaestroDimension.count)
        mapped = zero; unique = zero; mappedEdge = zero; uniqueEdge = zero
        for map in maps {
            let d = map.dimension.rawValue, size = map.size, offset = map.offset, dimensionSize = dimensions.sizes[d]
            let steady = max((dimensionSize - size) / offset, 0)
            let hasEdge = steady * offset + size < dimensionSize || size > dimensionSize
            mapped[d] = size
            unique[d] = min(size, offset)
            if !map.isSpatial && dimensionSize <= size { unique[d] = 0 }
            var edgeSize = dimensionSize - (steady + 1) * offset
            if edgeSize < 0 { edgeSize = dimensionSize }
            let outOfBound = size - edgeSize
            mappedEdge[d] = hasEdge ? edgeSize : size
            uniqueEdge[d] = max(offset - outOfBound, 0)
        }
        // ReuseAnalysis::AnalyzeOutputMappingSizes: Y' and X' from the input rows/columns and the filter.
        for map in maps where overlap.isReference(map.dimension) {
            let sliding = overlap.counterpart(map.dimension).rawValue
            let output = (map.dimension == .Y ? MaestroDimension.outputY : .outputX).rawValue, d = map.dimension.rawValue
            mapped[output] = mapped[d] - mapped[sliding] + 1
            unique[output] = min(map.offset, map.size)
            mappedEdge[output] = mappedEdge[d] - mappedEdge[sliding] + 1
            uniqueEdge[output] = min(map.offset, mappedEdge[output])
        }
    }

    /// The iteration state of `dimension` in case `c` (`IterationStatus::GetIterState`).
    @inline(__always)
    func state(_ dimension: MaestroDimension, in c: MaestroIterationCase) -> MaestroIterationState { c.states[stateIndex[dimension.rawValue]] }
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
            full.insert(.outputX, full[.X] - full[.S] + 1, stride: full.strides[MaestroDimension.X.rawValue])
            full.insert(.outputY, full[.Y] - full[.R] + 1, stride: full.strides[MaestroDimension.Y.rawValue])
        }
        layerDimensions = full

        // Resolve the block (MAESTRO's parser resolves Sz() against the layer's dimensions, and stops
        // on a temporal map of R or S that does not cover the whole filter).
        enum Item { case map(MaestroMap, line: Int), cluster(Int, line: Int) }
        var items: [Item] = []
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
        for (directive, line) in zip(layer.dataflow.directives, layer.dataflow.lines) {
            switch directive {
            case .spatialMap(let size, let offset, let dimension), .temporalMap(let size, let offset, let dimension):
                let isSpatial: Bool
                if case .spatialMap = directive { isSpatial = true } else { isSpatial = false }
                let map = MaestroMap(isSpatial: isSpatial, size: try resolve(size, line: line), offset: try resolve(offset, line: line), dimension: dimension)
                if !isSpatial, dimension == .R || dimension == .S {
                    if map.size != map.offset {
                        throw DataflowMappingError(line: line, message: "TemporalMap of \(dimension): the size (\(map.size)) must equal the offset (\(map.offset)) (MAESTRO stops here)")
                    }
                    if let whole = layer.size(dimension), whole != map.size {
                        throw DataflowMappingError(line: line, message: "TemporalMap of \(dimension): the size (\(map.size)) must equal the dimension's size (\(whole)) (MAESTRO stops here)")
                    }
                }
                items.append(.map(map, line: line))
            case .cluster(let size, _):
                items.append(.cluster(try resolve(size, line: line), line: line))
            }
        }

        // ClusterAnalysis::AnalyzeClusterStructure.
        let clusterSizes = items.compactMap { item -> Int? in if case .cluster(let size, _) = item { return size }; return nil }
        var uppermost = 1
        for size in clusterSizes {
            let (product, overflow) = uppermost.multipliedReportingOverflow(by: size)
            guard !overflow, product <= 1 << 40 else { throw DataflowMappingError(line: layer.line, message: "the Cluster sizes multiply to more than any PE count") }
            uppermost = product
        }
        let innermostSize = clusterSizes.last ?? processingElements
        items.append(.cluster(innermostSize, line: layer.dataflow.lines.last ?? layer.line))
        let unitClusters = uppermost * (processingElements / uppermost)
        guard unitClusters > 0 else {
            throw DataflowMappingError(line: layer.line, message: "the dataflow's clusters need at least \(uppermost) PEs (the product of its Cluster sizes), got \(processingElements)")
        }
        activePEs = unitClusters

        let inputVariables = tensors.inputVariables
        var levels: [MaestroClusterLevel] = []
        var levelMaps: [MaestroMap] = []
        var previousMaps: [MaestroMap]?
        var dimensions = full
        var lastClusterSize = unitClusters
        var levelLine = layer.dataflow.lines.first ?? layer.line
        for item in items {
            switch item {
            case .map(let map, let line):
                if levelMaps.isEmpty { levelLine = line }
                levelMaps.append(map)
            case .cluster(let size, let line):
                let isTop = levels.isEmpty
                try Self.convertToInputCentric(&levelMaps, line: levelLine)
                // InheritMissingDirectives: the level above's maps, each put in front (so in reverse order).
                if let previousMaps {
                    for upper in previousMaps where !levelMaps.contains(where: { $0.dimension == upper.dimension }) {
                        levelMaps.insert(MaestroMap(isSpatial: false, size: upper.size, offset: upper.offset, dimension: upper.dimension), at: 0)
                    }
                }
                // UnrollMissingDirectives: every input-tensor dimension not mapped is taken whole.
                for variable in inputVariables where !levelMaps.contains(where: { $0.dimension == variable }) && dimensions.has(variable) {
                    levelMaps.append(MaestroMap(isSpatial: false, size: dimensions[variable], offset: dimensions[variable], dimension: variable))
                }
                // ApplyOuterStride (which writes the first map of the dimension).
                for i in levelMaps.indices {
                    let variable = levelMaps[i].dimension
                    guard dimensions.has(variable) else {
                        throw DataflowMappingError(line: levelLine, message: "the dataflow maps \(variable), which layer \(layer.name) does not have at cluster level \(levels.count) (MAESTRO stops here)")
                    }
                    let stride = dimensions.strides[variable.rawValue]
                    guard overlap.isReference(variable), stride != 1 else { continue }
                    let slidingSize = full[overlap.counterpart(variable)]
                    let mapSize = levelMaps[i].size
                    if mapSize >= slidingSize, let first = levelMaps.firstIndex(where: { $0.dimension == variable }) {
                        let outputMapSize = (mapSize + stride - slidingSize) / stride
                        levelMaps[first].size = outputMapSize * min(stride, slidingSize) + max(slidingSize - stride, 0)
                        levelMaps[first].offset = !isTop && slidingSize < stride ? outputMapSize * slidingSize : outputMapSize * stride
                    }
                }
                let subClusters = isTop ? unitClusters / uppermost : lastClusterSize
                lastClusterSize = size
                // ClusterUnit's constructor: DirectiveTable::ConvertToInputCentric on what is left.
                let sizeS = levelMaps.last(where: { $0.dimension == .S })?.size ?? 0
                let sizeR = levelMaps.last(where: { $0.dimension == .R })?.size ?? 0
                for i in levelMaps.indices {
                    if levelMaps[i].dimension == .outputX { levelMaps[i].dimension = .X; levelMaps[i].size += sizeS - 1 }
                    else if levelMaps[i].dimension == .outputY { levelMaps[i].dimension = .Y; levelMaps[i].size += sizeR - 1 }
                }
                for map in levelMaps where map.size < 1 || map.offset < 1 {
                    throw DataflowMappingError(line: levelLine, message: "the map of \(map.dimension) at cluster level \(levels.count) comes out as (\(map.size), \(map.offset)); sizes and offsets must be at least 1")
                }
                levels.append(try MaestroClusterLevel(maps: levelMaps, dimensions: dimensions, subClusters: subClusters, overlap: overlap, line: levelLine))
                // ConstructLowerClusterDimensionTable: a sub-cluster holds at most one map's worth of each input dimension.
                var lower = MaestroDimensionSizes()
                for variable in inputVariables {
                    guard let map = levelMaps.first(where: { $0.dimension == variable }) else { continue }
                    lower.insert(variable, min(map.size, dimensions[variable]), stride: dimensions.strides[variable.rawValue])
                }
                dimensions = lower
                previousMaps = levelMaps
                levelMaps = []
                levelLine = line
            }
        }
        self.levels = levels
    }

    /// ClusterAnalysis::ConvertToInputCentric: a level that maps X' (Y') but not X (Y) maps
    /// X = X' + S − 1 columns instead, S being this level's map of S.
    static func convertToInputCentric(_ maps: inout [MaestroMap], line: Int) throws(DataflowMappingError) {
        for (output, input, filter) in [(MaestroDimension.outputX, MaestroDimension.X, MaestroDimension.S), (.outputY, .Y, .R)] {
            guard !maps.contains(where: { $0.dimension == input }), let last = maps.last(where: { $0.dimension == output }),
                  let first = maps.firstIndex(where: { $0.dimension == output }) else { continue }
            guard let filterMap = maps.last(where: { $0.dimension == filter }) else {
                throw DataflowMappingError(line: line, message: "a level that maps \(output) must map \(filter) too (MAESTRO converts \(output) to \(input) = \(output) + \(filter) − 1)")
            }
            maps[first].dimension = input
            maps[first].size = last.size + filterMap.size - 1
        }
    }
}
