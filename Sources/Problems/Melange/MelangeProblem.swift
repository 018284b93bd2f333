import GLPKBackend
import LinearModel

/// The `melange` family: minimum-cost heterogeneous GPU allocation for LLM serving (Griggs et
/// al. 2024), read from a DSEKit problem file or the authors' JSON config, solved as an ILP.
public struct MelangeProblem: ProblemFamily {
    /// The `family:` word in problem files.
    public static let name = "melange"
    /// One line for `dse families`.
    public static let summary =
        "minimum-cost mix of GPU types for an LLM service (Mélange, Griggs et al. 2024)"

    /// The instance to solve.
    public let instance: MelangeInstance
    /// The file's own time limit, used when the caller gives none.
    public let timeLimitSeconds: Double?

    /// A problem of `instance`, solved within `timeLimitSeconds` if given.
    public init(instance: MelangeInstance, timeLimitSeconds: Double? = nil) {
        self.instance = instance
        self.timeLimitSeconds = timeLimitSeconds
    }

    /// Reads and validates a problem file (the whole document, `family:` included).
    public init(spec: SpecNode) throws(ProblemFileError) {
        let keys = try spec.namedEntries().map(\.name)
        if keys.first == "family" {
            (instance, timeLimitSeconds) = try MelangeSpecReader.read(spec)
        } else {
            instance = try MelangeAuthorsConfig.read(spec)
            timeLimitSeconds = nil
        }
    }

    /// The CSV columns of a batch run, known before solving.
    public var resultColumnNames: [String] {
        MelangeResult(
            instance: instance, formulation: .slicesPerType,
            solution: Solution(termination: .infeasible),
            allocation: nil, problems: [], infeasibility: nil
        ).csvColumns.map(\.0)
    }

    /// What the problem is, in a line or two (for `dse validate`).
    public var overview: String {
        let rate = instance.bucketRates.reduce(0, +)
        let names =
            instance.gpus.prefix(8).map(\.name).joined(separator: ", ")
            + (instance.gpus.count > 8 ? ", … \(instance.gpus.count - 8) more" : "")
        return "melange: \(instance.gpus.count) GPU types (\(names)), "
            + """
            \(instance.bucketRates.count) buckets, \(JSONValue.format(rate)) requests/s, slice \
            factor \(instance.sliceFactor)
            """
    }

    /// Solves with `solver`, checks the answer independently, and returns the result.
    public func solve(options: SolveOptions, solver: any Solver) throws -> any ProblemResult {
        try solve(options: options, formulation: .slicesPerType, solver: solver)
    }

    /// Solves with the chosen formulation (the authors' per-slice model is for comparison).
    public func solve(
        options: SolveOptions, formulation kind: MelangeFormulation.Kind,
        solver: any Solver = GLPKSolver()
    ) throws -> MelangeResult {
        let unservable = instance.unservableBuckets
        if !unservable.isEmpty {
            let names = unservable.map {
                """
                \(instance.bucketLabels[$0]) (\(JSONValue.format(instance.bucketRates[$0])) \
                requests/s)
                """
            }
            return MelangeResult(
                instance: instance, formulation: kind, solution: Solution(termination: .infeasible),
                allocation: nil, problems: [],
                infeasibility:
                    """
                    no GPU type can serve bucket\(names.count > 1 ? "s" : "") \
                    \(names.joined(separator: ", ")) within the SLO
                    """
            )
        }
        var limited = options
        if limited.timeLimitSeconds == nil { limited.timeLimitSeconds = timeLimitSeconds }
        let formulation = try MelangeFormulation(instance, kind: kind)
        // The best single type is a feasible allocation: the search starts from it.
        if limited.start == nil {
            limited.start = instance.bestSingleTypeAllocation.flatMap(formulation.point(from:))
        }
        let solution = try solver.solve(
            formulation.model,
            options: limited.reportingSolverProgress(
                as: "branch and bound (\(formulation.model.variableCount) columns)"))
        return result(formulation, solution)
    }

    /// The result for a solution of `formulation`: the allocation it describes, checked against
    /// the instance alone, and the reason when there is none.
    func result(_ formulation: MelangeFormulation, _ solution: Solution) -> MelangeResult {
        let allocation = formulation.allocation(from: solution)
        var problems = allocation?.problems(instance) ?? []
        if let allocation, let objective = solution.objectiveValue {
            let cost = allocation.costPerHour(instance)
            if abs(cost - objective) > 1e-6 * max(1, cost) {
                problems.append(
                    "the solver reports \(objective) $/h but the allocation costs \(cost) $/h")
            }
        }
        return MelangeResult(
            instance: instance, formulation: formulation.kind, solution: solution,
            allocation: allocation,
            problems: problems,
            infeasibility: solution.termination == .infeasible
                ? (instance.gpus.contains { $0.maxCount != nil }
                    ? "the GPU caps (max_count) leave too little capacity for the demand"
                    : """
                    the solver finds no allocation although no GPU type is capped (a numerical \
                    failure?)
                    """)
                : nil)
    }
}

extension MelangeProblem: ModelExporting {
    /// The ILP this file poses, as the family builds it (``ModelExporting``).
    public func exportedModel() throws -> Model {
        try MelangeFormulation(instance, kind: .slicesPerType).model
    }

    /// The family's checked result for a point of ``exportedModel()`` found by another solver.
    public func result(importing solution: Solution) throws -> any ProblemResult {
        result(try MelangeFormulation(instance, kind: .slicesPerType), solution)
    }

    /// The infeasible subset in the family's terms: the fields of the problem file it comes from.
    public func conflict(_ subset: IrreducibleInfeasibleSubset, in model: Model) -> [String] {
        var members: [String] = []
        var structural = 0
        func gpu(named name: String) -> Int? { instance.gpus.firstIndex { $0.name == name } }
        for element in subset.elements {
            switch element {
            case .constraint(let c):
                let name = model.name(of: c) ?? ""
                if let b = Self.inside(name, "assign["), let index = Int(b),
                    instance.bucketLabels.indices.contains(index)
                {
                    members.append(
                        """
                        bucket \(instance.bucketLabels[index]) \
                        (\(JSONValue.format(instance.bucketRates[index])) requests/s) must be \
                        served in full (workload)
                        """
                    )
                } else if let type = Self.inside(name, "capacity["), let g = gpu(named: type) {
                    members.append(
                        """
                        gpus[\(g)] (\(type)): the load sent to it must fit its GPUs \
                        (throughput_rps)
                        """
                    )
                } else {
                    members.append("row \(model.describe(c))")
                }
            case .upperBound(let v):
                if let type = Self.inside(model.name(of: v) ?? "", "count["),
                    let g = gpu(named: type), let cap = instance.gpus[g].maxCount
                {
                    members.append("gpus[\(g)] (\(type)).max_count = \(cap)")
                } else {
                    structural += 1
                }
            case .lowerBound:
                structural += 1
            }
        }
        if structural > 0 {
            members.append(
                """
                (with \(structural) bounds every allocation has: no negative count or share, \
                no more than all of a bucket)
                """
            )
        }
        return members
    }

    /// The text between `prefix` and a closing `]`, e.g. `A10G` in `count[A10G]`.
    static func inside(_ name: String, _ prefix: String) -> String? {
        guard name.hasPrefix(prefix), name.hasSuffix("]") else { return nil }
        return String(name.dropFirst(prefix.count).dropLast())
    }
}
