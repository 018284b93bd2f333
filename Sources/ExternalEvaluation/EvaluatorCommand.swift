import CSpawn
import Foundation
import Search

/// A program that evaluates one configuration: a simulator, a synthesis run, a script.
///
/// The command is an argument vector (never a shell line), run in its own process group in
/// `workingDirectory`. Each argument may hold placeholders: `{Name}` for the value of the
/// parameter `Name`, `{config_file}` for a JSON file holding the whole configuration, and
/// `{metrics_file}` for a path the program writes its metrics to; `{{` and `}}` stand for
/// braces. The configuration also arrives on standard input as one JSON object
/// (`{"PagePolicy": "Open", "Banks": "8"}`). Metrics are a JSON object of numbers: the
/// `{metrics_file}` when the command names one, else the last line of standard output that is
/// one. A program that cannot start, exits non-zero, is killed by a signal, runs past the
/// timeout, writes more than ``outputLimitBytes`` or reports no metrics object is a failed
/// evaluation with the reason — never an error that ends the search.
public struct EvaluatorCommand: Sendable {
    /// One piece of an argument: literal text or a placeholder.
    public enum Piece: Sendable, Equatable {
        case text(String)
        case parameter(String)
        case configFile
        case metricsFile
    }

    /// The argument templates; the first names the program (a path, relative to
    /// `workingDirectory`, or a name looked up in `PATH`).
    public var arguments: [[Piece]]
    /// The folder the program runs in.
    public var workingDirectory: String
    /// Seconds an evaluation may take before its process group is killed (a failed point).
    public var timeoutSeconds: Double
    /// Metrics the program must report (others it reports are kept too).
    public var requiredMetrics: [String]

    /// Standard output and the metrics file may not grow past this (the program is stopped).
    public static let outputLimitBytes = 16 << 20

    /// A command from its argument template (each `{name}` filled with a parameter's value), the
    /// metrics it must report, its folder, its timeout and its output cap.
    public init(
        arguments: [[Piece]], workingDirectory: String, timeoutSeconds: Double,
        requiredMetrics: [String] = []
    ) {
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.timeoutSeconds = timeoutSeconds
        self.requiredMetrics = requiredMetrics
    }

    /// Parses one argument template; the error names what is wrong.
    public static func parse(_ template: String, parameters: Set<String>) throws(TemplateError)
        -> [Piece]
    {
        var pieces: [Piece] = []
        var text = ""
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            let next = template.index(after: index)
            if character == "{", next < template.endIndex, template[next] == "{" {
                text.append("{")
                index = template.index(after: next)
                continue
            }
            if character == "}", next < template.endIndex, template[next] == "}" {
                text.append("}")
                index = template.index(after: next)
                continue
            }
            if character == "}" {
                throw TemplateError("a '}' without its '{' (write }} for a brace)")
            }
            guard character == "{" else {
                text.append(character)
                index = next
                continue
            }
            guard let close = template[next...].firstIndex(of: "}") else {
                throw TemplateError("a '{' without its '}' (write {{ for a brace)")
            }
            let name = String(template[next..<close])
            if !text.isEmpty {
                pieces.append(.text(text))
                text = ""
            }
            switch name {
            case "config_file": pieces.append(.configFile)
            case "metrics_file": pieces.append(.metricsFile)
            default:
                guard parameters.contains(name) else {
                    throw TemplateError(
                        """
                        '{\(name)}' is neither a parameter of the space \
                        (\(parameters.sorted().joined(separator: ", "))) nor {config_file} or \
                        {metrics_file}
                        """
                    )
                }
                pieces.append(.parameter(name))
            }
            index = template.index(after: close)
        }
        if !text.isEmpty || pieces.isEmpty { pieces.append(.text(text)) }
        return pieces
    }

    /// A template that names a parameter the space does not have, or is empty.
    public struct TemplateError: Error, Sendable, CustomStringConvertible {
        /// What is wrong with the template.
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// What one run gave: metrics, or why there are none.
    public struct Outcome: Sendable {
        /// The metrics the program reported; nil when it failed.
        public var metrics: Metrics?
        /// Why the evaluation failed (exit status, signal, timeout, unreadable output), if it did.
        public var failure: String?
        /// Wall-clock seconds the evaluation took.
        public var seconds: Double
        /// The run was cut short because the search was stopped: not an evaluation at all.
        public var wasStopped = false
    }

    /// Runs the program for one configuration (parameter name → value text). `shouldStop` is
    /// polled while it runs; when it turns true the program's process group is stopped and the
    /// outcome is a failure "stopped".
    public func run(
        _ values: [(name: String, value: String)], shouldStop: @Sendable () -> Bool = { false }
    ) -> Outcome {
        let start = ContinuousClock.now
        func elapsed() -> Double { SearchDriver.seconds(ContinuousClock.now - start) }
        func failed(_ reason: String) -> Outcome {
            Outcome(metrics: nil, failure: reason, seconds: elapsed())
        }
        let scratch: String
        do { scratch = try Self.makeScratchFolder() } catch {
            return failed("cannot make a scratch folder: \(error)")
        }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let configFile = scratch + "/configuration.json"
        let metricsFile = scratch + "/metrics.json"
        let stdoutFile = scratch + "/stdout"
        let stderrFile = scratch + "/stderr"
        let json =
            "{"
            + values.map { "\(JSONText.quoted($0.name)): \(JSONText.quoted($0.value))" }.joined(
                separator: ", ") + "}\n"
        guard FileManager.default.createFile(atPath: configFile, contents: Data(json.utf8)) else {
            return failed("cannot write \(configFile)")
        }
        let lookup = Dictionary(
            values.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        var usesMetricsFile = false
        let argv: [String] = arguments.map { pieces in
            pieces.map { piece -> String in
                switch piece {
                case .text(let text): return text
                case .parameter(let name): return lookup[name] ?? ""
                case .configFile: return configFile
                case .metricsFile:
                    usesMetricsFile = true
                    return metricsFile
                }
            }.joined()
        }
        guard let program = argv.first, !program.isEmpty else {
            return failed("the command is empty")
        }
        let input = open(configFile, O_RDONLY | O_CLOEXEC)
        let output = open(stdoutFile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let errors = open(stderrFile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { for fd in [input, output, errors] where fd >= 0 { close(fd) } }
        guard input >= 0, output >= 0, errors >= 0 else {
            return failed("cannot open the scratch files: \(String(cString: strerror(errno)))")
        }
        // A relative program path is the working directory's; a bare name is looked up in PATH.
        let path =
            program.contains("/") && !program.hasPrefix("/")
            ? (workingDirectory as NSString).appendingPathComponent(program) : program
        var pid: pid_t = 0
        let status = Self.withCStrings([path] + argv.dropFirst()) { pointers in
            dse_spawn(
                pointers, workingDirectory, program.contains("/") ? 0 : 1, input, output, errors,
                &pid)
        }
        guard status == 0 else {
            return failed("cannot start '\(program)': \(String(cString: strerror(status)))")
        }
        var waitStatus: Int32 = 0
        var pause: UInt32 = 1_000
        var reason: String?
        while true {
            // Noticed without reaping (WNOWAIT): until it is reaped the program's pid, and so
            // its process group's id, cannot be reused, so the kill below reaches only its group.
            let exited = dse_has_exited(pid)
            if exited == 1 { break }
            if exited < 0, -exited != EINTR {
                reason = "lost track of the program: \(String(cString: strerror(-exited)))"
                break
            }
            if elapsed() > timeoutSeconds {
                reason = "timed out after \(JSONText.number(timeoutSeconds)) s"
                break
            }
            if shouldStop() {
                reason = "stopped"
                break
            }
            if Self.size(of: stdoutFile) > Self.outputLimitBytes
                || (usesMetricsFile && Self.size(of: metricsFile) > Self.outputLimitBytes)
            {
                reason = "wrote more than \(Self.outputLimitBytes >> 20) MiB"
                break
            }
            usleep(pause)
            pause = min(pause * 2, 50_000)
        }
        // Whatever happened, nothing the evaluation started outlives it; then the program is
        // reaped.
        kill(-pid, SIGKILL)
        while waitpid(pid, &waitStatus, 0) < 0, errno == EINTR {}
        if let reason {
            var outcome = failed(reason)
            outcome.wasStopped = reason == "stopped"
            return outcome
        }
        let stderrTail = Self.tail(of: stderrFile, bytes: 600)
        let exited = waitStatus & 0x7f == 0
        let code = (waitStatus >> 8) & 0xff
        guard exited else {
            return failed(
                "killed by signal \(waitStatus & 0x7f)"
                    + (stderrTail.isEmpty ? "" : ": \(stderrTail)"))
        }
        guard code == 0 else {
            return failed("exit status \(code)" + (stderrTail.isEmpty ? "" : ": \(stderrTail)"))
        }
        let text: String
        if usesMetricsFile {
            guard let data = FileManager.default.contents(atPath: metricsFile) else {
                return failed("wrote no metrics file")
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = Self.tail(of: stdoutFile, bytes: 1 << 20)
        }
        switch Self.metrics(in: text, lastLineOnly: !usesMetricsFile) {
        case .failure(let problem): return failed(problem.message)
        case .success(let metrics):
            if let missing = requiredMetrics.first(where: { metrics[$0] == nil }) {
                return failed(
                    """
                    reported no '\(missing)' (it reported: \
                    \(metrics.keys.sorted().joined(separator: ", ")))
                    """
                )
            }
            return Outcome(metrics: metrics, failure: nil, seconds: elapsed())
        }
    }

    /// The metrics object in `text`: the whole text, or the last line that is a JSON object.
    static func metrics(in text: String, lastLineOnly: Bool) -> Result<Metrics, Failure> {
        let candidates =
            lastLineOnly
            ? text.split(whereSeparator: \.isNewline).reversed().map(String.init) : [text]
        for candidate in candidates {
            let trimmed = candidate.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("{"),
                let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))
                    as? [String: Any]
            else { continue }
            var metrics: Metrics = [:]
            for (name, value) in object {
                if value is NSNull { continue }
                // Numbers (and true/false, as 1/0); text and nested values are not metrics.
                guard let number = value as? NSNumber else { continue }
                let double = number.doubleValue
                guard double.isFinite else {
                    return .failure(Failure("metric '\(name)' is not a finite number"))
                }
                metrics[name] = double
            }
            return .success(metrics)
        }
        return .failure(
            Failure(
                lastLineOnly
                    ? "printed no JSON object of metrics on a line of its own"
                    : "the metrics file holds no JSON object"))
    }

    /// An evaluation that failed.
    public struct Failure: Error, Sendable {
        /// Why it failed.
        public var message: String
        init(_ message: String) { self.message = message }
    }

    static func makeScratchFolder() throws -> String {
        var template = Array((NSTemporaryDirectory() + "/dse-evaluation-XXXXXX").utf8CString)
        let made: String? = template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
            return String(cString: result)
        }
        guard let made else { throw Failure(String(cString: strerror(errno))) }
        return made
    }

    static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// The last `bytes` of a file, as text (invalid UTF-8 repaired), trimmed.
    static func tail(of path: String, bytes: Int) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        let size = size(of: path)
        try? handle.seek(toOffset: UInt64(max(0, size - bytes)))
        let data = (try? handle.readToEnd()) ?? Data()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Calls `body` with a NULL-terminated `char *argv[]` for `strings`.
    /// (`dse_spawn` refuses a NULL vector, so the buffer's optional base needs no unwrapping here.)
    static func withCStrings<R>(
        _ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>?) -> R
    ) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress) }
    }
}
