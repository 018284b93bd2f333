import CostModels
import Foundation

/// The CLI's exit statuses (see `dse --help`).
enum ExitStatus: Int32, Error {
    case success = 0
    case noSolution = 1
    case usage = 2
    case badInput = 3
    case internalError = 4
}

/// A failure to report as one line on stderr, with its exit status.
struct CLIFailure: Error {
    var status: ExitStatus
    var message: String

    /// One printable line, however much of a hostile file the message quotes.
    func report() {
        Console.error("dse: \(InputExcerpt.line(message))")
    }
}
