import CostModels
import Foundation
import LinearModel
import Problems
import Search

let memoryControllerFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../../problems/memory-controller").standardized
let archGymTraceNames = ["stream", "random", "cloud-1", "cloud-2"]

/// The DRAM model's speed: every configuration of the multi-agent space (442,368) evaluated,
/// first with the trace characterisation being built (cold), then with it cached (warm); then
/// every configuration of ArchGym's GA/BO space (28,311,552), warm (target ≥ 3 M/s).
func runDRAMModelBenchmark() throws {
    print(
        """
        DRAM controller model: every configuration of the marl space (442,368) and of the \
        archgym space (28,311,552), per trace
        """
    )
    let marl = MemoryControllerDesignSpace.marl
    let archGym = MemoryControllerDesignSpace.archGym
    let all = (0..<marl.size).map { marl.configuration(index: $0) }
    for name in archGymTraceNames {
        let trace = try DRAMTrace.readSTL(
            path: memoryControllerFolder.appendingPathComponent("traces/\(name).stl").path)
        let model = DRAMControllerModel(trace: trace)
        var checksum = 0.0
        let (_, cold) = time { for c in all { checksum += model.evaluate(c).totalCycles } }
        var best = Double.infinity
        let (_, warm) = time {
            for c in all { best = min(best, model.evaluate(c).totalMicroseconds) }
        }
        print(
            String(
                format:
                    """
                      %-8@ marl: cold %.3f s (%d schedules characterised), warm %.3f s = %.2f \
                    M evaluations/s; best total time %.3f µs
                    """,
                name, cold, model.profile.cachedScheduleCount, warm, Double(all.count) / warm / 1e6,
                best))
        // ArchGym's space in odometer order (no per-configuration decoding), knob 0 fastest.
        var configuration = MemoryControllerConfiguration.archGymDefault
        var bestArchGym = Double.infinity
        let (_, seconds) = time {
            func visit(_ knob: Int) {
                if knob < 0 {
                    bestArchGym = min(bestArchGym, model.evaluate(configuration).totalMicroseconds)
                    return
                }
                for code in archGym.codes[knob] {
                    configuration.set(knobIndex: knob, code: code)
                    visit(knob - 1)
                }
            }
            visit(9)
        }
        print(
            String(
                format:
                    """
                      %-8@ archgym: %.2f s = %.2f M evaluations/s (%d schedules \
                    characterised); best total time %.3f µs
                    """,
                name, seconds, Double(archGym.size) / seconds / 1e6,
                model.profile.cachedScheduleCount, bestArchGym))
        _ = checksum
    }
}

/// The engine table: for each trace and objective, the evaluations each engine needs to come
/// within 1 % of the exhaustive optimum, and to reach it exactly (median over `seeds` seeds; `>B`
/// when the median run did not get there within the budget B).
func runMemoryControllerEngineTable() throws {
    let seeds = arguments.firstIndex(of: "--seeds").flatMap { Int(arguments[$0 + 1]) } ?? 10
    let budget = arguments.firstIndex(of: "--budget").flatMap { Int(arguments[$0 + 1]) } ?? 2000
    let fullSpace = arguments.contains("--full-space")
    let designSpace = arguments.firstIndex(of: "--space").map { arguments[$0 + 1] } ?? "archgym"
    let engines: [(String, String)] = [
        ("random", "random"), ("genetic", "genetic"), ("eps-greedy", "epsilon-greedy"),
        ("ucb1", "ucb1"), ("thompson", "thompson"),
        ("exp3", "exp3"), ("ucb1+reset", "{name: ucb1, arm_reset: 20}"), ("marl", "marl"),
        ("marl-ppo", "{name: marl, update: ppo}"),
        ("marl-diff", "{name: marl, credit: difference}"), ("sarl", "single-agent-rl"),
    ]
    print(
        """
        Evaluations to come within 1 % of the exhaustive optimum / to reach it exactly (median \
        of \(seeds) seeds, budget \(budget), 
        """
            + "\(designSpace) space, " + (fullSpace ? "uncollapsed" : "collapsed") + ")")
    print(
        "trace     objective  optimum   "
            + engines.map { $0.0.padding(toLength: 12, withPad: " ", startingAt: 0) }.joined())
    var wins: [String: Int] = [:]
    var exactWins: [String: Int] = [:]
    for name in archGymTraceNames {
        for objective in ["latency", "power"] {
            func problem(_ engine: String, seed: Int, exhaustive: Bool) throws
                -> MemoryControllerProblem
            {
                let yaml = """
                    family: memory-controller
                    trace: traces/\(name).stl
                    objective: \(objective)
                    engine: \(engine)
                    budget: \(budget)
                    seed: \(seed)
                    collapse: \(!fullSpace)
                    exhaustive: \(exhaustive)
                    space: \(designSpace)
                    """
                let root = try ProblemFile.root(
                    text: yaml,
                    file: memoryControllerFolder.appendingPathComponent("bench.yaml").path)
                return try ProblemFile.load(root: root) as! MemoryControllerProblem
            }
            let reference = try problem("random", seed: 0, exhaustive: false)
            let (optimum, exhaustiveSeconds) = time {
                reference.exhaustiveOptimum(space: reference.space)
            }
            var row =
                name.padding(toLength: 10, withPad: " ", startingAt: 0)
                + objective.padding(toLength: 11, withPad: " ", startingAt: 0)
                + JSONValue.format((optimum.score * 1000).rounded() / 1000).padding(
                    toLength: 10, withPad: " ", startingAt: 0)
            var medians: [(String, Double)] = []
            var exactMedians: [(String, Double)] = []
            for (label, engine) in engines {
                var needed: [Double] = []
                var exact: [Double] = []
                for seed in 1...seeds {
                    // Drive the search here so a run can stop once it reaches the optimum.
                    let p = try problem(engine, seed: seed, exhaustive: false)
                    let space = reference.space
                    let model = reference.model  // shares the cached trace characterisation
                    var reached = false
                    let result = SearchDriver.run(
                        p.engine.makeEngine(horizon: budget), space: space.space,
                        objective: p.objective,
                        budget: budget, seed: p.seed, shouldStop: { reached },
                        evaluate: { choices in
                            let metrics = Dictionary(
                                uniqueKeysWithValues: model.evaluate(space.configuration(choices))
                                    .named
                            )
                            if p.objective.score(metrics) <= optimum.score { reached = true }
                            return metrics
                        })
                    let threshold = optimum.score + 0.01 * abs(optimum.score)
                    needed.append(
                        result.trace.first { $0.best <= threshold }.map { Double($0.evaluation) }
                            ?? .infinity)
                    exact.append(
                        result.trace.first { $0.best <= optimum.score }.map {
                            Double($0.evaluation)
                        } ?? .infinity)
                }
                let m = median(needed)
                let e = median(exact)
                medians.append((label, m))
                exactMedians.append((label, e))
                let cell =
                    (m.isFinite ? String(Int(m)) : ">\(budget)") + "/"
                    + (e.isFinite ? String(Int(e)) : ">\(budget)")
                row += cell.padding(toLength: 12, withPad: " ", startingAt: 0)
            }
            if let best = medians.min(by: { $0.1 < $1.1 }), best.1.isFinite {
                wins[best.0, default: 0] += 1
            }
            if let best = exactMedians.min(by: { $0.1 < $1.1 }), best.1.isFinite {
                exactWins[best.0, default: 0] += 1
            }
            print(
                row
                    + String(
                        format: "(exhaustive %.2f s, %d configurations)", exhaustiveSeconds,
                        optimum.evaluations))
        }
    }
    print(
        "fewest evaluations to 1 % (ties to the first listed): "
            + wins.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map {
                "\($0.key) \($0.value)"
            }.joined(separator: ", "))
    print(
        "fewest evaluations to the optimum (ties to the first listed): "
            + exactWins.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map {
                "\($0.key) \($0.value)"
            }.joined(separator: ", "))
}
