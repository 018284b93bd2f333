import LinearModel
import Problems
import Testing

/// The common header, line by line, for an answer with a bound, one stopped early, and one
/// without a point.
@Suite struct ResultReportTests {
    static let objective = ResultSummary.Objective(
        "cost of the GPUs", unit: "$/h", sense: .minimize)

    @Test func anOptimumWithItsBound() {
        let envelope = ResultEnvelope(
            family: "melange", status: .optimal, objective: 6.7, bestBound: 6.7, gap: 0,
            solveSeconds: 0.000635, result: .object([]))
        let summary = ResultSummary(
            problem: "Mélange GPU allocation", objective: Self.objective,
            effort: "3 branch-and-bound nodes", check: .passed("cost recomputed"))
        let report = ResultReport(
            envelope: envelope, summary: summary, details: "table\n\n", solver: "glpk")
        #expect(
            report.text == """
                Family:     melange
                Problem:    Mélange GPU allocation
                Status:     optimal
                Objective:  6.7 $/h (cost of the GPUs, minimized)
                Bound:      6.7 $/h, gap 0 %
                Time:       0.000635 s (3 branch-and-bound nodes)
                Check:      passed: cost recomputed
                Solver:     glpk

                table
                """)
    }

    @Test func aTimeLimitWithAGapAndANote() {
        let envelope = ResultEnvelope(
            family: "cosma", status: .timeLimit, objective: 120, bestBound: 90, gap: 0.25,
            solveSeconds: 61.23456, result: .object([]))
        let summary = ResultSummary(
            problem: "p", objective: .init("traffic", unit: "bytes", sense: .minimize),
            check: .passed("replayed"), notes: ["set aside: a plan"])
        let lines = ResultReport(envelope: envelope, summary: summary, details: "").header
        #expect(lines[2] == "Status:     time_limit (best point found so far)")
        #expect(lines[4] == "Bound:      90 bytes, gap 25.00 %")
        #expect(lines[5] == "Time:       61.2 s")
        #expect(lines.last == "Note:       set aside: a plan")
    }

    @Test func noPointNoObjectiveNoBound() {
        let envelope = ResultEnvelope(
            family: "lp", status: .infeasible, objective: nil, bestBound: 3, gap: nil,
            solveSeconds: 0.001, result: .object([]))
        let summary = ResultSummary(
            problem: "p", objective: .init("LP objective", sense: .maximize), check: .noPoint)
        let lines = ResultReport(envelope: envelope, summary: summary, details: "").header
        #expect(lines.contains("Status:     infeasible (no point meets every requirement)"))
        #expect(lines.contains("Objective:  none (LP objective, maximized)"))
        #expect(!lines.contains { $0.hasPrefix("Bound:") })
        #expect(lines.contains("Check:      no point to check"))
    }

    @Test func numbersForPeople() {
        #expect(ResultReport.number(36) == "36")
        #expect(ResultReport.number(0.07450592964123) == "0.07450592964")
        #expect(ResultReport.number(2.5e-12) == "2.5e-12")
        #expect(ResultReport.number(1.23456789, digits: 6) == "1.23457")
        #expect(ResultReport.percent(0.0271) == "2.71 %")
        #expect(ResultReport.seconds(0.0123456) == "0.0123 s")
        #expect(ResultReport.seconds(250.4) == "250 s")
    }
}
