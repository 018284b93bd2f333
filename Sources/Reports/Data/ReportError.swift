import Problems

/// Why a report could not be drawn: each names the file and, where known, the line or column.
public enum ReportError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file has a header but no rows, or nothing at all.
    case empty(path: String)
    /// A row that does not parse or does not match the header.
    case malformed(path: String, line: Int, reason: String)
    /// A column the report asked for is not in the file.
    case unknownColumn(path: String, column: String, available: [String])
    /// A column that must be numeric is not (the first offending line).
    case notNumeric(path: String, column: String, line: Int, value: String)
    /// The arguments or the sweep file's `report:` block ask for something impossible.
    case invalidRequest(String)
    /// A mistake in a sweep file's `report:` block or a result JSON, with its field path and line.
    case badFile(ProblemFileError)

    /// One line naming the file (and line) at fault.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        case .empty(let path):
            return "\(path): no result rows to draw (the file is empty or has only a header)"
        case .malformed(let path, let line, let reason): return "\(path):\(line): \(reason)"
        case .unknownColumn(let path, let column, let available):
            return "\(path): no column '\(column)' (columns: \(available.joined(separator: ", ")))"
        case .notNumeric(let path, let column, let line, let value):
            return "\(path):\(line): column '\(column)' must be a number here, found '\(value)'"
        case .invalidRequest(let reason): return reason
        case .badFile(let error): return error.description
        }
    }
}
