import Foundation
import LinearModel
import Problems

/// The repository root (Benchmarks/ is one level down).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

func loadMelange(_ relativePath: String, replacingGPUs gpus: String? = nil) throws -> MelangeProblem
{
    var text = try String(
        contentsOf: repositoryRoot.appendingPathComponent(relativePath), encoding: .utf8)
    if let gpus, let start = text.range(of: "gpus:\n"),
        let end = text.range(of: "input_token_edges:")
    {
        text.replaceSubrange(start.lowerBound..<end.lowerBound, with: "gpus:\n" + gpus)
    }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
        "melange-\(UUID().uuidString).yaml"
    ).path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    guard let problem = try ProblemFile.load(path) as? MelangeProblem else {
        throw CocoaError(.fileReadCorruptFile)
    }
    return problem
}

/// The instance at another total rate (shares unchanged).
func scaled(_ instance: MelangeInstance, toRate rate: Double) -> MelangeInstance {
    var copy = instance
    let total = instance.bucketRates.reduce(0, +)
    copy.bucketRates = instance.bucketRates.map { $0 * rate / total }
    return copy
}

/// The authors' JSON config for an instance (types that cannot serve a bucket get throughput 0).
func authorsJSON(_ instance: MelangeInstance, rows: Int) -> String {
    let columns = instance.bucketRates.count / rows
    let total = instance.bucketRates.reduce(0, +)
    func table(_ values: [Double]) -> String {
        "["
            + (0..<rows).map { i in
                "["
                    + (0..<columns).map { j in "\(values[i * columns + j])" }.joined(
                        separator: ", ") + "]"
            }.joined(separator: ", ") + "]"
    }
    let gpus = instance.gpus.map {
        "\"\($0.name)\": {\"cost\": \($0.pricePerHour), \"tputs\": \(table($0.throughputs))}"
    }
    guard case .slices(let sf) = instance.sliceFactor else { return "" }
    return
        """
        {\"gpu_info\": {\(gpus.joined(separator: ", "))}, \"workload_distribution\": \
        \(table(instance.bucketRates.map { $0 / total })), 
        """
            + "\"total_request_rate\": \(total), \"slice_factor\": \(sf)}\n"
}

/// The paper's Mixed workload at a 120 ms TPOT SLO with six GPU types (T4, L4, A10G, L40S,
/// A100-80GB, H100), throughputs from the roofline model.
func mixedWorkloadWithSixTypes() throws -> MelangeInstance {
    let sixTypes = """
          - {name: T4, catalog: T4}
          - {name: L4, catalog: L4}
          - {name: A10G, catalog: A10G}
          - {name: L40S, catalog: L40S}
          - {name: A100-80GB, catalog: A100-80GB}
          - {name: H100, catalog: H100-80GB}

        """
    return try loadMelange("problems/melange/paper-mixed-tpot120ms.yaml", replacingGPUs: sixTypes)
        .instance
}

func runMelangeSolverBenchmark(exportTo directory: String?) throws {
    let base = try mixedWorkloadWithSixTypes()
    print(
        "Mélange: our slices-per-type ILP vs the authors' binary-per-slice ILP, both through GLPK")
    print(
        """
        Instances: the paper's Mixed workload, 9 x 6 buckets, 6 GPU types (T4, L4, A10G, L40S, \
        A100-80GB, H100),
        """
    )
    print("throughputs from the roofline model at a 120 ms TPOT SLO; time limit 60 s each.")
    print("")
    print(
        """
          rate  sf    ours: time     cost   vars       authors': time     cost    status       \
        vars
        """
    )
    if let directory {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true)
    }
    for rate in [4.0, 32.0] {
        for sf in [1, 4, 8, 16, 32] {
            var instance = scaled(base, toRate: rate)
            instance.sliceFactor = .slices(sf)
            let problem = MelangeProblem(instance: instance)
            let options = SolveOptions(timeLimitSeconds: 60)
            let (ours, oursTime) = try time {
                try problem.solve(options: options, formulation: .slicesPerType)
            }
            let (theirs, theirsTime) = try time {
                try problem.solve(options: options, formulation: .binaryPerSlice)
            }
            let oursVars = try MelangeFormulation(instance, kind: .slicesPerType).model
                .variableCount
            let theirsVars = try MelangeFormulation(instance, kind: .binaryPerSlice).model
                .variableCount
            print(
                String(
                    format: "  %4.0f  %2d   %9.3f s  %7.2f  %5d   %12.3f s  %7.2f    %-14@ %5d",
                    rate, sf, oursTime, ours.costPerHour ?? .nan,
                    oursVars, theirsTime, theirs.costPerHour ?? .nan,
                    theirs.solution.status.rawValue as NSString, theirsVars))
            if let directory {
                let name = "mixed-rate\(Int(rate))-sf\(sf).json"
                try authorsJSON(instance, rows: 9).write(
                    toFile: (directory as NSString).appendingPathComponent(name), atomically: true,
                    encoding: .utf8)
            }
        }
    }
    if let directory {
        print(
            """
            \nInstances written in the authors' JSON format to \(directory) (for \
            scripts/melange-pulp-cbc.py).
            """
        )
    }
}

func runMelangePaperSweep() throws {
    print(
        """
        Mélange paper settings with DSEKit's roofline throughputs: cost and saving vs the best \
        single GPU type
        """
    )
    print("(slice factor 4; the paper reports savings up to 77 % Arena, 33 % PubMed, 51 % Mixed)")
    for workload in ["arena", "pubmed", "mixed"] {
        for slo in [40, 120] {
            let problem = try loadMelange("problems/melange/paper-\(workload)-tpot\(slo)ms.yaml")
            var cells: [String] = []
            var best = 0.0
            for rate in [1.0, 2, 4, 8, 16, 32] {
                let result = try MelangeProblem(instance: scaled(problem.instance, toRate: rate))
                    .solve(options: SolveOptions(), formulation: .slicesPerType)
                let saving = result.savingVersusBestSingleType ?? .nan
                best = max(best, saving)
                cells.append(String(format: "%5.1f%%", saving * 100))
            }
            print(
                String(format: "  %-7@ %3d ms: ", workload as NSString, slo)
                    + cells.joined(separator: " ") + String(format: "   max %.0f %%", best * 100))
        }
    }
    print("  (columns: 1, 2, 4, 8, 16, 32 requests/s)")
}
