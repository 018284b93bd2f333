import CostModels
import Foundation
import Reports

let maestroData = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../../../Tests/Data/maestro").standardized

/// `dse-bench dataflow-vs-maestro`: DSEKit's dataflow cost model against the real MAESTRO
/// binary's outputs (`Tests/Data/maestro/`): per template and set, the median and worst relative
/// error in runtime, total energy, L2 reads and buffer sizes (L1 + L2), and how many rows are
/// within 1 % on all of them. The dev rows are the shared data's `golden_ok = 1` rows; the
/// generated ones are layers and dataflows the model was not developed on.
func runDataflowAgreement() throws {
    struct Row {
        var set: String
        var template: String
        var errors: [Double]
    }
    var rows: [Row] = []
    func number(_ table: ResultTable, _ row: [String], _ column: String) throws -> Double {
        Double(row[try table.index(of: column)]) ?? .nan
    }
    func errors(_ cost: DataflowCost, _ table: ResultTable, _ row: [String]) throws -> [Double] {
        func relative(_ value: Double, _ column: String) throws -> Double {
            let reference = try number(table, row, column)
            return abs(value - reference) / max(abs(reference), 1)
        }
        var l2Reads = 0.0
        for tensor in ["input", "filter", "output"] {
            l2Reads += try number(table, row, "\(tensor)_l2_read")
        }
        return [
            try relative(Double(cost.runtimeCycles), "runtime_cycles"),
            try relative(cost.energyUnits, "exact_total_energy_xmac"),
            abs(Double(cost.l2Reads) - l2Reads) / max(l2Reads, 1),
            try relative(Double(cost.l1ElementsRequired), "l1_size_req"),
            try relative(Double(cost.l2ElementsRequired), "l2_size_req"),
        ]
    }
    let dev = try ResultTable(
        path: maestroData.appendingPathComponent("maestro_golden_dev.csv").path)
    for row in dev.rows where row[try dev.index(of: "golden_ok")] == "1" {
        func int(_ column: String) throws -> Int { Int(try number(dev, row, column)) }
        let template = row[try dev.index(of: "dataflow")]
        let variant = row[try dev.index(of: "dataflow_variant")]
        let layer: DataflowLayer =
            row[try dev.index(of: "layer_type")] == "DSCONV"
            ? .dwconv(
                C: try int("C"), R: try int("R"), S: try int("S"), Y: try int("Y"), X: try int("X"),
                stride: try int("stride"))
            : .conv(
                K: try int("K"), C: try int("C"), R: try int("R"), S: try int("S"), Y: try int("Y"),
                X: try int("X"), stride: try int("stride"))
        let hardware = DataflowHardware(
            processingElements: try int("num_pes"), nocBandwidth: try int("noc_bw"),
            offChipBandwidth: 1_000_000_000)
        let cost: DataflowCost
        if template == "rs" && variant == "mapping_file" {
            let fc = row[try dev.index(of: "dataflow_source")].hasSuffix("FC1000")
            let text =
                """
                Dataflow { TemporalMap(2,2) K; TemporalMap(4,4) C; TemporalMap(Sz(R),Sz(R)) R; \
                SpatialMap(Sz(R),1) Y; TemporalMap(Sz(S),1) X; Cluster(\(fc ? 9 : 3),P); \
                SpatialMap(1,1) X; SpatialMap(1,1) S; TemporalMap(Sz(S),Sz(S)) S; }
                """
            guard let block = try MaestroMappingFile(text: text).dataflows.first else { continue }
            cost = try DataflowCostModel.evaluate(
                MaestroLayer(
                    name: "rs", type: layer.maestroType, dimensions: layer.maestroDimensions,
                    dataflow: block), hardware: hardware)
        } else {
            guard let chosen = DataflowTemplate(rawValue: template) else { continue }
            cost = try DataflowCostModel.evaluate(layer, template: chosen, hardware: hardware)
        }
        rows.append(
            Row(
                set: "dev",
                template: variant == "mapping_file" && template == "rs"
                    ? "rs (Resnet50_rs.m)" : template, errors: try errors(cost, dev, row)))
    }
    let generated = try ResultTable(
        path: maestroData.appendingPathComponent("maestro_generated_cases.csv").path)
    for row in generated.rows {
        func int(_ column: String) throws -> Int { Int(try number(generated, row, column)) }
        guard
            let block = try MaestroMappingFile(
                text: "Dataflow {\n\(row[try generated.index(of: "dataflow")])\n}"
            ).dataflows.first,
            let type = MaestroLayer.LayerType(rawValue: row[try generated.index(of: "layer_type")])
        else { continue }
        let stride = try int("stride")
        let layer = MaestroLayer(
            name: "case", type: type,
            dimensions: [
                .init(.K, try int("K")), .init(.C, try int("C")), .init(.R, try int("R")),
                .init(.S, try int("S")),
                .init(.Y, try int("Y"), stride: stride), .init(.X, try int("X"), stride: stride),
            ], dataflow: block)
        let hardware = DataflowHardware(
            processingElements: try int("num_pes"), nocBandwidth: try int("noc_bw"),
            hopLatencyCycles: try int("noc_hop_latency"),
            simdLanes: try int("num_simd_lanes"), offChipBandwidth: try int("offchip_bw"))
        let kind = row[try generated.index(of: "kind")]
        rows.append(
            Row(
                set: "generated", template: kind.replacingOccurrences(of: "template-", with: ""),
                errors: try errors(
                    try DataflowCostModel.evaluate(layer, hardware: hardware), generated, row)))
    }
    print(
        """
        DSEKit's dataflow model vs the MAESTRO binary (Tests/Data/maestro): relative error, \
        median / worst
        """
    )
    func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
    }
    print(
        pad("set", 11) + pad("mapping", 20) + "rows  "
            + ["runtime", "energy", "L2 reads", "L1 size", "L2 size"].map { pad($0, 20) }.joined()
            + "within 1 % (all five)")
    let groups = Dictionary(grouping: rows) { "\($0.set)|\($0.template)" }
    for key in groups.keys.sorted() {
        let group = groups[key] ?? []
        var line =
            pad(String(key.split(separator: "|")[0]), 11)
            + pad(String(key.split(separator: "|")[1]), 20) + pad(String(group.count), 6)
        for k in 0..<5 {
            let values = group.map { $0.errors[k] }
            line += pad(String(format: "%.2g / %.2g", median(values), values.max() ?? .nan), 20)
        }
        let within = group.filter { $0.errors.allSatisfy { $0 <= 0.01 } }.count
        line += "\(within)/\(group.count)"
        print(line)
    }
    let within = rows.filter { $0.errors.allSatisfy { $0 <= 0.01 } }.count
    let exact = rows.filter { $0.errors.allSatisfy { $0 == 0 || $0 < 1e-12 } }.count
    print(
        """
        all: \(rows.count) rows, \(within) within 1 % on all five, \(exact) with all five \
        equal to MAESTRO's
        """
    )
}
