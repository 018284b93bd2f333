import DSEKit
import Testing

/// The README's Search example, verbatim.
@Suite struct ReadmeSearchExampleTests {
    @Test func exampleFindsTheOptimumAsDocumented() {
        let space = SearchSpace([
            Parameter("policy", values: ["Open", "Closed"]), .integers("queue", 1...8),
        ])
        let result = SearchDriver.run(
            MultiAgentRL(), space: space, objective: SearchObjective(.minimize("latency")),
            budget: 16, seed: 1
        ) { configuration in
            // Any evaluator: configuration in (value indices), metrics out.
            ["latency": Double(abs(configuration[1] - 5)) + (configuration[0] == 0 ? 0 : 3)]
        }
        #expect(
            space.describe(result.bestConfiguration ?? []).map { "\($0.0)=\($0.1)" } == [
                "policy=Open", "queue=6",
            ])
        #expect(result.bestScore == 0)
    }
}
