/// CSV text split into records with the line each starts on, read strictly (RFC 4180): a field
/// is either plain (no `"` inside) or wholly quoted (`"…"`, `""` for a quote inside, line breaks
/// allowed), and records end with `\n` or `\r\n`.
///
/// CSV.swift, which writes DSEKit's CSV, reads leniently and without line numbers; here every
/// fault is named by its line, and ``recover(_:)`` keeps the records that survive damage (for
/// repairing a batch's results file) instead of letting one stray quote swallow the rest.
public struct CSVRecords: Sendable, Equatable {
    /// One record: its fields and the 1-based line it starts on.
    public struct Record: Sendable, Equatable {
        /// The record's fields.
        public var fields: [String]
        /// The 1-based line it starts on.
        public var line: Int
        /// The record's bytes in the text, its line break included.
        public var bytes: Range<Int>

        /// A blank line (one empty field).
        public var isBlank: Bool { fields.count == 1 && fields[0].isEmpty }
    }

    /// Why the text is not strict CSV.
    public struct Fault: Error, Sendable, Equatable, CustomStringConvertible {
        /// The 1-based line at fault.
        public var line: Int
        /// What is wrong.
        public var message: String
        /// `line N: message`.
        public var description: String { "line \(line): \(message)" }

        /// A fault at `line`.
        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// The records, header first.
    public var records: [Record]
    /// Whether the text ends with a line break (a batch writes whole lines only; a missing one
    /// means the last record is torn).
    public var endsWithLineBreak: Bool

    /// Every record of `text`, or the first fault.
    public init(_ text: String) throws(Fault) {
        let bytes = Array(text.utf8)
        var records: [Record] = []
        var offset = 0
        var line = 1
        while offset < bytes.count {
            switch Self.record(bytes, from: offset, line: line) {
            case .success(let (record, next, nextLine)):
                records.append(record)
                offset = next
                line = nextLine
            case .failure(let fault):
                throw fault
            }
        }
        self.records = records
        endsWithLineBreak = bytes.last == UInt8(ascii: "\n")
    }

    private init(records: [Record], endsWithLineBreak: Bool) {
        self.records = records
        self.endsWithLineBreak = endsWithLineBreak
    }

    /// The records that read cleanly, and the lines dropped: a record with a fault loses its
    /// first line and reading starts again on the next one.
    public static func recover(_ text: String) -> (records: CSVRecords, damagedLines: [Int]) {
        recover(bytes: Array(text.utf8))
    }

    /// ``recover(_:)`` on raw bytes: a line that is not UTF-8 is damage too.
    public static func recover(bytes: [UInt8]) -> (records: CSVRecords, damagedLines: [Int]) {
        var records: [Record] = []
        var damaged: [Int] = []
        var offset = 0
        var line = 1
        while offset < bytes.count {
            switch record(bytes, from: offset, line: line) {
            case .success(let (record, next, nextLine)):
                records.append(record)
                offset = next
                line = nextLine
            case .failure:
                damaged.append(line)
                while offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") { offset += 1 }
                offset += 1
                line += 1
            }
        }
        return (
            CSVRecords(records: records, endsWithLineBreak: bytes.last == UInt8(ascii: "\n")),
            damaged
        )
    }

    /// The record starting at byte `start` (on `line`): it, the offset after it, the line after it.
    private static func record(_ bytes: [UInt8], from start: Int, line: Int) -> Result<
        (Record, Int, Int), Fault
    > {
        let quote = UInt8(ascii: "\"")
        let comma = UInt8(ascii: ",")
        let newline = UInt8(ascii: "\n")
        let carriage = UInt8(ascii: "\r")
        var fields: [String] = []
        var k = start
        var currentLine = line
        while true {
            var field: [UInt8] = []
            if k < bytes.count, bytes[k] == quote {
                k += 1
                while true {
                    guard k < bytes.count else {
                        return .failure(
                            Fault(line: line, message: "a quoted field is never closed"))
                    }
                    if bytes[k] == quote {
                        if k + 1 < bytes.count, bytes[k + 1] == quote {
                            field.append(quote)
                            k += 2
                            continue
                        }
                        k += 1
                        break
                    }
                    if bytes[k] == newline { currentLine += 1 }
                    field.append(bytes[k])
                    k += 1
                }
                guard
                    k == bytes.count || bytes[k] == comma || bytes[k] == newline
                        || (bytes[k] == carriage && k + 1 < bytes.count && bytes[k + 1] == newline)
                else {
                    return .failure(Fault(line: currentLine, message: "text after a closing quote"))
                }
            } else {
                while k < bytes.count, bytes[k] != comma, bytes[k] != newline {
                    if bytes[k] == quote {
                        return .failure(
                            Fault(
                                line: currentLine,
                                message: "a quote inside a field that is not quoted"))
                    }
                    if bytes[k] == carriage, k + 1 < bytes.count, bytes[k + 1] == newline { break }
                    field.append(bytes[k])
                    k += 1
                }
            }
            guard let text = String(validating: field, as: UTF8.self) else {
                return .failure(Fault(line: currentLine, message: "not UTF-8 text"))
            }
            fields.append(text)
            if k < bytes.count, bytes[k] == comma {
                k += 1
                continue
            }
            if k < bytes.count, bytes[k] == carriage { k += 1 }
            if k < bytes.count, bytes[k] == newline { k += 1 }
            return .success(
                (Record(fields: fields, line: line, bytes: start..<k), k, currentLine + 1))
        }
    }
}
