import Foundation

/// The single-agent baseline of Krishnan et al. (2022): one agent whose action is a continuous
/// vector in [0, 1]ᵈ (a Gaussian policy around sigmoid-squashed means, REINFORCE with a moving
/// baseline), decoded into a configuration by splitting [0, 1] into equal bins per parameter.
///
/// Every configuration is reachable: value k of a parameter with n values is the bin
/// [k/n, (k+1)/n). (The paper's released baseline rounds the continuous action before binning,
/// which reaches only a few percent of the space; this decoding does not.)
public struct SingleAgentRL: SearchEngine {
    /// `single-agent-rl`.
    public let name = "single-agent-rl"
    /// The policy-gradient step size.
    public var learningRate: Double
    /// The Gaussian policy's standard deviation, on the [0, 1] action scale.
    public var standardDeviation: Double
    var means: [Double] = []
    var pendingAction: [Double] = []
    var baseline: Double?
    var scale = RewardScale()

    /// The single agent of Krishnan et al.'s baseline, with these learning settings.
    public init(learningRate: Double = 2, standardDeviation: Double = 0.25) {
        self.learningRate = learningRate
        self.standardDeviation = standardDeviation
    }

    static func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    /// Bin index of `action` for a parameter with `count` values.
    public static func decode(_ action: Double, count: Int) -> Int {
        let bin = (action * Double(count)).rounded(.down)
        guard bin.isFinite else { return 0 }  // a diverged mean: any bin is as good
        return Int(min(max(bin, 0), Double(count - 1)))  // checked: finite, clamped to 0…count − 1
    }

    /// A configuration drawn from the policy, each coordinate binned to a value.
    public mutating func ask(_ space: SearchSpace, using rng: inout SeededRandomNumberGenerator)
        -> Configuration?
    {
        if means.isEmpty { means = Array(repeating: 0, count: space.parameters.count) }
        pendingAction = means.map {
            min(max(Self.sigmoid($0) + standardDeviation * ThompsonSampling.normal(&rng), 0), 1)
        }
        return zip(pendingAction, space.parameters).map { Self.decode($0, count: $1.values.count) }
    }

    /// A REINFORCE step on the policy's mean.
    public mutating func tell(_ configuration: Configuration, score: Double) {
        let reward = scale.reward(score)
        let advantage = reward - (baseline ?? reward)
        for k in means.indices where k < pendingAction.count {
            let m = Self.sigmoid(means[k])
            // ∇μ log N(a; sigmoid(μ), σ²) = (a − m) / σ² · m (1 − m)
            means[k] +=
                learningRate * advantage * (pendingAction[k] - m)
                / (standardDeviation * standardDeviation) * m * (1 - m)
        }
        baseline = 0.9 * (baseline ?? reward) + 0.1 * reward
    }
}
