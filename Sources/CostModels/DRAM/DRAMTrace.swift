import Foundation

/// A sequence of memory requests, as DRAMSys's trace players replay them: from one initiator, or
/// from several (``merged(_:name:)``: DRAMSys's `tracesetup` with one player per trace).
public struct DRAMTrace: Sendable, Equatable {
    /// One request of a trace.
    public struct Request: Sendable, Equatable {
        /// Arrival time in memory-clock cycles.
        public var cycle: Int
        /// Whether it writes (else it reads).
        public var isWrite: Bool
        /// Byte address.
        public var address: UInt64
        /// Which trace player sent it (0 for a one-initiator trace).
        public var initiator: Int

        /// A request with these fields.
        public init(cycle: Int, isWrite: Bool, address: UInt64, initiator: Int = 0) {
            self.cycle = cycle
            self.isWrite = isWrite
            self.address = address
            self.initiator = initiator
        }
    }

    /// Where the trace came from, for reports.
    public var name: String
    /// In arrival order (times never decrease).
    public var requests: [Request]

    /// A trace of `requests` (in arrival order).
    public init(name: String, requests: [Request]) {
        self.name = name
        self.requests = requests
    }

    /// The number of writes.
    public var writeCount: Int { requests.reduce(0) { $0 + ($1.isWrite ? 1 : 0) } }
    /// Trace players (1 + the highest initiator number).
    public var initiatorCount: Int { (requests.map(\.initiator).max() ?? 0) + 1 }

    /// Several initiators at once: the traces' requests in time order (ties to the earlier
    /// trace), each tagged with its trace's position as its initiator.
    public static func merged(_ traces: [DRAMTrace], name: String? = nil) -> DRAMTrace {
        guard traces.count > 1 else {
            return traces.first ?? DRAMTrace(name: name ?? "", requests: [])
        }
        var requests: [Request] = []
        requests.reserveCapacity(traces.reduce(0) { $0 + $1.requests.count })
        for (initiator, trace) in traces.enumerated() {
            requests += trace.requests.map {
                Request(
                    cycle: $0.cycle, isWrite: $0.isWrite, address: $0.address, initiator: initiator)
            }
        }
        // Stable: within a time, the earlier trace first; within a trace, file order.
        requests = requests.enumerated().sorted {
            ($0.element.cycle, $0.element.initiator, $0.offset) < (
                $1.element.cycle, $1.element.initiator, $1.offset
            )
        }.map(\.element)
        return DRAMTrace(
            name: name ?? traces.map(\.name).joined(separator: "+"), requests: requests)
    }
    /// Whether every request reads.
    public var isReadOnly: Bool { !requests.contains { $0.isWrite } }
    /// Whether every request writes (and there is one).
    public var isWriteOnly: Bool { !requests.isEmpty && requests.allSatisfy(\.isWrite) }

    /// Reads a DRAMSys text trace (`.stl`): one request per line,
    /// `<time>:<TAB><read|write><TAB><hex address>[<TAB><data>]`; `#` starts a comment. Times are
    /// trace-player cycles; with the player clock at `playerClockMHz` and the memory clock at
    /// `memoryClockMHz` they are converted to memory cycles (ArchGym runs both at 800 MHz).
    public static func readSTL(
        path: String, playerClockMHz: Double = 800, memoryClockMHz: Double = 800
    ) throws(DRAMInputError) -> DRAMTrace {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DRAMInputError(
                file: path, line: nil,
                message: FileManager.default.fileExists(atPath: path)
                    ? "cannot read the trace" : "no such trace file")
        }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: maximumFileBytes + 1) ?? Data() else {
            throw DRAMInputError(file: path, line: nil, message: "cannot read the trace")
        }
        guard data.count <= maximumFileBytes else {
            throw DRAMInputError(
                file: path, line: nil,
                message: "the trace is larger than \(maximumFileBytes >> 20) MiB")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DRAMInputError(
                file: path, line: nil, message: "cannot read the trace (not UTF-8 text)")
        }
        return try parseSTL(
            text, file: path, playerClockMHz: playerClockMHz, memoryClockMHz: memoryClockMHz)
    }

    /// The largest trace file ``readSTL(path:playerClockMHz:memoryClockMHz:)`` reads.
    public static let maximumFileBytes = 256 << 20
    /// The latest time stamp, in memory cycles, a trace may have (2⁵³: every cycle count up to it
    /// is exact in a Double).
    public static let maximumCycle = 1 << 53

    /// Parses `.stl` text; `file` names it in messages. Works on the UTF-8 bytes (a 10,000-line
    /// trace parses in about a millisecond).
    public static func parseSTL(
        _ text: String, file: String, playerClockMHz: Double = 800, memoryClockMHz: Double = 800
    ) throws(DRAMInputError) -> DRAMTrace {
        var requests: [Request] = []
        let scale = memoryClockMHz / playerClockMHz
        var previous = 0
        var lineNumber = 0
        let bytes = Array(text.utf8)
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            lineNumber += 1
            defer { lineStart = lineEnd + 1 }
            // Fields separated by spaces or tabs, up to a '#' comment.
            var fields: [Range<Int>] = []
            var k = lineStart
            while k < lineEnd, bytes[k] != UInt8(ascii: "#") {
                if bytes[k] == UInt8(ascii: " ") || bytes[k] == UInt8(ascii: "\t")
                    || bytes[k] == UInt8(ascii: "\r")
                {
                    k += 1
                    continue
                }
                let begin = k
                while k < lineEnd,
                    ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "#")]
                        .contains(bytes[k])
                { k += 1 }
                fields.append(begin..<k)
            }
            guard let firstField = fields.first, let lastField = fields.last else { continue }
            func text(_ range: Range<Int>) -> String {
                String(decoding: bytes[range], as: UTF8.self)
            }
            let line = text(firstField.lowerBound..<lastField.upperBound)
            guard fields.count >= 3, bytes[fields[0].upperBound - 1] == UInt8(ascii: ":") else {
                throw DRAMInputError(
                    file: file, line: lineNumber,
                    message:
                        """
                        expected '<time>:<TAB><read|write><TAB><hex address>', got \
                        '\(InputExcerpt.of(line))'
                        """
                )
            }
            let timeText = text(fields[0].lowerBound..<(fields[0].upperBound - 1))
            guard let time = Double(timeText), time >= 0, time.isFinite else {
                throw DRAMInputError(
                    file: file, line: lineNumber,
                    message:
                        """
                        the time '\(InputExcerpt.of(timeText, limit: 24))' is not a \
                        non-negative number of cycles
                        """
                )
            }
            let isWrite: Bool
            switch text(fields[1]).lowercased() {
            case "read": isWrite = false
            case "write": isWrite = true
            default:
                throw DRAMInputError(
                    file: file, line: lineNumber,
                    message:
                        """
                        the command must be 'read' or 'write', got \
                        '\(InputExcerpt.of(text(fields[1]), limit: 24))'
                        """
                )
            }
            var digits = fields[2]
            if digits.count > 2, bytes[digits.lowerBound] == UInt8(ascii: "0"),
                bytes[digits.lowerBound + 1] | 0x20 == UInt8(ascii: "x")
            {
                digits = (digits.lowerBound + 2)..<digits.upperBound
            }
            var address: UInt64 = 0
            var valid = !digits.isEmpty && digits.count <= 16
            for index in digits where valid {
                let c = bytes[index] | 0x20
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"):
                    address = address << 4 | UInt64(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"):
                    address = address << 4 | UInt64(c - UInt8(ascii: "a") + 10)
                default: valid = false
                }
            }
            guard valid else {
                throw DRAMInputError(
                    file: file, line: lineNumber,
                    message:
                        """
                        the address '\(InputExcerpt.of(text(fields[2]), limit: 24))' is not a \
                        hexadecimal number
                        """
                )
            }
            let scaled = (time * scale).rounded()
            guard scaled <= Double(maximumCycle) else {
                throw DRAMInputError(
                    file: file, line: lineNumber,
                    message:
                        """
                        the time '\(InputExcerpt.of(timeText, limit: 24))' is later than \
                        \(maximumCycle) memory cycles
                        """
                )
            }
            let cycle = Int(scaled)
            guard cycle >= previous else {
                throw DRAMInputError(
                    file: file, line: lineNumber,
                    message:
                        """
                        time \(InputExcerpt.of(timeText, limit: 24)) is earlier than the line \
                        before; a trace must be in time order
                        """
                )
            }
            previous = cycle
            requests.append(Request(cycle: cycle, isWrite: isWrite, address: address))
        }
        guard !requests.isEmpty else {
            throw DRAMInputError(file: file, line: nil, message: "the trace has no requests")
        }
        return DRAMTrace(
            name: ((file as NSString).lastPathComponent as NSString).deletingPathExtension,
            requests: requests)
    }

    /// The trace in `.stl` form (times in cycles).
    public var stlText: String {
        requests.map {
            let address = String($0.address, radix: 16, uppercase: true)
            return "\($0.cycle):\t\($0.isWrite ? "write" : "read")\t0x\(address)"
        }.joined(separator: "\n") + "\n"
    }
}
