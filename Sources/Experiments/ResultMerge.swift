import Foundation

/// Combines the CSV parts of a sharded batch into one file, refusing parts with other columns,
/// duplicated run keys, and (given the sweep) missing ones.
public enum ResultMerge {
    public enum Problem: Error, CustomStringConvertible {
        case differentColumns(String)
        case duplicates([String])
        case missing([String])
        case unreadable(String)

        public var description: String {
            switch self {
            case .differentColumns(let path): return "\(path) has other columns than the first part"
            case .duplicates(let keys): return "duplicated run keys: \(keys.prefix(10).joined(separator: ", "))\(keys.count > 10 ? " and \(keys.count - 10) more" : "")"
            case .missing(let keys): return "missing run keys (runs not in any part): \(keys.prefix(10).joined(separator: ", "))\(keys.count > 10 ? " and \(keys.count - 10) more" : "")"
            case .unreadable(let path): return "\(path): cannot read it as CSV"
            }
        }
    }

    /// The merged rows (header first). With `expectedKeys` (in run order), rows follow that
    /// order and every key must be present.
    public static func merge(_ paths: [String], expectedKeys: [String]? = nil) throws -> [[String]] {
        var header: [String]?
        var rows: [[String]] = []
        for path in paths {
            guard let data = FileManager.default.contents(atPath: path),
                  let parsed = try? ResultFile.parse(String(decoding: data, as: UTF8.self)) else { throw Problem.unreadable(path) }
            guard let first = parsed.first else { continue }
            if let header, header != first { throw Problem.differentColumns(path) }
            header = first
            rows += parsed.dropFirst()
        }
        guard let header else { return [] }
        let keyColumn = header.firstIndex(of: "run_key") ?? 0
        var seen = Set<String>(), duplicates: [String] = []
        for row in rows where row.count > keyColumn {
            if !seen.insert(row[keyColumn]).inserted { duplicates.append(row[keyColumn]) }
        }
        guard duplicates.isEmpty else { throw Problem.duplicates(duplicates) }
        if let expectedKeys {
            let missing = expectedKeys.filter { !seen.contains($0) }
            guard missing.isEmpty else { throw Problem.missing(missing) }
            let order = Dictionary(uniqueKeysWithValues: expectedKeys.enumerated().map { ($1, $0) })
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
