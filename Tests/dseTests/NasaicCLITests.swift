import Foundation
import TestSupport
import Testing

/// `dse cost dataflow` and `dse solve` on nasaic problems, through the real executable.
@Suite struct NasaicCLITests {
    @Test func costDataflowPrintsMaestrosNames() throws {
        // The shared dev data's first ResNet-50 row: CONV2_1_2 on dla, 256 PEs, NoC 32 (off-chip
        // unlimited there).
        let run = try CLITests.dse(
            "cost", "dataflow", "--template", "dla", "--pes", "256", "--noc-bw", "32",
            "--offchip-bw", "1000000000",
            "--layer", "conv:K=64,C=64,R=3,S=3,Y=56,X=56", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let object = try CLITests.json(run.stdout)
        for key in [
            "runtime_cycles", "num_macs", "avg_utilized_pes", "total_energy_xmac", "energy_pj",
            "area", "power", "pe_power", "l1_power",
            "l2_power", "noc_power", "peak_bw_req", "avg_bw_req", "offchip_bw_req", "l1_size_req",
            "l2_size_req", "bound",
            "input_l1_read", "filter_l2_write", "output_l2_size_req", "ingress_delay_avg",
            "compute_delay_max",
        ] {
            #expect(object[key] != nil, "\(key)")
        }
        #expect(object["runtime_cycles"] as? Double == 2_053_358)
        #expect(object["num_macs"] as? Double == 107_495_424)
        #expect(object["l2_size_req"] as? Double == 5768)
        #expect(object["input_l2_read"] as? Double == 9_281_088)
        let text = try CLITests.dse(
            "cost", "dataflow", "--template", "rs", "--pes", "256", "--noc-bw", "32", "--layer",
            "dwconv:C=32,R=3,S=3,Y=30,X=30")
        #expect(text.status == 0)
        #expect(text.stdout.contains("runtime") && text.stdout.contains("L2 read"))
        let fc = try CLITests.dse(
            "cost", "dataflow", "--template", "shi", "--pes", "64", "--noc-bw", "16", "--layer",
            "fc:K=10,C=512", "--json")
        #expect(fc.status == 0, "\(fc.stderr)")
    }

    @Test func costDataflowReadsMaestroFiles() throws {
        let directory = try makeTemporaryDirectory()
        let mapping = try writeFile(
            """
            Network N {
              Layer CONV1 { Type: CONV Stride { X: 1, Y: 1 } Dimensions { K: 64, C: 64, R: 3, S: \
            3, Y: 56, X: 56 }
                Dataflow { SpatialMap(1,1) K; TemporalMap(64,64) C; TemporalMap(Sz(R),Sz(R)) R; \
            TemporalMap(Sz(S),Sz(S)) S; TemporalMap(Sz(R),1) Y;
                           TemporalMap(Sz(S),1) X; Cluster(64, P); SpatialMap(1,1) C; \
            TemporalMap(Sz(R),1) Y; TemporalMap(Sz(S),1) X;
                           TemporalMap(Sz(R),Sz(R)) R; TemporalMap(Sz(S),Sz(S)) S; } }
              Layer CONV2 { Type: CONV Dimensions { K: 64, C: 256, R: 1, S: 1, Y: 56, X: 56 } }
            }
            """, named: "net.m", in: directory)
        let one = try CLITests.dse(
            "cost", "dataflow", "--mapping", mapping, "--layer", "CONV1", "--pes", "256",
            "--noc-bw", "32", "--offchip-bw", "1000000000", "--json")
        #expect(one.status == 0, "\(one.stderr)")
        #expect(try CLITests.json(one.stdout)["runtime_cycles"] as? Double == 2_053_358)
        let all = try CLITests.dse(
            "cost", "dataflow", "--mapping", mapping, "--pes", "256", "--noc-bw", "32",
            "--offchip-bw", "1000000000", "--json")
        let network = try CLITests.json(all.stdout)
        #expect((network["layers"] as? [Any])?.count == 2)
        #expect(network["runtime_cycles"] as? Double == Double(2_053_358 + 803_110))
        let misspelt = try CLITests.dse(
            "cost", "dataflow", "--mapping", mapping, "--layer", "CONV3", "--pes", "256",
            "--noc-bw", "32")
        #expect(misspelt.status == 2)
        #expect(
            misspelt.stderr.contains("did you mean 'CONV1'?")
                || misspelt.stderr.contains("did you mean 'CONV2'?"))
        let block = try writeFile(
            """
            Dataflow {\n SpatialMap(1,1) C; TemporalMap(Sz(R),1) Y; TemporalMap(Sz(S),1) X; \
            TemporalMap(Sz(R),Sz(R)) R; TemporalMap(Sz(S),Sz(S)) S;\n}\n
            """,
            named: "dpt.m", in: directory)
        let dataflow = try CLITests.dse(
            "cost", "dataflow", "--dataflow", block, "--layer", "dwconv:C=144,R=3,S=3,Y=56,X=56",
            "--pes", "256", "--noc-bw", "32",
            "--offchip-bw", "1000000000", "--json")
        let template = try CLITests.dse(
            "cost", "dataflow", "--template", "dla", "--layer", "dwconv:C=144,R=3,S=3,Y=56,X=56",
            "--pes", "256", "--noc-bw", "32",
            "--offchip-bw", "1000000000", "--json")
        #expect(dataflow.status == 0 && dataflow.stdout == template.stdout)
    }

    @Test func costDataflowRejectsBadInput() throws {
        let layer = try CLITests.dse(
            "cost", "dataflow", "--template", "dla", "--pes", "16", "--noc-bw", "64", "--layer",
            "conv:K=16,C=8")
        #expect(layer.status == 2)
        #expect(layer.stderr.contains("is missing"))
        let template = try CLITests.dse(
            "cost", "dataflow", "--template", "sih", "--pes", "16", "--noc-bw", "64", "--layer",
            "fc:K=1,C=1")
        #expect(template.status == 2)
        #expect(template.stderr.contains("did you mean 'shi'?"))
        let pes = try CLITests.dse(
            "cost", "dataflow", "--template", "dla", "--pes", "0", "--noc-bw", "64", "--layer",
            "fc:K=1,C=1")
        #expect(pes.status == 2)
        #expect(pes.stderr.contains("PE count"))
        let small = try CLITests.dse(
            "cost", "dataflow", "--template", "dla", "--pes", "16", "--noc-bw", "64", "--layer",
            "fc:K=1,C=1")
        #expect(small.status == 2)
        #expect(small.stderr.contains("at least 64 PEs"))
        let directory = try makeTemporaryDirectory()
        let bad = try writeFile(
            """
            Network N {\n Layer L {\n Type: CONV\n Dimensions { K: 4, C: 4, R: 3, S: 3, Y: 8, \
            X: 8 }\n Dataflow {\n TemporalMap(1,1) R;\n }\n }\n}\n
            """,
            named: "bad.m", in: directory)
        let run = try CLITests.dse(
            "cost", "dataflow", "--mapping", bad, "--pes", "64", "--noc-bw", "8")
        #expect(run.status == 3)
        #expect(run.stderr.hasPrefix("dse: \(bad):6: TemporalMap of R"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
        let missing = try CLITests.dse(
            "cost", "dataflow", "--mapping", directory.appendingPathComponent("none.m").path,
            "--pes", "64", "--noc-bw", "8")
        #expect(missing.status == 3)
        let both = try CLITests.dse(
            "cost", "dataflow", "--template", "dla", "--mapping", bad, "--pes", "64", "--noc-bw",
            "8")
        #expect(both.status == 2)
    }

    @Test func solvesTheBundledWorkload() throws {
        let directory = try makeTemporaryDirectory()
        // The bundled W1 workload with a smaller budget (the full 500 episodes are for release
        // builds).
        let original = try String(
            contentsOf: packageRoot.appendingPathComponent(
                "problems/nasaic/w1-classification-segmentation.yaml"), encoding: .utf8)
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
        #expect(
            (result["accuracy_source"] as? [String: String])?["classification"]?.contains(
                "synthetic") == true)
    }
}
