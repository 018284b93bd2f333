import Experiments
import Foundation
import Problems
import TestSupport
import Testing

/// Every shipped sweep parses, its runs' problems validate, and its committed CSV in results/
/// has the runner's header and one row per run key.
@Suite struct ShippedSweepTests {
    static let sweeps: [String] = {
        let folder = packageRoot.appendingPathComponent("problems/sweeps")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map {
            folder.appendingPathComponent($0).path
        }
    }()

    @Test func thereAreSweepsForEveryFamilyWithResults() {
        #expect(Self.sweeps.count >= 9)
    }

    @Test(arguments: sweeps)
    func sweepAndItsCommittedResults(path: String) throws {
        // The shipped sweeps read problems in sibling folders and write to results/.
        let sweep = try SweepFile(path: path, access: .allowing([packageRoot.path]))
        let runner = BatchRunner(sweep: sweep, jobs: 1)
        // The base and the first run validate (the runner has parsed every run for its header).
        if let first = sweep.runs.first {
            #expect(throws: Never.self) {
                try ProblemFile.load(
                    root: try ProblemFile.root(
                        text: first.problemText, file: sweep.basePath, access: sweep.access))
            }
        }
        let out = try #require(sweep.outputPath)
        let table = try ResultFile.parse(try String(contentsOfFile: out, encoding: .utf8))
        #expect(table.first == runner.header, "\(out): header differs from the runner's")
        let keyColumn = try #require(runner.header.firstIndex(of: "run_key"))
        #expect(
            Set(table.dropFirst().map { $0[keyColumn] }) == Set(sweep.runs.map(\.key)),
            "\(out): rows are not exactly the sweep's runs")
    }
}
