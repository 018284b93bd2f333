// Natural operators for building expressions: `2 * x + y - 3`, `-x`, `e += 4 * y`.
// Every combination of Variable, LinearExpression and Double is spelled out (no generic
// operators), which keeps type checking fast and the overload set easy to read.

// MARK: Scaling

public func * (coefficient: Double, variable: Variable) -> LinearExpression {
    LinearExpression(terms: [LinearTerm(coefficient, variable)])
}

public func * (variable: Variable, coefficient: Double) -> LinearExpression {
    LinearExpression(terms: [LinearTerm(coefficient, variable)])
}

public func * (factor: Double, expression: LinearExpression) -> LinearExpression {
    var result = LinearExpression()
    result.add(expression, times: factor)
    return result
}

public func * (expression: LinearExpression, factor: Double) -> LinearExpression {
    factor * expression
}

public func / (expression: LinearExpression, divisor: Double) -> LinearExpression {
    (1 / divisor) * expression
}

public func / (variable: Variable, divisor: Double) -> LinearExpression {
    (1 / divisor) * variable
}

public prefix func - (variable: Variable) -> LinearExpression {
    -1 * variable
}

public prefix func - (expression: LinearExpression) -> LinearExpression {
    -1 * expression
}

// MARK: Addition

public func + (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
    var result = lhs
    result.add(rhs)
    return result
}

public func + (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
    var result = lhs
    result.add(1, rhs)
    return result
}

public func + (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
    LinearExpression(lhs) + rhs
}

public func + (lhs: Variable, rhs: Variable) -> LinearExpression {
    LinearExpression(terms: [LinearTerm(1, lhs), LinearTerm(1, rhs)])
}

public func + (lhs: LinearExpression, rhs: Double) -> LinearExpression {
    var result = lhs
    result.constant += rhs
    return result
}

public func + (lhs: Double, rhs: LinearExpression) -> LinearExpression {
    rhs + lhs
}

public func + (lhs: Variable, rhs: Double) -> LinearExpression {
    LinearExpression(terms: [LinearTerm(1, lhs)], constant: rhs)
}

public func + (lhs: Double, rhs: Variable) -> LinearExpression {
    rhs + lhs
}

// MARK: Subtraction

public func - (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
    var result = lhs
    result.add(rhs, times: -1)
    return result
}

public func - (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
    var result = lhs
    result.add(-1, rhs)
    return result
}

public func - (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
    LinearExpression(lhs) - rhs
}

public func - (lhs: Variable, rhs: Variable) -> LinearExpression {
    LinearExpression(terms: [LinearTerm(1, lhs), LinearTerm(-1, rhs)])
}

public func - (lhs: LinearExpression, rhs: Double) -> LinearExpression {
    lhs + (-rhs)
}

public func - (lhs: Double, rhs: LinearExpression) -> LinearExpression {
    lhs + (-rhs)
}

public func - (lhs: Variable, rhs: Double) -> LinearExpression {
    LinearExpression(terms: [LinearTerm(1, lhs)], constant: -rhs)
}

public func - (lhs: Double, rhs: Variable) -> LinearExpression {
    LinearExpression(terms: [LinearTerm(-1, rhs)], constant: lhs)
}

// MARK: Compound assignment

public func += (lhs: inout LinearExpression, rhs: LinearExpression) {
    lhs.add(rhs)
}

public func += (lhs: inout LinearExpression, rhs: Variable) {
    lhs.add(1, rhs)
}

public func += (lhs: inout LinearExpression, rhs: Double) {
    lhs.constant += rhs
}

public func -= (lhs: inout LinearExpression, rhs: LinearExpression) {
    lhs.add(rhs, times: -1)
}

public func -= (lhs: inout LinearExpression, rhs: Variable) {
    lhs.add(-1, rhs)
}

public func -= (lhs: inout LinearExpression, rhs: Double) {
    lhs.constant -= rhs
}
