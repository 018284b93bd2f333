import Foundation
import TestSupport
import Testing

/// `dse solve` on cosma problems, through the real executable.
@Suite struct CosmaCLITests {
    @Test func solvesTheSmallToy() throws {
        let run = try CLITests.dse("solve", "problems/cosma/toy-spill-fixed.yaml", "--json")
        #expect(run.status == 0)
        let object = try CLITests.json(run.stdout)
        #expect(object["family"] as? String == "cosma")
        #expect(object["status"] as? String == "optimal")
        let result = try #require(object["result"] as? [String: Any])
        #expect(result["offchip_bytes"] as? Double == 20)
        #expect(result["budget_bytes"] as? Double == 200)
        #expect(result["schedule"] as? [Double] == [0, 1, 2, 3])
        let text = try CLITests.dse("solve", "problems/cosma/toy-spill-free.yaml")
        #expect(text.stdout.contains("memory map:"))
        #expect(text.stdout.contains("0 bytes non-compulsory"))
    }

    @Test func aBudgetBelowMRExitsWithNoSolution() throws {
        let directory = try makeTemporaryDirectory()
        let graph = packageRoot.appendingPathComponent("problems/cosma/toy_spill.json").path
        let problem = try writeFile(
            "family: cosma\ngraph: \(graph)\nbudget_bytes: 150\n", named: "p.yaml", in: directory)
        let run = try CLITests.dse("solve", problem, "--allow-paths", packageRoot.path)
        #expect(run.status == 1)
        #expect(run.stdout.contains("below M_R = 200 bytes"))
    }
}
