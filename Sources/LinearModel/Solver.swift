import Foundation

/// A backend that solves ``Model``s: GLPK today, others (CBC, HiGHS) without touching models.
///
/// ``solve(_:options:)`` is synchronous and does all its work on the calling thread (GLPK keeps
/// its state thread-local, so a problem must never cross threads). From async code use
/// `solve(_:options:) async`, which runs it on a thread of its own and turns task
/// cancellation into a stop request.
public protocol Solver: Sendable {
    /// A short name for logs and results, e.g. `"glpk"`.
    var name: String { get }
    /// Solves the model on the calling thread.
    func solve(_ model: Model, options: SolveOptions) throws -> Solution
    /// Frees per-thread solver state on a thread that is about to end (GLPK keeps an
    /// environment per thread and never frees it itself). Called by the async `solve` on its
    /// dedicated thread; the default does nothing.
    func releaseThreadResources()
}

extension Solver {
    /// Does nothing by default: a backend that keeps per-thread state frees it here.
    public func releaseThreadResources() {}
}

extension Solver {
    /// Solves on a dedicated thread (the cooperative pool is not blocked), honouring task
    /// cancellation: cancelling the task stops the search, and the partial result is returned.
    public func solve(_ model: Model, options: SolveOptions = SolveOptions()) async throws
        -> Solution
    {
        let token = options.cancellation ?? CancellationToken()
        var threadOptions = options
        threadOptions.cancellation = token
        let solveOptions = threadOptions
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<Solution, Error>) in
                let thread = Thread {
                    let result = Result { try self.solve(model, options: solveOptions) }
                    self.releaseThreadResources()
                    continuation.resume(with: result)
                }
                thread.stackSize = 16 << 20
                thread.start()
            }
        } onCancel: {
            token.cancel()
        }
    }
}
