import LinearModel

/// A 0-1 knapsack instance with a brute-force reference answer.
public struct Knapsack: Sendable {
    public var values: [Double]
    public var weights: [Double]
    public var capacity: Double

    public init(values: [Double], weights: [Double], capacity: Double) {
        self.values = values
        self.weights = weights
        self.capacity = capacity
    }

    /// Integer data, `n` items, capacity about half the total weight.
    public static func random(items n: Int, seed: UInt64) -> Knapsack {
        var rng = SplitMix64(seed: seed)
        let values = (0..<n).map { _ in Double(Int.random(in: 1...60, using: &rng)) }
        let weights = (0..<n).map { _ in Double(Int.random(in: 1...40, using: &rng)) }
        return Knapsack(
            values: values, weights: weights, capacity: (weights.reduce(0, +) / 2).rounded(.down))
    }

    /// The optimum by enumerating all 2ⁿ subsets.
    public var bruteForceOptimum: Double {
        let n = values.count
        var best = 0.0
        for mask in 0..<(1 << n) {
            var value = 0.0
            var weight = 0.0
            for i in 0..<n where mask & (1 << i) != 0 {
                value += values[i]
                weight += weights[i]
            }
            if weight <= capacity { best = max(best, value) }
        }
        return best
    }

    /// The ILP: maximize value subject to the capacity row, one binary per item.
    public func model() throws -> (Model, [Variable]) {
        var model = Model(name: "knapsack")
        let x = try model.addVariables(values.count, namePrefix: "take", kind: .binary)
        try model.addConstraint(
            LinearExpression(variables: x, coefficients: weights) <= capacity, name: "capacity")
        try model.maximize(LinearExpression(variables: x, coefficients: values))
        return (model, x)
    }
}

/// A square assignment problem with a brute-force reference answer.
public struct Assignment: Sendable {
    public var cost: [[Double]]

    public static func random(size n: Int, seed: UInt64) -> Assignment {
        var rng = SplitMix64(seed: seed)
        return Assignment(
            cost: (0..<n).map { _ in
                (0..<n).map { _ in Double(Int.random(in: 1...99, using: &rng)) }
            })
    }

    public init(cost: [[Double]]) {
        self.cost = cost
    }

    /// The minimum over all n! permutations.
    public var bruteForceOptimum: Double {
        var best = Double.infinity
        var permutation = Array(0..<cost.count)
        func visit(_ k: Int) {
            if k == permutation.count {
                best = min(
                    best, permutation.enumerated().reduce(0) { $0 + cost[$1.offset][$1.element] })
                return
            }
            for i in k..<permutation.count {
                permutation.swapAt(k, i)
                visit(k + 1)
                permutation.swapAt(k, i)
            }
        }
        visit(0)
        return best
    }

    /// Binary x[i][j]: worker i does job j; each row and column sums to 1.
    public func model(kind: VariableKind = .binary) throws -> Model {
        let n = cost.count
        var model = Model(name: "assignment")
        var x: [[Variable]] = []
        for i in 0..<n {
            x.append(
                try model.addVariables(
                    n, namePrefix: "x_\(i)_", kind: kind, lowerBound: 0, upperBound: 1))
        }
        for i in 0..<n { try model.addConstraint(x[i].sum() == 1, name: "worker\(i)") }
        for j in 0..<n {
            try model.addConstraint((0..<n).map { x[$0][j] }.sum() == 1, name: "job\(j)")
        }
        try model.minimize(
            LinearExpression.sum(0..<n) { i in
                LinearExpression(variables: x[i], coefficients: cost[i])
            })
        return model
    }
}

/// A subset-sum MIP that GLPK cannot finish in seconds: even weights, odd capacity, so the LP
/// bound is never attained while incumbents come quickly. For time-limit and stop tests.
public func hardSubsetSum(items n: Int = 40, seed: UInt64 = 7) throws -> Model {
    var rng = SplitMix64(seed: seed)
    let weights = (0..<n).map { _ in Double(2 * Int.random(in: 500_000...1_000_000, using: &rng)) }
    let capacity = Double(Int(weights.reduce(0, +) / 2) | 1)
    var model = Model(name: "hard-subset-sum")
    let x = try model.addVariables(n, namePrefix: "x", kind: .binary)
    let total = LinearExpression(variables: x, coefficients: weights)
    try model.addConstraint(total <= capacity, name: "capacity")
    try model.maximize(total)
    return model
}

/// A dense packing LP of `rows` × `columns` (300 × 1000 = 300,000 non-zeros by default): too big
/// to load within a 1 MiB GLPK memory limit.
public func densePackingModel(rows: Int = 300, columns: Int = 1000) throws -> Model {
    var model = Model(name: "big")
    let x = try model.addVariables(columns, namePrefix: "x", upperBound: 1)
    for r in 0..<rows {
        try model.addConstraint(
            LinearExpression(
                variables: x, coefficients: x.indices.map { Double(($0 + r) % 13 + 1) }) <= 100)
    }
    try model.maximize(x.sum())
    return model
}

/// A market split instance (Cornuéjols & Dawande): `rows` equality rows over `columns` binaries
/// with random weights in 0…99 and right-hand sides half the row sums, each row's miss paid
/// by slacks. Incumbents come at once; proving optimality takes a huge tree — a MIP whose
/// branch and bound outgrows any small memory limit.
public func marketSplitModel(rows: Int = 4, columns: Int = 40, seed: UInt64 = 5) throws -> Model {
    var rng = SplitMix64(seed: seed)
    var model = Model(name: "market-split")
    let x = try model.addVariables(columns, namePrefix: "x", kind: .binary)
    var objective = LinearExpression()
    for r in 0..<rows {
        let weights = (0..<columns).map { _ in Double(rng.next() % 100) }
        let over = try model.addVariable("over[\(r)]")
        let under = try model.addVariable("under[\(r)]")
        try model.addConstraint(
            LinearExpression(variables: x, coefficients: weights) + over - under
                == (weights.reduce(0, +) / 2).rounded(.down))
        objective += over
        objective += under
    }
    try model.minimize(objective)
    return model
}
