import Foundation
import TestSupport
import Testing

/// The `search` family end to end with a real program (problems/search/systolic-array.sh):
/// spawn, parse, fail, time out, and resume after SIGKILL at random points.
@Suite(.serialized) struct ExternalSearchCLITests {
    /// A copy of the shipped example in `directory`, each evaluation slowed by `delay` so that a
    /// kill can land in the middle of the search.
    static func problem(
        in directory: URL, budget: Int = 40, jobs: Int = 1, delay: String = "0.01",
        engine: String = "tpe"
    ) throws -> String {
        let script = packageRoot.appendingPathComponent("problems/search/systolic-array.sh")
        try FileManager.default.copyItem(
            at: script, to: directory.appendingPathComponent("systolic-array.sh"))
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent(
                "problems/search/systolic-array-tpe.yaml"), encoding: .utf8
        )
        .replacingOccurrences(
            of: "command: [./systolic-array.sh,",
            with: "command: [/bin/sh, -c, 'sleep \(delay); exec ./systolic-array.sh \"$@\"', sh,"
        )
        .replacingOccurrences(of: "budget: 80", with: "budget: \(budget)\njobs: \(jobs)")
        .replacingOccurrences(of: "engine: tpe", with: "engine: \(engine)")
        return try writeFile(text, named: "search.yaml", in: directory)
    }

    /// The logged configurations, in order.
    static func logged(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map {
            line in
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let configuration = try #require(object["configuration"] as? [String: String])
            return configuration.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                separator: " ")
        }
    }

    @Test func theShippedExampleNeedsPermissionAndThenSolves() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("run.jsonl").path
        let refused = try CLITests.dse(
            "solve", "problems/search/systolic-array-tpe.yaml", "--log", log)
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains(
                """
                evaluator.command runs a program (`./systolic-array.sh {rows} {columns} \
                {buffer_kib} {dataflow}`) with your rights; pass --allow-commands
                """
            ))
        #expect(!FileManager.default.fileExists(atPath: log))
        let run = try CLITests.dse(
            "solve", "problems/search/systolic-array-tpe.yaml", "--allow-commands", "--log", log,
            "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let envelope = try CLITests.json(run.stdout)
        #expect(envelope["status"] as? String == "feasible")
        let result = try #require(envelope["result"] as? [String: Any])
        #expect(result["evaluations"] as? Int == 80)
        // The shipped space has configurations whose tiles do not fit: recorded, not fatal.
        #expect((result["failures"] as? Int ?? 0) > 0)
        let metrics = try #require(result["metrics"] as? [String: Double])
        #expect((metrics["area_mm2"] ?? 99) <= 8)
        #expect(envelope["objective"] as? Double == metrics["latency_cycles"])
        // Run again without --resume: the log is not thrown away.
        let again = try CLITests.dse(
            "solve", "problems/search/systolic-array-tpe.yaml", "--allow-commands", "--log", log)
        #expect(
            again.status == 2
                && again.stderr.contains(
                    "already holds a search log (80 evaluations); pass --resume")
        )
        // With --resume every evaluation comes from the log and the answer is the same.
        let resumed = try CLITests.json(
            try CLITests.dse(
                "solve", "problems/search/systolic-array-tpe.yaml", "--allow-commands", "--log",
                log, "--resume", "--json"
            ).stdout)
        #expect((resumed["result"] as? [String: Any])?["replayed"] as? Int == 80)
        #expect(resumed["objective"] as? Double == envelope["objective"] as? Double)
        // Another seed is another search: its log is refused.
        let other = try String(
            contentsOf: packageRoot.appendingPathComponent(
                "problems/search/systolic-array-tpe.yaml"), encoding: .utf8
        )
        .replacingOccurrences(of: "seed: 1", with: "seed: 2")
        try FileManager.default.copyItem(
            at: packageRoot.appendingPathComponent("problems/search/systolic-array.sh"),
            to: directory.appendingPathComponent("systolic-array.sh"))
        let otherFile = try writeFile(other, named: "other.yaml", in: directory)
        let mismatch = try CLITests.dse(
            "solve", otherFile, "--allow-commands", "--log", log, "--resume")
        #expect(
            mismatch.status == 3
                && mismatch.stderr.contains("run.jsonl:1: the log is of another search"))
    }

    @Test(arguments: [1, 2])
    func aSearchKilledAtRandomPointsResumesToTheUninterruptedResult(jobs: Int) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let problem = try Self.problem(in: directory, jobs: jobs)
        let reference = directory.appendingPathComponent("reference.jsonl").path
        let whole = try CLITests.dse(
            "solve", problem, "--allow-commands", "--log", reference, "--json")
        #expect(whole.status == 0, "\(whole.stderr)")
        let expected = try CLITests.json(whole.stdout)

        let log = directory.appendingPathComponent("killed.jsonl").path
        var generator = SplitMix64(seed: UInt64(17 + jobs))
        // Eight runs killed at seeded random moments (under load a run may die before its first
        // evaluation; that is a kill too), then one left to finish.
        var kills = 0
        for _ in 0..<8 {
            let process = try CLITests.start([
                "solve", problem, "--allow-commands", "--log", log, "--resume", "--json",
            ])
            usleep(UInt32(30_000 + Int(generator.next() % 270_000)))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        #expect(kills >= 3, "killed \(kills) times")
        let resumed = try CLITests.json(
            try CLITests.dse(
                "solve", problem, "--allow-commands", "--log", log, "--resume", "--json"
            ).stdout)
        #expect(resumed["objective"] as? Double == expected["objective"] as? Double)
        let best = { (envelope: [String: Any]) in
            (envelope["result"] as? [String: Any])?["best"] as? [String: String]
        }
        #expect(best(resumed) == best(expected))
        let ours = try Self.logged(log)
        let theirs = try Self.logged(reference)
        // No configuration evaluated twice, and the same ones as the uninterrupted run (in the
        // same order with one job; a batch's evaluations are logged as they finish).
        #expect(Set(ours).count == ours.count)
        #expect(jobs == 1 ? ours == theirs : Set(ours) == Set(theirs))
    }

    @Test func aBatchOfSearchesFindsItsLogsOnlyWithResume() throws {
        // Each run of a sweep over seeds keeps its own log (FILE-STEM.DIGEST, in the working
        // directory); a batch re-run finds them: refused without --resume, replayed with it.
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try writeFile(
            """
            family: search
            space: {x: {min: 0, max: 5}, y: [a, b]}
            evaluator: {command: [/bin/sh, -c, 'echo "{{\\"cost\\": $(( ($0 - 3) * ($0 - 3) \
            ))}}"', "{x}"], metrics: [cost]}
            objective: {minimize: cost}
            engine: random
            budget: 5
            seed: 1
            """, named: "tiny.yaml", in: directory)
        let sweep = try writeFile(
            "base: tiny.yaml\ngrid: {budget: [5]}\nseeds: [1, 2]\n", named: "seeds.yaml",
            in: directory)
        func batch(_ out: String, _ extra: String...) throws -> (CLITests.Run, [[String: String]]) {
            let run = try CLITests.dse(
                arguments: ["batch", sweep, "--allow-commands", "--jobs", "1", "--out", out]
                    + extra, in: directory)
            let text =
                (try? String(contentsOf: directory.appendingPathComponent(out), encoding: .utf8))
                ?? ""
            let lines = text.split(separator: "\n").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            let rows = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
            return (run, rows)
        }
        let (first, rows) = try batch("first.csv")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(
            rows.count == 2
                && rows.allSatisfy { $0["replayed"] == "0" && $0["evaluations"] == "5" }, "\(rows)")
        let logs = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".evaluations.jsonl")
        }
        #expect(logs.count == 2 && logs.allSatisfy { $0.hasPrefix("tiny.") }, "\(logs)")
        let (refused, refusedRows) = try batch("again.csv")
        #expect(refused.status == 1)
        #expect(
            refusedRows.count == 2
                && refusedRows.allSatisfy { ($0["error"] ?? "").contains("pass --resume") },
            "\(refusedRows)")
        let (resumed, resumedRows) = try batch("resumed.csv", "--resume")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumedRows.count == 2 && resumedRows.allSatisfy { $0["replayed"] == "5" })
        #expect(
            Set(resumedRows.map { $0["objective"] ?? "" })
                == Set(rows.map { $0["objective"] ?? "" }))
    }

    @Test func aHangingOrFailingEvaluatorIsARecordedFailedPoint() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Dataflow 'is' hangs (past a 0.5 s timeout); 'os' crashes; 'ws' works.
        let problem = try writeFile(
            """
            family: search
            space:
              dataflow: [ws, os, is]
              rows: {min: 8, max: 9}
            evaluator:
              command: [/bin/sh, -c, 'case $0 in is) sleep 30;; os) echo boom >&2; exit 5;; *) \
            echo "{{\\"cost\\": $1}}";; esac', "{dataflow}", "{rows}"]
              metrics: [cost]
              timeout_s: 0.5
            objective: {minimize: cost}
            engine: exhaustive
            budget: 6
            """, named: "hang.yaml", in: directory)
        let start = Date()
        let run = try CLITests.dse(
            "solve", problem, "--allow-commands", "--log",
            directory.appendingPathComponent("hang.jsonl").path, "--json")
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(run.status == 0, "\(run.stderr)")
        let envelope = try CLITests.json(run.stdout)
        #expect(envelope["objective"] as? Double == 8)
        let result = try #require(envelope["result"] as? [String: Any])
        #expect(result["evaluations"] as? Int == 6 && result["failures"] as? Int == 4)
        let log = try String(
            contentsOfFile: directory.appendingPathComponent("hang.jsonl").path, encoding: .utf8)
        #expect(
            log.contains("\"failure\": \"timed out after 0.5 s\"")
                && log.contains("\"failure\": \"exit status 5: boom\""))
        // Every evaluation failing: no solution (exit 1) and a message that says so.
        let broken = try writeFile(
            """
            family: search
            space: {x: [a, b]}
            evaluator: {command: [/bin/sh, -c, 'exit 1'], metrics: [cost]}
            objective: {minimize: cost}
            """, named: "broken.yaml", in: directory)
        let failed = try CLITests.dse(
            "solve", broken, "--allow-commands", "--log",
            directory.appendingPathComponent("broken.jsonl").path)
        #expect(failed.status == 1 && failed.stdout.contains("every evaluation failed"))
    }

    @Test func mistakesInTheFileNameTheField() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let cases: [(String, String)] = [
            (
                "evaluator: {command: [./x, '{nosuch}'], metrics: [cost]}",
                "evaluator.command[1]: '{nosuch}' is neither a parameter of the space (x)"
            ),
            (
                "evaluator: {command: [], metrics: [cost]}",
                "evaluator.command: give the program and its arguments as a list"
            ),
            (
                "evaluator: {command: [./x], metrics: []}",
                "evaluator.metrics: list the metrics the program reports"
            ),
            (
                "evaluator: {command: [./x], metrics: [cost], timeout_s: -1}",
                "evaluator.timeout_s: must be a positive number of seconds"
            ),
        ]
        for (evaluator, message) in cases {
            let file = try writeFile(
                "family: search\nspace: {x: [a, b]}\n\(evaluator)\nobjective: {minimize: cost}\n",
                named: "bad.yaml", in: directory)
            let run = try CLITests.dse("solve", file, "--allow-commands")
            #expect(run.status == 3, "\(evaluator)")
            #expect(run.stderr.contains(message), "\(run.stderr)")
        }
        let unknownMetric = try writeFile(
            """
            family: search\nspace: {x: [a, b]}\nevaluator: {command: [./x], metrics: \
            [cost]}\nobjective: {minimize: cots}\n
            """,
            named: "metric.yaml", in: directory)
        #expect(
            try CLITests.dse("solve", unknownMetric, "--allow-commands").stderr.contains(
                "objective.minimize: unknown metric 'cots'; did you mean 'cost'?"))
    }
}
