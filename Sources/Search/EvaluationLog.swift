import Foundation

/// The append-only record of a search's evaluations, one JSON line each, flushed and fsync'd
/// before the search goes on: it *is* the search's state. A search started again with the same
/// problem, engine, seed and parallelism replays it (``SearchDriver`` asks the same
/// configurations in the same order, and the logged ones are answered from here), so a search
/// killed at any point continues where it stopped and never runs a logged configuration again.
///
/// ```text
/// {"dse_search_log": 1, "search": "a1b2c3d4e5f60718", "description": "…"}
/// {"evaluation": 1, "configuration": {"PagePolicy": "Open", "Banks": "8"},
///  "metrics": {"latency_us": 1.5}, "seconds": 0.31}
/// {"evaluation": 2, "configuration": {"PagePolicy": "Closed", "Banks": "4"},
///  "failure": "timed out after 30 s", "seconds": 30.0}
/// ```
///
/// The first line names the search (a digest of everything that decides its sequence); a log of
/// another search is refused. A last line cut short by a kill is dropped (and cut off the file).
public final class EvaluationLog: @unchecked Sendable {
    /// One logged evaluation.
    public struct Entry: Sendable, Equatable {
        /// The configuration evaluated (value indices).
        public var configuration: Configuration
        /// Its metrics; nil for a failed evaluation.
        public var metrics: Metrics?
        /// Why it failed, if it did.
        public var failure: String?
        /// Wall-clock seconds it took.
        public var seconds: Double

        /// An entry with these fields.
        public init(
            configuration: Configuration, metrics: Metrics?, failure: String?, seconds: Double
        ) {
            self.configuration = configuration
            self.metrics = metrics
            self.failure = failure
            self.seconds = seconds
        }
    }

    /// The log file's path.
    public let path: String
    /// What was logged before this process opened the log, by canonical configuration.
    public private(set) var replay: [Configuration: Entry] = [:]
    /// Evaluations in the log (replayed and new).
    public private(set) var count = 0
    private let space: SearchSpace
    private let descriptor: Int32
    private let lock = NSLock()

    /// A log that cannot be opened, read or written, or belongs to another search.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong, naming the file.
        public var description: String
        /// The log exists and no resume was asked for (a matter of the call, not the file).
        public var isUsage = false
    }

    /// Opens (creating, or with `resume` continuing) the log of the search identified by
    /// `digest`. Without `resume` an existing non-empty log is refused, so that a forgotten
    /// `--resume` never throws a long search away.
    public init(path: String, space: SearchSpace, digest: String, description: String, resume: Bool)
        throws(Failure)
    {
        self.path = path
        self.space = space
        let existing = FileManager.default.contents(atPath: path)
        if let existing, !existing.isEmpty, !resume {
            let lines = existing.split(separator: UInt8(ascii: "\n")).count
            throw Failure(
                description:
                    """
                    \(path) already holds a search log (\(max(lines - 1, 0)) evaluations); \
                    pass --resume to continue it, or remove it to start again
                    """,
                isUsage: true)
        }
        var keep = 0
        if let existing, !existing.isEmpty {
            (replay, count, keep) = try Self.read(
                existing, path: path, space: space, digest: digest)
        }
        descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw Failure(
                description:
                    "\(path): cannot open the search log: \(String(cString: strerror(errno)))")
        }
        // Cut a torn last line off, then append after the last whole line.
        guard ftruncate(descriptor, off_t(keep)) == 0, lseek(descriptor, off_t(keep), SEEK_SET) >= 0
        else {
            close(descriptor)
            throw Failure(
                description:
                    "\(path): cannot write the search log: \(String(cString: strerror(errno)))")
        }
        if keep == 0 {
            try append(
                line:
                    """
                    {\"dse_search_log\": 1, \"search\": \(JSONText.quoted(digest)), \
                    \"description\": \(JSONText.quoted(description))}
                    """
            )
        }
    }

    deinit { close(descriptor) }

    /// Appends one evaluation and makes it durable (write + fsync) before returning.
    public func record(_ entry: Entry) throws(Failure) {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        var members = [
            "\"evaluation\": \(count)",
            "\"configuration\": "
                + Self.object(
                    zip(space.parameters, entry.configuration).map { parameter, index in
                        (parameter.name, JSONText.quoted(parameter.values[index]))
                    }),
        ]
        if let metrics = entry.metrics {
            members.append(
                "\"metrics\": "
                    + Self.object(
                        metrics.sorted { $0.key < $1.key }.map {
                            ($0.key, JSONText.number($0.value))
                        }))
        }
        if let failure = entry.failure {
            members.append("\"failure\": \(JSONText.quoted(failure))")
        }
        members.append("\"seconds\": \(JSONText.number(entry.seconds))")
        try append(line: "{" + members.joined(separator: ", ") + "}")
    }

    private func append(line: String) throws(Failure) {
        let bytes = Array((line + "\n").utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes {
                write(descriptor, $0.baseAddress, $0.count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(
                    description:
                        "\(path): cannot write the search log: \(String(cString: strerror(errno)))")
            }
            written += n
        }
        guard fsync(descriptor) == 0 else {
            throw Failure(
                description:
                    "\(path): cannot sync the search log: \(String(cString: strerror(errno)))")
        }
    }

    /// The entries of an existing log and the byte length of its whole lines.
    static func read(_ data: Data, path: String, space: SearchSpace, digest: String) throws(Failure)
        -> ([Configuration: Entry], Int, Int)
    {
        let bytes = [UInt8](data)
        var lines: [(text: Substring, end: Int)] = []
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lines.append((Substring(String(decoding: bytes[start..<i], as: UTF8.self)), i + 1))
            start = i + 1
        }
        // A last line with no newline was being written when the search stopped: dropped.
        guard let header = lines.first else { return ([:], 0, 0) }
        guard let object = parse(header.text), object["dse_search_log"] as? Int == 1 else {
            throw Failure(description: "\(path):1: not a DSEKit search log")
        }
        guard object["search"] as? String == digest else {
            throw Failure(
                description:
                    """
                    \(path):1: the log is of another search (another space, objective, engine, \
                    seed, evaluator or number of jobs); remove it or point --log elsewhere
                    """
            )
        }
        var replay: [Configuration: Entry] = [:]
        var count = 0
        for (number, line) in lines.enumerated().dropFirst() {
            let lineNumber = number + 1
            guard let object = parse(line.text),
                let values = object["configuration"] as? [String: Any]
            else {
                throw Failure(description: "\(path):\(lineNumber): not an evaluation line")
            }
            var configuration: Configuration = []
            for parameter in space.parameters {
                guard let text = values[parameter.name] as? String,
                    let index = parameter.values.firstIndex(of: text)
                else {
                    throw Failure(
                        description: "\(path):\(lineNumber): no valid value for \(parameter.name)")
                }
                configuration.append(index)
            }
            var metrics: Metrics?
            if let logged = object["metrics"] as? [String: Any] {
                metrics = [:]
                for (name, value) in logged {
                    if let number = value as? NSNumber { metrics?[name] = number.doubleValue }
                }
            }
            let entry = Entry(
                configuration: space.canonical(configuration), metrics: metrics,
                failure: object["failure"] as? String,
                seconds: (object["seconds"] as? NSNumber)?.doubleValue ?? 0)
            replay[entry.configuration] = entry
            count += 1
        }
        return (replay, count, lines.last?.end ?? 0)
    }

    static func parse(_ line: Substring) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }

    static func object(_ members: [(key: String, json: String)]) -> String {
        "{" + members.map { "\(JSONText.quoted($0.key)): \($0.json)" }.joined(separator: ", ") + "}"
    }

    /// A stable digest (FNV-1a, 64 bits, hex) of a description of the search; unlike `Hasher`, the
    /// same in every process.
    public static func digest(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }
}
