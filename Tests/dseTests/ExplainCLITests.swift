import Foundation
import TestSupport
import Testing

/// `dse solve --explain`: an infeasible problem names the requirements that conflict, in the
/// family's terms, in the report and in the JSON envelope.
@Suite struct ExplainCLITests {
    @Test func melangeNamesTheBucketsAndTheCaps() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent("problems/melange/example.yaml"),
            encoding: .utf8
        )
        .replacingOccurrences(
            of: "    price_per_hour: 3.67\n", with: "    price_per_hour: 3.67\n    max_count: 0\n"
        )
        .replacingOccurrences(
            of: "    price_per_hour: 1.01\n", with: "    price_per_hour: 1.01\n    max_count: 3\n")
        let path = try writeFile(text, named: "capped.yaml", in: directory)
        for solver in ["glpk", "cbc"] {
            let run = try CLITests.dse("solve", path, "--explain", "--solver", solver)
            #expect(run.status == 1)
            #expect(run.stdout.contains("Conflict:   an irreducible infeasible subset"))
            #expect(run.stdout.contains("gpus[0] (A10G).max_count = 3"))
            #expect(run.stdout.contains("gpus[1] (A100-80GB).max_count = 0"))
            #expect(run.stdout.contains("bucket (1,0) (15 requests/s) must be served in full"))
            let envelope = try CLITests.json(
                try CLITests.dse("solve", path, "--explain", "--json", "--solver", solver).stdout)
            let conflict = try #require(envelope["conflict"] as? [String: Any])
            #expect(
                (conflict["members"] as? [String])?.contains("gpus[0] (A10G).max_count = 3") == true
            )
            #expect(conflict["irreducible"] as? Bool == true)
        }
    }

    @Test func mixedPrecisionNamesTheBudgetsThatCannotBeMetTogether() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Measured latency that falls with more bits: size wants INT4, latency wants INT8.
        let path = try writeFile(
            """
            family: mixed-precision
            bit_widths: [4, 8]
            layers:
              - {name: a, weights: 1000000, macs: 1000000, sensitivity: {4: 0.5, 8: 0.1}, \
            latency_ms: {4: 2.0, 8: 1.0}}
              - {name: b, weights: 1000000, macs: 1000000, sensitivity: {4: 0.4, 8: 0.1}, \
            latency_ms: {4: 2.0, 8: 1.0}}
            budgets:
              - {resource: size, limit: 1.0}
              - {resource: latency, limit: 2.5}
            """, named: "mp.yaml", in: directory)
        let run = try CLITests.dse("solve", path, "--explain")
        #expect(run.status == 1)
        #expect(
            run.stdout.contains("  - budgets[0]: size ≤ 1 MB\n  - budgets[1]: latency ≤ 2.5 ms"))
    }

    @Test func nasaicNamesTheSpecTheMostAccurateNetworksCannotMeet() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent(
                "problems/nasaic/w1-classification-segmentation.yaml"), encoding: .utf8
        )
        .replacingOccurrences(of: "area_mm2: 300", with: "area_mm2: 1").replacingOccurrences(
            of: "budget: 500", with: "budget: 5")
        let path = try writeFile(text, named: "tiny-area.yaml", in: directory)
        let run = try CLITests.dse("solve", path, "--explain")
        #expect(run.status == 1)
        #expect(
            run.stdout.contains("Family:     nasaic\n")
                && run.stdout.contains("Status:     infeasible"))
        #expect(run.stdout.contains("  - for the most accurate networks: specs.area_mm2 = 1\n"))
        #expect(run.stdout.contains("must run on one sub-accelerator"))
    }

    @Test func aModelFileNamesItsRowsAndBounds() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(
            """
            Maximize\n obj: 3 x + 2 y\nSubject To\n plant2: x + 3 y <= 6\n demand: x + y >= \
            5\nBounds\n x <= 3\nEnd\n
            """,
            named: "inf.lp", in: directory)
        let run = try CLITests.dse("solve", path, "--explain")
        #expect(run.status == 1)
        #expect(
            run.stdout.contains("  - plant2: x + 3 y ≤ 6\n  - demand: x + y ≥ 5\n  - bound x ≤ 3"))
        // A feasible problem: --explain adds nothing.
        #expect(
            !(try CLITests.dse("solve", "problems/lp/wyndor.lp", "--explain").stdout.contains(
                "Conflict")))
    }
}
