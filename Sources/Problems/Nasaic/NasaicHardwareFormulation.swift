import CostModels
import GLPKBackend
import LinearModel

/// The hardware half of NASAIC as an ILP, solved exactly for a fixed set of networks (our
/// improvement over searching hardware and networks together): choose the sub-accelerators
/// (an option each) and the task mapping so that every spec and budget holds, minimising latency
/// (or energy).
///
/// Formulation (set partitioning over patterns): a pattern is an option o and a non-empty set S of
/// tasks that one sub-accelerator built as o runs. Its latency Σ_{t∈S} L[t,o], energy Σ E[t,o] and
/// area F[o] + L1 area(max_{t∈S} l1[t,o]) + L2 area(max l2) are computed exactly beforehand
/// (buffers sized for the largest layer mapped there), so the model needs no big-M or max
/// linearisation: `w[o,S]` ∈ {0,1}; each task in exactly one used pattern (Σ_{S∋t} w = 1); at most
/// J patterns (J sub-accelerators, interchangeable, so no symmetric copies); `T ≥
/// latency(o,S)·w[o,S]`, T ≤ latency spec (T is kept in units of the latency scale, `T_scaled`); Σ
/// energy·w ≤ energy spec; Σ area·w ≤ area spec; Σ PEs·w ≤ PE budget; Σ bandwidth·w ≤ bandwidth
/// budget. Patterns that alone break a spec or a budget are left out. Objective: the primary
/// (latency or energy) scaled to about 1, plus 10⁻³ × the others (energy or latency, and area) to
/// break ties towards cheaper designs. ``bruteForce()`` enumerates the original sub-accelerator ×
/// mapping designs instead: a second formulation for tests and checks.
public struct NasaicHardwareFormulation {
    /// What the hardware ILP minimises.
    public enum Goal: String, Sendable, CaseIterable { case latency, energy }

    /// The hardware choices.
    public let space: NasaicHardwareSpace
    /// Each task's costs on every option.
    public let costs: [NasaicTaskCosts]
    /// The specs a design must meet.
    public let specs: NasaicSpecs
    /// Latency or energy.
    public let goal: Goal
    /// Scales that bring latency, energy and area to about 1 in the objective.
    let latencyScale: Double, energyScale: Double, areaScale: Double
    static let tieBreak = 1e-3

    /// The hardware ILP for tasks with these costs.
    public init(
        space: NasaicHardwareSpace, costs: [NasaicTaskCosts], specs: NasaicSpecs, goal: Goal
    ) {
        self.space = space
        self.costs = costs
        self.specs = specs
        self.goal = goal
        latencyScale = max(costs.map { $0.latencyCycles.max() ?? 1 }.reduce(0, +), 1)
        energyScale = max(costs.map { $0.energyNanojoules.max() ?? 1 }.reduce(0, +), 1e-9)
        areaScale =
            max(
                space.options.map {
                    DataflowAreaPower.fixedArea(pes: $0.pes, nocBandwidth: $0.nocBandwidth)
                }.max() ?? 1, 1) / 1e6
    }

    /// The objective value of a design's metrics (what the ILP minimises and brute force compares).
    public func objective(
        latencyCycles: Double, energyNanojoules: Double, areaSquareMillimetres: Double
    ) -> Double {
        let l = latencyCycles / latencyScale
        let e = energyNanojoules / energyScale
        let a = areaSquareMillimetres / areaScale
        switch goal {
        case .latency: return l + Self.tieBreak * (e + a)
        case .energy: return e + Self.tieBreak * (l + a)
        }
    }

    /// Whether a design keeps the PE and bandwidth budgets and every spec.
    public func admits(_ design: NasaicDesign) -> Bool {
        guard let m = design.metrics(costs, space: space) else { return false }
        let totals = design.totals(space)
        return totals.pes <= space.maxTotalPEs && totals.bandwidth <= space.maxTotalBandwidth
            && specs.violations(
                latencyCycles: m.latencyCycles, energyNanojoules: m.energyNanojoules,
                areaSquareMillimetres: m.areaSquareMillimetres
            ).isEmpty
    }

    /// The ILP's answer.
    public struct Answer: Sendable {
        /// The design, when some meets the specs.
        public var design: NasaicDesign?
        /// Its objective (the goal, scaled, plus the tie-break).
        public var objective: Double?
        /// The solver's answer.
        public var solution: Solution
    }

    /// One sub-accelerator's option and task set, with its exact latency, energy and area.
    struct Pattern {
        var option: Int
        var tasks: [Int]
        var latencyCycles: Double
        var energyNanojoules: Double
        var areaSquareMillimetres: Double
    }

    /// Every pattern that alone keeps the budgets and, unless `keepingSpecBreakers`, the specs.
    func patterns(keepingSpecBreakers: Bool = false) -> [Pattern] {
        let T = costs.count
        var out: [Pattern] = []
        for (o, option) in space.options.enumerated()
        where option.pes <= space.maxTotalPEs && option.nocBandwidth <= space.maxTotalBandwidth {
            for mask in 1..<(1 << T) {
                let tasks = (0..<T).filter { mask & (1 << $0) != 0 }
                let alone = NasaicDesign(
                    optionOfSubAccelerator: [o],
                    subAcceleratorOfTask: [Int](repeating: 0, count: tasks.count))
                guard let m = alone.metrics(tasks.map { costs[$0] }, space: space) else { continue }
                if !keepingSpecBreakers {
                    if let limit = specs.latencyCycles, m.latencyCycles > limit { continue }
                    if let limit = specs.energyNanojoules, m.energyNanojoules > limit { continue }
                    if let limit = specs.areaSquareMillimetres, m.areaSquareMillimetres > limit {
                        continue
                    }
                }
                out.append(
                    Pattern(
                        option: o, tasks: tasks, latencyCycles: m.latencyCycles,
                        energyNanojoules: m.energyNanojoules,
                        areaSquareMillimetres: m.areaSquareMillimetres))
            }
        }
        return out
    }

    /// The ILP as built: the model, the patterns its binaries stand for, and the binaries.
    public struct BuiltModel {
        /// The ILP.
        public var model: Model
        var patterns: [Pattern]
        var usesPattern: [Variable]
    }

    /// Builds the ILP (row and column names in the family's words: `mapped[t]`, `pe-budget`,
    /// `w[option,tasks]`). `complete` keeps the patterns that alone break a spec (the same
    /// feasible set, more columns): the model written for other solvers and explained when
    /// infeasible, where the spec rows must show.
    public func buildModel(complete: Bool = false) throws -> BuiltModel {
        let T = costs.count
        let candidates = patterns(keepingSpecBreakers: complete)
        var model = Model(name: "nasaic-hardware")
        let w = try candidates.map { p in
            let tasks = p.tasks.map(String.init).joined(separator: "+")
            let name = "w[\(p.option):\(space.options[p.option]),\(tasks)]"
            return try model.addVariable(name, kind: .binary)
        }
        // The latency in units of `latencyScale` (about 1), so that its objective coefficient is
        // 1 (or the tie-break), far above the solvers' optimality tolerances; in cycles it would
        // be ~10⁻⁹, and a solver may then leave it anywhere up to the spec.
        let latency = try model.addVariable(
            "T_scaled", kind: .continuous, lowerBound: 0,
            upperBound: specs.latencyCycles.map { $0 / latencyScale } ?? .infinity)
        for t in 0..<T {
            try model.addConstraint(
                LinearExpression.sum(candidates.indices.filter { candidates[$0].tasks.contains(t) })
                { 1.0 * w[$0] } == 1, name: "mapped[\(t)]")
        }
        try model.addConstraint(
            LinearExpression.sum(candidates.indices) { 1.0 * w[$0] }
                <= Double(space.subAccelerators), name: "sub-accelerators")
        for (i, p) in candidates.enumerated() {
            try model.addConstraint(
                (p.latencyCycles / latencyScale) * w[i] - latency <= 0, name: "latency[\(i)]")
        }
        let energy = LinearExpression.sum(candidates.indices) {
            candidates[$0].energyNanojoules * w[$0]
        }
        let area = LinearExpression.sum(candidates.indices) {
            candidates[$0].areaSquareMillimetres * w[$0]
        }
        if let limit = specs.energyNanojoules {
            try model.addConstraint(energy <= limit, name: "energy-spec")
        }
        if let limit = specs.areaSquareMillimetres {
            try model.addConstraint(area <= limit, name: "area-spec")
        }
        try model.addConstraint(
            LinearExpression.sum(candidates.indices) {
                Double(space.options[candidates[$0].option].pes) * w[$0]
            } <= Double(space.maxTotalPEs), name: "pe-budget")
        try model.addConstraint(
            LinearExpression.sum(candidates.indices) {
                Double(space.options[candidates[$0].option].nocBandwidth) * w[$0]
            } <= Double(space.maxTotalBandwidth),
            name: "bandwidth-budget")
        let e = Self.tieBreak
        switch goal {
        case .latency:
            try model.minimize(
                LinearExpression(latency) + (e / energyScale) * energy + (e / areaScale) * area)
        case .energy:
            try model.minimize(
                (1 / energyScale) * energy + e * LinearExpression(latency) + (e / areaScale) * area)
        }
        return BuiltModel(model: model, patterns: candidates, usesPattern: w)
    }

    /// The design a point of the built model stands for: one sub-accelerator per chosen pattern
    /// (beyond the sub-accelerator count, patterns are ignored, and the check then finds the
    /// tasks they held unmapped or mapped twice).
    public func answer(_ solution: Solution, of built: BuiltModel) -> Answer {
        guard let values = solution.variableValues else {
            return Answer(design: nil, objective: nil, solution: solution)
        }
        var optionOf = [Int?](repeating: nil, count: space.subAccelerators)
        var mapping = [Int](repeating: 0, count: costs.count)
        for (j, i) in built.patterns.indices.filter({ values[built.usesPattern[$0].index] > 0.5 })
            .enumerated() where j < space.subAccelerators
        {
            optionOf[j] = built.patterns[i].option
            for t in built.patterns[i].tasks { mapping[t] = j }
        }
        let design = NasaicDesign(optionOfSubAccelerator: optionOf, subAcceleratorOfTask: mapping)
        let metrics = design.metrics(costs, space: space)
        return Answer(
            design: design,
            objective: metrics.map {
                objective(
                    latencyCycles: $0.latencyCycles, energyNanojoules: $0.energyNanojoules,
                    areaSquareMillimetres: $0.areaSquareMillimetres)
            },
            solution: solution)
    }

    /// Builds and solves the ILP (GLPK unless told otherwise).
    public func solve(options: SolveOptions = SolveOptions(), solver: any Solver = GLPKSolver())
        throws -> Answer
    {
        let built = try buildModel()
        return answer(try solver.solve(built.model, options: options), of: built)
    }

    /// Every design, for small spaces: the admissible one with the least objective (ties: the
    /// first).
    public func bruteForce() -> (design: NasaicDesign, objective: Double)? {
        let J = space.subAccelerators
        let O = space.options.count
        let T = costs.count
        var best: (design: NasaicDesign, objective: Double)?
        var choice = [Int?](repeating: nil, count: J)
        func mappings(_ t: Int, _ mapping: inout [Int]) {
            if t == T {
                let design = NasaicDesign(
                    optionOfSubAccelerator: choice, subAcceleratorOfTask: mapping)
                guard admits(design), let m = design.metrics(costs, space: space) else { return }
                let value = objective(
                    latencyCycles: m.latencyCycles, energyNanojoules: m.energyNanojoules,
                    areaSquareMillimetres: m.areaSquareMillimetres)
                if value < (best?.objective ?? .infinity) - 1e-12 { best = (design, value) }
                return
            }
            for j in 0..<J where choice[j] != nil {
                mapping[t] = j
                mappings(t + 1, &mapping)
            }
        }
        func options(_ j: Int) {
            if j == J {
                var mapping = [Int](repeating: 0, count: T)
                mappings(0, &mapping)
                return
            }
            for o in [nil] + (0..<O).map(Optional.some) {
                choice[j] = o
                options(j + 1)
            }
        }
        options(0)
        return best
    }
}
