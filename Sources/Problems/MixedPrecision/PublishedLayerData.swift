import CostModels
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

    /// One data row: its fields by column name and the line it starts on.
    struct Row {
        var fields: [String: String]
        var line: Int
    }

    /// The rows of the CSV file at `path` (strict CSV). Every row must have exactly the header's
    /// columns.
    static func rows(_ path: String, from node: SpecNode) throws(ProblemFileError) -> [Row] {
        let text = try ProblemFile.text(of: path, for: node)
        let name = InputExcerpt.of((path as NSString).lastPathComponent)
        let records: [CSVRecords.Record]
        do throws(CSVRecords.Fault) {
            records = try CSVRecords(text).records.filter { !$0.isBlank }
        } catch {
            throw node.error("\(name):\(error.line): \(error.message)")
        }
        guard let header = records.first?.fields, !header.isEmpty else {
            throw node.error("\(name) has no header row")
        }
        var seen = Set<String>()
        for column in header where !seen.insert(column).inserted {
            throw node.error(
                "\(name):\(records[0].line): column '\(InputExcerpt.of(column))' appears twice")
        }
        var rows: [Row] = []
        for record in records.dropFirst() {
            guard record.fields.count == header.count else {
                throw node.error(
                    """
                    \(name):\(record.line): \(record.fields.count) fields, but the header has \
                    \(header.count) columns
                    """
                )
            }
            rows.append(
                Row(
                    fields: Dictionary(uniqueKeysWithValues: zip(header, record.fields)),
                    line: record.line))
        }
        return rows
    }

    static func hawq(_ path: String, from node: SpecNode) throws(ProblemFileError) -> [HAWQRow] {
        let name = InputExcerpt.of((path as NSString).lastPathComponent)
        var result: [HAWQRow] = []
        var firstLine: [String: Int] = [:]
        for row in try rows(path, from: node) {
            /// A finite number ≥ 0 (> 0 when `positive`), at most `maximum`.
            func number(_ column: String, positive: Bool = false, maximum: Double = 1e12)
                throws(ProblemFileError) -> Double
            {
                guard let text = row.fields[column] else {
                    throw node.error("\(name) has no column \(column)")
                }
                guard let value = Double(text), value.isFinite else {
                    throw node.error(
                        """
                        \(name):\(row.line): \(column) '\(InputExcerpt.of(text, limit: 24))' \
                        is not a finite number
                        """
                    )
                }
                guard positive ? value > 0 : value >= 0 else {
                    throw node.error(
                        """
                        \(name):\(row.line): \(column) is \(JSONValue.format(value)); it must \
                        be \(positive ? "positive" : "at least 0")
                        """
                    )
                }
                guard value <= maximum else {
                    throw node.error(
                        """
                        \(name):\(row.line): \(column) is \(JSONValue.format(value)); it must \
                        be at most \(JSONValue.format(maximum))
                        """
                    )
                }
                return value
            }
            guard let layer = row.fields["layer"] else {
                throw node.error("\(name) has no column layer")
            }
            guard !layer.isEmpty else {
                throw node.error("\(name):\(row.line): the layer name is empty")
            }
            if let first = firstLine[layer] {
                throw node.error(
                    """
                    \(name):\(row.line): layer '\(InputExcerpt.of(layer))' appears twice \
                    (first on line \(first))
                    """
                )
            }
            firstLine[layer] = row.line
            result.append(
                HAWQRow(
                    layer: layer, hessianTracePerParameter: try number("hessian_trace_per_param"),
                    deltaSquared8: try number("delta_w8_sq"),
                    deltaSquared4: try number("delta_w4_sq"),
                    weights: try number("num_weights", positive: true, maximum: 1e13),
                    macs: try number("macs_millions", maximum: 1e10) * 1e6,
                    latencyInt4: try number("latency_int4"), latencyInt8: try number("latency_int8")
                ))
        }
        guard !result.isEmpty else { throw node.error("\(name) has no layer rows") }
        return result
    }

    /// KL divergence per (HAWQ layer name, mask ratio).
    static func maskKL(_ path: String, from node: SpecNode) throws(ProblemFileError) -> [String:
        [Double: Double]]
    {
        let name = InputExcerpt.of((path as NSString).lastPathComponent)
        var result: [String: [Double: Double]] = [:]
        var firstLine: [String: Int] = [:]
        for row in try rows(path, from: node) {
            guard let layer = row.fields["hawq_layer"] else {
                throw node.error("\(name) has no column hawq_layer")
            }
            guard !layer.isEmpty else { continue }  // a layer HAWQ-V3 does not quantize
            guard let ratio = row.fields["mask_ratio"].flatMap(Double.init), ratio.isFinite,
                (0...1).contains(ratio)
            else {
                throw node.error("\(name):\(row.line): mask_ratio must be a number from 0 to 1")
            }
            guard let kl = row.fields["kl_divergence"].flatMap(Double.init), kl.isFinite, kl >= 0,
                kl <= 1e15
            else {
                throw node.error(
                    "\(name):\(row.line): kl_divergence must be a number from 0 to 1e15")
            }
            let key = "\(layer)\u{0}\(ratio)"
            if let first = firstLine[key] {
                throw node.error(
                    """
                    \(name):\(row.line): layer '\(InputExcerpt.of(layer))' at mask ratio \
                    \(JSONValue.format(ratio)) appears twice (first on line \(first))
                    """
                )
            }
            firstLine[key] = row.line
            result[layer, default: [:]][ratio] = kl
        }
        return result
    }
}
