/// Named metrics of one evaluated configuration (e.g. `latency_us`, `power_w`).
public typealias Metrics = [String: Double]

/// What a search optimises, as a single score where lower is better, plus constraints on metrics.
public struct SearchObjective: Sendable {
    /// What the search optimises.
    public enum Goal: Sendable {
        case minimize(String)
        case maximize(String)
        /// Get a metric as close to a target as possible (ArchGym's target-seeking reward).
        case target(String, Double)
        /// Minimise Σ weight · metric.
        case weighted([(metric: String, weight: Double)])
        /// Several metrics, all minimised; the search keeps a Pareto archive. The score that steers
        /// engines is their sum after scaling each by its first observed value.
        case pareto([String])
    }

    /// `metric ≤ limit` (or ≥ with `atLeast`); a configuration that breaks one scores +∞.
    public struct Constraint: Sendable {
        /// The metric constrained.
        public var metric: String
        /// Its limit.
        public var limit: Double
        /// Whether the metric must be at least the limit (else at most).
        public var atLeast: Bool

        /// `metric ≤ limit`.
        public init(_ metric: String, atMost limit: Double) {
            self.metric = metric
            self.limit = limit
            self.atLeast = false
        }
        /// `metric ≥ limit`.
        public init(_ metric: String, atLeast limit: Double) {
            self.metric = metric
            self.limit = limit
            self.atLeast = true
        }

        func holds(_ metric: (String) -> Double?) -> Bool {
            guard let value = metric(self.metric) else { return false }
            return atLeast ? value >= limit : value <= limit
        }
    }

    /// What the search optimises.
    public var goal: Goal
    /// Requirements a configuration must meet; one that breaks any scores infinity.
    public var constraints: [Constraint]

    /// An objective with `goal` under `constraints`.
    public init(_ goal: Goal, constraints: [Constraint] = []) {
        self.goal = goal
        self.constraints = constraints
    }

    /// A score as the objective's own number: a maximised metric's value, not its negation
    /// (other goals' scores are their own numbers).
    public func reported(_ score: Double) -> Double {
        if case .maximize = goal { return -score }
        return score
    }

    /// The metrics a Pareto goal minimises (empty otherwise).
    public var paretoMetrics: [String] {
        if case .pareto(let names) = goal { return names }
        return []
    }

    /// Lower is better; +∞ for a configuration that breaks a constraint or lacks a metric.
    /// `scale` (Pareto only) divides each metric so they weigh alike.
    public func score(_ metrics: Metrics, scale: [String: Double] = [:]) -> Double {
        score(scale: scale) { metrics[$0] }
    }

    /// The same, reading metrics through a function (no dictionary to build per evaluation).
    public func score(scale: [String: Double] = [:], metric: (String) -> Double?) -> Double {
        guard constraints.allSatisfy({ $0.holds(metric) }) else { return .infinity }
        func value(_ name: String) -> Double { metric(name) ?? .infinity }
        switch goal {
        case .minimize(let name): return value(name)
        case .maximize(let name): return -value(name)
        case .target(let name, let target): return abs(value(name) - target)
        case .weighted(let terms): return terms.reduce(0) { $0 + $1.weight * value($1.metric) }
        case .pareto(let names):
            return names.reduce(0) { $0 + value($1) / max(abs(scale[$1] ?? 1), 1e-300) }
        }
    }
}
