extension Model {
    /// The whole-number bounds of an integer column: `[⌈lower⌉, ⌊upper⌋]`, forgiving 1e-9
    /// (relative) of floating-point noise. May be empty (lower > upper): no integer point.
    ///
    /// Backends load integer columns with these bounds (`x ≤ 0.5` becomes `x ≤ 0`): the same
    /// integer points, and some solvers refuse a fractional bound on an integer column outright.
    public static func integerBounds(lower: Double, upper: Double) -> (lower: Double, upper: Double)
    {
        func slack(_ x: Double) -> Double { 1e-9 * max(1, abs(x)) }
        return (
            lower.isFinite ? (lower - slack(lower)).rounded(.up) : lower,
            upper.isFinite ? (upper + slack(upper)).rounded(.down) : upper
        )
    }

    /// An integer column whose bounds hold no whole number, if any (the model is then infeasible).
    public var emptyIntegerColumn: Variable? {
        variables.first { v in
            guard kind(of: v).isIntegral else { return false }
            let (lower, upper) = Self.integerBounds(
                lower: lowerBound(of: v), upper: upperBound(of: v))
            return lower > upper
        }
    }

    /// A MIP start as a solver may take it: integer columns rounded, and only if the point then
    /// satisfies every bound, row and integrality to 1e-9 (relative); `nil` otherwise (wrong
    /// length, infeasible). Backends check starts themselves rather than trusting the solver to.
    public func checkedStart(_ start: [Double]) -> [Double]? {
        guard start.count == variableCount else { return nil }
        var point = start
        for variable in variables where kind(of: variable).isIntegral {
            point[variable.index].round()
        }
        return violations(point).relative <= 1e-9 ? point : nil
    }
}

extension Solver {
    /// For a MIP whose relaxation is unbounded: the MIP is unbounded if it is feasible at all
    /// (Meyer, 1974, for rational data), so this solves it with a zero objective to find out.
    /// `elapsedSeconds` is taken off the time limit.
    public func classifyUnboundedRelaxation(
        _ model: Model, options: SolveOptions, elapsedSeconds: Double
    ) throws -> Solution {
        var feasibility = model
        try feasibility.minimize(LinearExpression())
        var limited = options
        if let limit = options.timeLimitSeconds {
            limited.timeLimitSeconds = max(limit - elapsedSeconds, 0.001)
        }
        let check = try solve(feasibility, options: limited)
        switch check.termination {
        case .optimal: return Solution(termination: .unbounded, statistics: check.statistics)
        case .infeasible: return Solution(termination: .infeasible, statistics: check.statistics)
        default: return Solution(termination: check.termination, statistics: check.statistics)
        }
    }
}
