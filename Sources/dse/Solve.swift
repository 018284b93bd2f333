import ArgumentParser
import CBCBackend
import Experiments
import Foundation
import GLPKBackend
import LinearModel
import Problems
import Reports

struct Solve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            """
            Solve a problem file (.yaml/.json, see `dse families`) or a model file (.lp, .mps, \
            .mod).
            """,
        discussion: """
            Prints status, objective, gap, time and the non-zero variables; --json prints one object
            {"family", "status", "objective", "best_bound", "gap", "solve_seconds", "result"}.
            Ctrl-C or SIGTERM (what Slurm sends at its time limit) stops the search and reports the
            best point found so far; a second signal quits at once (exit status 130 or 143).
            """
    )

    @Argument(
        help: "A problem file (.yaml, .yml, .json) or a model file (.lp, .mps, .mod).",
        completion: .file())
    var file: String

    @Option(name: .long, help: "A GNU MathProg data file for a .mod model.", completion: .file())
    var data: String?

    @Option(
        name: .long,
        help:
            """
            The file format when the extension does not say it: lp, mps, freemps, fixedmps, \
            mathprog.
            """
    )
    var format: String?

    @Option(
        name: .customLong("time-limit"),
        help: "Wall-clock limit in seconds; the best point found so far is reported.")
    var timeLimit: Double?

    @Option(name: .long, help: "Relative MIP gap at which to stop, e.g. 0.01 for 1 %.")
    var gap: Double?

    @Option(
        name: .customLong("memory-limit"),
        help:
            """
            GLPK's memory limit in MiB, while reading and translating a model as well as \
            solving; a search that reaches it reports its best point with status memory_limit.
            """
    )
    var memoryLimit: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            The MIP/LP backend: glpk, cbc, or race (both at once, the first proven answer \
            wins). Overrides the problem file's solver:; otherwise the family's default.
            """,
            valueName: "name"))
    var solver: String?

    @Flag(name: .customLong("no-presolve"), help: "Do not use the solver's presolver.")
    var noPresolve = false

    @Flag(
        name: .long,
        help:
            """
            When there is no feasible point, find which requirements conflict (an irreducible \
            infeasible subset of the ILP's rows and bounds, in the family's terms; \
            \"conflict\" in --json).
            """
    )
    var explain = false

    @Flag(name: .long, help: "Print one JSON object instead of the report.")
    var json = false

    @Option(
        name: .long,
        help:
            """
            Also draw the answer as an SVG here: COSMA's memory map, Mélange's allocation, the \
            mixed-precision bit map.
            """,
        completion: .file())
    var svg: String?

    @Flag(name: .long, help: "Copy the solver's own output (GLPK's or CBC's) to stderr.")
    var verbose = false

    @Option(
        name: .customLong("write-lp"),
        help:
            """
            Also write the model as CPLEX LP to this path (for a problem file: the ILP its \
            family builds).
            """,
        completion: .file())
    var writeLP: String?

    @Option(
        name: .customLong("write-mps"),
        help:
            """
            Also write the model as free MPS to this path (a maximization is written negated, \
            with a comment saying so).
            """,
        completion: .file())
    var writeMPS: String?

    @Option(
        name: .customLong("solution"),
        help: ArgumentHelp(
            """
            Do not solve: read a solution of the problem file's ILP (written with \
            --write-lp/--write-mps) from another solver — CBC's -solu file, HiGHS's solution \
            file, Gurobi's .sol or 'name value' lines — check it and print the family's report.
            """,
            valueName: "file"), completion: .file())
    var solutionFile: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "search family: evaluations run at a time (overrides the file's jobs:).", valueName: "n"
        ))
    var jobs: Int?

    @Flag(
        name: .long,
        help:
            """
            search family: continue the search its evaluation log records (a stopped or killed \
            run), never running a logged configuration again.
            """
    )
    var resume = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            search family: the evaluation log (default: the file's log:, else \
            FILE-STEM.DIGEST.evaluations.jsonl here, one per search).
            """,
            valueName: "file"), completion: .file())
    var log: String?

    @OptionGroup var fileAccess: FileAccessOptions
    @OptionGroup var modelFileIO: ModelFileIOOption
    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if let jobs, !(1...256).contains(jobs) {
            throw ValidationError("--jobs must be from 1 to 256, got \(jobs)")
        }
        if let svg, !Self.isProblemFile(file) {
            throw ValidationError("--svg draws a family's answer; \(file) is a model file (\(svg))")
        }
        if solutionFile != nil, !Self.isProblemFile(file) {
            throw ValidationError(
                "--solution reads a solution of a problem file's ILP; \(file) is a model file")
        }
        if let timeLimit, !(timeLimit > 0 && timeLimit <= SpecNode.maximumTimeLimitSeconds) {
            throw ValidationError(
                """
                --time-limit must be a positive number of seconds, at most \
                \(JSONValue.format(SpecNode.maximumTimeLimitSeconds)), got \(timeLimit)
                """
            )
        }
        if let gap, !(gap >= 0 && gap.isFinite) {
            throw ValidationError(
                "--gap must be a non-negative relative gap such as 0.01, got \(gap)")
        }
        if let memoryLimit, memoryLimit < 1 {
            throw ValidationError("--memory-limit must be at least 1 (MiB), got \(memoryLimit)")
        }
        if let solver {
            do { _ = try SolverChoice(named: solver) } catch {
                throw ValidationError("--solver: \(error.description)")
            }
        }
        if let format, GLPKFileReader.Format(rawValue: format) == nil {
            throw ValidationError(
                """
                --format must be one of \
                \(GLPKFileReader.Format.allCases.map(\.rawValue).joined(separator: ", ")), got \
                '\(format)'
                """
            )
        }
        if data != nil, let format, format != "mathprog" {
            throw ValidationError(
                "--data goes with a MathProg model (.mod), not --format \(format)")
        }
    }

    /// `--solver`, parsed (validate() has refused a bad name).
    private var requestedSolver: SolverChoice? {
        solver.flatMap { try? SolverChoice(named: $0) }
    }

    /// The backend for a model file: `--solver`, or GLPK.
    private var chosenSolver: SolverChoice { requestedSolver ?? .glpk }

    /// Whether the file is a problem file of a family rather than a model file.
    static func isProblemFile(_ path: String) -> Bool {
        ["yaml", "yml", "json"].contains((path as NSString).pathExtension.lowercased())
    }

    func run() throws {
        // Signals are handled from the start: one during reading or translating stops the solve
        // as soon as it begins (status interrupted); a second quits at once.
        let cancellation = CancellationToken()
        let interrupt = InterruptHandler(cancellation)
        defer { interrupt.stop() }
        // Progress from the first moment: reading a large trace or model takes time too.
        let display = progressOptions.display(
            json: json, first: WorkProgress(stage: "reading \(file)"))
        defer { display?.finish() }
        if Self.isProblemFile(file), format == nil {
            try runFamily(cancellation, display: display)
            return
        }
        let problem: LinearProgramFile
        let reader = GLPKFileReader(
            allowFileIO: modelFileIO.allowFileIO, memoryLimitMegabytes: memoryLimit)
        let clock = ContinuousClock.now
        do {
            problem = try LinearProgramFile(
                path: file, dataPath: data,
                format: format.flatMap(GLPKFileReader.Format.init(rawValue:)), reader: reader)
        } catch .memoryLimit(_, let megabytes) {
            // No model, so no point: the envelope says why, and the exit status is "no solution".
            let seconds = (ContinuousClock.now - clock) / .seconds(1)
            let envelope = ResultEnvelope(
                family: LinearProgramFile.family, status: .memoryLimit, objective: nil,
                bestBound: nil, gap: nil,
                solveSeconds: seconds,
                result: .object([
                    ("source", .string(file)), ("stage", .string("reading")),
                    ("memory_limit_mib", .number(Double(megabytes))),
                ]))
            let summary = ResultSummary(
                problem: file, objective: .init("objective", sense: nil), check: .noPoint,
                notes: [
                    """
                    GLPK needed more than \(megabytes) MiB to read and translate the model; \
                    nothing was solved
                    """
                ])
            display?.finish()
            print(
                json
                    ? envelope.json.serialized
                    : ResultReport(envelope: envelope, summary: summary, details: "").text)
            throw ExitStatus.noSolution
        } catch {
            throw Self.failure(reading: error)
        }
        try writeFiles(problem.model)

        let options = solveOptions(cancellation, display: display)
            .reportingSolverProgress(
                as: problem.model.isMixedInteger
                    ? "branch and bound (\(chosenSolver.rawValue))"
                    : "simplex (\(chosenSolver.rawValue))")
        let result: LinearProgramResult
        do {
            result = try problem.solve(with: chosenSolver.makeSolver(), options: options)
        } catch let error as CBCError where error.isCausedByTheModel {
            throw CLIFailure(status: .badInput, message: "\(file): \(error)")
        } catch {
            throw CLIFailure(status: .internalError, message: "\(file): \(error)")
        }
        if verbose, !result.solution.log.isEmpty {
            // Through the display, so the solver's output does not tear the progress line.
            var log = result.solution.log
            while log.hasSuffix("\n") { log.removeLast() }
            Notes(display: display).note(log)
        }
        var envelope = result.envelope
        envelope.solver = result.solution.statistics.solverName ?? chosenSolver.rawValue
        var conflictText = ""
        if explain, result.solution.termination == .infeasible {
            display?.update(WorkProgress(stage: "looking for the conflicting rows and bounds"))
            let explainer = InfeasibilityExplainer(
                solver: chosenSolver.makeSolver(), timeLimitSeconds: timeLimit ?? 60,
                cancellation: options.cancellation)
            let found: IrreducibleInfeasibleSubset?
            do { found = try explainer.explain(problem.model) } catch {
                throw CLIFailure(status: .internalError, message: "\(file): --explain: \(error)")
            }
            if let subset = found {
                let conflict = Conflict(subset, model: problem.model)
                envelope.conflict = conflict.json
                conflictText = "\n" + conflict.humanReadable
            }
        }
        display?.finish()
        print(
            json
                ? envelope.json.serialized
                : result.report(solver: result.solverText).text + conflictText)
        if result.failedCheck { throw ExitStatus.internalError }
        if envelope.status == .error { throw ExitStatus.internalError }
        if !envelope.hasSolution { throw ExitStatus.noSolution }
    }

    private func runFamily(_ cancellation: CancellationToken, display: ProgressDisplay?) throws {
        let notes = Notes(display: display)
        if data != nil {
            throw CLIFailure(
                status: .usage,
                message: "--data goes with a MathProg model (.mod), not a problem file")
        }
        var problem: any ProblemFamily
        let declared: SolverChoice?
        do {
            let root = try ProblemFile.root(of: file, access: fileAccess.access)
            problem = try ProblemFile.load(root: root)
            declared = try SolverChoice.declared(in: root)
        } catch {
            throw CLIFailure(status: .badInput, message: error.description)
        }
        let family = type(of: problem)
        if var search = problem as? ExternalSearchProblem {
            search.resume = resume
            if let jobs { search.jobs = jobs }
            if let log {
                search.logPath = WorkingDirectory.absolute(log)
            }
            problem = search
        } else if jobs != nil || resume || log != nil {
            notes.note(
                """
                dse: note: --jobs, --resume and --log go with the search family; \
                \(family.name) ignores them
                """
            )
        }
        if solver != nil, !family.usesSolver {
            notes.note("dse: note: --solver has no effect: \(family.name) solves no ILP")
        }
        let choice = family.usesSolver ? (requestedSolver ?? declared ?? family.defaultSolver) : nil
        if writeLP != nil || writeMPS != nil || solutionFile != nil {
            guard let exporting = problem as? any ModelExporting else {
                throw CLIFailure(
                    status: .usage,
                    message:
                        """
                        \(family.name) poses no single ILP to write or read back (--write-lp, \
                        --write-mps and --solution go with \(FamilyRegistry.exportingNames))
                        """
                )
            }
            let model: Model
            do { model = try exporting.exportedModel() } catch {
                throw CLIFailure(status: .internalError, message: "\(file): \(error)")
            }
            try writeFiles(model)
            if let solutionFile {
                try report(importing: solutionFile, into: exporting, model: model, display: display)
                return
            }
        }
        let options = solveOptions(cancellation, display: display)
        let result: any ProblemResult
        do {
            result = try problem.solve(
                options: options, solver: (choice ?? family.defaultSolver).makeSolver())
        } catch let refusal as ExternalSearchProblem.Refusal {
            throw CLIFailure(
                status: refusal.isUsage ? .usage : .badInput, message: "\(file): \(refusal)")
        } catch {
            throw CLIFailure(status: .internalError, message: "\(file): \(error)")
        }
        var envelope = result.envelope
        envelope.solver = choice?.rawValue
        var conflictText = ""
        if explain, envelope.status == .infeasible {
            if let exporting = problem as? any ModelExporting {
                display?.update(WorkProgress(stage: "looking for the conflicting requirements"))
                let found: Conflict?
                do {
                    found = try exporting.explainInfeasibility(
                        solver: (choice ?? family.defaultSolver).makeSolver(),
                        timeLimitSeconds: timeLimit ?? 60, cancellation: cancellation)
                } catch {
                    throw CLIFailure(
                        status: .internalError, message: "\(file): --explain: \(error)")
                }
                if let conflict = found {
                    envelope.conflict = conflict.json
                    conflictText = "\n" + conflict.humanReadable
                }
            } else {
                notes.note("dse: note: --explain looks into an ILP; \(family.name) poses none")
            }
        }
        display?.finish()
        print(
            json
                ? envelope.json.serialized
                : result.report(solver: choice?.description).text + conflictText)
        if let svg, envelope.hasSolution { try drawSVG(envelope, to: svg) }
        if envelope.status == .error { throw ExitStatus.internalError }
        if !envelope.hasSolution { throw ExitStatus.noSolution }
    }

    /// The command line's limits and settings, stopped by `cancellation`, reporting to `display`.
    private func solveOptions(_ cancellation: CancellationToken, display: ProgressDisplay?)
        -> SolveOptions
    {
        SolveOptions(
            timeLimitSeconds: timeLimit, relativeGap: gap, presolve: !noPresolve,
            verbosity: verbose ? .normal : .errors, cancellation: cancellation,
            memoryLimitMegabytes: memoryLimit, reportProgress: display?.reporter)
    }

    /// `--solution`: another solver's point, checked and reported in the family's terms.
    private func report(
        importing path: String, into problem: any ModelExporting, model: Model,
        display: ProgressDisplay?
    ) throws {
        let notes = Notes(display: display)
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CLIFailure(status: .badInput, message: "\(path): cannot read the solution file")
        }
        let point: SolutionFileReader.Point
        do throws(SolutionFileReader.Failure) {
            point = try SolutionFileReader().read(text, for: model)
        } catch {
            throw CLIFailure(
                status: .badInput,
                message: error.line.map { "\(path):\($0): \(error.message)" }
                    ?? "\(path): \(error.message)")
        }
        let solution: Solution
        if point.claim == .infeasible {
            solution = Solution(termination: .infeasible)
        } else {
            let objective = model.objectiveValue(point.values)
            // A point the other solver proved optimal is reported as optimal; any other point as
            // feasible (termination iterationLimit with a point reads "feasible").
            solution = Solution(
                termination: point.claim == .optimal ? .optimal : .iterationLimit,
                objectiveValue: objective,
                bestBound: point.claim == .optimal ? objective : nil, variableValues: point.values,
                constraintActivities: model.activities(point.values),
                statistics: SolveStatistics(solverName: "imported (\(point.format))"))
            let violation = model.violations(point.values).relative
            if violation > 1e-6 {
                notes.note(
                    """
                    dse: note: \(path): the point violates the model by \
                    \(JSONValue.format(violation)) (relative); the family's check follows
                    """
                )
            }
            if let stated = point.statedObjective,
                abs(stated - objective) > 1e-6 * max(1, abs(objective))
            {
                notes.note(
                    """
                    dse: note: \(path) states objective \(JSONValue.format(stated)); \
                    recomputed from the model: \(JSONValue.format(objective))
                    """
                )
            }
        }
        let result: any ProblemResult
        do { result = try problem.result(importing: solution) } catch {
            throw CLIFailure(status: .internalError, message: "\(file): \(error)")
        }
        var envelope = result.envelope
        envelope.solver = "imported"
        display?.finish()
        print(
            json
                ? envelope.json.serialized
                : result.report(
                    solver: "imported from \(path) (\(point.format) format), checked by DSEKit"
                ).text)
        // A point that fails the family's check is the other solver's failure: no solution (1).
        if envelope.status == .error || !envelope.hasSolution { throw ExitStatus.noSolution }
    }

    private func drawSVG(_ envelope: ResultEnvelope, to path: String) throws {
        let figures: [Figure]
        do throws(ReportError) {
            figures = try SolutionFigures.figures(envelope: envelope)
        } catch {
            throw CLIFailure(status: .usage, message: "--svg: \(error.description)")
        }
        try write(SVGRenderer().render(figures), to: path)
        if !json { print("wrote \(path)") }
    }

    /// A file GLPK cannot read is bad input (3); a fatal GLPK error while reading is internal (4).
    private static func failure(reading error: GLPKError) -> CLIFailure {
        switch error {
        case .fatal, .misuse: return CLIFailure(status: .internalError, message: error.description)
        default: return CLIFailure(status: .badInput, message: error.description)
        }
    }

    private func writeFiles(_ model: Model) throws {
        if let writeLP {
            try write(CPLEXLPWriter().write(model), to: writeLP)
        }
        if let writeMPS {
            let text: String
            do {
                text = try MPSWriter(maximization: .negateObjective).write(model)
            } catch {
                throw CLIFailure(status: .badInput, message: "\(writeMPS): \(error)")
            }
            if model.objectiveSense == .maximize {
                Console.error(
                    """
                    dse: note: \(writeMPS) minimizes the negated objective (MPS has no \
                    objective sense); its optimum is minus this model's
                    """
                )
            }
            try write(text, to: writeMPS)
        }
    }

    private func write(_ text: String, to path: String) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CLIFailure(
                status: .usage,
                message: "\(path): cannot write the file (\(error.localizedDescription))")
        }
    }
}
