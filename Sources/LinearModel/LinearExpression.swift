/// One term `coefficient × variable` of a ``LinearExpression``.
public struct LinearTerm: Hashable, Sendable {
    /// The variable of the term.
    public var variable: Variable
    /// Its coefficient.
    public var coefficient: Double

    /// The term `coefficient · variable`.
    public init(_ coefficient: Double, _ variable: Variable) {
        self.variable = variable
        self.coefficient = coefficient
    }
}

/// An affine expression `Σ aᵢ·xᵢ + c`.
///
/// Terms keep the order in which they were added (a variable may appear more than once until the
/// expression enters a ``Model``, which merges repeats in first-appearance order). Nothing here
/// depends on hashing order, so the same construction always produces the same model and files.
///
/// Build expressions with operators (`2 * x + y - 3`), with `+=`, or with ``sum(_:)`` and
/// ``sum(_:_:)`` over collections.
public struct LinearExpression: Sendable, CustomStringConvertible {
    /// The terms, in insertion order.
    public var terms: [LinearTerm]
    /// The constant term.
    public var constant: Double

    /// The empty expression, 0.
    public init() {
        self.terms = []
        self.constant = 0
    }

    /// The expression `1·variable`.
    public init(_ variable: Variable) {
        self.terms = [LinearTerm(1, variable)]
        self.constant = 0
    }

    /// A constant expression.
    public init(constant: Double) {
        self.terms = []
        self.constant = constant
    }

    /// An expression of `terms` in their order (repeated variables are kept as given) plus a
    /// constant.
    public init(terms: [LinearTerm], constant: Double = 0) {
        self.terms = terms
        self.constant = constant
    }

    /// `Σ coefficients[i] · variables[i]`; the two sequences are zipped.
    public init<V: Sequence, C: Sequence>(variables: V, coefficients: C)
    where V.Element == Variable, C.Element == Double {
        self.terms = zip(variables, coefficients).map { LinearTerm($1, $0) }
        self.constant = 0
    }

    /// Appends `coefficient · variable`.
    public mutating func add(_ coefficient: Double, _ variable: Variable) {
        terms.append(LinearTerm(coefficient, variable))
    }

    /// Appends all terms of `other` (scaled by `factor`) and adds its constant.
    public mutating func add(_ other: LinearExpression, times factor: Double = 1) {
        // No reserveCapacity here: reserving the exact size on every call would defeat the
        // array's geometric growth and make sums over many expressions quadratic.
        if factor == 1 {
            terms.append(contentsOf: other.terms)
        } else {
            for term in other.terms {
                terms.append(LinearTerm(term.coefficient * factor, term.variable))
            }
        }
        constant += other.constant * factor
    }

    /// The value of the expression for variable values indexed by ``Variable/index``.
    public func value(_ values: [Double]) -> Double {
        var total = constant
        for term in terms { total += term.coefficient * values[term.variable.index] }
        return total
    }

    /// `Σ` over a sequence of expressions.
    public static func sum<S: Sequence>(_ expressions: S) -> LinearExpression
    where S.Element == LinearExpression {
        var total = LinearExpression()
        for e in expressions { total.add(e) }
        return total
    }

    /// `Σ` of `term(element)` over a sequence, built in place.
    public static func sum<S: Sequence>(
        _ elements: S, _ term: (S.Element) throws -> LinearExpression
    ) rethrows -> LinearExpression {
        var total = LinearExpression()
        for element in elements { total.add(try term(element)) }
        return total
    }

    /// The expression as `2·x3 + 1·x5 + 4`, for debugging.
    public var description: String {
        var parts: [String] = []
        for term in terms {
            let sign = term.coefficient < 0 ? "-" : "+"
            let magnitude = abs(term.coefficient)
            let coefficient = magnitude == 1 ? "" : "\(magnitude) "
            parts.append("\(sign) \(coefficient)x\(term.variable.index)")
        }
        if constant != 0 || parts.isEmpty {
            parts.append("\(constant < 0 ? "-" : "+") \(abs(constant))")
        }
        var text = parts.joined(separator: " ")
        if text.hasPrefix("+ ") { text.removeFirst(2) }
        return text
    }
}

extension Sequence where Element == Variable {
    /// `Σ xᵢ` over the variables.
    public func sum() -> LinearExpression {
        LinearExpression(terms: map { LinearTerm(1, $0) })
    }
}

extension Sequence where Element == LinearExpression {
    /// `Σ` of the expressions.
    public func sum() -> LinearExpression { LinearExpression.sum(self) }
}
