import Foundation
import TestSupport
import Testing

/// `dse report` and `dse solve --svg`, through the real executable.
@Suite struct ReportCLITests {
    @Test func drawsBatchResultsAsSVG() throws {
        let directory = try makeTemporaryDirectory()
        let out = directory.appendingPathComponent("arena.svg").path
        let run = try CLITests.dse("report", "results/melange-paper-arena.csv", "--out", out)
        #expect(run.status == 0, "\(run.stderr)")
        let svg = try String(contentsOfFile: out, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml"))
        // 12 rows × (cost, best single cost) markers.
        #expect(svg.components(separatedBy: "class=\"point\"").count - 1 == 24)
        let convergence = try CLITests.dse(
            "report", "results/memory-controller-engines.csv", "--where", "trace=traces/stream.stl",
            "--out", directory.appendingPathComponent("c.svg").path)
        #expect(convergence.status == 0)
        let text = try String(
            contentsOfFile: directory.appendingPathComponent("c.svg").path, encoding: .utf8)
        #expect(text.components(separatedBy: "class=\"point\"").count - 1 == 6 * 5)
    }

    @Test func writesANotebook() throws {
        let directory = try makeTemporaryDirectory()
        let out = directory.appendingPathComponent("sub/nb.ipynb").path
        // Its overlay reads results/ beside problems/: outside the sweep's folder unless allowed.
        let refused = try CLITests.dse(
            "report", "results/hawq-v3-resnet18-latency-fine.csv", "--sweep",
            "problems/sweeps/hawq-v3-resnet18-latency-fine.yaml", "--notebook", out)
        #expect(
            refused.status == 3 && refused.stderr.contains("overlay.csv:")
                && refused.stderr.contains("outside the folders"), "\(refused.stderr)")
        let run = try CLITests.dse(
            "report", "results/hawq-v3-resnet18-latency-fine.csv", "--sweep",
            "problems/sweeps/hawq-v3-resnet18-latency-fine.yaml",
            "--allow-paths", ".", "--notebook", out)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 charts, 21 rows embedded"))
        let object = try CLITests.json(try String(contentsOfFile: out, encoding: .utf8))
        #expect(object["nbformat"] as? Int == 4)
    }

    @Test func emptyOrMalformedResultsExitThree() throws {
        let directory = try makeTemporaryDirectory()
        let cases: [(String, String, String)] = [
            ("empty.csv", "", "no result rows"),
            ("header.csv", "a,run_key,family,objective\n", "no result rows"),
            (
                "ragged.csv", "a,run_key,family,objective\n1,k,f,2\n2,k2,f\n",
                "ragged.csv:3: 3 cells, but the header has 4 columns"
            ),
            (
                "text.csv", "a,run_key,family,objective\n1,k,f,2\n2,k2,f,abc\n",
                "text.csv:3: column 'objective' must be a number here, found 'abc'"
            ),
        ]
        for (name, text, message) in cases {
            let path = try writeFile(text, named: name, in: directory)
            let run = try CLITests.dse(
                "report", path, "--x", "a", "--y", "objective", "--out",
                directory.appendingPathComponent("x.svg").path)
            #expect(run.status == 3, "\(name)")
            #expect(run.stderr.contains(message), "\(name): \(run.stderr)")
            #expect(!run.stderr.contains("Fatal") && !run.stderr.contains("backtrace"))
        }
        #expect(
            !FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.svg").path))
        let missing = try CLITests.dse("report", directory.appendingPathComponent("none.csv").path)
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("none.csv: no such file"))
        let column = try CLITests.dse(
            "report", "results/melange-paper-arena.csv", "--y", "nope", "--out",
            directory.appendingPathComponent("y.svg").path)
        #expect(column.status == 3)
        #expect(column.stderr.contains("no column 'nope'"))
        let kind = try CLITests.dse("report", "results/melange-paper-arena.csv", "--kind", "pie")
        #expect(kind.status == 2)
    }

    @Test func solveDrawsTheMemoryMapAndReportDrawsItFromTheJSON() throws {
        let directory = try makeTemporaryDirectory()
        let svg = directory.appendingPathComponent("map.svg").path
        let run = try CLITests.dse(
            "solve", "problems/cosma/toy-spill-fixed.yaml", "--json", "--svg", svg)
        #expect(run.status == 0)
        let drawn = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(drawn.components(separatedBy: "class=\"cell\"").count - 1 == 5)
        #expect(drawn.contains("class=\"mark spill\"") && drawn.contains("class=\"mark retrieve\""))
        let json = try writeFile(run.stdout, named: "result.json", in: directory)
        let again = try CLITests.dse(
            "report", json, "--out", directory.appendingPathComponent("again.svg").path)
        #expect(again.status == 0)
        #expect(
            try String(
                contentsOfFile: directory.appendingPathComponent("again.svg").path, encoding: .utf8)
                == drawn)
        let lp = try CLITests.dse(
            "solve", "problems/cosma/toy-spill-fixed.yaml", "--svg",
            directory.appendingPathComponent("m.svg").path, "--format", "lp")
        #expect(lp.status != 0)
    }
}
