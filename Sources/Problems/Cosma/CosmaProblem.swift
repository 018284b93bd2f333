import CostModels
import Foundation
import GLPKBackend
import LinearModel

/// The `cosma` family: operator order, scratchpad addresses and tensor replacement minimising
/// non-compulsory off-chip traffic (Li, Gupta, Malik, "Combined Scheduling, Memory Allocation and
/// Tensor Replacement for Minimizing Off-Chip Data Accesses of DNN Accelerators", 2023).
///
/// ```yaml
/// family: cosma
/// graph: toy_branching.json        # a graph JSON (relative to this file), or a builder: resnet18
///                                  # | resnet50 | mobilenetv2 | densenet121-block1 |
///                                  # bert-base-encoder
/// dtype: int8                      # builders only: int8 | fp16 | fp32
/// include_weights: false           # builders only
/// budget: M_R                      # M_R | M_H | M_P, or budget_bytes: 150000
/// schedule: free                   # free | fixed (the graph's default order)
/// time_limit_s: 60
/// ```
public struct CosmaProblem: ProblemFamily {
    /// The `family:` word in problem files.
    public static let name = "cosma"
    /// One line for `dse families`.
    public static let summary =
        "operator order, scratchpad addresses and spills minimising off-chip traffic (COSMA)"

    /// The scratchpad budget: a number of bytes, or one of the paper's symbols (`M_R`, `M_H`,
    /// `M_P`) resolved against the graph.
    public enum Budget: Sendable, Equatable {
        case bytes(Int)
        case symbol(String)
    }

    /// The operator graph.
    public var graph: OperatorGraph
    /// Where the graph came from (a file or a builder's name), for reports.
    public var graphSource: String
    /// The scratchpad budget.
    public var budget: Budget
    /// Whether the order is chosen (else the graph's default order is kept).
    public var freeSchedule: Bool
    /// Seconds the solve may take (the file's `time_limit_s:`), if set.
    public var timeLimitSeconds: Double?
    /// Divide and conquer first: nil = when the default order has a narrow cut.
    public var decompose: Bool?

    /// A problem with these parts.
    public init(
        graph: OperatorGraph, graphSource: String, budget: Budget, freeSchedule: Bool,
        timeLimitSeconds: Double? = nil, decompose: Bool? = nil
    ) {
        self.graph = graph
        self.graphSource = graphSource
        self.budget = budget
        self.freeSchedule = freeSchedule
        self.timeLimitSeconds = timeLimitSeconds
        self.decompose = decompose
    }

    /// Reads and validates a problem file (the whole document, `family:` included).
    public init(spec root: SpecNode) throws(ProblemFileError) {
        let spec = try root.mapping(allowedKeys: [
            "family", "description", "graph", "dtype", "include_weights", "budget", "budget_bytes",
            "schedule", "time_limit_s", "decompose", "solver",
        ])
        let graphNode = try spec.required("graph")
        let source = try graphNode.string()
        let dtypeNode = spec.optional("dtype")
        let weightsNode = spec.optional("include_weights")
        if source.hasSuffix(".json") {
            if let node = dtypeNode ?? weightsNode {
                throw node.error(
                    """
                    dtype and include_weights go with a network builder \
                    (\(NetworkGraphs.names.joined(separator: ", "))), not a graph file
                    """
                )
            }
            let path = try graphNode.inputPath(what: "graph file")
            do throws(ProblemFileError) {
                graph = try OperatorGraphReader.read(path: path)
            } catch {
                throw graphNode.error("in the graph file: \(error.description)")
            }
        } else {
            var dtype = NetworkGraphs.DataType.int8
            if let dtypeNode {
                let text = try dtypeNode.string()
                guard let value = NetworkGraphs.DataType(rawValue: text) else {
                    throw dtypeNode.error("must be int8, fp16 or fp32, got '\(text)'")
                }
                dtype = value
            }
            guard
                let built = NetworkGraphs.build(
                    source, dtype: dtype, includeWeights: try weightsNode?.bool() ?? false)
            else {
                throw graphNode.error(
                    """
                    unknown network '\(InputExcerpt.of(source))' (builders: \
                    \(NetworkGraphs.names.joined(separator: ", ")); or a .json graph file)
                    """
                )
            }
            graph = built
        }
        graphSource = source
        switch (spec.optional("budget"), spec.optional("budget_bytes")) {
        case (let node?, nil):
            let symbol = try node.string()
            guard ["M_R", "M_H", "M_P"].contains(symbol) else {
                throw node.error("must be M_R, M_H or M_P (or give budget_bytes), got '\(symbol)'")
            }
            budget = .symbol(symbol)
        case (nil, let node?):
            budget = .bytes(try node.int(in: 1...(1 << 50), unit: "bytes"))
        default:
            throw root.error("give exactly one of budget: (M_R, M_H, M_P) or budget_bytes:")
        }
        if let scheduleNode = spec.optional("schedule") {
            let schedule = try scheduleNode.string()
            guard ["free", "fixed"].contains(schedule) else {
                throw scheduleNode.error("must be free or fixed, got '\(schedule)'")
            }
            freeSchedule = schedule == "free"
        } else {
            freeSchedule = true
        }
        if let node = spec.optional("time_limit_s") {
            timeLimitSeconds = try node.timeLimitSeconds()
        }
        if let node = spec.optional("decompose") {
            decompose = try node.string() == "auto" ? nil : try node.bool()
        }
    }

    /// M_P and the order reaching it: exact for graphs of up to 26 operators, else the greedy
    /// low-peak order's peak (an upper bound on M_P).
    public var minimumPeak: (bytes: Int, order: [Int], exact: Bool) {
        if let exact = graph.minimumPeak() { return (exact.bytes, exact.order, true) }
        let order = ScratchpadBaseline.lowPeakOrder(graph)
        return (graph.peakLiveBytes(order: order), order, false)
    }

    /// The budget in bytes: `M_R` is the largest operator's footprint, `M_P` the minimum peak,
    /// `M_H` halfway between.
    public func budgetBytes(minimumPeak: Int) -> Int {
        let mr = graph.largestOperatorFootprint
        switch budget {
        case .bytes(let bytes): return bytes
        case .symbol("M_R"): return mr
        case .symbol("M_P"): return minimumPeak
        default: return (mr + minimumPeak) / 2
        }
    }

    /// The CSV columns of a batch run, known before solving.
    public var resultColumnNames: [String] {
        [
            "budget_bytes", "m_r_bytes", "m_p_bytes", "offchip_bytes", "compulsory_bytes",
            "plan_source", "best_baseline_bytes", "reduction_vs_best_baseline",
        ]
    }

    /// What the problem is, in a line or two (for `dse validate`).
    public var overview: String {
        let budgetText: String
        switch budget {
        case .bytes(let b): budgetText = "\(b) bytes"
        case .symbol(let s): budgetText = s
        }
        return
            """
            cosma: graph \(graph.name) (\(graph.operators.count) operators, \
            \(graph.tensors.count) tensors), M_R = \(graph.largestOperatorFootprint) bytes, 
            """
                + "budget \(budgetText), \(freeSchedule ? "free" : "fixed") schedule"
    }

    /// Solves with `solver`, checks the answer independently, and returns the result.
    public func solve(options: SolveOptions, solver: any Solver) throws -> any ProblemResult {
        try solveCosma(options: options, solver: solver)
    }

    /// Solves and returns COSMA's own result type: baselines, divide and conquer where the graph
    /// splits, the ILP asked to improve on the best plan so far; every plan replayed before it is
    /// kept.
    public func solveCosma(options: SolveOptions, solver: any Solver = GLPKSolver()) throws
        -> CosmaResult
    {
        let start = ContinuousClock.now
        let peak = minimumPeak
        let bytes = budgetBytes(minimumPeak: peak.bytes)
        let mr = graph.largestOperatorFootprint
        var result = CosmaResult(problem: self, budgetBytes: bytes, minimumPeak: peak)
        guard bytes >= mr else {
            result.message =
                """
                the budget of \(bytes) bytes is below M_R = \(mr) bytes, the largest \
                single-operator footprint: no plan can run every operator
                """
            result.seconds = (ContinuousClock.now - start) / .seconds(1)
            return result
        }
        options.report(WorkProgress(stage: "baselines (Belady, least traffic)"))
        result.baselines = baselines(budget: bytes, lowPeakOrder: peak.order)
        // Candidates a fixed schedule may use: baselines on the default order.
        let usable = result.baselines.filter { freeSchedule || $0.order == "default" }
        let planned = usable.compactMap { baseline in
            baseline.traffic.map { (baseline: baseline, traffic: $0) }
        }
        if let best = planned.min(by: {
            $0.traffic.nonCompulsoryBytes < $1.traffic.nonCompulsoryBytes
        })?.baseline {
            result.plan = best.plan
            result.traffic = best.traffic
            result.planSource = "baseline (\(best.order) order, \(best.policy))"
        }
        if result.traffic?.nonCompulsoryBytes == 0 {
            result.bound = 0
        } else {
            var total = options.timeLimitSeconds ?? timeLimitSeconds ?? 60
            var decompositionBound: Double?
            // Auto: decompose when the default order has a narrow cut (half the time for graphs of
            // more than 40 operators, a quarter otherwise, where the monolithic ILP may close).
            let large = graph.operators.count > 40
            let cuttable =
                ScratchpadDecomposition.pieces(
                    graph: graph, order: graph.defaultOrder, minimumPiece: 6
                ).count > 1
            if decompose ?? cuttable {
                // A free schedule also decomposes the default order as the fixed schedule does,
                // so it never reports worse than the fixed schedule would. First the quick pass
                // (crossing tensors kept at address 0), then the lower bound (the crossing
                // tensor's address left free; valid for a free schedule only when every
                // topological order splits at the cuts), then, unless they meet, every cut state.
                let runs: [([Int], Bool)] =
                    freeSchedule
                    ? [(graph.defaultOrder, false), (peak.order, true)]
                    : [(graph.defaultOrder, false)]
                let share = total / (large ? 4 : 8)
                options.report(
                    WorkProgress(
                        stage: "divide and conquer",
                        best: result.traffic.map { Double($0.nonCompulsoryBytes) }))
                for choices in [ScratchpadDecomposition.CutChoices.keptAtBottom, .all] {
                    if choices == .all {
                        if result.traffic?.nonCompulsoryBytes == 0 {
                            decompositionBound = 0
                            break
                        }
                        var limited = options.withoutProgressReports
                        limited.timeLimitSeconds = share
                        decompositionBound = try ScratchpadDecomposition.lowerBound(
                            graph: graph, order: graph.defaultOrder, budget: bytes,
                            free: freeSchedule,
                            options: limited, solver: solver)
                        if let bound = decompositionBound, let traffic = result.traffic,
                            Double(traffic.nonCompulsoryBytes) <= bound + 0.5
                        {
                            break
                        }
                    }
                    for (order, free) in runs {
                        var limited = options.withoutProgressReports
                        limited.timeLimitSeconds = share / Double(runs.count)
                        let outcome = try ScratchpadDecomposition.solve(
                            graph: graph, order: order, budget: bytes, freeInsidePieces: free,
                            choices: choices, options: limited, solver: solver)
                        if let plan = outcome.plan {
                            consider(
                                plan, objective: nil, into: &result, budget: bytes,
                                source: "divide and conquer (\(outcome.pieces) pieces, "
                                    + "\(outcome.provenPieces) proven optimal"
                                    + (free ? ", free inside pieces" : "")
                                    + (choices == .all ? ", every cut state" : "") + ")"
                            )
                        }
                    }
                }
                total = max(1, total - (ContinuousClock.now - start) / .seconds(1))
            }
            let provenByDecomposition =
                decompositionBound.map { bound in
                    result.traffic.map { Double($0.nonCompulsoryBytes) <= bound + 0.5 } ?? false
                } ?? false
            if provenByDecomposition {
                result.bound = decompositionBound
                result.boundSource =
                    "divide and conquer over cut states, addresses at the cuts left free"
            } else {
                // A free schedule first solves the fixed-order ILPs (default and low-peak orders;
                // fast on chain-like graphs) as incumbents, so it is never worse than a fixed
                // schedule; then the free ILP with the time left, which alone gives a bound for the
                // free problem.
                var fixedOrders: [[Int]] = [graph.defaultOrder]
                if freeSchedule, peak.order != graph.defaultOrder { fixedOrders.append(peak.order) }
                for order in fixedOrders {
                    var limited = options
                    limited.timeLimitSeconds = freeSchedule ? total / 4 : total
                    var formulation = try ScratchpadFormulation(
                        graph: graph, budget: bytes, fixedOrder: order)
                    let incumbent = result.traffic?.nonCompulsoryBytes
                    if let incumbent { try formulation.requireImprovement(on: incumbent) }
                    let stage =
                        freeSchedule
                        ? "ILP on the \(order == graph.defaultOrder ? "default" : "min-peak") order"
                        : "ILP"
                    let solution = try solver.solve(
                        formulation.model, options: limited.reportingSolverProgress(as: stage))
                    if !freeSchedule {
                        result.solution = solution
                        result.bound =
                            formulation.boundsEveryPlan
                            ? Self.bound(
                                solution, incumbent: incumbent, quantum: graph.trafficQuantum) : nil
                    }
                    consider(
                        formulation, solution, into: &result, budget: bytes,
                        source: freeSchedule
                            ? """
                            ILP on the \(order == graph.defaultOrder ? "default" : "min-peak") \
                            order
                            """
                            : "ILP")
                    if solution.termination == .infeasible, result.traffic == nil, !freeSchedule {
                        result.message =
                            """
                            no plan fits: every step's footprint fits the budget, but not with \
                            the addresses the order allows
                            """
                    }
                }
                if freeSchedule, result.traffic?.nonCompulsoryBytes != 0, !options.isCancelled {
                    var limited = options
                    limited.timeLimitSeconds = max(
                        1, total - (ContinuousClock.now - start) / .seconds(1))
                    var formulation = try ScratchpadFormulation(
                        graph: graph, budget: bytes, fixedOrder: nil)
                    let incumbent = result.traffic?.nonCompulsoryBytes
                    if let incumbent { try formulation.requireImprovement(on: incumbent) }
                    let solution = try solver.solve(
                        formulation.model,
                        options: limited.reportingSolverProgress(as: "ILP, free schedule"))
                    result.solution = solution
                    result.bound =
                        formulation.boundsEveryPlan
                        ? Self.bound(solution, incumbent: incumbent, quantum: graph.trafficQuantum)
                        : nil
                    consider(formulation, solution, into: &result, budget: bytes, source: "ILP")
                } else if freeSchedule, result.traffic?.nonCompulsoryBytes == 0 {
                    result.bound = 0
                }
                if let bound = decompositionBound, bound > (result.bound ?? -1) {
                    result.bound = bound
                    result.boundSource =
                        "divide and conquer over cut states, addresses at the cuts left free"
                }
            }
        }
        result.seconds = (ContinuousClock.now - start) / .seconds(1)
        return result
    }

    /// A lower bound on non-compulsory bytes from an ILP run with the improvement cut against
    /// `incumbent`: proven infeasible means nothing beats the incumbent; otherwise the smaller of
    /// the ILP's bound (valid for better plans only) and the incumbent itself. Every plan's
    /// traffic is a multiple of `quantum` (the GCD of the tensor sizes), so the ILP's bound is
    /// rounded up to one (a bound of 196,513 B with a 16 KiB quantum proves 196,608 B).
    static func bound(_ solution: Solution, incumbent: Int?, quantum: Int) -> Double? {
        let step = Double(max(quantum, 1))
        let own =
            (solution.bestBound.map { max(0, $0) }
            ?? (solution.termination == .optimal ? solution.objectiveValue : nil))
            .map { ($0 / step - 1e-6).rounded(.up) * step }
        guard let incumbent else { return own }
        if solution.termination == .infeasible { return Double(incumbent) }
        return min(own ?? 0, Double(incumbent))
    }

    /// The baselines: default and low-peak orders × Belady and least-traffic, each checked.
    func baselines(budget bytes: Int, lowPeakOrder: [Int]) -> [CosmaResult.Baseline] {
        var baselines: [CosmaResult.Baseline] = []
        for (orderName, order) in [("default", graph.defaultOrder), ("min-peak", lowPeakOrder)] {
            for policy in ScratchpadBaseline.Policy.allCases {
                let plan = ScratchpadBaseline(policy: policy).plan(
                    graph: graph, order: order, budget: bytes)
                let traffic = try? plan?.check(graph: graph, budget: bytes).get()
                baselines.append(
                    .init(
                        order: orderName, policy: policy.rawValue,
                        plan: traffic == nil ? nil : plan, traffic: traffic))
            }
        }
        return baselines
    }

    /// Takes a solver's plan when it passes the check and beats the current one.
    private func consider(
        _ formulation: ScratchpadFormulation, _ solution: Solution, into result: inout CosmaResult,
        budget: Int, source: String
    ) {
        guard let plan = formulation.plan(from: solution) else { return }
        consider(
            plan, objective: solution.objectiveValue, into: &result, budget: budget, source: source)
    }

    private func consider(
        _ plan: ScratchpadPlan, objective: Double?, into result: inout CosmaResult, budget: Int,
        source: String
    ) {
        switch plan.check(graph: graph, budget: budget) {
        case .success(let traffic):
            if let objective, abs(objective - Double(traffic.nonCompulsoryBytes)) > 0.5 {
                result.checkProblems.append(
                    """
                    the solver reports \(objective) bytes but the plan's replay gives \
                    \(traffic.nonCompulsoryBytes)
                    """
                )
            } else if result.traffic.map({ traffic.nonCompulsoryBytes < $0.nonCompulsoryBytes })
                ?? true
            {
                result.plan = plan
                result.traffic = traffic
                result.planSource = source
            }
        case .failure(let failure):
            result.checkProblems.append("the \(source) plan fails the check: \(failure)")
        }
    }
}

extension CosmaProblem: ModelExporting {
    /// The monolithic scratchpad ILP (fixed order for a fixed schedule, free otherwise), without
    /// the improvement cut DSEKit's own solve adds.
    public func exportedModel() throws -> Model {
        try exportedFormulation().model
    }

    /// The imported plan (not a better baseline) as the answer, checked by replay; the
    /// baselines beside it for comparison.
    public func result(importing solution: Solution) throws -> any ProblemResult {
        let peak = minimumPeak
        let bytes = budgetBytes(minimumPeak: peak.bytes)
        var result = CosmaResult(problem: self, budgetBytes: bytes, minimumPeak: peak)
        result.baselines = baselines(budget: bytes, lowPeakOrder: peak.order)
        let formulation = try exportedFormulation()
        result.solution = solution
        consider(formulation, solution, into: &result, budget: bytes, source: "imported solution")
        if solution.termination == .optimal, formulation.boundsEveryPlan,
            let objective = solution.objectiveValue
        {
            result.bound = objective
        }
        if result.traffic == nil, result.checkProblems.isEmpty {
            result.message =
                solution.hasFeasiblePoint
                ? "the imported point describes no plan" : "the imported solution has no point"
        }
        return result
    }

    /// The scratchpad budget at the steps that cannot fit, the dependencies that force the
    /// order, in the problem file's words; address cells and placement rows are structural.
    public func conflict(_ subset: IrreducibleInfeasibleSubset, in model: Model) -> [String] {
        let bytes = budgetBytes(minimumPeak: minimumPeak.bytes)
        let budgetField: String
        switch budget {
        case .bytes: budgetField = "budget_bytes = \(bytes)"
        case .symbol(let symbol): budgetField = "budget: \(symbol) (\(bytes) bytes)"
        }
        var members: [String] = []
        var structural = 0
        for case .constraint(let c) in subset.elements {
            let name = model.name(of: c) ?? ""
            if name.hasPrefix("capacity["), let s = Int(name.dropFirst(9).dropLast()) {
                let operatorText =
                    freeSchedule
                    ? ""
                    : graph.defaultOrder.indices.contains(s)
                        ? " (operator \(graph.operators[graph.defaultOrder[s]].id))" : ""
                members.append(
                    "\(budgetField): the tensors live at step \(s)\(operatorText) must fit it")
            } else if name.hasPrefix("before[") {
                let pair = name.dropFirst(7).dropLast().split(separator: ",")
                if pair.count == 2 {
                    members.append(
                        """
                        operator \(pair[1]) reads what operator \(pair[0]) writes (graph), so \
                        it runs later
                        """
                    )
                }
            } else if name == "improvement" {
                members.append("the plan must beat the best one found so far")
            } else {
                structural += 1
            }
        }
        structural +=
            subset.elements.count
            - subset.elements.filter {
                if case .constraint = $0 { return true } else { return false }
            }.count
        if structural > 0 {
            members.append(
                """
                (with \(structural) rows and bounds every plan has: one step per operator, \
                each tensor at one address, cells hold one tensor)
                """
            )
        }
        return members
    }

    private func exportedFormulation() throws -> ScratchpadFormulation {
        try ScratchpadFormulation(
            graph: graph, budget: budgetBytes(minimumPeak: minimumPeak.bytes),
            fixedOrder: freeSchedule ? nil : graph.defaultOrder)
    }
}
