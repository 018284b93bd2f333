import Foundation
import LinearModel

/// A solved model: prints itself like glpsol's essentials, encodes as JSON, and has passed an
/// independent feasibility and objective check (``LinearModel/SolutionCheck``).
public struct LinearProgramResult: Sendable {
    public let model: Model
    public let solution: Solution
    /// The file the model came from (for the header), if any.
    public let source: String?
    /// The independent check; `nil` when there is no point to check.
    public let check: SolutionCheck?

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
            members.append(("variables", .object(model.variables.map { (variableName($0), .number(values[$0.index])) })))
        } else {
            members.append(("variables", .object([])))
        }
        if let duals = solution.constraintDuals {
            members.append(("duals", .object(model.constraints.map { (constraintName($0), .number(duals[$0.index])) })))
        }
        members.append(("rows", .number(Double(model.constraintCount))))
        members.append(("columns", .number(Double(model.variableCount))))
        members.append(("nonzeros", .number(Double(model.nonzeroCount))))
        if let nodes = solution.statistics.branchAndBoundNodes { members.append(("nodes", .number(Double(nodes)))) }
        if let iterations = solution.statistics.simplexIterations { members.append(("simplex_iterations", .number(Double(iterations)))) }
        if let check, !check.passed {
            members.append(("check_error", .string(checkMessage(check))))
        }
        return .object(members)
    }

    public var envelope: ResultEnvelope {
        ResultEnvelope(family: LinearProgramFile.family, solution: solution, result: resultJSON)
    }

    /// A report for people, after glpsol's.
    public var humanReadable: String {
        var lines: [String] = []
        func row(_ label: String, _ value: String) { lines.append(label.padding(toLength: 12, withPad: " ", startingAt: 0) + value) }
        row("Problem:", model.name.isEmpty ? "(unnamed)" : model.name)
        if let source { row("File:", source) }
        row("Rows:", "\(model.constraintCount)")
        let integers = model.integerVariableCount
        row("Columns:", "\(model.variableCount)" + (integers > 0 ? " (\(integers) integer, \(model.binaryVariableCount) binary)" : ""))
        row("Non-zeros:", "\(model.nonzeroCount)")
        row("Status:", statusLine)
        if let solver = solution.statistics.solverName {
            row("Solver:", solver.hasPrefix("race:") ? "\(solver.dropFirst(5)) (won the race of glpk and cbc)" : solver)
        }
        if let objective = solution.objectiveValue {
            row("Objective:", "\(Self.format(objective)) (\(model.objectiveSense == .maximize ? "MAXimum" : "MINimum"))")
        }
        if model.isMixedInteger, solution.hasFeasiblePoint {
            if let bound = solution.bestBound { row("Best bound:", Self.format(bound)) }
            if let gap = solution.relativeGap { row("Gap:", "\(Self.format(gap * 100)) %") }
        }
        var effort = "\(Self.format(solution.statistics.solveSeconds, digits: 3)) s"
        var details: [String] = []
        if let iterations = solution.statistics.simplexIterations, iterations > 0 { details.append("\(iterations) simplex iterations") }
        if let nodes = solution.statistics.branchAndBoundNodes { details.append("\(nodes) branch-and-bound nodes") }
        if !details.isEmpty { effort += " (" + details.joined(separator: ", ") + ")" }
        row("Time:", effort)
        if let check {
            row("Check:", check.passed
                ? "feasible (max violation \(Self.format(check.maximumViolation))), objective recomputed \(Self.format(check.recomputedObjective))"
                : checkMessage(check))
        }
        if let values = solution.variableValues {
            let nonzero = model.variables.filter { abs(values[$0.index]) > 1e-9 }
            lines.append("")
            if nonzero.isEmpty {
                lines.append("All variables are zero.")
            } else {
                lines.append("Non-zero variables (\(nonzero.count) of \(model.variableCount)):")
                let width = min(max(nonzero.map { variableName($0).count }.max() ?? 4, 4), 40)
                for v in nonzero {
                    lines.append("  " + variableName(v).padding(toLength: width, withPad: " ", startingAt: 0) + "  " + Self.format(values[v.index]))
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    private var statusLine: String {
        switch solution.termination {
        case .optimal: return model.isMixedInteger ? "INTEGER OPTIMAL" : "OPTIMAL"
        case .infeasible: return "INFEASIBLE (no feasible point exists)"
        case .unbounded: return "UNBOUNDED (the objective improves without limit)"
        case .timeLimit: return solution.hasFeasiblePoint ? "TIME LIMIT (best point found so far)" : "TIME LIMIT (no feasible point found)"
        case .gapLimit: return "GAP LIMIT (within the requested relative gap)"
        case .iterationLimit: return "ITERATION LIMIT"
        case .interrupted: return solution.hasFeasiblePoint ? "INTERRUPTED (best point found so far)" : "INTERRUPTED (no feasible point found)"
        case .memoryLimit: return solution.hasFeasiblePoint ? "MEMORY LIMIT (best point found so far)" : "MEMORY LIMIT (no feasible point found)"
        case .numericalFailure: return failedCheck ? "ERROR (the solver's point failed the independent check)" : "ERROR (numerical failure)"
        }
    }

    private func checkMessage(_ check: SolutionCheck) -> String {
        "FAILED: max violation \(Self.format(check.maximumViolation)), objective reported \(Self.format(check.reportedObjective)) vs recomputed \(Self.format(check.recomputedObjective))"
    }

    private func variableName(_ v: Variable) -> String { model.name(of: v) ?? "x\(v.index + 1)" }
    private func constraintName(_ c: Constraint) -> String { model.name(of: c) ?? "c\(c.index + 1)" }

    static func format(_ value: Double, digits: Int = 10) -> String {
        if value == 0 { return "0" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }   // checked: |value| < 1e15
        var text = String(format: "%.\(digits)g", value)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
