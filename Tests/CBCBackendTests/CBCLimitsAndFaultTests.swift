import CCBCGuard
import Dispatch
import Foundation
import GLPKBackend
import LinearModel
import Synchronization
import TestSupport
import Testing

@testable import CBCBackend

/// Time limits, gaps, progress, stop requests and MIP starts through CBC; faults contained.
@Suite(.serialized) struct CBCLimitsAndFaultTests {
    @Test func timeLimitReturnsTheIncumbentWithAGap() throws {
        let model = try marketSplitModel(rows: 5, columns: 50)
        let solution = try CBCSolver().solve(model, options: SolveOptions(timeLimitSeconds: 1))
        #expect(solution.termination == .timeLimit)
        #expect(solution.hasFeasiblePoint)
        let objective = try #require(solution.objectiveValue)
        let bound = try #require(solution.bestBound)
        #expect(bound <= objective, "minimization: the bound lies below the incumbent")
        #expect(SolutionCheck(model: model, solution: solution)?.passed == true)
        #expect(solution.statistics.solveSeconds >= 0.9 && solution.statistics.solveSeconds < 6)
    }

    @Test func gapLimitStopsOnceWithinTolerance() throws {
        // Even weights, odd capacity: the bound stays above every incumbent until the tree is
        // exhausted, but an incumbent within 1 % comes at once.
        let model = try hardSubsetSum()
        let solution = try CBCSolver().solve(
            model, options: SolveOptions(timeLimitSeconds: 30, relativeGap: 0.01))
        #expect(solution.hasFeasiblePoint)
        #expect(solution.termination == .gapLimit)
        #expect((solution.relativeGap ?? 1) <= 0.01)
        #expect(solution.statistics.solveSeconds < 10)
    }

    @Test func progressSeesIncumbentsAndCanStopTheSearch() throws {
        let seen = Mutex<[SolverProgress]>([])
        let options = SolveOptions(
            timeLimitSeconds: 30,
            progress: { progress in
                seen.withLock { $0.append(progress) }
                return progress.event == .newIncumbent ? .stop : .continue
            })
        let solution = try CBCSolver().solve(
            try marketSplitModel(rows: 5, columns: 50), options: options)
        #expect(solution.termination == .interrupted)
        #expect(solution.statistics.solveSeconds < 10)
        #expect(seen.withLock { $0.contains { $0.event == .newIncumbent } })
    }

    /// Progress is in the model's own sense: a maximisation's incumbents are feasible values
    /// (up to the optimum) and its bounds are at least the optimum, as GLPK's are.
    @Test(arguments: [ObjectiveSense.maximize, .minimize])
    func progressSpeaksTheModelsSense(sense: ObjectiveSense) throws {
        var model = try hardSubsetSum(items: 24, seed: 3)
        if sense == .minimize {
            // The same search as a minimisation: the negated total, minimised.
            try model.minimize(-1 * model.objective)
        }
        let seen = Mutex<[SolverProgress]>([])
        let solution = try CBCSolver().solve(
            model,
            options: SolveOptions(
                timeLimitSeconds: 2,
                progress: { progress in
                    seen.withLock { $0.append(progress) }
                    return .continue
                }))
        let best = try #require(solution.objectiveValue)
        let snapshots = seen.withLock { $0 }
        let incumbents = snapshots.compactMap(\.incumbentObjective)
        let bounds = snapshots.compactMap(\.bestBound)
        #expect(!incumbents.isEmpty)
        for value in incumbents {
            #expect(
                sense == .maximize ? value <= best + 1e-6 && value > 0 : value >= best - 1e-6,
                "\(value) vs \(best)")
        }
        for bound in bounds {
            #expect(
                sense == .maximize ? bound >= best - 1e-6 : bound <= best + 1e-6,
                "\(bound) vs \(best)")
        }
    }

    @Test func aCancellationTokenStopsTheSolveFromAnotherThread() throws {
        let token = CancellationToken()
        let result = Mutex<Solution?>(nil)
        let done = DispatchSemaphore(value: 0)
        let model = try marketSplitModel(rows: 5, columns: 50)
        let thread = Thread {
            let solution = try? CBCSolver().solve(
                model, options: SolveOptions(timeLimitSeconds: 60, cancellation: token))
            result.withLock { $0 = solution }
            done.signal()
        }
        thread.start()
        Thread.sleep(forTimeInterval: 0.5)
        token.cancel()
        #expect(done.wait(timeout: .now() + 10) == .success)
        let solution = try #require(result.withLock { $0 })
        #expect(solution.termination == .interrupted)
        #expect(solution.statistics.solveSeconds < 10)
    }

    /// A start that is the optimum (found by GLPK) is taken, and the answer is no worse; a start
    /// that breaks a row is refused and the solve goes on without it.
    @Test func aMIPStartIsCheckedAndTaken() throws {
        let knapsack = Knapsack.random(items: 16, seed: 42)
        let (model, _) = try knapsack.model()
        let optimum = try #require(try GLPKSolver().solve(model).variableValues)
        let started = try CBCSolver().solve(model, options: SolveOptions(start: optimum))
        #expect(started.statistics.startAccepted == true)
        #expect(started.objectiveValue == knapsack.bruteForceOptimum)
        let everything = [Double](repeating: 1, count: model.variableCount)
        let refused = try CBCSolver().solve(model, options: SolveOptions(start: everything))
        #expect(refused.statistics.startAccepted == false)
        #expect(refused.objectiveValue == knapsack.bruteForceOptimum)
    }

    /// With an optimal start CBC's search ends at the root ("relaxation worse than the cutoff"):
    /// that is an optimal answer, not infeasibility (found through a Mélange batch run).
    @Test func anOptimalStartIsProvenOptimalNotInfeasible() throws {
        var model = Model()
        let a = try model.addVariable("a", kind: .integer, upperBound: 1)
        let b = try model.addVariable("b", kind: .integer, upperBound: 1)
        let count = try model.addVariable("count", kind: .integer)
        try model.addConstraint(a + b == 1)
        try model.addConstraint(0.2 * a + 0.1 * b - count <= 0)
        try model.minimize(3.67 * count)
        let solution = try CBCSolver().solve(model, options: SolveOptions(start: [1, 0, 1]))
        #expect(solution.termination == .optimal)
        #expect(solution.objectiveValue == 3.67)
        #expect(solution.statistics.startAccepted == true)
    }

    @Test func anExceptionInsideCBCIsAnErrorAndTheNextSolveWorks() throws {
        var faulty = CBCSolver()
        faulty.configuration.injectedFault = .exception
        let (mip, _) = try Knapsack.random(items: 10, seed: 1).model()
        var lp = Model()
        let x = try lp.addVariable("x", upperBound: 2)
        try lp.maximize(x)
        for model in [mip, lp] {
            #expect {
                try faulty.solve(model)
            } throws: { error in
                guard case CBCError.exception(let message) = error else { return false }
                return message.contains("fault injected")
            }
            #expect(try CBCSolver().solve(model).termination == .optimal)
        }
        faulty.configuration.injectedFault = .refusal
        #expect(throws: CBCError.self) { try faulty.solve(mip) }
    }

    /// COIN-OR reads a bound beyond 1e30 as infinite: CBC refuses such a model with the reason
    /// instead of solving a different one; GLPK takes it.
    @Test func aBoundCBCWouldReadAsInfiniteIsRefused() throws {
        var model = Model()
        let x = try model.addVariable("x", lowerBound: -1e31, upperBound: 4)
        try model.minimize(x)
        #expect {
            try CBCSolver().solve(model)
        } throws: { error in
            guard let error = error as? CBCError, case .unrepresentable = error else {
                return false
            }
            return error.isCausedByTheModel && error.description.contains("beyond 1e+27")
        }
        #expect(try GLPKSolver().solve(model).objectiveValue == -1e31)
    }

    /// The guard itself refuses malformed arrays (a bad row index, a decreasing column start, a
    /// NaN) before CBC's asserts can see them.
    @Test func theGuardRefusesABadIndexBeforeCBCSeesIt() {
        func attempt(starts: [Int32], rows: [Int32], values: [Double], lower: Double = 0) -> (
            Int32, String
        ) {
            let columnLower = [lower, 0]
            let columnUpper = [1.0, 1]
            let cost = [1.0, 1]
            let rowLower = [-Double.infinity]
            let rowUpper = [1.0]
            let integer: [UInt8] = [1, 1]
            var error = [CChar](repeating: 0, count: 256)
            var result = dse_cbc_result()
            var params = dse_cbc_params()
            var problem = dse_cbc_problem()
            let code = starts.withUnsafeBufferPointer { s in
                rows.withUnsafeBufferPointer { r in
                    values.withUnsafeBufferPointer { v in
                        columnLower.withUnsafeBufferPointer { cl in
                            columnUpper.withUnsafeBufferPointer { cu in
                                cost.withUnsafeBufferPointer { c in
                                    rowLower.withUnsafeBufferPointer { rl in
                                        rowUpper.withUnsafeBufferPointer { ru in
                                            integer.withUnsafeBufferPointer { i in
                                                problem = dse_cbc_problem(
                                                    columns: 2, rows: 1,
                                                    column_starts: s.baseAddress,
                                                    row_indices: r.baseAddress,
                                                    values: v.baseAddress,
                                                    column_lower: cl.baseAddress,
                                                    column_upper: cu.baseAddress,
                                                    objective: c.baseAddress,
                                                    row_lower: rl.baseAddress,
                                                    row_upper: ru.baseAddress,
                                                    is_integer: i.baseAddress, maximize: 1)
                                                return dse_cbc_solve(
                                                    &problem, &params, &result, &error, error.count)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return (
                code,
                String(
                    decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            )
        }
        #expect(
            attempt(starts: [0, 1, 2], rows: [0, 0], values: [1, 1]).0 == Int32(DSE_CBC_OK.rawValue)
        )
        let badRow = attempt(starts: [0, 1, 2], rows: [0, 7], values: [1, 1])
        #expect(badRow.0 == Int32(DSE_CBC_MISUSE.rawValue) && badRow.1.contains("row index 7"))
        #expect(
            attempt(starts: [0, 2, 1], rows: [0, 0], values: [1, 1]).0
                == Int32(DSE_CBC_MISUSE.rawValue))
        #expect(
            attempt(starts: [0, 1, 2], rows: [0, 0], values: [1, .nan]).0
                == Int32(DSE_CBC_MISUSE.rawValue))
        #expect(
            attempt(starts: [0, 1, 2], rows: [0, 0], values: [1, 1], lower: .nan).0
                == Int32(DSE_CBC_MISUSE.rawValue))
    }

    /// 32 solves at once, GLPK and CBC alternating, MIPs and LPs: every answer equals brute force.
    @Test func thirtyTwoConcurrentSolvesWithBothBackendsAreAllCorrect() throws {
        let instances = (0..<32).map { Knapsack.random(items: 13, seed: UInt64(3000 + $0)) }
        let expected = instances.map(\.bruteForceOptimum)
        let models = try instances.map { try $0.model().0 }
        let results = Mutex([Double?](repeating: nil, count: models.count))
        DispatchQueue.concurrentPerform(iterations: models.count) { i in
            let solver: any Solver = i % 2 == 0 ? CBCSolver() : GLPKSolver()
            let value = try? solver.solve(models[i], options: SolveOptions()).objectiveValue
            results.withLock { $0[i] = value }
            if solver is GLPKSolver { solver.releaseThreadResources() }
        }
        #expect(results.withLock { $0 } == expected.map { Optional($0) })
    }
}
