import CBCBackend
import GLPKBackend
import LinearModel
import TestSupport
import Testing

/// CBC in-process: answers against brute force and against GLPK (a second solver), with every
/// point re-checked by ``LinearModel/SolutionCheck``.
@Suite struct CBCSolverTests {
    @Test func knapsacksMatchBruteForce() throws {
        for seed in 0..<12 {
            let knapsack = Knapsack.random(items: 14, seed: UInt64(500 + seed))
            let (model, _) = try knapsack.model()
            let solution = try CBCSolver().solve(model)
            #expect(solution.termination == .optimal)
            #expect(solution.objectiveValue == knapsack.bruteForceOptimum, "seed \(seed)")
            #expect(solution.bestBound == solution.objectiveValue)
            #expect(SolutionCheck(model: model, solution: solution)?.passed == true)
            #expect(solution.statistics.branchAndBoundNodes != nil)
            #expect(solution.log.isEmpty, "quiet by default")
        }
    }

    @Test func assignmentsMatchBruteForce() throws {
        for seed in 0..<6 {
            let assignment = Assignment.random(size: 6, seed: UInt64(70 + seed))
            let model = try assignment.model()
            let solution = try CBCSolver().solve(model)
            #expect(solution.termination == .optimal)
            #expect(solution.objectiveValue == assignment.bruteForceOptimum)
        }
    }

    /// max 3x + 2y + 1, x + y ≤ 4, x + 3y ≤ 7, x ≤ 3: optimum (3, 1) = 12, duals (2, 0), x's bound
    /// binding with reduced cost 1 (hand calculation); GLPK gives the same.
    @Test func anLPHasTheHandCalculatedOptimumAndDuals() throws {
        var model = Model(name: "lp")
        let x = try model.addVariable("x", upperBound: 3)
        let y = try model.addVariable("y")
        let first = try model.addConstraint(x + y <= 4, name: "first")
        let second = try model.addConstraint(x + 3 * y <= 7, name: "second")
        try model.maximize(3 * x + 2 * y + 1)
        let cbc = try CBCSolver().solve(model)
        let glpk = try GLPKSolver().solve(model)
        #expect(cbc.termination == .optimal)
        #expect(cbc.objectiveValue == 12)
        #expect(cbc.value(x) == 3 && cbc.value(y) == 1)
        #expect(cbc.dual(first) == 2 && cbc.dual(second) == 0)
        #expect(cbc.reducedCosts?[x.index] == 1)
        #expect(cbc.constraintDuals == glpk.constraintDuals)
        #expect(cbc.reducedCosts == glpk.reducedCosts)
        #expect(cbc.statistics.branchAndBoundNodes == nil)
    }

    @Test func infeasibleAndUnboundedAreToldApart() throws {
        var infeasible = Model()
        let a = try infeasible.addVariable("a", kind: .integer)
        try infeasible.addConstraint(2 * a == 1)
        try infeasible.minimize(a)
        #expect(try CBCSolver().solve(infeasible).termination == .infeasible)

        var unbounded = Model()
        let b = try unbounded.addVariable("b", kind: .integer)
        let c = try unbounded.addVariable("c")
        try unbounded.addConstraint(b - c <= 3)
        try unbounded.maximize(b)
        #expect(try CBCSolver().solve(unbounded).termination == .unbounded)

        var lpInfeasible = Model()
        let d = try lpInfeasible.addVariable("d", upperBound: 1)
        try lpInfeasible.addConstraint(LinearExpression(d) >= 2)
        try lpInfeasible.minimize(d)
        #expect(try CBCSolver().solve(lpInfeasible).termination == .infeasible)

        var lpUnbounded = Model()
        let e = try lpUnbounded.addVariable("e")
        try lpUnbounded.maximize(e)
        #expect(try CBCSolver().solve(lpUnbounded).termination == .unbounded)
    }

    @Test func aVerboseSolveCapturesCBCsLog() throws {
        let (model, _) = try Knapsack.random(items: 20, seed: 3).model()
        let solution = try CBCSolver().solve(model, options: SolveOptions(verbosity: .normal))
        #expect(solution.termination == .optimal)
        #expect(solution.log.contains("CBC MILP Solver"))
    }
}
