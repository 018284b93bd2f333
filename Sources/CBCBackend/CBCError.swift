/// Errors from the CBC backend. Each message is one sentence fit to show a user.
public enum CBCError: Error, CustomStringConvertible, Sendable {
    /// CBC threw a C++ exception (caught in the guard; the process lives on). Nothing was solved.
    case exception(message: String)
    /// The guard refused the call before it reached CBC: the arrays built from the model failed
    /// its checks (a DSEKit bug, reported rather than passed on to CBC's asserts).
    case refused(message: String)
    /// The model is larger than CBC can index (2³¹ − 1 columns, rows or non-zeros).
    case modelTooLarge(String)
    /// The model holds a value CBC would read differently (a bound beyond 1e27 is infinite to
    /// COIN-OR); GLPK takes it as it is.
    case unrepresentable(message: String)

    /// Whether the model, not DSEKit or CBC, is the cause (bad input rather than a failure).
    public var isCausedByTheModel: Bool {
        switch self {
        case .modelTooLarge, .unrepresentable: return true
        case .exception, .refused: return false
        }
    }

    /// One sentence for people, with CBC's own message where it gave one.
    public var description: String {
        switch self {
        case .exception(let message): return "CBC failed (C++ exception caught): \(message)"
        case .refused(let message): return "call to CBC refused before it was made: \(message)"
        case .modelTooLarge(let what): return "model too large for CBC: \(what)"
        case .unrepresentable(let message):
            return "CBC cannot take this model as it is: \(message) (GLPK can: --solver glpk)"
        }
    }
}
