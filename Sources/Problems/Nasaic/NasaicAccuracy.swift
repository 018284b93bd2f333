import CostModels
import Foundation

/// Where a task's accuracy comes from. There is no training here: either a table of accuracies
/// measured elsewhere (one row per architecture), or a synthetic surrogate given in the problem
/// file — and results say which.
public enum NasaicAccuracy: Sendable {
    /// `architecture,accuracy` rows (the architecture key of ``NasaicNetwork/architecture``).
    case table(path: String, accuracies: [String: Double], source: String)
    /// Synthetic: `base + gain · (1 − exp(−MACs / macsScale))` — saturating in model size, no
    /// more than a stand-in for a trained model's accuracy.
    case synthetic(base: Double, gain: Double, macsScale: Double)

    /// The accuracy of a network, or nil when a table has no row for it.
    public func accuracy(of network: NasaicNetwork) -> Double? {
        switch self {
        case .table(_, let accuracies, _): return accuracies[network.architecture]
        case .synthetic(let base, let gain, let scale):
            return base + gain * (1 - Foundation.exp(-Double(network.macs) / scale))
        }
    }

    /// For outputs: "synthetic surrogate (no training)" or the table's file and source.
    public var provenance: String {
        switch self {
        case .table(let path, _, let source):
            return "table \((path as NSString).lastPathComponent)"
                + (source.isEmpty ? "" : " (\(source))")
        case .synthetic: return "synthetic surrogate (no training; not a measured accuracy)"
        }
    }

    /// Whether the accuracies are the synthetic surrogate (no training).
    public var isSynthetic: Bool { if case .synthetic = self { return true } else { return false } }

    /// Reads `accuracy: {synthetic: {base, gain, macs_scale}}` or `accuracy: {table: FILE, source:
    /// TEXT}`.
    static func read(_ node: SpecNode) throws(ProblemFileError) -> NasaicAccuracy {
        let map = try node.mapping(allowedKeys: ["synthetic", "table", "source"])
        if let synthetic = map.optional("synthetic") {
            guard map.optional("table") == nil else {
                throw node.error("give synthetic or table, not both")
            }
            let s = try synthetic.mapping(allowedKeys: ["base", "gain", "macs_scale"])
            let base = try s.required("base").double()
            let gain = try s.required("gain").double()
            let scale = try s.required("macs_scale").double()
            guard scale > 0 else { throw synthetic.error("macs_scale must be positive") }
            guard base >= 0, gain >= 0, base + gain <= 1 else {
                throw synthetic.error(
                    "base and gain must be ≥ 0 with base + gain ≤ 1 (an accuracy)")
            }
            return .synthetic(base: base, gain: gain, macsScale: scale)
        }
        guard let tableNode = map.optional("table") else {
            throw node.error("give synthetic: {base, gain, macs_scale} or table: FILE.csv")
        }
        let path = try tableNode.inputPath(what: "accuracy table")
        let text = try ProblemFile.text(of: path, for: tableNode)
        var accuracies: [String: Double] = [:]
        var firstLine: [String: Int] = [:]
        let records: [CSVRecords.Record]
        do throws(CSVRecords.Fault) {
            records = try CSVRecords(text).records.filter { !$0.isBlank }
        } catch {
            throw tableNode.error("\(path):\(error.line): \(error.message)")
        }
        guard let header = records.first?.fields, let a = header.firstIndex(of: "architecture"),
            let v = header.firstIndex(of: "accuracy")
        else {
            throw tableNode.error("\(path): needs the columns architecture,accuracy")
        }
        for record in records.dropFirst() {
            let row = record.fields
            guard row.count == header.count else {
                throw tableNode.error(
                    """
                    \(path):\(record.line): \(row.count) fields, but the header has \
                    \(header.count) columns
                    """
                )
            }
            guard let value = Double(row[v]), value >= 0, value <= 1 else {
                throw tableNode.error("\(path):\(record.line): accuracy must be a number in [0, 1]")
            }
            if let first = firstLine[row[a]] {
                throw tableNode.error(
                    """
                    \(path):\(record.line): architecture '\(InputExcerpt.of(row[a]))' appears \
                    again (first on line \(first))
                    """
                )
            }
            firstLine[row[a]] = record.line
            accuracies[row[a]] = value
        }
        guard !accuracies.isEmpty else { throw tableNode.error("\(path) has no rows") }
        return .table(
            path: path, accuracies: accuracies, source: try map.optional("source")?.string() ?? "")
    }
}
