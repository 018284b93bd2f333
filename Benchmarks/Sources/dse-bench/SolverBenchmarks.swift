import Foundation
import LinearModel
import Problems

/// `dse-bench solvers`: a hard MIP set through every solver, each as a whole process timed the
/// same way (spawn to exit): `dse solve --solver glpk|cbc|race`, `glpsol`, the `cbc` program and
/// HiGHS (`highspy`, through a three-line Python driver). Every instance is written once as
/// CPLEX LP; each solver reads that file. Reports seconds, status and objective per solver, and
/// whether the objectives agree.
///
/// Needs: `swift build -c release --product dse` in the repository, and optionally glpk-utils,
/// coinor-cbc and `pip install highspy` (a missing one is skipped, and says so).
func runSolverPortfolioBenchmark() throws {
    let limit = arguments.firstIndex(of: "--time-limit").flatMap { Double(arguments[$0 + 1]) } ?? 60
    let dse = repositoryRoot.appendingPathComponent(".build/release/dse").path
    guard FileManager.default.isExecutableFile(atPath: dse) else {
        print(
            """
            solvers: build the release dse first (swift build -c release --product dse in \
            \(repositoryRoot.path))
            """
        )
        return
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "dse-bench-solvers-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }

    var runners: [SolverProcess] = ["glpk", "cbc", "race"].map { name in
        SolverProcess(name: "dse \(name)", executable: dse) { path, limit in
            ["solve", path, "--solver", name, "--json", "--time-limit", String(limit)]
        } objective: { output in
            (try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])?[
                "objective"] as? Double
        }
    }
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/glpsol") {
        runners.append(
            SolverProcess(name: "glpsol", executable: "/usr/bin/glpsol") { path, limit in
                ["--lp", path, "--tmlim", String(Int(limit.rounded(.up))), "--cuts"]
            } objective: { output in
                // The last branch-and-bound line: "+   123: mip =   1.550000000e+03 <= …".
                let line = output.split(separator: "\n").last {
                    $0.contains("mip =") || $0.contains("obj =")
                }
                return line.flatMap {
                    $0.split(separator: "=").dropFirst().first.flatMap {
                        Double($0.split(separator: " ").first ?? "")
                    }
                }
            })
    }
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/cbc") {
        runners.append(
            SolverProcess(name: "cbc program", executable: "/usr/bin/cbc") { path, limit in
                [path, "-sec", String(limit), "-timeMode", "elapsed", "-solve", "-quit"]
            } objective: { output in
                // "Objective value:                6.70000000"
                let line = output.split(separator: "\n").last { $0.hasPrefix("Objective value:") }
                return line.flatMap {
                    Double(
                        $0.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "")
                }
            })
    }
    // The first python3 on PATH that has highspy (pip installs it for the user's Python).
    let pythons =
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map {
            "\($0)/python3"
        } + ["/usr/bin/python3"]
    let python = pythons.first {
        FileManager.default.isExecutableFile(atPath: $0)
            && (try? SolverProcess.run($0, ["-c", "import highspy"]).status) == 0
    }
    if let python {
        let driver = """
            import sys, highspy
            h = highspy.Highs(); h.setOptionValue("output_flag", False); \
            h.setOptionValue("time_limit", float(sys.argv[2]))
            h.readModel(sys.argv[1]); h.run(); print("objective", \
            h.getInfo().objective_function_value, h.modelStatusToString(h.getModelStatus()))
            """
        runners.append(
            SolverProcess(name: "HiGHS", executable: python) { path, limit in
                ["-c", driver, path, String(limit)]
            } objective: { output in
                output.split(separator: "\n").last { $0.hasPrefix("objective ") }.flatMap {
                    Double($0.split(separator: " ")[1])
                }
            })
    }

    print(
        """
        Solver portfolio: the hard set, each solver a whole process timed spawn to exit, limit \
        \(Int(limit)) s
        """
    )
    print(
        "(dse = DSEKit's CLI with --solver; glpsol --cuts; the cbc program; HiGHS through highspy)")
    print("")
    print(
        "instance".padding(toLength: 30, withPad: " ", startingAt: 0) + "  vars  "
            + runners.map { $0.name.leftPadded(13) }.joined() + "   agree")
    var raceRatios: [Double] = []
    var highsRatios: [Double] = []
    for (name, model) in try hardSet() {
        let path = directory.appendingPathComponent(name + ".lp").path
        try CPLEXLPWriter().write(model).write(toFile: path, atomically: true, encoding: .utf8)
        var cells: [String] = []
        var objectives: [Double] = []
        var seconds: [String: Double] = [:]
        for runner in runners {
            // Median of three for runs under 5 s (one run is noisy there), one run otherwise.
            var (time, objective) = try runner.time(path, limit: limit)
            if time < 5 {
                var times = [time]
                for _ in 0..<2 { times.append(try runner.time(path, limit: limit).0) }
                time = median(times)
            }
            seconds[runner.name] = time
            let proven = time < limit * 0.98
            // Only proven answers must agree; incumbents at the time limit may differ.
            if let objective, proven { objectives.append(objective) }
            cells.append(String(format: "%9.2f s%@", time, proven ? " " : "*").leftPadded(13))
        }
        let agree = objectives.allSatisfy {
            abs($0 - objectives[0]) <= 1e-6 * max(1, abs(objectives[0]))
        }
        print(
            name.padding(toLength: 30, withPad: " ", startingAt: 0)
                + String(model.variableCount).leftPadded(6) + "  "
                + cells.joined() + "   " + (agree ? "yes" : "NO: \(objectives)"))
        if let race = seconds["dse race"], let glpk = seconds["dse glpk"],
            let cbc = seconds["dse cbc"]
        {
            raceRatios.append(race / min(glpk, cbc))
        }
        if let race = seconds["dse race"], let highs = seconds["HiGHS"] {
            highsRatios.append(race / highs)
        }
    }
    print("")
    print("  * = stopped at the time limit (its incumbent is left out of the agreement check)")
    print("  (median of 3 runs where a run took under 5 s)")
    if !raceRatios.isEmpty {
        print(
            String(
                format:
                    """
                      race / better of dse glpk and dse cbc: worst %.2f, median %.2f (target: \
                    never above 1.10)
                    """,
                raceRatios.max() ?? .nan, median(raceRatios)))
    }
    if !highsRatios.isEmpty {
        let within = highsRatios.filter { $0 <= 3 }.count
        print(
            """
              race within 3x of HiGHS on \(within) of \(highsRatios.count) instances (target: \
            80 %)
            """
        )
    }
}

/// The hard set: the Mélange authors' binary-per-slice model at slice factors 16 and 32 (the
/// paper's Mixed workload, six GPU types), COSMA's monolithic scratchpad ILP where GLPK takes
/// more than a second, and multi-dimensional knapsacks.
func hardSet() throws -> [(String, Model)] {
    var set: [(String, Model)] = []
    let base = try mixedWorkloadWithSixTypes()
    for sf in [16, 32] {
        var instance = scaled(base, toRate: 32)
        instance.sliceFactor = .slices(sf)
        set.append(
            (
                "melange-authors-sf\(sf)",
                try MelangeFormulation(instance, kind: .binaryPerSlice).model
            ))
    }
    let folder = repositoryRoot.appendingPathComponent("problems/cosma")
    let toy = try OperatorGraphReader.read(
        path: folder.appendingPathComponent("toy_branching.json").path)
    for budget in [163_840, 180_224] {
        set.append(
            (
                "cosma-toy-\(budget)-free",
                try ScratchpadFormulation(graph: toy, budget: budget, fixedOrder: nil).model
            ))
    }
    var rng = LCG(state: 11)
    for (n, m) in [(60, 5), (80, 10), (100, 5)] {
        var model = Model(name: "mkp\(n)x\(m)")
        let z = try model.addVariables(n, namePrefix: "z", kind: .binary)
        for r in 0..<m {
            let weights = z.map { _ in Double(rng.int(5...60)) }
            try model.addConstraint(
                LinearExpression(variables: z, coefficients: weights)
                    <= (weights.reduce(0, +) / 2).rounded(.down), name: "k\(r)")
        }
        try model.maximize(
            LinearExpression(variables: z, coefficients: z.map { _ in Double(rng.int(10...80)) }))
        set.append(("mkp-\(n)x\(m)", model))
    }
    return set
}

/// One solver run as a process: how to call it and how to read its objective.
struct SolverProcess {
    var name: String
    var executable: String
    var arguments: (String, Double) -> [String]
    var objective: (String) -> Double?

    /// Wall seconds from spawn to exit, and the objective it printed.
    func time(_ path: String, limit: Double) throws -> (Double, Double?) {
        let clock = Stopwatch()
        let (_, output) = try Self.run(executable, arguments(path, limit))
        return (clock.seconds, objective(output))
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> (
        status: Int32, output: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
