import Experiments
import Foundation
import LinearModel
import Problems
import TestSupport
import Testing

@Suite struct BatchTests {
    static let sweepText = """
        base: \(packageRoot.appendingPathComponent("problems/melange/example.json").path)
        grid:
          total_request_rate: [5, 10, 15, 20, 30, 40, 60]
          slice_factor: [1, 2, 4]
        """

    static func sweep(_ text: String = sweepText) throws -> SweepFile {
        try SweepFile(
            path: try writeFile(text, named: "sweep.yaml", in: try makeTemporaryDirectory()),
            access: repository)
    }

    /// The sweeps here live in temporary folders and use the package's problem files.
    static let repository = FileAccess.allowing([packageRoot.path])

    static func rows(_ path: String) throws -> [[String]] {
        try ResultFile.parse(try String(contentsOfFile: path, encoding: .utf8))
    }

    @Test func seedsReachASearchProblemsSeed() throws {
        let base = packageRoot.appendingPathComponent(
            "problems/memory-controller/stream-latency-marl.yaml"
        ).path
        let sweep = try Self.sweep(
            """
            base: \(base)
            grid:
              budget: [15]
              engine: [random]
            seeds: [1, 2, 3]
            """)
        #expect(sweep.runs.map(\.seed) == [1, 2, 3])
        for run in sweep.runs { #expect(run.problemText.contains("seed: \(run.seed!)")) }
        let out = try makeTemporaryDirectory().appendingPathComponent("out.csv").path
        let runner = BatchRunner(sweep: sweep, jobs: 2)
        #expect(
            Set(runner.header).count == runner.header.count, "no repeated column: \(runner.header)")
        _ = try runner.run(into: try ResultFile(path: out, header: runner.header, resume: false))
        let table = try Self.rows(out)
        let configuration = try #require(table[0].firstIndex(of: "best_config"))
        let seed = try #require(table[0].firstIndex(of: "seed"))
        // Each row equals the same problem solved on its own with that seed.
        for row in table.dropFirst() {
            let text = try String(contentsOfFile: base, encoding: .utf8)
                .replacingOccurrences(of: "budget: 1000", with: "budget: 15").replacingOccurrences(
                    of: "engine: marl", with: "engine: random"
                )
                .replacingOccurrences(of: "seed: 1", with: "seed: \(row[seed])")
            let single = try ProblemFile.load(root: try ProblemFile.root(text: text, file: base))
                .solve(options: SolveOptions())
            #expect(single.csvColumns.first { $0.0 == "best_config" }?.1 == row[configuration])
        }
        #expect(
            Set(table.dropFirst().map { $0[configuration] }).count > 1,
            "different seeds, different searches")
    }

    @Test func everyRunIsARowEqualToASingleSolve() throws {
        let sweep = try Self.sweep()
        #expect(sweep.runs.count == 21)
        let out = try makeTemporaryDirectory().appendingPathComponent("out.csv").path
        let runner = BatchRunner(sweep: sweep, jobs: 2)
        let summary = try runner.run(
            into: try ResultFile(path: out, header: runner.header, resume: false))
        #expect(summary == .init(total: 21, skipped: 0, completed: 21, failed: 0))
        let table = try Self.rows(out)
        let header = table[0]
        #expect(
            Array(header.prefix(9)) == [
                "total_request_rate", "slice_factor", "run_key", "family", "status", "objective",
                "best_bound", "gap", "solve_seconds",
            ])
        #expect(table.count == 22)
        #expect(Set(table.dropFirst().map { $0[2] }).count == 21, "distinct run keys")
        // Each row against the same problem solved on its own, built independently of the sweep.
        let rateColumn = 0
        let factorColumn = 1
        let objectiveColumn = header.firstIndex(of: "objective") ?? 0
        for row in table.dropFirst() {
            let json = """
                {"gpu_info": {"A10G": {"cost": 1.01, "tputs": [[2, 1], [5, 2]]}, "A100-80GB": \
                {"cost": 3.67, "tputs": [[20, 20], [40, 20]]}},
                 "workload_distribution": [[0.2, 0.1], [0.5, 0.2]], "total_request_rate": \
                \(row[rateColumn]), "slice_factor": \(row[factorColumn])}
                """
            let path = try writeFile(json, named: "single.json", in: try makeTemporaryDirectory())
            let single = try ProblemFile.load(path).solve(options: SolveOptions())
            #expect(
                single.envelope.objective.map { JSONValue.format($0) } == row[objectiveColumn],
                "rate \(row[rateColumn]) sf \(row[factorColumn])")
        }
        // The 30 req/s, slice factor 1 row is the authors' example: 6.70.
        #expect(
            table.contains {
                $0[rateColumn] == "30" && $0[factorColumn] == "1" && $0[objectiveColumn] == "6.7"
            })
    }

    @Test func relativePathsResolveAgainstTheSweepFile() throws {
        let sweep = try SweepFile(
            path: "problems/sweeps/melange-paper-arena.yaml".replacingOccurrences(
                of: "problems", with: packageRoot.appendingPathComponent("problems").path),
            access: Self.repository)
        #expect(
            sweep.basePath
                == packageRoot.appendingPathComponent("problems/melange/paper-arena-tpot120ms.yaml")
                .standardized.path)
        #expect(
            sweep.outputPath
                == packageRoot.appendingPathComponent("results/melange-paper-arena.csv")
                .standardized.path)
        // Relative to the working directory too (the CLI's usual case); `swift test` runs in the
        // package root. (Changing the directory here would affect tests running alongside.)
        if URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardized
            == packageRoot.standardized
        {
            let relative = try SweepFile(
                path: "problems/sweeps/melange-paper-arena.yaml", access: .allowing(["."]))
            #expect(
                relative.outputPath
                    == packageRoot.appendingPathComponent("results/melange-paper-arena.csv")
                    .standardized.path)
        }
    }

    @Test func keysAreStableAndSeedsRepeatRuns() throws {
        let a = try Self.sweep()
        let b = try Self.sweep()
        #expect(a.runs.map(\.key) == b.runs.map(\.key))
        let seeded = try Self.sweep(Self.sweepText + "\nseeds: [1, 2]\n")
        #expect(seeded.runs.count == 42)
        #expect(seeded.hasSeeds)
        #expect(Set(seeded.runs.map(\.key)).count == 42)
        #expect(!a.hasSeeds)
    }

    @Test func zipAndSamples() throws {
        let zipped = try Self.sweep(
            """
            base: \(packageRoot.appendingPathComponent("problems/melange/example.json").path)
            zip:
              total_request_rate: [10, 20, 30]
              slice_factor: [1, 2, 4]
            """)
        #expect(zipped.runs.map(\.parameterValues) == [["10", "1"], ["20", "2"], ["30", "4"]])
        let sampled = try Self.sweep(
            """
            base: \(packageRoot.appendingPathComponent("problems/melange/example.json").path)
            samples: {count: 5, seed: 3, values: {slice_factor: [1, 2, 4], total_request_rate: \
            {min: 1, max: 40}}}
            """)
        let again = try Self.sweep(
            """
            base: \(packageRoot.appendingPathComponent("problems/melange/example.json").path)
            samples: {count: 5, seed: 3, values: {slice_factor: [1, 2, 4], total_request_rate: \
            {min: 1, max: 40}}}
            """)
        #expect(sampled.runs.count == 5)
        #expect(sampled.runs.map(\.parameterValues) == again.runs.map(\.parameterValues))
        #expect(
            sampled.runs.allSatisfy {
                (Double($0.parameterValues[1]) ?? 0) >= 1
                    && (Double($0.parameterValues[1]) ?? 99) <= 40
            })
    }

    @Test func shardsMergeToTheUnshardedRun() throws {
        let sweep = try Self.sweep()
        let directory = try makeTemporaryDirectory()
        let whole = directory.appendingPathComponent("whole.csv").path
        let runner = BatchRunner(sweep: sweep, jobs: 2)
        _ = try runner.run(into: try ResultFile(path: whole, header: runner.header, resume: false))
        var parts: [String] = []
        for k in 1...3 {
            let part = directory.appendingPathComponent("part\(k).csv").path
            let sharded = BatchRunner(sweep: sweep, jobs: 1, shard: (k, 3))
            #expect(sharded.runs.count == 7)
            _ = try sharded.run(
                into: try ResultFile(path: part, header: sharded.header, resume: false))
            parts.append(part)
        }
        let merged = try ResultMerge.merge(parts, expectedKeys: sweep.runs.map(\.key))
        let unsharded = try Self.rows(whole)
        func withoutTimes(_ rows: [[String]]) -> Set<[String]> {
            let timeColumn = rows[0].firstIndex(of: "solve_seconds") ?? 0
            return Set(
                rows.map { row in row.enumerated().filter { $0.offset != timeColumn }.map(\.element)
                })
        }
        #expect(withoutTimes(merged) == withoutTimes(unsharded))
        // A missing part and a duplicated part are reported.
        #expect(throws: ResultMerge.Problem.self) {
            try ResultMerge.merge(Array(parts.prefix(2)), expectedKeys: sweep.runs.map(\.key))
        }
        let duplicate = #expect(throws: ResultMerge.Problem.self) {
            try ResultMerge.merge(parts + [parts[0]])
        }
        #expect(
            duplicate?.description.contains("appears again (first at \(parts[0]):2)") == true,
            "\(String(describing: duplicate))")
        #expect(duplicate?.description.hasPrefix("\(parts[0]):2: run key") == true)
    }

    @Test func resumeRepairsATornLineAndSkipsDoneRuns() throws {
        let sweep = try Self.sweep()
        let out = try makeTemporaryDirectory().appendingPathComponent("torn.csv").path
        let runner = BatchRunner(sweep: sweep, jobs: 1)
        _ = try runner.run(into: try ResultFile(path: out, header: runner.header, resume: false))
        // Keep the header and 5 rows, then half of the 6th row, as a killed writer might.
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        let torn = lines.prefix(6).joined(separator: "\n") + "\n" + String(lines[6].prefix(15))
        try torn.write(toFile: out, atomically: true, encoding: .utf8)
        let file = try ResultFile(path: out, header: runner.header, resume: true)
        #expect(file.existingKeys.count == 5)
        let summary = try runner.run(into: file)
        #expect(summary.skipped == 5)
        #expect(summary.completed == 16)
        let table = try Self.rows(out)
        #expect(table.count == 22)
        #expect(Set(table.dropFirst().map { $0[2] }).count == 21)
        #expect(table.allSatisfy { $0.count == table[0].count })
    }

    /// Every kind of damage a results file can take is taken out on resume — through a
    /// temporary file and a rename, the original kept as FILE.bak — and the batch then fills
    /// in exactly the missing runs: the file ends as the undamaged run's rows.
    @Test func resumeRepairsEveryKindOfDamageAndKeepsABackup() throws {
        let sweep = try Self.sweep()
        let directory = try makeTemporaryDirectory()
        let whole = directory.appendingPathComponent("whole.csv").path
        let runner = BatchRunner(sweep: sweep, jobs: 2)
        _ = try runner.run(into: try ResultFile(path: whole, header: runner.header, resume: false))
        let lines = try String(contentsOfFile: whole, encoding: .utf8).split(separator: "\n").map(
            String.init)
        #expect(lines.count == 22)
        var damaged = [lines[0], lines[1], lines[2]]
        damaged.append(lines[1])  // line 4: a repeated run key
        damaged.append(String(lines[3].prefix(20)))  // line 5: torn mid-file
        damaged.append(lines[4] + ",extra")  // line 6: too many fields
        damaged.append("\"never closed," + lines[5])  // line 7: an unterminated quote
        damaged.append(lines[6])  // line 8: still seen after it
        damaged.append("\u{1}\u{7F}garbage\u{0}")  // line 9: random bytes
        damaged.append(lines[7])
        // and a torn last line
        let text = damaged.joined(separator: "\n") + "\n" + String(lines[8].prefix(9))
        let out = directory.appendingPathComponent("damaged.csv").path
        try text.write(toFile: out, atomically: true, encoding: .utf8)

        var file: ResultFile? = try ResultFile(path: out, header: runner.header, resume: true)
        let repair = try #require(file?.repair)
        #expect(repair.tornLastLine)
        #expect(repair.duplicateLines == [4])
        #expect(
            repair.wrongWidthLines.contains(5) && repair.wrongWidthLines.contains(6)
                && repair.wrongWidthLines.contains(9))
        #expect(repair.invalidLines == [7])
        #expect(repair.backupPath == out + ".bak")
        #expect(
            try String(contentsOfFile: repair.backupPath, encoding: .utf8) == text,
            "the original, byte for byte")
        // Kept: lines 2, 3, 8 and 10 (rows 1, 2, 6, 7 of the undamaged file).
        #expect(file?.existingKeys.count == 4)
        let repaired = try Self.rows(out)
        #expect(repaired.count == 5 && repaired.allSatisfy { $0.count == runner.header.count })
        let summary = try runner.run(into: try #require(file))
        #expect(summary.skipped == 4 && summary.completed == 17)
        file?.close()  // releases its lock now (a worker thread may still hold a reference)
        let key = try #require(runner.header.firstIndex(of: "run_key"))
        let time = try #require(runner.header.firstIndex(of: "solve_seconds"))
        func withoutTimes(_ rows: [[String]]) -> Set<[String]> {
            Set(rows.map { row in row.enumerated().filter { $0.offset != time }.map(\.element) })
        }
        let final = try Self.rows(out)
        #expect(Set(final.dropFirst().map { $0[key] }).count == 21 && final.count == 22)
        #expect(withoutTimes(final) == withoutTimes(try Self.rows(whole)))
        // A clean file is left as it is: no repair, no backup.
        let again = try ResultFile(path: out, header: runner.header, resume: true)
        #expect(again.repair == nil && again.existingKeys.count == 21)
        #expect(!FileManager.default.fileExists(atPath: out + ".bak2"))
    }

    @Test func aSecondBatchOnTheSameFileIsRefusedNamingTheHolder() throws {
        let sweep = try Self.sweep()
        let out = try makeTemporaryDirectory().appendingPathComponent("out.csv").path
        let runner = BatchRunner(sweep: sweep, jobs: 1)
        var first: ResultFile? = try ResultFile(path: out, header: runner.header, resume: false)
        #expect(first != nil)
        #expect(throws: ResultFileLock.Held.self) {
            try ResultFile(path: out, header: runner.header, resume: true)
        }
        do {
            _ = try ResultFile(path: out, header: runner.header, resume: true)
        } catch let held as ResultFileLock.Held {
            #expect(held.holder.contains("pid \(getpid())"))
            #expect(held.description.contains("being written by another batch"))
        }
        first = nil
        // Once the first is closed, the file opens again (and the lock file is gone).
        #expect(!FileManager.default.fileExists(atPath: out + ".lock"))
        let reopened = try ResultFile(path: out, header: runner.header, resume: true)
        #expect(reopened.existingKeys.isEmpty)
        // close() releases the lock while other references remain, and later writes are refused.
        let alsoHeld = reopened
        reopened.close()
        let third = try ResultFile(path: out, header: runner.header, resume: true)
        #expect(throws: ResultFile.OpenError.self) {
            try alsoHeld.append(runner.header.map { _ in "x" })
        }
        third.close()
        third.close()
    }

    @Test func aFailingRunIsARowAndTheBatchGoesOn() throws {
        // slice_factor 0 is invalid; the others run.
        let sweep = try Self.sweep(
            """
            base: \(packageRoot.appendingPathComponent("problems/melange/example.json").path)
            grid:
              slice_factor: [0, 1, 2]
            """)
        let out = try makeTemporaryDirectory().appendingPathComponent("f.csv").path
        let runner = BatchRunner(sweep: sweep, jobs: 2)
        let summary = try runner.run(
            into: try ResultFile(path: out, header: runner.header, resume: false))
        #expect(summary.failed == 1)
        #expect(summary.completed == 3)
        let table = try Self.rows(out)
        let status = table[0].firstIndex(of: "status") ?? 0
        let error = table[0].firstIndex(of: "error") ?? 0
        let invalid = try #require(table.first { $0[0] == "0" })
        #expect(invalid[status] == "invalid")
        #expect(invalid[error].contains("slice_factor"))
    }

    @Test func badSweepFilesNameTheField() throws {
        let base = packageRoot.appendingPathComponent("problems/melange/example.json").path
        func error(_ text: String) throws -> ProblemFileError {
            let path = try writeFile(text, named: "bad.yaml", in: try makeTemporaryDirectory())
            return try #require(throws: ProblemFileError.self) {
                try SweepFile(path: path, access: Self.repository)
            }
        }
        let unknown = try error("base: \(base)\ngrid:\n  total_request_rat: [1, 2]\n")
        #expect(unknown.path == "grid.total_request_rat")
        #expect(unknown.line == 3)
        #expect(unknown.message.contains("no field 'total_request_rat'"))
        let empty = try error("base: \(base)\ngrid:\n  slice_factor: []\n")
        #expect(empty.path == "grid.slice_factor")
        #expect(empty.message.contains("no values"))
        let wrongType = try error("base: \(base)\ngrid:\n  workload_distribution: [1, 2]\n")
        #expect(wrongType.path == "grid.workload_distribution[0]")
        #expect(
            wrongType.message.contains(
                "is a single value but workload_distribution in the base file is a list"))
        let noGrid = try error("base: \(base)\n")
        #expect(noGrid.message.contains("needs grid"))
        let badKey = try error("base: \(base)\ngird: {}\n")
        #expect(badKey.message.contains("did you mean 'grid'?"))
        let missingBase = try error("base: nowhere.yaml\ngrid: {slice_factor: [1]}\n")
        #expect(missingBase.path == "base")
    }
}
