import LinearModel

/// A family whose problem file poses one ILP that can be handed to another solver (`dse solve
/// PROBLEM.yaml --write-lp/--write-mps`) and whose answer can be read back (`--solution FILE`),
/// checked as independently as DSEKit's own, and reported in the family's terms.
public protocol ModelExporting: ProblemFamily {
    /// The ILP the family solves for this file, as it builds it (same file, same model).
    func exportedModel() throws -> Model
    /// The family's result for a point of ``exportedModel()`` found elsewhere.
    func result(importing solution: Solution) throws -> any ProblemResult
    /// An infeasible subset of ``exportedModel()`` in the family's terms: which budget, bucket,
    /// cap or tie, with the problem-file field it comes from. Structural rows and bounds (a
    /// share is not negative, a layer takes one bit width) are summed up, not listed.
    func conflict(_ subset: IrreducibleInfeasibleSubset, in model: Model) -> [String]
}

extension ModelExporting {
    /// The subset as the model names its rows and bounds.
    public func conflict(_ subset: IrreducibleInfeasibleSubset, in model: Model) -> [String] {
        subset.descriptions(model)
    }

    /// Explains why ``exportedModel()`` is infeasible, in the family's terms; nil when it is
    /// feasible or the explainer cannot tell within `timeLimitSeconds`.
    public func explainInfeasibility(solver: any Solver, timeLimitSeconds: Double = 30) throws -> Conflict? {
        let model = try exportedModel()
        guard let subset = try InfeasibilityExplainer(solver: solver, timeLimitSeconds: timeLimitSeconds).explain(model) else { return nil }
        return Conflict(subset, model: model, members: conflict(subset, in: model))
    }
}

/// Why a problem has no solution: the conflicting requirements, in the family's terms and in
/// the model's.
public struct Conflict: Sendable {
    /// The family's words: `budgets[1]: latency ≤ 2.1 ms`, `gpus[1] (A100-80GB).max_count = 1`.
    public var members: [String]
    /// The same subset as rows and bounds of the exported model.
    public var modelTerms: [String]
    /// Whether dropping any one member would make the rest feasible.
    public var isIrreducible: Bool
    public var feasibilitySolves: Int

    /// The subset, in the family's words when given (each member once), else the model's.
    public init(_ subset: IrreducibleInfeasibleSubset, model: Model, members: [String]? = nil) {
        var seen = Set<String>()
        self.members = (members ?? subset.descriptions(model)).filter { seen.insert($0).inserted }
        modelTerms = subset.descriptions(model)
        isIrreducible = subset.isIrreducible
        feasibilitySolves = subset.feasibilitySolves
    }

    public var json: JSONValue {
        .object([("members", .array(members.map(JSONValue.string))), ("model_terms", .array(modelTerms.map(JSONValue.string))),
                 ("irreducible", .bool(isIrreducible))])
    }

    /// Lines for the report.
    public var humanReadable: String {
        (["Conflict:   \(isIrreducible ? "an irreducible infeasible subset" : "an infeasible subset (the search ran out of time before it was irreducible)") — drop any one and the rest can be met:"]
            + members.map { "  - \($0)" }).joined(separator: "\n")
    }
}
