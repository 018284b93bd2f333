/// What a solver returned for a ``Model``.
///
/// *Why the solver stopped* (``termination``) is kept apart from *whether a feasible point was
/// found* (``hasFeasiblePoint``): a time limit may stop a search with or without an incumbent, and
/// values are only ever reported when a feasible point exists — never the zeros a solver leaves
/// behind when it has none.
public struct Solution: Sendable {
    /// Why the solver stopped.
    public enum Termination: String, Sendable, Codable, CaseIterable {
        /// Proven optimal (within the solver's tolerances).
        case optimal
        /// Proven to have no feasible point.
        case infeasible
        /// Feasible, with an objective that improves without limit.
        case unbounded
        /// The time limit was reached.
        case timeLimit
        /// The relative MIP gap fell to the requested tolerance.
        case gapLimit
        /// The iteration limit was reached.
        case iterationLimit
        /// Stopped by request: the progress callback, a ``CancellationToken`` or task cancellation.
        case interrupted
        /// The solver's memory limit (``SolveOptions/memoryLimitMegabytes``) was reached.
        case memoryLimit
        /// The solver failed numerically (singular or ill-conditioned basis, …).
        case numericalFailure
    }

    /// Why the solver stopped.
    public var termination: Termination
    /// Objective value of the reported point (includes the objective constant).
    public var objectiveValue: Double?
    /// Best proven bound on the optimal objective (equal to the objective when optimal).
    public var bestBound: Double?
    /// Variable values by ``Variable/index``; `nil` when no feasible point exists.
    public var variableValues: [Double]?
    /// Row activities `Σ aᵢⱼxⱼ` by ``Constraint/index``; `nil` when no feasible point exists.
    public var constraintActivities: [Double]?
    /// LP row duals (shadow prices ∂objective/∂bound) by constraint index; `nil` for MIPs.
    public var constraintDuals: [Double]?
    /// LP reduced costs by variable index; `nil` for MIPs.
    public var reducedCosts: [Double]?
    /// Effort and time spent.
    public var statistics: SolveStatistics
    /// The solver's own terminal output, captured (never printed unasked).
    public var log: String

    /// A solution with these fields; values must come with a point (``hasFeasiblePoint``).
    public init(
        termination: Termination, objectiveValue: Double? = nil, bestBound: Double? = nil,
        variableValues: [Double]? = nil, constraintActivities: [Double]? = nil,
        constraintDuals: [Double]? = nil, reducedCosts: [Double]? = nil,
        statistics: SolveStatistics = SolveStatistics(), log: String = ""
    ) {
        self.termination = termination
        self.objectiveValue = objectiveValue
        self.bestBound = bestBound
        self.variableValues = variableValues
        self.constraintActivities = constraintActivities
        self.constraintDuals = constraintDuals
        self.reducedCosts = reducedCosts
        self.statistics = statistics
        self.log = log
    }

    /// Whether a feasible point is reported (``variableValues`` is not `nil`).
    public var hasFeasiblePoint: Bool { variableValues != nil }

    /// Relative gap between the objective and the best bound, as GLPK defines it:
    /// `|objective − bound| / (|objective| + ε)`; `nil` when either is unknown.
    public var relativeGap: Double? {
        Self.relativeGap(objective: objectiveValue, bound: bestBound)
    }

    /// GLPK's relative gap `|objective − bound| / (|objective| + ε)`; `nil` when either is unknown.
    public static func relativeGap(objective: Double?, bound: Double?) -> Double? {
        guard let objective, let bound else { return nil }
        return abs(objective - bound) / (abs(objective) + Double.ulpOfOne)
    }

    /// This solution with its point withdrawn — no values, objective or bound — and marked
    /// as a failure: what a caller reports when an independent check rejects the point.
    public func withdrawingPoint() -> Solution {
        var withdrawn = self
        withdrawn.termination = .numericalFailure
        withdrawn.variableValues = nil
        withdrawn.constraintActivities = nil
        withdrawn.constraintDuals = nil
        withdrawn.reducedCosts = nil
        withdrawn.objectiveValue = nil
        withdrawn.bestBound = nil
        return withdrawn
    }

    /// The value of a variable, if a feasible point exists.
    public func value(_ variable: Variable) -> Double? {
        variableValues?[variable.index]
    }

    /// The value of an expression, if a feasible point exists.
    public func value(_ expression: LinearExpression) -> Double? {
        variableValues.map { expression.value($0) }
    }

    /// The dual value (shadow price) of a constraint, for LPs solved to optimality.
    public func dual(_ constraint: Constraint) -> Double? {
        constraintDuals?[constraint.index]
    }

    /// The one-word status used in every result envelope (`dse solve --json`, batch CSV).
    public var status: ResultStatus {
        switch termination {
        case .optimal: return .optimal
        case .infeasible: return .infeasible
        case .unbounded: return .unbounded
        case .timeLimit: return .timeLimit
        case .gapLimit: return .gapLimit
        case .interrupted: return .interrupted
        case .memoryLimit: return .memoryLimit
        case .iterationLimit: return hasFeasiblePoint ? .feasible : .error
        case .numericalFailure: return hasFeasiblePoint ? .feasible : .error
        }
    }
}

/// Effort and time a solve took.
public struct SolveStatistics: Sendable, Equatable {
    /// Wall-clock seconds from load to the answer being read.
    public var solveSeconds: Double
    /// Simplex iterations, where the solver reports them.
    public var simplexIterations: Int?
    /// Branch-and-bound nodes (MIPs), where the solver reports them.
    public var branchAndBoundNodes: Int?
    /// Whether the search took ``SolveOptions/start`` as an incumbent (nil: no start given);
    /// false when the point fails the model's rows, bounds or integrality.
    public var startAccepted: Bool?
    /// The backend that produced this answer (`glpk`, `cbc`; under ``RacingSolver`` the winner).
    public var solverName: String?

    /// Statistics with these fields.
    public init(
        solveSeconds: Double = 0, simplexIterations: Int? = nil, branchAndBoundNodes: Int? = nil,
        startAccepted: Bool? = nil, solverName: String? = nil
    ) {
        self.solveSeconds = solveSeconds
        self.simplexIterations = simplexIterations
        self.branchAndBoundNodes = branchAndBoundNodes
        self.startAccepted = startAccepted
        self.solverName = solverName
    }
}

extension SolveStatistics {
    /// The effort in words: `12 simplex iterations, 3 branch-and-bound nodes`; nil when neither
    /// is known.
    public var effortText: String? {
        var parts: [String] = []
        if let iterations = simplexIterations, iterations > 0 {
            parts.append("\(iterations) simplex iteration\(iterations == 1 ? "" : "s")")
        }
        if let nodes = branchAndBoundNodes {
            parts.append("\(nodes) branch-and-bound node\(nodes == 1 ? "" : "s")")
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }
}
