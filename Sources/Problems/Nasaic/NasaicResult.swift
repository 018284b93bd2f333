import Foundation
import LinearModel
import Search

/// A NASAIC answer: the best spec-meeting networks and accelerator the search found, the search's
/// progress, the successive baseline and how the two compare.
public struct NasaicResult: ProblemResult {
    /// A set of networks with its hardware.
    public struct Point: Sendable {
        /// The networks, one per task.
        public var networks: [NasaicNetwork]
        /// Their accuracies.
        public var accuracies: [Double]
        /// The weighted accuracy.
        public var weightedAccuracy: Double
        /// The accelerator design.
        public var design: NasaicDesign
        /// Latency (cycles), energy (nJ) and area (mm²) of the design running the networks.
        public var metrics:
            (latencyCycles: Double, energyNanojoules: Double, areaSquareMillimetres: Double)
        /// Specs the point breaks (only the successive baseline can break any).
        public var violations: [String]
        /// Each task's cost table on every hardware option (what the design was chosen from).
        public var costs: [NasaicTaskCosts]
    }

    /// The problem this answers.
    public let problem: NasaicProblem
    /// The search's result.
    public var search: SearchResult?
    /// The best spec-meeting point.
    public var best: Point?
    /// The successive baseline's point.
    public var successive: Point?
    /// Episodes whose networks had spec-meeting hardware.
    public var feasibleEpisodes = 0
    /// Distinct networks costed by the cost model.
    public var networksCosted = 0
    /// (episode, best feasible weighted accuracy) at each improvement.
    public var bestSoFar: [(episode: Int, accuracy: Double)] = []
    /// What the independent check found wrong (empty when it passed).
    public var checkProblems: [String] = []
    /// Whether brute force over every hardware design finds the ILP's objective for the best
    /// networks (nil: space too large to enumerate).
    public var hardwareBruteForceAgrees: Bool?
    /// Whether Ctrl-C or SIGTERM stopped the search.
    public var interrupted = false
    /// Wall-clock seconds of the solve.
    public var seconds = 0.0
    /// Set when the result reports a point of the exported hardware ILP (the most accurate
    /// networks) found by another solver, not a search: the point's claim.
    public var importedHardware: Solution?

    init(problem: NasaicProblem) { self.problem = problem }

    /// Episodes run.
    public var episodes: Int { search?.evaluations ?? 0 }

    static func checkpoints(budget: Int) -> [Int] {
        [10, 30, 100, 300, 1_000, 3_000, 10_000].filter { $0 < budget } + [budget]
    }

    /// Best feasible weighted accuracy within the first n episodes.
    public func best(after n: Int) -> Double? { bestSoFar.last { $0.episode <= n }?.accuracy }

    /// `feasible` with a checked design, `infeasible` without, `error` when the check failed.
    public var status: ResultStatus {
        if !checkProblems.isEmpty || hardwareBruteForceAgrees == false { return .error }
        if let imported = importedHardware {
            guard best != nil else {
                return imported.termination == .infeasible ? .infeasible : .error
            }
            return imported.termination == .optimal ? .optimal : .feasible
        }
        guard best != nil else { return interrupted ? .interrupted : .infeasible }
        return interrupted ? .interrupted : .feasible
    }

    /// Ours / successive for latency, energy, area; successive − ours for accuracy.
    public var comparison: (latency: Double, energy: Double, area: Double, accuracyLoss: Double)? {
        guard let best, let successive else { return nil }
        return (
            best.metrics.latencyCycles / successive.metrics.latencyCycles,
            best.metrics.energyNanojoules / successive.metrics.energyNanojoules,
            best.metrics.areaSquareMillimetres / successive.metrics.areaSquareMillimetres,
            successive.weightedAccuracy - best.weightedAccuracy
        )
    }

    /// Status, objective, bound, gap, time, and the family's own JSON in `result`.
    public var envelope: ResultEnvelope {
        ResultEnvelope(
            family: NasaicProblem.name, status: status, objective: best?.weightedAccuracy,
            bestBound: nil, gap: nil, solveSeconds: seconds, result: resultJSON)
    }

    func designJSON(_ point: Point) -> JSONValue {
        let space = problem.hardware
        let costs = point.costs
        return .array(
            point.design.optionOfSubAccelerator.enumerated().compactMap { j, o in
                guard let o else { return nil }
                let option = space.options[o]
                let mapped = point.design.subAcceleratorOfTask.enumerated().filter {
                    $0.element == j
                }.map(\.offset)
                return .object([
                    ("template", .string(option.template.rawValue)),
                    ("pes", .number(Double(option.pes))),
                    ("noc_bw", .number(Double(option.nocBandwidth))),
                    ("l1_bytes", .number(Double(mapped.map { costs[$0].l1Bytes[o] }.max() ?? 0))),
                    ("l2_bytes", .number(Double(mapped.map { costs[$0].l2Bytes[o] }.max() ?? 0))),
                    ("tasks", .array(mapped.map { .string(problem.tasks[$0].name) })),
                    (
                        "latency_cycles",
                        .number(mapped.reduce(0) { $0 + costs[$1].latencyCycles[o] })
                    ),
                ])
            })
    }

    func pointJSON(_ point: Point) -> JSONValue {
        .object([
            (
                "networks",
                .object(
                    zip(problem.tasks, point.networks).map { task, network in
                        (task.name, .string(network.architecture))
                    })
            ),
            (
                "accuracies",
                .object(
                    zip(problem.tasks, point.accuracies).map { task, accuracy in
                        (task.name, .number(accuracy))
                    })
            ),
            ("weighted_accuracy", .number(point.weightedAccuracy)),
            ("latency_cycles", .number(point.metrics.latencyCycles)),
            ("energy_nj", .number(point.metrics.energyNanojoules)),
            ("area_mm2", .number(point.metrics.areaSquareMillimetres)),
            ("sub_accelerators", designJSON(point)),
            ("spec_violations", .array(point.violations.map(JSONValue.string))),
        ])
    }

    var resultJSON: JSONValue {
        var members: [(String, JSONValue)] = [
            (
                "accuracy_source",
                .object(problem.tasks.map { ($0.name, .string($0.accuracy.provenance)) })
            ),
            ("engine", .string(search?.engine ?? problem.engine.kind.rawValue)),
            ("episodes", .number(Double(episodes))),
            ("feasible_episodes", .number(Double(feasibleEpisodes))),
            ("networks_costed", .number(Double(networksCosted))),
            ("hardware_objective", .string(problem.goal.rawValue)),
            (
                "specs",
                .object([
                    ("latency_cycles", .number(problem.specs.latencyCycles)),
                    ("energy_nj", .number(problem.specs.energyNanojoules)),
                    ("area_mm2", .number(problem.specs.areaSquareMillimetres)),
                ])
            ),
            ("best", best.map(pointJSON) ?? .null),
            ("successive", successive.map(pointJSON) ?? .null),
        ]
        if let c = comparison {
            members.append(
                (
                    "vs_successive",
                    .object([
                        ("latency_ratio", .number(c.latency)), ("energy_ratio", .number(c.energy)),
                        ("area_ratio", .number(c.area)), ("accuracy_loss", .number(c.accuracyLoss)),
                    ])
                ))
        }
        members.append(
            (
                "best_so_far",
                .array(
                    bestSoFar.map { .array([.number(Double($0.episode)), .number($0.accuracy)]) })
            ))
        if let agrees = hardwareBruteForceAgrees {
            members.append(("hardware_ilp_equals_brute_force", .bool(agrees)))
        }
        if best == nil, importedHardware != nil {
            members.append(
                (
                    "message",
                    .string(
                        "the imported point stands for no design for the most accurate networks")
                ))
        } else if best == nil {
            members.append(
                (
                    "message",
                    .string(
                        """
                        no proposed set of networks has hardware that meets the specs within \
                        \(episodes) episodes; loosen the specs or search longer
                        """
                    )
                ))
        }
        if !checkProblems.isEmpty {
            members.append(("check_error", .string(checkProblems.joined(separator: "; "))))
        }
        return .object(members)
    }

    static func columnNames(checkpoints: [Int]) -> [String] {
        [
            "engine", "episodes", "feasible_episodes", "weighted_accuracy", "networks",
            "latency_cycles", "energy_nj", "area_mm2", "design",
            "successive_accuracy", "successive_violations", "latency_ratio_vs_successive",
            "energy_ratio_vs_successive", "area_ratio_vs_successive",
            "accuracy_loss_vs_successive",
        ] + checkpoints.map { "best_at_\($0)" }
    }

    func designText(_ point: Point) -> String {
        let space = problem.hardware
        return point.design.optionOfSubAccelerator.enumerated().compactMap { j, o in
            guard let o else { return nil }
            let tasks = point.design.subAcceleratorOfTask.enumerated().filter { $0.element == j }
                .map { problem.tasks[$0.offset].name }
            return "\(space.options[o]):\(tasks.joined(separator: "+"))"
        }.joined(separator: " ")
    }

    /// One CSV row's cells, in the order of the problem's `resultColumnNames`.
    public var csvColumns: [(String, String)] {
        func number(_ value: Double?) -> String { value.map { JSONValue.format($0) } ?? "" }
        let c = comparison
        var columns: [(String, String)] = [
            ("engine", search?.engine ?? ""), ("episodes", String(episodes)),
            ("feasible_episodes", String(feasibleEpisodes)),
            ("weighted_accuracy", number(best?.weightedAccuracy)),
            (
                "networks",
                best.map { $0.networks.map(\.architecture).joined(separator: " | ") } ?? ""
            ),
            ("latency_cycles", number(best?.metrics.latencyCycles)),
            ("energy_nj", number(best?.metrics.energyNanojoules)),
            ("area_mm2", number(best?.metrics.areaSquareMillimetres)),
            ("design", best.map(designText) ?? ""),
            ("successive_accuracy", number(successive?.weightedAccuracy)),
            ("successive_violations", successive?.violations.joined(separator: "; ") ?? ""),
            ("latency_ratio_vs_successive", number(c?.latency)),
            ("energy_ratio_vs_successive", number(c?.energy)),
            ("area_ratio_vs_successive", number(c?.area)),
            ("accuracy_loss_vs_successive", number(c?.accuracyLoss)),
        ]
        for n in Self.checkpoints(budget: problem.budget) {
            columns.append(("best_at_\(n)", number(best(after: n))))
        }
        return columns
    }

    func pointText(_ point: Point, indent: String) -> [String] {
        var lines = zip(problem.tasks, zip(point.networks, point.accuracies)).map { task, pair in
            """
            \(indent)\(task.name): \(pair.0.architecture) (channels-kernel-repeats per stage), \
            accuracy \(String(format: "%.4f", pair.1)), \(pair.0.macs) MACs
            """
        }
        lines.append(
            String(
                format:
                    """
                    \(indent)weighted accuracy %.4f; latency %.0f cycles, energy %.4g nJ, area \
                    %.4g mm²
                    """,
                point.weightedAccuracy, point.metrics.latencyCycles, point.metrics.energyNanojoules,
                point.metrics.areaSquareMillimetres))
        lines.append("\(indent)accelerator: \(designText(point))")
        if !point.violations.isEmpty {
            lines.append("\(indent)breaks the specs: \(point.violations.joined(separator: "; "))")
        }
        return lines
    }

    /// The report header's problem line, objective (name, unit, sense), effort and check.
    public var summary: ResultSummary {
        let specs = problem.specs
        let specText = [
            specs.latencyCycles.map { "latency ≤ \(JSONValue.format($0.rounded())) cycles" },
            specs.energyNanojoules.map { String(format: "energy ≤ %.4g nJ", $0) },
            specs.areaSquareMillimetres.map { String(format: "area ≤ %.4g mm²", $0) },
        ].compactMap { $0 }.joined(separator: ", ")
        var failures = checkProblems
        if hardwareBruteForceAgrees == false {
            failures.append(
                "brute force over every hardware design disagrees with the hardware ILP")
        }
        let check: ResultSummary.Check =
            !failures.isEmpty
            ? .failed(failures.joined(separator: "; "))
            : best == nil
                ? .noPoint
                : .passed(
                    "costs recomputed from fresh cost tables; every spec and budget holds"
                        + (hardwareBruteForceAgrees == true
                            ? "; brute force over every hardware design agrees" : ""))
        let effort =
            importedHardware != nil
            ? "the hardware ILP for the most accurate networks, a point found by another solver"
            : """
            \(episodes) episodes, \(feasibleEpisodes) with spec-meeting hardware, \
            \(networksCosted) networks costed
            """
        var notes: [String] = []
        if best == nil, importedHardware != nil {
            notes.append("the imported point stands for no design for the most accurate networks")
        } else if best == nil {
            notes.append(
                """
                no proposed set of networks has hardware that meets the specs; loosen them or \
                search longer
                """
            )
        }
        return ResultSummary(
            problem:
                """
                NASAIC networks and accelerator for \
                \(problem.tasks.map(\.name).joined(separator: " + ")), \(specText)
                """,
            objective: .init("weighted accuracy", sense: .maximize), effort: effort, check: check,
            notes: notes)
    }

    /// The report's table, after the common header.
    public var details: String {
        var lines = ["  search       \(search?.engine ?? "-"), \(episodes) episodes"]
        if importedHardware != nil {
            lines = [
                """
                  hardware     the ILP for the most accurate networks, a point found by \
                another solver
                """
            ]
        }
        lines.append(
            "  accuracy     "
                + problem.tasks.map { "\($0.name): \($0.accuracy.provenance)" }.joined(
                    separator: "; "))
        if let best, importedHardware != nil {
            lines.append(
                """
                imported design for the most accurate \
                networks\(checkProblems.isEmpty ? " (meets every spec and budget)" : ""):
                """
            )
            lines += pointText(best, indent: "  ")
        } else if let best {
            lines.append(
                """
                best design (meets every spec; hardware optimal for these \
                networks\(hardwareBruteForceAgrees == true ? ", brute force agrees" : "")):
                """
            )
            lines += pointText(best, indent: "  ")
        }
        if let successive {
            lines.append(
                "successive baseline (most accurate networks, then the fastest hardware for them):")
            lines += pointText(successive, indent: "  ")
        }
        if let c = comparison {
            lines.append(
                String(
                    format:
                        """
                        ours vs successive: latency ×%.3f, energy ×%.3f, area ×%.3f, accuracy \
                        %+.4f
                        """,
                    c.latency, c.energy, c.area, -c.accuracyLoss))
        }
        return lines.joined(separator: "\n")
    }
}
