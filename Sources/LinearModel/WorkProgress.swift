/// How far a long computation has got — a solve, a search, an enumeration, a batch — for a
/// progress display (`dse` draws one on a terminal). Producers send snapshots through
/// ``SolveOptions/reportProgress``; the display keeps the clock, the rate and the ETA.
public struct WorkProgress: Sendable, Equatable {
    /// What is running, in a few words: `branch and bound`, `search (tpe)`, `exhaustive optimum`.
    public var stage: String
    /// Units done so far, when counted.
    public var done: Int?
    /// Units in all, when known (`done` of `total` evaluations).
    public var total: Int?
    /// What `done` counts: `evaluations`, `episodes`, `configurations`, `runs`.
    public var unit: String
    /// The best objective so far (the incumbent), in the objective's own units.
    public var best: Double?
    /// The best proven bound on the objective, where there is one (branch and bound).
    public var bound: Double?
    /// Branch-and-bound nodes so far, for a MIP stage.
    public var nodes: Int?
    /// Anything else worth the line (`2 failed`, `3 already in the file`).
    public var note: String?

    /// A snapshot of `stage`; everything else is optional.
    public init(
        stage: String, done: Int? = nil, total: Int? = nil, unit: String = "", best: Double? = nil,
        bound: Double? = nil, nodes: Int? = nil, note: String? = nil
    ) {
        self.stage = stage
        self.done = done
        self.total = total
        self.unit = unit
        self.best = best
        self.bound = bound
        self.nodes = nodes
        self.note = note
    }

    /// A MIP search's snapshot as progress of `stage`.
    public init(stage: String, _ solver: SolverProgress) {
        self.init(
            stage: stage, best: solver.incumbentObjective, bound: solver.bestBound,
            nodes: solver.nodeCount)
    }

    /// `|best − bound| / |best|` when both are known.
    public var relativeGap: Double? {
        Solution.relativeGap(objective: best, bound: bound)
    }
}
