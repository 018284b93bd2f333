import Search
import Testing

@Suite struct EngineTests {
    static let space = SearchSpace([
        Parameter("a", values: ["0", "1", "2", "3"], kind: .ordinal),
        Parameter("b", values: ["x", "y", "z"]),
        Parameter.integers("c", 0...4),
    ])

    /// A bowl with its unique minimum at (2, 1, 3).
    static func metrics(_ c: Configuration) -> Metrics {
        let value =
            Double((c[0] - 2) * (c[0] - 2)) + 2 * Double((c[1] - 1) * (c[1] - 1))
            + Double((c[2] - 3) * (c[2] - 3)) + 0.01 * Double(c[2])
        return ["cost": value, "size": Double(c[0] + c[2])]
    }

    static let objective = SearchObjective(.minimize("cost"))

    static func engines() -> [any SearchEngine] {
        [
            ExhaustiveSearch(), RandomSearch(), GeneticAlgorithm(populationSize: 8),
            FactoredBanditSearch(name: "ucb1") { UCB1(arms: $0) },
            FactoredBanditSearch(name: "thompson") { ThompsonSampling(arms: $0, model: .gaussian) },
            FactoredBanditSearch(name: "mabfuzz") { ArmResetting(UCB1(arms: $0), patience: 5) },
            MultiAgentRL(), MultiAgentRL(update: .ppo(clip: 0.2, epochs: 4)),
            MultiAgentRL(credit: .difference), SingleAgentRL(),
        ]
    }

    static func run(_ engine: any SearchEngine, budget: Int, seed: UInt64) -> SearchResult {
        func go<E: SearchEngine>(_ e: E) -> SearchResult {
            SearchDriver.run(e, space: space, objective: objective, budget: budget, seed: seed) {
                metrics($0)
            }
        }
        return go(engine)
    }

    @Test func canonicalSizeCountsWhatEnumerationVisits() {
        let spaces = [
            SearchSpace([
                Parameter("a", values: ["x", "y", "z"]),
                Parameter("b", values: ["1", "2"], condition: (parameter: "a", values: ["y"])),
                Parameter(
                    "c", values: ["p", "q", "r", "s"],
                    condition: (parameter: "a", values: ["x", "y"])),
                Parameter("d", values: ["u", "v"]),
                Parameter(
                    "e", values: ["1", "2", "3"], condition: (parameter: "d", values: ["v"])),
                Parameter(
                    "f", values: ["1", "2"], condition: (parameter: "nowhere", values: ["1"])),
            ]),
            SearchSpace([Parameter("a", values: ["x", "y"])]),
        ]
        for space in spaces {
            var visited = 0
            space.forEachCanonicalConfiguration { _ in visited += 1 }
            #expect(space.canonicalSize == visited)
        }
        // a: x → 4 (c), y → 2 · 4, z → 1; d: u → 1, v → 3; f unconditional: 2.
        #expect(spaces[0].canonicalSize == (4 + 8 + 1) * (1 + 3) * 2)
    }

    @Test func everyEngineFindsTheExhaustiveOptimum() {
        let truth = Self.run(ExhaustiveSearch(), budget: 1000, seed: 0)
        #expect(truth.evaluations == 60)
        #expect(truth.bestConfiguration == [2, 1, 3])
        for engine in Self.engines() {
            let result = Self.run(engine, budget: 60, seed: 7)
            #expect(
                result.bestConfiguration == truth.bestConfiguration,
                "\(engine.name) found \(result.bestConfiguration ?? [])")
            #expect(result.evaluations <= 60)
        }
    }

    /// Per-parameter bandits share one reward; with first-arm tie-breaking they used to choose the
    /// same index in every parameter, so the first proposals were the "diagonal" of the space.
    /// (A deterministic index policy still couples parameters with equal reward histories: on 18
    /// two-valued parameters UCB1 alternates between its first two configurations, which the cache
    /// answers, and stops; Thompson sampling's random draws keep exploring. See problems/nasaic.)
    @Test func factoredBanditsDoNotMoveInLockstep() {
        let space = SearchSpace(
            (0..<18).map { Parameter("p\($0)", values: ["a", "b"], kind: .ordinal) })
        var engine = FactoredBanditSearch(name: "ucb1") { UCB1(arms: $0) }
        var rng = SeededRandomNumberGenerator(seed: 3)
        let first = engine.ask(space, using: &rng)!
        #expect(
            Set(first).count == 2, "the first proposal should mix arms across parameters: \(first)")
        var distinct = Set<Configuration>()
        let result = SearchDriver.run(
            FactoredBanditSearch(name: "thompson") { ThompsonSampling(arms: $0, model: .gaussian) },
            space: space,
            objective: SearchObjective(.minimize("x")), budget: 50, seed: 3
        ) { c in
            distinct.insert(c)
            return [
                "x": Double(
                    c.enumerated().reduce(0) {
                        $0 + ($1.offset.isMultiple(of: 2) ? $1.element : 1 - $1.element)
                    })
            ]
        }
        #expect(result.evaluations == 50)
        #expect(distinct.count == 50)
    }

    @Test func theSameSeedGivesTheSameTraceBitForBit() {
        for engine in Self.engines() {
            let a = Self.run(engine, budget: 25, seed: 11)
            let b = Self.run(engine, budget: 25, seed: 11)
            #expect(a.trace.map(\.best) == b.trace.map(\.best), "\(engine.name)")
            #expect(a.bestConfiguration == b.bestConfiguration)
            #expect(a.trace.map(\.evaluation) == Array(1...a.evaluations))
            // The best-so-far never gets worse.
            #expect(zip(a.trace, a.trace.dropFirst()).allSatisfy { $1.best <= $0.best })
        }
    }

    @Test func noConfigurationIsEvaluatedTwice() {
        var seen: [Configuration] = []
        _ = SearchDriver.run(
            RandomSearch(), space: Self.space, objective: Self.objective, budget: 60, seed: 1
        ) { c in
            seen.append(c)
            return Self.metrics(c)
        }
        #expect(seen.count == Set(seen).count)
        #expect(seen.count == 60)
    }

    @Test func conditionalParametersCollapse() {
        // "width" only matters when mode is "wide": 2 + 3 = 5 distinct configurations, not 6.
        let space = SearchSpace([
            Parameter("mode", values: ["narrow", "wide"]),
            Parameter(
                "width", values: ["1", "2", "3"], condition: (parameter: "mode", values: ["wide"])),
        ])
        let result = SearchDriver.run(
            ExhaustiveSearch(), space: space, objective: SearchObjective(.minimize("w")),
            budget: 100, seed: 0
        ) { c in
            ["w": Double(c[0] * 10 + c[1])]
        }
        #expect(result.evaluations == 4, "narrow once (width irrelevant) + wide × 3")
        #expect(space.canonical([0, 2]) == [0, 0])
        #expect(space.canonical([1, 2]) == [1, 2])
    }

    @Test func objectivesAndConstraints() {
        let m: Metrics = ["latency": 10, "power": 2]
        #expect(SearchObjective(.minimize("latency")).score(m) == 10)
        #expect(SearchObjective(.maximize("power")).score(m) == -2)
        // Reported in the objective's own terms: the metric's value, not the score.
        #expect(SearchObjective(.maximize("power")).reported(-2) == 2)
        #expect(SearchObjective(.minimize("latency")).reported(10) == 10)
        #expect(SearchObjective(.target("power", 1.5)).reported(0.5) == 0.5)
        #expect(SearchObjective(.target("power", 1.5)).score(m) == 0.5)
        #expect(SearchObjective(.weighted([("latency", 1), ("power", 3)])).score(m) == 16)
        #expect(
            SearchObjective(.minimize("latency"), constraints: [.init("power", atMost: 1)]).score(m)
                == .infinity)
        #expect(
            SearchObjective(.minimize("latency"), constraints: [.init("power", atLeast: 1)]).score(
                m) == 10)
        // A constrained search never reports an infeasible best.
        let constrained = SearchObjective(
            .minimize("cost"), constraints: [.init("size", atMost: 3)])
        let result = SearchDriver.run(
            ExhaustiveSearch(), space: Self.space, objective: constrained, budget: 100, seed: 0
        ) { Self.metrics($0) }
        #expect((result.bestMetrics?["size"] ?? 99) <= 3)
    }

    @Test func paretoArchiveAndHypervolume() {
        var archive = ParetoArchive()
        let kept = [
            archive.insert([0], [1, 3]), archive.insert([1], [3, 1]), archive.insert([2], [2, 2]),
        ]
        #expect(kept == [true, true, true])
        let dominated = archive.insert([3], [2.5, 2.5])
        #expect(!dominated, "dominated by (2, 2)")
        let dominating = archive.insert([4], [1.5, 1.5])
        #expect(dominating, "dominates (2, 2)")
        #expect(archive.entries.count == 3)
        // (1,3), (1.5,1.5), (3,1) against (4,4): 3·1 + 2.5·1.5 + 1·0.5 = 7.25.
        #expect(abs(archive.hypervolume(reference: [4, 4]) - 7.25) < 1e-12)
        var cube = ParetoArchive()
        cube.insert([0], [0, 0, 1])
        cube.insert([1], [1, 1, 0])
        // Boxes [0,2]²×[1,2] (4) and [1,2]²×[0,2] (2) overlap in [1,2]³ (1): 5.
        #expect(abs(cube.hypervolume(reference: [2, 2, 2]) - 5) < 1e-12)
        // A Pareto search keeps only non-dominated points.
        let pareto = SearchDriver.run(
            ExhaustiveSearch(), space: Self.space,
            objective: SearchObjective(.pareto(["cost", "size"])), budget: 100, seed: 0
        ) { Self.metrics($0) }
        let points = pareto.archive.entries.map(\.objectives)
        #expect(!points.isEmpty)
        #expect(!points.contains { p in points.contains { ParetoArchive.dominates($0, p) } })
    }

    @Test func singleAgentDecodingReachesEveryValue() {
        for n in [1, 2, 3, 7, 12] {
            let reached = Set(
                stride(from: 0.0, through: 1.0, by: 0.001).map {
                    SingleAgentRL.decode($0, count: n)
                })
            #expect(reached == Set(0..<n))
        }
    }

    @Test func differenceRewardsAskForEachAgentsCounterfactual() {
        // After a sampled configuration z, the engine asks for z with one agent's value changed,
        // once per agent (three agents here), then samples again.
        var asked: [Configuration] = []
        _ = SearchDriver.run(
            MultiAgentRL(batchSize: 1, credit: .difference), space: Self.space,
            objective: Self.objective,
            budget: 8, seed: 3
        ) { c in
            asked.append(c)
            return Self.metrics(c)
        }
        #expect(asked.count == 8)
        let base = asked[0]
        for (agent, counterfactual) in asked[1...3].enumerated() {
            #expect(counterfactual[agent] != base[agent])
            #expect(
                counterfactual.indices.allSatisfy { $0 == agent || counterfactual[$0] == base[$0] })
        }
    }

    @Test func differenceRewardsCreditTheAgentThatMatters() {
        // Only agent "a" changes the cost: its policy must concentrate on the best value, while
        // the others' stay near uniform — shared rewards would move them all.
        let space = SearchSpace([
            Parameter("a", values: ["0", "1", "2", "3"]),
            Parameter("b", values: ["0", "1", "2", "3"]),
        ])
        var engine = MultiAgentRL(learningRate: 0.5, batchSize: 4, credit: .difference)
        var rng = SeededRandomNumberGenerator(seed: 5)
        for _ in 0..<600 {
            guard let c = engine.ask(space, using: &rng) else { break }
            engine.tell(c, score: Double(abs(c[0] - 2)))
        }
        let a = engine.policies[0]
        let b = engine.policies[1]
        #expect(a[2] > 0.8)
        #expect(b.allSatisfy { $0 < 0.4 })
    }

    @Test func anEvaluatorDrivesASearchLikeAClosure() throws {
        let evaluator = ClosureEvaluator { Self.metrics($0) }
        let viaEvaluator = try SearchDriver.run(
            UCB1Search(), space: Self.space, objective: Self.objective, budget: 30, seed: 2,
            evaluator: evaluator)
        let viaClosure = SearchDriver.run(
            UCB1Search(), space: Self.space, objective: Self.objective, budget: 30, seed: 2
        ) { Self.metrics($0) }
        #expect(viaEvaluator.trace.map(\.best) == viaClosure.trace.map(\.best))
        #expect(
            try evaluator.evaluate(batch: [[0, 0, 0], [2, 1, 3]]) == [
                Self.metrics([0, 0, 0]), Self.metrics([2, 1, 3]),
            ])
        var calls = 0
        let stopped = SearchDriver.run(
            RandomSearch(), space: Self.space, objective: Self.objective, budget: 60, seed: 2,
            shouldStop: {
                calls += 1
                return calls > 1
            },
            evaluate: { Self.metrics($0) })
        #expect(stopped.evaluations < 60)
    }
}

private func UCB1Search() -> FactoredBanditSearch {
    FactoredBanditSearch(name: "ucb1") { UCB1(arms: $0) }
}
