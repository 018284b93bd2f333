import Foundation
import GLPKBackend
import LinearModel
import Problems

/// COSMA: the 22-operator toy at every budget from M_R to its fixed-order peak in 16 KiB steps,
/// and ResNet-18 / ResNet-50 (int8, activations only and with weights) at M_R, M_H and M_P;
/// fixed and free schedules; status, time, gap and traffic against the best baseline.
func runCosmaBenchmark() throws {
    let limit = arguments.firstIndex(of: "--time-limit").flatMap { Double(arguments[$0 + 1]) } ?? 60
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../../problems/cosma"
    ).standardized
    let toy = try OperatorGraphReader.read(
        path: folder.appendingPathComponent("toy_branching.json").path)
    var cases: [(String, CosmaProblem)] = []
    let high = toy.peakLiveBytes(order: toy.defaultOrder)
    for budget in stride(from: toy.largestOperatorFootprint, through: high, by: 16_384) {
        for free in [false, true] {
            cases.append(
                (
                    "toy_branching \(budget) B",
                    CosmaProblem(
                        graph: toy, graphSource: "toy_branching.json", budget: .bytes(budget),
                        freeSchedule: free)
                ))
        }
    }
    for name in ["resnet18", "resnet50", "mobilenetv2", "densenet121-block1", "bert-base-encoder"] {
        for weights in [false, true] {
            let graph = NetworkGraphs.build(name, dtype: .int8, includeWeights: weights)!
            for symbol in ["M_R", "M_H", "M_P"] {
                for free in [false, true] {
                    cases.append(
                        (
                            "\(graph.name) \(symbol)",
                            CosmaProblem(
                                graph: graph, graphSource: name, budget: .symbol(symbol),
                                freeSchedule: free)
                        ))
                }
            }
        }
    }
    print(
        """
        COSMA, time limit \(Int(limit)) s per problem: non-compulsory bytes of the best \
        checked plan vs the best baseline
        """
    )
    print(
        """
        problem                              schedule  status       seconds   gap      \
        off-chip      best baseline  reduction  plan from
        """
    )
    var reductions: [Double] = []
    for (label, problem) in cases {
        let result = try problem.solveCosma(options: SolveOptions(timeLimitSeconds: limit))
        let reduction = result.reductionVersusBestBaseline
        if let reduction, label.contains("M_R") { reductions.append(reduction) }
        let schedule = problem.freeSchedule ? "free      " : "fixed     "
        let status = result.status.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
        let seconds = String(format: "%7.2f  ", result.seconds)
        let gap: String = result.gap.map { String(format: "%6.1f %%", $0 * 100) } ?? "     – "
        let offchip = String(result.offchipBytes ?? -1).leftPadded(14)
        let baseline = String(result.bestBaselineBytes ?? -1).leftPadded(15)
        let reductionText: String =
            reduction.map { String(format: "%9.1f %%", $0 * 100) } ?? "        – "
        let name = label.padding(toLength: 37, withPad: " ", startingAt: 0)
        print(
            name + schedule + status + seconds + gap + offchip + baseline + reductionText + "  "
                + result.planSource)
    }
    if !reductions.isEmpty {
        print(
            String(
                format:
                    """
                    mean reduction against the best baseline at M_R (where a baseline has \
                    traffic): %.1f %% (the paper: 84 %% on average)
                    """,
                reductions.reduce(0, +) / Double(reductions.count) * 100))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}

/// What the incumbent buys the monolithic ILP: no incumbent, the improvement cut (objective ≤
/// incumbent − GCD/2), or the incumbent's plan as a MIP start (glp_ios_heur_sol through the
/// guard), the incumbent being the best baseline or quick divide-and-conquer plan the formulation
/// admits; each with the mirror-symmetry row and without it ("/s").
func runCosmaIncumbentBenchmark() throws {
    let limit = arguments.firstIndex(of: "--time-limit").flatMap { Double(arguments[$0 + 1]) } ?? 20
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../../problems/cosma"
    ).standardized
    let toy = try OperatorGraphReader.read(
        path: folder.appendingPathComponent("toy_branching.json").path)
    var cases: [(String, OperatorGraph, Int, Bool)] = [147_456, 163_840, 180_224, 196_608].map {
        ("toy_branching \($0) B", toy, $0, false)
    }
    for name in ["resnet18", "bert-base-encoder"] {
        let graph = NetworkGraphs.build(name, dtype: .int8, includeWeights: true)!
        cases.append(("\(graph.name) M_R", graph, graph.largestOperatorFootprint, true))
    }
    print(
        """
        COSMA monolithic ILP, \(Int(limit)) s limit: incumbent = best baseline or \
        divide-and-conquer plan the formulation admits
        """
    )
    print(
        """
        problem                           schedule  incumbent B  mode   status        seconds  \
        objective B    bound B    nodes  start taken
        """
    )
    for (label, graph, budget, free) in cases {
        let orders =
            free
            ? [graph.defaultOrder, ScratchpadBaseline.lowPeakOrder(graph)] : [graph.defaultOrder]
        let formulation = try ScratchpadFormulation(
            graph: graph, budget: budget, fixedOrder: free ? nil : graph.defaultOrder)
        let asymmetric = try ScratchpadFormulation(
            graph: graph, budget: budget, fixedOrder: free ? nil : graph.defaultOrder,
            breakMirrorSymmetry: false)
        var plans = orders.flatMap { order in
            ScratchpadBaseline.Policy.allCases.compactMap {
                ScratchpadBaseline(policy: $0).plan(graph: graph, order: order, budget: budget)
            }
        }
        // Baselines that move a tensor between steps are outside the formulation; divide and
        // conquer's quick pass never moves one.
        if let plan = try ScratchpadDecomposition.solve(
            graph: graph, order: graph.defaultOrder, budget: budget, freeInsidePieces: free,
            choices: .keptAtBottom,
            options: SolveOptions(timeLimitSeconds: limit), solver: GLPKSolver()
        ).plan {
            plans.append(plan)
        }
        let incumbent = plans.compactMap { plan in
            (try? plan.check(graph: graph, budget: budget).get()).map {
                (plan, $0.nonCompulsoryBytes)
            }
        }
        .filter { formulation.point(from: $0.0) != nil && asymmetric.point(from: $0.0) != nil }.min
        { $0.1 < $1.1 }
        guard let (plan, bytes) = incumbent else {
            print(label, "no baseline plan fits the formulation")
            continue
        }
        for mode in ["none", "cut", "start", "none/s", "cut/s", "start/s"] {
            var options = SolveOptions(timeLimitSeconds: limit)
            var model = mode.hasSuffix("/s") ? asymmetric : formulation
            if mode.hasPrefix("cut") { try model.requireImprovement(on: bytes) }
            if mode.hasPrefix("start") { options.start = model.point(from: plan) }
            let clock = ContinuousClock.now
            let solution = try GLPKSolver().solve(model.model, options: options)
            let seconds = (ContinuousClock.now - clock) / .seconds(1)
            // With the cut, "infeasible" proves the incumbent; report its value then.
            let objective =
                solution.objectiveValue.map { Int($0.rounded()) }
                ?? (mode.hasPrefix("cut") && solution.termination == .infeasible ? bytes : -1)
            let bound =
                solution.termination == .infeasible && mode.hasPrefix("cut")
                ? Double(bytes) : (solution.bestBound ?? .nan)
            let schedule = free ? "free      " : "fixed     "
            let taken = solution.statistics.startAccepted.map { $0 ? "yes" : "no" } ?? "–"
            var line =
                label.padding(toLength: 34, withPad: " ", startingAt: 0) + schedule
                + String(bytes).leftPadded(11) + "  "
            line +=
                mode.padding(toLength: 7, withPad: " ", startingAt: 0)
                + "\(solution.termination)".padding(toLength: 12, withPad: " ", startingAt: 0)
            line +=
                String(format: "%8.2f", seconds) + String(objective).leftPadded(13)
                + String(format: "%11.0f", bound)
            line +=
                String(solution.statistics.branchAndBoundNodes ?? 0).leftPadded(9) + "  " + taken
            print(line)
        }
    }
}
