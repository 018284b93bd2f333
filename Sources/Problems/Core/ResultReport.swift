import LinearModel

/// The report for people every family prints (`dse solve` without `--json`): the same header
/// lines — family, problem, status word, objective with its unit, bound and gap where there is
/// one, time, check, solver — then the family's own table.
///
/// ```
/// Family:     melange
/// Problem:    Mélange GPU allocation: 30 requests/s over 4 buckets, slice factor 1
/// Status:     optimal
/// Objective:  6.7 $/h (cost, minimized)
/// Bound:      6.7 $/h, gap 0 %
/// Time:       0.0031 s (3 branch-and-bound nodes)
/// Check:      passed: every bucket fully assigned, every load within its GPUs, cost recomputed
/// Solver:     glpk (GLPK 5.0)
/// ```
public struct ResultReport: Sendable {
    /// Status, objective, bound, gap, time, and the family's own JSON in `result`.
    public var envelope: ResultEnvelope
    /// The report header's problem line, objective (name, unit, sense), effort and check.
    public var summary: ResultSummary
    /// The family's own table, printed after a blank line.
    public var details: String
    /// The backend, as people read it (`glpk (GLPK 5.0)`), when one solved the problem.
    public var solver: String?

    /// A report of this envelope, summary and table; `solver` as people read it.
    public init(
        envelope: ResultEnvelope, summary: ResultSummary, details: String, solver: String? = nil
    ) {
        self.envelope = envelope
        self.summary = summary
        self.details = details
        self.solver = solver
    }

    /// The width of the header's labels (`Objective:` and a space).
    static let labelWidth = 12

    /// The header lines.
    public var header: [String] {
        var lines: [String] = []
        func row(_ label: String, _ value: String) {
            lines.append(
                (label + ":").padding(toLength: Self.labelWidth, withPad: " ", startingAt: 0)
                    + value)
        }
        row("Family", envelope.family)
        row("Problem", summary.problem)
        let hasPoint = envelope.hasSolution
        row(
            "Status",
            envelope.status.rawValue
                + (envelope.status.explanation(hasPoint: hasPoint).map { " (\($0))" } ?? ""))
        let objective = summary.objective
        let sense = objective.sense.map { $0 == .minimize ? ", minimized" : ", maximized" } ?? ""
        if let value = envelope.objective, hasPoint {
            row(
                "Objective",
                Self.quantity(value, unit: objective.unit) + " (\(objective.name)\(sense))")
            if let bound = envelope.bestBound {
                row(
                    "Bound",
                    Self.quantity(bound, unit: objective.unit)
                        + (envelope.gap.map { ", gap \(Self.percent($0))" } ?? ""))
            }
        } else {
            row("Objective", "none (\(objective.name)\(sense))")
        }
        row("Time", Self.seconds(envelope.solveSeconds) + (summary.effort.map { " (\($0))" } ?? ""))
        switch summary.check {
        case .passed(let text): row("Check", "passed: " + text)
        case .failed(let text): row("Check", "FAILED: " + text + " (the point is withdrawn)")
        case .noPoint: row("Check", "no point to check")
        }
        if let solver { row("Solver", solver) }
        for note in summary.notes { row("Note", note) }
        return lines
    }

    /// The whole report: the header, a blank line, the family's table.
    public var text: String {
        let body = details.trimmingTrailingNewlines
        return (header + (body.isEmpty ? [] : ["", body])).joined(separator: "\n")
    }

    /// A number for people: integers whole, others to 10 significant digits, trailing zeros off.
    public static func number(_ value: Double, digits: Int = 10) -> String {
        if value == 0 { return "0" }
        if !value.isFinite { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
        // checked: |value| < 1e15
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.\(digits)g", value)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A value and its unit (`6.7 $/h`, `20 bytes`).
    public static func quantity(_ value: Double, unit: String?) -> String {
        number(value) + (unit.map { " \($0)" } ?? "")
    }

    /// A fraction as a percentage to two decimals (`2.71 %`; `0 %` for zero).
    public static func percent(_ fraction: Double) -> String {
        fraction == 0 ? "0 %" : String(format: "%.2f %%", fraction * 100)
    }

    /// Seconds to about four significant digits (`0.0031 s`, `12.35 s`).
    public static func seconds(_ value: Double) -> String {
        value >= 100
            ? String(format: "%.0f s", value)
            : number(Double(String(format: "%.3g", value)) ?? value) + " s"
    }
}

extension String {
    var trimmingTrailingNewlines: String {
        var text = self
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
