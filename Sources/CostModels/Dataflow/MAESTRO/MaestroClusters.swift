/// A layer's mapping after MAESTRO's cluster analysis (`DFA::ClusterAnalysis`), outermost level
/// first, ready for the cost analysis on any NoC.
struct MaestroClusters: Sendable {
    var levels: [MaestroClusterLevel]
    var tensors: MaestroTensors
    var overlap: MaestroOverlap
    /// The full layer's dimensions (with Y' and X').
    var layerDimensions: MaestroDimensionSizes

    init(layer: MaestroLayer, processingElements: Int) throws(DataflowMappingError) {
        if let problem = layer.problem {
            throw DataflowMappingError(line: layer.line, message: "layer \(layer.name): \(problem)")
        }
        guard processingElements >= 1 else {
            throw DataflowMappingError(
                line: 0, message: "the PE count must be at least 1, got \(processingElements)")
        }
        let overlap = MaestroOverlap(isConvolution: layer.type.isConvolution)
        let tensors = MaestroTensors(layer.type, batch: layer.size(.N) != nil)
        self.tensors = tensors
        self.overlap = overlap

        // APIV2::ConstructConvDimensionTable: the layer's dimensions, and Y' = Y − R + 1, X' = X −
        // S + 1.
        var full = MaestroDimensionSizes()
        for dimension in layer.dimensions {
            full.insert(dimension.name, dimension.size, stride: dimension.stride)
        }
        if overlap.isConvolution {
            full.insert(.outputX, full[.X] - full[.S] + 1, stride: full.strides[.X])
            full.insert(.outputY, full[.Y] - full[.R] + 1, stride: full.strides[.Y])
        }
        layerDimensions = full

        // Resolve the block (MAESTRO's parser resolves Sz() against the layer's dimensions, and
        // stops on a temporal map of R or S that does not cover the whole filter).
        func resolve(_ size: DataflowSize, line: Int) throws(DataflowMappingError) -> Int {
            switch size {
            case .value(let value): return value
            case .sizeOf(let dimension):
                guard let value = layer.size(dimension) else {
                    throw DataflowMappingError(
                        line: line,
                        message:
                            "Sz(\(dimension)): layer \(layer.name) has no dimension \(dimension)")
                }
                return value
            }
        }
        let directives = layer.dataflow.directives
        let lines = layer.dataflow.lines
        // ClusterAnalysis::AnalyzeClusterStructure: the PEs the clusters use, and a last Cluster
        // (of the innermost size) that closes the innermost level.
        var uppermost = 1
        var innermostSize = processingElements
        for (directive, line) in zip(directives, lines) {
            guard case .cluster(let size, _) = directive else { continue }
            let value = try resolve(size, line: line)
            let (product, overflow) = uppermost.multipliedReportingOverflow(by: value)
            guard !overflow, product <= 1 << 40 else {
                throw DataflowMappingError(
                    line: layer.line,
                    message: "the Cluster sizes multiply to more than any PE count")
            }
            uppermost = product
            innermostSize = value
        }
        let unitClusters = uppermost * (processingElements / uppermost)
        guard unitClusters > 0 else {
            throw DataflowMappingError(
                line: layer.line,
                message:
                    """
                    the dataflow's clusters need at least \(uppermost) PEs (the product of its \
                    Cluster sizes), got \(processingElements)
                    """
            )
        }

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
                case .spatialMap(let size, let offset, let dimension),
                    .temporalMap(let size, let offset, let dimension):
                    let isSpatial: Bool
                    if case .spatialMap = directives[position] {
                        isSpatial = true
                    } else {
                        isSpatial = false
                    }
                    let map = MaestroMap(
                        isSpatial: isSpatial, size: try resolve(size, line: line),
                        offset: try resolve(offset, line: line), dimension: dimension)
                    if !isSpatial, dimension == .R || dimension == .S {
                        if map.size != map.offset {
                            throw DataflowMappingError(
                                line: line,
                                message:
                                    """
                                    TemporalMap of \(dimension): the size (\(map.size)) must \
                                    equal the offset (\(map.offset)) (MAESTRO stops here)
                                    """
                            )
                        }
                        if let whole = layer.size(dimension), whole != map.size {
                            throw DataflowMappingError(
                                line: line,
                                message:
                                    """
                                    TemporalMap of \(dimension): the size (\(map.size)) must \
                                    equal the dimension's size (\(whole)) (MAESTRO stops here)
                                    """
                            )
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
            // InheritMissingDirectives: the level above's maps, each put in front (so in reverse
            // order).
            if let previousMaps {
                for i in previousMaps.indices where !levelMaps.contains(previousMaps[i].dimension) {
                    let upper = previousMaps[i]
                    try levelMaps.prepend(
                        MaestroMap(
                            isSpatial: false, size: upper.size, offset: upper.offset,
                            dimension: upper.dimension), line: levelLine)
                }
            }
            // UnrollMissingDirectives: every input-tensor dimension not mapped is taken whole.
            for variable in MaestroDimension.allCases
            where inputVariables & (1 << variable.rawValue) != 0 && !levelMaps.contains(variable)
                && dimensions.has(variable)
            {
                try levelMaps.append(
                    MaestroMap(
                        isSpatial: false, size: dimensions[variable], offset: dimensions[variable],
                        dimension: variable), line: levelLine)
            }
            // ApplyOuterStride (which writes the first map of the dimension).
            for i in levelMaps.indices {
                let variable = levelMaps[i].dimension
                guard dimensions.has(variable) else {
                    throw DataflowMappingError(
                        line: levelLine,
                        message:
                            """
                            the dataflow maps \(variable), which layer \(layer.name) does not \
                            have at cluster level \(levels.count) (MAESTRO stops here)
                            """
                    )
                }
                let stride = dimensions.strides[variable]
                guard overlap.isReference(variable), stride != 1 else { continue }
                let slidingSize = full[overlap.counterpart(variable)]
                let mapSize = levelMaps[i].size
                if mapSize >= slidingSize, let first = levelMaps.firstIndex(of: variable) {
                    let outputMapSize = (mapSize + stride - slidingSize) / stride
                    levelMaps[first].size =
                        outputMapSize * min(stride, slidingSize) + max(slidingSize - stride, 0)
                    levelMaps[first].offset =
                        !isTop && slidingSize < stride
                        ? outputMapSize * slidingSize : outputMapSize * stride
                }
            }
            let subClusters = isTop ? unitClusters / uppermost : lastClusterSize
            lastClusterSize = clusterSize
            // ClusterUnit's constructor: DirectiveTable::ConvertToInputCentric on what is left.
            let sizeS = levelMaps.lastIndex(of: .S).map { levelMaps[$0].size } ?? 0
            let sizeR = levelMaps.lastIndex(of: .R).map { levelMaps[$0].size } ?? 0
            for i in levelMaps.indices {
                if levelMaps[i].dimension == .outputX {
                    levelMaps[i].dimension = .X
                    levelMaps[i].size += sizeS - 1
                } else if levelMaps[i].dimension == .outputY {
                    levelMaps[i].dimension = .Y
                    levelMaps[i].size += sizeR - 1
                }
            }
            for i in levelMaps.indices where levelMaps[i].size < 1 || levelMaps[i].offset < 1 {
                throw DataflowMappingError(
                    line: levelLine,
                    message:
                        """
                        the map of \(levelMaps[i].dimension) at cluster level \(levels.count) \
                        comes out as (\(levelMaps[i].size), \(levelMaps[i].offset)); sizes and \
                        offsets must be at least 1
                        """
                )
            }
            levels.append(
                try MaestroClusterLevel(
                    maps: levelMaps, tensors: tensors, dimensions: dimensions,
                    subClusters: subClusters, overlap: overlap, line: levelLine))
            // ConstructLowerClusterDimensionTable: a sub-cluster holds at most one map's worth of
            // each input dimension.
            var lower = MaestroDimensionSizes()
            for variable in MaestroDimension.allCases
            where inputVariables & (1 << variable.rawValue) != 0 {
                guard let first = levelMaps.firstIndex(of: variable) else { continue }
                lower.insert(
                    variable, min(levelMaps[first].size, dimensions[variable]),
                    stride: dimensions.strides[variable])
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
    static func convertToInputCentric(_ maps: inout MaestroMapList, line: Int)
        throws(DataflowMappingError)
    {
        for (output, input, filter) in [
            (MaestroDimension.outputX, MaestroDimension.X, MaestroDimension.S), (.outputY, .Y, .R),
        ] {
            guard !maps.contains(input), let last = maps.lastIndex(of: output),
                let first = maps.firstIndex(of: output)
            else { continue }
            guard let filterMap = maps.lastIndex(of: filter) else {
                throw DataflowMappingError(
                    line: line,
                    message:
                        """
                        a level that maps \(output) must map \(filter) too (MAESTRO converts \
                        \(output) to \(input) = \(output) + \(filter) − 1)
                        """
                )
            }
            maps[first].dimension = input
            maps[first].size = maps[last].size + maps[filterMap].size - 1
        }
    }
}
