/// Every configuration once, in index order (conditional duplicates skipped): the ground truth
/// for small spaces.
public struct ExhaustiveSearch: SearchEngine {
    public let name = "exhaustive"
    var next = 0

    public init() {}

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

    public mutating func tell(_ configuration: Configuration, score: Double) {}

    public var asksInBatches: Bool { true }
}

/// Uniformly random configurations.
public struct RandomSearch: SearchEngine {
    public let name = "random"

    public init() {}

    public mutating func ask(_ space: SearchSpace, using rng: inout SeededRandomNumberGenerator)
        -> Configuration?
    {
        space.random(using: &rng)
    }

    public mutating func tell(_ configuration: Configuration, score: Double) {}

    public var asksInBatches: Bool { true }
}
