import Foundation
import Synchronization

/// Progress on stderr: a live bar (done/total, failures, elapsed, ETA) on a terminal, a plain
/// line every few seconds otherwise (logs, CI, Slurm).
public final class BatchProgress: Sendable {
    private let total: Int
    private let live: Bool
    private let start = ContinuousClock.now
    private let lastLine = Mutex<Double>(-Double.infinity)

    public init(total: Int, live: Bool = isatty(STDERR_FILENO) != 0) {
        self.total = total
        self.live = live
    }

    private var elapsed: Double {
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }

    public func update(done: Int, failed: Int) {
        let now = elapsed
        let eta = done > 0 ? now / Double(done) * Double(total - done) : .nan
        let counts = "\(done)/\(total) runs, \(failed) failed, \(String(format: "%.1f", now)) s elapsed"
            + (eta.isFinite ? String(format: ", ETA %.0f s", eta) : "")
        if live {
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardError.write(Data("\r[\(bar)] \(counts)\u{1B}[K".utf8))
            if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
        } else {
            let due = lastLine.withLock { last -> Bool in
                guard now - last >= 5 || done == total else { return false }
                last = now
                return true
            }
            if due { FileHandle.standardError.write(Data("dse batch: \(counts)\n".utf8)) }
        }
    }
}
