import Foundation
import Problems
import Search

/// Spaces that separate search engines: the synthetic landscape at 10³, 10⁵ and 10⁸
/// configurations, the memory-controller model on ArchGym's wide ranges for four traces and
/// objectives (known optima, exhaustive), and NASAIC's network × hardware space (optimum unknown).
final class BenchmarkSpace {
    let name: String
    let space: SearchSpace
    /// The known optimum, or nil: then the best any run found (Optuna's included) stands for it.
    /// Computed on first use: the DRAM spaces' optimum is an exhaustive enumeration, which the
    /// evaluator server (`dse-bench evaluate`) never needs.
    lazy var optimum: Double? = knownOptimum()
    let cost: (Configuration) -> Double
    private let knownOptimum: () -> Double?

    init(
        name: String, space: SearchSpace, optimum: @escaping () -> Double?,
        cost: @escaping (Configuration) -> Double
    ) {
        self.name = name
        self.space = space
        self.knownOptimum = optimum
        self.cost = cost
    }
}

/// A bowl over `dimensions` ordinal parameters of `values` values each, with its optimum 1 at a
/// seeded target, and neighbours coupled by `interaction`:
/// f = 1 + Σ uᵢ² + α Σ (uᵢ − uᵢ₊₁)², uᵢ = (xᵢ − tᵢ)/(values − 1).
/// The Optuna driver (Benchmarks/optuna_tpe.py) evaluates through `dse-bench evaluate`, so both
/// sides see these very numbers.
func syntheticLandscape(dimensions: Int, values: Int = 10, interaction: Double = 0.5)
    -> BenchmarkSpace
{
    // A seed no search uses, so that no search's first draw is the target itself.
    var rng = SeededRandomNumberGenerator(seed: 0x7A26_0000 + UInt64(dimensions))
    let target = (0..<dimensions).map { _ in Int.random(in: 0..<values, using: &rng) }
    let space = SearchSpace(
        (0..<dimensions).map {
            Parameter("x\($0)", values: (0..<values).map(String.init), kind: .ordinal)
        })
    let span = Double(values - 1)
    return BenchmarkSpace(
        name: "synthetic-\(dimensions)x\(values) (10^\(dimensions))", space: space, optimum: { 1 },
        cost: { c in
            let u = zip(c, target).map { Double($0 - $1) / span }
            return 1 + u.reduce(0) { $0 + $1 * $1 } + interaction
                * zip(u, u.dropFirst()).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        })
}

/// The memory-controller model on ArchGym's wide ranges (`space: archgym`, as
/// problems/memory-controller/stream-latency-archgym-space.yaml) for one of the bundled traces,
/// minimising `metric`; the optimum is the exhaustive one over the collapsed space.
func memoryControllerLandscape(trace: String, metric: String) throws -> BenchmarkSpace {
    let path = repositoryRoot.appendingPathComponent(
        "problems/memory-controller/benchmark-\(trace).yaml"
    ).path
    let text =
        """
        family: memory-controller\ntrace: traces/\(trace).stl\nobjective: {minimize: \
        \(metric)}\nengine: random\nbudget: 1\nspace: archgym\n
        """
    guard
        let problem = try ProblemFile.load(root: ProblemFile.root(text: text, file: path))
            as? MemoryControllerProblem
    else {
        throw BenchmarkFailure("not a memory-controller problem: \(text)")
    }
    let space = problem.space
    let model = problem.model
    let objective = problem.objective
    let name = "dram-\(trace)-\(metric.components(separatedBy: "_")[0])"
    return BenchmarkSpace(
        name: "\(name) (\(space.space.canonicalSize) collapsed)", space: space.space,
        optimum: { problem.exhaustiveOptimum(space: space).score },
        cost: { c in
            objective.score(
                Dictionary(uniqueKeysWithValues: model.evaluate(space.configuration(c)).named))
        })
}

/// The DRAM spaces whose names start with `only` (all when nil): the stream trace (flat: most
/// of ArchGym's space is within 1 % of its optimum) and three that separate engines.
func memoryControllerLandscapes(_ only: String?) throws -> [BenchmarkSpace] {
    try [
        ("stream", "latency_us"), ("cloud-2", "latency_us"), ("random-rw", "latency_us"),
        ("cloud-1-rw", "energy_uj"),
    ]
    .filter {
        only == nil || "dram-\($0.0)-\($0.1.components(separatedBy: "_")[0])".hasPrefix(only ?? "")
    }
    .map { try memoryControllerLandscape(trace: $0.0, metric: $0.1) }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// NASAIC's network × hardware space on the bundled W1 workload (35.8 M network combinations,
/// the hardware of each chosen by its ILP): cost −reward (weighted accuracy, less the penalty
/// when no hardware meets the specs). Its optimum is not known: the best any run finds stands
/// for it.
func nasaicLandscape() throws -> BenchmarkSpace {
    let problem = try require(
        try ProblemFile.load(
            nasaicFolder.appendingPathComponent("w1-classification-segmentation.yaml").path)
            as? NasaicProblem)
    let reward = problem.makeRewardFunction()
    return BenchmarkSpace(
        name: "nasaic-w1 (\(problem.space.canonicalSize))", space: problem.space, optimum: { nil },
        cost: { c in (try? -reward(c)) ?? .infinity })
}

func benchmarkSpaces(_ only: String?) throws -> [BenchmarkSpace] {
    func wanted(_ prefix: String) -> Bool {
        only == nil || only?.hasPrefix(prefix) == true || prefix.hasPrefix(only ?? "")
    }
    let all =
        (wanted("synthetic") ? [3, 5, 8].map { syntheticLandscape(dimensions: $0) } : [])
        + (wanted("dram") ? try memoryControllerLandscapes(only) : [])
        + (wanted("nasaic") ? [try nasaicLandscape()] : [])
    return all.filter { only == nil || $0.name.hasPrefix(only ?? "") }
}

/// Improvements of the best cost: (evaluation, best so far).
typealias BestSoFar = [(evaluation: Int, best: Double)]

/// Evaluations until `trace` comes within 1 % of `reference` (|reference|, so that negative
/// costs work too), or budget + 1.
func evaluationsToReach(_ trace: BestSoFar, _ reference: Double, budget: Int) -> Int {
    trace.first { $0.best <= reference + 0.01 * abs(reference) }?.evaluation ?? budget + 1
}

/// `dse-bench engines [--budget N] [--seeds S] [--space PREFIX]`: evaluations each engine needs
/// to come within 1 % of the optimum, median over seeds, beside Optuna's TPE on the same
/// evaluator.
func runEngineTable() throws {
    let budget = arguments.firstIndex(of: "--budget").flatMap { Int(arguments[$0 + 1]) } ?? 500
    let seeds = arguments.firstIndex(of: "--seeds").flatMap { Int(arguments[$0 + 1]) } ?? 10
    let engines: [(String, () -> any SearchEngine)] = [
        ("random", { RandomSearch() }), ("genetic", { GeneticAlgorithm() }),
        ("ucb1", { FactoredBanditSearch(name: "ucb1") { UCB1(arms: $0) } }),
        ("marl", { MultiAgentRL() }), ("aco", { AntColony() }), ("tpe", { TreeParzenEstimator() }),
    ]
    print(
        """
        Evaluations to within 1 % of the optimum: median over \(seeds) seeds (min–max), budget \
        \(budget); '>\(budget)' = not reached
        """
    )
    print("| space | " + engines.map(\.0).joined(separator: " | ") + " | Optuna TPE |")
    print("|---|" + String(repeating: "---|", count: engines.count + 1))
    for landscape in try benchmarkSpaces(
        arguments.firstIndex(of: "--space").map { arguments[$0 + 1] })
    {
        var traces: [[BestSoFar]] = []
        for (_, make) in engines {
            traces.append(
                (1...seeds).map { seed in
                    func go<E: SearchEngine>(_ engine: E) -> SearchResult {
                        SearchDriver.run(
                            engine, space: landscape.space,
                            objective: SearchObjective(.minimize("f")), budget: budget,
                            seed: UInt64(seed)
                        ) {
                            ["f": landscape.cost($0)]
                        }
                    }
                    return go(make()).trace.map { ($0.evaluation, $0.best) }
                })
        }
        let optuna = try optunaTraces(landscape, budget: budget, seeds: seeds)
        let reference =
            landscape.optimum ?? (traces.flatMap { $0 } + (optuna ?? [])).compactMap {
                $0.last?.best
            }.min() ?? .infinity
        var cells = traces.map {
            summary($0.map { evaluationsToReach($0, reference, budget: budget) }, budget: budget)
        }
        cells.append(
            optuna.map {
                summary(
                    $0.map { evaluationsToReach($0, reference, budget: budget) }, budget: budget)
            } ?? "n/a")
        let note = landscape.optimum == nil ? String(format: " (best found %.4g)", reference) : ""
        print("| \(landscape.name)\(note) | " + cells.joined(separator: " | ") + " |")
    }
}

func summary(_ counts: [Int], budget: Int) -> String {
    let sorted = counts.sorted()
    func text(_ n: Int) -> String { n > budget ? ">\(budget)" : String(n) }
    return
        "\(text(sorted[sorted.count / 2])) (\(text(sorted[0]))–\(text(sorted[sorted.count - 1])))"
}

/// Runs Benchmarks/optuna_tpe.py (pip install optuna), which evaluates through
/// `dse-bench evaluate SPACE` and prints, per seed, its best-so-far improvements as
/// `evaluation:best` pairs; nil without Optuna.
func optunaTraces(_ landscape: BenchmarkSpace, budget: Int, seeds: Int) throws -> [BestSoFar]? {
    let script = repositoryRoot.appendingPathComponent("Benchmarks/optuna_tpe.py").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
        [
            "python3", script, "--space", landscape.name.components(separatedBy: " ")[0],
            "--budget", String(budget), "--seeds", String(seeds),
            "--evaluator", CommandLine.arguments[0],
        ] + (landscape.optimum.map { ["--optimum", String($0)] } ?? [])
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.standardError
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    let traces: [BestSoFar] = String(decoding: data, as: UTF8.self).split(separator: "\n").map {
        line in
        line.split(separator: " ").compactMap { pair in
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let n = Int(parts[0]), let best = Double(parts[1]) else {
                return nil
            }
            return (n, best)
        }
    }
    return traces.count == seeds ? traces : nil
}

/// `dse-bench evaluate SPACE`: the evaluator as a line protocol for other tools. First line out:
/// the parameters as JSON; then for each line in (comma-separated value indices) one line out
/// (the cost).
func runEvaluatorServer() throws {
    guard arguments.count > 2 else { throw BenchmarkFailure("usage: dse-bench evaluate SPACE") }
    let wanted = arguments[2]
    let spaces = try benchmarkSpaces(wanted)
    guard let landscape = spaces.first(where: { $0.name.components(separatedBy: " ")[0] == wanted })
    else { throw BenchmarkFailure("no space \(wanted)") }
    let description = landscape.space.parameters.map {
        """
        {\"name\": \"\($0.name)\", \"count\": \($0.values.count), \"kind\": \
        \"\($0.kind.rawValue)\"}
        """
    }
    // Unbuffered lines: the other side waits for each answer.
    func reply(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    reply("[" + description.joined(separator: ", ") + "]")
    while let line = readLine() {
        let configuration = line.split(separator: ",").compactMap { Int($0) }
        guard configuration.count == landscape.space.parameters.count,
            zip(configuration, landscape.space.parameters).allSatisfy({
                $0.0 >= 0 && $0.0 < $0.1.values.count
            })
        else {
            reply("error")
            continue
        }
        reply(String(landscape.cost(landscape.space.canonical(configuration))))
    }
}
