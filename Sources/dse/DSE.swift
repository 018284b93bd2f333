import ArgumentParser
import Foundation
import Problems

/// `dse`: DSEKit's command line. Thin: parse arguments, call the library, print.
///
/// Exit status: 0 solved (a feasible point exists), 1 no solution (infeasible, unbounded, or a
/// limit without a point), 2 usage error, 3 bad input file, 4 internal error.
@main
struct DSE: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dse",
        abstract:
            """
            Design-space exploration for ML hardware and systems: exact ILP/LP models (GLPK, \
            CBC), searches, problem families, batch experiments.
            """,
        discussion: """
            Progress is drawn on stderr when it is a terminal (--progress to force it, --quiet to \
            silence it).

            Exit status: 0 solved (a feasible point exists), 1 no solution (infeasible, unbounded, \
            or a limit reached without a feasible point), 2 usage error, 3 bad input file, 4 \
            internal error.
            """,
        version: "DSEKit \(DSEKitVersion.current)",
        subcommands: [
            Solve.self, Validate.self, Cost.self, Frontier.self, Batch.self, Merge.self,
            Report.self, Families.self, Version.self,
            DeprecatedSweep.self,
        ]
    )

    static func main() {
        let status: ExitStatus
        do {
            var command = try parseAsRoot()
            try command.run()
            status = .success
        } catch let failure as CLIFailure {
            failure.report()
            status = failure.status
        } catch let exit as ExitStatus {
            status = exit
        } catch {
            // Argument parsing: help and version requests succeed; anything else is a usage error.
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                status = .success
            } else {
                Console.error(fullMessage(for: error))
                status = .usage
            }
        }
        Foundation.exit(status.rawValue)
    }
}
