/// MABFuzz's arm reset (Gohil et al. 2023): an arm whose reward has not improved on its best in
/// its last `patience` pulls is reset, so a stale arm gets explored afresh (its statistics are
/// forgotten and it restarts from one pull of reward 0: see `ArmStatistics.reset`).
public struct ArmResetting<Base: Bandit>: Bandit {
    /// The wrapped bandit.
    public var base: Base
    /// Pulls of an arm without improvement after which it is reset.
    public let patience: Int
    var best: [Double]
    var pullsSinceImprovement: [Int]
    /// How many resets happened (for reports and tests).
    public private(set) var resets = 0

    /// `base`, its arms reset after `patience` pulls without improvement.
    public init(_ base: Base, patience: Int) {
        self.base = base
        self.patience = patience
        best = Array(repeating: -.infinity, count: base.armCount)
        pullsSinceImprovement = Array(repeating: 0, count: base.armCount)
    }

    /// The wrapped bandit's arms.
    public var armCount: Int { base.armCount }

    /// The wrapped bandit's choice.
    public mutating func select(using rng: inout SeededRandomNumberGenerator) -> Int {
        base.select(using: &rng)
    }

    /// Passes the reward on and resets the arm once it has gone `patience` pulls without improving.
    public mutating func update(arm: Int, reward: Double) {
        base.update(arm: arm, reward: reward)
        if reward > best[arm] {
            best[arm] = reward
            pullsSinceImprovement[arm] = 0
        } else {
            pullsSinceImprovement[arm] += 1
            if pullsSinceImprovement[arm] >= patience { reset(arm: arm) }
        }
    }

    /// Resets the arm in the wrapped bandit and its count here.
    public mutating func reset(arm: Int) {
        base.reset(arm: arm)
        best[arm] = -.infinity
        pullsSinceImprovement[arm] = 0
        resets += 1
    }
}

/// Maps rewards of any scale into [0, 1] by the running minimum and maximum seen so far.
public struct RewardNormalizing<Base: Bandit>: Bandit {
    /// The wrapped bandit.
    public var base: Base
    var low = Double.infinity, high = -Double.infinity

    /// `base`, told rewards scaled into [0, 1] by the smallest and largest seen.
    public init(_ base: Base) { self.base = base }

    /// The wrapped bandit's arms.
    public var armCount: Int { base.armCount }
    /// The wrapped bandit's choice.
    public mutating func select(using rng: inout SeededRandomNumberGenerator) -> Int {
        base.select(using: &rng)
    }

    /// Passes the reward on, scaled into [0, 1].
    public mutating func update(arm: Int, reward: Double) {
        low = min(low, reward)
        high = max(high, reward)
        base.update(arm: arm, reward: high > low ? (reward - low) / (high - low) : 0.5)
    }

    /// Resets the arm in the wrapped bandit.
    public mutating func reset(arm: Int) { base.reset(arm: arm) }
}
