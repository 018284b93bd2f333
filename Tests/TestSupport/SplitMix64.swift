import Search

/// The tests' seeded generator: the product's own SplitMix64, so test instances are
/// reproducible on every machine.
public typealias SplitMix64 = SeededRandomNumberGenerator
