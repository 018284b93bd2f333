import LinearModel

/// A kind of problem DSEKit solves from a problem file (`family: NAME`).
///
/// Each family has the same parts: a spec read and validated from the file (mistakes are
/// ``ProblemFileError``s naming the field), a formulation or search set-up, and a result that
/// prints itself for people, encodes as JSON inside the ``ResultEnvelope``, and flattens into CSV
/// columns. The ``FamilyRegistry`` maps the name in the file to the type, so the CLI and batch
/// runs treat every family alike.
public protocol ProblemFamily: Sendable {
    /// The name used in problem files, e.g. `melange`.
    static var name: String { get }
    /// One line for `dse families`.
    static var summary: String { get }
    /// Reads and validates the spec (the whole document, `family:` included).
    init(spec: SpecNode) throws(ProblemFileError)
    /// The names of ``ProblemResult/csvColumns``, known before solving (batch runs write the
    /// CSV header first).
    var resultColumnNames: [String] { get }
    /// What the problem is, in a line or two (for `dse validate`).
    var overview: String { get }
    /// Whether the family solves ILPs/LPs, so that a ``SolverChoice`` applies (a pure search
    /// family does not).
    static var usesSolver: Bool { get }
    /// The backend that serves the family best, by measurement (see `dse-bench solvers`).
    static var defaultSolver: SolverChoice { get }
    /// Solves with `solver`, checks the answer independently, and returns the result.
    func solve(options: SolveOptions, solver: any Solver) throws -> any ProblemResult
}

extension ProblemFamily {
    /// True by default: the family solves ILPs or LPs.
    public static var usesSolver: Bool { true }
    /// GLPK by default.
    public static var defaultSolver: SolverChoice { .glpk }

    /// Solves with the family's ``defaultSolver``.
    public func solve(options: SolveOptions) throws -> any ProblemResult {
        try solve(options: options, solver: Self.defaultSolver.makeSolver())
    }
}

/// What every family's answer offers.
public protocol ProblemResult: Sendable {
    /// Status, objective, bound, gap, time and the family's own `result`.
    var envelope: ResultEnvelope { get }
    /// What the report's common header says beyond the envelope (see ``ResultReport``).
    var summary: ResultSummary { get }
    /// The family's own table, printed after the common header.
    var details: String { get }
    /// Named values for one CSV row, in a stable order.
    var csvColumns: [(String, String)] { get }
}

extension ProblemResult {
    /// The report for people: the common header (with `solver`, as people read it, when a
    /// backend solved the problem), then the family's table.
    public func report(solver: String? = nil) -> ResultReport {
        ResultReport(envelope: envelope, summary: summary, details: details, solver: solver)
    }

    /// The report for people, as text.
    public var humanReadable: String { report().text }
}
