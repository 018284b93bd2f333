import ArgumentParser
import Experiments
import Foundation
import Problems

struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            """
            Merge the CSV parts of a sharded batch, checking for duplicated and (with --sweep) \
            missing runs.
            """
    )

    @Argument(help: "The merged CSV to write.")
    var output: String

    @Argument(help: "The parts.")
    var parts: [String]

    @Option(
        name: .long, help: "The sweep file: check every run is present and keep its order.",
        completion: .file())
    var sweep: String?

    @OptionGroup var fileAccess: FileAccessOptions

    func validate() throws {
        guard !parts.isEmpty else { throw ValidationError("give at least one part") }
    }

    func run() throws {
        var expected: [String]?
        if let sweep {
            do {
                expected = try SweepFile(path: sweep, access: fileAccess.access).runs.map(\.key)
            } catch {
                throw CLIFailure(status: .badInput, message: error.description)
            }
        }
        do {
            let rows = try ResultMerge.merge(parts, expectedKeys: expected)
            try ResultMerge.write(rows, to: output)
            Console.error(
                """
                dse merge: \(max(rows.count - 1, 0)) runs from \(parts.count) parts written to \
                \(output)
                """
            )
        } catch let problem as ResultMerge.Problem {
            throw CLIFailure(status: .badInput, message: problem.description)
        }
    }
}
