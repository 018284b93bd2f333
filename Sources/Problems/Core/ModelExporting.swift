import LinearModel

/// A family whose problem file poses one ILP that can be handed to another solver (`dse solve
/// PROBLEM.yaml --write-lp/--write-mps`) and whose answer can be read back (`--solution FILE`),
/// checked as independently as DSEKit's own, and reported in the family's terms.
public protocol ModelExporting: ProblemFamily {
    /// The ILP the family solves for this file, as it builds it (same file, same model).
    func exportedModel() throws -> Model
    /// The family's result for a point of ``exportedModel()`` found elsewhere.
    func result(importing solution: Solution) throws -> any ProblemResult
}
