import Foundation

/// UCB1 (Auer, Cesa-Bianchi and Fischer 2002): each arm once, then the arm maximising
/// `mean + √(2 ln t / n)`. Expected regret after n pulls is at most
/// `Σ_{Δᵢ>0} 8 ln n / Δᵢ + (1 + π²/3) Σ Δᵢ`.
public struct UCB1: Bandit {
    /// The number of arms.
    public let armCount: Int
    var statistics: ArmStatistics

    /// UCB1 over `arms` arms.
    public init(arms: Int) {
        armCount = arms
        statistics = ArmStatistics(arms: arms)
    }

    /// Each arm once, then the arm with the largest mean + √(2 ln n / nᵢ).
    public mutating func select(using rng: inout SeededRandomNumberGenerator) -> Int {
        if let untried = statistics.untried(using: &rng) { return untried }
        let logTotal = log(statistics.total)
        return ArmStatistics.argmax(armCount, using: &rng) {
            statistics.mean($0) + (2 * logTotal / statistics.pulls[$0]).squareRoot()
        }
    }

    /// Records the reward in the arm's mean.
    public mutating func update(arm: Int, reward: Double) { statistics.record(arm, reward) }
    /// Forgets the arm's rewards.
    public mutating func reset(arm: Int) { statistics.reset(arm) }
}

/// Discounted UCB (Garivier and Moulines 2011) for drifting rewards: counts and sums decay by
/// `discount` every pull; index `mean + 2 √(ξ ln N / Nᵢ)` over the discounted counts.
public struct DiscountedUCB: Bandit {
    /// The number of arms.
    public let armCount: Int
    /// The factor by which past rewards and counts fade at every step (γ).
    public var discount: Double
    /// The weight of the exploration bonus.
    public var exploration: Double
    var statistics: ArmStatistics

    /// Discounted UCB over `arms` arms.
    public init(arms: Int, discount: Double = 0.99, exploration: Double = 0.6) {
        armCount = arms
        self.discount = discount
        self.exploration = exploration
        statistics = ArmStatistics(arms: arms)
    }

    /// The arm with the largest discounted mean plus its bonus.
    public mutating func select(using rng: inout SeededRandomNumberGenerator) -> Int {
        if let untried = statistics.untried(using: &rng) { return untried }
        let logTotal = log(max(statistics.total, 1))
        return ArmStatistics.argmax(armCount, using: &rng) {
            statistics.mean($0) + 2 * (exploration * logTotal / statistics.pulls[$0]).squareRoot()
        }
    }

    /// Discounts every arm's history and records the reward.
    public mutating func update(arm: Int, reward: Double) {
        for k in 0..<armCount {
            statistics.pulls[k] *= discount
            statistics.rewardSums[k] *= discount
        }
        statistics.record(arm, reward)
    }

    /// Forgets the arm's rewards.
    public mutating func reset(arm: Int) { statistics.reset(arm) }
}

/// Sliding-window UCB (Garivier and Moulines 2011): statistics over the last `window` pulls only.
public struct SlidingWindowUCB: Bandit {
    /// The number of arms.
    public let armCount: Int
    /// How many recent pulls the means are taken over.
    public let window: Int
    /// The weight of the exploration bonus.
    public var exploration: Double
    var history: [(arm: Int, reward: Double)] = []
    var statistics: ArmStatistics

    /// Sliding-window UCB over `arms` arms.
    public init(arms: Int, window: Int = 500, exploration: Double = 0.6) {
        armCount = arms
        self.window = window
        self.exploration = exploration
        statistics = ArmStatistics(arms: arms)
    }

    /// The arm with the largest windowed mean plus its bonus.
    public mutating func select(using rng: inout SeededRandomNumberGenerator) -> Int {
        if let untried = statistics.untried(using: &rng) { return untried }
        let logWindow = log(Double(min(history.count, window)))
        return ArmStatistics.argmax(armCount, using: &rng) {
            statistics.mean($0) + (exploration * logWindow / statistics.pulls[$0]).squareRoot()
        }
    }

    /// Records the reward, dropping the oldest pull outside the window.
    public mutating func update(arm: Int, reward: Double) {
        history.append((arm, reward))
        statistics.record(arm, reward)
        if history.count > window {
            let old = history.removeFirst()
            statistics.pulls[old.arm] -= 1
            statistics.rewardSums[old.arm] -= old.reward
        }
    }

    /// Forgets the arm's pulls in the window.
    public mutating func reset(arm: Int) {
        history.removeAll { $0.arm == arm }
        statistics.reset(arm)
    }
}
