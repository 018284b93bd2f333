import CSV
import CostModels
import Foundation
import LinearModel
import Search

/// A memory-controller search's answer: the best configuration and its metrics, the evaluations
/// used, the best-so-far trace, and — where the space was enumerated — the exhaustive optimum
/// and the gap to it. The best configuration is re-evaluated on a freshly characterised trace,
/// its pins, constraints and score re-checked, and the knobs collapsed as irrelevant varied to
/// confirm they change nothing; one that fails is withdrawn.
public struct MemoryControllerResult: ProblemResult {
    /// Why the search ended.
    public enum Stop: Sendable { case finished, timeLimit, interrupted }

    /// The exhaustive enumeration of the searched space.
    public struct Exhaustive: Sendable {
        /// The best score over the space (infinity when nothing is feasible).
        public var score: Double
        /// The configuration scoring it.
        public var choices: Configuration?
        /// Its metrics.
        public var metrics: DRAMMetrics?
        /// Configurations enumerated.
        public var evaluations: Int
        /// The Pareto front, for Pareto objectives.
        public var archive: ParetoArchive
    }

    /// The problem this answers.
    public let problem: MemoryControllerProblem
    /// The searched space.
    public let space: MemoryControllerSpace
    /// The search's result; nil when every knob was pinned.
    public let search: SearchResult?
    /// The exhaustive optimum, when it was computed.
    public let exhaustive: Exhaustive?
    /// Why the default exhaustive enumeration was left out (nil when it ran or was not wanted).
    public let exhaustiveSkipped: String?
    /// Why the search ended.
    public let stop: Stop
    /// Wall-clock seconds of the solve.
    public let seconds: Double
    /// The best configuration (nil when none meets the constraints, or the check failed).
    public let best: MemoryControllerConfiguration?
    /// The best configuration's metrics.
    public let bestMetrics: DRAMMetrics?
    /// Its score (what the search minimises).
    public let bestScore: Double
    /// What the independent check found wrong (empty when it passed).
    public let checkProblems: [String]

    init(
        problem: MemoryControllerProblem, space: MemoryControllerSpace, search: SearchResult?,
        exhaustive: Exhaustive?, exhaustiveSkipped: String? = nil,
        stop: Stop, seconds: Double
    ) {
        self.problem = problem
        self.space = space
        self.search = search
        self.exhaustive = exhaustive
        self.exhaustiveSkipped = exhaustiveSkipped
        self.stop = stop
        self.seconds = seconds
        var best: MemoryControllerConfiguration?
        var metrics: DRAMMetrics?
        var score = Double.infinity
        if let search {
            if let choices = search.bestConfiguration, search.bestScore.isFinite {
                let configuration = space.configuration(choices)
                best = configuration
                metrics = problem.model.evaluate(configuration)
                score = search.bestScore
            }
        } else {
            // Every knob pinned: evaluate that configuration.
            let evaluated = problem.model.evaluate(space.base)
            let s = problem.score(evaluated)
            if s.isFinite {
                best = space.base
                metrics = evaluated
                score = s
            }
        }
        var problems: [String] = []
        if let configuration = best, let metrics, problem.objective.paretoMetrics.isEmpty {
            problems = Self.check(
                configuration, metrics: metrics, score: score, problem: problem, space: space)
        }
        self.checkProblems = problems
        self.best = problems.isEmpty ? best : nil
        self.bestMetrics = problems.isEmpty ? metrics : nil
        self.bestScore = problems.isEmpty ? score : .infinity
    }

    /// The independent check of the reported configuration.
    static func check(
        _ configuration: MemoryControllerConfiguration, metrics: DRAMMetrics, score: Double,
        problem: MemoryControllerProblem, space: MemoryControllerSpace
    ) -> [String] {
        var problems: [String] = []
        let fresh = DRAMControllerModel(trace: problem.trace, device: problem.model.device)
        let again = fresh.evaluate(configuration)
        if again != metrics {
            problems.append(
                """
                re-evaluating \(configuration) on a fresh trace characterisation gives \
                different metrics
                """
            )
        }
        let recomputed = problem.score(again)
        if !(abs(recomputed - score) <= 1e-9 * max(1, abs(score))) {
            problems.append(
                "the search reports score \(score) but the configuration scores \(recomputed)")
        }
        let knobs = MemoryControllerConfiguration.knobs
        for (knob, code) in problem.pins
        where configuration.values[knob] != knobs[knob].value(ofCode: code) {
            problems.append("the pinned knob \(knobs[knob].name) was changed")
        }
        for fixed in space.fixed where fixed.reason != "pinned by the problem file" {
            guard let knob = knobs.firstIndex(where: { $0.name == fixed.knob }) else { continue }
            for code in space.designSpace.codes[knob] {
                var other = configuration
                other.set(knobIndex: knob, code: code)
                if problem.score(fresh.evaluate(other)) != recomputed {
                    problems.append(
                        "\(fixed.knob) was collapsed as irrelevant but changes the score")
                    break
                }
            }
        }
        return problems
    }

    /// A score as the objective's own number (a maximised metric's value, not its negation).
    func reported(_ score: Double) -> Double { problem.objective.reported(score) }

    /// Relative gap of a score to the exhaustive optimum (0 = optimal).
    func gap(_ score: Double) -> Double? {
        guard let exhaustive, exhaustive.score.isFinite, score.isFinite else { return nil }
        switch problem.objective.goal {
        case .target(_, let target): return (score - exhaustive.score) / max(abs(target), 1e-300)
        default: return (score - exhaustive.score) / max(abs(exhaustive.score), 1e-300)
        }
    }

    /// The Pareto reference point: 1.1 × the worst value of each metric on the fronts.
    var paretoReference: [Double]? {
        let names = problem.objective.paretoMetrics
        guard !names.isEmpty else { return nil }
        let points = (search?.archive.entries ?? []) + (exhaustive?.archive.entries ?? [])
        guard !points.isEmpty else { return nil }
        return names.indices.map { k in
            1.1 * points.map { $0.objectives[k] }.reduce(-Double.infinity, max)
        }
    }

    /// The hypervolume of the search's Pareto front (Pareto objectives).
    public var hypervolume: Double? {
        paretoReference.flatMap { search?.archive.hypervolume(reference: $0) }
    }
    /// The hypervolume of the exhaustive front.
    public var exhaustiveHypervolume: Double? {
        paretoReference.flatMap { exhaustive?.archive.hypervolume(reference: $0) }
    }

    /// The first evaluation after which the best score was within 1 % of the exhaustive optimum.
    public var evaluationsToOnePercent: Int? {
        guard let search, problem.objective.paretoMetrics.isEmpty else { return nil }
        return search.trace.first { (gap($0.best) ?? .infinity) <= 0.01 }?.evaluation
    }

    /// The best score after `n` evaluations.
    func best(after n: Int) -> Double? {
        search?.trace.last { $0.evaluation <= n }.map { reported($0.best) }
    }

    /// `optimal` when the search reached the exhaustive optimum, else why it stopped.
    public var status: ResultStatus {
        if problem.objective.paretoMetrics.isEmpty
            ? best == nil : (search?.archive.entries.isEmpty ?? true)
        {
            return checkProblems.isEmpty
                ? (stop == .finished ? .infeasible : stop == .timeLimit ? .timeLimit : .interrupted)
                : .error
        }
        switch stop {
        case .interrupted: return .interrupted
        case .timeLimit: return .timeLimit
        case .finished: break
        }
        if problem.engine.kind == .exhaustive,
            search?.evaluations ?? 0 >= (exhaustive?.evaluations ?? Int.max)
        {
            return .optimal
        }
        if let gap = gap(bestScore), gap <= 1e-12 { return .optimal }
        if let hv = hypervolume, let hvStar = exhaustiveHypervolume, hv >= hvStar * (1 - 1e-12) {
            return .optimal
        }
        return .feasible
    }

    /// Status, objective, bound, gap, time, and the family's own JSON in `result`.
    public var envelope: ResultEnvelope {
        let pareto = !problem.objective.paretoMetrics.isEmpty
        let objective = pareto ? hypervolume : (bestScore.isFinite ? reported(bestScore) : nil)
        let bound =
            pareto
            ? exhaustiveHypervolume
            : exhaustive.flatMap { $0.score.isFinite ? reported($0.score) : nil }
        return ResultEnvelope(
            family: MemoryControllerProblem.name, status: status, objective: objective,
            bestBound: bound, gap: gapToExhaustive,
            solveSeconds: seconds, result: resultJSON)
    }

    /// A configuration as JSON: knob → value (numbers as numbers).
    public static func json(_ configuration: MemoryControllerConfiguration) -> JSONValue {
        .object(
            zip(MemoryControllerConfiguration.knobs, configuration.values).map { knob, value in
                (knob.name, Int(value).map { .number(Double($0)) } ?? .string(value))
            })
    }

    static func json(_ metrics: DRAMMetrics) -> JSONValue {
        .object(
            metrics.named.map { ($0.name, .number($0.value)) } + [
                ("bottleneck", .string(metrics.bottleneck))
            ])
    }

    /// Best-so-far improvements: (evaluation, best score) each time the best changed.
    public var improvements: [(evaluation: Int, best: Double)] {
        var points: [(Int, Double)] = []
        for point in search?.trace ?? [] where points.last?.1 != point.best {
            points.append((point.evaluation, point.best))
        }
        return points
    }

    var resultJSON: JSONValue {
        var members: [(String, JSONValue)] = [
            ("trace", .string(problem.traceSource)),
            ("requests", .number(Double(problem.model.profile.requestCount))),
            ("initiators", .number(Double(problem.model.profile.initiatorCount))),
            ("objective", .string(problem.objectiveText)),
            ("engine", .string(search?.engine ?? "none (every knob pinned)")),
            ("seed", .number(Double(problem.seed))),
            ("budget", .number(Double(problem.budget))),
            ("best_config", best.map(Self.json) ?? .null),
            ("metrics", bestMetrics.map(Self.json) ?? .null),
            ("evaluations", .number(Double(search?.evaluations ?? 1))),
            ("design_space", .string(space.designSpace.name)),
            ("space_size", .number(Double(space.fullSize))),
            ("searched_space_size", .number(Double(space.space.canonicalSize))),
            (
                "fixed_knobs",
                .array(
                    space.fixed.map {
                        .object([
                            ("knob", .string($0.knob)), ("value", .string($0.value)),
                            ("reason", .string($0.reason)),
                        ])
                    })
            ),
            (
                "merged_values",
                .array(
                    space.merged.map {
                        .object([
                            ("knob", .string($0.knob)), ("value", .string($0.value)),
                            ("same_as", .string($0.sameAs)), ("reason", .string($0.reason)),
                        ])
                    })
            ),
        ]
        if let exhaustive {
            var optimum: [(String, JSONValue)] = [
                ("evaluations", .number(Double(exhaustive.evaluations)))
            ]
            if problem.objective.paretoMetrics.isEmpty {
                optimum += [
                    (
                        "score",
                        .number(exhaustive.score.isFinite ? reported(exhaustive.score) : nil)
                    ),
                    (
                        "best_config",
                        exhaustive.choices.map { Self.json(space.configuration($0)) } ?? .null
                    ),
                    ("metrics", exhaustive.metrics.map(Self.json) ?? .null),
                ]
            } else {
                optimum += [
                    ("front_size", .number(Double(exhaustive.archive.entries.count))),
                    ("hypervolume", .number(exhaustiveHypervolume)),
                ]
            }
            members.append(("exhaustive", .object(optimum)))
            members.append(("gap_to_exhaustive", .number(gapToExhaustive)))
        } else if let exhaustiveSkipped {
            members.append(("exhaustive_skipped", .string(exhaustiveSkipped)))
            members.append(
                ("evaluations_to_1pct", .number(evaluationsToOnePercent.map(Double.init))))
        }
        if let search, !problem.objective.paretoMetrics.isEmpty {
            let names = problem.objective.paretoMetrics
            members.append(
                (
                    "pareto_front",
                    .array(
                        search.archive.entries.sorted {
                            $0.objectives.lexicographicallyPrecedes($1.objectives)
                        }.map { entry in
                            .object(
                                [("config", Self.json(space.configuration(entry.configuration)))]
                                    + zip(names, entry.objectives).map { ($0, .number($1)) })
                        })
                ))
            members.append(("hypervolume", .number(hypervolume)))
        }
        members.append(
            (
                "best_so_far",
                .array(
                    improvements.map {
                        .array([.number(Double($0.evaluation)), .number(reported($0.best))])
                    })
            ))
        if let path = problem.bestSoFarCSV { members.append(("best_so_far_csv", .string(path))) }
        if !checkProblems.isEmpty {
            members.append(("check_error", .string(checkProblems.joined(separator: "; "))))
        }
        return .object(members)
    }

    /// Relative gap of the reported answer to the exhaustive optimum (1 − hypervolume ratio for
    /// Pareto).
    var gapToExhaustive: Double? {
        problem.objective.paretoMetrics.isEmpty
            ? gap(bestScore)
            : hypervolume.flatMap { hv in exhaustiveHypervolume.map { $0 > 0 ? 1 - hv / $0 : 0 } }
    }

    /// The configuration in one cell: values in agent order, separated by '/'.
    static func compact(_ configuration: MemoryControllerConfiguration) -> String {
        configuration.values.joined(separator: "/")
    }

    /// One CSV row's cells, in the order of the problem's `resultColumnNames`.
    public var csvColumns: [(String, String)] {
        func number(_ value: Double?) -> String {
            value.map { $0.isFinite ? JSONValue.format($0) : "" } ?? ""
        }
        var columns: [(String, String)] = [
            ("trace", problem.traceSource), ("engine", search?.engine ?? "none"),
            ("seed", String(problem.seed)), ("budget", String(problem.budget)),
            ("evaluations", String(search?.evaluations ?? 1)),
        ]
        let named = bestMetrics.map { Dictionary(uniqueKeysWithValues: $0.named) } ?? [:]
        for name in DRAMMetrics.metricNames.prefix(6) {
            columns.append((name, number(named[name])))
        }
        columns += [
            ("best_config", best.map(Self.compact) ?? ""),
            (
                "exhaustive_optimum",
                number(
                    exhaustive.flatMap {
                        problem.objective.paretoMetrics.isEmpty
                            ? ($0.score.isFinite ? reported($0.score) : nil) : exhaustiveHypervolume
                    })
            ),
            ("gap_to_exhaustive", number(gapToExhaustive)),
            ("evaluations_to_1pct", evaluationsToOnePercent.map(String.init) ?? ""),
        ]
        for n in problem.checkpoints { columns.append(("best_at_\(n)", number(best(after: n)))) }
        return columns
    }

    /// The best-so-far trace as CSV: `evaluation,best_score`, one row per evaluation.
    public func bestSoFarCSV() throws -> String {
        let writer = try CSVWriter(stream: .toMemory())
        try writer.write(row: ["evaluation", "best_score"])
        for point in search?.trace ?? [] {
            try writer.write(row: [
                String(point.evaluation),
                point.best.isFinite ? JSONValue.format(reported(point.best)) : "",
            ])
        }
        writer.stream.close()
        guard let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data
        else { return "" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The report header's problem line, objective (name, unit, sense), effort and check.
    public var summary: ResultSummary {
        let pareto = !problem.objective.paretoMetrics.isEmpty
        let objective: ResultSummary.Objective
        switch problem.objective.goal {
        case .minimize(let name):
            objective = .init(name, unit: DRAMMetrics.unit(of: name), sense: .minimize)
        case .maximize(let name):
            objective = .init(name, unit: DRAMMetrics.unit(of: name), sense: .maximize)
        case .target(let name, let value):
            objective = .init(
                "distance of \(name) from its target \(JSONValue.format(value)), relative",
                sense: .minimize)
        case .weighted:
            objective = .init("weighted score (\(problem.objectiveText))", sense: .minimize)
        case .pareto(let names):
            objective = .init(
                "hypervolume of the Pareto front of \(names.joined(separator: ", "))",
                sense: .maximize)
        }
        let check: ResultSummary.Check
        if !checkProblems.isEmpty {
            check = .failed(checkProblems.joined(separator: "; "))
        } else if pareto {
            check =
                (search?.archive.entries.isEmpty ?? true)
                ? .noPoint : .passed("every front point's metrics evaluated by the model")
        } else if best == nil {
            check = .noPoint
        } else {
            check = .passed(
                """
                re-evaluated on a fresh trace characterisation; pins, constraints and score \
                hold; collapsed knobs change nothing
                """
            )
        }
        let effort =
            search.map {
                "\($0.evaluations) of \(problem.budget) evaluations"
                    + (exhaustive.map { ", exhaustive \($0.evaluations)" } ?? "")
            }
            ?? "every knob pinned: one configuration evaluated"
        // A synthetic trace's description already counts its requests.
        let requests =
            problem.traceSource.hasPrefix("synthetic")
            ? "" : " (\(problem.model.profile.requestCount) requests\(problem.initiatorsText))"
        return ResultSummary(
            problem: """
                memory-controller knobs for \(problem.traceSource)\(requests), \
                \(problem.objectiveText)
                """,
            objective: objective, effort: effort, check: check)
    }

    /// The report's table, after the common header.
    public var details: String {
        var lines = [
            "  engine      \(search?.engine ?? "none: every knob pinned, configuration evaluated")"
                + (search.map {
                    ", \($0.evaluations) of \(problem.budget) evaluations, seed \(problem.seed)"
                } ?? "")
        ]
        lines.append(
            """
              space       \(space.space.canonicalSize) configurations searched of \
            \(space.fullSize) (design space \(space.designSpace.name))
            """
        )
        for fixed in space.fixed {
            lines.append("              \(fixed.knob) = \(fixed.value): \(fixed.reason)")
        }
        for merged in space.merged {
            lines.append(
                "              \(merged.knob) \(merged.value) ≡ \(merged.sameAs): \(merged.reason)")
        }
        let pareto = !problem.objective.paretoMetrics.isEmpty
        if !pareto, let best, let metrics = bestMetrics {
            lines.append("best configuration:")
            for (knob, value) in zip(MemoryControllerConfiguration.knobs, best.values) {
                lines.append(
                    "  \(knob.name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(value)")
            }
            lines.append("metrics:")
            lines.append(
                String(
                    format:
                        """
                          total time %.3f µs, power %.4f W, energy %.3f µJ, mean latency %.1f \
                        ns, %.2f GB/s, row hits %.1f %%
                        """,
                    metrics.totalMicroseconds, metrics.powerWatts, metrics.energyMicrojoules,
                    metrics.meanLatencyNanoseconds,
                    metrics.bandwidthGBPerSecond, metrics.rowHitRate * 100))
            lines.append("  service time set by: \(metrics.bottleneck)")
        } else if pareto, let search, !search.archive.entries.isEmpty {
            lines.append(
                """
                Pareto front (\(search.archive.entries.count) point(s), hypervolume \
                \(hypervolume.map { String(format: "%.6g", $0) } ?? "?")):
                """
            )
            for entry in search.archive.entries.sorted(by: {
                $0.objectives.lexicographicallyPrecedes($1.objectives)
            }) {
                lines.append(
                    "  "
                        + zip(problem.objective.paretoMetrics, entry.objectives).map {
                            "\($0) \(JSONValue.format(($1 * 1e4).rounded() / 1e4))"
                        }.joined(separator: ", ")
                        + "  " + Self.compact(space.configuration(entry.configuration)))
            }
        } else if checkProblems.isEmpty {
            lines.append("no configuration meets the constraints")
        }
        if let exhaustiveSkipped {
            lines.append("exhaustive optimum skipped: \(exhaustiveSkipped)")
        }
        if let exhaustive {
            if problem.objective.paretoMetrics.isEmpty, exhaustive.score.isFinite {
                lines.append(
                    """
                    exhaustive optimum over \(exhaustive.evaluations) configurations: \
                    \(String(format: "%.6g", reported(exhaustive.score)))
                    """
                        + (gapToExhaustive.map { String(format: ", gap %.4f %%", $0 * 100) } ?? "")
                        + (evaluationsToOnePercent.map { ", within 1 % after \($0) evaluations" }
                            ?? ""))
            } else if let hv = exhaustiveHypervolume {
                lines.append(
                    """
                    exhaustive front: \(exhaustive.archive.entries.count) point(s), \
                    hypervolume \(String(format: "%.6g", hv))
                    """
                        + (gapToExhaustive.map {
                            String(format: ", hypervolume gap %.4f %%", $0 * 100)
                        } ?? ""))
            }
        }
        return lines.joined(separator: "\n")
    }
}
