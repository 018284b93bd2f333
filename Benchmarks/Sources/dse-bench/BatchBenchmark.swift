import Experiments
import Foundation
import Problems

/// Runner overhead per run (wall time minus the solver's own time, per run) and the speed-up of
/// two parallel jobs over one, on a sweep of 200 ResNet-50 {2, 4, 8} mixed-precision problems.
func runBatchBenchmark() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "dse-batch-bench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let base = repositoryRoot.appendingPathComponent(
        "problems/mixed-precision/resnet50-multi-2-4-8.yaml"
    ).path
    let first = (0..<20).map { JSONValue.format(0.3 + Double($0) * 0.03) }
    let second = (0..<10).map { JSONValue.format(0.3 + Double($0) * 0.06) }
    let sweepPath = directory.appendingPathComponent("sweep.yaml").path
    try """
    base: \(base)
    grid:
      budgets[0].fraction: [\(first.joined(separator: ", "))]
      budgets[2].fraction: [\(second.joined(separator: ", "))]
    """.write(toFile: sweepPath, atomically: true, encoding: .utf8)
    let sweep = try SweepFile(path: sweepPath, access: .allowing([repositoryRoot.path]))
    print(
        """
        Batch runner: \(sweep.runs.count) runs of ResNet-50 {2, 4, 8} with latency, size and \
        BOPs budgets
        """
    )
    var wall: [Int: Double] = [:]
    for jobs in [1, 2, 1, 2, 1, 2] {
        let out = directory.appendingPathComponent("out-\(jobs)-\(UUID().uuidString).csv").path
        // Everything the user waits for: parsing the runs, opening the file, solving.
        let (runner, parsing) = time { BatchRunner(sweep: sweep, jobs: jobs) }
        let (summary, running) = try time {
            try runner.run(into: try ResultFile(path: out, header: runner.header, resume: false))
        }
        let seconds = parsing + running
        print(String(format: "    (parsing %.3f s, solving %.3f s)", parsing, running))
        let table = try ResultFile.parse(try String(contentsOfFile: out, encoding: .utf8))
        let column = table[0].firstIndex(of: "solve_seconds") ?? 0
        let solving = table.dropFirst().reduce(0.0) { $0 + (Double($1[column]) ?? 0) }
        wall[jobs] = min(wall[jobs] ?? .infinity, seconds)
        print(
            String(
                format:
                    """
                      --jobs %d: %6.3f s wall for %d runs; solver time %6.3f s; runner \
                    overhead %.2f ms per run (wall x jobs - solver, / runs)
                    """,
                jobs, seconds, summary.completed, solving,
                (seconds * Double(jobs) - solving) / Double(summary.completed) * 1000))
    }
    if let one = wall[1], let two = wall[2] {
        print(
            String(
                format:
                    "  speed-up of --jobs 2 over --jobs 1 (best of 3 each): %.2fx (target >= 1.8x)",
                one / two))
    }
}
