import DSEKit
import TestSupport
import Testing

/// The README's library example, verbatim, so the documentation cannot drift from the code.
@Suite struct ReadmeExampleTests {
    /// Synchronous code: the solve runs on the calling thread.
    func knapsackExample() throws -> (Model, [Variable], Solution) {
        var model = Model(name: "knapsack")
        let x = try model.addVariables(4, namePrefix: "take", kind: .binary)
        try model.addConstraint(5 * x[0] + 6 * x[1] + 4 * x[2] + 3 * x[3] <= 10, name: "capacity")
        try model.maximize(10 * x[0] + 13 * x[1] + 7 * x[2] + 8 * x[3])

        let solution = try GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 10))
        return (model, x, solution)
    }

    @Test func libraryExampleRunsAsDocumented() async throws {
        let (model, x, solution) = try knapsackExample()
        #expect(solution.termination == .optimal)
        #expect(solution.objectiveValue == 21)
        #expect(solution.value(x[1]) == 1)
        // Brute force: the best subset of weight ≤ 10 is {take1, take3} (13 + 8).
        let reference = Knapsack(values: [10, 13, 7, 8], weights: [5, 6, 4, 3], capacity: 10)
        #expect(reference.bruteForceOptimum == 21)

        let answer = try await GLPKSolver().solve(model)
        #expect(answer.objectiveValue == 21)

        let text = CPLEXLPWriter().write(model)
        #expect(text.contains(" capacity: + 5 take0 + 6 take1 + 4 take2 + 3 take3 <= 10"))
        let fromFile = try GLPKFileReader().read(
            packageRoot.appendingPathComponent("problems/lp/wyndor.lp").path)
        #expect(try await GLPKSolver().solve(fromFile).objectiveValue == 36)
    }

    /// The README's family example: a problem file through the library, with the CLI's report.
    @Test func familyExampleRunsAsDocumented() throws {
        let problem = try ProblemFile.load(
            packageRoot.appendingPathComponent("problems/melange/example.yaml").path)
        let result = try problem.solve(options: SolveOptions(timeLimitSeconds: 10))
        #expect(result.envelope.status == .optimal)
        #expect(result.envelope.objective.map { abs($0 - 6.7) < 1e-9 } == true)
        let report = result.report(solver: "glpk").text
        #expect(report.hasPrefix("Family:     melange\nProblem:    Mélange GPU allocation"))
        #expect(report.contains("Objective:  6.7 $/h (cost of the GPUs, minimized)"))
        #expect(
            result.envelope.json.serialized.hasPrefix(
                #"{"family":"melange","status":"optimal","objective":6.7,"#))
    }
}
