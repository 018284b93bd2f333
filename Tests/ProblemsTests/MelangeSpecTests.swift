import CostModels
import Foundation
import LinearModel
import Problems
import TestSupport
import Testing

/// Mélange files that describe GPUs by spec: the throughput table comes from the roofline model.
@Suite struct MelangeSpecTests {
    static let specFile = """
        family: melange
        model: llama-2-7b
        tpot_slo_ms: 120
        gpus:
          - {name: L4, catalog: L4}
          - {name: fast, price_per_hour: 2, memory_gb: 40, bandwidth_gbps: 1000, fp16_tflops: 200}
          - {name: A100, catalog: A100-80GB, price_per_hour: 3.5}
        input_token_edges: [1, 100, 1000]
        output_token_edges: [1, 200]
        workload: {shares: [[0.5], [0.5]]}
        total_request_rate_rps: 10
        slice_factor: 2

        """

    static func load(_ text: String) throws -> MelangeProblem {
        let path = try writeFile(text, named: "spec.yaml", in: try makeTemporaryDirectory())
        return try #require(try ProblemFile.load(path) as? MelangeProblem)
    }

    @Test func throughputsComeFromTheRooflineAtBucketMidpoints() throws {
        let problem = try Self.load(Self.specFile)
        let card = try #require(ModelCatalog.card(named: "llama-2-7b"))
        let roofline = LLMServingRoofline()
        let l4 = try #require(GPUCatalog.spec(named: "L4"))
        let fast = GPUSpec(name: "fast", memoryGB: 40, bandwidthGBps: 1000, fp16TFLOPS: 200)
        // Buckets: inputs 1–100 (midpoint 50.5) and 100–1000 (550); outputs 1–200 (100.5).
        for (g, spec) in [(0, l4), (1, fast)] {
            let expected = [50.5, 550].map {
                roofline.estimate(
                    spec, card, inputTokens: $0, outputTokens: 100.5, tpotSLOSeconds: 0.12
                ).requestsPerSecond
            }
            #expect(problem.instance.gpus[g].throughputs == expected)
        }
        #expect(problem.instance.gpus[0].pricePerHour == 0.70)  // the catalog's
        #expect(problem.instance.gpus[2].pricePerHour == 3.5)  // the file's override
        #expect(
            problem.instance.bucketLabels == ["in 1-100 x out 1-200", "in 100-1000 x out 1-200"])
        let result = try #require(try problem.solve(options: SolveOptions()) as? MelangeResult)
        #expect(result.solution.termination == .optimal)
        #expect(result.checkProblems.isEmpty)
    }

    @Test func specMistakesNameTheField() throws {
        func error(_ old: String, _ new: String) throws -> ProblemFileError {
            #expect(Self.specFile.contains(old))
            let path = try writeFile(
                Self.specFile.replacingOccurrences(of: old, with: new), named: "s.yaml",
                in: try makeTemporaryDirectory())
            return try #require(throws: ProblemFileError.self) { try ProblemFile.load(path) }
        }
        let gpu = try error("catalog: L4}", "catalog: B300}")
        #expect(gpu.path == "gpus[0].catalog")
        #expect(gpu.message.contains("no GPU 'B300' in the catalog"))
        let model = try error("model: llama-2-7b", "model: gpt-5")
        #expect(model.path == "model")
        #expect(model.line == 2)
        let slo = try error("tpot_slo_ms: 120\n", "")
        #expect(slo.path == "tpot_slo_ms")
        let both = try error(
            "{name: L4, catalog: L4}", "{name: L4, catalog: L4, throughput_rps: [[1], [1]]}")
        #expect(both.path == "gpus[0]")
        #expect(both.message.contains("not both"))
        let missing = try error("bandwidth_gbps: 1000, ", "")
        #expect(missing.path == "gpus[1]")
        #expect(missing.message.contains("bandwidth_gbps is missing"))
        let edges = try error("input_token_edges: [1, 100, 1000]\n", "")
        #expect(edges.message.contains("input_token_edges"))
        let negative = try error("memory_gb: 40", "memory_gb: -40")
        #expect(negative.path == "gpus[1].memory_gb")
    }

    @Test(arguments: ["arena", "pubmed", "mixed"], [40, 120])
    func paperSettingsSolveAndObeyTheBounds(workload: String, slo: Int) throws {
        let path = packageRoot.appendingPathComponent(
            "problems/melange/paper-\(workload)-tpot\(slo)ms.yaml"
        ).path
        let problem = try #require(try ProblemFile.load(path) as? MelangeProblem)
        #expect(problem.instance.gpus.map(\.name) == ["L4", "A10G", "A100-80GB", "H100"])
        #expect(abs(problem.instance.bucketRates.reduce(0, +) - 8) < 1e-6)
        let result = try problem.solve(options: SolveOptions(), formulation: .slicesPerType)
        #expect(result.solution.termination == .optimal)
        #expect(result.checkProblems.isEmpty)
        let cost = try #require(result.costPerHour)
        let single = try #require(problem.instance.bestSingleType)
        #expect(cost <= single.costPerHour + 1e-9)
        var fluid = problem.instance
        fluid.sliceFactor = .fluid
        let bound = try #require(
            try MelangeProblem(instance: fluid).solve(
                options: SolveOptions(), formulation: .slicesPerType
            ).costPerHour)
        #expect(bound <= cost + 1e-9)
    }
}
