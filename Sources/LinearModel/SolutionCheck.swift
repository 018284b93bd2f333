/// An independent check of a point a solver returned: feasibility recomputed from the model's
/// own data (bounds, rows, integrality) and the objective recomputed from its coefficients.
///
/// Solvers are trusted for *finding* points, never for *vouching* for them: every reported
/// solution passes through this check first.
public struct SolutionCheck: Sendable, Equatable {
    /// Largest violation of a bound, row or integrality (0 when feasible).
    public var maximumViolation: Double
    /// `Σ cⱼxⱼ + c₀` recomputed from the model.
    public var recomputedObjective: Double
    /// The objective the solver reported.
    public var reportedObjective: Double
    /// Absolute tolerance used for feasibility, scaled by the data's magnitude.
    public var tolerance: Double

    /// Checks `solution` against `model`; `nil` when the solution has no point.
    public init?(model: Model, solution: Solution, tolerance: Double = 1e-6) {
        guard let values = solution.variableValues, let reported = solution.objectiveValue else { return nil }
        maximumViolation = model.maximumViolation(values)
        recomputedObjective = model.objectiveValue(values)
        reportedObjective = reported
        let scale = max(1, values.lazy.map(abs).max() ?? 1)
        self.tolerance = tolerance * scale
    }

    public var isFeasible: Bool { maximumViolation <= tolerance }

    /// Whether the reported objective matches the recomputed one (relative 1e-6).
    public var objectiveMatches: Bool {
        abs(recomputedObjective - reportedObjective) <= 1e-6 * max(1, abs(recomputedObjective))
    }

    public var passed: Bool { isFeasible && objectiveMatches }
}
