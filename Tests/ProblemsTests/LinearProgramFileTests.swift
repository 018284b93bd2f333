import LinearModel
import Problems
import TestSupport
import Testing

@Suite struct LinearProgramFileTests {
    @Test func bundledMelangeExampleCostsSixSeventy() throws {
        let problem = try LinearProgramFile(
            path: packageRoot.appendingPathComponent("problems/lp/melange-example.mod").path)
        let result = try problem.solve()
        #expect(result.solution.termination == .optimal)
        #expect(abs((result.solution.objectiveValue ?? 0) - 6.70) < 1e-9)
        let model = result.model
        #expect(result.solution.value(try #require(model.variable(named: "count[A10G]"))) == 3)
        #expect(result.solution.value(try #require(model.variable(named: "count[A100_80GB]"))) == 1)
        #expect(result.check?.passed == true)
        #expect(result.humanReadable.contains("Objective:  6.7 (MIP objective, minimized)"))
    }

    @Test func bundledWyndorLPHasTheTextbookDuals() throws {
        let result = try LinearProgramFile(
            path: packageRoot.appendingPathComponent("problems/lp/wyndor.lp").path
        ).solve()
        #expect(
            result.envelope.json.serialized.contains(
                #""duals":{"plant1":0,"plant2":1.5,"plant3":1}"#))
        #expect(result.envelope.json.serialized.contains(#""variables":{"doors":2,"windows":6}"#))
    }

    /// A solver that returns a wrong point: the independent check must withdraw it.
    struct LyingSolver: Solver {
        var name: String { "liar" }
        func solve(_ model: Model, options: SolveOptions) throws -> Solution {
            Solution(
                termination: .optimal, objectiveValue: 100, bestBound: 100,
                variableValues: Array(repeating: 10, count: model.variableCount))
        }
    }

    @Test func aPointFailingTheIndependentCheckIsNotReported() throws {
        var model = Model()
        let x = try model.addVariable("x", upperBound: 1)
        try model.maximize(x)
        let result = LinearProgramResult(
            model: model, solution: try LyingSolver().solve(model, options: SolveOptions()))
        #expect(result.failedCheck)
        #expect(result.solution.variableValues == nil)
        #expect(result.envelope.status == .error)
        #expect(result.envelope.json.serialized.contains("check_error"))
        #expect(result.humanReadable.contains("Check:      FAILED: "))
    }

    @Test func objectiveMismatchAloneFailsTheCheck() throws {
        var model = Model()
        let x = try model.addVariable("x", upperBound: 1)
        try model.maximize(2 * x)
        let solution = Solution(termination: .optimal, objectiveValue: 3, variableValues: [1])
        let check = try #require(SolutionCheck(model: model, solution: solution))
        #expect(check.isFeasible)
        #expect(!check.objectiveMatches)
        #expect(check.recomputedObjective == 2)
    }
}
