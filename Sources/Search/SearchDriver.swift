import Foundation

/// What a search found and how it got there.
public struct SearchResult: Sendable {
    /// The engine's name.
    public var engine: String
    /// The best configuration found (value indices); nil when none meets the constraints.
    public var bestConfiguration: Configuration?
    /// Its metrics.
    public var bestMetrics: Metrics?
    /// Its score (what the driver minimises; infinity when none is feasible).
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

    /// Told after each evaluated batch: the distinct evaluations so far and the best score
    /// (infinity until a configuration meets the constraints). Called from the searching
    /// thread, as often as every evaluation: it must be cheap.
    public typealias Observer = (_ evaluations: Int, _ bestScore: Double) -> Void

    /// Runs `engine` against the evaluator closure `evaluate`, one configuration at a time.
    public static func run<E: SearchEngine>(
        _ engine: E, space: SearchSpace, objective: SearchObjective, budget: Int,
        timeLimitSeconds: Double? = nil, seed: UInt64, shouldStop: () -> Bool = { false },
        observe: Observer? = nil,
        evaluate: (Configuration) throws -> Metrics
    ) rethrows -> SearchResult {
        try run(
            engine, space: space, objective: objective, budget: budget,
            timeLimitSeconds: timeLimitSeconds, seed: seed, jobs: 1,
            shouldStop: shouldStop, observe: observe,
            evaluateBatch: {
                try $0.map { configuration -> Metrics? in try evaluate(configuration) }
            })
    }

    /// The same, evaluating up to `jobs` configurations at a time (`evaluateBatch` gets them in ask
    /// order and answers in that order; it may run them in parallel; a nil answer means the
    /// configuration was not evaluated — the search was stopped — and ends the search there). An
    /// engine that ``SearchEngine/asksInBatches`` is asked for up to `jobs` configurations before
    /// it is told their scores (in ask order); any other is asked one at a time whatever `jobs`
    /// says, since it learns from each answer before the next ask. For a given engine, seed and
    /// `jobs` the sequence of asks is the same on every run, which is what lets an
    /// ``EvaluationLog`` replay a search.
    public static func run<E: SearchEngine>(
        _ engine: E, space: SearchSpace, objective: SearchObjective, budget: Int,
        timeLimitSeconds: Double? = nil, seed: UInt64, jobs: Int,
        shouldStop: () -> Bool = { false }, observe: Observer? = nil,
        evaluateBatch: ([Configuration]) throws -> [Metrics?]
    ) rethrows -> SearchResult {
        var engine = engine
        var rng = SeededRandomNumberGenerator(seed: seed)
        var cache: [Configuration: Double] = [:]
        var result = SearchResult(
            engine: engine.name, bestScore: .infinity, evaluations: 0, trace: [],
            archive: ParetoArchive())
        var scale: [String: Double] = [:]
        var repeats = 0
        var exhausted = false
        // The stop hook is asked every 64 asks, repeats included (microsecond evaluators would
        // feel more); a slow evaluator watches for the stop itself and answers nil.
        var nextStopCheck = 0
        var stopRequested = false
        func stopDue() -> Bool {
            guard result.asks >= nextStopCheck else { return false }
            nextStopCheck = result.asks + 64
            stopRequested = shouldStop()
            return stopRequested
        }
        let start = ContinuousClock.now
        let width = engine.asksInBatches ? max(jobs, 1) : 1
        while result.evaluations < budget, repeats < repeatLimit, !exhausted {
            if let limit = timeLimitSeconds, Self.seconds(ContinuousClock.now - start) > limit {
                break
            }
            if stopDue() { break }
            var batch: [Configuration] = []
            var told: [(proposed: Configuration, canonical: Configuration)] = []
            while batch.count < min(width, budget - result.evaluations), repeats < repeatLimit {
                guard let proposed = engine.ask(space, using: &rng) else {
                    exhausted = true
                    break
                }
                result.asks += 1
                let configuration = space.canonical(proposed)
                if let score = cache[configuration] {
                    engine.tell(proposed, score: score)
                    repeats += 1
                    if stopDue() { break }
                    continue
                }
                told.append((proposed, configuration))
                if batch.contains(configuration) {
                    repeats += 1
                    continue
                }
                repeats = 0
                batch.append(configuration)
            }
            if stopRequested { break }
            guard !batch.isEmpty else { continue }
            let answers = try evaluateBatch(batch)
            var stopped = answers.count < batch.count
            for (configuration, answer) in zip(batch, answers) {
                guard let metrics = answer else {
                    stopped = true
                    continue
                }
                for name in objective.paretoMetrics where scale[name] == nil {
                    scale[name] = metrics[name]
                }
                let score = objective.score(metrics, scale: scale)
                cache[configuration] = score
                result.evaluations += 1
                if !objective.paretoMetrics.isEmpty, score.isFinite {
                    result.archive.insert(
                        configuration, objective.paretoMetrics.map { metrics[$0] ?? .infinity })
                }
                if score < result.bestScore {
                    result.bestScore = score
                    result.bestConfiguration = configuration
                    result.bestMetrics = metrics
                }
                result.trace.append((result.evaluations, result.bestScore))
            }
            observe?(result.evaluations, result.bestScore)
            if stopped { break }
            for (proposed, configuration) in told {
                engine.tell(proposed, score: cache[configuration] ?? .infinity)
            }
        }
        return result
    }

    /// The same, with an ``Evaluator``.
    public static func run<E: SearchEngine>(
        _ engine: E, space: SearchSpace, objective: SearchObjective, budget: Int,
        timeLimitSeconds: Double? = nil, seed: UInt64, shouldStop: () -> Bool = { false },
        observe: Observer? = nil,
        evaluator: some Evaluator
    ) throws -> SearchResult {
        try run(
            engine, space: space, objective: objective, budget: budget,
            timeLimitSeconds: timeLimitSeconds, seed: seed,
            shouldStop: shouldStop, observe: observe, evaluate: evaluator.evaluate)
    }
}
