import CSV
import Foundation

/// Reads the published per-layer data kept in `problems/mixed-precision/data/` (see its README):
/// HAWQ-V3's ILP inputs and OHQ-style mask-KL sensitivities.
enum PublishedLayerData {
    struct HAWQRow {
        var layer: String
        var hessianTracePerParameter: Double
        var deltaSquared8: Double
        var deltaSquared4: Double
        var weights: Double
        var macs: Double
        var latencyInt4: Double
        var latencyInt8: Double
    }

    static func rows(_ path: String, from node: SpecNode) throws(ProblemFileError) -> [[String: String]] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw node.error("cannot read \(path)")
        }
        do {
            let reader = try CSVReader(string: text, hasHeaderRow: true)
            guard let header = reader.headerRow else { throw node.error("\(path) has no header row") }
            var rows: [[String: String]] = []
            while let row = reader.next() {
                rows.append(Dictionary(zip(header, row), uniquingKeysWith: { first, _ in first }))
            }
            return rows
        } catch let error as ProblemFileError {
            throw error
        } catch {
            throw node.error("\(path) is not valid CSV: \(error)")
        }
    }

    static func hawq(_ path: String, from node: SpecNode) throws(ProblemFileError) -> [HAWQRow] {
        var result: [HAWQRow] = []
        for (k, row) in try rows(path, from: node).enumerated() {
            func number(_ column: String) throws(ProblemFileError) -> Double {
                guard let text = row[column], let value = Double(text), value.isFinite else {
                    throw node.error("\(path) line \(k + 2): column \(column) is missing or not a finite number")
                }
                return value
            }
            result.append(HAWQRow(layer: row["layer"] ?? "layer\(k)", hessianTracePerParameter: try number("hessian_trace_per_param"),
                                  deltaSquared8: try number("delta_w8_sq"), deltaSquared4: try number("delta_w4_sq"),
                                  weights: try number("num_weights"), macs: try number("macs_millions") * 1e6,
                                  latencyInt4: try number("latency_int4"), latencyInt8: try number("latency_int8")))
        }
        return result
    }

    /// KL divergence per (HAWQ layer name, mask ratio).
    static func maskKL(_ path: String, from node: SpecNode) throws(ProblemFileError) -> [String: [Double: Double]] {
        var result: [String: [Double: Double]] = [:]
        for (k, row) in try rows(path, from: node).enumerated() {
            guard let layer = row["hawq_layer"], !layer.isEmpty else { continue }
            guard let ratio = row["mask_ratio"].flatMap(Double.init), let kl = row["kl_divergence"].flatMap(Double.init), kl.isFinite else {
                throw node.error("\(path) line \(k + 2): mask_ratio or kl_divergence is not a number")
            }
            result[layer, default: [:]][ratio] = kl
        }
        return result
    }
}
