import LinearModel

/// What a family says of its answer in the header every report shares (``ResultReport``):
/// what was solved, what the objective measures and in which unit, the effort beyond the time,
/// and what the independent check found.
public struct ResultSummary: Sendable {
    /// What the objective measures: a name, a unit and a sense, e.g. cost in $/h, minimized.
    public struct Objective: Sendable, Equatable {
        /// What it measures, in the field's words (`cost`, `non-compulsory off-chip traffic`).
        public var name: String
        /// The unit printed after the number (`$/h`, `bytes`, `µs`); nil for a pure number.
        public var unit: String?
        /// Minimized or maximized; nil when neither says it (a target, a weighted score).
        public var sense: ObjectiveSense?

        /// An objective measuring `name` in `unit`, minimized or maximized.
        public init(_ name: String, unit: String? = nil, sense: ObjectiveSense?) {
            self.name = name
            self.unit = unit
            self.sense = sense
        }
    }

    /// What the independent re-check of the reported point found.
    public enum Check: Sendable, Equatable {
        /// It passed; the text says what was checked.
        case passed(String)
        /// It failed; the text says what is wrong (the point was withdrawn).
        case failed(String)
        /// There was no point to check.
        case noPoint
    }

    /// One line: what was solved (`Mélange GPU allocation: 30 requests/s over 4 buckets`).
    public var problem: String
    /// What the objective measures.
    public var objective: Objective
    /// Effort beyond the time, e.g. `2 simplex iterations` or `1000 of 1000 evaluations`.
    public var effort: String?
    /// What the independent check found.
    public var check: Check
    /// Why there is no solution, or what else the header must say (one line each).
    public var notes: [String]

    /// A summary with these parts.
    public init(
        problem: String, objective: Objective, effort: String? = nil, check: Check,
        notes: [String] = []
    ) {
        self.problem = problem
        self.objective = objective
        self.effort = effort
        self.check = check
        self.notes = notes
    }
}
