import Foundation

/// EXP3 (Auer, Cesa-Bianchi, Freund and Schapire 2002) for adversarial rewards: exponential
/// weights mixed with γ uniform exploration, importance-weighted updates.
public struct EXP3: Bandit {
    /// The number of arms.
    public let armCount: Int
    /// The exploration rate γ: the share of uniform choice mixed into the weights.
    public var gamma: Double
    var logWeights: [Double]
    var lastProbabilities: [Double]

    /// EXP3 over `arms` arms with exploration rate `gamma`.
    public init(arms: Int, gamma: Double = 0.1) {
        armCount = arms
        self.gamma = gamma
        logWeights = Array(repeating: 0, count: arms)
        lastProbabilities = Array(repeating: 1 / Double(arms), count: arms)
    }

    /// γ tuned for a horizon T and reward bound g ≥ total of the best arm (Corollary 3.2).
    public static func tunedGamma(arms: Int, horizon: Int) -> Double {
        let k = Double(arms)
        let g = Double(horizon)
        return min(1, (k * log(k) / ((exp(1) - 1) * g)).squareRoot())
    }

    var probabilities: [Double] {
        let top = logWeights.max() ?? 0
        let weights = logWeights.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        return weights.map { (1 - gamma) * $0 / total + gamma / Double(armCount) }
    }

    /// Draws an arm from the weights mixed with the uniform distribution.
    public mutating func select(using rng: inout SeededRandomNumberGenerator) -> Int {
        let p = probabilities
        lastProbabilities = p
        var u = Double.random(in: 0..<1, using: &rng)
        for arm in 0..<armCount {
            u -= p[arm]
            if u < 0 { return arm }
        }
        return armCount - 1
    }

    /// Raises the arm's weight by the importance-weighted reward.
    public mutating func update(arm: Int, reward: Double) {
        let estimate = reward / max(lastProbabilities[arm], 1e-12)
        logWeights[arm] += gamma * estimate / Double(armCount)
    }

    /// Sets the arm's weight to the smallest of all.
    public mutating func reset(arm: Int) { logWeights[arm] = logWeights.min() ?? 0 }
}
