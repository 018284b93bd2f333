import Foundation
import GLPKBackend
import LinearModel
import Problems
import Synchronization

/// Runs a sweep's runs in parallel — at most `jobs` at once, each solve wholly on one thread of
/// its own (GLPK keeps its state per thread) — and appends one CSV row per finished run.
///
/// A run that cannot be built (an invalid combination) or solved is a row with its status and
/// message; the batch goes on.
public struct BatchRunner: Sendable {
    /// The sweep being run.
    public let sweep: SweepFile
    /// Runs at once (each on a thread of its own).
    public let jobs: Int
    /// Which 1/N of the runs to do: shard k of n (1-based); run i belongs to shard i mod n + 1.
    public let shard: (index: Int, count: Int)?
    /// The backend for every run (`dse batch --solver`), over each run's own `solver:` and its
    /// family's default.
    public let solver: SolverChoice?

    /// Counts after a batch.
    public struct Summary: Sendable, Equatable {
        /// Runs in this shard.
        public var total: Int
        /// Already in the file when resuming.
        public var skipped: Int
        /// Runs finished in this batch (with or without a solution).
        public var completed: Int
        /// Runs without a solution (infeasible, limits without a point, invalid, error).
        public var failed: Int

        /// A summary with these counts.
        public init(total: Int, skipped: Int, completed: Int, failed: Int) {
            self.total = total
            self.skipped = skipped
            self.completed = completed
            self.failed = failed
        }
    }

    /// Every run's problem, parsed once (by ``SweepRun/index``): the header needs them all, and
    /// the workers solve the same parsed problems.
    let problems: [Result<ParsedRun, ProblemFileError>]

    /// A run's problem and the backend its document names, if any.
    struct ParsedRun: Sendable {
        var problem: any ProblemFamily
        var solver: SolverChoice?
    }
    /// The CSV columns: varied parameters, seed, run key and envelope fields, the families' own
    /// columns (union over all the sweep's problems, in first-seen order, so every shard writes
    /// the same header), error.
    public let header: [String]

    /// `resumeSearchLogs`: runs of the `search` family continue from their evaluation logs
    /// (`dse batch --resume`), so a run interrupted with the batch finishes from where it stopped.
    /// `reportProgress` hears how many runs' problems are read (reading a run's trace or graph
    /// takes time too).
    public init(
        sweep: SweepFile, jobs: Int, shard: (index: Int, count: Int)? = nil,
        solver: SolverChoice? = nil, resumeSearchLogs: Bool = false,
        reportProgress: (@Sendable (WorkProgress) -> Void)? = nil
    ) {
        self.sweep = sweep
        self.jobs = max(1, jobs)
        self.shard = shard
        self.solver = solver
        // Parsing touches no solver, so it runs in parallel too, bounded by `jobs` like the runs.
        let runs = sweep.runs
        let basePath = sweep.basePath
        let workers = min(self.jobs, max(runs.count, 1))
        let parsed = Mutex(
            [Result<ParsedRun, ProblemFileError>?](repeating: nil, count: runs.count))
        let parsedCount = Atomic<Int>(0)
        reportProgress?(
            WorkProgress(
                stage: "reading the runs' problems", done: 0, total: runs.count, unit: "runs"))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for k in stride(from: worker, to: runs.count, by: workers) {
                let result: Result<ParsedRun, ProblemFileError>
                do throws(ProblemFileError) {
                    let root = try ProblemFile.root(
                        text: runs[k].problemText, file: basePath, access: sweep.access)
                    var problem = try ProblemFile.load(root: root)
                    if resumeSearchLogs, var search = problem as? ExternalSearchProblem {
                        search.resume = true
                        problem = search
                    }
                    result = .success(
                        ParsedRun(problem: problem, solver: try SolverChoice.declared(in: root)))
                } catch {
                    result = .failure(error)
                }
                parsed.withLock { $0[k] = result }
                let done = parsedCount.wrappingAdd(1, ordering: .relaxed).newValue
                reportProgress?(
                    WorkProgress(
                        stage: "reading the runs' problems", done: done, total: runs.count,
                        unit: "runs"))
            }
        }
        let problems = parsed.withLock { $0 }.map {
            $0
                ?? .failure(
                    ProblemFileError(file: basePath, path: "", line: nil, message: "not parsed"))
        }
        var familyColumns: [String] = []
        // A family column named like a varied parameter or a fixed column would repeat it.
        var seen = Set(
            sweep.parameters.map(\.description) + ["seed"] + Self.fixedColumns + ["error"])
        for case .success(let run) in problems {
            for name in run.problem.resultColumnNames where seen.insert(name).inserted {
                familyColumns.append(name)
            }
        }
        self.problems = problems
        header =
            sweep.parameters.map(\.description) + (sweep.hasSeeds ? ["seed"] : [])
            + Self.fixedColumns + familyColumns + ["error"]
    }

    /// The runs of this shard.
    public var runs: [SweepRun] {
        guard let shard else { return sweep.runs }
        return sweep.runs.filter { $0.index % shard.count == shard.index - 1 }
    }

    static let fixedColumns = [
        "run_key", "family", "status", "objective", "best_bound", "gap", "solve_seconds",
    ]

    /// Solves one run into a CSV row for `header`, and whether it has a solution.
    public func row(for run: SweepRun, header: [String]) -> (row: [String], solved: Bool) {
        var cells: [String: String] = [:]
        for (path, value) in zip(sweep.parameters, run.parameterValues) {
            cells[path.description] = value
        }
        cells["seed"] = run.seed.map(String.init) ?? ""
        cells["run_key"] = run.key
        var solved = false
        do {
            let parsed = try problems[run.index].get()
            let family = type(of: parsed.problem)
            cells["family"] = family.name
            let choice = solver ?? parsed.solver ?? family.defaultSolver
            let result = try parsed.problem.solve(
                options: SolveOptions(timeLimitSeconds: sweep.timeLimitSeconds),
                solver: choice.makeSolver())
            let envelope = result.envelope
            cells["status"] = envelope.status.rawValue
            cells["objective"] = envelope.objective.map { JSONValue.format($0) } ?? ""
            cells["best_bound"] = envelope.bestBound.map { JSONValue.format($0) } ?? ""
            cells["gap"] = envelope.gap.map { JSONValue.format($0) } ?? ""
            cells["solve_seconds"] = JSONValue.format((envelope.solveSeconds * 1e6).rounded() / 1e6)
            for (name, value) in result.csvColumns { cells[name] = value }
            if case .object(let members) = envelope.result,
                let message = members.first(where: {
                    $0.key == "message" || $0.key == "check_error"
                }),
                case .string(let text) = message.1
            {
                cells["error"] = text
            }
            solved = envelope.hasSolution
        } catch let error as ProblemFileError {
            cells["status"] = "invalid"
            cells["error"] = error.description
        } catch {
            cells["status"] = "error"
            cells["error"] = "\(error)"
        }
        return (header.map { cells[$0] ?? "" }, solved)
    }

    /// Runs everything not yet in `file`, `jobs` at a time, reporting each finished run.
    public func run(into file: ResultFile, progress: (@Sendable (Int, Int, Bool) -> Void)? = nil)
        throws -> Summary
    {
        let pending = runs.filter { !file.existingKeys.contains($0.key) }
        let next = Atomic<Int>(0)
        let state = Mutex<(done: Int, failed: Int, error: Error?)>((0, 0, nil))
        let group = DispatchGroup()
        let header = file.header
        for _ in 0..<min(jobs, max(pending.count, 1)) {
            group.enter()
            let thread = Thread {
                defer {
                    // GLPK never frees a thread's environment itself
                    GLPKSolver().releaseThreadResources()
                    group.leave()
                }
                while true {
                    let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard k < pending.count else { break }
                    let (row, solved) = self.row(for: pending[k], header: header)
                    do {
                        try file.append(row)
                    } catch {
                        state.withLock { $0.error = error }
                        break
                    }
                    let (done, failed) = state.withLock { value -> (Int, Int) in
                        value.done += 1
                        if !solved { value.failed += 1 }
                        return (value.done, value.failed)
                    }
                    progress?(done, failed, solved)
                }
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        group.wait()
        let final = state.withLock { $0 }
        if let error = final.error { throw error }
        return Summary(
            total: runs.count, skipped: runs.count - pending.count, completed: final.done,
            failed: final.failed)
    }
}
