/// A handle to a constraint (a row) of a ``Model``; use it to read activities and duals.
public struct Constraint: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Position of the constraint in its model, from 0.
    public let index: Int

    /// Makes a handle for the constraint at `index`; normally you get handles from ``Model``.
    public init(index: Int) {
        self.index = index
    }

    /// Orders constraints as the model added them.
    public static func < (lhs: Constraint, rhs: Constraint) -> Bool { lhs.index < rhs.index }

    /// `Constraint(index)`, for debugging; the model knows the name (`Model.name(of:)`).
    public var description: String { "Constraint(\(index))" }
}
