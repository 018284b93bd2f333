import ArgumentParser
import Experiments
import Foundation
import LinearModel
import Problems

/// `dse frontier`: the non-dominated sensitivity/resource frontier of a mixed-precision problem.
struct Frontier: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            """
            Solve a mixed-precision problem over a grid of budget fractions and write the \
            non-dominated frontier as CSV.
            """,
        discussion: """
            Each --resource (size, bops, latency; one or two) is varied over evenly spaced \
            fractions between \
            all-lowest and all-highest bits; other budgets in the file stay. Prints CSV unless \
            --out is given.
            """
    )

    @OptionGroup var arguments: FrontierArguments

    func run() throws { try arguments.run() }
}

/// What `dse frontier` (and its old name) take.
struct FrontierArguments: ParsableArguments {
    @Argument(help: "A mixed-precision problem file.", completion: .file())
    var file: String

    @Option(
        name: .long,
        help:
            "A resource whose budget varies: size, bops or latency (repeat for a two-budget grid).")
    var resource: [String] = []

    @Option(name: .long, help: "Number of evenly spaced fractions from 0 to 1.")
    var steps: Int = 21

    @Option(
        name: .long, help: "Write the CSV here instead of standard output.", completion: .file())
    var out: String?

    @OptionGroup var fileAccess: FileAccessOptions
    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        guard !resource.isEmpty, resource.count <= 2 else {
            throw ValidationError("give one or two --resource (size, bops, latency)")
        }
        for name in resource where MixedPrecisionInstance.Resource(rawValue: name) == nil {
            let names = MixedPrecisionInstance.Resource.allCases.map(\.rawValue)
            throw ValidationError(
                """
                --resource must be size, bops or latency, got \
                '\(name)'\(Suggestion.hint(for: name, among: names))
                """
            )
        }
        guard steps >= 2, steps <= 1001 else {
            throw ValidationError("--steps must be 2 to 1001, got \(steps)")
        }
    }

    func run() throws {
        let display = progressOptions.display(first: WorkProgress(stage: "reading \(file)"))
        defer { display?.finish() }
        let problem: MixedPrecisionProblem
        do {
            guard
                let loaded = try ProblemFile.load(file, access: fileAccess.access)
                    as? MixedPrecisionProblem
            else {
                throw CLIFailure(
                    status: .usage,
                    message: "\(file): dse frontier works on mixed-precision problem files")
            }
            problem = loaded
        } catch let error as ProblemFileError {
            throw CLIFailure(status: .badInput, message: error.description)
        }
        let resources = resource.compactMap(MixedPrecisionInstance.Resource.init(rawValue:))
        for r in resources
        where r == .latency && problem.instance.layers.contains(where: { $0.latencyMs == nil }) {
            throw CLIFailure(
                status: .badInput,
                message:
                    """
                    \(file): the layers have no latency to vary (give latency_ms or latency: \
                    {source: model, device: …})
                    """
            )
        }
        let fractions = (0..<steps).map { Double($0) / Double(steps - 1) }
        let frontier = MixedPrecisionFrontier(problem: problem, resources: resources)
        let text: String
        do {
            text = try frontier.csv(
                try frontier.frontier(
                    fractions: fractions, options: SolveOptions(reportProgress: display?.reporter)))
        } catch {
            throw CLIFailure(status: .internalError, message: "\(file): \(error)")
        }
        display?.finish()
        if let out {
            do {
                try text.write(toFile: out, atomically: true, encoding: .utf8)
            } catch {
                throw CLIFailure(
                    status: .usage,
                    message: "\(out): cannot write the file (\(error.localizedDescription))")
            }
        } else {
            print(text, terminator: "")
        }
    }
}
