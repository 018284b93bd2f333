import ArgumentParser
import Foundation
import Problems

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sweep budget fractions of a mixed-precision problem and write the non-dominated frontier as CSV.",
        discussion: """
        Each --resource (size, bops, latency; one or two) is swept over the fractions between all-lowest \
        and all-highest bits; other budgets in the file stay. Prints CSV unless --out is given.
        """
    )

    @Argument(help: "A mixed-precision problem file.", completion: .file())
    var file: String

    @Option(name: .long, help: "A resource to sweep: size, bops or latency (repeat for a two-budget grid).")
    var resource: [String] = []

    @Option(name: .long, help: "Number of evenly spaced fractions from 0 to 1.")
    var steps: Int = 21

    @Option(name: .long, help: "Write the CSV here instead of standard output.", completion: .file())
    var out: String?

    @OptionGroup var fileAccess: FileAccessOptions

    func validate() throws {
        guard !resource.isEmpty, resource.count <= 2 else { throw ValidationError("give one or two --resource (size, bops, latency)") }
        for name in resource where MixedPrecisionInstance.Resource(rawValue: name) == nil {
            throw ValidationError("--resource must be size, bops or latency, got '\(name)'")
        }
        guard steps >= 2, steps <= 1001 else { throw ValidationError("--steps must be 2 to 1001, got \(steps)") }
    }

    func run() throws {
        let problem: MixedPrecisionProblem
        do {
            guard let loaded = try ProblemFile.load(file, access: fileAccess.access) as? MixedPrecisionProblem else {
                throw CLIFailure(status: .usage, message: "\(file): dse sweep works on mixed-precision problem files")
            }
            problem = loaded
        } catch let error as ProblemFileError {
            throw CLIFailure(status: .badInput, message: error.description)
        }
        let resources = resource.compactMap(MixedPrecisionInstance.Resource.init(rawValue:))
        for r in resources where r == .latency && problem.instance.layers.contains(where: { $0.latencyMs == nil }) {
            throw CLIFailure(status: .badInput, message: "\(file): the layers have no latency to sweep (give latency_ms or latency: {source: model, device: …})")
        }
        let fractions = (0..<steps).map { Double($0) / Double(steps - 1) }
        let sweep = MixedPrecisionSweep(problem: problem, resources: resources)
        let text: String
        do {
            text = try sweep.csv(try sweep.frontier(fractions: fractions))
        } catch {
            throw CLIFailure(status: .internalError, message: "\(file): \(error)")
        }
        if let out {
            do {
                try text.write(toFile: out, atomically: true, encoding: .utf8)
            } catch {
                throw CLIFailure(status: .usage, message: "\(out): cannot write the file (\(error.localizedDescription))")
            }
        } else {
            print(text, terminator: "")
        }
    }
}
