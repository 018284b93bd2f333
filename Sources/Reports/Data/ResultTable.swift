import Foundation
import Problems

/// A results CSV held as columns of text, with the line number of every row, so that every
/// complaint can name `file:line`. Numbers are parsed on demand; empty cells are missing values.
public struct ResultTable: Sendable {
    /// Where the table came from (for messages and notebook text).
    public let path: String
    /// The header's column names.
    public let columns: [String]
    /// Rows of cells, one per column.
    public let rows: [[String]]
    /// The 1-based line of each row in the file.
    public let lines: [Int]
    /// The file's text, exactly (notebooks embed it).
    public let text: String

    /// Reads a CSV written by `dse batch` (or any CSV with a header row). An empty file, a file
    /// with only a header, and rows with the wrong number of cells are errors.
    public init(path: String) throws(ReportError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(
                path: path,
                reason: FileManager.default.fileExists(atPath: path)
                    ? "cannot read the file" : "no such file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "not UTF-8 text")
        }
        try self.init(text: text, path: path)
    }

    /// A table parsed from CSV `text` read from `path` (named in errors).
    public init(text: String, path: String) throws(ReportError) {
        self.path = path
        self.text = text
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .empty(path: path)
        }
        let records: [CSVRecords.Record]
        do throws(CSVRecords.Fault) {
            // blank lines are dropped
            records = try CSVRecords(text).records.filter { !$0.isBlank }
        } catch {
            throw .malformed(
                path: path, line: error.line, reason: "not valid CSV: \(error.message)")
        }
        let keptRows = records.map(\.fields)
        let keptLines = records.map(\.line)
        guard let header = keptRows.first else { throw .empty(path: path) }
        guard !header.contains(where: { $0.isEmpty }) else {
            throw .malformed(
                path: path, line: keptLines[0], reason: "the header has an empty column name")
        }
        var seen = Set<String>()
        for name in header where !seen.insert(name).inserted {
            throw .malformed(
                path: path, line: keptLines[0], reason: "the header names column '\(name)' twice")
        }
        for (row, number) in zip(keptRows.dropFirst(), keptLines.dropFirst())
        where row.count != header.count {
            throw .malformed(
                path: path, line: number,
                reason: "\(row.count) cells, but the header has \(header.count) columns")
        }
        guard keptRows.count > 1 else { throw .empty(path: path) }
        columns = header
        rows = Array(keptRows.dropFirst())
        lines = Array(keptLines.dropFirst())
    }

    private init(path: String, columns: [String], rows: [[String]], lines: [Int], text: String) {
        self.path = path
        self.columns = columns
        self.rows = rows
        self.lines = lines
        self.text = text
    }

    /// Whether the table has a column of this name.
    public func hasColumn(_ name: String) -> Bool { columns.contains(name) }

    /// The index of a column, or an error listing the columns there are.
    public func index(of column: String) throws(ReportError) -> Int {
        guard let index = columns.firstIndex(of: column) else {
            throw .unknownColumn(path: path, column: column, available: columns)
        }
        return index
    }

    /// A column's cells.
    public func text(_ column: String) throws(ReportError) -> [String] {
        let c = try index(of: column)
        return rows.map { $0[c] }
    }

    /// A column as numbers: empty cells are `nil`; anything else that is not a number is an error
    /// naming its line.
    public func numbers(_ column: String) throws(ReportError) -> [Double?] {
        let c = try index(of: column)
        var values: [Double?] = []
        values.reserveCapacity(rows.count)
        for (row, line) in zip(rows, lines) {
            let cell = row[c].trimmingCharacters(in: .whitespaces)
            if cell.isEmpty {
                values.append(nil)
                continue
            }
            guard let value = Double(cell), value.isFinite else {
                throw .notNumeric(path: path, column: column, line: line, value: cell)
            }
            values.append(value)
        }
        return values
    }

    /// Whether every non-empty cell of the column is a number (and at least one is).
    public func isNumeric(_ column: String) -> Bool {
        guard let c = columns.firstIndex(of: column) else { return false }
        var any = false
        for row in rows {
            let cell = row[c].trimmingCharacters(in: .whitespaces)
            if cell.isEmpty { continue }
            guard Double(cell) != nil else { return false }
            any = true
        }
        return any
    }

    /// The distinct values of a column in order of first appearance.
    public func distinct(_ column: String) throws(ReportError) -> [String] {
        var seen = Set<String>()
        return try text(column).filter { seen.insert($0).inserted }
    }

    /// The rows whose cells equal the given values (`column = value` for each pair).
    public func filtered(_ conditions: [(column: String, value: String)]) throws(ReportError)
        -> ResultTable
    {
        let indices = try conditions.map {
            condition throws(ReportError) -> (column: Int, value: String) in
            (try index(of: condition.column), condition.value)
        }
        var keptRows: [[String]] = []
        var keptLines: [Int] = []
        for (row, line) in zip(rows, lines) where indices.allSatisfy({ row[$0.column] == $0.value })
        {
            keptRows.append(row)
            keptLines.append(line)
        }
        return ResultTable(
            path: path, columns: columns, rows: keptRows, lines: keptLines, text: text)
    }

    /// The columns a sweep varied: those before `run_key` in a `dse batch` file (none otherwise).
    public var parameterColumns: [String] {
        guard let key = columns.firstIndex(of: "run_key") else { return [] }
        return Array(columns[..<key])
    }

    /// The family of a `dse batch` file (its `family` column's first value), if it has one.
    public var family: String? {
        guard let c = columns.firstIndex(of: "family") else { return nil }
        return rows.first.map { $0[c] }
    }
}
