/// Why a model refused a variable, a constraint, a bound or a name.
///
/// Every case names the element it is about, so the message can be shown as it is.
public struct ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Equatable, Sendable {
        /// A coefficient, bound or constant is NaN or infinite where it must be finite.
        case nonFiniteNumber(Double)
        /// Lower bound above upper bound, or a bound on the wrong side (lower = +∞, upper = −∞).
        case invalidBounds(lower: Double, upper: Double)
        /// A constraint with neither a finite lower nor a finite upper bound constrains nothing.
        case noFiniteBound
        /// A binary variable with bounds outside {0, 1}.
        case invalidBinaryBounds(lower: Double, upper: Double)
        /// A name that is empty, longer than 255 bytes, or contains control characters.
        case invalidName(String)
        /// A name already used by another variable (or constraint).
        case duplicateName(String)
        /// A variable handle that is not part of this model.
        case unknownVariable(index: Int, variableCount: Int)
        /// More elements than a solver can index (2³¹ − 1).
        case tooLarge
    }

    /// The element concerned, in words: `variable 'x'`, `constraint 'cap' (row 3)`, `objective`.
    public let element: String
    /// What is wrong with it.
    public let reason: Reason

    /// An error about `element` (in words: `variable 'x'`) for `reason`.
    public init(_ element: String, _ reason: Reason) {
        self.element = element
        self.reason = reason
    }

    /// One sentence naming the element and the reason, fit to show as it is.
    public var description: String {
        switch reason {
        case .nonFiniteNumber(let value):
            return "\(element): \(value) is not a finite number"
        case .invalidBounds(let lower, let upper):
            return
                """
                \(element): invalid bounds [\(lower), \(upper)] (lower must not exceed upper, \
                lower < +inf, upper > -inf)
                """
        case .noFiniteBound:
            return "\(element): has no finite bound, so it constrains nothing"
        case .invalidBinaryBounds(let lower, let upper):
            return
                """
                \(element): a binary variable's bounds must lie in {0, 1}, got [\(lower), \
                \(upper)]
                """
        case .invalidName(let name):
            return
                """
                \(element): invalid name '\(name.prefix(40))\(name.count > 40 ? "…" : "")' (1 \
                to 255 bytes, no control characters)
                """
        case .duplicateName(let name):
            return "\(element): the name '\(name)' is already used"
        case .unknownVariable(let index, let count):
            return
                """
                \(element): variable index \(index) is not in this model (it has \(count) \
                variables)
                """
        case .tooLarge:
            return "\(element): the model is too large (more than 2147483647 elements)"
        }
    }
}

/// Rules for variable, constraint and model names, shared by every solver backend.
enum NameRules {
    /// GLPK's limit, also the CPLEX LP format's.
    static let maximumBytes = 255

    static func isValid(_ name: String) -> Bool {
        let bytes = name.utf8
        guard !bytes.isEmpty, bytes.count <= maximumBytes else { return false }
        return !bytes.contains { $0 < 0x20 || $0 == 0x7F }
    }
}
