import LinearModel

/// The one shape every family's answer takes in `dse solve --json` (and, flattened, in batch
/// CSV rows): `{"family", "status", "objective", "best_bound", "gap", "solve_seconds", "result"}`,
/// with `"solver"` after `"family"` when a MIP/LP backend was chosen (``SolverChoice``).
public struct ResultEnvelope: Sendable {
    /// The family name from the problem file (`lp` for LP/MPS/MathProg files).
    public var family: String
    /// Why the work stopped; its raw value is the word on the wire (`optimal`, `time_limit`, …).
    public var status: ResultStatus
    /// The objective of the reported point in the family's units; nil without a point.
    public var objective: Double?
    /// The best proven bound on the objective, where there is one.
    public var bestBound: Double?
    /// Relative gap `|objective − bound| / |objective|`.
    public var gap: Double?
    /// Wall-clock seconds of the solve.
    public var solveSeconds: Double
    /// The family's own result.
    public var result: JSONValue
    /// The backend that solved it (`glpk`, `cbc`, `race`), when the caller records one.
    public var solver: String?
    /// Why there is no solution (`dse solve --explain`): the conflicting requirements.
    public var conflict: JSONValue?

    /// An envelope with these fields.
    public init(
        family: String, status: ResultStatus, objective: Double?, bestBound: Double?, gap: Double?,
        solveSeconds: Double, result: JSONValue
    ) {
        self.family = family
        self.status = status
        self.objective = objective
        self.bestBound = bestBound
        self.gap = gap
        self.solveSeconds = solveSeconds
        self.result = result
    }

    /// Fills status, objective, bound, gap and time from a solver's solution.
    public init(family: String, solution: Solution, result: JSONValue) {
        self.init(
            family: family, status: solution.status, objective: solution.objectiveValue,
            bestBound: solution.bestBound, gap: solution.relativeGap,
            solveSeconds: solution.statistics.solveSeconds, result: result)
    }

    /// The envelope as `dse solve --json` prints it, keys in the documented order.
    public var json: JSONValue {
        .object(
            [("family", .string(family))]
                + (solver.map { [("solver", JSONValue.string($0))] } ?? []) + [
                    ("status", .string(status.rawValue)),
                    ("objective", .number(objective)),
                    ("best_bound", .number(bestBound)),
                    ("gap", .number(gap)),
                    // to the microsecond
                    ("solve_seconds", .number((solveSeconds * 1e6).rounded() / 1e6)),
                    ("result", result),
                ] + (conflict.map { [("conflict", $0)] } ?? []))
    }

    /// Whether the answer includes a feasible point (exit status 0 in the CLI).
    public var hasSolution: Bool {
        status.mayCarryPoint && objective != nil
    }
}
