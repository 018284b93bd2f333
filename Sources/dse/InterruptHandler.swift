import Dispatch
import Experiments
import Foundation
import LinearModel

/// Ctrl-C (SIGINT) or SIGTERM once: stop the search and report the best point; a second signal
/// exits at once with 128 + the signal (130, 143).
final class InterruptHandler: @unchecked Sendable {
    static let signals: [Int32] = [SIGINT, SIGTERM]
    private let sources: [DispatchSourceSignal]
    private let queue = DispatchQueue(label: "dse.interrupt")
    private var count = 0

    init(_ cancellation: CancellationToken) {
        var sources: [DispatchSourceSignal] = []
        for number in Self.signals {
            signal(number, SIG_IGN)
            sources.append(DispatchSource.makeSignalSource(signal: number, queue: queue))
        }
        self.sources = sources
        for (source, number) in zip(sources, Self.signals) {
            // the handler goes when the source is cancelled
            source.setEventHandler { [unowned self] in
                // signals that came together arrive as one event
                self.count += max(Int(source.data), 1)
                if self.count > 1 { Foundation.exit(128 + number) }
                let name = number == SIGTERM ? "terminated (SIGTERM)" : "interrupted"
                // On a terminal, start a fresh line: a progress line may be drawn there.
                let erase = ProgressDisplay.standardErrorIsTerminal ? "\r\u{1B}[K" : ""
                Console.error(
                    erase + "dse: \(name); stopping the search (signal again to quit at once)")
                cancellation.cancel()
            }
            source.resume()
        }
    }

    func stop() {
        for source in sources { source.cancel() }
        for number in Self.signals { signal(number, SIG_DFL) }
    }
}
