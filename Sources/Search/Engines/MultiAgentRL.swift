import Foundation

/// Multi-agent RL as in Krishnan et al. (2022): one agent per parameter, each a softmax policy
/// over that parameter's values, all rewarded with the configuration's shared reward (scores
/// scaled into [0, 1]). Updates every `batchSize` evaluations, by REINFORCE with a moving-average
/// baseline, or by PPO's clipped surrogate objective (Schulman et al. 2017) over a few epochs.
///
/// With `credit: .difference`, each agent learns from its difference reward instead of the
/// shared one (Wolpert & Tumer; Agogino & Tumer 2008): D_i = G(z) − G(z with agent i's action
/// replaced by another of its values, drawn at random). The engine asks for those counterfactual
/// configurations itself, so an episode costs up to 1 + (number of agents) evaluations (fewer
/// when the driver's cache already holds them) — worth it when evaluations are cheap and many
/// agents share one reward.
public struct MultiAgentRL: SearchEngine {
    /// How the agents' policies are updated.
    public enum Update: Sendable {
        case reinforce
        case ppo(clip: Double, epochs: Int)
    }

    /// What each agent is rewarded with.
    public enum Credit: Sendable {
        /// Every agent gets the configuration's reward (minus a moving-average baseline).
        case shared
        /// Each agent gets its difference reward (counterfactual evaluations, see above).
        case difference
    }

    /// `marl-reinforce` or `marl-ppo` (and the credit), for reports.
    public let name: String
    /// The policy-gradient step size.
    public var learningRate: Double
    /// Episodes per policy update.
    public var batchSize: Int
    /// REINFORCE or PPO.
    public var update: Update
    /// Shared or difference rewards.
    public var credit: Credit
    var logits: [[Double]] = []
    var batch: [Sample] = []
    var pendingProbabilities: [Double] = []
    var baseline: Double?
    var scale = RewardScale()
    // Difference rewards: the episode's sampled configuration and its counterfactuals.
    var episode: Sample?
    var counterfactuals: [(agent: Int, configuration: Configuration)] = []
    var counterfactualsDue = false
    var told = 0

    struct Sample {
        var configuration: Configuration
        var reward: Double
        var oldProbabilities: [Double]
        /// Per-agent advantages (difference rewards), when credit is `.difference`.
        var advantages: [Double]?
    }

    /// `name` overrides the engine's name in results (e.g. `rl-controller` for the NAS-style
    /// controller: per-decision policies, REINFORCE, a moving-average baseline).
    public init(
        learningRate: Double = 0.5, batchSize: Int = 8, update: Update = .reinforce,
        credit: Credit = .shared, name: String? = nil
    ) {
        self.learningRate = learningRate
        self.batchSize = max(batchSize, 1)
        self.update = update
        self.credit = credit
        let base: String
        if case .ppo = update { base = "marl-ppo" } else { base = "marl-reinforce" }
        self.name = name ?? (credit == .difference ? base + "-difference" : base)
    }

    /// Each agent's current policy: the probability of each of its values.
    public var policies: [[Double]] { logits.map(Self.softmax) }

    static func softmax(_ values: [Double]) -> [Double] {
        let top = values.max() ?? 0
        let weights = values.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }

    /// Each agent samples its parameter's value from its softmax policy (or a counterfactual is
    /// asked, under difference rewards).
    public mutating func ask(_ space: SearchSpace, using rng: inout SeededRandomNumberGenerator)
        -> Configuration?
    {
        if logits.isEmpty {
            logits = space.parameters.map { Array(repeating: 0, count: $0.values.count) }
        }
        if counterfactualsDue, let base = episode?.configuration {
            counterfactualsDue = false
            counterfactuals = []
            for agent in logits.indices where logits[agent].count > 1 {
                var other = Int.random(in: 0..<(logits[agent].count - 1), using: &rng)
                if other >= base[agent] { other += 1 }
                var configuration = base
                configuration[agent] = other
                counterfactuals.append((agent, configuration))
            }
            told = 0
        }
        if told < counterfactuals.count { return counterfactuals[told].configuration }
        var configuration: Configuration = []
        pendingProbabilities = []
        for agent in logits.indices {
            let p = Self.softmax(logits[agent])
            var u = Double.random(in: 0..<1, using: &rng)
            var action = p.count - 1
            for (k, probability) in p.enumerated() {
                u -= probability
                if u < 0 {
                    action = k
                    break
                }
            }
            configuration.append(action)
            pendingProbabilities.append(p[action])
        }
        return configuration
    }

    /// Records the reward; a full batch updates every agent's policy.
    public mutating func tell(_ configuration: Configuration, score: Double) {
        let reward = scale.reward(score)
        switch credit {
        case .shared:
            batch.append(
                Sample(
                    configuration: configuration, reward: reward,
                    oldProbabilities: pendingProbabilities))
        case .difference:
            if var sample = episode, told < counterfactuals.count {
                // A counterfactual's reward: agent i's difference reward is G(z) − G(z₋ᵢ).
                sample.advantages?[counterfactuals[told].agent] = sample.reward - reward
                episode = sample
                told += 1
                guard told == counterfactuals.count else { return }
                batch.append(sample)
                episode = nil
                counterfactuals = []
            } else {
                episode = Sample(
                    configuration: configuration, reward: reward,
                    oldProbabilities: pendingProbabilities,
                    advantages: Array(repeating: 0, count: logits.count))
                counterfactualsDue = true
                return
            }
        }
        guard batch.count >= batchSize else { return }
        let mean = batch.reduce(0) { $0 + $1.reward } / Double(batch.count)
        let b = baseline ?? mean
        switch update {
        case .reinforce:
            step { sample, agent, p in sample.advantages?[agent] ?? (sample.reward - b) }
        case .ppo(let clip, let epochs):
            for _ in 0..<max(epochs, 1) {
                step { sample, agent, p in
                    let advantage = sample.advantages?[agent] ?? (sample.reward - b)
                    let ratio =
                        p[sample.configuration[agent]] / max(sample.oldProbabilities[agent], 1e-12)
                    // The clipped objective has no gradient once the ratio left the trust region
                    // in the direction the advantage pushes.
                    if (advantage > 0 && ratio > 1 + clip) || (advantage < 0 && ratio < 1 - clip) {
                        return 0
                    }
                    return advantage * ratio
                }
            }
        }
        baseline = 0.9 * b + 0.1 * mean
        batch.removeAll()
    }

    /// One gradient step: for every sample and agent, logits += lr · weight · ∇ log π(action).
    private mutating func step(_ weight: (Sample, Int, [Double]) -> Double) {
        var gradients = logits.map { Array(repeating: 0.0, count: $0.count) }
        let policies = logits.map(Self.softmax)  // fixed within a step
        for sample in batch {
            for agent in logits.indices {
                let p = policies[agent]
                let w = weight(sample, agent, p)
                guard w != 0 else { continue }
                for k in p.indices {
                    gradients[agent][k] += w * ((k == sample.configuration[agent] ? 1 : 0) - p[k])
                }
            }
        }
        for agent in logits.indices {
            for k in logits[agent].indices {
                logits[agent][k] += learningRate * gradients[agent][k] / Double(batch.count)
            }
        }
    }
}
