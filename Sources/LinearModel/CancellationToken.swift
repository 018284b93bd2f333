import Synchronization

/// A flag another thread can raise to stop a running solve; the solver notices it at its next
/// checkpoint (between phases, and at every branch-and-bound node) and returns `interrupted`
/// with the best point found so far.
public final class CancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)

    /// A token not yet raised.
    public init() {}

    /// Asks the solve to stop.
    public func cancel() {
        flag.store(true, ordering: .releasing)
    }

    /// Whether ``cancel()`` has been called.
    public var isCancelled: Bool {
        flag.load(ordering: .acquiring)
    }
}
