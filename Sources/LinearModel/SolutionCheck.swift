/// An independent check of a point a solver returned: feasibility recomputed from the model's
/// own data (bounds, rows, integrality) and the objective recomputed from its coefficients.
///
/// Solvers are trusted for *finding* points, never for *vouching* for them: every reported
/// solution passes through this check first.
public struct SolutionCheck: Sendable, Equatable {
    /// Largest violation of a bound, row or integrality (0 when feasible).
    public var maximumViolation: Double
    /// Largest violation relative to the size of what it violates (see ``Model/violations(_:)``).
    public var maximumRelativeViolation: Double
    /// `Σ cⱼxⱼ + c₀` recomputed from the model.
    public var recomputedObjective: Double
    /// The objective the solver reported.
    public var reportedObjective: Double
    /// Relative feasibility tolerance.
    public var tolerance: Double

    /// Checks `solution` against `model`; `nil` when the solution has no point.
    public init?(model: Model, solution: Solution, tolerance: Double = 1e-6) {
        guard let values = solution.variableValues, let reported = solution.objectiveValue else {
            return nil
        }
        let violations = model.violations(values)
        maximumViolation = violations.absolute
        maximumRelativeViolation = violations.relative
        recomputedObjective = model.objectiveValue(values)
        reportedObjective = reported
        self.tolerance = tolerance
    }

    /// Whether every row and bound holds within ``tolerance`` (relative).
    public var isFeasible: Bool { maximumRelativeViolation <= tolerance }

    /// Whether the reported objective matches the recomputed one (relative 1e-6).
    public var objectiveMatches: Bool {
        abs(recomputedObjective - reportedObjective) <= 1e-6 * max(1, abs(recomputedObjective))
    }

    /// Whether the point is feasible and its objective matches the solver's.
    public var passed: Bool { isFeasible && objectiveMatches }
}
