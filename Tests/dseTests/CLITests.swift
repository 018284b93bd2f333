import Foundation
import LinearModel
import TestSupport
import Testing

/// Runs the real `dse` executable and checks exit codes, stdout and stderr.
@Suite struct CLITests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let executable: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
                .appendingPathComponent("dse"),
            packageRoot.appendingPathComponent(".build/debug/dse"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
            ?? candidates[1]
    }()

    static func dse(_ arguments: String...) throws -> Run { try dse(arguments: arguments) }

    /// Starts `dse` with `arguments` in `directory` (the package root), its output to the given
    /// handles or pipes; the caller waits for it or kills it.
    static func start(
        _ arguments: [String], standardOutput: Any = FileHandle.nullDevice,
        standardError: Any = FileHandle.nullDevice,
        in directory: URL = packageRoot
    ) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = standardOutput
        process.standardError = standardError
        try process.run()
        return process
    }

    static func dse(arguments: [String], in directory: URL = packageRoot) throws -> Run {
        let out = Pipe()
        let err = Pipe()
        let process = try start(arguments, standardOutput: out, standardError: err, in: directory)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let run = Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
        // Whatever happened, never a crash report or a backtrace.
        for marker in [
            "Stack dump", "Fatal error", "Backtrace", "Current stack trace", "Illegal instruction",
        ] {
            #expect(!run.stderr.contains(marker), "stderr: \(run.stderr)")
        }
        return run
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func solvesTheBundledDefaultProblem() throws {
        let run = try Self.dse("solve", "problems/lp/melange-example.mod")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("Family:     lp\nProblem:    "))
        #expect(run.stdout.contains("Status:     optimal\n"))
        #expect(run.stdout.contains("Objective:  6.7 (MIP objective, minimized)"))
        #expect(run.stdout.contains("count[A10G]                 3"))
        #expect(run.stderr.isEmpty)
    }

    @Test func jsonEnvelope() throws {
        let run = try Self.dse("solve", "problems/lp/melange-example.mod", "--json")
        #expect(run.status == 0)
        let object = try Self.json(run.stdout)
        #expect(object["family"] as? String == "lp")
        #expect(object["status"] as? String == "optimal")
        #expect(abs((object["objective"] as? Double ?? 0) - 6.7) < 1e-9)
        #expect(abs((object["best_bound"] as? Double ?? 0) - 6.7) < 1e-9)
        #expect(object["gap"] as? Double == 0)
        #expect(object["solve_seconds"] is Double)
        let variables = try #require(
            (object["result"] as? [String: Any])?["variables"] as? [String: Any])
        #expect(variables["count[A10G]"] as? Double == 3)
        #expect(variables.count == 10)
        #expect(
            run.stdout.hasPrefix(#"{"family":"lp","solver":"glpk","status":"optimal","objective":"#)
        )
    }

    @Test func infeasibleAndUnboundedExitWithOne() throws {
        let directory = try makeTemporaryDirectory()
        let infeasible = try writeFile(
            "Minimize\n obj: x\nSubject To\n a: x >= 5\n b: x <= 3\nEnd\n", named: "inf.lp",
            in: directory)
        let run = try Self.dse("solve", infeasible, "--json")
        #expect(run.status == 1)
        #expect(try Self.json(run.stdout)["status"] as? String == "infeasible")
        #expect(try Self.json(run.stdout)["objective"] is NSNull)
        let unbounded = try writeFile(
            "Maximize\n obj: x + y\nSubject To\n a: x - y <= 1\nEnd\n", named: "unb.lp",
            in: directory)
        let second = try Self.dse("solve", unbounded)
        #expect(second.status == 1)
        #expect(
            second.stdout.contains("Status:     unbounded (the objective improves without limit)"))
    }

    @Test func timeLimitReportsTheIncumbent() throws {
        let directory = try makeTemporaryDirectory()
        let path = try writeFile(
            CPLEXLPWriter().write(try hardSubsetSum()), named: "hard.lp", in: directory)
        let run = try Self.dse("solve", path, "--time-limit", "0.5", "--json")
        #expect(run.status == 0)
        let object = try Self.json(run.stdout)
        #expect(object["status"] as? String == "time_limit")
        #expect((object["gap"] as? Double ?? 0) > 0)
        #expect((object["solve_seconds"] as? Double ?? 99) < 5)
    }

    @Test func usageErrorsExitWithTwo() throws {
        #expect(try Self.dse("solve").status == 2)
        #expect(try Self.dse("solve", "problems/lp/wyndor.lp", "--gap=-0.5").status == 2)
        #expect(try Self.dse("solve", "problems/lp/wyndor.lp", "--time-limit", "0").status == 2)
        #expect(try Self.dse("solve", "problems/lp/wyndor.lp", "--format", "xls").status == 2)
        #expect(try Self.dse("frobnicate").status == 2)
        let run = try Self.dse("solve", "problems/lp/wyndor.lp", "--no-such-flag")
        #expect(run.status == 2)
        #expect(run.stderr.contains("--no-such-flag"))
    }

    @Test func badInputFilesExitWithThreeNamingFileAndLine() throws {
        let directory = try makeTemporaryDirectory()
        let cases: [(String, String, Int)] = [
            (
                "bad.lp",
                "Maximize\n obj: x + y\nSubject To\n c1: x + y <= 4\n c2: x + + y >= 1\nEnd\n", 5
            ),
            (
                "bad.mps",
                "NAME t\nROWS\n N obj\n L c1\nCOLUMNS\n x obj 1 c1 1\nRHS\n rhs c2 4\nENDATA\n", 8
            ),
            ("bad.mod", "var x >= 0;\nmaximize z: x;\ns.t. c: x <= 3\nend;\n", 4),
        ]
        for (name, text, line) in cases {
            let path = try writeFile(text, named: name, in: directory)
            let run = try Self.dse("solve", path)
            #expect(run.status == 3, "\(name)")
            #expect(run.stderr.hasPrefix("dse: \(path):\(line): "), "\(name): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "one line on stderr")
            #expect(run.stdout.isEmpty)
        }
        let missing = try Self.dse("solve", "/nonexistent/model.lp")
        #expect(missing.status == 3)
        #expect(missing.stderr == "dse: /nonexistent/model.lp: no such file\n")
        let unknown = try Self.dse("solve", try writeFile("x", named: "model.txt", in: directory))
        #expect(unknown.status == 3)
    }

    @Test func aMemoryLimitWhileReadingIsStatusMemoryLimit() throws {
        // 300,000 non-zeros cannot even be read within 1 MiB: GLPK's allocator refuses, the fatal
        // error is caught, and the envelope says memory_limit (no model, so no point: exit 1).
        let model = try densePackingModel()
        let path = try writeFile(
            try MPSWriter().write(model), named: "big.mps", in: try makeTemporaryDirectory())
        let run = try Self.dse("solve", path, "--memory-limit", "1", "--json")
        #expect(run.status == 1)
        #expect(run.stderr.isEmpty)
        let object = try Self.json(run.stdout)
        #expect(object["status"] as? String == "memory_limit")
        #expect(object["objective"] is NSNull)
        let human = try Self.dse("solve", path, "--memory-limit", "1")
        #expect(human.status == 1)
        #expect(human.stdout.contains("Status:     memory_limit (no feasible point found)"))
        #expect(try Self.dse("solve", path, "--memory-limit", "0").status == 2)
        #expect(try Self.dse("solve", path, "--memory-limit", "64").status == 0)
    }

    @Test func writesLPAndMPSThatSolveToTheSameOptimum() throws {
        let directory = try makeTemporaryDirectory()
        let lp = directory.appendingPathComponent("w.lp").path
        let mps = directory.appendingPathComponent("w.mps").path
        let run = try Self.dse(
            "solve", "problems/lp/wyndor.lp", "--write-lp", lp, "--write-mps", mps)
        #expect(run.status == 0)
        #expect(run.stderr.contains("minimizes the negated objective"))
        #expect(
            try Self.json(try Self.dse("solve", lp, "--json").stdout)["objective"] as? Double == 36)
        #expect(
            try Self.json(try Self.dse("solve", mps, "--json").stdout)["objective"] as? Double
                == -36)
        let unwritable = try Self.dse(
            "solve", "problems/lp/wyndor.lp", "--write-lp", "/nonexistent/dir/x.lp")
        #expect(unwritable.status == 2)
    }

    @Test func mathProgWithSeparateDataFile() throws {
        let directory = try makeTemporaryDirectory()
        let model = try writeFile(
            "set I; param c{I}; var x{I} >= 0, <= 1;\nmaximize z: sum{i in I} c[i] * x[i];\nend;\n",
            named: "m.mod", in: directory)
        let data = try writeFile(
            "data;\nset I := a b c;\nparam c := a 1 b -2 c 3;\nend;\n", named: "m.dat",
            in: directory)
        let run = try Self.dse("solve", model, "--data", data, "--json")
        #expect(run.status == 0)
        #expect(try Self.json(run.stdout)["objective"] as? Double == 4)
    }

    @Test func versionNamesGLPKAndThreadLocality() throws {
        let run = try Self.dse("version")
        #expect(run.status == 0)
        #expect(run.stdout.contains("DSEKit "))
        #expect(run.stdout.contains("GLPK 5."))
        #expect(run.stdout.contains("thread-local: yes"))
    }

    @Test func helpExitsWithZero() throws {
        let run = try Self.dse("--help")
        #expect(run.status == 0)
        #expect(run.stdout.contains("solve"))
        #expect(run.stdout.contains("Exit status"))
    }
}

/// The problem-file side of the CLI: families, validate, solve and their exit codes.
@Suite struct FamilyCLITests {
    @Test func melangeExampleSolvesFromTheAuthorsJSON() throws {
        let run = try CLITests.dse("solve", "problems/melange/example.json", "--json")
        #expect(run.status == 0)
        let object = try CLITests.json(run.stdout)
        #expect(object["family"] as? String == "melange")
        #expect(abs((object["objective"] as? Double ?? 0) - 6.7) < 1e-9)
        let result = try #require(object["result"] as? [String: Any])
        #expect(result["gpus"] as? [String: Double] == ["A10G": 3, "A100-80GB": 1])
        #expect(abs((result["cost_per_hour"] as? Double ?? 0) - 6.7) < 1e-9)
        let human = try CLITests.dse("solve", "problems/melange/example.yaml")
        #expect(human.status == 0)
        #expect(human.stdout.contains("Objective:  6.7 $/h (cost of the GPUs, minimized)"))
        #expect(human.stdout.contains("Cost $6.70 per hour"))
    }

    @Test func badProblemFileExitsThreeNamingFieldAndLine() throws {
        let directory = try makeTemporaryDirectory()
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent("problems/melange/example.yaml"),
            encoding: .utf8
        )
        .replacingOccurrences(of: "[[20, 20], [40, 20]]", with: "[[20, 20], [40, -20]]")
        let path = try writeFile(text, named: "bad.yaml", in: directory)
        for command in ["solve", "validate"] {
            let run = try CLITests.dse(command, path)
            #expect(run.status == 3)
            #expect(
                run.stderr.hasPrefix("dse: \(path):12: gpus[1].throughput_rps[1][1]: "),
                "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func everyKindOfBadMelangeInputExitsThree() throws {
        let example = try String(
            contentsOf: packageRoot.appendingPathComponent("problems/melange/example.yaml"),
            encoding: .utf8)
        let cases: [(String, String, String)] = [
            // non-finite
            ("[[2, 1], [5, 2]]", "[[2, 1], [5, .nan]]", "gpus[0].throughput_rps[1][1]"),
            ("price_per_hour: 1.01", "price_per_hour: -1", "gpus[0].price_per_hour"),  // negative
            // shape
            ("[[20, 20], [40, 20]]", "[[20, 20, 20], [40, 20, 20]]", "gpus[1].throughput_rps"),
            ("slice_factor: 1", "slice_factor: 0", "slice_factor"),  // slice factor < 1
            // shares sum 1.1
            ("[[0.2, 0.1], [0.5, 0.2]]", "[[0.2, 0.1], [0.5, 0.3]]", "workload.shares"),
            ("slice_factor: 1", "slice_factr: 1", "slice_factr"),  // unknown key
        ]
        let directory = try makeTemporaryDirectory()
        for (old, new, field) in cases {
            #expect(example.contains(old))
            let path = try writeFile(
                example.replacingOccurrences(of: old, with: new), named: "bad.yaml", in: directory)
            let run = try CLITests.dse("solve", path)
            #expect(run.status == 3, "\(field): \(run.stderr)")
            #expect(run.stderr.contains(": \(field): "), "\(run.stderr)")
        }
    }

    @Test func unservableBucketExitsOneWithAReason() throws {
        let directory = try makeTemporaryDirectory()
        let path = try writeFile(
            """
            family: melange
            gpus:
              - {name: L4, price_per_hour: 0.7, throughput_rps: [[2, 0]]}
            input_token_edges: [1, 2000]
            output_token_edges: [1, 250, 2000]
            workload: {rates_rps: [[1, 3]]}
            slice_factor: 1
            """, named: "unservable.yaml", in: directory)
        let run = try CLITests.dse("solve", path)
        #expect(run.status == 1)
        #expect(
            run.stdout.contains(
                "no GPU type can serve bucket in 1-2000 x out 250-2000 (3 requests/s)"))
    }

    @Test func familiesAndValidate() throws {
        let families = try CLITests.dse("families")
        #expect(families.status == 0)
        #expect(families.stdout.contains("melange"))
        #expect(families.stdout.contains("lp "))
        let valid = try CLITests.dse("validate", "problems/melange/example.yaml")
        #expect(valid.status == 0)
        #expect(valid.stdout.contains("valid melange: 2 GPU types"))
        let model = try CLITests.dse("validate", "problems/lp/wyndor.lp")
        #expect(model.status == 0)
        #expect(model.stdout.contains("3 rows, 2 columns"))
    }
}

@Suite struct MixedPrecisionCLITests {
    @Test func solveJSONAndExitCodes() throws {
        let run = try CLITests.dse(
            "solve", "problems/mixed-precision/hawq-v3-resnet18-bops-0.5.yaml", "--json")
        #expect(run.status == 0)
        let object = try CLITests.json(run.stdout)
        #expect(object["family"] as? String == "mixed-precision")
        let result = try #require(object["result"] as? [String: Any])
        #expect((result["layers"] as? [String])?.count == 19)
        #expect((result["bits"] as? [Double])?.count == 19)
        let resources = try #require(result["resources"] as? [String: [String: Any]])
        #expect(resources["bops"]?["budget"] is Double)

        let directory = try makeTemporaryDirectory()
        let low = try writeFile(
            """
            family: mixed-precision
            bit_widths: [4, 8]
            layers:
              - {name: a, weights: 1000, macs: 1000, sensitivity: {4: 2, 8: 1}}
            budgets:
              - {resource: size, limit: 0.0001}
            """, named: "low.yaml", in: directory)
        let infeasible = try CLITests.dse("solve", low)
        #expect(infeasible.status == 1)
        #expect(infeasible.stdout.contains("below the smallest achievable size, 0.0005 MB"))
        let bad = try writeFile(
            """
            family: mixed-precision\nbit_widths: [4, 8]\nlayers:\n  - {name: a, weights: 1, \
            macs: 1, sensitivity: {4: 2}}\nbudgets: []\n
            """,
            named: "bad.yaml", in: directory)
        let badRun = try CLITests.dse("solve", bad)
        #expect(badRun.status == 3)
        #expect(badRun.stderr.contains("layers[0].sensitivity: has no sensitivity for 8 bits"))
    }
}

@Suite struct FrontierCLITests {
    @Test func frontierWritesTheCSVAndTheOldNameWarns() throws {
        let out = try makeTemporaryDirectory().appendingPathComponent("frontier.csv").path
        let run = try CLITests.dse(
            "frontier", "problems/mixed-precision/hawq-v3-resnet18-bops-0.5.yaml", "--resource",
            "bops", "--steps", "11", "--out", out)
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(
            text.hasPrefix("bops_fraction,bops_budget_GBOPs,bops_used_GBOPs,sensitivity,bits\n"))
        #expect(text.split(separator: "\n").count >= 4)
        #expect(
            try CLITests.dse("frontier", "problems/mixed-precision/hawq-v3-resnet18-bops-0.5.yaml")
                .status == 2)
        let power = try CLITests.dse(
            "frontier", "problems/mixed-precision/hawq-v3-resnet18-bops-0.5.yaml", "--resource",
            "bop")
        #expect(power.status == 2)
        #expect(power.stderr.contains("did you mean 'bops'?"))
        #expect(
            try CLITests.dse("frontier", "problems/melange/example.yaml", "--resource", "size")
                .status == 2)
        // The old name still works, says the new one, and gives the same frontier.
        let old = try CLITests.dse(
            "sweep", "problems/mixed-precision/hawq-v3-resnet18-bops-0.5.yaml", "--resource",
            "bops", "--steps", "11")
        #expect(old.status == 0)
        #expect(old.stderr.contains("`dse sweep` is now `dse frontier`"))
        #expect(old.stdout == text)
        #expect(
            !(try CLITests.dse("--help")).stdout.contains("\n  sweep "),
            "the old name is not listed")
    }
}

@Suite struct BatchCLITests {
    static func sweep(in directory: URL) throws -> String {
        let base = packageRoot.appendingPathComponent(
            "problems/mixed-precision/resnet50-multi-2-4-8.yaml")
        return try writeFile(
            """
            base: \(base.path)
            grid:
              budgets[0].fraction: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
              budgets[2].fraction: [0.3, 0.5, 0.7, 0.9]
            """, named: "kill.yaml", in: directory)
    }

    static func rowsWithoutTimes(_ path: String) throws -> Set<[String]> {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasSuffix("\n"), "no torn last line")
        let rows = text.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let timeColumn = rows[0].firstIndex(of: "solve_seconds") ?? 0
        return Set(
            rows.map { row in row.enumerated().filter { $0.offset != timeColumn }.map(\.element) })
    }

    @Test func aKilledBatchResumesToExactlyTheUninterruptedRows() throws {
        let directory = try makeTemporaryDirectory()
        let sweep = try Self.sweep(in: directory)
        let whole = directory.appendingPathComponent("whole.csv").path
        #expect(
            try CLITests.dse(
                "batch", sweep, "--jobs", "2", "--out", whole, "--allow-paths", packageRoot.path
            ).status == 0)

        let killed = directory.appendingPathComponent("killed.csv").path
        let process = try CLITests.start([
            "batch", sweep, "--jobs", "2", "--out", killed, "--allow-paths", packageRoot.path,
        ])
        // Wait for a few finished rows, then SIGKILL mid-batch.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let rows =
                (try? String(contentsOfFile: killed, encoding: .utf8))?.split(separator: "\n").count
                ?? 0
            if rows >= 4 { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let partial = try String(contentsOfFile: killed, encoding: .utf8).split(separator: "\n")
            .count
        #expect(partial < 29, "killed before the end (\(partial) lines)")

        let resumed = try CLITests.dse(
            "batch", sweep, "--jobs", "2", "--out", killed, "--resume", "--allow-paths",
            packageRoot.path)
        #expect(resumed.status == 0)
        #expect(try Self.rowsWithoutTimes(killed) == (try Self.rowsWithoutTimes(whole)))
        #expect(
            (try String(contentsOfFile: killed, encoding: .utf8)).split(separator: "\n").count
                == 29, "28 runs + header, no duplicates")
    }

    @Test func exitCodesShardsMergeAndSlurmScript() throws {
        let directory = try makeTemporaryDirectory()
        let base = packageRoot.appendingPathComponent("problems/melange/example.json").path
        let sweep = try writeFile(
            "base: \(base)\ngrid:\n  total_request_rate: [5, 10, 20]\n  slice_factor: [1, 2]\n",
            named: "s.yaml", in: directory)
        for k in 1...3 {
            let run = try CLITests.dse(
                "batch", sweep, "--shard", "\(k)/3", "--out",
                directory.appendingPathComponent("p\(k).csv").path, "--allow-paths",
                packageRoot.path)
            #expect(run.status == 0)
        }
        let merged = directory.appendingPathComponent("merged.csv").path
        let parts = (1...3).map { directory.appendingPathComponent("p\($0).csv").path }
        let merge = try CLITests.dse(
            "merge", merged, parts[0], parts[1], parts[2], "--sweep", sweep, "--allow-paths",
            packageRoot.path)
        #expect(merge.status == 0)
        #expect(
            try String(contentsOfFile: merged, encoding: .utf8).split(separator: "\n").count == 7)
        let missing = try CLITests.dse(
            "merge", merged, parts[0], parts[1], "--sweep", sweep, "--allow-paths", packageRoot.path
        )
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("missing run keys"))
        let bad = try writeFile(
            "base: \(base)\ngrid:\n  slice_factr: [1]\n", named: "bad.yaml", in: directory)
        let badRun = try CLITests.dse("batch", bad, "--allow-paths", packageRoot.path)
        #expect(badRun.status == 3)
        #expect(badRun.stderr.contains("grid.slice_factr: no field 'slice_factr'"))
        let failing = try writeFile(
            "base: \(base)\ngrid:\n  slice_factor: [0, 1]\n", named: "failing.yaml", in: directory)
        #expect(
            try CLITests.dse(
                "batch", failing, "--out", directory.appendingPathComponent("f.csv").path,
                "--allow-paths", packageRoot.path
            ).status == 1)
        let slurm = try CLITests.dse(
            "batch", sweep, "--print-slurm", "--tasks", "3", "--allow-paths", packageRoot.path)
        #expect(slurm.status == 0)
        #expect(slurm.stdout.contains("--array=1-3"))
        #expect(slurm.stdout.contains("--dependency=afterok:"))
        #expect(slurm.stdout.contains("merge"))
        // The script runs the dse that wrote it, by its absolute path, and logs its progress.
        #expect(
            slurm.stdout.contains(
                "'\(CLITests.executable.resolvingSymlinksInPath().path)' batch '\(sweep)'"),
            "\(slurm.stdout)")
        #expect(
            slurm.stdout.components(
                separatedBy: CLITests.executable.resolvingSymlinksInPath().path + "'"
            ).count == 3, "batch and merge")
        #expect(slurm.stdout.contains(" --progress "))
        let chosen = try CLITests.dse(
            "batch", sweep, "--print-slurm", "--dse", "/opt/dsekit/bin/dse", "--allow-paths",
            packageRoot.path)
        #expect(chosen.stdout.contains("'/opt/dsekit/bin/dse' batch"))
        #expect(!chosen.stdout.contains(CLITests.executable.path))
        #expect(
            try CLITests.dse("batch", sweep, "--dse", "/opt/dsekit/bin/dse").status == 2,
            "--dse goes with --print-slurm")
    }
}
