import Foundation
import LinearModel
import TestSupport
import Testing

/// Progress on a terminal (#17): drawn on stderr within a second of the start, rewritten in place
/// while the work runs, erased before the report; never with --json, piped output or --quiet.
@Suite(.serialized) struct ProgressCLITests {
    /// Every bundled problem and model file, relative to the package root.
    static let bundledProblems: [String] = {
        let root = packageRoot.appendingPathComponent("problems")
        let files =
            (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String]) ?? []
        var found: [String] = []
        for relative in files.sorted() where !relative.hasPrefix("sweeps/") {
            let path = "problems/" + relative
            switch (relative as NSString).pathExtension {
            case "yaml":
                let text =
                    (try? String(
                        contentsOfFile: packageRoot.appendingPathComponent(path).path,
                        encoding: .utf8)) ?? ""
                if text.split(separator: "\n").first(where: { !$0.hasPrefix("#") && !$0.isEmpty })?
                    .hasPrefix("family:") == true
                {
                    found.append(path)
                }
            case "lp", "mod": found.append(path)
            default: break
            }
        }
        return found + ["problems/melange/example.json"]  // the Mélange authors' own config
    }()

    static let shippedSweeps: [String] = {
        let root = packageRoot.appendingPathComponent("problems/sweeps")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.sorted().map { "problems/sweeps/" + $0 }
    }()

    /// The header every family's report starts with, in order (Bound only where there is one).
    static let headerLabels = ["Family:", "Problem:", "Status:", "Objective:", "Time:", "Check:"]

    static func checkHeader(_ report: String, file: String) {
        let lines = report.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.firstIndex(where: { $0.hasPrefix("Family:") }) else {
            Issue.record("\(file): no report header in:\n\(report)")
            return
        }
        let header = lines[first...].prefix { !$0.isEmpty }.filter {
            !$0.hasPrefix("Bound:") && !$0.hasPrefix("Solver:") && !$0.hasPrefix("Note:")
        }
        #expect(
            header.prefix(6).map { String($0.prefix(while: { $0 != " " })) } == headerLabels,
            "\(file):\n\(report)")
        let status = lines[first...].first { $0.hasPrefix("Status:") }.map {
            String($0.dropFirst(12)).split(separator: " ").first.map(String.init) ?? ""
        }
        #expect(
            status.flatMap(ResultStatus.init(rawValue:)) != nil,
            "\(file): status word \(status ?? "none")")
    }

    @Test(
        """
        Each bundled problem in a terminal: progress within 1 s, kept moving, then the report \
        in the common shape
        """,
        arguments: bundledProblems)
    func progressThenReport(file: String) throws {
        let directory = try makeTemporaryDirectory("progress")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = packageRoot.appendingPathComponent(file).path
        let run = try PseudoTerminalRun.run(
            [
                "solve", path, "--time-limit", "2", "--allow-paths", packageRoot.path,
                "--allow-commands",
            ],
            in: directory)
        #expect(
            run.status == 0 || run.status == 1, "\(file): exit \(run.status)\n\(run.transcript)")
        let frames = run.frames
        let first = try #require(
            frames.first, "\(file): no progress frame in \(run.transcript.debugDescription)")
        #expect(first.seconds < 1, "\(file): first progress after \(first.seconds) s")
        // While the work runs the line moves: no second without a frame until the report.
        for (a, b) in zip(frames, frames.dropFirst()) {
            #expect(
                b.seconds - a.seconds < 1,
                "\(file): no progress between \(a.seconds) s and \(b.seconds) s")
        }
        Self.checkHeader(run.report, file: file)
        #expect(
            !run.report.contains("\u{1B}["),
            "\(file): the report carries terminal control: \(run.report.debugDescription)")
        // The same command with --json, in a terminal: one JSON object, no progress (in a folder
        // of its own: a search must not find the first run's log).
        let jsonDirectory = try makeTemporaryDirectory("progress-json")
        defer { try? FileManager.default.removeItem(at: jsonDirectory) }
        let json = try PseudoTerminalRun.run(
            [
                "solve", path, "--time-limit", "2", "--allow-paths", packageRoot.path,
                "--allow-commands", "--json",
            ],
            in: jsonDirectory)
        #expect(!json.hasTerminalControl, "\(file) --json: \(json.transcript.debugDescription)")
        #expect(json.transcript.hasPrefix("{\"family\":"), "\(file) --json: \(json.transcript)")
    }

    @Test(
        """
        A long search shows evaluations of the budget, rate, ETA and the best so far, updated \
        in place
        """
    )
    func searchProgress() throws {
        let run = try PseudoTerminalRun.run([
            "solve", "problems/memory-controller/stream-latency-marl.yaml", "--time-limit", "3",
        ])
        let frames = run.frames.map(\.text)
        let counted = frames.filter { $0.contains("/1000 evaluations") }
        #expect(counted.count >= 5, "\(frames)")
        #expect(
            counted.contains { $0.contains("ETA") && $0.contains("/s") && $0.contains("best ") },
            "\(counted.suffix(3))")
        #expect(
            run.report.contains("Status:     time_limit (best point found so far)"), "\(run.report)"
        )
    }

    @Test("A MIP shows elapsed time, incumbent, bound, gap and nodes, updated in place")
    func mipProgress() throws {
        let directory = try makeTemporaryDirectory("progress-mip")
        defer { try? FileManager.default.removeItem(at: directory) }
        // Incumbents come at once, the bound never closes: a search that runs to its limit.
        let path = try writeFile(
            CPLEXLPWriter().write(try hardSubsetSum()), named: "subset-sum.lp", in: directory)
        let run = try PseudoTerminalRun.run(
            ["solve", path, "--time-limit", "2", "--no-presolve"], in: directory)
        let frames = run.frames.map(\.text)
        #expect(
            frames.contains {
                $0.hasPrefix("branch and bound (glpk)") && $0.contains("incumbent ")
                    && $0.contains("bound ")
                    && $0.contains("gap ") && $0.contains(" nodes")
            }, "\(frames.suffix(3))")
        Self.checkHeader(run.report, file: path)
    }

    @Test("--json, a pipe and --quiet print no progress; --progress draws plain lines into a pipe")
    func noProgressUnlessATerminal() throws {
        let file = "problems/memory-controller/stream-latency-marl.yaml"
        let json = try PseudoTerminalRun.run(["solve", file, "--time-limit", "1.5", "--json"])
        #expect(!json.hasTerminalControl, "\(json.transcript.debugDescription)")
        #expect(try CLITests.json(json.transcript)["status"] as? String == "time_limit")
        let quiet = try PseudoTerminalRun.run(["solve", file, "--time-limit", "1.5", "--quiet"])
        #expect(!quiet.hasTerminalControl)
        Self.checkHeader(quiet.transcript, file: file)
        let piped = try CLITests.dse("solve", file, "--time-limit", "1.5")
        #expect(
            !piped.stderr.contains("\r") && !piped.stderr.contains("\u{1B}"),
            "\(piped.stderr.debugDescription)")
        #expect(!piped.stdout.contains("\u{1B}"))
        let forced = try CLITests.dse("solve", file, "--time-limit", "6", "--progress")
        let lines = forced.stderr.split(separator: "\n")
        #expect(lines.count >= 2 && lines.allSatisfy { $0.hasPrefix("dse: ") }, "\(forced.stderr)")
        #expect(!forced.stderr.contains("\r") && !forced.stderr.contains("\u{1B}"))
        #expect(try CLITests.dse("solve", file, "--progress", "--quiet").status == 2)
    }

    @Test(
        "Each shipped sweep, run by dse batch in a terminal, shows its progress within 1 s",
        arguments: shippedSweeps)
    func sweepProgress(sweep: String) throws {
        let directory = try makeTemporaryDirectory("progress-sweep")
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try PseudoTerminalRun.run(
            [
                "batch", packageRoot.appendingPathComponent(sweep).path, "--out",
                directory.appendingPathComponent("out.csv").path,
                "--allow-paths", packageRoot.path, "--allow-commands", "--jobs", "1",
            ],
            in: directory, timeout: 30,
            stopWhen: { run in (run.chunks.last?.seconds ?? 0) > 1.5 && !run.frames.isEmpty })
        let first = try #require(
            run.frames.first, "\(sweep): no progress in \(run.transcript.debugDescription)")
        #expect(first.seconds < 1, "\(sweep): first progress after \(first.seconds) s")
    }

    @Test("A resumed batch counts the rows already done and its clock starts with the command")
    func batchResume() throws {
        let directory = try makeTemporaryDirectory("progress-batch")
        defer { try? FileManager.default.removeItem(at: directory) }
        let sweep = packageRoot.appendingPathComponent("problems/sweeps/melange-example-rates.yaml")
            .path
        let out = directory.appendingPathComponent("rates.csv").path
        let whole = try PseudoTerminalRun.run(
            ["batch", sweep, "--out", out, "--allow-paths", packageRoot.path], in: directory)
        #expect(whole.status == 0, "\(whole.transcript)")
        let runs = try csvRows(URL(fileURLWithPath: out)).count
        #expect(runs >= 3)
        let frames = whole.frames.map(\.text)
        #expect(
            frames.contains {
                $0.hasPrefix("batch") && $0.contains("/\(runs) runs") && $0.contains("0 failed")
            }, "\(frames)")
        #expect(whole.report.contains("dse batch: \(runs) runs written to \(out)"))
        // Drop the last two rows and resume: the first frame of the runs counts the rest as done.
        var lines = try String(contentsOfFile: out, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        try (lines.dropLast(2).joined(separator: "\n") + "\n").write(
            toFile: out, atomically: true, encoding: .utf8)
        let resumed = try PseudoTerminalRun.run(
            ["batch", sweep, "--out", out, "--resume", "--allow-paths", packageRoot.path],
            in: directory)
        #expect(resumed.status == 0)
        let batchFrames = resumed.frames.map(\.text).filter { $0.hasPrefix("batch") }
        #expect(batchFrames.first?.contains("\(runs - 2)/\(runs) runs") == true, "\(batchFrames)")
        #expect(
            batchFrames.allSatisfy { $0.contains("\(runs - 2) already in the file") },
            "\(batchFrames)")
        // The clock is the command's: the last frame's elapsed time is the wall time so far.
        let last = try #require(resumed.frames.last)
        let shown = try #require(Self.elapsed(in: last.text), "no elapsed time in \(last.text)")
        #expect(
            abs(shown - last.seconds) < 0.5,
            "frame says \(shown) s at \(last.seconds) s: \(last.text)")
    }

    /// The elapsed seconds a frame shows (`… · 12.3 s · …`, the second field).
    static func elapsed(in frame: String) -> Double? {
        let fields = frame.components(separatedBy: " · ")
        guard fields.count > 1, fields[1].hasSuffix(" s") else { return nil }
        return Double(fields[1].dropLast(2))
    }
}
