import Dispatch
import Foundation
import Synchronization

/// Runs several solvers on the same model at once, each on a thread of its own, and answers
/// with the first *proven* result (optimal, infeasible, unbounded, or within the requested
/// gap; a point must pass ``SolutionCheck`` to count); the others are told to stop and left to
/// finish in the background. When no entrant
/// proves anything before the time limit, the better incumbent wins.
///
/// The answer is the winner's ``Solution``, with ``SolveStatistics/solverName`` `race:WINNER` (e.g.
/// `race:cbc`) and a line at the head of its log saying how the race went. An entrant that throws
/// drops out; if every entrant throws, the first error is rethrown.
public struct RacingSolver: Solver {
    /// The solvers that race, e.g. `[GLPKSolver(), CBCSolver()]`.
    public var entrants: [any Solver]
    /// How often, in seconds, the race looks at the caller's cancellation while it waits.
    public var pollSeconds: Double

    /// `race`; a solution names the winning entrant instead.
    public var name: String { "race" }

    /// A race of `entrants` (each solves on a thread of its own); the caller checks for a
    /// finished entrant every `pollSeconds`.
    public init(_ entrants: [any Solver], pollSeconds: Double = 0.01) {
        self.entrants = entrants
        self.pollSeconds = pollSeconds
    }

    /// The entrants' latest snapshots as one: the better incumbent, the tighter bound (each
    /// entrant's bound holds for the model, so the tightest does), the nodes of all.
    static func merge(
        _ snapshots: [SolverProgress], sense: ObjectiveSense, event: SolverProgress.Event
    )
        -> SolverProgress
    {
        let incumbents = snapshots.compactMap(\.incumbentObjective)
        let bounds = snapshots.compactMap(\.bestBound)
        let minimizing = sense == .minimize
        return SolverProgress(
            event: event,
            incumbentObjective: minimizing ? incumbents.min() : incumbents.max(),
            bestBound: minimizing ? bounds.max() : bounds.min(),
            nodeCount: snapshots.reduce(0) { $0 + $1.nodeCount },
            activeNodeCount: snapshots.reduce(0) { $0 + $1.activeNodeCount },
            elapsedSeconds: snapshots.map(\.elapsedSeconds).max() ?? 0)
    }

    /// Solves `model` with every entrant at once: the first proven answer (optimal, infeasible,
    /// unbounded) wins and the others are stopped; at a limit, the best incumbent that passes
    /// ``SolutionCheck``.
    public func solve(_ model: Model, options: SolveOptions = SolveOptions()) throws -> Solution {
        let began = ContinuousClock.now
        guard !entrants.isEmpty else { return Solution(termination: .interrupted) }
        if entrants.count == 1 { return try entrants[0].solve(model, options: options) }
        let tokens = entrants.map { _ in CancellationToken() }
        let finished = Mutex([Result<Solution, any Error>?](repeating: nil, count: entrants.count))
        let arrivals = DispatchSemaphore(value: 0)
        // The caller hears one search: each entrant's latest snapshot, merged.
        let latest = Mutex([SolverProgress?](repeating: nil, count: entrants.count))
        let sense = model.objectiveSense
        for (index, entrant) in entrants.enumerated() {
            var own = options
            own.cancellation = tokens[index]
            let userProgress = options.progress
            own.progress = userProgress.map { callback in
                { @Sendable progress in
                    // Under the lock, so that the caller hears the snapshots in merge order.
                    let decision = latest.withLock { snapshots in
                        snapshots[index] = progress
                        return callback(
                            Self.merge(
                                snapshots.compactMap { $0 }, sense: sense, event: progress.event))
                    }
                    if decision == .stop { for token in tokens { token.cancel() } }
                    return .continue
                }
            }
            let entrantOptions = own
            let thread = Thread {
                let result = Result { try entrant.solve(model, options: entrantOptions) }
                entrant.releaseThreadResources()
                finished.withLock { $0[index] = result }
                arrivals.signal()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        var arrived = 0
        while true {
            if options.isCancelled { for token in tokens { token.cancel() } }
            guard arrivals.wait(timeout: .now() + pollSeconds) == .success else { continue }
            arrived += 1
            let results = finished.withLock { $0 }
            if let winner = results.indices.first(where: {
                results[$0].flatMap { try? $0.get() }.map { Self.isProven($0, model) } ?? false
            }) {
                for token in tokens { token.cancel() }
                return report(results, winner: winner, proven: true, began: began)
            }
            if arrived == entrants.count {
                // Only points that pass the independent check compete.
                let points = results.indices.compactMap { i -> (entrant: Int, objective: Double)? in
                    guard let solution = try? results[i]?.get(),
                        let objective = solution.objectiveValue,
                        SolutionCheck(model: model, solution: solution)?.passed == true
                    else { return nil }
                    return (entrant: i, objective: objective)
                }
                let best = points.min {
                    model.objectiveSense == .minimize
                        ? $0.objective < $1.objective : $0.objective > $1.objective
                }
                if let best {
                    return report(results, winner: best.entrant, proven: false, began: began)
                }
                if let answered = results.indices.first(where: { (try? results[$0]?.get()) != nil })
                {
                    return report(results, winner: answered, proven: false, began: began)
                }
                for case .failure(let error)? in results { throw error }
            }
        }
    }

    /// A result no other entrant could improve on; a proven point must also pass the
    /// independent check (``SolutionCheck``), or the race waits for the others.
    static func isProven(_ solution: Solution, _ model: Model) -> Bool {
        switch solution.termination {
        case .infeasible, .unbounded: return true
        case .optimal, .gapLimit:
            return SolutionCheck(model: model, solution: solution)?.passed ?? false
        case .timeLimit, .iterationLimit, .interrupted, .memoryLimit, .numericalFailure:
            return false
        }
    }

    private func report(
        _ results: [Result<Solution, any Error>?], winner: Int, proven: Bool,
        began: ContinuousClock.Instant
    ) -> Solution {
        guard case .success(var solution)? = results[winner] else {
            return Solution(termination: .numericalFailure)
        }
        let seconds = (ContinuousClock.now - began) / .seconds(1)
        let others = entrants.indices.filter { $0 != winner }.map { i -> String in
            switch results[i] {
            case .none: return "\(entrants[i].name) stopped"
            case .success(let other)?: return "\(entrants[i].name) \(other.status)"
            case .failure(let error)?: return "\(entrants[i].name) failed (\(error))"
            }
        }
        let how = proven ? "first proven answer" : "better incumbent at the end"
        solution.statistics.solverName = "\(name):\(entrants[winner].name)"
        solution.statistics.solveSeconds = seconds
        solution.log =
            """
            [race: \(entrants[winner].name) won (\(how)) after \
            \(String(format: "%.3f", seconds)) s; \(others.joined(separator: ", "))]\n
            """
            + solution.log
        return solution
    }
}
