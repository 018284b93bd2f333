import Foundation
import Search

/// Engine overhead per ask/tell on the memory-controller-sized space (10 parameters, 442,368
/// configurations) with a trivial evaluator, so the time is the engine's and the driver's own.
func runSearchOverheadBenchmark() {
    let counts = [4, 3, 3, 8, 2, 2, 4, 4, 3, 8]  // the ArchGym controller knobs' choice counts
    let space = SearchSpace(
        counts.enumerated().map { k, n in Parameter("p\(k)", values: (0..<n).map(String.init)) })
    let objective = SearchObjective(.minimize("f"))
    let only = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil
    let all: [any SearchEngine] = [
        RandomSearch(), GeneticAlgorithm(), FactoredBanditSearch(name: "ucb1") { UCB1(arms: $0) },
        FactoredBanditSearch(name: "thompson") { ThompsonSampling(arms: $0, model: .gaussian) },
        MultiAgentRL(), MultiAgentRL(update: .ppo(clip: 0.2, epochs: 4)), SingleAgentRL(),
    ]
    let engines = all.filter { only == nil || $0.name == only }
    print(
        """
        Search engine overhead per ask/tell (cache look-up included), space of \(space.size) \
        configurations, budget 20,000 evaluations
        """
    )
    for engine in engines {
        func go<E: SearchEngine>(_ e: E) -> (SearchResult, Double) {
            time {
                SearchDriver.run(e, space: space, objective: objective, budget: 20_000, seed: 1) {
                    c in
                    [
                        "f": Double(
                            c.enumerated().reduce(0) {
                                $0 + ($1.element - $1.offset % 3) * ($1.element - $1.offset % 3)
                            })
                    ]
                }
            }
        }
        let (result, seconds) = go(engine)
        print(
            "  " + result.engine.padding(toLength: 16, withPad: " ", startingAt: 0)
                + String(
                    format: "%7.2f µs per ask/tell (%d asks, %d distinct evaluations, best %.0f)",
                    seconds / Double(max(result.asks, 1)) * 1e6, result.asks, result.evaluations,
                    result.bestScore))
    }
}
