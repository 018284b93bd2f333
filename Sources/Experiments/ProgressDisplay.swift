import Foundation
import LinearModel
import Problems
import Synchronization

/// Progress on stderr for work that can take more than a second: a solve's branch and bound
/// (elapsed, incumbent, bound, gap, nodes), a search (evaluations done of the budget, best so far,
/// evaluations/s, ETA), a batch (runs done of all, failures, ETA).
///
/// Producers call ``update(_:)`` with a `WorkProgress` snapshot — a store under a lock, cheap
/// enough for every evaluation. A timer draws the latest snapshot: on a terminal (`live`) one line
/// rewritten in place ten times a second, the first at once; elsewhere (a log, with `--progress`)
/// a plain line every ``plainInterval`` seconds. The clock starts when the display is made — make
/// it first thing, so the elapsed time is the command's. Rates and ETAs count only what this
/// process did: a resumed batch's rows already in the file count as done, not as speed.
public final class ProgressDisplay: Sendable {
    /// How the display writes.
    public enum Mode: Sendable {
        /// One line rewritten in place (`\r` … erase to the end of the line): a terminal.
        case live
        /// A plain line every ``ProgressDisplay/plainInterval`` seconds: a log file.
        case plain
    }

    /// Live (a terminal) or plain lines (a log).
    public let mode: Mode
    /// Seconds between plain lines.
    public let plainInterval: Double
    private let prefix: String
    private let output: Int32
    private let start = ContinuousClock.now

    private struct State {
        var progress: WorkProgress?
        /// Where the current stage was first seen: its done count and time, for the rate.
        var stageStart: (stage: String, done: Int, seconds: Double)?
        var lastPlain = -Double.infinity
        var lastLine = ""
        var finished = false
    }
    private let state = Mutex(State())

    /// `prefix` begins plain lines (`dse batch`); `output` is the file descriptor drawn on.
    public init(
        mode: Mode, prefix: String = "dse", output: Int32 = STDERR_FILENO,
        plainInterval: Double = 5,
        first: WorkProgress? = nil
    ) {
        self.mode = mode
        self.prefix = prefix
        self.output = output
        self.plainInterval = plainInterval
        if let first { state.withLock { $0.progress = first } }
        draw(force: true)
        // The drawing thread holds the display only while it draws; it ends once finished.
        let thread = Thread { [weak self] in
            while true {
                Thread.sleep(forTimeInterval: 0.1)
                guard let display = self, display.draw(force: false) else { return }
            }
        }
        thread.name = "dse.progress"
        thread.start()
    }

    /// Whether stderr is a terminal.
    public static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    /// Records the newest snapshot; the timer draws it (a new stage at once, so that no stage
    /// goes unseen however short).
    public func update(_ progress: WorkProgress) {
        let now = elapsedSeconds
        let newStage = state.withLock { state -> Bool in
            let isNew = state.stageStart?.stage != progress.stage
            if isNew { state.stageStart = (progress.stage, progress.done ?? 0, now) }
            state.progress = progress
            return isNew
        }
        if newStage, mode == .live { draw(force: true) }
    }

    /// A reporter to hand to `SolveOptions.reportProgress`.
    public var reporter: @Sendable (WorkProgress) -> Void {
        { [self] progress in update(progress) }
    }

    /// Writes `message` (a whole line) to stderr without tearing the live line.
    public func note(_ message: String) {
        state.withLock { state in
            write((mode == .live && !state.lastLine.isEmpty ? "\r\u{1B}[K" : "") + message + "\n")
            if mode == .live, !state.finished, !state.lastLine.isEmpty { write(state.lastLine) }
        }
    }

    /// Stops drawing and erases the live line (a plain log keeps its lines). Idempotent.
    public func finish() {
        state.withLock { state in
            guard !state.finished else { return }
            state.finished = true
            if mode == .live, !state.lastLine.isEmpty { write("\r\u{1B}[K") }
        }
    }

    var elapsedSeconds: Double {
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    /// Draws the latest snapshot; false once the display is finished.
    @discardableResult
    private func draw(force: Bool) -> Bool {
        let now = elapsedSeconds
        return state.withLock { state in
            guard !state.finished else { return false }
            if mode == .plain {
                guard force || now - state.lastPlain >= plainInterval else { return true }
                state.lastPlain = now
                write(
                    "\(prefix): "
                        + Self.line(state.progress, stageStart: state.stageStart, now: now) + "\n")
            } else {
                let text = Self.line(state.progress, stageStart: state.stageStart, now: now)
                let line =
                    "\r" + Self.truncated(text, to: Self.terminalColumns(output) - 1) + "\u{1B}[K"
                state.lastLine = line
                write(line)
            }
            return true
        }
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { rest -> Int in
                guard let start = rest.baseAddress else { return 0 }
                return Foundation.write(output, start, rest.count)
            }
            if written <= 0 { if errno == EINTR { continue } else { return } }
            offset += written
        }
    }

    /// The terminal's width in columns (80 when it does not say).
    static func terminalColumns(_ descriptor: Int32) -> Int {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }

    static func truncated(_ text: String, to columns: Int) -> String {
        text.count <= columns ? text : String(text.prefix(max(columns - 1, 0))) + "…"
    }

    /// The progress line: stage, counts with rate and ETA, best/bound/gap/nodes, elapsed.
    static func line(
        _ progress: WorkProgress?, stageStart: (stage: String, done: Int, seconds: Double)?,
        now: Double
    ) -> String {
        guard let progress else { return "starting · \(duration(now))" }
        var parts: [String] = [progress.stage, duration(now)]
        if let done = progress.done {
            var count = progress.total.map { "\(done)/\($0)" } ?? "\(done)"
            if !progress.unit.isEmpty { count += " \(progress.unit)" }
            if let total = progress.total, total > 0 {
                count = bar(Double(done) / Double(total)) + " " + count
            }
            parts.append(count)
            // The rate of this stage in this process, once it has run for a second.
            if let start = stageStart, done > start.done, now - start.seconds >= 1 {
                let rate = Double(done - start.done) / (now - start.seconds)
                parts.append(
                    rate >= 10 ? String(format: "%.0f/s", rate) : String(format: "%.2g/s", rate))
                if let total = progress.total, total > done, rate > 0 {
                    parts.append("ETA " + duration(Double(total - done) / rate, tenths: false))
                }
            }
        }
        if let best = progress.best, best.isFinite {
            let label = progress.bound == nil ? "best" : "incumbent"
            parts.append("\(label) \(ResultReport.number(best, digits: 6))")
        }
        if let bound = progress.bound, bound.isFinite {
            parts.append("bound \(ResultReport.number(bound, digits: 6))")
        }
        if let gap = progress.relativeGap { parts.append(String(format: "gap %.2f %%", gap * 100)) }
        if let nodes = progress.nodes { parts.append("\(nodes) node\(nodes == 1 ? "" : "s")") }
        if let note = progress.note { parts.append(note) }
        return parts.joined(separator: " · ")
    }

    static func bar(_ fraction: Double) -> String {
        let width = 12
        let filled = Int(exactly: (min(max(fraction, 0), 1) * Double(width)).rounded(.down)) ?? 0
        return "[" + String(repeating: "=", count: filled)
            + String(repeating: " ", count: width - filled) + "]"
    }

    /// `4.2 s`, `3 min 5 s`, `2 h 10 min`.
    static func duration(_ seconds: Double, tenths: Bool = true) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        if seconds < 60 { return String(format: tenths ? "%.1f s" : "%.0f s", seconds) }
        // checked: finite, non-negative
        let whole = Int(exactly: seconds.rounded(.down)) ?? Int.max
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }
}
