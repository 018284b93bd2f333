/// Ant colony optimisation as ArchGym runs it (its ACO agent is DeepSwarm's, Byla and Pang 2019,
/// an ant colony system): a pheromone per parameter value, all starting at `startPheromone`.
/// Each ant picks every parameter's value greedily — the one with the most pheromone, ties at
/// random — with probability `greediness`, else by roulette in proportion to the pheromone (the
/// heuristic is 1); once it has been evaluated, the local update pulls its values' pheromone
/// back towards the start, τ ← (1 − decay)·τ + decay·τ₀, so later ants spread out. After each
/// colony of `antCount` ants, the global update reinforces the best configuration found so far,
/// τ ← (1 − evaporation)·τ + evaporation·Δ. The search starts from one random ant, the first
/// best (random ants until one is feasible).
///
/// DeepSwarm's Δ is 1/(10·loss); here the loss is the score in units of the first ant's, so
/// the rule does not depend on the objective's units: the first ant's score gives Δ = τ₀ (at the
/// default τ₀ = 0.1), a score half as large 2τ₀. A score ≤ 0 (a maximised metric) uses the
/// improvement instead: Δ = τ₀·(1 + (first − best)/|first|). Infeasible bests reinforce nothing.
public struct AntColony: SearchEngine {
    /// `aco`.
    public let name = "aco"
    /// Ants per colony, between global updates.
    public var antCount: Int
    /// The probability of the greedy choice per parameter (q₀).
    public var greediness: Double
    /// The global update's rate.
    public var evaporation: Double
    /// The local update's rate.
    public var decay: Double
    /// Every value's pheromone at the start (τ₀).
    public var startPheromone: Double

    /// pheromone[k][v]: parameter k's value v.
    var pheromone: [[Double]] = []
    var first: Double?
    var best: (configuration: Configuration, score: Double)?
    var antsInColony = 0

    /// A colony with DeepSwarm's defaults as ArchGym sets them.
    public init(
        antCount: Int = 16, greediness: Double = 0.5, evaporation: Double = 0.1,
        decay: Double = 0.1, startPheromone: Double = 0.1
    ) {
        self.antCount = max(antCount, 1)
        self.greediness = min(max(greediness, 0), 1)
        self.evaporation = evaporation
        self.decay = decay
        self.startPheromone = startPheromone
    }

    /// The next ant: a value per parameter, greedy or by roulette.
    public mutating func ask(_ space: SearchSpace, using rng: inout SeededRandomNumberGenerator)
        -> Configuration?
    {
        if pheromone.isEmpty {
            pheromone = space.parameters.map {
                Array(repeating: startPheromone, count: max($0.values.count, 1))
            }
        }
        guard first != nil else { return space.random(using: &rng) }
        return space.canonical(
            pheromone.map { trail in
                if Double.random(in: 0..<1, using: &rng) < greediness {
                    let top = trail.max() ?? 0
                    let ties = trail.indices.filter { trail[$0] == top }
                    return ties[Int.random(in: 0..<ties.count, using: &rng)]
                }
                var u = Double.random(in: 0..<1, using: &rng) * trail.reduce(0, +)
                for (v, tau) in trail.enumerated() {
                    u -= tau
                    if u < 0 { return v }
                }
                return trail.count - 1
            })
    }

    /// The local update for the ant's values; the global update when a colony is complete.
    public mutating func tell(_ configuration: Configuration, score: Double) {
        if best.map({ score < $0.score }) ?? true { best = (configuration, score) }
        guard let first else {
            if score.isFinite { first = score }
            return
        }
        for (k, v) in configuration.enumerated() where k < pheromone.count {
            pheromone[k][v] = (1 - decay) * pheromone[k][v] + decay * startPheromone
        }
        antsInColony += 1
        guard antsInColony == antCount else { return }
        antsInColony = 0
        guard let best, best.score.isFinite, first.isFinite else { return }
        let deposit: Double
        if first > 0, best.score > 0 {
            deposit = startPheromone / (best.score / first)
        } else {
            deposit =
                startPheromone * (1 + (first - best.score) / max(abs(first), .leastNormalMagnitude))
        }
        for (k, v) in best.configuration.enumerated() where k < pheromone.count {
            pheromone[k][v] = (1 - evaporation) * pheromone[k][v] + evaporation * deposit
        }
    }
}
