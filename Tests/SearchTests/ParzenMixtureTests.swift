import Foundation
import Testing

@testable import Search

/// The multivariate TPE's density against Optuna 5.1's own `_ParzenEstimator` (default
/// parameters: prior weight 1, magic clip, consider_endpoints=False, default_weights) on the
/// same observations, computed as
///
///     space = {"a": IntDistribution(0, 99), "b": IntDistribution(0, 49),
///              "c": CategoricalDistribution([0, 1, 2])}
///     _ParzenEstimator(observations, space, parameters).log_pdf(points)
///
/// The observations' ordinal values are distinct: with equal values, which kernel gets which
/// bandwidth follows numpy's (unstable) argsort, which matters once older observations weigh
/// less (more than 25).
@Suite struct ParzenMixtureTests {
    static let space = SearchSpace([
        Parameter.integers("a", 0...99), Parameter.integers("b", 0...49),
        Parameter("c", values: ["0", "1", "2"], kind: .categorical),
    ])
    static let points: [Configuration] = [[0, 0, 0], [37, 49, 1], [99, 20, 2], [52, 11, 1]]
    /// Observations (in evaluation order) and Optuna's log densities at `points`.
    static let references: [([[Int]], [Double])] = [
        (
            [],
            [-9.776428189773716, -9.661729145603648, -9.66043205638564, -9.57063199473005]
        ),
        (
            [[55, 6, 1]],
            [-10.026433491343997, -9.466101059846851, -9.903777213655536, -9.091881760166293]
        ),
        (
            [[89, 45, 2], [47, 40, 0], [83, 26, 1]],
            [-11.10260965678132, -10.06764834575799, -10.007364543788714, -9.805317378429551]
        ),
        (
            [
                [25, 12, 1], [20, 31, 0], [56, 13, 1], [14, 29, 0], [93, 14, 1], [8, 15, 1],
                [58, 49, 1], [28, 3, 0], [76, 32, 1], [62, 35, 1], [72, 19, 2], [53, 38, 2],
                [35, 42, 0], [79, 44, 0], [78, 16, 2], [64, 21, 2], [22, 39, 0], [23, 2, 0],
                [31, 36, 2], [77, 27, 0], [49, 8, 1], [40, 41, 1], [39, 40, 2], [27, 9, 1],
                [19, 11, 1], [84, 28, 1], [94, 26, 0], [2, 18, 2], [89, 43, 1], [85, 25, 2],
            ],
            [-13.129251785915512, -13.013223360282359, -12.544167734051415, -8.478722439176334]
        ),
    ]

    @Test func logDensitiesAreOptunas() {
        for (observations, expected) in Self.references {
            let mixture = ParzenMixture(
                space: Self.space, observations: observations, priorWeight: 1)
            let got = mixture.logDensities(Self.points)
            for (g, e) in zip(got, expected) {
                #expect(
                    abs(g - e) < 1e-9,
                    "\(observations.count) observations: \(got) against Optuna's \(expected)")
            }
        }
    }

    @Test func samplesFollowTheDensity() {
        // Frequencies of 20,000 draws against exp(log density), summed over b and c, on a
        // small space with repeated values and a conditional parameter.
        let space = SearchSpace([
            Parameter.integers("a", 0...9),
            Parameter("c", values: ["x", "y", "z"], kind: .categorical),
            Parameter(
                "b", values: ["0", "1", "2", "3", "4"], kind: .ordinal,
                condition: (parameter: "c", values: ["y"])),
        ])
        let observations: [Configuration] = [
            [8, 0, 0], [4, 1, 3], [7, 1, 0], [4, 2, 0], [1, 1, 4],
        ]
        let mixture = ParzenMixture(space: space, observations: observations, priorWeight: 1)
        var rng = SeededRandomNumberGenerator(seed: 11)
        var counts = Array(repeating: 0, count: 10)
        for _ in 0..<20_000 { counts[mixture.sample(using: &rng)[0]] += 1 }
        var all: [Configuration] = []
        for a in 0..<10 { for c in 0..<3 { for b in 0..<5 { all.append([a, c, b]) } } }
        let densities = mixture.logDensities(all).map { exp($0) }
        #expect(abs(densities.reduce(0, +) - 1) < 1e-9)
        for a in 0..<10 {
            let p = densities[(a * 15)..<(a * 15 + 15)].reduce(0, +)
            #expect(
                abs(Double(counts[a]) / 20_000 - p) < 0.01, "a = \(a): \(counts[a]) draws, p = \(p)"
            )
        }
    }

    @Test func anInactiveParameterTakesThePriorsKernel() {
        // b is active only where c = y: the observation with c = x says nothing about b.
        let space = SearchSpace([
            Parameter("c", values: ["x", "y"], kind: .categorical),
            Parameter(
                "b", values: ["0", "1", "2", "3", "4"], kind: .ordinal,
                condition: (parameter: "c", values: ["y"])),
        ])
        let withInactive = ParzenMixture(
            space: space, observations: [[1, 4], [0, 0]], priorWeight: 1)
        let priorOnly = ParzenMixture(space: space, observations: [], priorWeight: 1)
        let alone = ParzenMixture(space: space, observations: [[1, 4]], priorWeight: 1)
        // The b marginal of the second kernel is the prior's: p(b | c = x) is the mixture of the
        // prior and the prior, whatever b the observation carried.
        let a = withInactive.logDensities([[0, 0], [0, 2]])
        let b = priorOnly.logDensities([[0, 0], [0, 2]])
        #expect(abs((a[0] - a[1]) - (b[0] - b[1])) < 0.2)
        #expect(alone.logDensities([[1, 4]])[0] > priorOnly.logDensities([[1, 4]])[0])
    }

    @Test func equalValuesShareOptunasBandwidthsInAnOrderOfTheirOwn() {
        // [3, 3, 3, 5] on 10 positions: ends −½ and 9½; gaps 0 (outer rule), 0, 2 and 2 (outer
        // rule), clipped to [10/min(100, 6), 10] — whichever 3 gets which.
        let deviations = ParzenMixture.bandwidths([3, 3, 3, 5], count: 10)
        #expect(deviations.sorted() == [10 / 6, 10 / 6, 2, 2])
        #expect(deviations[3] == 2)
        // The order among equal values differs from parameter to parameter.
        // Six 4s between a 1 and an 8: one 4 gets the gap 3 to its left, one the gap 4 to its
        // right, the others the clip.
        let values = [1] + Array(repeating: 4, count: 6) + [8]
        let orders = (0..<4).map { ParzenMixture.bandwidths(values, count: 10, salt: $0) }
        for deviations in orders { #expect(deviations.sorted() == [1, 1, 1, 1, 3, 3, 4, 4]) }
        #expect(Set(orders).count > 1)
    }

    @Test func gaussMassIsAccurateInTheTails() {
        // log Q(40) = −804.6084420137539 (scipy.special.log_ndtr(−40)).
        #expect(abs(ParzenMixture.logGaussMass(40, .infinity) - (-804.6084420137539)) < 1e-6)
        #expect(abs(ParzenMixture.logGaussMass(-0.5, 0.5) - log(0.38292492254802624)) < 1e-12)
        #expect(
            ParzenMixture.logGaussMass(-.infinity, -40) == ParzenMixture.logGaussMass(40, .infinity)
        )
    }
}
