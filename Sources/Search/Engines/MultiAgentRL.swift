import Foundation

/// Multi-agent RL as in Krishnan et al. (2022): one agent per parameter, each a softmax policy
/// over that parameter's values, all rewarded with the configuration's shared reward (scores
/// scaled into [0, 1]). Updates every `batchSize` evaluations, by REINFORCE with a moving-average
/// baseline, or by PPO's clipped surrogate objective (Schulman et al. 2017) over a few epochs.
public struct MultiAgentRL: SearchEngine {
    public enum Update: Sendable {
        case reinforce
        case ppo(clip: Double, epochs: Int)
    }

    public let name: String
    public var learningRate: Double
    public var batchSize: Int
    public var update: Update
    var logits: [[Double]] = []
    var batch: [(configuration: Configuration, reward: Double, oldProbabilities: [Double])] = []
    var pendingProbabilities: [Double] = []
    var baseline: Double?
    var scale = RewardScale()

    public init(learningRate: Double = 0.5, batchSize: Int = 8, update: Update = .reinforce) {
        self.learningRate = learningRate
        self.batchSize = max(batchSize, 1)
        self.update = update
        if case .ppo = update { name = "marl-ppo" } else { name = "marl-reinforce" }
    }

    static func softmax(_ values: [Double]) -> [Double] {
        let top = values.max() ?? 0
        let weights = values.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    public mutating func ask(_ space: SearchSpace, using rng: inout SeededRandomNumberGenerator) -> Configuration? {
        if logits.isEmpty { logits = space.parameters.map { Array(repeating: 0, count: $0.values.count) } }
        var configuration: Configuration = []
        pendingProbabilities = []
        for agent in logits.indices {
            let p = Self.softmax(logits[agent])
            var u = Double.random(in: 0..<1, using: &rng), action = p.count - 1
            for (k, probability) in p.enumerated() {
                u -= probability
                if u < 0 { action = k; break }
            }
            configuration.append(action)
            pendingProbabilities.append(p[action])
        }
        return configuration
    }

    public mutating func tell(_ configuration: Configuration, score: Double) {
        batch.append((configuration, scale.reward(score), pendingProbabilities))
        guard batch.count >= batchSize else { return }
        let mean = batch.reduce(0) { $0 + $1.reward } / Double(batch.count)
        let b = baseline ?? mean
        switch update {
        case .reinforce:
            step { sample, agent, p in (sample.reward - b) }
        case .ppo(let clip, let epochs):
            for _ in 0..<max(epochs, 1) {
                step { sample, agent, p in
                    let advantage = sample.reward - b
                    let ratio = p[sample.configuration[agent]] / max(sample.oldProbabilities[agent], 1e-12)
                    // The clipped objective has no gradient once the ratio left the trust region
                    // in the direction the advantage pushes.
                    if (advantage > 0 && ratio > 1 + clip) || (advantage < 0 && ratio < 1 - clip) { return 0 }
                    return advantage * ratio
                }
            }
        }
        baseline = 0.9 * b + 0.1 * mean
        batch.removeAll()
    }

    /// One gradient step: for every sample and agent, logits += lr · weight · ∇ log π(action).
    private mutating func step(_ weight: ((configuration: Configuration, reward: Double, oldProbabilities: [Double]), Int, [Double]) -> Double) {
        var gradients = logits.map { Array(repeating: 0.0, count: $0.count) }
        let policies = logits.map(Self.softmax)   // fixed within a step
        for sample in batch {
            for agent in logits.indices {
                let p = policies[agent]
                let w = weight(sample, agent, p)
                guard w != 0 else { continue }
                for k in p.indices { gradients[agent][k] += w * ((k == sample.configuration[agent] ? 1 : 0) - p[k]) }
            }
        }
        for agent in logits.indices {
            for k in logits[agent].indices { logits[agent][k] += learningRate * gradients[agent][k] / Double(batch.count) }
        }
    }
}
