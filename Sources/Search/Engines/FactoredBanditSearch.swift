/// One bandit per parameter, its arms the parameter's values, all sharing the configuration's
/// reward (scores scaled into [0, 1] by the best and worst seen).
public struct FactoredBanditSearch: SearchEngine {
    /// The engine's name in reports (`ucb1`, `thompson`, …).
    public let name: String
    let makeBandit: @Sendable (Int) -> any Bandit
    var bandits: [any Bandit] = []
    var scale = RewardScale()

    /// - Parameters:
    ///   - name: the engine's name in reports.
    ///   - makeBandit: a bandit for a parameter with the given number of values.
    public init(name: String = "bandit", makeBandit: @escaping @Sendable (Int) -> any Bandit) {
        self.name = name
        self.makeBandit = makeBandit
    }

    /// Each parameter's bandit picks one of its values.
    public mutating func ask(_ space: SearchSpace, using rng: inout SeededRandomNumberGenerator)
        -> Configuration?
    {
        if bandits.isEmpty { bandits = space.parameters.map { makeBandit($0.values.count) } }
        var configuration: Configuration = []
        for k in bandits.indices { configuration.append(bandits[k].select(using: &rng)) }
        return configuration
    }

    /// Every parameter's bandit is rewarded with the configuration's scaled reward.
    public mutating func tell(_ configuration: Configuration, score: Double) {
        let reward = scale.reward(score)
        for k in bandits.indices where k < configuration.count {
            bandits[k].update(arm: configuration[k], reward: reward)
        }
    }
}
