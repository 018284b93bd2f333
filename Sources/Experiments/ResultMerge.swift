import Foundation
import Problems

/// Combines the CSV parts of a sharded batch into one file, refusing parts that are not strict
/// CSV, parts with other columns, rows of the wrong width, duplicated run keys, and (given the
/// sweep) missing ones — each named by its file and line.
public enum ResultMerge {
    /// Why parts cannot be merged.
    public enum Problem: Error, CustomStringConvertible {
        case differentColumns(String)
        case duplicate(key: String, at: String, first: String)
        case missing([String])
        case unreadable(String)
        case malformed(String, line: Int, String)

        /// The reason, naming the part and the run keys.
        public var description: String {
            switch self {
            case .differentColumns(let path): return "\(path):1: other columns than the first part"
            case .duplicate(let key, let at, let first):
                return "\(at): run key \(key) appears again (first at \(first))"
            case .missing(let keys):
                let more = keys.count > 10 ? " and \(keys.count - 10) more" : ""
                let shown = keys.prefix(10).joined(separator: ", ")
                return "missing run keys (runs not in any part): \(shown)\(more)"
            case .unreadable(let path): return "\(path): cannot read it"
            case .malformed(let path, let line, let reason): return "\(path):\(line): \(reason)"
            }
        }
    }

    /// The merged rows (header first). With `expectedKeys` (in run order), rows follow that
    /// order and every key must be present.
    public static func merge(_ paths: [String], expectedKeys: [String]? = nil) throws -> [[String]]
    {
        var header: [String]?
        var rows: [[String]] = []
        var firstSeen: [String: String] = [:]
        var keyColumn = 0
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw Problem.unreadable(path)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw Problem.malformed(path, line: 1, "not UTF-8 text")
            }
            let records: [CSVRecords.Record]
            do throws(CSVRecords.Fault) {
                let parsed = try CSVRecords(text)
                guard parsed.endsWithLineBreak || parsed.records.isEmpty else {
                    throw CSVRecords.Fault(
                        line: parsed.records.last?.line ?? 1,
                        message: "the last line is torn (no line break): resume that shard first")
                }
                records = parsed.records.filter { !$0.isBlank }
            } catch {
                throw Problem.malformed(path, line: error.line, error.message)
            }
            guard let first = records.first else { continue }
            if let header, header != first.fields { throw Problem.differentColumns(path) }
            if header == nil { keyColumn = first.fields.firstIndex(of: "run_key") ?? 0 }
            header = first.fields
            for record in records.dropFirst() {
                guard record.fields.count == first.fields.count else {
                    throw Problem.malformed(
                        path, line: record.line,
                        "\(record.fields.count) fields, but the header has \(first.fields.count)")
                }
                let key = record.fields[keyColumn]
                let at = "\(path):\(record.line)"
                if let earlier = firstSeen[key] {
                    throw Problem.duplicate(key: key, at: at, first: earlier)
                }
                firstSeen[key] = at
                rows.append(record.fields)
            }
        }
        guard let header else { return [] }
        if let expectedKeys {
            let missing = expectedKeys.filter { firstSeen[$0] == nil }
            guard missing.isEmpty else { throw Problem.missing(missing) }
            let order = Dictionary(
                expectedKeys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            rows.sort { (order[$0[keyColumn]] ?? .max) < (order[$1[keyColumn]] ?? .max) }
        }
        return [header] + rows
    }

    /// Writes rows as a CSV file.
    public static func write(_ rows: [[String]], to path: String) throws {
        var text = ""
        for row in rows { text += try ResultFile.format(row) }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
