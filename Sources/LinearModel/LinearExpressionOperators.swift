// Natural operators for building expressions: `2 * x + y - 3`, `-x`, `e += 4 * y`.
// Every combination of Variable, LinearExpression and Double is spelled out (no generic
// operators), which keeps type checking fast and the overload set easy to read.

// MARK: Scaling

/// The term `coefficient · variable`.
public func * (coefficient: Double, variable: Variable) -> LinearExpression {
    LinearExpression(terms: [LinearTerm(coefficient, variable)])
}

/// The term `variable · coefficient`.
public func * (variable: Variable, coefficient: Double) -> LinearExpression {
    LinearExpression(terms: [LinearTerm(coefficient, variable)])
}

/// Every coefficient and the constant scaled by `factor`.
public func * (factor: Double, expression: LinearExpression) -> LinearExpression {
    var result = LinearExpression()
    result.add(expression, times: factor)
    return result
}

/// Every coefficient and the constant scaled by `factor`.
public func * (expression: LinearExpression, factor: Double) -> LinearExpression {
    factor * expression
}

/// Every coefficient and the constant divided by `divisor`.
public func / (expression: LinearExpression, divisor: Double) -> LinearExpression {
    (1 / divisor) * expression
}

/// The term `variable / divisor`.
public func / (variable: Variable, divisor: Double) -> LinearExpression {
    (1 / divisor) * variable
}

/// The term `−variable`.
public prefix func - (variable: Variable) -> LinearExpression {
    -1 * variable
}

/// Every coefficient and the constant negated.
public prefix func - (expression: LinearExpression) -> LinearExpression {
    -1 * expression
}

// MARK: Addition

/// The terms of both, in order, and the sum of the constants.
public func + (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
    var result = lhs
    result.add(rhs)
    return result
}

/// The expression with one more term.
public func + (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
    var result = lhs
    result.add(1, rhs)
    return result
}

/// The variable's term, then the expression's.
public func + (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
    LinearExpression(lhs) + rhs
}

/// The two terms.
public func + (lhs: Variable, rhs: Variable) -> LinearExpression {
    LinearExpression(terms: [LinearTerm(1, lhs), LinearTerm(1, rhs)])
}

/// The expression with `rhs` added to its constant.
public func + (lhs: LinearExpression, rhs: Double) -> LinearExpression {
    var result = lhs
    result.constant += rhs
    return result
}

/// The expression with `lhs` added to its constant.
public func + (lhs: Double, rhs: LinearExpression) -> LinearExpression {
    rhs + lhs
}

/// The variable's term plus a constant.
public func + (lhs: Variable, rhs: Double) -> LinearExpression {
    LinearExpression(terms: [LinearTerm(1, lhs)], constant: rhs)
}

/// The variable's term plus a constant.
public func + (lhs: Double, rhs: Variable) -> LinearExpression {
    rhs + lhs
}

// MARK: Subtraction

/// The terms of `lhs`, then those of `rhs` negated; the constants subtracted.
public func - (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
    var result = lhs
    result.add(rhs, times: -1)
    return result
}

/// The expression with the variable's term subtracted.
public func - (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
    var result = lhs
    result.add(-1, rhs)
    return result
}

/// The variable's term, then the expression's negated.
public func - (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
    LinearExpression(lhs) - rhs
}

/// `lhs − rhs` as two terms.
public func - (lhs: Variable, rhs: Variable) -> LinearExpression {
    LinearExpression(terms: [LinearTerm(1, lhs), LinearTerm(-1, rhs)])
}

/// The expression with `rhs` subtracted from its constant.
public func - (lhs: LinearExpression, rhs: Double) -> LinearExpression {
    lhs + (-rhs)
}

/// `lhs` minus the expression.
public func - (lhs: Double, rhs: LinearExpression) -> LinearExpression {
    lhs + (-rhs)
}

/// The variable's term less a constant.
public func - (lhs: Variable, rhs: Double) -> LinearExpression {
    LinearExpression(terms: [LinearTerm(1, lhs)], constant: -rhs)
}

/// A constant less the variable's term.
public func - (lhs: Double, rhs: Variable) -> LinearExpression {
    LinearExpression(terms: [LinearTerm(-1, rhs)], constant: lhs)
}

// MARK: Compound assignment

/// Appends the terms of `rhs` and adds its constant.
public func += (lhs: inout LinearExpression, rhs: LinearExpression) {
    lhs.add(rhs)
}

/// Appends the variable's term.
public func += (lhs: inout LinearExpression, rhs: Variable) {
    lhs.add(1, rhs)
}

/// Adds to the constant.
public func += (lhs: inout LinearExpression, rhs: Double) {
    lhs.constant += rhs
}

/// Appends the terms of `rhs` negated and subtracts its constant.
public func -= (lhs: inout LinearExpression, rhs: LinearExpression) {
    lhs.add(rhs, times: -1)
}

/// Appends the variable's term negated.
public func -= (lhs: inout LinearExpression, rhs: Variable) {
    lhs.add(-1, rhs)
}

/// Subtracts from the constant.
public func -= (lhs: inout LinearExpression, rhs: Double) {
    lhs.constant -= rhs
}
