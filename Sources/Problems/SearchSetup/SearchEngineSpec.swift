import Search

/// The `engine:` of a search problem: a name and its settings, read from a problem file and
/// turned into a `SearchEngine`.
///
/// ```yaml
/// engine: marl                                   # defaults
/// engine: {name: marl, update: ppo, credit: difference, learning_rate: 0.3, batch_size: 8}
/// engine: {name: ucb1, arm_reset: 20}            # MABFuzz's arm reset after 20 pulls without gain
/// ```
public struct SearchEngineSpec: Sendable, CustomStringConvertible {
    /// The engines a problem file may name.
    public enum Kind: String, Sendable, CaseIterable {
        case exhaustive, random, genetic
        case epsilonGreedy = "epsilon-greedy"
        case ucb1, thompson, exp3
        case discountedUCB = "discounted-ucb"
        case slidingWindowUCB = "sliding-window-ucb"
        case marl
        case singleAgentRL = "single-agent-rl"
        /// The NAS-style RL controller (Zoph & Le; NASAIC): one categorical policy per decision,
        /// REINFORCE with a moving-average baseline, the shared reward.
        case rlController = "rl-controller"
        /// Tree-structured Parzen Estimator (Optuna's default sampler), for few, costly
        /// evaluations.
        case tpe
        /// Ant colony optimisation (ArchGym's ACO agent, DeepSwarm's ant colony system).
        case aco

        var isBandit: Bool {
            [.epsilonGreedy, .ucb1, .thompson, .exp3, .discountedUCB, .slidingWindowUCB].contains(
                self)
        }

        /// The settings each engine takes.
        var settings: [String] {
            switch self {
            case .exhaustive, .random: return []
            case .genetic: return ["population_size", "mutation_rate"]
            case .epsilonGreedy: return ["epsilon", "arm_reset", "normalize_rewards"]
            case .ucb1, .thompson: return ["arm_reset", "normalize_rewards"]
            case .exp3: return ["gamma", "arm_reset", "normalize_rewards"]
            case .discountedUCB:
                return ["discount", "exploration", "arm_reset", "normalize_rewards"]
            case .slidingWindowUCB:
                return ["window", "exploration", "arm_reset", "normalize_rewards"]
            case .marl:
                return ["update", "credit", "learning_rate", "batch_size", "clip", "epochs"]
            case .rlController: return ["learning_rate", "batch_size"]
            case .singleAgentRL: return ["learning_rate", "standard_deviation"]
            case .tpe: return ["startup_evaluations", "candidates", "multivariate"]
            case .aco: return ["ant_count", "greediness", "evaporation", "decay"]
            }
        }
    }

    /// Which engine.
    public var kind: Kind
    /// Numeric settings by name (as in the file).
    public var numbers: [String: Double] = [:]
    /// Text settings by name (`update`, `credit`).
    public var words: [String: String] = [:]

    /// An engine with these settings (numbers and words by the file's key).
    public init(kind: Kind, numbers: [String: Double] = [:], words: [String: String] = [:]) {
        self.kind = kind
        self.numbers = numbers
        self.words = words
    }

    /// The engine's name and settings, as reports print them.
    public var description: String {
        let settings =
            numbers.sorted { $0.key < $1.key }.map { "\($0.key)=\(JSONValue.format($0.value))" }
            + words.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return settings.isEmpty
            ? kind.rawValue : "\(kind.rawValue) (\(settings.joined(separator: ", ")))"
    }

    /// Reads `engine:`: a name, or a mapping with `name:` and the engine's settings.
    public static func read(_ node: SpecNode) throws(ProblemFileError) -> SearchEngineSpec {
        let names = Kind.allCases.map(\.rawValue).joined(separator: ", ")
        if let name = try? node.string() {
            guard let kind = Kind(rawValue: name) else {
                let hint = Suggestion.hint(for: name, among: Kind.allCases.map(\.rawValue))
                throw node.error("unknown engine '\(name)'\(hint) (engines: \(names))")
            }
            return SearchEngineSpec(kind: kind)
        }
        guard let entries = try? node.namedEntries(),
            let nameNode = entries.first(where: { $0.name == "name" })?.node
        else {
            throw node.error(
                "expected an engine name or a mapping with 'name:' and settings (engines: \(names))"
            )
        }
        let name = try nameNode.string()
        guard let kind = Kind(rawValue: name) else {
            let hint = Suggestion.hint(for: name, among: Kind.allCases.map(\.rawValue))
            throw nameNode.error("unknown engine '\(name)'\(hint) (engines: \(names))")
        }
        let mapping = try node.mapping(allowedKeys: ["name"] + kind.settings)
        var spec = SearchEngineSpec(kind: kind)
        for key in kind.settings {
            guard let value = mapping.optional(key) else { continue }
            switch key {
            case "update":
                let word = try value.string()
                guard ["reinforce", "ppo"].contains(word) else {
                    throw value.error("must be reinforce or ppo")
                }
                spec.words[key] = word
            case "credit":
                let word = try value.string()
                guard ["shared", "difference"].contains(word) else {
                    throw value.error("must be shared or difference")
                }
                spec.words[key] = word
            case "normalize_rewards", "multivariate":
                spec.numbers[key] = try value.bool() ? 1 : 0
            case "population_size", "batch_size", "epochs", "window", "arm_reset",
                "startup_evaluations", "candidates", "ant_count":
                // Bounded so that a typo cannot allocate a population or window of 10^15.
                let maximum =
                    [
                        "population_size": 100_000, "batch_size": 100_000, "epochs": 1_000,
                        "startup_evaluations": 100_000, "candidates": 10_000, "ant_count": 100_000,
                    ][key] ?? 1_000_000_000
                spec.numbers[key] = Double(try value.int(in: 1...maximum))
            case "epsilon", "mutation_rate", "gamma", "discount", "clip", "greediness",
                "evaporation", "decay":
                let number = try value.double()
                guard number > 0, number <= 1 else { throw value.error("must be in (0, 1]") }
                spec.numbers[key] = number
            default:
                let number = try value.double(in: 0...1e6)
                guard number > 0 else { throw value.error("must be positive") }
                spec.numbers[key] = number
            }
        }
        return spec
    }

    /// A fresh engine with these settings; `horizon` is the evaluation budget (EXP3 tunes its
    /// exploration to it when `gamma` is not given).
    public func makeEngine(horizon: Int) -> any SearchEngine {
        func number(_ key: String) -> Double? { numbers[key] }
        /// A count setting (read as a whole number in range), or `fallback`.
        func count(_ key: String, _ fallback: Int) -> Int {
            numbers[key].flatMap { Int(exactly: $0) } ?? fallback
        }
        switch kind {
        case .exhaustive: return ExhaustiveSearch()
        case .random: return RandomSearch()
        case .genetic:
            return GeneticAlgorithm(
                populationSize: count("population_size", 20), mutationRate: number("mutation_rate"))
        case .marl:
            let update: MultiAgentRL.Update =
                words["update"] == "ppo"
                ? .ppo(clip: number("clip") ?? 0.2, epochs: count("epochs", 4)) : .reinforce
            return MultiAgentRL(
                learningRate: number("learning_rate") ?? 0.5, batchSize: count("batch_size", 8),
                update: update,
                credit: words["credit"] == "difference" ? .difference : .shared)
        case .rlController:
            return MultiAgentRL(
                learningRate: number("learning_rate") ?? 0.5, batchSize: count("batch_size", 4),
                update: .reinforce,
                credit: .shared, name: "rl-controller")
        case .tpe:
            return TreeParzenEstimator(
                startupEvaluations: count("startup_evaluations", 10),
                candidates: count("candidates", 24),
                multivariate: numbers["multivariate"].map { $0 == 1 } ?? true)
        case .aco:
            return AntColony(
                antCount: count("ant_count", 16), greediness: number("greediness") ?? 0.5,
                evaporation: number("evaporation") ?? 0.1,
                decay: number("decay") ?? 0.1)
        case .singleAgentRL:
            return SingleAgentRL(
                learningRate: number("learning_rate") ?? 2,
                standardDeviation: number("standard_deviation") ?? 0.25)
        default:
            let kind = self.kind
            let numbers = self.numbers
            let reset = numbers["arm_reset"].flatMap { Int(exactly: $0) }
            let normalize = numbers["normalize_rewards"] == 1
            var name = kind.rawValue
            if let reset { name += "+reset\(reset)" }
            if normalize { name += "+normalized" }
            return FactoredBanditSearch(name: name) { arms in
                var bandit: any Bandit
                switch kind {
                case .epsilonGreedy:
                    bandit = EpsilonGreedy(arms: arms, epsilon: numbers["epsilon"] ?? 0.1)
                case .thompson: bandit = ThompsonSampling(arms: arms, model: .gaussian)
                case .exp3:
                    bandit = EXP3(
                        arms: arms,
                        gamma: numbers["gamma"]
                            ?? EXP3.tunedGamma(arms: arms, horizon: max(horizon, 1)))
                case .discountedUCB:
                    bandit = DiscountedUCB(
                        arms: arms, discount: numbers["discount"] ?? 0.99,
                        exploration: numbers["exploration"] ?? 0.6)
                case .slidingWindowUCB:
                    bandit = SlidingWindowUCB(
                        arms: arms, window: numbers["window"].flatMap { Int(exactly: $0) } ?? 500,
                        exploration: numbers["exploration"] ?? 0.6)
                default: bandit = UCB1(arms: arms)
                }
                func normalizing<B: Bandit>(_ base: B) -> any Bandit { RewardNormalizing(base) }
                func resetting<B: Bandit>(_ base: B, _ patience: Int) -> any Bandit {
                    ArmResetting(base, patience: patience)
                }
                if normalize { bandit = normalizing(bandit) }
                if let reset { bandit = resetting(bandit, reset) }
                return bandit
            }
        }
    }
}
