/// Every configuration once, in index order (conditional duplicates skipped): the ground truth
/// for small spaces.
public struct ExhaustiveSearch: SearchEngine {
    /// `exhaustive`.
    public let name = "exhaustive"
    var next = 0

    /// An enumeration from the first configuration.
    public init() {}

    /// The next configuration in enumeration order; nil when every one has been asked.
    public mutating func ask(_ space: SearchSpace, using rng: inout SeededRandomNumberGenerator)
        -> Configuration?
    {
        while next < space.size {
            let configuration = space.configuration(at: next)
            next += 1
            if space.canonical(configuration) == configuration { return configuration }
        }
        return nil
    }

    /// Nothing to learn.
    public mutating func tell(_ configuration: Configuration, score: Double) {}

    /// True: the order does not depend on the scores.
    public var asksInBatches: Bool { true }
}

/// Uniformly random configurations.
public struct RandomSearch: SearchEngine {
    /// `random`.
    public let name = "random"

    /// A uniform sampler.
    public init() {}

    /// A configuration drawn uniformly.
    public mutating func ask(_ space: SearchSpace, using rng: inout SeededRandomNumberGenerator)
        -> Configuration?
    {
        space.random(using: &rng)
    }

    /// Nothing to learn.
    public mutating func tell(_ configuration: Configuration, score: Double) {}

    /// True: draws do not depend on the scores.
    public var asksInBatches: Bool { true }
}
