import LinearModel

/// Why a problem has no solution: the conflicting requirements, in the family's terms and in
/// the model's.
public struct Conflict: Sendable {
    /// The family's words: `budgets[1]: latency ≤ 2.1 ms`, `gpus[1] (A100-80GB).max_count = 1`.
    public var members: [String]
    /// The same subset as rows and bounds of the exported model.
    public var modelTerms: [String]
    /// Whether dropping any one member would make the rest feasible.
    public var isIrreducible: Bool
    /// Feasibility solves the explanation took.
    public var feasibilitySolves: Int

    /// The subset, in the family's words when given (each member once), else the model's.
    public init(_ subset: IrreducibleInfeasibleSubset, model: Model, members: [String]? = nil) {
        var seen = Set<String>()
        self.members = (members ?? subset.descriptions(model)).filter { seen.insert($0).inserted }
        modelTerms = subset.descriptions(model)
        isIrreducible = subset.isIrreducible
        feasibilitySolves = subset.feasibilitySolves
    }

    /// The conflict as `dse solve --json` writes it (`"conflict"`): whether it is irreducible, its
    /// members, and the solves it took.
    public var json: JSONValue {
        .object([
            ("members", .array(members.map(JSONValue.string))),
            ("model_terms", .array(modelTerms.map(JSONValue.string))),
            ("irreducible", .bool(isIrreducible)),
        ])
    }

    /// Lines for the report.
    public var humanReadable: String {
        let kind =
            isIrreducible
            ? "an irreducible infeasible subset"
            : "an infeasible subset (the search ran out of time before it was irreducible)"
        return
            (["Conflict:   \(kind) — drop any one and the rest can be met:"]
            + members.map { "  - \($0)" }).joined(separator: "\n")
    }
}
