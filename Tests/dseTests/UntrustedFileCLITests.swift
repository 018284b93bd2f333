import Foundation
import LinearModel
import TestSupport
import Testing

/// The probes of issue 19, through the real executable: files written by someone else cannot make
/// `dse` read or write outside the folders the user allowed, and every bad input is one line.
@Suite struct UntrustedFileCLITests {
    static func problem(trace: String, in directory: URL, extra: String = "") throws -> String {
        try writeFile(
            """
            family: memory-controller\ntrace: \(trace)\nobjective: latency\nbudget: \
            5\nexhaustive: false\n\(extra)
            """,
            named: "p.yaml", in: directory)
    }

    @Test func pathsOutsideTheProblemsFolderAreRefusedWithoutEchoingThem() throws {
        let directory = try makeTemporaryDirectory()
        let firstLine =
            try String(contentsOfFile: "/etc/passwd", encoding: .utf8).split(separator: "\n").first
            .map(String.init) ?? "root:"
        try FileManager.default.createSymbolicLink(
            atPath: directory.appendingPathComponent("link.stl").path,
            withDestinationPath: "/etc/passwd")
        for trace in ["/etc/passwd", "../../../../../../etc/passwd", "link.stl"] {
            let run = try CLITests.dse("validate", try Self.problem(trace: trace, in: directory))
            #expect(run.status == 3, "\(trace)")
            #expect(
                run.stderr.contains(
                    "p.yaml:2: trace: '\(trace)' is outside the folders this file may read from"),
                "\(run.stderr)")
            #expect(!run.stderr.contains(firstLine) && run.stderr.split(separator: "\n").count == 1)
        }
        // Allowed, the file is read — and its bad content is quoted only as a short excerpt.
        let allowed = try CLITests.dse(
            "validate", try Self.problem(trace: "/etc/passwd", in: directory), "--allow-paths",
            "/etc")
        #expect(allowed.status == 3)
        #expect(
            allowed.stderr.contains("passwd:1:") && allowed.stderr.count < 400, "\(allowed.stderr)")
    }

    @Test func filesAProblemWouldWriteOutsideItsFolderAreRefused() throws {
        let directory = try makeTemporaryDirectory()
        let outside = directory.deletingLastPathComponent().appendingPathComponent(
            "dse-canary-\(UUID().uuidString).csv"
        ).path
        let problem = try Self.problem(
            trace: "{synthetic: stream, count: 100}", in: directory,
            extra: "best_so_far_csv: \(outside)\n")
        let run = try CLITests.dse("solve", problem)
        #expect(run.status == 3)
        #expect(
            run.stderr.contains("best_so_far_csv:")
                && run.stderr.contains("outside the folders this file may write to"))
        #expect(!FileManager.default.fileExists(atPath: outside))
        let sweep = try writeFile(
            "base: p.yaml\ngrid: {budget: [3]}\nout: \(outside)\n", named: "s.yaml", in: directory)
        let batch = try CLITests.dse("batch", sweep)
        #expect(batch.status == 3 && batch.stderr.contains("s.yaml:3: out:"), "\(batch.stderr)")
        #expect(!FileManager.default.fileExists(atPath: outside))
    }

    @Test func modelFilesCannotWriteOrReadFiles() throws {
        let directory = try makeTemporaryDirectory()
        let target = directory.appendingPathComponent("pwned.txt").path
        let model = try writeFile(
            """
            var x >= 0, <= 4;\nmaximize z: x;\nprintf \"pwned\\n\" > \
            \"\(target)\";\nsolve;\nend;\n
            """,
            named: "w.mod", in: directory)
        let lp = directory.appendingPathComponent("w.lp").path
        for arguments in [
            ["validate", model], ["solve", model], ["solve", model, "--write-lp", lp],
            ["solve", model, "--json"],
        ] {
            let run = try CLITests.dse(arguments: arguments)
            #expect(run.status == 3, "\(arguments)")
            #expect(
                run.stderr
                    == """
                    dse: \(model):3: printf with '>' or '>>' writes to a file; model files may \
                    not read or write files (allow it with --allow-file-io)\n
                    """
            )
            #expect(run.stdout.isEmpty)
        }
        #expect(
            !FileManager.default.fileExists(atPath: target)
                && !FileManager.default.fileExists(atPath: lp))
        let allowed = try CLITests.dse("solve", model, "--allow-file-io")
        #expect(allowed.status == 0)
        #expect(FileManager.default.fileExists(atPath: target))
    }

    /// Runs `dse` with `arguments`, sends SIGTERM after each of `delays` (seconds since the
    /// previous one), and returns how it ended.
    static func terminate(_ arguments: [String], after delays: [Double]) throws -> (
        Process, stdout: String, stderr: String
    ) {
        let out = Pipe()
        let err = Pipe()
        let process = try CLITests.start(arguments, standardOutput: out, standardError: err)
        for delay in delays {
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGTERM)
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process, String(decoding: stdout, as: UTF8.self),
            String(decoding: stderr, as: UTF8.self)
        )
    }

    @Test func sigtermStopsTheSearchAndReportsTheBestPoint() throws {
        // Market split: an incumbent at once, optimality far away.
        let path = try writeFile(
            try CPLEXLPWriter().write(try marketSplitModel(rows: 4, columns: 60)), named: "ms.lp",
            in: try makeTemporaryDirectory())
        let (process, stdout, stderr) = try Self.terminate(["solve", path, "--json"], after: [1.5])
        #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(stderr)")
        let object = try CLITests.json(stdout)
        #expect(object["status"] as? String == "interrupted")
        #expect(object["objective"] as? Double != nil)
        #expect(stderr.contains("terminated (SIGTERM)"))
    }

    @Test func aSecondSigtermQuitsAtOnce() throws {
        // A 500 × 500 assignment LP without presolve: about a second to read, then over ten
        // seconds of simplex, which GLPK does not interrupt — so the first signal (sent once
        // reading is surely over) only asks, and the second must end the process.
        let n = 500
        var text = "Minimize\n obj:"
        var rng = SplitMix64(seed: 3)
        for i in 0..<n { for j in 0..<n { text += " + \(1 + rng.next() % 999) x\(i)_\(j)" } }
        text += "\nSubject To\n"
        for i in 0..<n {
            text += " r\(i): " + (0..<n).map { "x\(i)_\($0)" }.joined(separator: " + ") + " = 1\n"
        }
        for j in 0..<n {
            text += " c\(j): " + (0..<n).map { "x\($0)_\(j)" }.joined(separator: " + ") + " = 1\n"
        }
        let path = try writeFile(
            text + "End\n", named: "assignment.lp", in: try makeTemporaryDirectory())
        let started = Date()
        let (process, stdout, stderr) = try Self.terminate(
            ["solve", path, "--no-presolve", "--json"], after: [4, 0.5])
        #expect(process.terminationReason == .exit && process.terminationStatus == 143, "\(stderr)")
        #expect(stdout.isEmpty)
        #expect(stderr.contains("terminated (SIGTERM)"))
        #expect(Date().timeIntervalSince(started) < 9, "well before the simplex ends")
    }

    @Test func aMemoryLimitHitDuringTheSearchReportsTheBestPoint() throws {
        let path = try writeFile(
            try CPLEXLPWriter().write(try marketSplitModel()), named: "ms.lp",
            in: try makeTemporaryDirectory())
        let run = try CLITests.dse("solve", path, "--memory-limit", "2", "--json")
        #expect(run.status == 0, "a point was found: \(run.stderr)")
        let object = try CLITests.json(run.stdout)
        #expect(object["status"] as? String == "memory_limit")
        #expect(object["objective"] as? Double != nil)
        // The MathProg translator is held to the limit as well.
        let huge = try writeFile(
            "set S := 1..100000000;\nvar x{S} >= 0;\nmaximize z: sum{s in S} x[s];\nend;\n",
            named: "huge.mod", in: try makeTemporaryDirectory())
        let translation = try CLITests.dse("solve", huge, "--memory-limit", "64", "--json")
        #expect(translation.status == 1)
        #expect(try CLITests.json(translation.stdout)["status"] as? String == "memory_limit")
    }

    @Test func aSecondBatchOnTheSameOutputIsRefusedNamingTheHolder() throws {
        let directory = try makeTemporaryDirectory()
        let base = packageRoot.appendingPathComponent(
            "problems/mixed-precision/resnet50-multi-2-4-8.yaml"
        ).path
        let sweep = try writeFile(
            """
            base: \(base)\ngrid:\n  budgets[0].fraction: [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, \
            0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]\n
            """,
            named: "s.yaml", in: directory)
        let out = directory.appendingPathComponent("out.csv").path
        let first = try CLITests.start([
            "batch", sweep, "--jobs", "1", "--out", out, "--allow-paths", packageRoot.path,
        ])
        defer {
            if first.isRunning { kill(first.processIdentifier, SIGKILL) }
            first.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: out + ".lock"), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        let second = try CLITests.dse(
            "batch", sweep, "--out", out, "--resume", "--allow-paths", packageRoot.path)
        if first.isRunning {
            #expect(second.status == 2)
            #expect(
                second.stderr.contains(
                    "is being written by another batch (pid \(first.processIdentifier) on"),
                "\(second.stderr)")
        }
    }

    @Test func mergeNamesTheLineOfARepeatedRun() throws {
        let directory = try makeTemporaryDirectory()
        let part = try writeFile("run_key,x\na,1\nb,2\n", named: "p1.csv", in: directory)
        let again = try writeFile("run_key,x\nc,3\na,1\n", named: "p2.csv", in: directory)
        let run = try CLITests.dse(
            "merge", directory.appendingPathComponent("m.csv").path, part, again)
        #expect(run.status == 3)
        #expect(run.stderr == "dse: \(again):3: run key a appears again (first at \(part):2)\n")
        let torn = try writeFile("run_key,x\nd,4\ne,\"5", named: "p3.csv", in: directory)
        let tornRun = try CLITests.dse(
            "merge", directory.appendingPathComponent("m.csv").path, part, torn)
        #expect(
            tornRun.status == 3
                && tornRun.stderr.contains("p3.csv:3: a quoted field is never closed"),
            "\(tornRun.stderr)")
    }
}
