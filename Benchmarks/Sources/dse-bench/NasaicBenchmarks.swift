import CostModels
import Foundation
import LinearModel
import Problems
import Search

let nasaicFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../../problems/nasaic").standardized

/// The dataflow cost model's speed on every layer of the W1 workload's largest networks and every
/// hardware option of its accelerator space (target: ≤ 5 µs per layer evaluation), two ways:
/// each (layer, option) evaluated from scratch (MAESTRO's analysis of the mapping, then its
/// timing), and NASAIC's cost tables (one analysis per layer, template and PE count, timed per
/// NoC bandwidth). Best and median of 7 repetitions; the machine's timing noise is large.
func runDataflowBenchmark() throws {
    let problem = try require(
        try ProblemFile.load(
            nasaicFolder.appendingPathComponent("w1-classification-segmentation.yaml").path)
            as? NasaicProblem)
    let largest = problem.tasks.map { task in
        task.network(
            ArraySlice(
                task.stages.flatMap {
                    [$0.channels.count - 1, $0.kernels.count - 1, $0.repeats.count - 1]
                }))
    }
    let layers = largest.flatMap(\.layers)
    let options = problem.hardware.options
    let hardware = options.map { (option: $0, hardware: problem.hardware.hardware($0)) }
    var checksum = 0
    let rounds = 5
    let evaluations = rounds * layers.count * hardware.count
    var scratch: [Double] = []
    var tables: [Double] = []
    for _ in 0..<7 {
        let (_, seconds) = try time {
            for _ in 0..<rounds {
                for (option, h) in hardware {
                    for layer in layers {
                        checksum &+= try DataflowCostModel.evaluate(
                            layer, template: option.template, hardware: h
                        ).runtimeCycles
                    }
                }
            }
        }
        scratch.append(seconds / Double(evaluations) * 1e6)
        let (_, tableSeconds) = try time {
            for _ in 0..<rounds {
                for network in largest {
                    checksum &+= Int(
                        try NasaicTaskCosts(network: network, space: problem.hardware).latencyCycles
                            .reduce(0, +))
                }
            }
        }
        tables.append(tableSeconds / Double(evaluations) * 1e6)
    }
    print(
        String(
            format: "dataflow cost model (MAESTRO's analysis), %d layers × %d options:",
            layers.count, options.count))
    print(
        String(
            format:
                """
                  each evaluation from scratch:   best %.2f µs, median %.2f µs per (layer, \
                option)
                """,
            scratch.min() ?? .nan, median(scratch)))
    print(
        String(
            format:
                """
                  NASAIC's cost tables:           best %.2f µs, median %.2f µs per (layer, \
                option)   (checksum %d)
                """,
            tables.min() ?? .nan, median(tables), checksum))
    for template in DataflowTemplate.allCases {
        let h = DataflowHardware(processingElements: 256, nocBandwidth: 64)
        var best = Double.infinity
        for _ in 0..<7 {
            let (_, s) = try time {
                for _ in 0..<20 {
                    for layer in layers {
                        checksum &+= try DataflowCostModel.evaluate(
                            layer, template: template, hardware: h
                        ).runtimeCycles
                    }
                }
            }
            best = min(best, s / Double(20 * layers.count) * 1e6)
        }
        print(
            String(
                format: "  %@ on 256 PEs, from scratch: best %.2f µs per layer", template.rawValue,
                best))
    }
}

func require<T>(_ value: T?) throws -> T {
    guard let value else { throw CocoaError(.featureUnsupported) }
    return value
}

/// NASAIC on the bundled W1 workload: each engine × seeds at the problem's budget — time, the
/// best spec-meeting weighted accuracy, episodes to reach it within 0.5 %, and the successive
/// baseline's comparison (target: a 500-episode co-exploration in < 30 s; against random search
/// at equal budget).
func runNasaicBenchmark() throws {
    let seeds = arguments.firstIndex(of: "--seeds").flatMap { Int(arguments[$0 + 1]) } ?? 5
    let base = try require(
        try ProblemFile.load(
            nasaicFolder.appendingPathComponent("w1-classification-segmentation.yaml").path)
            as? NasaicProblem)
    print(
        """
        NASAIC W1 (classification ResNet-like + segmentation UNet-like, synthetic accuracies), \
        \(base.budget) episodes, \(seeds) seeds per engine
        """
    )
    print(
        """
        engine            mean time    best weighted accuracy (mean / min / max)   feasible \
        episodes   episodes to within 0.5 % of the best found by any run (median)
        """
    )
    let engines: [SearchEngineSpec] = [
        SearchEngineSpec(kind: .rlController), SearchEngineSpec(kind: .random),
        SearchEngineSpec(kind: .marl),
        SearchEngineSpec(kind: .ucb1), SearchEngineSpec(kind: .thompson),
        SearchEngineSpec(kind: .genetic),
    ]
    var runs: [(engine: String, seconds: Double, result: NasaicResult)] = []
    for engine in engines {
        for seed in 1...seeds {
            var problem = base
            problem.engine = engine
            problem.seed = UInt64(seed)
            problem.successive = seed == 1 && engine.kind == .rlController
            let (result, seconds) = try time { try problem.solveNasaic(options: SolveOptions()) }
            runs.append((engine.kind.rawValue, seconds, result))
        }
    }
    let bestKnown = runs.compactMap { $0.result.best?.weightedAccuracy }.max() ?? 0
    for engine in engines.map(\.kind.rawValue) {
        let mine = runs.filter { $0.engine == engine }
        let accuracies = mine.map { $0.result.best?.weightedAccuracy ?? 0 }
        let reach = mine.map { run in
            run.result.bestSoFar.first { $0.accuracy >= bestKnown * 0.995 }?.episode ?? Int.max
        }.sorted()
        let medianReach = reach[reach.count / 2]
        print(
            engine.padding(toLength: 16, withPad: " ", startingAt: 0)
                + String(
                    format:
                        " %8.2f s    %.4f / %.4f / %.4f                     %6.1f            %@",
                    mine.map(\.seconds).reduce(0, +) / Double(mine.count),
                    accuracies.reduce(0, +) / Double(accuracies.count),
                    accuracies.min() ?? 0, accuracies.max() ?? 0,
                    Double(mine.map(\.result.feasibleEpisodes).reduce(0, +)) / Double(mine.count),
                    medianReach == Int.max ? ">\(base.budget)" : String(medianReach)))
    }
    if let run = runs.first(where: { $0.result.successive != nil }), let c = run.result.comparison,
        let best = run.result.best, let successive = run.result.successive
    {
        print(
            """
            rl-controller seed 1 against the successive design (most accurate networks first, \
            then the fastest hardware):
            """
        )
        print(
            String(
                format:
                    """
                      ours:       accuracy %.4f, latency %.0f cycles, energy %.4g nJ, area \
                    %.4g mm² (meets the specs)
                    """,
                best.weightedAccuracy, best.metrics.latencyCycles, best.metrics.energyNanojoules,
                best.metrics.areaSquareMillimetres))
        print(
            String(
                format:
                    """
                      successive: accuracy %.4f, latency %.0f cycles, energy %.4g nJ, area \
                    %.4g mm² (breaks: %@)
                    """,
                successive.weightedAccuracy, successive.metrics.latencyCycles,
                successive.metrics.energyNanojoules,
                successive.metrics.areaSquareMillimetres,
                successive.violations.joined(separator: "; ")))
        print(
            String(
                format:
                    """
                      ours/successive: latency %.1f %% lower, energy %.2f× lower, area %.2f× \
                    lower, accuracy loss %.2f points
                    """,
                (1 - c.latency) * 100, 1 / c.energy, 1 / c.area, c.accuracyLoss * 100))
    }
}
