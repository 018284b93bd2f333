import Foundation
import TestSupport
import Testing

/// `--solver` and `solver:`: every backend gives the same answer, the envelope names it, and a
/// misspelt name is a usage error with a suggestion.
@Suite struct SolverCLITests {
    @Test(arguments: ["glpk", "cbc", "race"])
    func everyBackendSolvesTheBundledModelAndProblemAlike(_ solver: String) throws {
        let model = try CLITests.dse(
            "solve", "problems/lp/melange-example.mod", "--solver", solver, "--json")
        #expect(model.status == 0, "\(model.stderr)")
        let lp = try CLITests.json(model.stdout)
        #expect(lp["objective"] as? Double == 6.7)
        #expect((lp["solver"] as? String)?.contains(solver == "race" ? "race:" : solver) == true)

        let problem = try CLITests.dse(
            "solve", "problems/melange/example.yaml", "--solver", solver, "--json")
        #expect(problem.status == 0, "\(problem.stderr)")
        let melange = try CLITests.json(problem.stdout)
        #expect(melange["objective"] as? Double == 6.7)
        #expect(melange["solver"] as? String == solver)

        let text = try CLITests.dse("solve", "problems/melange/example.yaml", "--solver", solver)
        #expect(text.stdout.contains("Solver:     \(solver) ("))
    }

    @Test func aMisspeltSolverIsAUsageErrorWithASuggestion() throws {
        let run = try CLITests.dse("solve", "problems/lp/wyndor.lp", "--solver", "cbd")
        #expect(run.status == 2)
        #expect(run.stderr.contains("unknown solver 'cbd'; did you mean 'cbc'?"))
        let batch = try CLITests.dse(
            "batch", "problems/sweeps/melange-example-rates.yaml", "--solver", "gurobi")
        #expect(batch.status == 2)
        #expect(batch.stderr.contains("unknown solver 'gurobi'"))
    }

    @Test func aProblemFileNamesItsSolverAndTheOptionOverridesIt() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let original = try String(
            contentsOf: packageRoot.appendingPathComponent("problems/melange/example.yaml"),
            encoding: .utf8)
        let withSolver = original.replacingOccurrences(
            of: "family: melange\n", with: "family: melange\nsolver: cbc\n")
        #expect(withSolver != original)
        let path = try writeFile(withSolver, named: "cbc.yaml", in: directory)
        let declared = try CLITests.json(try CLITests.dse("solve", path, "--json").stdout)
        #expect(declared["solver"] as? String == "cbc")
        let overridden = try CLITests.json(
            try CLITests.dse("solve", path, "--solver", "glpk", "--json").stdout)
        #expect(overridden["solver"] as? String == "glpk")
        #expect(declared["objective"] as? Double == overridden["objective"] as? Double)

        let bad = try writeFile(
            original.replacingOccurrences(
                of: "family: melange\n", with: "family: melange\nsolver: clp\n"), named: "bad.yaml",
            in: directory)
        let run = try CLITests.dse("solve", bad)
        #expect(run.status == 3)
        #expect(run.stderr.contains("bad.yaml:2: solver: unknown solver 'clp'"), "\(run.stderr)")
        let validate = try CLITests.dse("validate", bad)
        #expect(validate.status == 3 && validate.stderr.contains("unknown solver 'clp'"))
        #expect(try CLITests.dse("validate", path).stdout.contains(", solver cbc"))
    }

    @Test func aModelCBCWouldReadDifferentlyIsBadInputNamingTheValue() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(
            "Minimize\n obj: x\nSubject To\n c: x >= -5\nBounds\n -1e31 <= x <= 4\nEnd\n",
            named: "huge.lp", in: directory)
        let run = try CLITests.dse("solve", path, "--solver", "cbc")
        #expect(run.status == 3)
        #expect(
            run.stderr.contains(
                "CBC cannot take this model as it is: the lower bound of column 1 is -1e+31"))
        #expect(
            try CLITests.dse("solve", path, "--solver", "race").status == 0,
            "GLPK answers for the race")
    }

    @Test func aBatchRunsWithTheChosenSolver() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("rates.csv").path
        let run = try CLITests.dse(
            "batch", "problems/sweeps/melange-example-rates.yaml", "--allow-paths",
            packageRoot.path, "--solver", "cbc", "--out", out, "--jobs", "2")
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(rows.count > 2)
        #expect(rows.dropFirst().allSatisfy { $0.contains(",optimal,") })
    }
}
