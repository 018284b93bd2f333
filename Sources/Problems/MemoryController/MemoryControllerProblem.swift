import CostModels
import Foundation
import LinearModel
import Search

/// The `memory-controller` family: choose DRAMSys's ten controller knobs for a workload trace
/// (Krishnan et al., "Multi-Agent Reinforcement Learning for Microprocessor Design Space
/// Exploration", 2022, on ArchGym's DRAMGym), searching with bandits (MABFuzz), multi-agent
/// or single-agent RL, a GA, random or exhaustive search over the analytical
/// `DRAMControllerModel`.
public struct MemoryControllerProblem: ProblemFamily {
    /// The `family:` word in problem files.
    public static let name = "memory-controller"
    /// One line for `dse families`.
    public static let summary =
        """
        DRAM controller knobs for a trace: bandit / multi-agent RL / GA search on an \
        analytical DDR3 model (ArchGym DRAMGym)
        """

    /// Where the trace came from, for reports.
    public var traceSource: String
    /// The memory trace (all initiators merged in arrival order).
    public var trace: DRAMTrace
    /// The controller model on the trace and device.
    public var model: DRAMControllerModel
    /// (knob index, knob code) held fixed.
    public var pins: [(knob: Int, code: Int)]
    /// The value sets the search draws from (`space:` in the file; default
    /// `MemoryControllerDesignSpace.marl`).
    public var designSpace: MemoryControllerDesignSpace
    /// What the search optimises, under which constraints.
    public var objective: SearchObjective
    /// The objective in words, for reports.
    public var objectiveText: String
    /// The search engine and its settings.
    public var engine: SearchEngineSpec
    /// Evaluations the search may run.
    public var budget: Int
    /// The engine's seed.
    public var seed: UInt64
    /// Seconds the search may take (`time_limit_s:`), if set.
    public var timeLimitSeconds: Double?
    /// Whether knobs that cannot matter for the trace are collapsed out of the search.
    public var collapse: Bool
    /// nil: when the searched space has at most ``exhaustiveLimit`` configurations.
    public var exhaustive: Bool?
    /// Where to write the best-so-far trace as CSV, if anywhere.
    public var bestSoFarCSV: String?

    /// The largest searched space `exhaustive: auto` enumerates: ArchGym's GA/BO space collapses
    /// to 3.2 M configurations on a read-only trace, about a second at the model's ≥ 3 M
    /// evaluations/s once its schedules are replayed.
    public static let exhaustiveLimit = 5_000_000
    /// With several initiators, the most requests `exhaustive: auto` replays for schedules with a
    /// binding transaction limit (about 2 ms per 1,000 requests on one core of a release build).
    public static let exhaustiveReplayLimit = 2_000_000
    /// Objective words → the metric minimised.
    public static let shorthands = [
        "latency": "latency_us", "power": "power_w", "energy": "energy_uj",
        "mean_latency": "mean_latency_ns",
    ]

    /// Reads and validates a problem file (the whole document, `family:` included).
    public init(spec: SpecNode) throws(ProblemFileError) {
        self = try MemoryControllerSpecReader.read(spec)
    }

    init(
        traceSource: String, trace: DRAMTrace, model: DRAMControllerModel,
        designSpace: MemoryControllerDesignSpace = .marl, pins: [(knob: Int, code: Int)],
        objective: SearchObjective, objectiveText: String,
        engine: SearchEngineSpec, budget: Int, seed: UInt64, timeLimitSeconds: Double?,
        collapse: Bool, exhaustive: Bool?, bestSoFarCSV: String?
    ) {
        self.traceSource = traceSource
        self.trace = trace
        self.model = model
        self.pins = pins
        self.designSpace = designSpace
        self.objective = objective
        self.objectiveText = objectiveText
        self.engine = engine
        self.budget = budget
        self.seed = seed
        self.timeLimitSeconds = timeLimitSeconds
        self.collapse = collapse
        self.exhaustive = exhaustive
        self.bestSoFarCSV = bestSoFarCSV
    }

    /// Whether the objective or a constraint looks at the mean request latency.
    var usesMeanLatency: Bool {
        let name = "mean_latency_ns"
        if objective.constraints.contains(where: { $0.metric == name }) { return true }
        switch objective.goal {
        case .minimize(let m), .maximize(let m), .target(let m, _): return m == name
        case .weighted(let terms): return terms.contains { $0.metric == name }
        case .pareto(let names): return names.contains(name)
        }
    }

    /// The searched space: pins, collapsed knobs and merged values applied.
    public var space: MemoryControllerSpace {
        MemoryControllerSpace(
            model: model, designSpace: designSpace, pins: pins, collapse: collapse,
            usesMeanLatency: usesMeanLatency)
    }

    /// Budget checkpoints reported as `best_at_N` columns (log-spaced, up to the budget).
    var checkpoints: [Int] {
        let steps = [10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000].filter { $0 < budget }
        return steps + [budget]
    }

    /// The CSV columns of a batch run, known before solving.
    public var resultColumnNames: [String] {
        ["trace", "engine", "seed", "budget", "evaluations"]
            + DRAMMetrics.metricNames.prefix(6).map { $0 }
            + ["best_config", "exhaustive_optimum", "gap_to_exhaustive", "evaluations_to_1pct"]
            + checkpoints.map { "best_at_\($0)" }
    }

    /// ", N initiators" with several trace players, else nothing.
    var initiatorsText: String {
        model.profile.initiatorCount > 1 ? ", \(model.profile.initiatorCount) initiators" : ""
    }

    /// What the problem is, in a line or two (for `dse validate`).
    public var overview: String {
        let space = self.space
        return
            """
            memory-controller: trace \(traceSource) (\(model.profile.requestCount) requests, \
            \(model.profile.writeCount) writes\(initiatorsText)), 
            """
                + """
                \(objectiveText), engine \(engine), budget \(budget), seed \(seed); searching \
                \(space.space.parameters.count) of 10 knobs 
                """
                    + """
                    (\(space.space.canonicalSize) configurations of \(designSpace.size) in the \
                    \(designSpace.name) space)
                    """
    }

    /// A search over analytical models: no ILP, so no ``SolverChoice`` applies.
    public static var usesSolver: Bool { false }

    /// Runs the search; `solver` is not used (the family solves no ILP).
    public func solve(options: SolveOptions, solver: any Solver) throws -> any ProblemResult {
        try solveSearch(options: options)
    }

    /// The score a search minimises, for a configuration.
    func score(_ metrics: DRAMMetrics, scale: [String: Double] = [:]) -> Double {
        objective.score(scale: scale) { metrics.value(named: $0) }
    }

    static func metrics(_ metrics: DRAMMetrics) -> Metrics {
        Dictionary(uniqueKeysWithValues: metrics.named)
    }

    /// Runs the search (and the exhaustive optimum where the space allows) and returns the family's
    /// own result type.
    public func solveSearch(options: SolveOptions) throws -> MemoryControllerResult {
        let start = ContinuousClock.now
        let space = self.space
        let model = self.model
        let evaluator = ClosureEvaluator { Self.metrics(model.evaluate(space.configuration($0))) }
        let limit = options.timeLimitSeconds ?? timeLimitSeconds
        var search: SearchResult?
        if !space.space.parameters.isEmpty {
            let stage = "search (\(engine.kind.rawValue))"
            let budget = self.budget
            options.report(WorkProgress(stage: stage, done: 0, total: budget, unit: "evaluations"))
            var observe: SearchDriver.Observer?
            if let report = options.reportProgress {
                observe = { evaluations, best in
                    report(
                        WorkProgress(
                            stage: stage, done: evaluations, total: budget, unit: "evaluations",
                            best: best.isFinite ? self.objective.reported(best) : nil))
                }
            }
            search = try SearchDriver.run(
                engine.makeEngine(horizon: budget), space: space.space, objective: objective,
                budget: budget,
                timeLimitSeconds: limit, seed: seed, shouldStop: { options.isCancelled },
                observe: observe, evaluator: evaluator)
        }
        let elapsed = ContinuousClock.now - start
        let stop: MemoryControllerResult.Stop
        if options.isCancelled {
            stop = .interrupted
        } else if let limit, let search, search.evaluations < budget,
            SearchDriver.seconds(elapsed) >= limit
        {
            stop = .timeLimit
        } else {
            stop = .finished
        }
        var optimum: MemoryControllerResult.Exhaustive?
        var skipped: String?
        if exhaustive != false, !space.space.parameters.isEmpty, stop == .finished {
            // With one initiator a transaction limit rarely binds and the enumeration takes
            // seconds; with several, every limit below a player's length is a schedule of its own.
            var work = 0
            if exhaustive != true, space.space.canonicalSize <= Self.exhaustiveLimit,
                model.profile.initiatorCount >= 2
            {
                options.report(
                    WorkProgress(stage: "exhaustive optimum: counting the schedules to replay"))
                work = exhaustiveReplayedRequests(space: space)
            }
            if exhaustive == true
                || space.space.canonicalSize <= Self.exhaustiveLimit
                    && work <= Self.exhaustiveReplayLimit
            {
                optimum = exhaustiveOptimum(space: space, options: options)
            } else if space.space.canonicalSize <= Self.exhaustiveLimit {
                skipped =
                    """
                    it would replay \(work / max(model.profile.requestCount, 1)) schedules of \
                    \(model.profile.requestCount) requests 
                    """
                        + """
                        (with several initiators every transaction limit is a schedule of its \
                        own); `exhaustive: true` waits for it
                        """
            }
        }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        let result = MemoryControllerResult(
            problem: self, space: space, search: search, exhaustive: optimum,
            exhaustiveSkipped: skipped,
            stop: stop, seconds: seconds)
        if let path = bestSoFarCSV {
            try result.bestSoFarCSV().write(toFile: path, atomically: true, encoding: .utf8)
        }
        return result
    }

    /// Requests the enumeration of `space` would still replay once its schedules without a
    /// transaction limit are done (this does them).
    public func exhaustiveReplayedRequests(space: MemoryControllerSpace) -> Int {
        let replays = model.profile.limitedReplaysNeeded { visit in
            space.space.forEachCanonicalConfiguration { visit(space.configuration($0)) }
        }
        return replays * model.profile.requestCount
    }

    /// Every configuration of the searched space: the best score (and Pareto front).
    /// `options` hears the progress (schedules replayed, then configurations evaluated).
    public func exhaustiveOptimum(
        space: MemoryControllerSpace, options: SolveOptions = SolveOptions()
    ) -> MemoryControllerResult.Exhaustive {
        var best = Double.infinity
        var bestChoices: Configuration?
        var bestMetrics: DRAMMetrics?
        var archive = ParetoArchive()
        var count = 0
        let pareto = objective.paretoMetrics
        let report = options.reportProgress
        var replayProgress: (@Sendable (Int, Int) -> Void)?
        if let report {
            report(WorkProgress(stage: "exhaustive optimum: replaying the trace"))
            replayProgress = { replayed, schedules in
                report(
                    WorkProgress(
                        stage: "exhaustive optimum: replaying the trace", done: replayed,
                        total: schedules, unit: "schedules"))
            }
        }
        model.profile.prepare(
            { visit in space.space.forEachCanonicalConfiguration { visit(space.configuration($0)) }
            }, progress: replayProgress)
        let size = space.space.canonicalSize
        space.space.forEachCanonicalConfiguration { choices in
            count += 1
            if let report, count & 4095 == 0 {
                report(
                    WorkProgress(
                        stage: "exhaustive optimum", done: count, total: size,
                        unit: "configurations",
                        best: best.isFinite ? objective.reported(best) : nil))
            }
            let metrics = model.evaluate(space.configuration(choices))
            if !pareto.isEmpty {
                let named = Self.metrics(metrics)
                if objective.score(named, scale: [:]).isFinite {
                    archive.insert(choices, pareto.map { named[$0] ?? .infinity })
                }
                return
            }
            let score = self.score(metrics)
            if score < best {
                best = score
                bestChoices = choices
                bestMetrics = metrics
            }
        }
        return MemoryControllerResult.Exhaustive(
            score: best, choices: bestChoices, metrics: bestMetrics, evaluations: count,
            archive: archive)
    }
}
