import Foundation
import Problems
import Search

/// Spaces that separate search engines: the synthetic landscape at 10³, 10⁵ and 10⁸
/// configurations and the memory-controller model on ArchGym's wide ranges, each with a known
/// optimum.
struct BenchmarkSpace {
    var name: String
    var space: SearchSpace
    var optimum: Double
    var cost: (Configuration) -> Double
}

/// A bowl over `dimensions` ordinal parameters of `values` values each, with its optimum 1 at a
/// seeded target, and neighbours coupled by `interaction`:
/// f = 1 + Σ uᵢ² + α Σ (uᵢ − uᵢ₊₁)², uᵢ = (xᵢ − tᵢ)/(values − 1).
/// The Optuna driver (Benchmarks/optuna_tpe.py) evaluates through `dse-bench evaluate`, so both
/// sides see these very numbers.
func syntheticLandscape(dimensions: Int, values: Int = 10, interaction: Double = 0.5) -> BenchmarkSpace {
    // A seed no search uses, so that no search's first draw is the target itself.
    var rng = SeededRandomNumberGenerator(seed: 0x7A26_0000 + UInt64(dimensions))
    let target = (0..<dimensions).map { _ in Int.random(in: 0..<values, using: &rng) }
    let space = SearchSpace((0..<dimensions).map { Parameter("x\($0)", values: (0..<values).map(String.init), kind: .ordinal) })
    let span = Double(values - 1)
    return BenchmarkSpace(name: "synthetic-\(dimensions)x\(values) (10^\(dimensions))", space: space, optimum: 1) { c in
        let u = zip(c, target).map { Double($0 - $1) / span }
        return 1 + u.reduce(0) { $0 + $1 * $1 } + interaction * zip(u, u.dropFirst()).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }
}

/// The memory-controller model on ArchGym's wide ranges (`space: archgym`, as
/// problems/memory-controller/stream-latency-archgym-space.yaml) for one of the bundled traces,
/// minimising `metric`; the optimum is the exhaustive one over the collapsed space.
func memoryControllerLandscape(trace: String, metric: String) throws -> BenchmarkSpace {
    let path = repositoryRoot.appendingPathComponent("problems/memory-controller/benchmark-\(trace).yaml").path
    let text = "family: memory-controller\ntrace: traces/\(trace).stl\nobjective: {minimize: \(metric)}\nengine: random\nbudget: 1\nspace: archgym\n"
    guard let problem = try ProblemFile.load(root: ProblemFile.root(text: text, file: path)) as? MemoryControllerProblem else {
        throw BenchmarkFailure("not a memory-controller problem: \(text)")
    }
    let space = problem.space
    let optimum = problem.exhaustiveOptimum(space: space).score
    let model = problem.model, objective = problem.objective
    let name = "dram-\(trace)-\(metric.components(separatedBy: "_")[0])"
    return BenchmarkSpace(name: "\(name) (\(space.space.canonicalSize) collapsed)", space: space.space, optimum: optimum) { c in
        objective.score(Dictionary(uniqueKeysWithValues: model.evaluate(space.configuration(c)).named))
    }
}

func memoryControllerLandscapes() throws -> [BenchmarkSpace] {
    let only = arguments.firstIndex(of: "--space").map { arguments[$0 + 1] } ?? (arguments.count > 2 && arguments[1] == "evaluate" ? arguments[2] : "")
    return try [("stream", "latency_us"), ("cloud-2", "latency_us"), ("random-rw", "latency_us"), ("cloud-1-rw", "energy_uj")]
        .filter { "dram-\($0.0)-\($0.1.components(separatedBy: "_")[0])".hasPrefix(only) || only.isEmpty }
        .map { try memoryControllerLandscape(trace: $0.0, metric: $0.1) }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func benchmarkSpaces() throws -> [BenchmarkSpace] {
    let only = arguments.firstIndex(of: "--space").map { arguments[$0 + 1] }
    let all = [syntheticLandscape(dimensions: 3), syntheticLandscape(dimensions: 5), syntheticLandscape(dimensions: 8)]
        + (only == nil || only?.hasPrefix("dram") == true ? try memoryControllerLandscapes() : [])
    return all.filter { only == nil || $0.name.hasPrefix(only ?? "") }
}

/// `dse-bench engines [--budget N] [--seeds S]`: evaluations each engine needs to come within
/// 1 % of the optimum, median over seeds, beside Optuna's TPE on the same evaluator.
func runEngineTable() throws {
    let budget = arguments.firstIndex(of: "--budget").flatMap { Int(arguments[$0 + 1]) } ?? 500
    let seeds = arguments.firstIndex(of: "--seeds").flatMap { Int(arguments[$0 + 1]) } ?? 10
    let engines: [(String, () -> any SearchEngine)] = [
        ("random", { RandomSearch() }), ("genetic", { GeneticAlgorithm() }), ("ucb1", { FactoredBanditSearch(name: "ucb1") { UCB1(arms: $0) } }),
        ("marl", { MultiAgentRL() }), ("tpe", { TreeParzenEstimator() }),
    ]
    print("Evaluations to within 1 % of the optimum: median over \(seeds) seeds (min–max), budget \(budget); '>\(budget)' = not reached")
    print("| space | " + engines.map(\.0).joined(separator: " | ") + " | Optuna TPE |")
    print("|---|" + String(repeating: "---|", count: engines.count + 1))
    for landscape in try benchmarkSpaces() {
        var cells: [String] = []
        for (_, make) in engines {
            var counts: [Int] = []
            for seed in 1...seeds {
                func go<E: SearchEngine>(_ engine: E) -> SearchResult {
                    SearchDriver.run(engine, space: landscape.space, objective: SearchObjective(.minimize("f")), budget: budget, seed: UInt64(seed)) {
                        ["f": landscape.cost($0)]
                    }
                }
                let result = go(make())
                counts.append(result.trace.first { $0.best <= landscape.optimum * 1.01 }?.evaluation ?? budget + 1)
            }
            cells.append(summary(counts, budget: budget))
        }
        cells.append(try optunaCell(landscape, budget: budget, seeds: seeds))
        print("| \(landscape.name) | " + cells.joined(separator: " | ") + " |")
    }
}

func summary(_ counts: [Int], budget: Int) -> String {
    let sorted = counts.sorted()
    func text(_ n: Int) -> String { n > budget ? ">\(budget)" : String(n) }
    return "\(text(sorted[sorted.count / 2])) (\(text(sorted[0]))–\(text(sorted[sorted.count - 1])))"
}

/// Runs Benchmarks/optuna_tpe.py (pip install optuna), which evaluates through
/// `dse-bench evaluate SPACE`; "n/a" without Optuna.
func optunaCell(_ landscape: BenchmarkSpace, budget: Int, seeds: Int) throws -> String {
    let script = repositoryRoot.appendingPathComponent("Benchmarks/optuna_tpe.py").path
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, "--space", landscape.name.components(separatedBy: " ")[0], "--budget", String(budget), "--seeds", String(seeds),
                         "--optimum", String(landscape.optimum), "--evaluator", CommandLine.arguments[0]]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.standardError
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return "n/a" }
    let counts = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    return counts.count == seeds ? summary(counts, budget: budget) : "n/a"
}

/// `dse-bench evaluate SPACE`: the evaluator as a line protocol for other tools. First line out:
/// the parameters as JSON; then for each line in (comma-separated value indices) one line out
/// (the cost).
func runEvaluatorServer() throws {
    guard arguments.count > 2 else { throw BenchmarkFailure("usage: dse-bench evaluate SPACE") }
    let wanted = arguments[2]
    let spaces = wanted.hasPrefix("dram") ? try memoryControllerLandscapes() : [3, 5, 8].map { syntheticLandscape(dimensions: $0) }
    guard let landscape = spaces.first(where: { $0.name.components(separatedBy: " ")[0] == wanted }) else { throw BenchmarkFailure("no space \(wanted)") }
    let description = landscape.space.parameters.map { "{\"name\": \"\($0.name)\", \"count\": \($0.values.count), \"kind\": \"\($0.kind.rawValue)\"}" }
    // Unbuffered lines: the other side waits for each answer.
    func reply(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    reply("[" + description.joined(separator: ", ") + "]")
    while let line = readLine() {
        let configuration = line.split(separator: ",").compactMap { Int($0) }
        guard configuration.count == landscape.space.parameters.count,
              zip(configuration, landscape.space.parameters).allSatisfy({ $0.0 >= 0 && $0.0 < $0.1.values.count }) else {
            reply("error"); continue
        }
        reply(String(landscape.cost(landscape.space.canonical(configuration))))
    }
}
