/// A greedy bit allocation, the classic baseline and DSEKit's MIP start for the ILP: every tie
/// group starts at its cheapest allowed choice (least budget use, each budget relative to its
/// limit), then repeatedly takes the move of one group to another choice that lowers Σ Ω the
/// most per unit of extra budget use while every budget still holds, until no such move is
/// left. The result is feasible when the start is; it is not optimal in general.
public struct MixedPrecisionGreedy: Sendable {
    /// The instance allocated.
    public let instance: MixedPrecisionInstance

    /// A greedy allocator for `instance`.
    public init(_ instance: MixedPrecisionInstance) {
        self.instance = instance
    }

    /// The configuration (choice index per layer), or nil when even the cheapest start breaks
    /// a budget.
    public func configuration(maximumMoves: Int = 100_000) -> [Int]? {
        let groups = instance.groups
        let budgets = instance.budgets
        // Choices each group may take (allowed by the first layer, compatible with every pin).
        let options = groups.map { group in
            instance.layers[group[0]].allowed.filter { c in
                group.allSatisfy { instance.pins[$0] == nil || instance.pins[$0] == c }
            }
        }
        func use(_ g: Int, _ c: Int) -> [Double] {
            budgets.map { budget in
                groups[g].reduce(0) {
                    $0 + (instance.cost(budget.resource, layer: $1, choice: c) ?? 0)
                }
            }
        }
        func omega(_ g: Int, _ c: Int) -> Double {
            groups[g].reduce(0) { $0 + instance.layers[$1].sensitivity[c] }
        }
        func weighted(_ amounts: [Double]) -> Double {
            zip(amounts, budgets).map { amount, budget in amount / max(abs(budget.limit), 1e-12) }
                .reduce(0, +)
        }
        var choice = [Int](repeating: 0, count: groups.count)
        var used = [Double](repeating: 0, count: budgets.count)
        for g in groups.indices {
            guard let cheapest = options[g].min(by: { weighted(use(g, $0)) < weighted(use(g, $1)) })
            else { return nil }
            choice[g] = cheapest
            for (k, amount) in use(g, cheapest).enumerated() { used[k] += amount }
        }
        func fits(_ amounts: [Double]) -> Bool {
            zip(amounts, budgets).allSatisfy { $0 <= $1.limit + 1e-9 * max(1, abs($1.limit)) }
        }
        guard fits(used) else { return nil }
        for _ in 0..<maximumMoves {
            var best: (g: Int, c: Int, score: Double, used: [Double])?
            for g in groups.indices {
                let current = use(g, choice[g])
                let currentOmega = omega(g, choice[g])
                for c in options[g] where c != choice[g] {
                    let gain = currentOmega - omega(g, c)
                    guard gain > 1e-12 else { continue }
                    let delta = zip(use(g, c), current).map { $0 - $1 }
                    let after = zip(used, delta).map { $0 + $1 }
                    guard fits(after) else { continue }
                    let score = gain / max(weighted(delta), 1e-12)
                    if best.map({ score > $0.score }) ?? true { best = (g, c, score, after) }
                }
            }
            guard let move = best else { break }
            choice[move.g] = move.c
            used = move.used
        }
        var configuration = [Int](repeating: 0, count: instance.layers.count)
        for (g, group) in groups.enumerated() {
            for layer in group { configuration[layer] = choice[g] }
        }
        return configuration
    }
}
