import CostModels
import Foundation
import TestSupport
import Testing

/// The dataflow cost model against the real MAESTRO binary's outputs (`Tests/Data/maestro/`):
/// the shared dev rows, and 300 cases generated for this repository on layers and dataflows the
/// model was not developed on. Counts must be exact, printed floats equal to MAESTRO's 6 digits.
@Suite("Agreement with MAESTRO")
struct MaestroAgreementTests {
    static let data = packageRoot.appendingPathComponent("Tests/Data/maestro")

    /// `Resnet50_rs.m`'s block for its 1×1 layers (CONV2_2_1) and FC1000, as the dev data's README
    /// gives it (the rows of this variant with S > 1 are MAESTRO artefacts, `golden_ok = 0`).
    static func resnetRowStationary(fc: Bool) throws -> DataflowBlock {
        let text = """
            Dataflow { TemporalMap(2,2) K; TemporalMap(4,4) C; TemporalMap(Sz(R),Sz(R)) R; \
            SpatialMap(Sz(R),1) Y; TemporalMap(Sz(S),1) X;
              Cluster(\(fc ? 9 : 3),P); SpatialMap(1,1) X; SpatialMap(1,1) S; \
            TemporalMap(Sz(S),Sz(S)) S; }
            """
        return try #require(try MaestroMappingFile(text: text).dataflows.first)
    }

    static func int(_ row: [String: String], _ key: String) -> Int {
        Int(row[key] ?? "") ?? Int(Double(row[key] ?? "") ?? .nan)
    }
    static func double(_ row: [String: String], _ key: String) -> Double {
        Double(row[key] ?? "") ?? .nan
    }

    /// Every output MAESTRO prints, compared; returns the mismatches.
    static func mismatches(
        _ cost: DataflowCost, _ row: [String: String], energyKey: String = "exact_total_energy_xmac"
    ) -> [String] {
        var out: [String] = []
        func exact(_ name: String, _ value: Int) {
            if value != int(row, name) {
                out.append("\(name): \(value) vs MAESTRO \(row[name] ?? "")")
            }
        }
        func close(_ name: String, _ value: Double, relative: Double = 1e-5) {
            let reference = double(row, name)
            if abs(value - reference) > relative * max(abs(reference), 1) {
                out.append("\(name): \(value) vs MAESTRO \(reference)")
            }
        }
        exact("runtime_cycles", cost.runtimeCycles)
        exact("num_macs", cost.macs)
        for (name, tensor) in zip(["input", "filter", "output"], cost.tensors) {
            exact("\(name)_l1_read", tensor.l1Reads)
            exact("\(name)_l1_write", tensor.l1Writes)
            exact("\(name)_l2_read", tensor.l2Reads)
            exact("\(name)_l2_write", tensor.l2Writes)
            exact("\(name)_l1_size_req", tensor.l1SizeRequired)
            exact("\(name)_l2_size_req", tensor.l2SizeRequired)
        }
        exact("l1_size_req", cost.l1ElementsRequired)
        exact("l2_size_req", cost.l2ElementsRequired)
        close(energyKey, cost.energyUnits, relative: 1e-9)
        close("area", cost.areaSquareMicrometres)
        close("power", cost.powerMilliwatts)
        close("peak_bw_req", Double(cost.peakBandwidth))
        close("avg_bw_req", cost.averageBandwidth)
        close("avg_utilized_pes", cost.averageUtilizedPEs)
        close("offchip_bw_req", Double(cost.offChipBandwidthRequired))
        for (name, delay) in [
            ("ingress", cost.ingressDelay), ("egress", cost.egressDelay),
            ("compute", cost.computeDelay),
        ] {
            exact("\(name)_delay_min", delay.min)
            exact("\(name)_delay_max", delay.max)
            exact("\(name)_delay_avg", delay.average)
        }
        return out
    }

    @Test(
        """
        Dev rows (golden_ok = 1): every count exact, every printed value within MAESTRO's 6 \
        digits, via the built-in templates
        """
    )
    func devRows() throws {
        let rows = try csvRows(Self.data.appendingPathComponent("maestro_golden_dev.csv")).filter {
            $0["golden_ok"] == "1"
        }
        #expect(rows.count == 166)
        var compared = 0
        for row in rows {
            let k = Self.int(row, "K")
            let c = Self.int(row, "C")
            let r = Self.int(row, "R")
            let s = Self.int(row, "S")
            let y = Self.int(row, "Y")
            let x = Self.int(row, "X")
            let stride = Self.int(row, "stride")
            let layer: DataflowLayer =
                row["layer_type"] == "DSCONV"
                ? .dwconv(C: c, R: r, S: s, Y: y, X: x, stride: stride)
                : .conv(K: k, C: c, R: r, S: s, Y: y, X: x, stride: stride)
            let hardware = DataflowHardware(
                processingElements: Self.int(row, "num_pes"), nocBandwidth: Self.int(row, "noc_bw"),
                offChipBandwidth: 1_000_000_000)
            let cost: DataflowCost
            if row["dataflow"] == "rs" && row["dataflow_variant"] == "mapping_file" {
                let block = try Self.resnetRowStationary(
                    fc: row["dataflow_source"]?.hasSuffix("FC1000") == true)
                cost = try DataflowCostModel.evaluate(
                    MaestroLayer(
                        name: layer.text, type: layer.maestroType,
                        dimensions: layer.maestroDimensions, dataflow: block),
                    hardware: hardware)
            } else {
                let template = try #require(DataflowTemplate(rawValue: row["dataflow"] ?? ""))
                cost = try DataflowCostModel.evaluate(layer, template: template, hardware: hardware)
            }
            let wrong = Self.mismatches(cost, row)
            #expect(
                wrong.isEmpty,
                """
                \(row["layer_id"] ?? "") \(row["dataflow"] ?? "") \(row["num_pes"] ?? "") PEs \
                bw \(row["noc_bw"] ?? ""): \(wrong)
                """
            )
            compared += 1
        }
        #expect(compared == 166)
    }

    @Test(
        """
        Generated cases: random layers with the templates' blocks and random dataflows, on \
        random hardware (hop latency, SIMD lanes, off-chip bandwidth)
        """
    )
    func generatedCases() throws {
        let rows = try csvRows(Self.data.appendingPathComponent("maestro_generated_cases.csv"))
        #expect(rows.count == 300)
        for (index, row) in rows.enumerated() {
            let block = try #require(
                try MaestroMappingFile(text: "Dataflow {\n\(row["dataflow"] ?? "")\n}").dataflows
                    .first)
            let type = try #require(MaestroLayer.LayerType(rawValue: row["layer_type"] ?? ""))
            let stride = Self.int(row, "stride")
            let dimensions = [
                MaestroLayer.Dimension(.K, Self.int(row, "K")),
                MaestroLayer.Dimension(.C, Self.int(row, "C")),
                MaestroLayer.Dimension(.R, Self.int(row, "R")),
                MaestroLayer.Dimension(.S, Self.int(row, "S")),
                MaestroLayer.Dimension(.Y, Self.int(row, "Y"), stride: stride),
                MaestroLayer.Dimension(.X, Self.int(row, "X"), stride: stride),
            ]
            let hardware = DataflowHardware(
                processingElements: Self.int(row, "num_pes"), nocBandwidth: Self.int(row, "noc_bw"),
                hopLatencyCycles: Self.int(row, "noc_hop_latency"),
                simdLanes: Self.int(row, "num_simd_lanes"),
                offChipBandwidth: Self.int(row, "offchip_bw"))
            let cost = try DataflowCostModel.evaluate(
                MaestroLayer(
                    name: "case\(index)", type: type, dimensions: dimensions, dataflow: block),
                hardware: hardware)
            let wrong = Self.mismatches(cost, row)
            #expect(wrong.isEmpty, "case \(index) (\(row["kind"] ?? "")): \(wrong)")
        }
    }

    @Test("MAESTRO's depthwise convention (K: 1) and the K = C form give MAESTRO's numbers alike")
    func depthwiseConventions() throws {
        let row = try #require(
            try csvRows(Self.data.appendingPathComponent("maestro_golden_dev.csv"))
                .first {
                    $0["layer_id"] == "mbv2_dw3x3_144_56" && $0["dataflow"] == "dla"
                        && $0["num_pes"] == "256" && $0["noc_bw"] == "32"
                })
        let hardware = DataflowHardware(
            processingElements: 256, nocBandwidth: 32, offChipBandwidth: 1_000_000_000)
        let maestroForm = try DataflowLayer(text: "dwconv:K=1,C=144,R=3,S=3,Y=56,X=56")
        let kEqualsC = try DataflowLayer(text: "dwconv:K=144,C=144,R=3,S=3,Y=56,X=56")
        for layer in [maestroForm, kEqualsC] {
            #expect(
                Self.mismatches(
                    try DataflowCostModel.evaluate(layer, template: .dla, hardware: hardware), row
                ).isEmpty)
        }
        let file = """
            Network MobileNetV2 {
              Layer DW { Type: DSCONV  Stride { X: 1, Y: 1 }  Dimensions { K: 144, C: 144, R: 3, \
            S: 3, Y: 56, X: 56 }
                Dataflow { SpatialMap(1,1) C; TemporalMap(Sz(R),1) Y; TemporalMap(Sz(S),1) X; \
            TemporalMap(Sz(R),Sz(R)) R; TemporalMap(Sz(S),Sz(S)) S; } }
            }
            """
        let layer = try #require(try MaestroMappingFile(text: file).layers.first)
        #expect(
            Self.mismatches(try DataflowCostModel.evaluate(layer, hardware: hardware), row).isEmpty)
    }
}
