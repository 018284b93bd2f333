import Foundation
import GLPKBackend
import LinearModel
import Synchronization
import TestSupport
import Testing

@Suite(.serialized) struct LimitsAndStopTests {
    @Test func timeLimitReturnsTheIncumbentWithAGap() throws {
        let model = try hardSubsetSum()
        let solution = try GLPKSolver().solve(model, options: SolveOptions(timeLimitSeconds: 1))
        #expect(solution.termination == .timeLimit)
        #expect(solution.status == .timeLimit)
        #expect(solution.hasFeasiblePoint)
        let objective = try #require(solution.objectiveValue)
        let bound = try #require(solution.bestBound)
        #expect(bound > objective, "maximization: the bound lies above the incumbent")
        #expect((solution.relativeGap ?? 0) > 0)
        #expect(model.maximumViolation(solution.variableValues ?? []) <= 1e-6)
        #expect(abs(model.objectiveValue(solution.variableValues ?? []) - objective) < 1e-6)
        #expect(solution.statistics.solveSeconds >= 0.9 && solution.statistics.solveSeconds < 10)
        #expect((solution.statistics.branchAndBoundNodes ?? 0) > 1)
    }

    @Test func gapLimitStopsOnceWithinTolerance() throws {
        let solution = try GLPKSolver().solve(
            try hardSubsetSum(), options: SolveOptions(timeLimitSeconds: 20, relativeGap: 0.01))
        #expect(solution.termination == .gapLimit)
        #expect(solution.hasFeasiblePoint)
        #expect((solution.relativeGap ?? 1) <= 0.01)
    }

    @Test func progressCallbackSeesIncumbentsAndCanStopTheSearch() throws {
        let seen = Mutex<[SolverProgress]>([])
        let options = SolveOptions(
            timeLimitSeconds: 30,
            progress: { progress in
                seen.withLock { $0.append(progress) }
                return progress.event == .newIncumbent ? .stop : .continue
            })
        let solution = try GLPKSolver().solve(try hardSubsetSum(), options: options)
        #expect(solution.termination == .interrupted)
        #expect(solution.status == .interrupted)
        #expect(solution.hasFeasiblePoint)
        let reports = seen.withLock { $0 }
        let incumbent = try #require(reports.last { $0.event == .newIncumbent })
        #expect(incumbent.incumbentObjective == solution.objectiveValue)
        #expect(solution.statistics.solveSeconds < 10)
    }

    @Test func cancellationTokenStopsASolveOnAnotherThread() throws {
        let token = CancellationToken()
        let result = Mutex<Solution?>(nil)
        let done = DispatchSemaphore(value: 0)
        let model = try hardSubsetSum()
        let thread = Thread {
            let solution = try? GLPKSolver().solve(
                model, options: SolveOptions(timeLimitSeconds: 60, cancellation: token))
            result.withLock { $0 = solution }
            done.signal()
        }
        thread.start()
        Thread.sleep(forTimeInterval: 0.4)
        token.cancel()
        #expect(done.wait(timeout: .now() + 10) == .success)
        let solution = try #require(result.withLock { $0 })
        #expect(solution.termination == .interrupted)
        #expect(solution.statistics.solveSeconds < 10)
    }

    @Test func taskCancellationStopsTheAsyncSolve() async throws {
        let model = try hardSubsetSum()
        // Cancel once the search holds an incumbent (a fixed sleep races the solver's start on a
        // loaded machine, and a solve cancelled before it starts rightly has no point).
        let incumbentFound = Atomic<Bool>(false)
        let options = SolveOptions(
            timeLimitSeconds: 60,
            progress: { progress in
                if progress.event == .newIncumbent {
                    incumbentFound.store(true, ordering: .releasing)
                }
                return .continue
            })
        let task = Task { try await GLPKSolver().solve(model, options: options) }
        let deadline = ContinuousClock.now + .seconds(30)
        while !incumbentFound.load(ordering: .acquiring) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        task.cancel()
        let solution = try await task.value
        #expect(solution.termination == .interrupted)
        #expect(solution.hasFeasiblePoint)
        #expect(solution.statistics.solveSeconds < 10)
    }

    @Test func anAlreadyCancelledSolveDoesNotStart() throws {
        let token = CancellationToken()
        token.cancel()
        let solution = try GLPKSolver().solve(
            try hardSubsetSum(), options: SolveOptions(cancellation: token))
        #expect(solution.termination == .interrupted)
        #expect(!solution.hasFeasiblePoint)
    }

    @Test func iterationLimitOnAnLP() throws {
        let assignment = Assignment.random(size: 12, seed: 3)
        let solution = try GLPKSolver().solve(
            try assignment.model(kind: .continuous),
            options: SolveOptions(iterationLimit: 1, presolve: false))
        #expect(solution.termination == .iterationLimit)
        #expect(solution.bestBound == nil)
    }
}
