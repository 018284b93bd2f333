/// A handle to a decision variable of a ``Model``.
///
/// Handles are indices: they stay valid for the model that created them (and its copies) and
/// are how solutions are read back — never by name.
public struct Variable: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Position of the variable in its model, from 0.
    public let index: Int

    /// Makes a handle for the variable at `index`; normally you get handles from ``Model``.
    public init(index: Int) {
        self.index = index
    }

    /// Orders variables as the model added them.
    public static func < (lhs: Variable, rhs: Variable) -> Bool { lhs.index < rhs.index }

    /// `Variable(index)`, for debugging; the model knows the name (`Model.name(of:)`).
    public var description: String { "Variable(\(index))" }
}

/// The domain of a variable.
public enum VariableKind: String, Sendable, CaseIterable, Codable {
    /// A real number between its bounds.
    case continuous
    /// An integer between its bounds.
    case integer
    /// 0 or 1.
    case binary

    /// Whether a solver must branch on the variable.
    public var isIntegral: Bool { self != .continuous }
}
