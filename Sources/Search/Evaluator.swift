/// Configuration in, named metrics out: what a search evaluates.
///
/// Conform a cost model to it (as the memory-controller family does) or pass a closure to
/// `SearchDriver.run(_:space:objective:budget:timeLimitSeconds:seed:shouldStop:evaluate:)`.
/// `evaluate(batch:)` lets callers hand over many configurations at once (exhaustive sweeps,
/// a GA's population); its default evaluates them one by one.
public protocol Evaluator: Sendable {
    func evaluate(_ configuration: Configuration) throws -> Metrics
    func evaluate(batch configurations: [Configuration]) throws -> [Metrics]
}

extension Evaluator {
    /// Evaluates each configuration in turn.
    public func evaluate(batch configurations: [Configuration]) throws -> [Metrics] {
        try configurations.map { try evaluate($0) }
    }
}

/// An ``Evaluator`` made from a closure.
public struct ClosureEvaluator: Evaluator {
    let body: @Sendable (Configuration) throws -> Metrics

    /// An evaluator that calls `body`.
    public init(_ body: @escaping @Sendable (Configuration) throws -> Metrics) {
        self.body = body
    }

    /// `body(configuration)`.
    public func evaluate(_ configuration: Configuration) throws -> Metrics {
        try body(configuration)
    }
}
