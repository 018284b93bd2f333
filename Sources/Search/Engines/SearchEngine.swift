/// A search engine over a ``SearchSpace``, driven by ask/tell: ask for a configuration, tell its
/// score (lower is better; +∞ for one that breaks a constraint).
public protocol SearchEngine: Sendable {
    var name: String { get }
    /// The next configuration to evaluate, or nil when the engine has nothing left to propose.
    mutating func ask(_ space: SearchSpace, using rng: inout SeededRandomNumberGenerator)
        -> Configuration?
    mutating func tell(_ configuration: Configuration, score: Double)
    /// Whether the engine may be asked for several configurations before it is told their
    /// scores (for parallel evaluation). False unless an engine says so: most learn from each
    /// answer before the next ask.
    var asksInBatches: Bool { get }
}

extension SearchEngine {
    /// False by default: the engine learns from each score before the next ask.
    public var asksInBatches: Bool { false }
}

/// Turns scores (lower is better) into rewards in [0, 1] by the best and worst finite scores
/// seen so far; an infeasible score is reward 0. Bandit and RL engines learn from these.
struct RewardScale: Sendable {
    var best = Double.infinity, worst = -Double.infinity

    mutating func reward(_ score: Double) -> Double {
        guard score.isFinite else { return 0 }
        best = min(best, score)
        worst = max(worst, score)
        return worst > best ? (worst - score) / (worst - best) : 0.5
    }
}
