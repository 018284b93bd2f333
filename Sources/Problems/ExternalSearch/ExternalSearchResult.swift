import Foundation
import LinearModel
import Search

/// What a `search` run found: the best configuration and its metrics, how many evaluations it
/// took, how many came from the log and how many failed.
public struct ExternalSearchResult: ProblemResult {
    /// The problem this answers.
    public let problem: ExternalSearchProblem
    /// What the search found and its best-so-far trace.
    public var search: SearchResult
    /// Evaluations answered from the log (a resumed search) rather than by running the program.
    public var replayed = 0
    /// Evaluations that failed (exit status, timeout, bad output).
    public var failures = 0
    /// Up to three failed configurations with the reason.
    public var failureExamples: [String] = []
    /// Evaluations in the log when the run ended.
    public var loggedEvaluations = 0
    /// Whether Ctrl-C or SIGTERM stopped the search.
    public var interrupted = false
    /// Wall-clock seconds of the search.
    public var seconds = 0.0

    init(problem: ExternalSearchProblem, search: SearchResult) {
        self.problem = problem
        self.search = search
    }

    /// Whether some evaluated configuration meets the constraints.
    public var hasFeasiblePoint: Bool {
        search.bestScore.isFinite && search.bestConfiguration != nil
    }

    /// `feasible` with a point, `infeasible` without, `interrupted` when stopped.
    public var status: ResultStatus {
        if interrupted { return .interrupted }
        return hasFeasiblePoint ? .feasible : .infeasible
    }

    /// The objective in the file's own terms: the metric minimised or maximised, else the score.
    public var objectiveValue: Double? {
        guard hasFeasiblePoint, let metrics = search.bestMetrics else { return nil }
        switch problem.objective.goal {
        case .minimize(let name), .maximize(let name): return metrics[name]
        default: return search.bestScore
        }
    }

    /// Status, objective, bound, gap, time, and the family's own JSON in `result`.
    public var envelope: ResultEnvelope {
        var members: [(String, JSONValue)] = [
            ("engine", .string(search.engine)), ("objective_text", .string(problem.objectiveText)),
            ("evaluations", .number(Double(search.evaluations))),
            ("replayed", .number(Double(replayed))),
            ("failures", .number(Double(failures))), ("log", .string(problem.resolvedLogPath)),
        ]
        if let configuration = search.bestConfiguration, hasFeasiblePoint {
            members.append(
                (
                    "best",
                    .object(
                        problem.space.describe(configuration).map { ($0.name, .string($0.value)) })
                ))
            members.append(
                (
                    "metrics",
                    .object(
                        (search.bestMetrics ?? [:]).sorted { $0.key < $1.key }.map {
                            ($0.key, .number($0.value))
                        })
                ))
        } else {
            members.append(
                (
                    "message",
                    .string(
                        failures == search.evaluations && failures > 0
                            ? """
                            every evaluation failed (\(failureExamples.first ?? "")); check \
                            the evaluator command
                            """
                            : "no evaluated configuration meets the constraints")
                ))
        }
        if !failureExamples.isEmpty {
            members.append(("failure_examples", .array(failureExamples.map(JSONValue.string))))
        }
        members.append(
            (
                "best_so_far",
                .array(
                    search.trace.filter(\.best.isFinite).map {
                        .array([.number(Double($0.evaluation)), .number($0.best)])
                    })
            ))
        return ResultEnvelope(
            family: ExternalSearchProblem.name, status: status, objective: objectiveValue,
            bestBound: nil, gap: nil,
            solveSeconds: seconds, result: .object(members))
    }

    /// The reported point re-scored from its metrics: the objective recomputed (the constraints
    /// are part of the score: a broken one scores infinity).
    var check: ResultSummary.Check {
        guard hasFeasiblePoint, let metrics = search.bestMetrics else { return .noPoint }
        guard problem.objective.paretoMetrics.isEmpty else {
            return .passed("the Pareto front's metrics as the evaluator gave them")
        }
        let recomputed = problem.objective.score(metrics)
        guard abs(recomputed - search.bestScore) <= 1e-9 * max(1, abs(search.bestScore)) else {
            return .failed(
                """
                the search reports score \(JSONValue.format(search.bestScore)) but the metrics \
                score \(JSONValue.format(recomputed))
                """
            )
        }
        return .passed("the objective and constraints recomputed from the evaluator's metrics")
    }

    /// The report header's problem line, objective (name, unit, sense), effort and check.
    public var summary: ResultSummary {
        let objective: ResultSummary.Objective
        switch problem.objective.goal {
        case .minimize(let name): objective = .init(name, sense: .minimize)
        case .maximize(let name): objective = .init(name, sense: .maximize)
        default: objective = .init("score (\(problem.objectiveText))", sense: .minimize)
        }
        var notes: [String] = []
        if !hasFeasiblePoint {
            notes.append(
                failures == search.evaluations && failures > 0
                    ? "every evaluation failed; check the evaluator command"
                    : "no evaluated configuration meets the constraints")
        }
        return ResultSummary(
            problem:
                """
                search over \(problem.space.parameters.count) parameters with \
                \(problem.commandText): \(problem.objectiveText)
                """,
            objective: objective,
            effort:
                """
                \(search.evaluations) of \(problem.budget) evaluations, \(replayed) from the \
                log, \(failures) failed
                """,
            check: check, notes: notes)
    }

    /// The report's table, after the common header.
    public var details: String {
        var lines = ["  engine       \(search.engine), seed \(problem.seed)"]
        lines.append("  log          \(problem.resolvedLogPath) (\(loggedEvaluations) evaluations)")
        if let configuration = search.bestConfiguration, hasFeasiblePoint {
            lines.append("best configuration:")
            for (name, value) in problem.space.describe(configuration) {
                lines.append("  \(name) = \(value)")
            }
            lines.append(
                "metrics: "
                    + (search.bestMetrics ?? [:]).sorted { $0.key < $1.key }.map {
                        "\($0.key) = \(JSONValue.format($0.value))"
                    }.joined(separator: ", "))
        }
        for example in failureExamples { lines.append("  failed: \(example)") }
        return lines.joined(separator: "\n")
    }

    static func columnNames(parameters: [String], metrics: [String]) -> [String] {
        ["engine", "seed", "budget", "evaluations", "replayed", "failures", "objective"]
            + parameters + metrics
    }

    /// One CSV row's cells, in the order of the problem's `resultColumnNames`.
    public var csvColumns: [(String, String)] {
        var columns: [(String, String)] = [
            ("engine", search.engine), ("seed", String(problem.seed)),
            ("budget", String(problem.budget)),
            ("evaluations", String(search.evaluations)), ("replayed", String(replayed)),
            ("failures", String(failures)),
            ("objective", objectiveValue.map { JSONValue.format($0) } ?? ""),
        ]
        let best = hasFeasiblePoint ? search.bestConfiguration : nil
        for (k, parameter) in problem.space.parameters.enumerated() {
            columns.append((parameter.name, best.map { parameter.values[$0[k]] } ?? ""))
        }
        for name in problem.metrics {
            columns.append(
                (
                    name,
                    (hasFeasiblePoint ? search.bestMetrics?[name] : nil).map {
                        JSONValue.format($0)
                    } ?? ""
                ))
        }
        return columns
    }
}
