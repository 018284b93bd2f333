import GLPKBackend
import Synchronization
import TestSupport
import Testing

@testable import CBCBackend
@testable import LinearModel

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

    /// The caller hears one search: the better incumbent and the tighter bound of the entrants'
    /// latest snapshots, and every node, whichever entrant reported last.
    @Test func progressIsTheEntrantsMerged() throws {
        func snapshot(_ incumbent: Double?, _ bound: Double?, nodes: Int) -> SolverProgress {
            SolverProgress(
                event: .progress, incumbentObjective: incumbent, bestBound: bound, nodeCount: nodes,
                activeNodeCount: 1, elapsedSeconds: 1)
        }
        let glpk = snapshot(10, 4, nodes: 30)
        let cbc = snapshot(12, 6, nodes: 5)
        let minimum = RacingSolver.merge([glpk, cbc], sense: .minimize, event: .progress)
        #expect(
            minimum.incumbentObjective == 10 && minimum.bestBound == 6 && minimum.nodeCount == 35)
        let maximum = RacingSolver.merge([glpk, cbc], sense: .maximize, event: .newIncumbent)
        #expect(
            maximum.incumbentObjective == 12 && maximum.bestBound == 4
                && maximum.event == .newIncumbent)
        let early = RacingSolver.merge(
            [snapshot(nil, 3, nodes: 1), cbc], sense: .minimize, event: .progress)
        #expect(early.incumbentObjective == 12 && early.bestBound == 6)
        // Through a real race on a hard MIP: the merged incumbent never worsens, the bound never
        // loosens (each entrant's alone may lag the other's).
        let model = try hardSubsetSum()
        let seen = Mutex<[SolverProgress]>([])
        _ = try Self.race.solve(
            model,
            options: SolveOptions(
                timeLimitSeconds: 2,
                progress: { progress in
                    seen.withLock { $0.append(progress) }
                    return .continue
                }))
        let snapshots = seen.withLock { $0 }
        #expect(snapshots.count > 2)
        let incumbents = snapshots.compactMap(\.incumbentObjective)
        let bounds = snapshots.compactMap(\.bestBound)
        #expect(
            zip(incumbents, incumbents.dropFirst()).allSatisfy { $1 >= $0 - 1e-9 },
            "incumbents of a maximisation only improve: \(incumbents.prefix(20))")
        #expect(zip(bounds, bounds.dropFirst()).allSatisfy { $1 <= $0 + 1e-9 })
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
