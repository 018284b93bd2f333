import Foundation
import Problems

/// `validate` on Mélange files with many GPU types, in DSEKit's YAML and the authors' JSON:
/// reading, parsing and checking must grow linearly with the file (issue 19: 10,000 GPU types
/// took 0.9 s and 50,000 took 13.5 s when duplicate names were found by a linear scan).
func runValidateScaleBenchmark() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "dse-validate-bench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    print("validate: Mélange files with n GPU types (each a 2 x 2 throughput table)")
    print("        n   format  file MB   seconds   µs per GPU type")
    for n in [10_000, 50_000, 200_000, 600_000] {
        var yaml = "family: melange\ngpus:\n"
        var json = #"{"gpu_info": {"#
        for g in 0..<n {
            yaml +=
                """
                  - {name: G\(g), price_per_hour: \(1 + g % 7), throughput_rps: [[2, 1], [5, \
                2]]}\n
                """
            json +=
                (g == 0 ? "" : ", ")
                + #""G\#(g)": {"cost": \#(1 + g % 7), "tputs": [[2, 1], [5, 2]]}"#
        }
        yaml +=
            """
            workload: {shares: [[0.2, 0.1], [0.5, 0.2]]}\ntotal_request_rate_rps: \
            30\nslice_factor: 1\n
            """
        json +=
            #"""
            }, "workload_distribution": [[0.2, 0.1], [0.5, 0.2]], "total_request_rate": 30, \#
            "slice_factor": 1}
            """#
        for (format, text) in [("yaml", yaml), ("json", json)] {
            let path = directory.appendingPathComponent("gpus-\(n).\(format)").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let (problem, seconds) = try time { try ProblemFile.load(path) }
            guard (problem as? MelangeProblem)?.instance.gpus.count == n else {
                fatalError("wrong instance")
            }
            print(
                String(
                    format: "  %7d   %-6@  %7.1f  %8.2f   %8.1f", n, format,
                    Double(text.utf8.count) / 1e6, seconds, seconds / Double(n) * 1e6))
        }
    }
}
