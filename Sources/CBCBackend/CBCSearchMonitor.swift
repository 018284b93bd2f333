import CCBCGuard
import LinearModel
import Synchronization

/// Receives CBC's search events and log lines (through the guard, as plain values), forwards
/// progress to `SolveOptions.progress` at most every `interval` seconds (new
/// incumbents always), and tells CBC to stop when the caller cancels or the callback says so.
final class CBCSearchMonitor: Sendable {
    let options: SolveOptions
    let interval: Double
    let began: ContinuousClock.Instant
    let sense: ObjectiveSense
    let constant: Double
    private let state = Mutex(State())

    private struct State {
        var lastReport = -Double.infinity
        var stopRequested = false
        var log = ""
    }

    init(
        options: SolveOptions, interval: Double, began: ContinuousClock.Instant,
        sense: ObjectiveSense, constant: Double
    ) {
        self.options = options
        self.interval = interval
        self.began = began
        self.sense = sense
        self.constant = constant
    }

    var log: String { state.withLock { $0.log } }
    var stopRequested: Bool { state.withLock { $0.stopRequested } }

    func append(line: String) {
        state.withLock { $0.log += line.hasSuffix("\n") ? line : line + "\n" }
    }

    /// Returns true to stop the search.
    func observe(_ progress: dse_cbc_progress) -> Bool {
        if options.isCancelled {
            state.withLock { $0.stopRequested = true }
            return true
        }
        guard let callback = options.progress else { return false }
        let now = (ContinuousClock.now - began) / .seconds(1)
        let isIncumbent = progress.event == Int32(DSE_CBC_EVENT_INCUMBENT)
        let due = state.withLock { state -> Bool in
            guard isIncumbent || now - state.lastReport >= interval else { return false }
            state.lastReport = now
            return true
        }
        guard due else { return false }
        // During the search CBC's driver works on the minimisation form: a maximisation's
        // incumbent and bound arrive negated.
        let sign = sense == .maximize ? -1.0 : 1.0
        let snapshot = SolverProgress(
            event: isIncumbent ? .newIncumbent : .progress,
            incumbentObjective: progress.has_incumbent != 0
                ? sign * progress.incumbent + constant : nil,
            bestBound: progress.has_bound != 0 ? sign * progress.bound + constant : nil,
            nodeCount: Int(progress.nodes), activeNodeCount: Int(progress.active_nodes),
            elapsedSeconds: now)
        if callback(snapshot) == .stop {
            state.withLock { $0.stopRequested = true }
            return true
        }
        return false
    }
}

/// The C-callable entries for ``CBCSearchMonitor``; they call no CBC function.
let cbcProgressThunk: dse_cbc_progress_fn = { context, progress in
    guard let context, let progress else { return 0 }
    let monitor = Unmanaged<CBCSearchMonitor>.fromOpaque(context).takeUnretainedValue()
    return monitor.observe(progress.pointee) ? 1 : 0
}

let cbcLogThunk: dse_cbc_log_fn = { context, line in
    guard let context, let line else { return }
    Unmanaged<CBCSearchMonitor>.fromOpaque(context).takeUnretainedValue().append(
        line: String(cString: line))
}
