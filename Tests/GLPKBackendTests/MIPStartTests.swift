import GLPKBackend
import LinearModel
import TestSupport
import Testing

/// `SolveOptions.start`: offered to GLPK through the guard (glp_ios_heur_sol) after DSEKit
/// checked it against the model.
@Suite struct MIPStartTests {
    let solver = GLPKSolver()

    /// Items in index order while they fit: a feasible, usually suboptimal, point.
    static func greedyStart(_ knapsack: Knapsack) -> [Double] {
        var weight = 0.0
        return knapsack.weights.map { w in
            guard weight + w <= knapsack.capacity else { return 0 }
            weight += w
            return 1
        }
    }

    @Test(arguments: 0..<8)
    func aFeasibleStartIsTakenAndTheOptimumIsUnchanged(seed: Int) throws {
        let knapsack = Knapsack.random(items: 12, seed: UInt64(seed))
        let (model, _) = try knapsack.model()
        let start = Self.greedyStart(knapsack)
        for presolve in [true, false] {
            let solution = try solver.solve(
                model, options: SolveOptions(presolve: presolve, start: start))
            #expect(solution.statistics.startAccepted == true)
            #expect(solution.termination == .optimal)
            #expect(solution.objectiveValue == knapsack.bruteForceOptimum)
        }
        #expect(try solver.solve(model).statistics.startAccepted == nil)
    }

    @Test func aStartBreakingARowOrOfTheWrongLengthIsRefused() throws {
        let knapsack = Knapsack.random(items: 12, seed: 3)
        let (model, _) = try knapsack.model()
        let everything = [Double](repeating: 1, count: 12)  // over capacity
        for start in [everything, [1, 0]] {
            let solution = try solver.solve(model, options: SolveOptions(start: start))
            #expect(solution.statistics.startAccepted == false)
            #expect(solution.termination == .optimal)
            #expect(solution.objectiveValue == knapsack.bruteForceOptimum)
        }
    }

    /// With almost no time, the search returns the start (or better), never nothing.
    @Test func theStartIsTheAnswerWhenTimeRunsOut() throws {
        let model = try hardSubsetSum()
        var start = [Double](repeating: 0, count: model.variableCount)
        // Greedy fill from the row's own coefficients.
        let row = try #require(model.constraints.first)
        var used = 0.0
        for term in model.terms(of: row) where used + term.coefficient <= model.upperBound(of: row)
        {
            start[term.variable.index] = 1
            used += term.coefficient
        }
        let solution = try solver.solve(
            model, options: SolveOptions(timeLimitSeconds: 0.05, start: start))
        #expect(solution.statistics.startAccepted == true)
        let value = try #require(solution.objectiveValue)
        #expect(value >= used)
        #expect(model.maximumViolation(try #require(solution.variableValues)) <= 1e-9)
    }
}
