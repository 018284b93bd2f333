import Foundation
import TestSupport
import Testing

/// `dse cost dataflow` and `dse solve` on nasaic problems, through the real executable.
@Suite struct NasaicCLITests {
    @Test func costDataflowPrintsTheIssueKeys() throws {
        let run = try CLITests.dse("cost", "dataflow", "--template", "dla", "--pes", "16", "--noc-bw", "64", "--layer", "conv:K=16,C=8,R=1,S=1,Y=4,X=4", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let object = try CLITests.json(run.stdout)
        for key in ["runtime_cycles", "energy", "area", "l1_bytes", "l2_bytes", "macs", "utilization"] { #expect(object[key] != nil, "\(key)") }
        #expect(object["runtime_cycles"] as? Double == 134)
        #expect(object["macs"] as? Double == 2048)
        let text = try CLITests.dse("cost", "dataflow", "--template", "rs", "--pes", "256", "--noc-bw", "32", "--layer", "dwconv:C=32,R=3,S=3,Y=30,X=30")
        #expect(text.status == 0)
        #expect(text.stdout.contains("runtime"))
        let fc = try CLITests.dse("cost", "dataflow", "--template", "shi", "--pes", "64", "--noc-bw", "16", "--layer", "fc:K=10,C=512", "--json")
        #expect(fc.status == 0)
    }

    @Test func costDataflowRejectsBadInput() throws {
        let layer = try CLITests.dse("cost", "dataflow", "--template", "dla", "--pes", "16", "--noc-bw", "64", "--layer", "conv:K=16,C=8")
        #expect(layer.status == 2)
        #expect(layer.stderr.contains("X is missing") || layer.stderr.contains("is missing"))
        let template = try CLITests.dse("cost", "dataflow", "--template", "tpu", "--pes", "16", "--noc-bw", "64", "--layer", "fc:K=1,C=1")
        #expect(template.status == 2)
        let pes = try CLITests.dse("cost", "dataflow", "--template", "dla", "--pes", "0", "--noc-bw", "64", "--layer", "fc:K=1,C=1")
        #expect(pes.status == 2)
        #expect(pes.stderr.contains("PE count"))
    }

    @Test func solvesTheBundledWorkload() throws {
        let directory = try makeTemporaryDirectory()
        // The bundled W1 workload with a smaller budget (the full 500 episodes are for release builds).
        let original = try String(contentsOf: packageRoot.appendingPathComponent("problems/nasaic/w1-classification-segmentation.yaml"), encoding: .utf8)
        let shortened = original.replacingOccurrences(of: "budget: 500", with: "budget: 30")
        let path = try writeFile(shortened, named: "w1.yaml", in: directory)
        let run = try CLITests.dse("solve", path, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let object = try CLITests.json(run.stdout)
        #expect(object["family"] as? String == "nasaic")
        #expect(object["status"] as? String == "feasible")
        let result = try #require(object["result"] as? [String: Any])
        #expect(result["hardware_ilp_equals_brute_force"] as? Bool == true)
        let best = try #require(result["best"] as? [String: Any])
        #expect((best["spec_violations"] as? [Any])?.isEmpty == true)
        #expect((best["latency_cycles"] as? Double ?? .infinity) <= 1.5e6)
        #expect((result["accuracy_source"] as? [String: String])?["classification"]?.contains("synthetic") == true)
    }
}
