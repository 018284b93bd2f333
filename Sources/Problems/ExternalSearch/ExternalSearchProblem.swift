import ExternalEvaluation
import Foundation
import LinearModel
import Search

/// The `search` family: any search engine over a declared design space, each configuration
/// evaluated by running a program — a simulator (DRAMSys, Timeloop, an RTL simulator), a
/// synthesis flow, a script — as ArchGym and MABFuzz do. Every evaluation is appended to an
/// `EvaluationLog`, which is the search's state: `--resume` continues a search that was
/// stopped or killed, and the same seed gives the same sequence as an uninterrupted run.
/// A program that fails, hangs past `timeout_s` or reports no metrics is a failed point
/// (scored as infeasible); the search goes on.
public struct ExternalSearchProblem: ProblemFamily {
    /// The `family:` word in problem files.
    public static let name = "search"
    /// One line for `dse families`.
    public static let summary =
        """
        any engine (TPE by default) over a declared space, each configuration evaluated by \
        running a program; resumable evaluation log
        """
    /// False: the family searches; it solves no ILP.
    public static var usesSolver: Bool { false }

    /// The parameters searched.
    public var space: SearchSpace
    /// The program that evaluates a configuration.
    public var command: EvaluatorCommand
    /// The command as the file wrote it, for reports.
    public var commandText: String
    /// Whether the user let files run programs (`--allow-commands`); without it, solving refuses.
    public var mayRunCommands: Bool
    /// The metrics the program reports.
    public var metrics: [String]
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
    /// Evaluations run at a time (engines that learn from every answer take one at a time anyway).
    public var jobs: Int
    /// The evaluation log (`log:` in the file, `--log`); nil: ``defaultLogPath``.
    public var logPath: String?
    /// The problem file's name without its extension, for the default log's name.
    var fileStem: String
    /// Continue the search the log records instead of refusing an existing log.
    public var resume = false
    /// Seconds the search may take (`time_limit_s:`), if set.
    public var timeLimitSeconds: Double?

    /// Reads and validates a problem file (the whole document, `family:` included).
    public init(spec: SpecNode) throws(ProblemFileError) {
        self = try ExternalSearchSpecReader.read(spec)
    }

    init(
        space: SearchSpace, command: EvaluatorCommand, commandText: String, mayRunCommands: Bool,
        metrics: [String], objective: SearchObjective,
        objectiveText: String, engine: SearchEngineSpec, budget: Int, seed: UInt64, jobs: Int,
        logPath: String?, fileStem: String, timeLimitSeconds: Double?
    ) {
        self.space = space
        self.command = command
        self.commandText = commandText
        self.mayRunCommands = mayRunCommands
        self.metrics = metrics
        self.objective = objective
        self.objectiveText = objectiveText
        self.engine = engine
        self.budget = budget
        self.seed = seed
        self.jobs = jobs
        self.logPath = logPath
        self.fileStem = fileStem
        self.timeLimitSeconds = timeLimitSeconds
    }

    /// The CSV columns of a batch run, known before solving.
    public var resultColumnNames: [String] {
        ExternalSearchResult.columnNames(parameters: space.parameters.map(\.name), metrics: metrics)
    }

    /// What the problem is, in a line or two (for `dse validate`).
    public var overview: String {
        """
        search: \(space.parameters.count) parameters, \(space.canonicalSize) configurations; \
        \(objectiveText); engine \(engine), \(budget) evaluations, 
        """
            + """
            \(jobs) at a time; evaluator `\(commandText)` (timeout \
            \(JSONValue.format(command.timeoutSeconds)) s
            """
            + (mayRunCommands ? ")" : "; running it needs --allow-commands)")
    }

    /// Everything that decides the sequence of evaluations: a log made with another value of
    /// any of these is not this search's. The budget is not among them: a search resumed with a
    /// larger budget continues the same sequence.
    var identity: String {
        let parameters = space.parameters.map { p in
            "\(p.name)=\(p.kind.rawValue):\(p.values.joined(separator: ","))"
                + (p.condition.map { "|\($0.parameter)∈\($0.values.joined(separator: ","))" } ?? "")
        }
        return
            ([objectiveText, engine.description, "seed \(seed)", "jobs \(jobs)", commandText]
            + parameters).joined(separator: "\n")
    }

    /// Solves with `solver`, checks the answer independently, and returns the result.
    public func solve(options: SolveOptions, solver: any Solver) throws -> any ProblemResult {
        try solveSearch(options: options)
    }

    /// `FILE-STEM.DIGEST.evaluations.jsonl` in the working directory: one log per search (the
    /// digest of `identity`), so runs of one file with other seeds or engines — a batch — never
    /// share a log, and running the same command again with `--resume` finds its own.
    public var defaultLogPath: String {
        let stem = fileStem.isEmpty ? "search" : fileStem
        let name = "\(stem).\(EvaluationLog.digest(identity).prefix(8)).evaluations.jsonl"
        return (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(name)
    }

    /// Where this search logs its evaluations.
    public var resolvedLogPath: String { logPath ?? defaultLogPath }

    /// Why a search cannot start, in words for the user.
    public struct Refusal: Error, CustomStringConvertible {
        /// Why, naming the file's field or the log.
        public var description: String
        /// A matter of how the command was called (--allow-commands, --resume), not of the files.
        public var isUsage = false
    }

    /// Runs the search (resuming from the log when ``resume`` is set) and returns the family's own
    /// result type.
    public func solveSearch(options: SolveOptions) throws -> ExternalSearchResult {
        guard mayRunCommands else {
            throw Refusal(
                description:
                    """
                    evaluator.command runs a program (`\(commandText)`) with your rights; pass \
                    --allow-commands if you trust this file
                    """,
                isUsage: true)
        }
        let start = ContinuousClock.now
        let log: EvaluationLog
        do throws(EvaluationLog.Failure) {
            log = try EvaluationLog(
                path: resolvedLogPath, space: space, digest: EvaluationLog.digest(identity),
                description: objectiveText, resume: resume)
        } catch {
            throw Refusal(description: error.description, isUsage: error.isUsage)
        }
        let tally = Tally()
        let command = self.command
        let space = self.space
        let cancelled: @Sendable () -> Bool = { options.isCancelled }
        let stage = "search (\(engine.kind.rawValue))"
        let budget = self.budget
        options.report(WorkProgress(stage: stage, done: 0, total: budget, unit: "evaluations"))
        let observe: SearchDriver.Observer = { evaluations, best in
            let (replayed, failures, _) = tally.snapshot()
            options.report(
                WorkProgress(
                    stage: stage, done: evaluations, total: budget, unit: "evaluations",
                    best: best.isFinite ? objective.reported(best) : nil,
                    note: "\(failures) failed" + (replayed > 0 ? ", \(replayed) from the log" : ""))
            )
        }
        let search = try SearchDriver.run(
            engine.makeEngine(horizon: budget), space: space, objective: objective, budget: budget,
            timeLimitSeconds: options.timeLimitSeconds ?? timeLimitSeconds, seed: seed, jobs: jobs,
            shouldStop: cancelled, observe: observe
        ) { batch in
            let answers = Answers(count: batch.count)
            var toRun: [Int] = []
            for (i, configuration) in batch.enumerated() {
                if let entry = log.replay[configuration] {
                    answers.set(i, entry.metrics ?? [:])
                    tally.add(
                        replayed: true, failure: entry.failure,
                        configuration: space.describe(configuration))
                } else {
                    toRun.append(i)
                }
            }
            let pending = toRun
            DispatchQueue.concurrentPerform(iterations: pending.count) { k in
                let i = pending[k]
                let values = space.describe(batch[i])
                let outcome = command.run(values, shouldStop: cancelled)
                guard !outcome.wasStopped else { return }
                do throws(EvaluationLog.Failure) {
                    try log.record(
                        .init(
                            configuration: batch[i], metrics: outcome.metrics,
                            failure: outcome.failure, seconds: outcome.seconds))
                } catch {
                    answers.fail(error)
                    return
                }
                tally.add(
                    replayed: false, failure: outcome.failure,
                    configuration: space.describe(batch[i]))
                answers.set(i, outcome.metrics ?? [:])
            }
            if let failure = answers.failure { throw Refusal(description: failure.description) }
            return answers.values
        }
        var result = ExternalSearchResult(problem: self, search: search)
        (result.replayed, result.failures, result.failureExamples) = tally.snapshot()
        result.loggedEvaluations = log.count
        result.interrupted = options.isCancelled
        result.seconds = SearchDriver.seconds(ContinuousClock.now - start)
        return result
    }

    /// One batch's answers, filled from several threads.
    final class Answers: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [Metrics?]
        private(set) var failure: EvaluationLog.Failure?
        init(count: Int) { stored = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ metrics: Metrics) { lock.withLock { stored[i] = metrics } }
        func fail(_ error: EvaluationLog.Failure) {
            lock.withLock { if failure == nil { failure = error } }
        }
        var values: [Metrics?] { lock.withLock { stored } }
    }

    /// Replayed and failed evaluations, counted from several threads.
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var replayed = 0, failures = 0
        private var examples: [String] = []
        func add(
            replayed wasReplayed: Bool, failure: String?,
            configuration: [(name: String, value: String)]
        ) {
            lock.withLock {
                if wasReplayed { replayed += 1 }
                guard let failure else { return }
                failures += 1
                if examples.count < 3 {
                    examples.append(
                        configuration.map { "\($0.name)=\($0.value)" }.joined(separator: " ") + ": "
                            + failure)
                }
            }
        }
        func snapshot() -> (Int, Int, [String]) { lock.withLock { (replayed, failures, examples) } }
    }
}
