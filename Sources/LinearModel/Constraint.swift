/// A handle to a constraint (a row) of a ``Model``; use it to read activities and duals.
public struct Constraint: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Position of the constraint in its model, from 0.
    public let index: Int

    /// Makes a handle for the constraint at `index`; normally you get handles from ``Model``.
    public init(index: Int) {
        self.index = index
    }

    public static func < (lhs: Constraint, rhs: Constraint) -> Bool { lhs.index < rhs.index }

    public var description: String { "Constraint(\(index))" }
}
