import CostModels
import Foundation
import GLPKBackend
import LinearModel
import Search

/// The `nasaic` family: co-explore the DNNs of several tasks and a heterogeneous accelerator of
/// dataflow sub-accelerators (Yang et al., "Co-Exploration of Neural Architectures and
/// Heterogeneous ASIC Accelerator Designs Targeting Multiple Tasks", DAC 2020), maximising the
/// weighted accuracy subject to latency, energy and area specs.
///
/// A search engine (the RL controller by default) proposes the networks; for each proposal the
/// hardware half is solved exactly by ``NasaicHardwareFormulation`` (an ILP over the precomputed
/// cost of every task on every sub-accelerator option), so every reported design meets the specs
/// by construction; proposals for which no hardware meets them get a penalty reward. The
/// successive baseline (the most accurate networks first, then the best hardware for them) is
/// reported next to it, with the specs it breaks.
public struct NasaicProblem: ProblemFamily {
    /// The `family:` word in problem files.
    public static let name = "nasaic"
    /// One line for `dse families`.
    public static let summary =
        """
        DNNs for several tasks + a heterogeneous dataflow accelerator: RL/bandit search over \
        networks, exact hardware ILP (NASAIC, MAESTRO's cost model)
        """

    /// The tasks and their network spaces.
    public var tasks: [NasaicTask]
    /// The accelerator's choices and budgets.
    public var hardware: NasaicHardwareSpace
    /// Latency, energy and area specs.
    public var specs: NasaicSpecs
    /// What the hardware ILP minimises.
    public var goal: NasaicHardwareFormulation.Goal
    /// The controller (search engine) and its settings.
    public var engine: SearchEngineSpec
    /// Episodes (network proposals) the search may run.
    public var budget: Int
    /// The engine's seed.
    public var seed: UInt64
    /// Seconds the search may take (`time_limit_s:`), if set.
    public var timeLimitSeconds: Double?
    /// Reward given to networks for which no hardware meets the specs: weighted accuracy − this.
    public var penalty: Double
    /// Whether the successive baseline is computed too.
    public var successive: Bool

    /// Reads and validates a problem file (the whole document, `family:` included).
    public init(spec: SpecNode) throws(ProblemFileError) {
        self = try NasaicSpecReader.read(spec)
    }

    init(
        tasks: [NasaicTask], hardware: NasaicHardwareSpace, specs: NasaicSpecs,
        goal: NasaicHardwareFormulation.Goal, engine: SearchEngineSpec,
        budget: Int, seed: UInt64, timeLimitSeconds: Double?, penalty: Double, successive: Bool
    ) {
        self.tasks = tasks
        self.hardware = hardware
        self.specs = specs
        self.goal = goal
        self.engine = engine
        self.budget = budget
        self.seed = seed
        self.timeLimitSeconds = timeLimitSeconds
        self.penalty = penalty
        self.successive = successive
    }

    /// The network space searched: every task's stage choices.
    public var space: SearchSpace { SearchSpace(tasks.flatMap(\.parameters)) }

    /// The CSV columns of a batch run, known before solving.
    public var resultColumnNames: [String] {
        NasaicResult.columnNames(checkpoints: NasaicResult.checkpoints(budget: budget))
    }

    /// What the problem is, in a line or two (for `dse validate`).
    public var overview: String {
        let architectures = tasks.map(\.spaceSize).reduce(1, *)
        return
            """
            nasaic: \(tasks.count) tasks \
            (\(tasks.map { "\($0.name): \($0.backbone.rawValue)" }.joined(separator: ", "))), \
            \(architectures) network combinations; 
            """
                + """
                \(hardware.subAccelerators) sub-accelerators from \(hardware.options.count) \
                options (≤ \(hardware.maxTotalPEs) PEs, ≤ \(hardware.maxTotalBandwidth) \
                elements/cycle); 
                """
                + "engine \(engine), \(budget) episodes"
    }

    /// The networks a configuration (one choice per decision, tasks in order) stands for.
    public func networks(_ configuration: Configuration) -> [NasaicNetwork] {
        var offset = 0
        return tasks.map { task in
            let count = 3 * task.stages.count
            defer { offset += count }
            return task.network(configuration[offset..<(offset + count)])
        }
    }

    /// The per-option cost tables of a set of networks, computed once per network and kept.
    final class CostCache: @unchecked Sendable {
        var tables: [NasaicNetwork: NasaicTaskCosts] = [:]
        func costs(_ network: NasaicNetwork, _ space: NasaicHardwareSpace)
            throws(DataflowMappingError) -> NasaicTaskCosts
        {
            if let hit = tables[network] { return hit }
            let table = try NasaicTaskCosts(network: network, space: space)
            tables[network] = table
            return table
        }
    }

    /// The hardware answer for a set of networks: the ILP's design, or nil when no hardware meets
    /// the specs.
    struct Evaluation {
        var networks: [NasaicNetwork]
        var accuracies: [Double?]
        var weightedAccuracy: Double?
        var design: NasaicDesign?
        var metrics:
            (latencyCycles: Double, energyNanojoules: Double, areaSquareMillimetres: Double)?
        var costs: [NasaicTaskCosts]
    }

    func weighted(_ accuracies: [Double?]) -> Double? {
        let known = accuracies.compactMap { $0 }
        guard known.count == accuracies.count else { return nil }
        let total = tasks.reduce(0) { $0 + $1.weight }
        return zip(tasks, known).reduce(0) { sum, pair in sum + pair.0.weight * pair.1 } / total
    }

    func evaluate(
        _ networks: [NasaicNetwork], cache: CostCache, specs: NasaicSpecs, solver: any Solver
    ) throws -> Evaluation {
        let accuracies = zip(tasks, networks).map { task, network in
            task.accuracy.accuracy(of: network)
        }
        let costs = try networks.map { network throws(DataflowMappingError) in
            try cache.costs(network, hardware)
        }
        var evaluation = Evaluation(
            networks: networks, accuracies: accuracies, weightedAccuracy: weighted(accuracies),
            costs: costs)
        guard evaluation.weightedAccuracy != nil else { return evaluation }
        let answer = try NasaicHardwareFormulation(
            space: hardware, costs: costs, specs: specs, goal: goal
        ).solve(solver: solver)
        evaluation.design = answer.design
        evaluation.metrics = answer.design.flatMap { $0.metrics(costs, space: hardware) }
        return evaluation
    }

    /// Solves with `solver`, checks the answer independently, and returns the result.
    public func solve(options: SolveOptions, solver: any Solver) throws -> any ProblemResult {
        try solveNasaic(options: options, solver: solver)
    }

    /// The co-exploration's reward for one configuration of ``space``, as the search sees it:
    /// the networks' weighted accuracy when the hardware ILP finds a design that meets the specs,
    /// else that accuracy less `penalty`. Cost tables are kept across calls (one function, one
    /// thread); for benchmarks and other search drivers.
    public func makeRewardFunction(solver: any Solver = GLPKSolver()) -> (Configuration) throws ->
        Double
    {
        let cache = CostCache()
        return { configuration in
            reward(
                of: try evaluate(
                    networks(configuration), cache: cache, specs: specs, solver: solver))
        }
    }

    /// The episode's reward (NASAIC's): the weighted accuracy when some hardware meets the specs,
    /// less ``penalty`` when none does.
    func reward(of evaluation: Evaluation) -> Double {
        let accuracy = evaluation.weightedAccuracy ?? 0
        return evaluation.metrics == nil ? accuracy - penalty : accuracy
    }

    /// Runs the co-exploration (and the successive baseline), checks the best design, returns the
    /// result.
    public func solveNasaic(options: SolveOptions, solver: any Solver = GLPKSolver()) throws
        -> NasaicResult
    {
        let start = ContinuousClock.now
        let cache = CostCache()
        var result = NasaicResult(problem: self)
        var bestEvaluation: Evaluation?
        var feasibleEpisodes = 0
        var episodes = 0
        var bestSoFar: [(episode: Int, accuracy: Double)] = []
        let searchSpace = space
        let limit = options.timeLimitSeconds ?? timeLimitSeconds
        let stage = "search (\(engine.kind.rawValue))"
        options.report(WorkProgress(stage: stage, done: 0, total: budget, unit: "episodes"))
        let search = try SearchDriver.run(
            engine.makeEngine(horizon: budget), space: searchSpace,
            objective: SearchObjective(.maximize("reward")),
            budget: budget, timeLimitSeconds: limit, seed: seed,
            shouldStop: { options.isCancelled },
            evaluate: { configuration in
                // The driver never asks twice for one configuration (its cache answers repeats).
                let evaluation = try evaluate(
                    networks(configuration), cache: cache, specs: specs, solver: solver)
                episodes += 1
                var metrics: Metrics = [:]
                let accuracy = evaluation.weightedAccuracy ?? 0
                let reward = reward(of: evaluation)
                if let m = evaluation.metrics {
                    feasibleEpisodes += 1
                    metrics = [
                        "reward": reward, "accuracy": accuracy, "feasible": 1,
                        "latency_cycles": m.latencyCycles,
                        "energy_nj": m.energyNanojoules, "area_mm2": m.areaSquareMillimetres,
                    ]
                    if bestEvaluation.map({ accuracy > ($0.weightedAccuracy ?? -1) }) ?? true {
                        bestEvaluation = evaluation
                        bestSoFar.append((episodes, accuracy))
                    }
                } else {
                    metrics = ["reward": reward, "accuracy": accuracy, "feasible": 0]
                }
                options.report(
                    WorkProgress(
                        stage: stage, done: episodes, total: budget, unit: "episodes",
                        best: bestEvaluation?.weightedAccuracy,
                        note: "\(feasibleEpisodes) meet the specs"))
                return metrics
            })
        result.search = search
        result.feasibleEpisodes = feasibleEpisodes
        result.bestSoFar = bestSoFar
        result.networksCosted = cache.tables.count
        result.interrupted = options.isCancelled
        if let best = bestEvaluation, let design = best.design, let metrics = best.metrics {
            result.best = NasaicResult.Point(
                networks: best.networks, accuracies: best.accuracies.map { $0 ?? 0 },
                weightedAccuracy: best.weightedAccuracy ?? 0,
                design: design, metrics: metrics, violations: [], costs: best.costs)
        }
        if successive {
            options.report(WorkProgress(stage: "successive baseline"))
            result.successive = try successiveBaseline(cache: cache, solver: solver)
        }
        if let best = result.best {
            options.report(
                WorkProgress(stage: "checking the best design (fresh costs, brute force)"))
            // Fresh cost tables, computed again from the cost model: the check's independent input.
            let fresh = try best.networks.map { network throws(DataflowMappingError) in
                try NasaicTaskCosts(network: network, space: hardware)
            }
            result.checkProblems = check(best, freshCosts: fresh)
            result.hardwareBruteForceAgrees = bruteForceAgrees(best, freshCosts: fresh)
        }
        result.seconds = (ContinuousClock.now - start) / .seconds(1)
        return result
    }

    /// The successive design: for each task the most accurate network in its space (ignoring
    /// hardware), then the hardware that minimises latency (or energy) for them under the PE and
    /// bandwidth budgets only; the specs it breaks are reported.
    func successiveBaseline(cache: CostCache, solver: any Solver) throws -> NasaicResult.Point? {
        guard let networks = mostAccurateNetworks() else { return nil }
        let evaluation = try evaluate(networks, cache: cache, specs: NasaicSpecs(), solver: solver)
        guard let design = evaluation.design, let metrics = evaluation.metrics else { return nil }
        return NasaicResult.Point(
            networks: networks, accuracies: evaluation.accuracies.map { $0 ?? 0 },
            weightedAccuracy: evaluation.weightedAccuracy ?? 0,
            design: design, metrics: metrics,
            violations: specs.violations(
                latencyCycles: metrics.latencyCycles, energyNanojoules: metrics.energyNanojoules,
                areaSquareMillimetres: metrics.areaSquareMillimetres),
            costs: evaluation.costs)
    }

    /// For each task the most accurate network in its space, hardware aside (ties: the one with
    /// fewer MACs); nil when some task's accuracy source knows none of its networks.
    public func mostAccurateNetworks() -> [NasaicNetwork]? {
        var networks: [NasaicNetwork] = []
        for task in tasks {
            var best: (network: NasaicNetwork, accuracy: Double)?
            let space = SearchSpace(task.parameters)
            space.forEachCanonicalConfiguration { configuration in
                let network = task.network(configuration[...])
                guard let accuracy = task.accuracy.accuracy(of: network) else { return }
                if let incumbent = best, accuracy <= incumbent.accuracy + 1e-12,
                    abs(accuracy - incumbent.accuracy) > 1e-12
                        || network.macs >= incumbent.network.macs
                {
                    return
                }
                best = (network, accuracy)
            }
            guard let found = best else { return nil }
            networks.append(found.network)
        }
        return networks
    }

    /// Re-checks a reported point from scratch: fresh cost tables (the cost model again, layer by
    /// layer), the design's latency, energy and area recomputed and held against the specs and
    /// budgets, the accuracies recomputed.
    func check(_ point: NasaicResult.Point, freshCosts costs: [NasaicTaskCosts]) -> [String] {
        var problems: [String] = []
        guard let metrics = point.design.metrics(costs, space: hardware) else {
            return ["the design maps a task to a sub-accelerator that is not built"]
        }
        func differs(_ a: Double, _ b: Double) -> Bool { abs(a - b) > 1e-9 * max(1, abs(b)) }
        if differs(metrics.latencyCycles, point.metrics.latencyCycles)
            || differs(metrics.energyNanojoules, point.metrics.energyNanojoules)
            || differs(metrics.areaSquareMillimetres, point.metrics.areaSquareMillimetres)
        {
            problems.append("recomputed latency/energy/area differ from the reported ones")
        }
        problems += specs.violations(
            latencyCycles: metrics.latencyCycles, energyNanojoules: metrics.energyNanojoules,
            areaSquareMillimetres: metrics.areaSquareMillimetres)
        let totals = point.design.totals(hardware)
        if totals.pes > hardware.maxTotalPEs {
            problems.append("\(totals.pes) PEs > the budget of \(hardware.maxTotalPEs)")
        }
        if totals.bandwidth > hardware.maxTotalBandwidth {
            problems.append(
                "bandwidth \(totals.bandwidth) > the budget of \(hardware.maxTotalBandwidth)")
        }
        let accuracies = zip(tasks, point.networks).map { task, network in
            task.accuracy.accuracy(of: network)
        }
        for (recomputed, reported) in zip(accuracies, point.accuracies)
        where recomputed.map({ differs($0, reported) }) ?? true {
            problems.append("recomputed accuracies differ")
            break
        }
        return problems
    }

    /// For hardware spaces small enough (≤ 200,000 designs), whether brute force finds the ILP's
    /// objective for the best networks.
    func bruteForceAgrees(_ point: NasaicResult.Point, freshCosts costs: [NasaicTaskCosts]) -> Bool?
    {
        let designs =
            pow(Double(hardware.options.count + 1), Double(hardware.subAccelerators))
            * pow(Double(hardware.subAccelerators), Double(tasks.count))
        guard designs <= 200_000 else { return nil }
        let formulation = NasaicHardwareFormulation(
            space: hardware, costs: costs, specs: specs, goal: goal)
        guard let brute = formulation.bruteForce() else { return false }
        let m = point.metrics
        let ours = formulation.objective(
            latencyCycles: m.latencyCycles, energyNanojoules: m.energyNanojoules,
            areaSquareMillimetres: m.areaSquareMillimetres)
        return abs(ours - brute.objective) <= 1e-6 * max(1, abs(brute.objective))
    }
}
