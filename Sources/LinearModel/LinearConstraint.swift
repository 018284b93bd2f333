/// A linear relation `lowerBound ≤ Σ aᵢ·xᵢ ≤ upperBound`, ready to be added to a ``Model``.
///
/// Make one with `≤`, `≥` or `==` between expressions, variables and numbers (`2 * x + y <= 4`),
/// or with ``init(_:lowerBound:upperBound:)`` for a ranged row. Constants on either side are moved
/// into the bounds. A bound of `-.infinity` / `.infinity` means none; a constraint needs at least
/// one finite bound (the model checks that, and finiteness of every number, when it is added).
public struct LinearConstraint: Sendable, CustomStringConvertible {
    /// The variable part; its constant is always 0.
    public private(set) var expression: LinearExpression
    /// The smallest value the expression may take (−∞ for none).
    public private(set) var lowerBound: Double
    /// The largest value the expression may take (+∞ for none).
    public private(set) var upperBound: Double

    /// `lowerBound ≤ expression ≤ upperBound`; the expression's constant moves into the bounds.
    public init(_ expression: LinearExpression, lowerBound: Double, upperBound: Double) {
        var variablePart = expression
        let constant = variablePart.constant
        variablePart.constant = 0
        self.expression = variablePart
        self.lowerBound = lowerBound - constant
        self.upperBound = upperBound - constant
    }

    /// Whether both bounds are equal.
    public var isEquality: Bool { lowerBound == upperBound }

    /// The constraint as `lower ≤ expression ≤ upper`, for debugging.
    public var description: String {
        if isEquality { return "\(expression) = \(lowerBound)" }
        switch (lowerBound.isInfinite, upperBound.isInfinite) {
        case (true, false): return "\(expression) <= \(upperBound)"
        case (false, true): return "\(expression) >= \(lowerBound)"
        default: return "\(lowerBound) <= \(expression) <= \(upperBound)"
        }
    }
}

// MARK: - Relation operators

/// `lhs ≤ rhs`, with every term moved to the left.
public func <= (lhs: LinearExpression, rhs: LinearExpression) -> LinearConstraint {
    LinearConstraint(lhs - rhs, lowerBound: -.infinity, upperBound: 0)
}

/// `lhs ≥ rhs`, with every term moved to the left.
public func >= (lhs: LinearExpression, rhs: LinearExpression) -> LinearConstraint {
    LinearConstraint(lhs - rhs, lowerBound: 0, upperBound: .infinity)
}

/// `lhs = rhs`, with every term moved to the left.
public func == (lhs: LinearExpression, rhs: LinearExpression) -> LinearConstraint {
    LinearConstraint(lhs - rhs, lowerBound: 0, upperBound: 0)
}

/// `lhs ≤ rhs`: an upper bound on the expression.
public func <= (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
    LinearConstraint(lhs, lowerBound: -.infinity, upperBound: rhs)
}

/// `lhs ≥ rhs`: a lower bound on the expression.
public func >= (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
    LinearConstraint(lhs, lowerBound: rhs, upperBound: .infinity)
}

/// `lhs = rhs`: the expression fixed.
public func == (lhs: LinearExpression, rhs: Double) -> LinearConstraint {
    LinearConstraint(lhs, lowerBound: rhs, upperBound: rhs)
}

/// `lhs ≤ rhs`: a lower bound on the expression.
public func <= (lhs: Double, rhs: LinearExpression) -> LinearConstraint { rhs >= lhs }
/// `lhs ≥ rhs`: an upper bound on the expression.
public func >= (lhs: Double, rhs: LinearExpression) -> LinearConstraint { rhs <= lhs }

/// `variable ≤ rhs`, as a row (a bound belongs in ``Model/setBounds(of:lower:upper:)``).
public func <= (lhs: Variable, rhs: Double) -> LinearConstraint { LinearExpression(lhs) <= rhs }
/// `variable ≥ rhs`, as a row (a bound belongs in ``Model/setBounds(of:lower:upper:)``).
public func >= (lhs: Variable, rhs: Double) -> LinearConstraint { LinearExpression(lhs) >= rhs }
/// `variable = rhs`, as a row.
public func == (lhs: Variable, rhs: Double) -> LinearConstraint { LinearExpression(lhs) == rhs }

/// `lhs ≤ rhs`, with the variable moved to the left.
public func <= (lhs: LinearExpression, rhs: Variable) -> LinearConstraint {
    lhs <= LinearExpression(rhs)
}
/// `lhs ≥ rhs`, with the variable moved to the left.
public func >= (lhs: LinearExpression, rhs: Variable) -> LinearConstraint {
    lhs >= LinearExpression(rhs)
}
/// `lhs = rhs`, with the variable moved to the left.
public func == (lhs: LinearExpression, rhs: Variable) -> LinearConstraint {
    lhs == LinearExpression(rhs)
}

/// `variable ≤ rhs`, with the expression moved to the left.
public func <= (lhs: Variable, rhs: LinearExpression) -> LinearConstraint {
    LinearExpression(lhs) <= rhs
}
/// `variable ≥ rhs`, with the expression moved to the left.
public func >= (lhs: Variable, rhs: LinearExpression) -> LinearConstraint {
    LinearExpression(lhs) >= rhs
}
/// `variable = rhs`, with the expression moved to the left.
public func == (lhs: Variable, rhs: LinearExpression) -> LinearConstraint {
    LinearExpression(lhs) == rhs
}
