import Foundation

/// The Tree-structured Parzen Estimator (Bergstra et al., "Algorithms for Hyper-Parameter
/// Optimization", NeurIPS 2011), as Optuna's `TPESampler` runs it by default: after
/// `startupEvaluations` random configurations, the evaluated ones are split into the best
/// γ(n) = min(⌈0.1·n⌉, 25) and the rest; for each parameter, densities l (best) and g (rest) are
/// estimated — a smoothed histogram for categorical parameters, a truncated Gaussian Parzen
/// window over value positions for ordinal and integer ones, each with a uniform prior of
/// weight 1 — and of `candidates` values drawn from l the one with the largest l/g is taken
/// (parameters independently, Optuna's default `multivariate=False`). Where that configuration
/// has been evaluated already, the best unseen combination of the candidates is taken instead.
///
/// Constraints and failures: a configuration that breaks a constraint or fails scores +∞ and
/// is ranked below every feasible one, so it always lands in g — the model learns where the
/// infeasible region is and samples there less (learned feasibility). Conditional parameters
/// learn only from the evaluations where they were active.
///
/// The engine can be asked for several configurations before it is told their scores
/// (parallel evaluation): each ask draws its own candidates from the same model.
public struct TreeParzenEstimator: SearchEngine {
    public let name = "tpe"
    public var startupEvaluations: Int
    public var candidates: Int
    public var priorWeight: Double

    /// Evaluated configurations (canonical) and their scores, in the order told.
    var observations: [(configuration: Configuration, score: Double)] = []
    var seen: Set<Configuration> = []
    var asked = 0

    public init(startupEvaluations: Int = 10, candidates: Int = 24, priorWeight: Double = 1) {
        self.startupEvaluations = max(startupEvaluations, 1)
        self.candidates = max(candidates, 1)
        self.priorWeight = priorWeight
    }

    public var asksInBatches: Bool { true }

    public mutating func ask(_ space: SearchSpace, using rng: inout SeededRandomNumberGenerator) -> Configuration? {
        asked += 1
        guard observations.count >= startupEvaluations, asked > startupEvaluations else { return fresh(space, &rng) }
        let ranked = observations.sorted { $0.score < $1.score }
        let feasible = ranked.prefix { $0.score.isFinite }.count
        let below = min(min(Int((0.1 * Double(ranked.count)).rounded(.up)), 25), feasible)   // checked: 0.1 × a count
        let good = Array(ranked.prefix(below)), bad = Array(ranked.dropFirst(below))
        // Per parameter: its candidates' distinct values, best l/g first.
        var ranking: [[(value: Int, score: Double)]] = []
        for (k, parameter) in space.parameters.enumerated() {
            guard parameter.values.count > 1 else { ranking.append([(0, 0)]); continue }
            let l = density(for: k, of: space, from: good), g = density(for: k, of: space, from: bad)
            var scores: [Int: Double] = [:]
            for _ in 0..<candidates {
                let x = l.sample(using: &rng)
                if scores[x] == nil { scores[x] = log(l.probability(x)) - log(g.probability(x)) }
            }
            ranking.append(scores.map { (value: $0.key, score: $0.value) }.sorted { $0.score > $1.score || ($0.score == $1.score && $0.value < $1.value) })
        }
        return bestUnseen(ranking, space) ?? fresh(space, &rng)
    }

    /// The configuration of the best-ranked values (Optuna's choice) or, when it has been
    /// evaluated, the unseen combination of candidate values with the highest total l/g — a
    /// best-first walk over the rankings, at most 512 steps —, so that a converged model keeps
    /// proposing near its optimum instead of repeating it.
    func bestUnseen(_ ranking: [[(value: Int, score: Double)]], _ space: SearchSpace) -> Configuration? {
        func total(_ position: [Int]) -> Double { zip(ranking, position).reduce(0) { $0 + $1.0[$1.1].score } }
        var frontier: [(position: [Int], score: Double)] = [(Array(repeating: 0, count: ranking.count), 0)]
        frontier[0].score = total(frontier[0].position)
        var visited: Set<[Int]> = [frontier[0].position]
        for _ in 0..<512 {
            guard let top = frontier.indices.max(by: { frontier[$0].score < frontier[$1].score }) else { return nil }
            let (position, _) = frontier.remove(at: top)
            let configuration = space.canonical(zip(ranking, position).map { $0.0[$0.1].value })
            if !seen.contains(configuration) { return configuration }
            for k in ranking.indices where position[k] + 1 < ranking[k].count {
                var next = position
                next[k] += 1
                if visited.insert(next).inserted { frontier.append((next, total(next))) }
            }
        }
        return nil
    }

    public mutating func tell(_ configuration: Configuration, score: Double) {
        guard seen.insert(configuration).inserted else { return }
        observations.append((configuration, score))
    }

    /// A random configuration not evaluated yet (when one is found in 100 draws).
    func fresh(_ space: SearchSpace, _ rng: inout SeededRandomNumberGenerator) -> Configuration {
        var configuration = space.random(using: &rng)
        for _ in 0..<100 where seen.contains(configuration) { configuration = space.random(using: &rng) }
        return configuration
    }

    /// The observations in which parameter `k` was active.
    func active(_ k: Int, _ space: SearchSpace, _ observations: [(configuration: Configuration, score: Double)]) -> [Int] {
        let parameter = space.parameters[k]
        guard let condition = parameter.condition, let owner = space.parameters.firstIndex(where: { $0.name == condition.parameter }) else {
            return observations.map { $0.configuration[k] }
        }
        return observations.filter { condition.values.contains(space.parameters[owner].values[$0.configuration[owner]]) }.map { $0.configuration[k] }
    }

    func density(for k: Int, of space: SearchSpace, from observations: [(configuration: Configuration, score: Double)]) -> ParzenDensity {
        let parameter = space.parameters[k]
        let values = active(k, space, observations)
        return parameter.kind == .categorical
            ? .categorical(ParzenDensity.Histogram(count: parameter.values.count, observed: values, priorWeight: priorWeight))
            : .ordinal(ParzenDensity.Window(count: parameter.values.count, observed: values, priorWeight: priorWeight))
    }
}

/// One parameter's density over its value indices (TPE's l or g).
enum ParzenDensity {
    case categorical(Histogram)
    case ordinal(Window)

    func probability(_ x: Int) -> Double {
        switch self {
        case .categorical(let h): return h.probability(x)
        case .ordinal(let w): return w.probability(x)
        }
    }

    func sample(using rng: inout SeededRandomNumberGenerator) -> Int {
        switch self {
        case .categorical(let h): return h.sample(using: &rng)
        case .ordinal(let w): return w.sample(using: &rng)
        }
    }

    /// Counts plus a uniform prior: p(x) = (n_x + prior/K) / (n + prior).
    struct Histogram {
        var counts: [Double]
        var total: Double

        init(count: Int, observed: [Int], priorWeight: Double) {
            counts = Array(repeating: priorWeight / Double(count), count: count)
            for x in observed { counts[x] += 1 }
            total = Double(observed.count) + priorWeight
        }

        func probability(_ x: Int) -> Double { counts[x] / total }

        func sample(using rng: inout SeededRandomNumberGenerator) -> Int {
            var u = Double.random(in: 0..<total, using: &rng)
            for (x, c) in counts.enumerated() {
                u -= c
                if u < 0 { return x }
            }
            return counts.count - 1
        }
    }

    /// Gaussians over value positions, one per observation, truncated to [−½, K−½] and
    /// integrated over each position's unit cell, plus a uniform prior. Bandwidths as Optuna's
    /// Parzen estimator: each kernel as wide as the larger gap to its sorted neighbours
    /// (counting the range's ends), clipped to [(K−1)/min(100, n+1), K−1].
    struct Window {
        var count: Int
        var means: [Double]
        var deviations: [Double]
        var normalisers: [Double]
        var priorWeight: Double

        init(count: Int, observed: [Int], priorWeight: Double) {
            self.count = count
            self.priorWeight = priorWeight
            let span = Double(max(count - 1, 1))
            let sorted = observed.map(Double.init).sorted()
            means = sorted
            let low = span / Double(min(100, sorted.count + 1))
            deviations = sorted.indices.map { i in
                let left = sorted[i] - (i > 0 ? sorted[i - 1] : 0), right = (i + 1 < sorted.count ? sorted[i + 1] : span) - sorted[i]
                return min(max(max(left, right), low), span)
            }
            normalisers = zip(sorted, deviations).map { mean, deviation in
                Self.cdf((Double(count) - 0.5 - mean) / deviation) - Self.cdf((-0.5 - mean) / deviation)
            }
        }

        static func cdf(_ z: Double) -> Double { 0.5 * (1 + erf(z / 2.0.squareRoot())) }

        func probability(_ x: Int) -> Double {
            var mass = priorWeight / Double(count)
            for i in means.indices {
                let upper = Self.cdf((Double(x) + 0.5 - means[i]) / deviations[i]), lower = Self.cdf((Double(x) - 0.5 - means[i]) / deviations[i])
                mass += (upper - lower) / max(normalisers[i], 1e-300)
            }
            return max(mass / (Double(means.count) + priorWeight), 1e-300)
        }

        func sample(using rng: inout SeededRandomNumberGenerator) -> Int {
            let pick = Double.random(in: 0..<(Double(means.count) + priorWeight), using: &rng)
            guard pick < Double(means.count) else { return Int.random(in: 0..<count, using: &rng) }
            let i = Int(pick)   // checked: pick < means.count
            for _ in 0..<32 {
                // Box–Muller.
                let u = Double.random(in: Double.ulpOfOne..<1, using: &rng), v = Double.random(in: 0..<1, using: &rng)
                let x = (means[i] + deviations[i] * (-2 * log(u)).squareRoot() * cos(2 * .pi * v)).rounded()
                if x >= 0, x < Double(count) { return Int(x) }   // checked: in [0, count)
            }
            return Int(means[i])   // checked: a mean is an observed index
        }
    }
}
