import Dispatch
import GLPKBackend
import LinearModel
import Synchronization
import TestSupport
import Testing

/// GLPK's environment is thread-local in Debian's build: separate models solve at once on
/// separate threads. Every answer is checked against brute force.
@Suite struct ConcurrencyTests {
    static let instances = (0..<40).map { Knapsack.random(items: 13, seed: UInt64(1000 + $0)) }
    static let expected = instances.map(\.bruteForceOptimum)

    @Test func glpkIsThreadLocal() {
        #expect(GLPKLibrary.isThreadLocal)
        #expect(GLPKLibrary.version.hasPrefix("5."))
    }

    @Test func fortyConcurrentAsyncSolvesAreAllCorrect() async throws {
        let results = try await withThrowingTaskGroup(of: (Int, Double?).self) { group in
            for (i, knapsack) in Self.instances.enumerated() {
                group.addTask {
                    let (model, _) = try knapsack.model()
                    return (i, try await GLPKSolver().solve(model).objectiveValue)
                }
            }
            var results = [Double?](repeating: nil, count: Self.instances.count)
            for try await (i, value) in group { results[i] = value }
            return results
        }
        #expect(results == Self.expected.map { Optional($0) })
    }

    @Test func fortyConcurrentSolvesOnPlainThreadsAreAllCorrect() throws {
        let results = Mutex([Double?](repeating: nil, count: Self.instances.count))
        let models = try Self.instances.map { try $0.model().0 }
        DispatchQueue.concurrentPerform(iterations: models.count) { i in
            let value = try? GLPKSolver().solve(models[i]).objectiveValue
            results.withLock { $0[i] = value }
        }
        #expect(results.withLock { $0 } == Self.expected.map { Optional($0) })
    }
}
