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
    public func explainInfeasibility(
        solver: any Solver, timeLimitSeconds: Double = 30,
        cancellation: CancellationToken? = nil
    ) throws -> Conflict? {
        let model = try exportedModel()
        let explainer = InfeasibilityExplainer(
            solver: solver, timeLimitSeconds: timeLimitSeconds, cancellation: cancellation)
        guard let subset = try explainer.explain(model) else { return nil }
        return Conflict(subset, model: model, members: conflict(subset, in: model))
    }
}
