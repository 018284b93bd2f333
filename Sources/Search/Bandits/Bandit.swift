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
    /// An arm never pulled, drawn uniformly among them (not the first: bandits that share one
    /// reward, as in factored search, would otherwise move in lockstep and never leave the
    /// diagonal of the space).
    func untried(using rng: inout SeededRandomNumberGenerator) -> Int? {
        var chosen: Int?
        var seen = 0
        for arm in pulls.indices where pulls[arm] == 0 {
            seen += 1
            if Int.random(in: 0..<seen, using: &rng) == 0 { chosen = arm }
        }
        return chosen
    }

    mutating func record(_ arm: Int, _ reward: Double) {
        pulls[arm] += 1
        rewardSums[arm] += reward
    }

    /// Forgets an arm: it restarts from one pull of reward 0 (pessimistic), so the other arms are
    /// explored before it is tried again. (Restarting it as untried would make index policies
    /// pull it at once; when the search returns the cached reward of a configuration already
    /// seen, that arm would be reset and re-pulled forever.)
    mutating func reset(_ arm: Int) {
        pulls[arm] = 1
        rewardSums[arm] = 0
    }

    /// The arm with the largest index, exact ties broken uniformly at random (for the same reason).
    static func argmax(
        _ count: Int, using rng: inout SeededRandomNumberGenerator, _ index: (Int) -> Double
    ) -> Int {
        var best = 0
        var bestValue = -Double.infinity
        var ties = 0
        for arm in 0..<count {
            let value = index(arm)
            if value > bestValue {
                best = arm
                bestValue = value
                ties = 1
            } else if value == bestValue {
                ties += 1
                if Int.random(in: 0..<ties, using: &rng) == 0 { best = arm }
            }
        }
        return best
    }
}
