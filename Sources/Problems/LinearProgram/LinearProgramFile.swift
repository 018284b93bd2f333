import GLPKBackend
import LinearModel

/// The `lp` family: a model file (CPLEX LP, free/fixed MPS, GNU MathProg + data) solved as it is.
public struct LinearProgramFile: Sendable {
    /// The pseudo-family of model files in the result envelope.
    public static let family = "lp"

    /// The model file.
    public var path: String
    /// A MathProg data file, if any.
    public var dataPath: String?
    /// The format; `nil` tells it from the extension.
    public var format: GLPKFileReader.Format?
    /// The model read from the file.
    public let model: Model

    /// Reads the file with `reader` (by default: MathProg models may not read or write files);
    /// throws `GLPKError` naming the file and line on bad input.
    public init(
        path: String, dataPath: String? = nil, format: GLPKFileReader.Format? = nil,
        reader: GLPKFileReader = GLPKFileReader()
    ) throws(GLPKError) {
        self.path = path
        self.dataPath = dataPath
        self.format = format
        self.model = try reader.read(path, format: format, dataPath: dataPath)
    }

    /// Solves the model and checks the answer independently before returning it.
    public func solve(
        with solver: any Solver = GLPKSolver(), options: SolveOptions = SolveOptions()
    ) throws -> LinearProgramResult {
        let solution = try solver.solve(model, options: options)
        return LinearProgramResult(model: model, solution: solution, source: path)
    }
}
