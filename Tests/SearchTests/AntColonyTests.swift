import Testing

@testable import Search

/// ArchGym's ACO (DeepSwarm's ant colony system): the pheromone updates by hand, and the
/// search on a small landscape.
@Suite struct AntColonyTests {
    static let space = SearchSpace([Parameter.integers("a", 0...2), Parameter.integers("b", 0...2)])

    @Test func localAndGlobalUpdatesAsDeepSwarm() {
        var colony = AntColony(
            antCount: 2, greediness: 0.5, evaporation: 0.1, decay: 0.1, startPheromone: 0.1)
        var rng = SeededRandomNumberGenerator(seed: 1)
        _ = colony.ask(Self.space, using: &rng)
        colony.tell([0, 0], score: 10)  // the first ant: the scale, no update
        #expect(colony.pheromone == [[0.1, 0.1, 0.1], [0.1, 0.1, 0.1]])
        colony.tell([1, 2], score: 5)  // local update: back towards τ₀ (no change from τ₀)
        #expect(colony.pheromone == [[0.1, 0.1, 0.1], [0.1, 0.1, 0.1]])
        // the colony's second ant: then the global update of the best, [1, 2]
        colony.tell([2, 2], score: 20)
        // Δ = τ₀ / (5 / 10) = 0.2: τ = 0.9 · 0.1 + 0.1 · 0.2 = 0.11 on a = 1 and b = 2.
        #expect(
            abs(colony.pheromone[0][1] - 0.11) < 1e-12 && abs(colony.pheromone[1][2] - 0.11) < 1e-12
        )
        #expect(colony.pheromone[0][0] == 0.1 && colony.pheromone[0][2] == 0.1)
        // A greedy ant (greediness 1) takes the most pheromone everywhere.
        colony.greediness = 1
        #expect(colony.ask(Self.space, using: &rng) == [1, 2])
    }

    @Test func aMaximisedMetricReinforcesByImprovement() {
        // Scores ≤ 0: Δ = τ₀ · (1 + (first − best)/|first|) = 0.1 · (1 + 0.5) = 0.15.
        var colony = AntColony(antCount: 1)
        var rng = SeededRandomNumberGenerator(seed: 2)
        _ = colony.ask(Self.space, using: &rng)
        colony.tell([0, 0], score: -0.6)
        colony.tell([2, 1], score: -0.9)
        #expect(abs(colony.pheromone[0][2] - (0.9 * (0.9 * 0.1 + 0.1 * 0.1) + 0.1 * 0.15)) < 1e-12)
    }

    @Test func findsTheOptimumOfABowlAndRepeatsItself() {
        let space = SearchSpace((0..<4).map { Parameter.integers("p\($0)", 0...7) })
        let target = [5, 1, 6, 2]
        func run(_ seed: UInt64) -> SearchResult {
            SearchDriver.run(
                AntColony(), space: space, objective: SearchObjective(.minimize("f")), budget: 400,
                seed: seed
            ) { c in
                var distance = 0
                for (x, t) in zip(c, target) { distance += (x - t) * (x - t) }
                return ["f": 1 + Double(distance)]
            }
        }
        let reached = (1...5).filter { run($0).bestScore == 1 }.count
        #expect(
            reached >= 4,
            "\(reached) of 5 seeds found the optimum of 4,096 configurations within 400 evaluations"
        )
        #expect(run(3).trace.map(\.best) == run(3).trace.map(\.best))
    }
}
