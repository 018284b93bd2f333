// dse-bench: the foundation's performance numbers.
//
//  1. Build a model with 1,000,000 non-zeros, load it into GLPK, write it as CPLEX LP and MPS,
//     timing each phase (target: build + load < 1 s in release mode).
//  2. Solve the same LP/MPS files in-process (read + solve) and with `glpsol` as a separate
//     process, side by side in one run, with the same algorithm settings; report the ratio
//     (target: in-process not slower).
//
// Usage: swift run -c release dse-bench [--repeats N] [--skip-glpsol] [--solve-million]
//        swift run -c release dse-bench melange [--export DIR]   (Mélange: our ILP vs the authors')
//        swift run -c release dse-bench melange-paper            (savings across request rates)
//        swift run -c release dse-bench mixed-precision (ResNet-50 end to end, 1,000 layers,
//        calibration)
//        swift run -c release dse-bench batch (runner overhead; --jobs 2 vs 1 on 200 runs)
//        swift run -c release dse-bench search                   (engine overhead per ask/tell)
//        swift run -c release dse-bench cosma [--time-limit S] (COSMA: toy budget sweep, ResNets at
//        M_R/M_H/M_P)
//        swift run -c release dse-bench cosma-incumbent [--time-limit S] (COSMA's ILP: no incumbent
//        vs improvement cut vs MIP start)
//        swift run -c release dse-bench dram (DRAM model: evaluations per second, ArchGym's whole
//        space)
//        swift run -c release dse-bench memory-controller [--seeds N] [--budget B] [--full-space]
//                                                                (evaluations each engine needs to
//                                                                get within 1 % of the optimum)
//        swift run -c release dse-bench dataflow (dataflow cost model: µs per layer evaluation)
//        swift run -c release dse-bench dataflow-vs-maestro (dataflow cost model vs MAESTRO's
//        outputs: errors per template)
//        swift run -c release dse-bench nasaic [--seeds N] (NASAIC W1: engines vs random at equal
//        budget, time, successive baseline)
//        swift run -c release dse-bench solvers [--time-limit S] (hard MIPs: dse glpk/cbc/race,
//        glpsol, cbc, HiGHS as whole processes)
//        swift run -c release dse-bench validate (validate of Mélange files up to 600,000 GPU
//        types: linear in the file)

import Foundation
import GLPKBackend
import LinearModel

struct Stopwatch {
    let start = ContinuousClock.now
    var seconds: Double {
        let (s, a) = (ContinuousClock.now - start).components
        return Double(s) + Double(a) * 1e-18
    }
}

func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let clock = Stopwatch()
    let value = try body()
    return (value, clock.seconds)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
}

func format(_ seconds: Double) -> String { String(format: "%8.3f s", seconds) }

/// Deterministic pseudo-random numbers (a 64-bit linear congruential generator, Knuth's MMIX
/// constants), so every run measures the same instances.
struct LCG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 11
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}

let arguments = CommandLine.arguments
let repeats = arguments.firstIndex(of: "--repeats").flatMap { Int(arguments[$0 + 1]) } ?? 5
let skipGlpsol = arguments.contains("--skip-glpsol")
let solveMillion = arguments.contains("--solve-million")

// Subcommands; without one, the foundation's numbers below.
let subcommands: [String: () throws -> Void] = [
    "melange": {
        try runMelangeSolverBenchmark(
            exportTo: arguments.firstIndex(of: "--export").map { arguments[$0 + 1] })
    },
    "melange-paper": { try runMelangePaperSweep() },
    "mixed-precision": { try runMixedPrecisionBenchmarks() },
    "batch": { try runBatchBenchmark() },
    "search": { runSearchOverheadBenchmark() },
    "cosma": { try runCosmaBenchmark() },
    "cosma-incumbent": { try runCosmaIncumbentBenchmark() },
    "dram": { try runDRAMModelBenchmark() },
    "memory-controller": { try runMemoryControllerEngineTable() },
    "dataflow": { try runDataflowBenchmark() },
    "dataflow-vs-maestro": { try runDataflowAgreement() },
    "nasaic": { try runNasaicBenchmark() },
    "validate": { try runValidateScaleBenchmark() },
    "solvers": { try runSolverPortfolioBenchmark() },
    "engines": { try runEngineTable() },
    "evaluate": { try runEvaluatorServer() },
]
if arguments.count > 1, let run = subcommands[arguments[1]] {
    try run()
    exit(0)
}

// For profiling: read one file repeatedly and stop.
if let index = arguments.firstIndex(of: "--profile-read") {
    let path = arguments[index + 1]
    for _ in 0..<repeats { _ = try GLPKFileReader().read(path) }
    exit(0)
}

// MARK: - 1. One million non-zeros

/// 10,000 rows × 100 non-zeros over 50,000 columns; a feasible, bounded packing LP.
func millionNonzeroModel() throws -> Model {
    var rng = LCG(state: 1)
    var model = Model(name: "million")
    let x = try model.addVariables(50_000, namePrefix: "x", upperBound: 10)
    for r in 0..<10_000 {
        var row = LinearExpression()
        row.terms.reserveCapacity(100)
        for k in 0..<100 { row.add(Double(rng.int(1...9)), x[(r * 37 + k * 499) % x.count]) }
        try model.addConstraint(row <= Double(rng.int(100...1000)), name: "r\(r)")
    }
    try model.maximize(LinearExpression.sum(x.indices) { Double($0 % 17 + 1) * x[$0] })
    return model
}

print(
    """
    DSEKit benchmarks (GLPK \(GLPKLibrary.version)), \
    \(ProcessInfo.processInfo.activeProcessorCount) cores
    """
)
print("")
print("1. Model with 1,000,000 non-zeros (10,000 rows x 50,000 columns), best of \(repeats)")
var buildTimes: [Double] = []
var loadTimes: [Double] = []
var lpTimes: [Double] = []
var mpsTimes: [Double] = []
var lastModel: Model?
for _ in 0..<repeats {
    let (model, build) = try time { try millionNonzeroModel() }
    let (_, load) = try time { try GLPKSolver().loadWithoutSolving(model) }
    let (lpText, writeLP) = time { CPLEXLPWriter().write(model) }
    let (_, writeMPS) = try time { try MPSWriter().write(model) }
    buildTimes.append(build)
    loadTimes.append(load)
    lpTimes.append(writeLP)
    mpsTimes.append(writeMPS)
    precondition(model.nonzeroCount == 1_000_000 && !lpText.isEmpty)
    lastModel = model
}
print("   build Model        " + format(buildTimes.min()!))
print("   load into GLPK     " + format(loadTimes.min()!))
print("   build + load       " + format(buildTimes.min()! + loadTimes.min()!) + "   (target < 1 s)")
print("   write CPLEX LP     " + format(lpTimes.min()!))
print("   write free MPS     " + format(mpsTimes.min()!))
if solveMillion, let lastModel {
    let (solution, solve) = try time {
        try GLPKSolver().solve(lastModel, options: SolveOptions(presolve: false))
    }
    print(
        "   solve (simplex)    " + format(solve)
            + "   (\(solution.status), \(solution.statistics.simplexIterations ?? 0) iterations)")
}

// MARK: - 2. In-process versus glpsol

/// Test files, written once: LPs of growing size and MIPs GLPK proves optimal in seconds.
func instances(in directory: URL) throws -> [(name: String, path: String)] {
    var rng = LCG(state: 2)
    var files: [(String, String)] = []
    func add(_ name: String, _ model: Model, mps: Bool = false) throws {
        let path = directory.appendingPathComponent(name + (mps ? ".mps" : ".lp")).path
        try (mps ? try MPSWriter().write(model) : CPLEXLPWriter().write(model)).write(
            toFile: path, atomically: true, encoding: .utf8)
        files.append((name + (mps ? ".mps" : ".lp"), path))
    }
    // Transportation LPs.
    for n in [60, 150, 300] {
        var model = Model(name: "transport\(n)")
        var ship: [[Variable]] = []
        for i in 0..<n { ship.append(try model.addVariables(n, namePrefix: "s\(i)_")) }
        for i in 0..<n {
            try model.addConstraint(ship[i].sum() <= Double(rng.int(50...150)), name: "supply\(i)")
        }
        for j in 0..<n {
            try model.addConstraint(
                (0..<n).map { ship[$0][j] }.sum() >= Double(rng.int(20...60)), name: "demand\(j)")
        }
        var cost = LinearExpression()
        for i in 0..<n { for j in 0..<n { cost.add(Double(rng.int(1...99)), ship[i][j]) } }
        try model.minimize(cost)
        try add("transport\(n)", model)
        if n == 150 { try add("transport\(n)", model, mps: true) }
    }
    // Dense-ish random packing LP.
    var packing = Model(name: "packing")
    let y = try packing.addVariables(2000, namePrefix: "y", upperBound: 1)
    for r in 0..<1500 {
        var row = LinearExpression()
        for _ in 0..<30 { row.add(Double(rng.int(1...20)), y[rng.int(0...1999)]) }
        try packing.addConstraint(row <= Double(rng.int(50...200)), name: "p\(r)")
    }
    try packing.maximize(LinearExpression.sum(y.indices) { Double(rng.int(1...30)) * y[$0] })
    try add("packing", packing)
    // Multi-constraint knapsack MIPs.
    for (n, m) in [(30, 5), (50, 5)] {
        var model = Model(name: "mkp\(n)")
        let z = try model.addVariables(n, namePrefix: "z", kind: .binary)
        for r in 0..<m {
            let weights = z.map { _ in Double(rng.int(5...60)) }
            try model.addConstraint(
                LinearExpression(variables: z, coefficients: weights) <= weights.reduce(0, +) / 2,
                name: "k\(r)")
        }
        try model.maximize(
            LinearExpression(variables: z, coefficients: z.map { _ in Double(rng.int(10...80)) }))
        try add("mkp\(n)", model)
    }
    return files
}

/// Runs glpsol on the file; returns wall seconds, the final objective it printed and its
/// simplex iteration count.
func glpsolSeconds(_ path: String) throws -> (Double, Double?, Int?) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/glpsol")
    process.arguments = [path.hasSuffix(".mps") ? "--freemps" : "--lp", path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    let clock = Stopwatch()
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let seconds = clock.seconds
    let text = String(decoding: output, as: UTF8.self)
    // The last progress line: "*   456: obj =   8.150000000e+03 inf = …" (simplex) or
    // "+   123: mip =   1.550000000e+03 <= …" (branch-and-bound).
    let last = text.split(separator: "\n").last { $0.contains("obj =") || $0.contains("mip =") }
    let objective = last.flatMap { line in
        line.split(separator: "=").dropFirst().first.flatMap {
            Double($0.split(separator: " ").first ?? "")
        }
    }
    // Simplex progress lines start with "*" (or " ") and the iteration count: "*   456: obj = …".
    let simplex = text.split(separator: "\n").last { $0.contains("obj =") }
    let iterations = simplex.flatMap {
        Int($0.dropFirst().split(separator: ":").first?.trimmingCharacters(in: .whitespaces) ?? "")
    }
    return (seconds, objective, iterations)
}

if skipGlpsol || !FileManager.default.isExecutableFile(atPath: "/usr/bin/glpsol") {
    print("\n2. glpsol comparison skipped (install glpk-utils, or drop --skip-glpsol)")
} else {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "dse-bench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    print(
        """
        \n2. The same files solved in-process (read + solve) and by glpsol (a process), median \
        of \(repeats)
        """
    )
    print("   Same algorithm settings as glpsol's defaults: LP presolver off, MIP cuts off.")
    print("")
    print(
        """
           In-process is read + solve inside this process; the last two columns time whole \
        processes spawn to exit:
        """
    )
    print(
        """
           `dse solve F --no-presolve` against `glpsol F --cuts` (both with cuts, without the \
        LP presolver).
        """
    )
    print("")
    print(
        """
           file                 in-process      glpsol    ratio   iterations (ours/glpsol)   \
        objective (glpsol agrees?)    dse process  glpsol --cuts  ratio
        """
    )
    // glpsol's defaults: simplex without presolver, then branch-and-bound without cuts.
    let solver = GLPKSolver(configuration: .init(cuts: false))
    let options = SolveOptions(presolve: false)
    var ratios: [Double] = []
    var processRatios: [Double] = []
    for (name, path) in try instances(in: directory) {
        var ours: [Double] = []
        var theirs: [Double] = []
        var objective = Double.nan
        var agrees = true
        var iterations = (0, 0)
        for _ in 0..<repeats {
            let (solution, seconds) = try time {
                try solver.solve(try GLPKFileReader().read(path), options: options)
            }
            ours.append(seconds)
            objective = solution.objectiveValue ?? .nan
            let (glpsol, theirObjective, theirIterations) = try glpsolSeconds(path)
            theirs.append(glpsol)
            iterations = (solution.statistics.simplexIterations ?? 0, theirIterations ?? 0)
            agrees =
                agrees
                && theirObjective.map { abs($0 - objective) <= 1e-6 * max(1, abs(objective)) }
                    == true
        }
        let ratio = median(ours) / median(theirs)
        if arguments.contains("--phases") {
            let (model, read) = try time { try GLPKFileReader().read(path) }
            let (_, load) = try time { try solver.loadWithoutSolving(model) }
            print("     (\(name): read into a Model \(format(read)), load \(format(load)))")
        }
        ratios.append(ratio)
        var processes = "   (no release dse)"
        let dse = repositoryRoot.appendingPathComponent(".build/release/dse").path
        if FileManager.default.isExecutableFile(atPath: dse) {
            var dseTimes: [Double] = []
            var glpsolTimes: [Double] = []
            for _ in 0..<repeats {
                dseTimes.append(
                    try SolverProcess(name: "dse", executable: dse) { path, _ in
                        ["solve", path, "--no-presolve"]
                    } objective: { _ in
                        nil
                    }.time(path, limit: 0).0)
                glpsolTimes.append(
                    try SolverProcess(name: "glpsol", executable: "/usr/bin/glpsol") { path, _ in
                        [path.hasSuffix(".mps") ? "--freemps" : "--lp", path, "--cuts"]
                    } objective: { _ in
                        nil
                    }.time(path, limit: 0).0)
            }
            processRatios.append(median(dseTimes) / median(glpsolTimes))
            processes =
                "  " + format(median(dseTimes)) + "  " + format(median(glpsolTimes))
                + String(format: "   %5.2f", median(dseTimes) / median(glpsolTimes))
        }
        print(
            "   " + name.padding(toLength: 18, withPad: " ", startingAt: 0) + format(median(ours))
                + "  " + format(median(theirs))
                + String(format: "   %5.2f   %8d / %-8d", ratio, iterations.0, iterations.1)
                + "     \(objective) (\(agrees ? "same" : "DIFFERENT"))" + processes)
    }
    let geometricMean = exp(ratios.map(log).reduce(0, +) / Double(ratios.count))
    print(
        String(
            format: "\n   geometric mean ratio (in-process / glpsol): %.2f  (target <= 1)",
            geometricMean))
    if !processRatios.isEmpty {
        print(
            String(
                format:
                    "   geometric mean ratio, both as whole processes (dse / glpsol --cuts): %.2f",
                exp(processRatios.map(log).reduce(0, +) / Double(processRatios.count))))
    }
}
