/// One iteration case of a cluster level as MAESTRO's reuse analysis sees it. MAESTRO looks a
/// map's state up by its dimension (`GetIterState`), so map `m` reads the state of the last map
/// of its dimension; the case's states are kept here as bit masks over map indices, in that
/// sense. Also the last map to change (`GetInnermostUpdatedDimDirectiveID`) and the
/// per-sub-cluster volumes computed so far: what MAESTRO recomputes on every call is computed
/// once per case here.
struct MaestroCaseState {
    /// Maps whose state is initial, at the edge position, an edge (`IsEdge`: edge position or an
    /// initial edge), unrolled, or a spatial edge whose last sub-cluster holds a partial map.
    let initial: Int
    let edgePosition: Int
    let edge: Int
    let unrolled: Int
    let edgeEdge: Int
    /// The last map (of any tensor) not at its initial state, or −1.
    let changing: Int

    init(_ c: MaestroIterationCase, level: MaestroClusterLevel) {
        var initial = 0
        var edgePosition = 0
        var edge = 0
        var unrolled = 0
        var edgeEdge = 0
        var changing = -1
        for m in 0..<level.mapCount {
            let state = c.states[level.mapState[m]]
            let bit = 1 << m
            switch state.position {
            case .initial: initial |= bit
            case .steady: changing = m
            case .edge:
                edgePosition |= bit
                changing = m
            }
            if state.isEdge { edge |= bit }
            if state.isUnrolled { unrolled |= bit }
            if state.hasSpatialEdgeEdge { edgeEdge |= bit }
        }
        self.initial = initial
        self.edgePosition = edgePosition
        self.edge = edge
        self.unrolled = unrolled
        self.edgeEdge = edgeEdge
        self.changing = changing
    }

    @inline(__always) func isInitial(_ m: Int) -> Bool { initial & (1 << m) != 0 }
    @inline(__always) func isEdge(_ m: Int) -> Bool { edge & (1 << m) != 0 }
    @inline(__always) func isEdgePosition(_ m: Int) -> Bool { edgePosition & (1 << m) != 0 }
}

/// The per-sub-cluster volumes of one iteration case computed so far (−1: not yet).
struct MaestroCaseMemo {
    var ingress = InlineArray<8, Int>(repeating: -1)
    var egress = InlineArray<16, Int>(repeating: -1)
}

/// MAESTRO's reuse analysis (`CA::ReuseAnalysis`, the functions its V2 cost engine calls) of one
/// iteration case of this level: how many elements of a tensor cross into (ingress) or out of
/// (egress) the level's sub-clusters, given which map changed last, spatial reuse between
/// neighbouring sub-clusters and the partial maps of edge iterations. Each function follows
/// MAESTRO's case by case, including the places where it reads a map that looks unintended
/// (they are what MAESTRO computes, and this model reproduces MAESTRO).
extension MaestroClusterLevel {
    /// The first map of the last spatially mapped dimension of `tensor` (−1: none), and whether
    /// any of them is at an edge.
    @inline(__always)
    func spatialState(_ tensor: Int, _ s: MaestroCaseState) -> (index: Int, isEdge: Bool) {
        var index = -1
        var isEdge = false
        for i in 0..<tensors.count[tensor] {
            let m = mapIndex[tensors.coupled[tensor][i]]
            guard m >= 0, spatialMaps & (1 << m) != 0 else { continue }
            index = m
            if s.isEdge(m) { isEdge = true }
        }
        return (index, isEdge)
    }

    /// `GetPEMappedVolume`.
    func peMappedVolume(_ tensor: Int, _ s: MaestroCaseState, first: Bool, edgeEdge: Bool) -> Int {
        var volume = 1
        var bits = coupledMaps[tensor]
        while bits != 0 {
            let m = bits.trailingZeroBitCount
            bits &= bits - 1
            let d = mapDimension[m]
            if spatialMaps & (1 << m) == 0 {
                volume *= s.isEdge(m) ? mappedEdge[d] : mapped[d]
            } else if s.isEdge(m) {
                if edgeSubClusters == 1 && (first || edgeEdge) {
                    volume *= mappedEdge[d]
                } else if edgeSubClusters > 1 {
                    volume *= edgeEdge ? mappedEdge[d] : mapped[d]
                }
            } else {
                volume *= mapped[d]
            }
        }
        return volume
    }

    /// `GetPEIngressVolume`: new elements of an input tensor one sub-cluster receives.
    func peIngressVolume(
        _ tensor: Int, _ s: MaestroCaseState, _ memo: inout MaestroCaseMemo, first: Bool,
        edgeEdge: Bool
    ) throws(DataflowMappingError) -> Int {
        let slot = tensor * 4 + (first ? 2 : 0) + (edgeEdge ? 1 : 0)
        if memo.ingress[slot] >= 0 { return memo.ingress[slot] }
        let volume = try computeIngressVolume(tensor, s, first: first, edgeEdge: edgeEdge)
        memo.ingress[slot] = volume
        return volume
    }

    func computeIngressVolume(_ tensor: Int, _ s: MaestroCaseState, first: Bool, edgeEdge: Bool)
        throws(DataflowMappingError) -> Int
    {
        let changing = s.changing
        let coupled = coupledMaps[tensor]
        if changing == -1 { return peMappedVolume(tensor, s, first: first, edgeEdge: edgeEdge) }
        // The tensor only loads when a map of it is the one that changed.
        if coupled & (1 << changing) == 0 { return 0 }
        // IsTensorInited: a later coupled map, at its initial state and not unrolled, restarts the
        // tensor.
        let later = coupled & ~((1 << (changing + 1)) - 1)
        let inited = later & s.initial & ~s.unrolled != 0
        var volume = 1
        var bits = coupled
        while bits != 0 {
            let m = bits.trailingZeroBitCount
            bits &= bits - 1
            let d = mapDimension[m]
            if spatialMaps & (1 << m) == 0 {
                if s.isInitial(m) {
                    volume *= s.isEdge(m) ? mappedEdge[d] : mapped[d]
                } else if m == changing && !inited {
                    guard unique[d] != 0 else {
                        throw DataflowMappingError(
                            line: 0,
                            message:
                                """
                                MAESTRO's reuse analysis stops on this mapping (no new \
                                \(maps[m].dimension) indices in a steady iteration)
                                """
                        )
                    }
                    volume *= unique[d]
                } else {
                    volume *= mapped[d]
                }
            } else if s.isInitial(m) {
                if first || m <= changing {
                    volume *= edgeEdge ? mappedEdge[d] : mapped[d]
                } else {
                    volume *= edgeEdge ? uniqueEdge[d] : unique[d]
                }
            } else if !first && !inited && m == changing {
                volume *= edgeEdge ? uniqueEdge[d] : unique[d]
            } else {
                volume *= edgeEdge ? mappedEdge[d] : mapped[d]
            }
        }
        return volume
    }

    /// `GetSpatialIngressTraffic`: elements of an input tensor sent to all sub-clusters.
    func spatialIngressTraffic(_ tensor: Int, _ s: MaestroCaseState, _ memo: inout MaestroCaseMemo)
        throws(DataflowMappingError) -> Int
    {
        let (spatial, isEdge) = spatialState(tensor, s)
        if spatial < 0 {
            return try peIngressVolume(tensor, s, &memo, first: true, edgeEdge: false)
        }
        if !isEdge {
            return try peIngressVolume(tensor, s, &memo, first: true, edgeEdge: false)
                + (subClusters - 1)
                * peIngressVolume(tensor, s, &memo, first: false, edgeEdge: false)
        }
        let hasEdgeEdge = s.edgeEdge & (1 << spatial) != 0
        var traffic = try peIngressVolume(
            tensor, s, &memo, first: true, edgeEdge: edgeSubClusters == 1 && hasEdgeEdge)
        if edgeSubClusters > 1 {
            let edgeEdgeClusters = hasEdgeEdge ? 1 : 0
            let full = max(edgeSubClusters - edgeEdgeClusters - 1, 0)
            traffic += try full * peIngressVolume(tensor, s, &memo, first: false, edgeEdge: false)
            traffic +=
                try edgeEdgeClusters
                * peIngressVolume(tensor, s, &memo, first: false, edgeEdge: true)
        }
        return traffic
    }

    /// `GetPEEgressVolume`: outputs (or, with `partialSums`, partial sums) one sub-cluster
    /// produces.
    func peEgressVolume(
        _ tensor: Int, _ s: MaestroCaseState, _ memo: inout MaestroCaseMemo, partialSums: Bool,
        first: Bool = true, edgeEdge: Bool = false,
        reuseAtEdge: Bool = true
    ) -> Int {
        let slot =
            (partialSums ? 8 : 0) + (first ? 4 : 0) + (edgeEdge ? 2 : 0) + (reuseAtEdge ? 1 : 0)
        if memo.egress[slot] >= 0 { return memo.egress[slot] }
        let volume = computeEgressVolume(
            tensor, s, partialSums: partialSums, first: first, edgeEdge: edgeEdge,
            reuseAtEdge: reuseAtEdge)
        memo.egress[slot] = volume
        return volume
    }

    func computeEgressVolume(
        _ tensor: Int, _ s: MaestroCaseState, partialSums: Bool, first: Bool, edgeEdge: Bool,
        reuseAtEdge: Bool
    ) -> Int {
        var volume = 1
        let active = edgeSubClusters
        if partialSums {
            // The maps of dimensions the output does not have (the reduction), in map order.
            var bits = allMaps & ~coupledMaps[tensor]
            while bits != 0 {
                let m = bits.trailingZeroBitCount
                bits &= bits - 1
                let d = mapDimension[m]
                if spatialMaps & (1 << m) == 0 {
                    volume *= s.isEdge(m) ? mappedEdge[d] : mapped[d]
                } else if s.isInitial(m) {
                    if s.isEdge(m) && edgeEdge {
                        volume *= mappedEdge[d]
                    } else if first {
                        volume *= mapped[d]
                    } else if unique[d] != 0 {
                        volume *= unique[d]
                    }
                } else if !s.isEdgePosition(m) {
                    if first { volume *= mapped[d] } else if unique[d] != 0 { volume *= unique[d] }
                } else if active == 1 && (first || edgeEdge) {
                    volume *= mappedEdge[d]
                } else if active > 1 {
                    if edgeEdge {
                        volume *= uniqueEdge[d]
                    } else if first {
                        volume *= mapped[d]
                    } else if unique[d] != 0 {
                        volume *= unique[d]
                    }
                }
            }
        }
        // The output's own dimensions (in its list order), X and Y as X' and Y'.
        for i in 0..<tensors.count[tensor] {
            let m = outputMaps[i]
            let input = mapDimension[m]
            let actual = outputActual[i]
            if spatialMaps & (1 << m) == 0 {
                if s.isInitial(m) {
                    volume *= s.isEdge(m) ? mappedEdge[actual] : mapped[actual]
                } else if s.isEdgePosition(m) {
                    volume *= mappedEdge[actual]
                } else {
                    volume *= mapped[actual]
                }
            } else if s.isInitial(m) {
                if s.isEdge(m) && edgeEdge {
                    if active == 1 {
                        volume *= mappedEdge[actual]
                    } else if active > 1 {
                        volume *= reuseAtEdge ? uniqueEdge[actual] : mappedEdge[actual]
                    }
                } else if first {
                    volume *= mapped[actual]
                } else if unique[actual] != 0 {
                    volume *= unique[actual]
                }
            } else if !s.isEdgePosition(m) {
                if first {
                    volume *= mapped[actual]
                } else if unique[actual] != 0 {
                    volume *= unique[actual]
                }
            } else if active == 1 && (first || edgeEdge) {
                // MAESTRO reads the *input* dimension's edge size here (not X'/Y').
                volume *= mappedEdge[input]
            } else if active > 1 {
                if edgeEdge {
                    volume *= uniqueEdge[actual]
                } else if first {
                    volume *= mapped[actual]
                } else if unique[actual] != 0 {
                    volume *= unique[actual]
                }
            }
        }
        return volume
    }

    /// `GetSpatialEgressTraffic`: outputs sent back up from all sub-clusters.
    func spatialEgressTraffic(_ tensor: Int, _ s: MaestroCaseState, _ memo: inout MaestroCaseMemo)
        -> Int
    {
        let (spatial, isEdge) = spatialState(tensor, s)
        if spatial < 0 { return peEgressVolume(tensor, s, &memo, partialSums: false) }
        if !isEdge {
            return peEgressVolume(tensor, s, &memo, partialSums: false, first: true)
                + (subClusters - 1)
                * peEgressVolume(tensor, s, &memo, partialSums: false, first: false)
        }
        let hasEdgeEdge = s.edgeEdge & (1 << spatial) != 0
        var traffic = peEgressVolume(
            tensor, s, &memo, partialSums: false, first: true,
            edgeEdge: edgeSubClusters == 1 && hasEdgeEdge)
        if edgeSubClusters > 1 {
            let edgeEdgeClusters = hasEdgeEdge ? 1 : 0
            let full = max(edgeSubClusters - edgeEdgeClusters - 1, 0)
            traffic += full * peEgressVolume(tensor, s, &memo, partialSums: false, first: false)
            traffic +=
                edgeEdgeClusters
                * peEgressVolume(tensor, s, &memo, partialSums: false, first: false, edgeEdge: true)
        }
        return traffic
    }

    /// `GetOutputTensorSpatialMappingSize(…, for_partial_sum = true)`: the partial sums (MACs)
    /// all sub-clusters compute in one iteration.
    func partialSumMappingSize(_ tensor: Int, _ s: MaestroCaseState, _ memo: inout MaestroCaseMemo)
        -> Int
    {
        var (spatial, isEdge) = spatialState(tensor, s)
        if spatialMaps != 0 {
            spatial = Int.bitWidth - 1 - spatialMaps.leadingZeroBitCount
            if s.edge & spatialMaps != 0 { isEdge = true }
        }
        if spatial < 0 { return subClusters * peEgressVolume(tensor, s, &memo, partialSums: true) }
        if !isEdge {
            return subClusters * peEgressVolume(tensor, s, &memo, partialSums: true, first: true)
        }
        let hasEdgeEdge = s.edgeEdge & (1 << spatial) != 0
        var size = peEgressVolume(
            tensor, s, &memo, partialSums: true, first: true,
            edgeEdge: edgeSubClusters == 1 && hasEdgeEdge)
        if edgeSubClusters > 1 {
            let edgeEdgeClusters = hasEdgeEdge ? 1 : 0
            let full = max(edgeSubClusters - edgeEdgeClusters - 1, 0)
            size += full * peEgressVolume(tensor, s, &memo, partialSums: true, first: true)
            size +=
                edgeEdgeClusters
                * peEgressVolume(
                    tensor, s, &memo, partialSums: true, first: false, edgeEdge: true,
                    reuseAtEdge: false)
        }
        return size
    }

    /// `GetNumCriticalPathPartialSums`: the partial sums of the busiest sub-cluster (its compute
    /// time).
    func criticalPathPartialSums(
        _ tensor: Int, _ s: MaestroCaseState, _ memo: inout MaestroCaseMemo
    ) -> Int {
        let (spatial, isEdge) = spatialState(tensor, s)
        if spatial < 0 || !isEdge {
            return peEgressVolume(tensor, s, &memo, partialSums: true, first: true)
        }
        let hasEdgeEdge = s.edgeEdge & (1 << spatial) != 0
        return peEgressVolume(
            tensor, s, &memo, partialSums: true, first: true,
            edgeEdge: edgeSubClusters == 1 && hasEdgeEdge)
    }

    /// `GetMappedVolume`: one map's worth of a tensor (a sub-cluster's buffer, before double
    /// buffering).
    func mappedVolume(_ tensor: Int) -> Int {
        var volume = 1
        for i in 0..<tensors.count[tensor] where mapIndex[tensors.coupled[tensor][i]] >= 0 {
            volume *= mapped[tensors.coupled[tensor][i]]
        }
        return volume
    }

    /// `ConstructSubClusterDimension`: the dimension sizes one sub-cluster holds in case `s`.
    func subClusterDimensions(_ s: MaestroCaseState, edgeEdge: Bool) -> MaestroDimensionTable {
        var sizes = MaestroDimensionTable(repeating: MaestroDimensionSizes.absent)
        for m in 0..<mapCount {
            let d = mapDimension[m]
            let size: Int
            if spatialMaps & (1 << m) == 0 {
                size = s.isEdge(m) ? mappedEdge[d] : mapped[d]
            } else if s.isInitial(m) {
                size = s.isEdge(m) && (edgeSubClusters == 1 || edgeEdge) ? mappedEdge[d] : mapped[d]
            } else if !s.isEdgePosition(m) {
                size = mapped[d]
            } else {
                size = edgeSubClusters == 1 || edgeEdge ? mappedEdge[d] : mapped[d]
            }
            if sizes[d] == MaestroDimensionSizes.absent { sizes[d] = size }
        }
        for (input, filter, output) in [
            (MaestroDimension.Y, MaestroDimension.R, MaestroDimension.outputY), (.X, .S, .outputX),
        ]
        where mapIndex[input] >= 0 && sizes[output] == MaestroDimensionSizes.absent {
            sizes[output] = sizes[input] - sizes[filter] + 1
        }
        return sizes
    }
}
