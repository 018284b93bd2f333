/// ε-greedy: a random arm with probability ε, the best mean otherwise.
public struct EpsilonGreedy: Bandit {
    public let armCount: Int
    public var epsilon: Double
    var statistics: ArmStatistics

    public init(arms: Int, epsilon: Double = 0.1) {
        armCount = arms
        self.epsilon = epsilon
        statistics = ArmStatistics(arms: arms)
    }

    public mutating func select(using rng: inout SeededRandomNumberGenerator) -> Int {
        if let untried = statistics.untried(using: &rng) { return untried }
        if Double.random(in: 0..<1, using: &rng) < epsilon {
            return Int.random(in: 0..<armCount, using: &rng)
        }
        return ArmStatistics.argmax(armCount, using: &rng) { statistics.mean($0) }
    }

    public mutating func update(arm: Int, reward: Double) { statistics.record(arm, reward) }
    public mutating func reset(arm: Int) { statistics.reset(arm) }
}
