import Foundation

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
                let left = sorted[i] - (i > 0 ? sorted[i - 1] : 0)
                let right = (i + 1 < sorted.count ? sorted[i + 1] : span) - sorted[i]
                return min(max(max(left, right), low), span)
            }
            normalisers = zip(sorted, deviations).map { mean, deviation in
                Self.cdf((Double(count) - 0.5 - mean) / deviation)
                    - Self.cdf((-0.5 - mean) / deviation)
            }
        }

        static func cdf(_ z: Double) -> Double { 0.5 * (1 + erf(z / 2.0.squareRoot())) }

        func probability(_ x: Int) -> Double {
            var mass = priorWeight / Double(count)
            for i in means.indices {
                let upper = Self.cdf((Double(x) + 0.5 - means[i]) / deviations[i])
                let lower = Self.cdf((Double(x) - 0.5 - means[i]) / deviations[i])
                mass += (upper - lower) / max(normalisers[i], 1e-300)
            }
            return max(mass / (Double(means.count) + priorWeight), 1e-300)
        }

        func sample(using rng: inout SeededRandomNumberGenerator) -> Int {
            let pick = Double.random(in: 0..<(Double(means.count) + priorWeight), using: &rng)
            guard pick < Double(means.count) else { return Int.random(in: 0..<count, using: &rng) }
            let i = Int(pick)  // checked: pick < means.count
            for _ in 0..<32 {
                // Box–Muller.
                let u = Double.random(in: Double.ulpOfOne..<1, using: &rng)
                let v = Double.random(in: 0..<1, using: &rng)
                let x = (means[i] + deviations[i] * (-2 * log(u)).squareRoot() * cos(2 * .pi * v))
                    .rounded()
                if x >= 0, x < Double(count) { return Int(x) }  // checked: in [0, count)
            }
            return Int(means[i])  // checked: a mean is an observed index
        }
    }
}
