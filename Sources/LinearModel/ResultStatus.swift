/// The one-word status every answer carries — a solver's ``Solution``, a problem family's result,
/// `dse solve --json` and batch CSV rows. The raw values are the words on the wire.
///
/// It says *why the work stopped*; whether a point was found is said apart (a time limit may stop
/// a search with or without an incumbent).
public enum ResultStatus: String, Sendable, CaseIterable, Codable, CustomStringConvertible {
    /// Proven optimal (a solver within its tolerances; a search that enumerated the space).
    case optimal
    /// A feasible point, not proven optimal (a search, or a solver stopped early with a point).
    case feasible
    /// Proven (or, for a search, found) to have no point meeting every requirement.
    case infeasible
    /// Feasible, with an objective that improves without limit.
    case unbounded
    /// The time limit was reached.
    case timeLimit = "time_limit"
    /// The relative MIP gap fell to the requested tolerance.
    case gapLimit = "gap_limit"
    /// Stopped by request: Ctrl-C, SIGTERM, a cancellation token or a progress callback.
    case interrupted
    /// The solver's memory limit was reached.
    case memoryLimit = "memory_limit"
    /// The work failed: a numerical failure, or a point that failed the independent check.
    case error

    /// The word on the wire (the raw value).
    public var description: String { rawValue }

    /// Whether an answer with this status may carry a feasible point (it does when it has an
    /// objective value too).
    public var mayCarryPoint: Bool {
        switch self {
        case .optimal, .feasible, .timeLimit, .gapLimit, .interrupted, .memoryLimit: return true
        case .infeasible, .unbounded, .error: return false
        }
    }

    /// A few words for people after the status word, e.g. "best point found so far".
    public func explanation(hasPoint: Bool) -> String? {
        switch self {
        case .optimal: return nil
        case .feasible: return "a feasible point, not proven optimal"
        case .infeasible: return "no point meets every requirement"
        case .unbounded: return "the objective improves without limit"
        case .timeLimit, .interrupted, .memoryLimit:
            return hasPoint ? "best point found so far" : "no feasible point found"
        case .gapLimit: return "within the requested relative gap"
        case .error: return nil
        }
    }
}
