import Foundation
import LinearModel

/// A solved model: prints itself like glpsol's essentials, encodes as JSON, and has passed an
/// independent feasibility and objective check (`SolutionCheck`).
public struct LinearProgramResult: ProblemResult {
    /// The model solved.
    public let model: Model
    /// The solver's answer, its point withdrawn when it failed the independent check.
    public let solution: Solution
    /// The file the model came from (for the header), if any.
    public let source: String?
    /// The independent check; `nil` when there is no point to check.
    public let check: SolutionCheck?

    /// The result of `solution` for `model` (read from `source`): checked here, independently of
    /// the solver.
    public init(model: Model, solution: Solution, source: String? = nil) {
        let check = SolutionCheck(model: model, solution: solution)
        self.model = model
        self.source = source
        self.check = check
        // A point that fails the independent check is not reported as a solution.
        self.solution = check.map { $0.passed } == false ? solution.withdrawingPoint() : solution
    }

    /// Whether the solver's point failed the independent check (and was withdrawn).
    public var failedCheck: Bool { check.map { !$0.passed } ?? false }

    /// The `result` member of the JSON envelope: variable values by name, in model order.
    public var resultJSON: JSONValue {
        var members: [(String, JSONValue)] = []
        if let values = solution.variableValues {
            members.append(
                (
                    "variables",
                    .object(model.variables.map { (variableName($0), .number(values[$0.index])) })
                ))
        } else {
            members.append(("variables", .object([])))
        }
        if let duals = solution.constraintDuals {
            members.append(
                (
                    "duals",
                    .object(
                        model.constraints.map { (constraintName($0), .number(duals[$0.index])) })
                ))
        }
        members.append(("rows", .number(Double(model.constraintCount))))
        members.append(("columns", .number(Double(model.variableCount))))
        members.append(("nonzeros", .number(Double(model.nonzeroCount))))
        if let nodes = solution.statistics.branchAndBoundNodes {
            members.append(("nodes", .number(Double(nodes))))
        }
        if let iterations = solution.statistics.simplexIterations {
            members.append(("simplex_iterations", .number(Double(iterations))))
        }
        if let check, !check.passed {
            members.append(("check_error", .string(checkMessage(check))))
        }
        return .object(members)
    }

    /// Status, objective, bound, gap, time, and the family's own JSON in `result`.
    public var envelope: ResultEnvelope {
        ResultEnvelope(family: LinearProgramFile.family, solution: solution, result: resultJSON)
    }

    /// The report header's problem line, objective (name, unit, sense), effort and check.
    public var summary: ResultSummary {
        let integers = model.integerVariableCount
        let columns =
            "\(model.variableCount) columns"
            + (integers > 0 ? " (\(integers) integer, \(model.binaryVariableCount) binary)" : "")
        let outcome: ResultSummary.Check
        if let check {
            let violation = ResultReport.number(check.maximumViolation)
            let recomputed = ResultReport.number(check.recomputedObjective)
            outcome =
                check.passed
                ? .passed(
                    "feasible (max violation \(violation)), objective recomputed \(recomputed)")
                : .failed(checkMessage(check))
        } else {
            outcome = .noPoint
        }
        var notes: [String] = []
        if solution.termination == .numericalFailure, !failedCheck {
            notes.append("the solver failed numerically")
        }
        if solution.termination == .iterationLimit {
            notes.append("the iteration limit was reached")
        }
        let name =
            (model.name.isEmpty ? "(unnamed)" : model.name) + (source.map { " from \($0)" } ?? "")
        let size = "\(model.constraintCount) rows, \(columns), \(model.nonzeroCount) non-zeros"
        return ResultSummary(
            problem: "\(name): \(size)",
            objective: .init(
                model.isMixedInteger ? "MIP objective" : "LP objective", sense: model.objectiveSense
            ),
            effort: solution.statistics.effortText, check: outcome, notes: notes)
    }

    /// The non-zero variables, by name.
    public var details: String {
        guard let values = solution.variableValues else { return "" }
        let nonzero = model.variables.filter { abs(values[$0.index]) > 1e-9 }
        if nonzero.isEmpty { return "All variables are zero." }
        var lines = ["Non-zero variables (\(nonzero.count) of \(model.variableCount)):"]
        let width = min(max(nonzero.map { variableName($0).count }.max() ?? 4, 4), 40)
        for v in nonzero {
            lines.append(
                "  " + variableName(v).padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + ResultReport.number(values[v.index]))
        }
        return lines.joined(separator: "\n")
    }

    /// No batch runs take model files; nothing to flatten.
    public var csvColumns: [(String, String)] { [] }

    /// The backend as people read it: `glpk (GLPK 5.0)`, or `cbc (CBC 2.10…), won the race of glpk
    /// and cbc`.
    public var solverText: String? {
        guard let name = solution.statistics.solverName else { return nil }
        let raced = name.hasPrefix("race:")
        let winner = raced ? String(name.dropFirst(5)) : name
        let described = SolverChoice(rawValue: winner)?.description ?? winner
        return raced ? "\(described), won the race of glpk and cbc" : described
    }

    private func checkMessage(_ check: SolutionCheck) -> String {
        """
        FAILED: max violation \(ResultReport.number(check.maximumViolation)), objective reported \
        \(ResultReport.number(check.reportedObjective)) vs recomputed \
        \(ResultReport.number(check.recomputedObjective))
        """
    }

    private func variableName(_ v: Variable) -> String { model.name(of: v) ?? "x\(v.index + 1)" }
    private func constraintName(_ c: Constraint) -> String {
        model.name(of: c) ?? "c\(c.index + 1)"
    }

}
