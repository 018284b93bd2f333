/// MAESTRO's reuse analysis (`CA::ReuseAnalysis`, the functions its V2 cost engine calls): how many
/// elements of a tensor cross into (ingress) or out of (egress) a cluster level's sub-clusters in
/// one iteration case, given which map changed last, spatial reuse between neighbouring
/// sub-clusters and the partial maps of edge iterations. Each function follows MAESTRO's
/// case by case, including the places where it reads a map that looks unintended (they are
/// what MAESTRO computes, and this model reproduces MAESTRO).
struct MaestroReuseAnalysis {
    let level: MaestroClusterLevel
    let tensors: MaestroTensors

    /// The map index of the last spatially mapped dimension of `tensor` (−1: none), and whether
    /// any of them is at an edge.
    @inline(__always)
    func spatialState(_ tensor: Int, _ c: MaestroIterationCase) -> (index: Int, isEdge: Bool) {
        var index = -1, isEdge = false
        for dimension in tensors.coupled[tensor] {
            let m = level.mapIndex[dimension.rawValue]
            guard m >= 0, level.maps[m].isSpatial else { continue }
            index = level.stateIndex[dimension.rawValue]
            if c.states[index].isEdge { isEdge = true }
        }
        return (index, isEdge)
    }

    /// `GetPEMappedVolume`.
    func peMappedVolume(_ tensor: Int, _ c: MaestroIterationCase, first: Bool, edgeEdge: Bool) -> Int {
        var volume = 1
        for (m, map) in level.maps.enumerated() where tensors.isCoupled(tensor, map.dimension) {
            let d = map.dimension.rawValue, state = level.state(map.dimension, in: c)
            if !map.isSpatial {
                volume *= state.isEdge ? level.mappedEdge[d] : level.mapped[d]
            } else if state.isEdge {
                let active = level.edgeSubClusters
                if active == 1 && (first || edgeEdge) { volume *= level.mappedEdge[d] }
                else if active > 1 { volume *= edgeEdge ? level.mappedEdge[d] : level.mapped[d] }
            } else {
                volume *= level.mapped[d]
            }
        }
        return volume
    }

    /// `GetPEIngressVolume`: new elements of an input tensor one sub-cluster receives.
    func peIngressVolume(_ tensor: Int, _ c: MaestroIterationCase, first: Bool, edgeEdge: Bool) throws(DataflowMappingError) -> Int {
        // GetInnermostUpdatedDimDirectiveID: the last map (of any tensor) not at its initial state.
        var changing = -1
        for (m, map) in level.maps.enumerated() where level.state(map.dimension, in: c).position != .initial { changing = m }
        if changing == -1 { return peMappedVolume(tensor, c, first: first, edgeEdge: edgeEdge) }
        // IsTensorInited: a later coupled map, at its initial state and not unrolled, restarts the tensor.
        var inited = false
        for m in (changing + 1)..<level.maps.count {
            let map = level.maps[m], state = level.state(map.dimension, in: c)
            guard state.position == .initial && tensors.isCoupled(tensor, map.dimension) && !state.isUnrolled else { continue }
            inited = true
            break
        }
        var volume = 1, isChanging = false
        for (m, map) in level.maps.enumerated() where tensors.isCoupled(tensor, map.dimension) {
            let d = map.dimension.rawValue, state = level.state(map.dimension, in: c)
            let isChangingMap = m == changing, isReset = m > changing
            if isChangingMap { isChanging = true }
            if !map.isSpatial {
                switch state.position {
                case .initial:
                    volume *= state.isEdge ? level.mappedEdge[d] : level.mapped[d]
                case .steady, .edge:
                    if isChangingMap && !inited {
                        guard level.unique[d] != 0 else {
                            throw DataflowMappingError(line: 0, message: "MAESTRO's reuse analysis stops on this mapping (no new \(map.dimension) indices in a steady iteration)")
                        }
                        volume *= max(level.unique[d], 1)
                    } else {
                        volume *= level.mapped[d]
                    }
                }
            } else {
                switch state.position {
                case .initial:
                    if first || !isReset { volume *= edgeEdge ? level.mappedEdge[d] : level.mapped[d] }
                    else { volume *= edgeEdge ? level.uniqueEdge[d] : level.unique[d] }
                case .steady, .edge:
                    if !first && !inited && isChangingMap { volume *= edgeEdge ? level.uniqueEdge[d] : level.unique[d] }
                    else { volume *= edgeEdge ? level.mappedEdge[d] : level.mapped[d] }
                }
            }
        }
        return isChanging ? volume : 0
    }

    /// `GetSpatialIngressTraffic`: elements of an input tensor sent to all sub-clusters.
    func spatialIngressTraffic(_ tensor: Int, _ c: MaestroIterationCase) throws(DataflowMappingError) -> Int {
        let (spatial, isEdge) = spatialState(tensor, c)
        if spatial < 0 { return try peIngressVolume(tensor, c, first: true, edgeEdge: false) }
        let clusters = level.subClusters, edgeClusters = level.edgeSubClusters
        if !isEdge {
            return try peIngressVolume(tensor, c, first: true, edgeEdge: false) + (clusters - 1) * peIngressVolume(tensor, c, first: false, edgeEdge: false)
        }
        let hasEdgeEdge = c.states[spatial].hasSpatialEdgeEdge
        var traffic = try peIngressVolume(tensor, c, first: true, edgeEdge: edgeClusters == 1 && hasEdgeEdge)
        if edgeClusters > 1 {
            let edgeEdgeClusters = hasEdgeEdge ? 1 : 0
            let full = max(edgeClusters - edgeEdgeClusters - 1, 0)
            traffic += try full * peIngressVolume(tensor, c, first: false, edgeEdge: false)
            traffic += try edgeEdgeClusters * peIngressVolume(tensor, c, first: false, edgeEdge: true)
        }
        return traffic
    }

    /// `GetPEEgressVolume`: outputs (or, with `partialSums`, partial sums) one sub-cluster produces.
    func peEgressVolume(_ tensor: Int, _ c: MaestroIterationCase, partialSums: Bool, first: Bool = true, edgeEdge: Bool = false,
                        reuseAtEdge: Bool = true) -> Int {
        var volume = 1
        let active = level.edgeSubClusters
        if partialSums {
            for (m, map) in level.maps.enumerated() where !tensors.isCoupled(tensor, map.dimension) {
                let d = map.dimension.rawValue, state = level.state(map.dimension, in: c)
                if !map.isSpatial {
                    volume *= state.isEdge ? level.mappedEdge[d] : level.mapped[d]
                    continue
                }
                switch state.position {
                case .initial:
                    if state.isEdge && edgeEdge {
                        if active == 1 { volume *= level.mappedEdge[d] }
                        else if active > 1 { volume *= level.mappedEdge[d] }
                    } else if first {
                        volume *= level.mapped[d]
                    } else if level.unique[d] != 0 {
                        volume *= level.unique[d]
                    }
                case .steady:
                    if first { volume *= level.mapped[d] } else if level.unique[d] != 0 { volume *= level.unique[d] }
                case .edge:
                    if active == 1 && (first || edgeEdge) { volume *= level.mappedEdge[d] }
                    else if active > 1 {
                        if edgeEdge { volume *= level.uniqueEdge[d] }
                        else if first { volume *= level.mapped[d] }
                        else if level.unique[d] != 0 { volume *= level.unique[d] }
                    }
                }
            }
        }
        for dimension in tensors.coupled[tensor] {
            let map = level.maps[level.mapIndex[dimension.rawValue]], state = level.state(dimension, in: c)
            let actual = (dimension == .Y ? MaestroDimension.outputY : dimension == .X ? .outputX : dimension).rawValue
            if !map.isSpatial {
                switch state.position {
                case .initial: volume *= state.isEdge ? level.mappedEdge[actual] : level.mapped[actual]
                case .steady: volume *= level.mapped[actual]
                case .edge: volume *= level.mappedEdge[actual]
                }
                continue
            }
            switch state.position {
            case .initial:
                if state.isEdge && edgeEdge {
                    if active == 1 { volume *= level.mappedEdge[actual] }
                    else if active > 1 { volume *= reuseAtEdge ? level.uniqueEdge[actual] : level.mappedEdge[actual] }
                } else if first {
                    volume *= level.mapped[actual]
                } else if level.unique[actual] != 0 {
                    volume *= level.unique[actual]
                }
            case .steady:
                if first { volume *= level.mapped[actual] } else if level.unique[actual] != 0 { volume *= level.unique[actual] }
            case .edge:
                // MAESTRO reads the *input* dimension's edge size here (not X'/Y').
                if active == 1 && (first || edgeEdge) { volume *= level.mappedEdge[dimension.rawValue] }
                else if active > 1 {
                    if edgeEdge { volume *= level.uniqueEdge[actual] }
                    else if first { volume *= level.mapped[actual] }
                    else if level.unique[actual] != 0 { volume *= level.unique[actual] }
                }
            }
        }
        return volume
    }

    /// `GetSpatialEgressTraffic`: outputs sent back up from all sub-clusters.
    func spatialEgressTraffic(_ tensor: Int, _ c: MaestroIterationCase) -> Int {
        let (spatial, isEdge) = spatialState(tensor, c)
        if spatial < 0 { return peEgressVolume(tensor, c, partialSums: false) }
        let clusters = level.subClusters, edgeClusters = level.edgeSubClusters
        if !isEdge {
            return peEgressVolume(tensor, c, partialSums: false, first: true) + (clusters - 1) * peEgressVolume(tensor, c, partialSums: false, first: false)
        }
        let hasEdgeEdge = c.states[spatial].hasSpatialEdgeEdge
        var traffic = peEgressVolume(tensor, c, partialSums: false, first: true, edgeEdge: edgeClusters == 1 && hasEdgeEdge)
        if edgeClusters > 1 {
            let edgeEdgeClusters = hasEdgeEdge ? 1 : 0
            let full = max(edgeClusters - edgeEdgeClusters - 1, 0)
            traffic += full * peEgressVolume(tensor, c, partialSums: false, first: false)
            traffic += edgeEdgeClusters * peEgressVolume(tensor, c, partialSums: false, first: false, edgeEdge: true)
        }
        return traffic
    }

    /// `GetOutputTensorSpatialMappingSize(…, for_partial_sum = true)`: the partial sums (MACs)
    /// all sub-clusters compute in one iteration.
    func partialSumMappingSize(_ tensor: Int, _ c: MaestroIterationCase) -> Int {
        var (spatial, isEdge) = spatialState(tensor, c)
        for map in level.maps where map.isSpatial {
            spatial = level.stateIndex[map.dimension.rawValue]
            if c.states[spatial].isEdge { isEdge = true }
        }
        let clusters = level.subClusters, edgeClusters = level.edgeSubClusters
        if spatial < 0 { return clusters * peEgressVolume(tensor, c, partialSums: true) }
        if !isEdge { return clusters * peEgressVolume(tensor, c, partialSums: true, first: true) }
        let hasEdgeEdge = c.states[spatial].hasSpatialEdgeEdge
        var size = peEgressVolume(tensor, c, partialSums: true, first: true, edgeEdge: edgeClusters == 1 && hasEdgeEdge)
        if edgeClusters > 1 {
            let edgeEdgeClusters = hasEdgeEdge ? 1 : 0
            let full = max(edgeClusters - edgeEdgeClusters - 1, 0)
            size += full * peEgressVolume(tensor, c, partialSums: true, first: true)
            size += edgeEdgeClusters * peEgressVolume(tensor, c, partialSums: true, first: false, edgeEdge: true, reuseAtEdge: false)
        }
        return size
    }

    /// `GetNumCriticalPathPartialSums`: the partial sums of the busiest sub-cluster (its compute time).
    func criticalPathPartialSums(_ tensor: Int, _ c: MaestroIterationCase) -> Int {
        let (spatial, isEdge) = spatialState(tensor, c)
        if spatial < 0 || !isEdge { return peEgressVolume(tensor, c, partialSums: true, first: true) }
        let hasEdgeEdge = c.states[spatial].hasSpatialEdgeEdge
        return peEgressVolume(tensor, c, partialSums: true, first: true, edgeEdge: level.edgeSubClusters == 1 && hasEdgeEdge)
    }

    /// `GetMappedVolume`: one map's worth of a tensor (a sub-cluster's buffer, before double buffering).
    func mappedVolume(_ tensor: Int) -> Int {
        var volume = 1
        for dimension in tensors.coupled[tensor] where level.mapIndex[dimension.rawValue] >= 0 { volume *= level.mapped[dimension.rawValue] }
        return volume
    }

    /// `ConstructSubClusterDimension`: the dimension sizes one sub-cluster holds in case `c`.
    func subClusterDimensions(_ c: MaestroIterationCase, edgeEdge: Bool) -> [Int] {
        var sizes = [Int](repeating: MaestroDimensionSizes.absent, count: MaestroDimension.count)
        let edgeClusters = level.edgeSubClusters
        for (m, map) in level.maps.enumerated() {
            let d = map.dimension.rawValue, state = level.state(map.dimension, in: c)
            let size: Int
            if !map.isSpatial {
                size = state.isEdge ? level.mappedEdge[d] : level.mapped[d]
            } else {
                switch state.position {
                case .initial: size = state.isEdge && (edgeClusters == 1 || edgeEdge) ? level.mappedEdge[d] : level.mapped[d]
                case .steady: size = level.mapped[d]
                case .edge: size = edgeClusters == 1 || edgeEdge ? level.mappedEdge[d] : level.mapped[d]
                }
            }
            if sizes[d] == MaestroDimensionSizes.absent { sizes[d] = size }
        }
        for (input, filter, output) in [(MaestroDimension.Y, MaestroDimension.R, MaestroDimension.outputY), (.X, .S, .outputX)]
        where level.mapIndex[input.rawValue] >= 0 && sizes[output.rawValue] == MaestroDimensionSizes.absent {
            sizes[output.rawValue] = sizes[input.rawValue] - sizes[filter.rawValue] + 1
        }
        return sizes
    }
}
