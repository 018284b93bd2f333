import ArgumentParser
import Foundation
import GLPKBackend
import Problems

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a problem or model file without solving it.",
        discussion:
            """
            Exit status 0 when the file is valid, 3 (with the file, field and line) when it is \
            not.
            """
    )

    @Argument(
        help: "A problem file (.yaml, .yml, .json) or a model file (.lp, .mps, .mod).",
        completion: .file())
    var file: String

    @Option(name: .long, help: "A GNU MathProg data file for a .mod model.", completion: .file())
    var data: String?

    @OptionGroup var fileAccess: FileAccessOptions
    @OptionGroup var modelFileIO: ModelFileIOOption

    func run() throws {
        if Solve.isProblemFile(file) {
            do {
                let root = try ProblemFile.root(of: file, access: fileAccess.access)
                let problem = try ProblemFile.load(root: root)
                let solver = try SolverChoice.declared(in: root)
                print(
                    "\(file): valid \(problem.overview)"
                        + (solver.map { ", solver \($0.rawValue)" } ?? ""))
            } catch {
                throw CLIFailure(status: .badInput, message: error.description)
            }
            return
        }
        do {
            let model = try GLPKFileReader(allowFileIO: modelFileIO.allowFileIO).read(
                file, dataPath: data)
            print(
                """
                \(file): valid model, \(model.constraintCount) rows, \(model.variableCount) \
                columns (\(model.integerVariableCount) integer), \(model.nonzeroCount) non-zeros
                """
            )
        } catch {
            throw CLIFailure(status: .badInput, message: error.description)
        }
    }
}
