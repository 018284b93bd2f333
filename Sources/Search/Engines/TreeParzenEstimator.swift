import Foundation

/// The Tree-structured Parzen Estimator (Bergstra et al., "Algorithms for Hyper-Parameter
/// Optimization", NeurIPS 2011), as Optuna's `TPESampler` runs it by default: after
/// `startupEvaluations` random configurations, the evaluated ones are split into the best
/// γ(n) = min(⌈0.1·n⌉, 25) and the rest, densities l (best) and g (rest) are estimated, and of
/// `candidates` configurations drawn from l the one with the largest l/g is taken.
///
/// Two estimators, as Optuna's `multivariate` switch:
/// - multivariate (the default, as Optuna's since version 5 for one objective): l and g are
///   mixtures of product kernels over whole configurations (`ParzenMixture`), so the
///   interactions between parameters are learnt;
/// - univariate (`multivariate: false`, Optuna's `multivariate=False`): one density per
///   parameter (`ParzenDensity`: a smoothed histogram for categorical parameters, a truncated
///   Gaussian Parzen window over value positions for ordinal and integer ones) and parameters
///   chosen independently.
///
/// Optuna proposes a configuration again when it scores best, and counts the repeat in its
/// model; DSEKit's driver counts distinct evaluations, so where the best candidate has been
/// evaluated already this engine takes the best one that has not (multivariate: the next
/// candidate by l/g, from fresh draws if all were seen; univariate: the best unseen
/// combination of the per-parameter candidates).
///
/// Constraints and failures: a configuration that breaks a constraint or fails scores +∞ and
/// is ranked below every feasible one, so it always lands in g — the model learns where the
/// infeasible region is and samples there less (learned feasibility). Conditional parameters
/// learn only from the evaluations where they were active.
///
/// The engine can be asked for several configurations before it is told their scores
/// (parallel evaluation): each ask draws its own candidates from the same model.
public struct TreeParzenEstimator: SearchEngine {
    /// `tpe`.
    public let name = "tpe"
    /// Random configurations before the model is used (Optuna's `n_startup_trials`).
    public var startupEvaluations: Int
    /// Candidates drawn from l per ask, ranked by l/g (Optuna's `n_ei_candidates`).
    public var candidates: Int
    /// The prior kernel's weight (Optuna's `prior_weight`).
    public var priorWeight: Double
    /// Whether l and g model whole configurations (Optuna 5's default) or each parameter alone.
    public var multivariate: Bool

    /// Evaluated configurations (canonical) and their scores, in the order told.
    var observations: [(configuration: Configuration, score: Double)] = []
    var seen: Set<Configuration> = []
    var asked = 0

    /// A TPE with Optuna's defaults.
    public init(
        startupEvaluations: Int = 10, candidates: Int = 24, priorWeight: Double = 1,
        multivariate: Bool = true
    ) {
        self.startupEvaluations = max(startupEvaluations, 1)
        self.candidates = max(candidates, 1)
        self.priorWeight = priorWeight
        self.multivariate = multivariate
    }

    /// True: several asks draw from one model before the scores come back.
    public var asksInBatches: Bool { true }

    /// A random configuration during start-up; then the candidate with the best l/g not yet seen.
    public mutating func ask(_ space: SearchSpace, using rng: inout SeededRandomNumberGenerator)
        -> Configuration?
    {
        asked += 1
        guard observations.count >= startupEvaluations, asked > startupEvaluations else {
            return fresh(space, &rng)
        }
        // Ranked by score (ties: the earlier evaluation first); each part back in evaluation order.
        let ranked = observations.indices.sorted {
            (observations[$0].score, $0) < (observations[$1].score, $1)
        }
        let feasible = ranked.prefix { observations[$0].score.isFinite }.count
        // checked: 0.1 × a count
        let below = min(min(Int((0.1 * Double(ranked.count)).rounded(.up)), 25), feasible)
        let good = ranked.prefix(below).sorted().map { observations[$0] }
        let bad = ranked.dropFirst(below).sorted().map { observations[$0] }
        return multivariate
            ? jointChoice(space, good, bad, &rng) : independentChoice(space, good, bad, &rng)
    }

    /// Multivariate TPE: candidates drawn from the joint l, the unseen one with the largest l/g.
    func jointChoice(
        _ space: SearchSpace, _ good: [(configuration: Configuration, score: Double)],
        _ bad: [(configuration: Configuration, score: Double)],
        _ rng: inout SeededRandomNumberGenerator
    ) -> Configuration {
        let l = ParzenMixture(
            space: space, observations: good.map(\.configuration), priorWeight: priorWeight)
        let g = ParzenMixture(
            space: space, observations: bad.map(\.configuration), priorWeight: priorWeight)
        for _ in 0..<8 {
            let drawn = (0..<candidates).map { _ in l.sample(using: &rng) }
            let scores = zip(l.logDensities(drawn), g.logDensities(drawn)).map { $0 - $1 }
            for i in drawn.indices.sorted(by: { (scores[$0], -$0) > (scores[$1], -$1) }) {
                let configuration = space.canonical(drawn[i])
                if !seen.contains(configuration) { return configuration }
            }
        }
        return fresh(space, &rng)
    }

    /// Univariate TPE: per parameter, its candidates' distinct values ranked by l/g.
    func independentChoice(
        _ space: SearchSpace, _ good: [(configuration: Configuration, score: Double)],
        _ bad: [(configuration: Configuration, score: Double)],
        _ rng: inout SeededRandomNumberGenerator
    ) -> Configuration {
        var ranking: [[(value: Int, score: Double)]] = []
        for (k, parameter) in space.parameters.enumerated() {
            guard parameter.values.count > 1 else {
                ranking.append([(0, 0)])
                continue
            }
            let l = density(for: k, of: space, from: good)
            let g = density(for: k, of: space, from: bad)
            var scores: [Int: Double] = [:]
            for _ in 0..<candidates {
                let x = l.sample(using: &rng)
                if scores[x] == nil { scores[x] = log(l.probability(x)) - log(g.probability(x)) }
            }
            ranking.append(
                scores.map { (value: $0.key, score: $0.value) }.sorted {
                    $0.score > $1.score || ($0.score == $1.score && $0.value < $1.value)
                })
        }
        return bestUnseen(ranking, space) ?? fresh(space, &rng)
    }

    /// The configuration of the best-ranked values (Optuna's choice) or, when it has been
    /// evaluated, the unseen combination of candidate values with the highest total l/g — a
    /// best-first walk over the rankings, at most 512 steps —, so that a converged model keeps
    /// proposing near its optimum instead of repeating it.
    func bestUnseen(_ ranking: [[(value: Int, score: Double)]], _ space: SearchSpace)
        -> Configuration?
    {
        func total(_ position: [Int]) -> Double {
            zip(ranking, position).map { candidates, k in candidates[k].score }.reduce(0, +)
        }
        var frontier: [(position: [Int], score: Double)] = [
            (Array(repeating: 0, count: ranking.count), 0)
        ]
        frontier[0].score = total(frontier[0].position)
        var visited: Set<[Int]> = [frontier[0].position]
        for _ in 0..<512 {
            guard let top = frontier.indices.max(by: { frontier[$0].score < frontier[$1].score })
            else { return nil }
            let (position, _) = frontier.remove(at: top)
            let configuration = space.canonical(
                zip(ranking, position).map { candidates, k in candidates[k].value })
            if !seen.contains(configuration) { return configuration }
            for k in ranking.indices where position[k] + 1 < ranking[k].count {
                var next = position
                next[k] += 1
                if visited.insert(next).inserted { frontier.append((next, total(next))) }
            }
        }
        return nil
    }

    /// Records the observation.
    public mutating func tell(_ configuration: Configuration, score: Double) {
        guard seen.insert(configuration).inserted else { return }
        observations.append((configuration, score))
    }

    /// A random configuration not evaluated yet (when one is found in 100 draws).
    func fresh(_ space: SearchSpace, _ rng: inout SeededRandomNumberGenerator) -> Configuration {
        var configuration = space.random(using: &rng)
        for _ in 0..<100 where seen.contains(configuration) {
            configuration = space.random(using: &rng)
        }
        return configuration
    }

    /// Parameter `k`'s values in the observations where it was active.
    func active(
        _ k: Int, _ space: SearchSpace,
        _ observations: [(configuration: Configuration, score: Double)]
    ) -> [Int] {
        observations.filter { space.isActive(k, in: $0.configuration) }.map { $0.configuration[k] }
    }

    func density(
        for k: Int, of space: SearchSpace,
        from observations: [(configuration: Configuration, score: Double)]
    ) -> ParzenDensity {
        let parameter = space.parameters[k]
        let values = active(k, space, observations)
        return parameter.kind == .categorical
            ? .categorical(
                ParzenDensity.Histogram(
                    count: parameter.values.count, observed: values, priorWeight: priorWeight))
            : .ordinal(
                ParzenDensity.Window(
                    count: parameter.values.count, observed: values, priorWeight: priorWeight))
    }
}
