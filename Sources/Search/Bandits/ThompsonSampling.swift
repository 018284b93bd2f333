import Foundation

/// Thompson sampling: draw a plausible mean per arm from its posterior, pull the largest.
/// Beta(1 + successes, 1 + failures) for 0/1 rewards; for other rewards a Gaussian posterior
/// `N(mean, 1 / (n + 1))` (unit-variance model, flat prior).
public struct ThompsonSampling: Bandit {
    /// The reward model: Beta–Bernoulli (rewards in [0, 1]) or Gaussian.
    public enum Model: Sendable { case bernoulli, gaussian }

    /// The number of arms.
    public let armCount: Int
    /// The reward model.
    public let model: Model
    var statistics: ArmStatistics

    /// Thompson sampling over `arms` arms with the given reward model.
    public init(arms: Int, model: Model = .bernoulli) {
        armCount = arms
        self.model = model
        statistics = ArmStatistics(arms: arms)
    }

    /// Draws a mean from each arm's posterior and picks the largest.
    public mutating func select(using rng: inout SeededRandomNumberGenerator) -> Int {
        var draws: [Double] = []
        for arm in 0..<armCount {
            switch model {
            case .bernoulli:
                let successes = statistics.rewardSums[arm]
                let failures = statistics.pulls[arm] - statistics.rewardSums[arm]
                draws.append(Self.beta(1 + successes, 1 + failures, &rng))
            case .gaussian:
                draws.append(
                    statistics.mean(arm) + Self.normal(&rng)
                        / (statistics.pulls[arm] + 1).squareRoot())
            }
        }
        return ArmStatistics.argmax(armCount, using: &rng) { draws[$0] }
    }

    /// Adds the reward to the arm's posterior.
    public mutating func update(arm: Int, reward: Double) { statistics.record(arm, reward) }
    /// Resets the arm's posterior to the prior.
    public mutating func reset(arm: Int) { statistics.reset(arm) }

    /// Standard normal (Box–Muller).
    static func normal(_ rng: inout SeededRandomNumberGenerator) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &rng)
        let v = Double.random(in: 0..<1, using: &rng)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// Gamma(shape, 1) by Marsaglia and Tsang (2000); shape ≥ 1 here.
    static func gamma(_ shape: Double, _ rng: inout SeededRandomNumberGenerator) -> Double {
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = normal(&rng)
            let v = pow(1 + c * x, 3)
            guard v > 0 else { continue }
            let u = Double.random(in: Double.ulpOfOne..<1, using: &rng)
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    static func beta(_ a: Double, _ b: Double, _ rng: inout SeededRandomNumberGenerator) -> Double {
        let x = gamma(a, &rng)
        let y = gamma(b, &rng)
        return x / (x + y)
    }
}
