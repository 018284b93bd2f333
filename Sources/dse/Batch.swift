import ArgumentParser
import Experiments
import Foundation
import LinearModel
import Problems

struct Batch: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a sweep file: every run in parallel, one CSV row per finished run.",
        discussion: """
            Rows are appended and flushed as runs finish; --resume skips runs already in the file \
            (and \
            repairs a torn last line), and runs of the search family continue from their \
            evaluation logs. --shard K/N runs a deterministic 1/N of the runs (defaults: \
            SLURM_ARRAY_TASK_ID / SLURM_ARRAY_TASK_COUNT). Exit status 0 when every run has a \
            solution, \
            1 when some run failed (its row says why), 2 usage, 3 bad sweep file, 4 internal error.
            """
    )

    @Argument(help: "The sweep file (problems/sweeps/*.yaml).", completion: .file())
    var sweep: String

    @Option(
        name: .long,
        help: ArgumentHelp("Runs at once (default: the number of cores).", valueName: "n"))
    var jobs: Int?

    @Option(
        name: .long,
        help:
            """
            The CSV to write (default: the sweep's out:, else SWEEP-NAME.csv in the working \
            directory).
            """,
        completion: .file())
    var out: String?

    @Flag(
        name: .long,
        help:
            """
            Continue an existing CSV: skip runs already in it; search runs continue from their \
            logs.
            """
    )
    var resume = false

    @Option(name: .long, help: "Run only shard K of N (1-based), e.g. 2/3.")
    var shard: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            The MIP/LP backend for every run: glpk, cbc or race (over each run's solver: and \
            its family's default).
            """,
            valueName: "name"))
    var solver: String?

    @Flag(
        name: .customLong("print-slurm"),
        help: "Print a Slurm job-array script for the sweep instead of running it.")
    var printSlurm = false

    @Option(name: .long, help: "Array tasks for --print-slurm.")
    var tasks: Int = 4

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The dse the --print-slurm script runs (default: this one, by its absolute path).",
            valueName: "path"),
        completion: .file())
    var dse: String?

    @OptionGroup var fileAccess: FileAccessOptions
    @OptionGroup var progressOptions: ProgressOptions

    /// Runs at once: --jobs, else the number of cores.
    var jobCount: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if dse != nil, !printSlurm { throw ValidationError("--dse goes with --print-slurm") }
        guard tasks >= 1 else { throw ValidationError("--tasks must be at least 1") }
        if let shard { _ = try Self.parseShard(shard) }
        if let solver {
            do { _ = try SolverChoice(named: solver) } catch {
                throw ValidationError("--solver: \(error.description)")
            }
        }
    }

    static func parseShard(_ text: String) throws -> (Int, Int) {
        let parts = text.split(separator: "/").compactMap { Int($0) }
        guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
            throw ValidationError("--shard must be K/N with 1 ≤ K ≤ N, got '\(text)'")
        }
        return (parts[0], parts[1])
    }

    /// The shard from --shard, or from Slurm's array variables.
    func resolvedShard() throws -> (index: Int, count: Int)? {
        if let shard { return try Self.parseShard(shard) }
        let environment = ProcessInfo.processInfo.environment
        guard let id = environment["SLURM_ARRAY_TASK_ID"].flatMap(Int.init),
            let count = environment["SLURM_ARRAY_TASK_COUNT"].flatMap(Int.init)
        else { return nil }
        let minimum = environment["SLURM_ARRAY_TASK_MIN"].flatMap(Int.init) ?? 1
        return try Self.parseShard("\(id - minimum + 1)/\(count)")
    }

    func run() throws {
        // The clock starts now: reading the sweep and its runs' problems counts as time spent.
        let display =
            printSlurm
            ? nil
            : progressOptions.display(
                prefix: "dse batch", first: WorkProgress(stage: "reading \(sweep)"))
        defer { display?.finish() }
        let notes = Notes(display: display)
        let file: SweepFile
        do {
            file = try SweepFile(path: sweep, access: fileAccess.access)
        } catch {
            throw CLIFailure(status: .badInput, message: error.description)
        }
        let output = out ?? file.outputPath ?? WorkingDirectory.file(for: sweep, extension: "csv")
        if printSlurm {
            print(
                SlurmScript.script(
                    sweepPath: WorkingDirectory.absolute(sweep),
                    outputPath: WorkingDirectory.absolute(output),
                    tasks: tasks, jobs: jobCount,
                    dse: dse ?? Self.runningExecutable,
                    allowPaths: fileAccess.allowPaths.map(WorkingDirectory.absolute)),
                terminator: "")
            return
        }
        let runner = BatchRunner(
            sweep: file, jobs: jobCount, shard: try resolvedShard(),
            solver: solver.flatMap { try? SolverChoice(named: $0) },
            resumeSearchLogs: resume, reportProgress: display?.reporter)
        let result: ResultFile
        do {
            result = try ResultFile(path: output, header: runner.header, resume: resume)
        } catch let error as ResultFile.OpenError {
            throw CLIFailure(status: .usage, message: error.description)
        } catch let held as ResultFileLock.Held {
            throw CLIFailure(status: .usage, message: held.description)
        } catch {
            throw CLIFailure(status: .usage, message: "\(output): \(error.localizedDescription)")
        }
        if let repair = result.repair {
            notes.note("dse batch: repaired \(output): \(repair)")
        }
        let all = runner.runs.count
        let already = runner.runs.filter { result.existingKeys.contains($0.key) }.count
        @Sendable func progress(done: Int, failed: Int) -> WorkProgress {
            let parts =
                ["\(failed) failed"] + (already > 0 ? ["\(already) already in the file"] : [])
            return WorkProgress(
                stage: "batch", done: already + done, total: all, unit: "runs",
                note: parts.joined(separator: ", "))
        }
        display?.update(progress(done: 0, failed: 0))
        let summary: BatchRunner.Summary
        do {
            summary = try runner.run(into: result) { done, failed, _ in
                display?.update(progress(done: done, failed: failed))
            }
        } catch {
            result.close()
            throw CLIFailure(status: .internalError, message: "\(output): \(error)")
        }
        result.close()
        display?.finish()
        Console.error(
            "dse batch: \(summary.completed) runs written to \(output)"
                + (summary.skipped > 0 ? ", \(summary.skipped) already there" : "")
                + (summary.failed > 0
                    ? ", \(summary.failed) without a solution (see their rows)" : ""))
        if summary.failed > 0 { throw ExitStatus.noSolution }
    }

    /// This process's executable, by its absolute path (what a Slurm script should run).
    static var runningExecutable: String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return path
        }
        return WorkingDirectory.absolute(CommandLine.arguments[0])
    }
}
