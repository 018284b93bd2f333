import LinearModel

/// A COSMA answer: the best checked plan (the ILP's, or a baseline's when the ILP did not beat
/// it in time), its traffic split into compulsory and non-compulsory bytes, the ILP's bound and
/// gap, and every baseline's traffic for comparison.
public struct CosmaResult: ProblemResult {
    /// One of the four baselines: an order (default or low-peak) with a replacement policy.
    public struct Baseline: Sendable {
        /// `default` or `min-peak`.
        public var order: String
        /// `belady` or `least-traffic`.
        public var policy: String
        /// Its plan, when it fits the budget.
        public var plan: ScratchpadPlan?
        /// The plan's traffic, as the checker counts it.
        public var traffic: ScratchpadPlan.Traffic?
    }

    /// The problem this answers.
    public let problem: CosmaProblem
    /// The budget, resolved to bytes.
    public let budgetBytes: Int
    /// M_P and the order reaching it (exact, or the greedy order's upper bound).
    public let minimumPeak: (bytes: Int, order: [Int], exact: Bool)
    /// The best checked plan.
    public var plan: ScratchpadPlan?
    /// Its traffic.
    public var traffic: ScratchpadPlan.Traffic?
    /// Which method produced the plan (ILP, a baseline, divide and conquer).
    public var planSource = ""
    /// Every baseline's plan and traffic.
    public var baselines: [Baseline] = []
    /// The last ILP's solution, when one ran.
    public var solution: Solution?
    /// A lower bound on non-compulsory bytes (the ILP's, or 0 reached).
    public var bound: Double?
    /// Where the bound comes from, when not the ILP.
    public var boundSource: String?
    /// Plans that failed the replay, and why (they were set aside).
    public var checkProblems: [String] = []
    /// Why there is no plan, when there is none.
    public var message: String?
    /// Wall-clock seconds of the solve.
    public var seconds = 0.0

    init(
        problem: CosmaProblem, budgetBytes: Int,
        minimumPeak: (bytes: Int, order: [Int], exact: Bool)
    ) {
        self.problem = problem
        self.budgetBytes = budgetBytes
        self.minimumPeak = minimumPeak
    }

    /// Non-compulsory off-chip bytes of the plan.
    public var offchipBytes: Int? { traffic?.nonCompulsoryBytes }

    /// `(plan − bound) / plan`, when both are known.
    public var gap: Double? {
        guard let offchip = offchipBytes, let bound else { return nil }
        return offchip == 0 ? 0 : max(0, Double(offchip) - bound) / Double(offchip)
    }

    /// `optimal` when the bound meets the plan, else why the search stopped.
    public var status: ResultStatus {
        if !checkProblems.isEmpty, traffic == nil { return .error }
        guard offchipBytes != nil else { return .infeasible }
        if let gap, gap <= 1e-9 { return .optimal }
        if let termination = solution?.termination {
            switch termination {
            case .timeLimit: return .timeLimit
            case .interrupted: return .interrupted
            case .gapLimit: return .gapLimit
            default: break
            }
        }
        return .feasible
    }

    /// The best baseline's non-compulsory bytes (among those the schedule allows).
    public var bestBaselineBytes: Int? {
        baselines.filter { problem.freeSchedule || $0.order == "default" }.compactMap {
            $0.traffic?.nonCompulsoryBytes
        }.min()
    }

    /// `1 − plan / best baseline`.
    public var reductionVersusBestBaseline: Double? {
        guard let offchip = offchipBytes, let base = bestBaselineBytes, base > 0 else { return nil }
        return 1 - Double(offchip) / Double(base)
    }

    /// Status, objective, bound, gap, time, and the family's own JSON in `result`.
    public var envelope: ResultEnvelope {
        ResultEnvelope(
            family: CosmaProblem.name, status: status, objective: offchipBytes.map(Double.init),
            bestBound: bound, gap: gap,
            solveSeconds: seconds, result: resultJSON)
    }

    var resultJSON: JSONValue {
        let graph = problem.graph
        var members: [(String, JSONValue)] = [
            ("graph", .string(graph.name)),
            ("budget_bytes", .number(Double(budgetBytes))),
            ("m_r_bytes", .number(Double(graph.largestOperatorFootprint))),
            ("m_p_bytes", .number(Double(minimumPeak.bytes))),
            ("m_p_exact", .bool(minimumPeak.exact)),
            ("schedule_kind", .string(problem.freeSchedule ? "free" : "fixed")),
            ("offchip_bytes", .number(offchipBytes.map(Double.init))),
            ("compulsory_bytes", .number(traffic.map { Double($0.compulsoryBytes) })),
            ("spilled_bytes", .number(traffic.map { Double($0.spilledBytes) })),
            ("retrieved_bytes", .number(traffic.map { Double($0.retrievedBytes) })),
            ("plan_source", .string(planSource)),
            (
                "schedule",
                .array((plan?.order ?? []).map { .number(Double(graph.operators[$0].id)) })
            ),
            (
                "baselines",
                .array(
                    baselines.map { baseline in
                        .object([
                            ("order", .string(baseline.order)),
                            ("policy", .string(baseline.policy)),
                            (
                                "offchip_bytes",
                                .number(baseline.traffic.map { Double($0.nonCompulsoryBytes) })
                            ),
                        ])
                    })
            ),
            ("reduction_vs_best_baseline", .number(reductionVersusBestBaseline)),
            (
                "spills",
                .array(
                    (traffic?.spills ?? []).map {
                        .array([
                            .number(Double($0.step)), .number(Double(graph.tensors[$0.tensor].id)),
                        ])
                    })
            ),
            (
                "retrievals",
                .array(
                    (traffic?.retrievals ?? []).map {
                        .array([
                            .number(Double($0.step)), .number(Double(graph.tensors[$0.tensor].id)),
                        ])
                    })
            ),
            (
                "memory_map",
                .array(
                    (plan?.resident ?? []).map { step in
                        .array(
                            step.map {
                                .array([
                                    .number(Double(graph.tensors[$0.tensor].id)),
                                    .number(Double($0.address)),
                                    .number(Double(graph.tensors[$0.tensor].bytes)),
                                ])
                            })
                    })
            ),
        ]
        if let boundSource { members.append(("bound_source", .string(boundSource))) }
        if let message { members.append(("message", .string(message))) }
        if !checkProblems.isEmpty {
            members.append(("check_error", .string(checkProblems.joined(separator: "; "))))
        }
        return .object(members)
    }

    /// One CSV row's cells, in the order of the problem's `resultColumnNames`.
    public var csvColumns: [(String, String)] {
        func number(_ value: Int?) -> String { value.map(String.init) ?? "" }
        return [
            ("budget_bytes", String(budgetBytes)),
            ("m_r_bytes", String(problem.graph.largestOperatorFootprint)),
            ("m_p_bytes", String(minimumPeak.bytes)), ("offchip_bytes", number(offchipBytes)),
            ("compulsory_bytes", number(traffic?.compulsoryBytes)), ("plan_source", planSource),
            ("best_baseline_bytes", number(bestBaselineBytes)),
            (
                "reduction_vs_best_baseline",
                reductionVersusBestBaseline.map { JSONValue.format($0) } ?? ""
            ),
        ]
    }

    /// The memory map as text: one line per step, the operator and the resident tensors with
    /// their address ranges; `+` marks a tensor read back, `>` one written out after the step.
    public var memoryMapText: String {
        guard let plan, let traffic else { return "" }
        let graph = problem.graph
        var lines: [String] = []
        for (s, o) in plan.order.enumerated() {
            let retrieved = Set(traffic.retrievals.filter { $0.step == s }.map(\.tensor))
            let spilled = Set(traffic.spills.filter { $0.step == s }.map(\.tensor))
            let cells = plan.resident[s].map { p in
                let tensor = graph.tensors[p.tensor]
                return (retrieved.contains(p.tensor) ? "+" : "")
                    + "t\(tensor.id)@\(p.address)-\(p.address + tensor.bytes)"
                    + (spilled.contains(p.tensor) ? ">" : "")
            }
            lines.append(
                "  step \(s) op \(graph.operators[o].id) (\(graph.operators[o].kind)): "
                    + cells.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    /// The report header's problem line, objective (name, unit, sense), effort and check.
    public var summary: ResultSummary {
        let graph = problem.graph
        // A plan that failed its check was set aside; the reported plan (a baseline's, say) passed.
        let check: ResultSummary.Check =
            plan != nil
            ? .passed(
                """
                every step's tensors fit the budget without overlap, traffic recomputed by \
                replaying the plan
                """
            )
            : checkProblems.isEmpty ? .noPoint : .failed(checkProblems.joined(separator: "; "))
        let setAside = plan != nil ? checkProblems.map { "set aside: \($0)" } : []
        return ResultSummary(
            problem:
                """
                COSMA scratchpad plan: \(graph.name) (\(graph.operators.count) operators, \
                \(graph.tensors.count) tensors), 
                """
                    + "\(budgetBytes) bytes, \(problem.freeSchedule ? "free" : "fixed") schedule",
            objective: .init("non-compulsory off-chip traffic", unit: "bytes", sense: .minimize),
            effort: solution?.statistics.effortText,
            check: check, notes: (message.map { [$0] } ?? []) + setAside)
    }

    /// The report's table, after the common header.
    public var details: String {
        let graph = problem.graph
        var lines = [
            """
              budget       \(budgetBytes) bytes (M_R \(graph.largestOperatorFootprint), M_P \
            \(minimumPeak.bytes)\(minimumPeak.exact ? "" : " (greedy order, an upper bound)"))
            """,
            "  schedule     \(problem.freeSchedule ? "free" : "fixed (default order)")",
        ]
        if let traffic, let plan {
            lines.append(
                """
                  off-chip     \(traffic.nonCompulsoryBytes) bytes non-compulsory \
                (\(traffic.spilledBytes) written, \(traffic.retrievedBytes) read back); \
                \(traffic.compulsoryBytes) compulsory
                """
            )
            lines.append(
                "  plan from    \(planSource)"
                    + (bound.map {
                        ", bound \(JSONValue.format($0)) bytes"
                            + (boundSource.map { " (\($0))" } ?? "")
                    } ?? "") + (gap.map { String(format: ", gap %.2f %%", $0 * 100) } ?? ""))
            lines.append(
                "  order        "
                    + plan.order.map { String(graph.operators[$0].id) }.joined(separator: " "))
        }
        lines.append("baselines (non-compulsory bytes):")
        for baseline in baselines {
            lines.append(
                "  \(baseline.order) order, \(baseline.policy): "
                    + (baseline.traffic.map { String($0.nonCompulsoryBytes) } ?? "no plan"))
        }
        if let reduction = reductionVersusBestBaseline {
            lines.append(
                String(format: "  reduction against the best baseline: %.1f %%", reduction * 100))
        }
        if plan != nil, graph.operators.count <= 40 {
            lines.append("memory map:")
            lines.append(memoryMapText)
        }
        return lines.joined(separator: "\n")
    }
}
