/// ε-greedy: a random arm with probability ε, the best mean otherwise.
public struct EpsilonGreedy: Bandit {
    /// The number of arms.
    public let armCount: Int
    /// The probability of a uniformly random arm instead of the best mean.
    public var epsilon: Double
    var statistics: ArmStatistics

    /// ε-greedy over `arms` arms.
    public init(arms: Int, epsilon: Double = 0.1) {
        armCount = arms
        self.epsilon = epsilon
        statistics = ArmStatistics(arms: arms)
    }

    /// A random arm with probability ε, else the arm with the best mean reward.
    public mutating func select(using rng: inout SeededRandomNumberGenerator) -> Int {
        if let untried = statistics.untried(using: &rng) { return untried }
        if Double.random(in: 0..<1, using: &rng) < epsilon {
            return Int.random(in: 0..<armCount, using: &rng)
        }
        return ArmStatistics.argmax(armCount, using: &rng) { statistics.mean($0) }
    }

    /// Records the reward in the arm's mean.
    public mutating func update(arm: Int, reward: Double) { statistics.record(arm, reward) }
    /// Forgets the arm's rewards.
    public mutating func reset(arm: Int) { statistics.reset(arm) }
}
