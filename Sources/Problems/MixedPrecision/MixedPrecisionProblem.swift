import GLPKBackend
import LinearModel

/// The `mixed-precision` family: a bit width per layer minimising the summed sensitivity Ω under
/// size, BOPs and latency budgets (HAWQ-V3, Yao et al., ICML 2021; OHQ, Huang et al. 2023).
public struct MixedPrecisionProblem: ProblemFamily {
    /// The `family:` word in problem files.
    public static let name = "mixed-precision"
    /// One line for `dse families`.
    public static let summary =
        "bit width per layer minimising sensitivity under size/BOPs/latency budgets (HAWQ-V3, OHQ)"

    /// The instance to solve.
    public var instance: MixedPrecisionInstance
    /// Seconds the solve may take, if limited.
    public let timeLimitSeconds: Double?

    /// A problem of `instance`.
    public init(instance: MixedPrecisionInstance, timeLimitSeconds: Double? = nil) {
        self.instance = instance
        self.timeLimitSeconds = timeLimitSeconds
    }

    /// Reads and validates a problem file (the whole document, `family:` included).
    public init(spec: SpecNode) throws(ProblemFileError) {
        (instance, timeLimitSeconds) = try MixedPrecisionSpecReader.read(spec)
    }

    /// The CSV columns of a batch run, known before solving.
    public var resultColumnNames: [String] {
        MixedPrecisionResult(
            instance: instance, solution: Solution(termination: .infeasible), configuration: nil,
            problems: [], infeasibility: nil
        ).csvColumns.map(\.0)
    }

    /// What the problem is, in a line or two (for `dse validate`).
    public var overview: String {
        """
        mixed-precision: \(instance.layers.count) layers, bit widths \
        \(instance.choices.map(\.description).joined(separator: ", ")), 
        """
            + "\(instance.tieGroups.count) tie groups, \(instance.pins.count) pinned, budgets: "
            + instance.budgets.map {
                "\($0.resource.rawValue) ≤ \(JSONValue.format($0.limit)) \($0.resource.unit)"
            }.joined(separator: ", ")
    }

    /// Solves with `solver`, checks the answer independently, and returns the result.
    public func solve(options: SolveOptions, solver: any Solver) throws -> any ProblemResult {
        try solveMixedPrecision(options: options, solver: solver)
    }

    /// Solves with `solver` and returns the family's own result type.
    public func solveMixedPrecision(options: SolveOptions, solver: any Solver = GLPKSolver()) throws
        -> MixedPrecisionResult
    {
        // A budget below what any configuration can reach: say which and by how much, unsolved.
        for budget in instance.budgets {
            let minimum = instance.minimumAchievable(budget.resource)
            if minimum > budget.limit + 1e-9 * max(1, abs(budget.limit)) {
                let message =
                    """
                    the \(budget.resource.rawValue) budget \(JSONValue.format(budget.limit)) \
                    \(budget.resource.unit) is below the smallest achievable 
                    """
                        + """
                        \(budget.resource.rawValue), \(JSONValue.format(minimum)) \
                        \(budget.resource.unit) (every layer at its cheapest bit width, ties and \
                        pins honoured)
                        """
                return MixedPrecisionResult(
                    instance: instance, solution: Solution(termination: .infeasible),
                    configuration: nil,
                    problems: [], infeasibility: message)
            }
        }
        var limited = options
        if limited.timeLimitSeconds == nil { limited.timeLimitSeconds = timeLimitSeconds }
        let formulation = try MixedPrecisionFormulation(instance)
        // The greedy allocation is a feasible point: the search starts from it.
        if limited.start == nil {
            limited.start = MixedPrecisionGreedy(instance).configuration().flatMap(
                formulation.point(from:))
        }
        let solution = try solver.solve(
            formulation.model,
            options: limited.reportingSolverProgress(
                as: "branch and bound (\(formulation.model.variableCount) columns)"))
        return result(formulation, solution)
    }

    /// The result for a solution of `formulation`: the configuration it describes, checked
    /// against the instance alone.
    func result(_ formulation: MixedPrecisionFormulation, _ solution: Solution)
        -> MixedPrecisionResult
    {
        let configuration = formulation.configuration(from: solution)
        var problems = configuration.map { instance.problems($0) } ?? []
        if let configuration, let objective = solution.objectiveValue {
            let recomputed = instance.objective(configuration)
            if abs(recomputed - objective) > 1e-6 * max(1, abs(recomputed)) {
                problems.append(
                    """
                    the solver reports objective \(objective) but the configuration gives \
                    \(recomputed)
                    """
                )
            }
        }
        return MixedPrecisionResult(
            instance: instance, solution: solution, configuration: configuration,
            problems: problems,
            infeasibility: "the budgets cannot all be met together (each alone can)")
    }
}

extension MixedPrecisionProblem: ModelExporting {
    /// The ILP this file poses, as the family builds it (``ModelExporting``).
    public func exportedModel() throws -> Model {
        try MixedPrecisionFormulation(instance).model
    }

    /// The family's checked result for a point of ``exportedModel()`` found by another solver.
    public func result(importing solution: Solution) throws -> any ProblemResult {
        result(try MixedPrecisionFormulation(instance), solution)
    }

    /// The infeasible subset in the family's terms: the fields of the problem file it comes from.
    public func conflict(_ subset: IrreducibleInfeasibleSubset, in model: Model) -> [String] {
        var members: [String] = []
        var structural = 0
        for element in subset.elements {
            switch element {
            case .constraint(let c):
                let name = model.name(of: c) ?? ""
                if name.hasPrefix("budget["),
                    let k = instance.budgets.firstIndex(where: {
                        "budget[\($0.resource.rawValue)]" == name
                    })
                {
                    let budget = instance.budgets[k]
                    let fraction =
                        budget.fraction.map { " (fraction \(JSONValue.format($0)))" } ?? ""
                    members.append(
                        """
                        budgets[\(k)]: \(budget.resource.rawValue) ≤ \
                        \(JSONValue.format(budget.limit)) \(budget.resource.unit)\(fraction)
                        """
                    )
                } else if name.hasPrefix("tie[") {
                    members.append("ties: \(name.dropFirst(4).dropLast()) must share a bit width")
                } else {
                    structural += 1  // one[layer]: a layer takes exactly one bit width
                }
            case .upperBound(let v):
                // A bound of 0 on y[layer, bits] is a pin elsewhere.
                if model.upperBound(of: v) == 0, let name = model.name(of: v), name.hasPrefix("y["),
                    let layer = name.dropFirst(2).split(separator: ",").first,
                    let i = instance.layers.firstIndex(where: { $0.name == layer }),
                    let pin = instance.pins[i]
                {
                    members.append("pinned: \(layer) takes \(instance.choices[pin]) bits")
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
                (with \(structural) rows and bounds every configuration has: one bit width per \
                layer)
                """
            )
        }
        return members
    }
}
