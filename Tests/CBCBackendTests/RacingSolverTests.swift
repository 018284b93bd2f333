import GLPKBackend
import LinearModel
import Synchronization
import TestSupport
import Testing

@testable import CBCBackend

/// GLPK and CBC racing: the answer is a proven one, the same as each alone, and says who won.
@Suite struct RacingSolverTests {
    static let race = RacingSolver([GLPKSolver(), CBCSolver()])

    @Test func theRaceAgreesWithBruteForceAndNamesTheWinner() throws {
        for seed in 0..<8 {
            let knapsack = Knapsack.random(items: 14, seed: UInt64(900 + seed))
            let (model, _) = try knapsack.model()
            let solution = try Self.race.solve(model)
            #expect(solution.termination == .optimal)
            #expect(solution.objectiveValue == knapsack.bruteForceOptimum)
            #expect(SolutionCheck(model: model, solution: solution)?.passed == true)
            let winner = try #require(solution.statistics.solverName)
            #expect(winner == "race:glpk" || winner == "race:cbc")
            #expect(solution.log.hasPrefix("[race: "))
        }
    }

    @Test func infeasibilityProvenByEitherIsTheAnswer() throws {
        var model = Model()
        let a = try model.addVariable("a", kind: .integer)
        let b = try model.addVariable("b", kind: .integer)
        try model.addConstraint(2 * a + 2 * b == 3)
        try model.minimize(a + b)
        #expect(try Self.race.solve(model).termination == .infeasible)
    }

    /// An entrant that throws drops out; the other's answer stands. Both throwing rethrows.
    @Test func anEntrantThatFailsDropsOut() throws {
        let knapsack = Knapsack.random(items: 12, seed: 5)
        let (model, _) = try knapsack.model()
        var faulty = CBCSolver()
        faulty.configuration.injectedFault = .exception
        let solution = try RacingSolver([faulty, GLPKSolver()]).solve(model)
        #expect(solution.objectiveValue == knapsack.bruteForceOptimum)
        #expect(solution.statistics.solverName == "race:glpk")
        #expect(solution.log.contains("cbc failed") || solution.log.contains("cbc stopped"))
        #expect(throws: CBCError.self) { try RacingSolver([faulty, faulty]).solve(model) }
    }

    /// At the time limit with nothing proven, the better incumbent is returned, as a time limit.
    @Test func atTheTimeLimitTheBetterIncumbentWins() throws {
        let model = try marketSplitModel(rows: 5, columns: 50)
        let solution = try Self.race.solve(model, options: SolveOptions(timeLimitSeconds: 1))
        #expect(solution.termination == .timeLimit)
        #expect(solution.hasFeasiblePoint)
        #expect(solution.statistics.solveSeconds < 8)
        #expect(SolutionCheck(model: model, solution: solution)?.passed == true)
    }

    @Test func cancellingTheRaceStopsBothEntrants() throws {
        let token = CancellationToken()
        let model = try marketSplitModel(rows: 5, columns: 50)
        let seen = Atomic<Int>(0)
        let options = SolveOptions(
            timeLimitSeconds: 60,
            progress: { _ in
                if seen.add(1, ordering: .relaxed).newValue > 5 { token.cancel() }
                return .continue
            }, cancellation: token)
        let solution = try Self.race.solve(model, options: options)
        #expect(solution.termination == .interrupted)
        #expect(solution.statistics.solveSeconds < 10)
    }

    /// An entrant that claims "optimal" for a point the independent check rejects does not win:
    /// the race waits for a checked answer.
    @Test func aClaimedOptimumThatFailsTheCheckDoesNotWin() throws {
        let knapsack = Knapsack.random(items: 12, seed: 8)
        let (model, _) = try knapsack.model()
        let solution = try RacingSolver([ClaimsEverything(), GLPKSolver()]).solve(model)
        #expect(solution.statistics.solverName == "race:glpk")
        #expect(solution.objectiveValue == knapsack.bruteForceOptimum)
    }
}

/// Answers at once "optimal" with every item taken (over capacity): a solver fault, injected.
struct ClaimsEverything: Solver {
    var name: String { "claims-everything" }
    func solve(_ model: Model, options: SolveOptions) throws -> Solution {
        let values = [Double](repeating: 1, count: model.variableCount)
        return Solution(
            termination: .optimal, objectiveValue: model.objectiveValue(values),
            bestBound: model.objectiveValue(values), variableValues: values)
    }
}
