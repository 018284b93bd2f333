/// A multi-armed bandit: pick an arm, observe a reward in [0, 1], repeat.
public protocol Bandit: Sendable {
    var armCount: Int { get }
    /// The arm to pull next.
    mutating func select(using rng: inout SeededRandomNumberGenerator) -> Int
    /// The reward the pulled arm gave (in [0, 1]; wrap in ``RewardNormalizing`` otherwise).
    mutating func update(arm: Int, reward: Double)
    /// Forgets what was learned about one arm (MABFuzz's arm reset).
    mutating func reset(arm: Int)
}

/// Per-arm pull counts and reward sums, shared by the index policies.
struct ArmStatistics: Sendable {
    var pulls: [Double]
    var rewardSums: [Double]

    init(arms: Int) {
        pulls = Array(repeating: 0, count: arms)
        rewardSums = Array(repeating: 0, count: arms)
    }

    func mean(_ arm: Int) -> Double { pulls[arm] > 0 ? rewardSums[arm] / pulls[arm] : 0 }
    var total: Double { pulls.reduce(0, +) }
    /// The first arm never pulled, if any.
    var untried: Int? { pulls.firstIndex(of: 0) }

    mutating func record(_ arm: Int, _ reward: Double) {
        pulls[arm] += 1
        rewardSums[arm] += reward
    }

    mutating func reset(_ arm: Int) {
        pulls[arm] = 0
        rewardSums[arm] = 0
    }

    /// The arm with the largest index (first on ties).
    static func argmax(_ count: Int, _ index: (Int) -> Double) -> Int {
        var best = 0, bestValue = -Double.infinity
        for arm in 0..<count {
            let value = index(arm)
            if value > bestValue { best = arm; bestValue = value }
        }
        return best
    }
}
