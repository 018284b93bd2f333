import LinearModel

/// The Mélange ILP, in two equivalent forms.
///
/// Both minimise `Σ_g price_g · count_g` subject to: each bucket's rate is fully assigned; the
/// pooled load on a type, `Σ_b assigned rate_b / throughput_bg`, is at most `count_g` GPUs;
/// `count_g` is a non-negative integer (at most its cap).
///
/// - ``Kind/slicesPerType`` (ours): an integer `n_bg ∈ {0…S}` = how many of bucket b's S equal
///   slices go to type g, with `Σ_g n_bg = S`. Slices of a bucket are identical, so only their
///   number per type matters: any binary per-slice assignment maps to the counts n_bg with the
///   same loads and cost, and any n_bg is realised by handing the first n_b1 slices to type 1,
///   and so on. The optimum is therefore the same, without the authors' slice symmetry (S!
///   equivalent relabellings per bucket for branch-and-bound to wade through).
///   With ``MelangeInstance/SliceFactor/fluid`` the n_bg become continuous shares in [0, 1].
/// - ``Kind/binaryPerSlice``: the authors' model (melange-release `solver.py`): one binary per
///   (slice, type). Kept for equivalence tests and benchmarks.
///
/// A type with throughput 0 for a bucket gets no variable for it (the authors' code would
/// divide by zero).
public struct MelangeFormulation: Sendable {
    /// The ILP's shape: one integer per GPU type and slice (DSEKit's) or the authors' binary per
    /// slice and type.
    public enum Kind: String, Sendable, CaseIterable {
        case slicesPerType = "slices-per-type"
        case binaryPerSlice = "binary-per-slice"
    }

    /// The instance formulated.
    public let instance: MelangeInstance
    /// Which formulation.
    public let kind: Kind
    /// The ILP.
    public private(set) var model: Model
    /// GPUs per type.
    public private(set) var counts: [Variable] = []
    /// Per bucket and type: the variables whose values sum to the slices (or share) of the
    /// bucket given to the type.
    private var assignment: [[[Variable]]] = []

    /// Slices per bucket (1 for fluid: the variables are then shares).
    private var slices: Int {
        if case .slices(let n) = instance.sliceFactor { return n }
        return 1
    }

    /// The ILP of `instance` in the chosen formulation.
    public init(_ instance: MelangeInstance, kind: Kind = .slicesPerType) throws(ModelError) {
        self.instance = instance
        self.kind = kind
        self.model = Model(name: "melange-\(kind.rawValue)")
        let fluid = instance.sliceFactor == .fluid
        let S = slices
        for gpu in instance.gpus {
            counts.append(
                try model.addVariable(
                    "count[\(gpu.name)]", kind: .integer, lowerBound: 0,
                    upperBound: gpu.maxCount.map(Double.init) ?? .infinity))
        }
        var load = Array(repeating: LinearExpression(), count: instance.gpus.count)
        for b in instance.bucketRates.indices {
            var perType: [[Variable]] = Array(repeating: [], count: instance.gpus.count)
            let rate = instance.bucketRates[b]
            guard rate > 0 else {
                assignment.append(perType)
                continue
            }
            // A type capped at 0 keeps its variables (its count bound forces them to 0), so an
            // infeasibility explanation can name the cap.
            let servable = instance.gpus.indices.filter {
                instance.loadPerRate(bucket: b, gpu: $0) != nil
            }
            switch kind {
            case .slicesPerType:
                var total = LinearExpression()
                for g in servable {
                    let n = try model.addVariable(
                        "n[\(b),\(instance.gpus[g].name)]", kind: fluid ? .continuous : .integer,
                        lowerBound: 0, upperBound: Double(S))
                    perType[g] = [n]
                    total += n
                    load[g].add(
                        rate / Double(S) * (instance.loadPerRate(bucket: b, gpu: g) ?? 0), n)
                }
                try model.addConstraint(total == Double(S), name: "assign[\(b)]")
            case .binaryPerSlice:
                for s in 0..<S {
                    var total = LinearExpression()
                    for g in servable {
                        let x = try model.addVariable(
                            "x[\(b),\(s),\(instance.gpus[g].name)]",
                            kind: fluid ? .continuous : .binary,
                            lowerBound: 0, upperBound: 1)
                        perType[g].append(x)
                        total += x
                        load[g].add(
                            rate / Double(S) * (instance.loadPerRate(bucket: b, gpu: g) ?? 0), x)
                    }
                    try model.addConstraint(total == 1, name: "assign[\(b),\(s)]")
                }
            }
            assignment.append(perType)
        }
        for g in instance.gpus.indices {
            try model.addConstraint(
                load[g] <= LinearExpression(counts[g]), name: "capacity[\(instance.gpus[g].name)]")
        }
        try model.minimize(
            LinearExpression.sum(instance.gpus.indices) {
                instance.gpus[$0].pricePerHour * counts[$0]
            })
    }

    /// The model's point for an allocation (a MIP start), or nil when the allocation does not
    /// fit this formulation (a share that is not a whole number of slices, an unservable pair).
    public func point(from allocation: MelangeAllocation) -> [Double]? {
        guard allocation.counts.count == counts.count, allocation.shares.count == assignment.count
        else { return nil }
        var values = [Double](repeating: 0, count: model.variableCount)
        for (g, count) in allocation.counts.enumerated() { values[counts[g].index] = Double(count) }
        let S = slices
        for (b, perType) in assignment.enumerated() {
            var nextSlice = 0
            for (g, variables) in perType.enumerated() {
                let share = allocation.shares[b][g]
                guard share > 1e-12 else { continue }
                guard !variables.isEmpty else { return nil }
                let wholeSlices = (share * Double(S)).rounded()
                if instance.sliceFactor != .fluid, abs(wholeSlices - share * Double(S)) > 1e-9 {
                    return nil
                }
                switch kind {
                case .slicesPerType:
                    values[variables[0].index] =
                        instance.sliceFactor == .fluid ? share : wholeSlices
                case .binaryPerSlice:
                    if instance.sliceFactor == .fluid {
                        values[variables[0].index] = share
                        continue
                    }
                    for _ in 0..<Int(wholeSlices) {
                        guard nextSlice < variables.count else { return nil }
                        values[variables[nextSlice].index] = 1
                        nextSlice += 1
                    }
                }
            }
        }
        return values
    }

    /// The allocation a solution describes, or nil when it has no point.
    public func allocation(from solution: Solution) -> MelangeAllocation? {
        guard let values = solution.variableValues else { return nil }
        let S = Double(slices)
        let shares = assignment.map { perType in
            perType.map { variables in variables.reduce(0) { $0 + values[$1.index] } / S }
        }
        // A count beyond Int (a solver failure) becomes Int.max, which the allocation check
        // rejects.
        return MelangeAllocation(
            counts: counts.map { Int(exactly: values[$0.index].rounded()) ?? Int.max },
            shares: shares)
    }
}

/// GPUs per type and the share of each bucket's rate each type serves.
public struct MelangeAllocation: Sendable, Equatable {
    /// GPUs per type (instance order).
    public var counts: [Int]
    /// `shares[b][g]`: fraction of bucket b's rate served by type g (all 0 for a bucket without
    /// demand).
    public var shares: [[Double]]

    /// An allocation with these counts and shares.
    public init(counts: [Int], shares: [[Double]]) {
        self.counts = counts
        self.shares = shares
    }

    /// Load on each type, in GPUs: `Σ_b share_bg · rate_b / throughput_bg`.
    public func loads(_ instance: MelangeInstance) -> [Double] {
        instance.gpus.indices.map { g in
            instance.bucketRates.indices.reduce(0) { total, b in
                let share = shares[b][g]
                guard share > 0 else { return total }
                return total + share * instance.bucketRates[b]
                    * (instance.loadPerRate(bucket: b, gpu: g) ?? .infinity)
            }
        }
    }

    /// The allocation's cost, $/hour.
    public func costPerHour(_ instance: MelangeInstance) -> Double {
        instance.gpus.indices.reduce(0) { $0 + Double(counts[$1]) * instance.gpus[$1].pricePerHour }
    }

    /// Everything wrong with this allocation, recomputed from the instance alone (empty when it
    /// is valid): every bucket with demand fully assigned in whole slices to types that can
    /// serve it, every type's load within its GPUs, counts within caps.
    public func problems(_ instance: MelangeInstance) -> [String] {
        var found: [String] = []
        let tolerance = 1e-6
        for b in instance.bucketRates.indices where instance.bucketRates[b] > 0 {
            let label = instance.bucketLabels[b]
            let total = shares[b].reduce(0, +)
            if abs(total - 1) > tolerance {
                found.append("bucket \(label) is \(total * 100) % assigned, not 100 %")
            }
            for g in instance.gpus.indices where shares[b][g] > tolerance {
                if instance.loadPerRate(bucket: b, gpu: g) == nil {
                    found.append(
                        "bucket \(label) is sent to \(instance.gpus[g].name), which cannot serve it"
                    )
                }
                if case .slices(let S) = instance.sliceFactor {
                    let n = shares[b][g] * Double(S)
                    if abs(n - n.rounded()) > tolerance {
                        found.append(
                            """
                            bucket \(label) gives \(n) slices to \(instance.gpus[g].name), not \
                            a whole number
                            """
                        )
                    }
                }
                if shares[b][g] < -tolerance {
                    found.append("bucket \(label) has a negative share")
                }
            }
        }
        for (g, load) in loads(instance).enumerated() {
            let gpu = instance.gpus[g]
            if counts[g] < 0 { found.append("\(gpu.name): negative count \(counts[g])") }
            if load > Double(counts[g]) + tolerance * max(1, load) {
                found.append("\(gpu.name): load \(load) GPUs exceeds its \(counts[g]) GPUs")
            }
            if let cap = gpu.maxCount, counts[g] > cap {
                found.append("\(gpu.name): \(counts[g]) GPUs exceed the cap of \(cap)")
            }
        }
        return found
    }
}
