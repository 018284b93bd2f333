import Foundation

/// What a search found and how it got there.
public struct SearchResult: Sendable {
    public var engine: String
    public var bestConfiguration: Configuration?
    public var bestMetrics: Metrics?
    public var bestScore: Double
    /// Distinct configurations evaluated.
    public var evaluations: Int
    /// Ask/tell rounds, cached repeats included.
    public var asks = 0
    /// After each evaluation: (evaluation number, best score so far), for sample-efficiency plots.
    public var trace: [(evaluation: Int, best: Double)]
    /// The non-dominated set, for Pareto objectives.
    public var archive: ParetoArchive
}

/// Runs an engine against an evaluator with an evaluation budget, an optional time budget and a
/// seed. Evaluations are cached: a configuration (after conditional parameters collapse) is
/// never evaluated twice, and a repeat costs no budget — the engine is told the cached score.
public enum SearchDriver {
    /// A duration in seconds (for comparing with a time limit given as a Double, however large).
    public static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    /// Consecutive repeats after which a search is taken to have converged.
    public static let repeatLimit = 10_000

    public static func run<E: SearchEngine>(
        _ engine: E, space: SearchSpace, objective: SearchObjective, budget: Int,
        timeLimitSeconds: Double? = nil, seed: UInt64, shouldStop: () -> Bool = { false },
        evaluate: (Configuration) throws -> Metrics
    ) rethrows -> SearchResult {
        var engine = engine
        var rng = SeededRandomNumberGenerator(seed: seed)
        var cache: [Configuration: Double] = [:]
        var result = SearchResult(engine: engine.name, bestScore: .infinity, evaluations: 0, trace: [], archive: ParetoArchive())
        var scale: [String: Double] = [:]
        var repeats = 0
        let start = ContinuousClock.now
        while result.evaluations < budget, repeats < repeatLimit {
            if let limit = timeLimitSeconds, Self.seconds(ContinuousClock.now - start) > limit { break }
            if result.asks % 64 == 0, shouldStop() { break }
            guard let proposed = engine.ask(space, using: &rng) else { break }
            result.asks += 1
            let configuration = space.canonical(proposed)
            if let score = cache[configuration] {
                engine.tell(proposed, score: score)
                repeats += 1
                continue
            }
            repeats = 0
            let metrics = try evaluate(configuration)
            for name in objective.paretoMetrics where scale[name] == nil { scale[name] = metrics[name] }
            let score = objective.score(metrics, scale: scale)
            cache[configuration] = score
            result.evaluations += 1
            if !objective.paretoMetrics.isEmpty, score.isFinite {
                result.archive.insert(configuration, objective.paretoMetrics.map { metrics[$0] ?? .infinity })
            }
            if score < result.bestScore {
                result.bestScore = score
                result.bestConfiguration = configuration
                result.bestMetrics = metrics
            }
            result.trace.append((result.evaluations, result.bestScore))
            engine.tell(proposed, score: score)
        }
        return result
    }

    /// The same, with an ``Evaluator``.
    public static func run<E: SearchEngine>(
        _ engine: E, space: SearchSpace, objective: SearchObjective, budget: Int,
        timeLimitSeconds: Double? = nil, seed: UInt64, shouldStop: () -> Bool = { false }, evaluator: some Evaluator
    ) throws -> SearchResult {
        try run(engine, space: space, objective: objective, budget: budget, timeLimitSeconds: timeLimitSeconds, seed: seed,
                shouldStop: shouldStop, evaluate: evaluator.evaluate)
    }
}
