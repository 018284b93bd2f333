import Foundation

/// A sequence of memory requests from one initiator, as a DRAMSys trace player replays it.
public struct DRAMTrace: Sendable, Equatable {
    public struct Request: Sendable, Equatable {
        /// Arrival time in memory-clock cycles.
        public var cycle: Int
        public var isWrite: Bool
        /// Byte address.
        public var address: UInt64

        public init(cycle: Int, isWrite: Bool, address: UInt64) {
            self.cycle = cycle
            self.isWrite = isWrite
            self.address = address
        }
    }

    public var name: String
    /// In arrival order (times never decrease).
    public var requests: [Request]

    public init(name: String, requests: [Request]) {
        self.name = name
        self.requests = requests
    }

    public var writeCount: Int { requests.reduce(0) { $0 + ($1.isWrite ? 1 : 0) } }
    public var isReadOnly: Bool { !requests.contains { $0.isWrite } }
    public var isWriteOnly: Bool { !requests.isEmpty && requests.allSatisfy(\.isWrite) }

    /// Reads a DRAMSys text trace (`.stl`): one request per line, `<time>:<TAB><read|write><TAB><hex
    /// address>[<TAB><data>]`; `#` starts a comment. Times are trace-player cycles; with the
    /// player clock at `playerClockMHz` and the memory clock at `memoryClockMHz` they are converted
    /// to memory cycles (ArchGym runs both at 800 MHz).
    public static func readSTL(path: String, playerClockMHz: Double = 800, memoryClockMHz: Double = 800) throws(DRAMInputError) -> DRAMTrace {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw DRAMInputError(file: path, line: nil, message: FileManager.default.fileExists(atPath: path) ? "cannot read the trace (not UTF-8 text?)" : "no such trace file")
        }
        return try parseSTL(text, file: path, playerClockMHz: playerClockMHz, memoryClockMHz: memoryClockMHz)
    }

    /// Parses `.stl` text; `file` names it in messages.
    public static func parseSTL(_ text: String, file: String, playerClockMHz: Double = 800, memoryClockMHz: Double = 800) throws(DRAMInputError) -> DRAMTrace {
        var requests: [Request] = []
        let scale = memoryClockMHz / playerClockMHz
        var lineNumber = 0
        var previous = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if fields.isEmpty { continue }
            guard fields.count >= 3, fields[0].hasSuffix(":") else {
                throw DRAMInputError(file: file, line: lineNumber, message: "expected '<time>:<TAB><read|write><TAB><hex address>', got '\(line.trimmingCharacters(in: .whitespaces))'")
            }
            guard let time = Double(fields[0].dropLast()), time >= 0, time.isFinite else {
                throw DRAMInputError(file: file, line: lineNumber, message: "the time '\(fields[0].dropLast())' is not a non-negative number of cycles")
            }
            let isWrite: Bool
            switch fields[1].lowercased() {
            case "read": isWrite = false
            case "write": isWrite = true
            default: throw DRAMInputError(file: file, line: lineNumber, message: "the command must be 'read' or 'write', got '\(fields[1])'")
            }
            var hex = fields[2]
            if hex.hasPrefix("0x") || hex.hasPrefix("0X") { hex = hex.dropFirst(2) }
            guard !hex.isEmpty, let address = UInt64(hex, radix: 16) else {
                throw DRAMInputError(file: file, line: lineNumber, message: "the address '\(fields[2])' is not a hexadecimal number")
            }
            let cycle = Int((time * scale).rounded())
            guard cycle >= previous else {
                throw DRAMInputError(file: file, line: lineNumber, message: "time \(fields[0].dropLast()) is earlier than the line before; a trace must be in time order")
            }
            previous = cycle
            requests.append(Request(cycle: cycle, isWrite: isWrite, address: address))
        }
        guard !requests.isEmpty else { throw DRAMInputError(file: file, line: nil, message: "the trace has no requests") }
        return DRAMTrace(name: ((file as NSString).lastPathComponent as NSString).deletingPathExtension, requests: requests)
    }

    /// The trace in `.stl` form (times in cycles).
    public var stlText: String {
        requests.map { "\($0.cycle):\t\($0.isWrite ? "write" : "read")\t0x\(String($0.address, radix: 16, uppercase: true))" }.joined(separator: "\n") + "\n"
    }
}
