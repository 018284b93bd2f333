/// A linear or mixed-integer program: variables, linear constraints and a linear objective.
///
/// `Model` knows nothing about any solver. It is a value (copy it freely; it is `Sendable`) and is
/// deterministic: variables and constraints keep the order they were added in, and the terms of
/// each row keep first-appearance order, so the same construction loads the same matrix and writes
/// the same bytes every time.
///
/// Everything is checked where it enters: non-finite coefficients and bounds, invalid or duplicate
/// names and foreign variable handles throw a ``ModelError`` naming the variable or constraint.
///
/// ```swift
/// var model = Model(name: "knapsack")
/// let x = try (0..<3).map { try model.addVariable("x\($0)", kind: .binary) }
/// try model.addConstraint(3 * x[0] + 4 * x[1] + 2 * x[2] <= 6, name: "capacity")
/// try model.maximize(5 * x[0] + 6 * x[1] + 3 * x[2])
/// ```
public struct Model: Sendable {
    /// The model's name (used in written files); may be empty.
    public var name: String

    /// Whether the objective is minimized (the default) or maximized.
    public private(set) var objectiveSense: ObjectiveSense = .minimize
    /// Objective coefficient per variable index (dense; 0 where absent).
    public private(set) var objectiveCoefficients: [Double] = []
    /// The objective's constant term.
    public private(set) var objectiveConstant: Double = 0

    // Columns.
    private var variableNames: [String?] = []
    private var variableKinds: [VariableKind] = []
    private var variableLower: [Double] = []
    private var variableUpper: [Double] = []
    private var variableIndexByName: [String: Int] = [:]

    // Rows, compressed sparse row storage.
    private var rowStarts: [Int] = [0]
    private var entryColumns: [Int32] = []
    private var entryValues: [Double] = []
    private var rowLower: [Double] = []
    private var rowUpper: [Double] = []
    private var constraintNames: [String?] = []
    private var constraintIndexByName: [String: Int] = [:]

    // Scratch space for merging repeated variables of a row in O(terms): per variable, the merge
    // (numbered by `mergeGeneration`, new for every call, so a refused row leaves nothing behind)
    // that last touched it and where its merged term sits.
    private var mergeStamp: [Int] = []
    private var mergeSlot: [Int32] = []
    private var mergeGeneration = 0

    /// An empty model.
    public init(name: String = "") {
        self.name = name
    }

    // MARK: - Sizes

    /// The number of variables (columns).
    public var variableCount: Int { variableKinds.count }
    /// The number of constraints (rows).
    public var constraintCount: Int { rowLower.count }
    /// Number of stored (non-zero) constraint coefficients.
    public var nonzeroCount: Int { entryValues.count }
    /// Number of integer and binary variables.
    public var integerVariableCount: Int { variableKinds.lazy.filter(\.isIntegral).count }
    /// The number of binary variables.
    public var binaryVariableCount: Int { variableKinds.lazy.filter { $0 == .binary }.count }
    /// Whether any variable is integer or binary (the model is then a MIP).
    public var isMixedInteger: Bool { variableKinds.contains(where: \.isIntegral) }

    /// Every variable's handle, in the order they were added.
    public var variables: [Variable] { (0..<variableCount).map(Variable.init(index:)) }
    /// Every constraint's handle, in the order they were added.
    public var constraints: [Constraint] { (0..<constraintCount).map(Constraint.init(index:)) }

    // MARK: - Variables

    /// Adds a variable. Bounds default to `[0, +∞)` (`[0, 1]` for binaries); pass `-.infinity` /
    /// `.infinity` for none.
    @discardableResult
    public mutating func addVariable(
        _ name: String? = nil,
        kind: VariableKind = .continuous,
        lowerBound: Double = 0,
        upperBound: Double? = nil
    ) throws(ModelError) -> Variable {
        let index = variableCount
        guard index < Int(Int32.max) - 1 else {
            throw ModelError(describeVariable(index, name), .tooLarge)
        }
        let upper = upperBound ?? (kind == .binary ? 1 : .infinity)
        try Self.checkBounds(lowerBound, upper, for: self.describeVariable(index, name))
        if kind == .binary,
            lowerBound < 0 || upper > 1 || lowerBound.rounded() != lowerBound
                || upper.rounded() != upper
        {
            throw ModelError(
                describeVariable(index, name), .invalidBinaryBounds(lower: lowerBound, upper: upper)
            )
        }
        if let name {
            guard NameRules.isValid(name) else {
                throw ModelError("variable \(index)", .invalidName(name))
            }
            guard variableIndexByName[name] == nil else {
                throw ModelError("variable \(index)", .duplicateName(name))
            }
            variableIndexByName[name] = index
        }
        variableNames.append(name)
        variableKinds.append(kind)
        variableLower.append(lowerBound)
        variableUpper.append(upper)
        objectiveCoefficients.append(0)
        mergeStamp.append(-1)
        mergeSlot.append(0)
        return Variable(index: index)
    }

    /// Adds `count` variables named `prefix0`, `prefix1`, … (unnamed when `namePrefix` is nil).
    public mutating func addVariables(
        _ count: Int,
        namePrefix: String? = nil,
        kind: VariableKind = .continuous,
        lowerBound: Double = 0,
        upperBound: Double? = nil
    ) throws(ModelError) -> [Variable] {
        var result: [Variable] = []
        result.reserveCapacity(count)
        for i in 0..<max(count, 0) {
            result.append(
                try addVariable(
                    namePrefix.map { "\($0)\(i)" }, kind: kind, lowerBound: lowerBound,
                    upperBound: upperBound))
        }
        return result
    }

    /// Changes a variable's bounds.
    public mutating func setBounds(of variable: Variable, lower: Double, upper: Double)
        throws(ModelError)
    {
        try checkHandle(variable, in: "bounds")
        try Self.checkBounds(lower, upper, for: self.describe(variable))
        if kind(of: variable) == .binary, lower < 0 || upper > 1 {
            throw ModelError(describe(variable), .invalidBinaryBounds(lower: lower, upper: upper))
        }
        variableLower[variable.index] = lower
        variableUpper[variable.index] = upper
    }

    /// The variable's name, if it was given one.
    public func name(of variable: Variable) -> String? { variableNames[variable.index] }
    /// Whether the variable is continuous, integer or binary.
    public func kind(of variable: Variable) -> VariableKind { variableKinds[variable.index] }
    /// The variable's lower bound (−∞ for none).
    public func lowerBound(of variable: Variable) -> Double { variableLower[variable.index] }
    /// The variable's upper bound (+∞ for none).
    public func upperBound(of variable: Variable) -> Double { variableUpper[variable.index] }
    /// The variable with this name, if any.
    public func variable(named name: String) -> Variable? {
        variableIndexByName[name].map(Variable.init(index:))
    }

    /// A name for messages: `variable 'x'` or `variable 3`.
    public func describe(_ variable: Variable) -> String {
        describeVariable(variable.index, variableNames[variable.index])
    }

    // MARK: - Constraints

    /// Adds a constraint. Repeated variables are merged (first-appearance order), zero
    /// coefficients dropped.
    @discardableResult
    public mutating func addConstraint(_ constraint: LinearConstraint, name: String? = nil)
        throws(ModelError) -> Constraint
    {
        let index = constraintCount
        // Described only when something is wrong: building the text for every row costs.
        func element() -> String { describeConstraint(index, name) }
        guard index < Int(Int32.max) - 1 else { throw ModelError(element(), .tooLarge) }
        let lower = constraint.lowerBound
        let upper = constraint.upperBound
        try Self.checkBounds(lower, upper, for: element())
        if lower == -.infinity && upper == .infinity { throw ModelError(element(), .noFiniteBound) }
        if let name {
            guard NameRules.isValid(name) else {
                throw ModelError("constraint \(index)", .invalidName(name))
            }
            guard constraintIndexByName[name] == nil else {
                throw ModelError("constraint \(index)", .duplicateName(name))
            }
        }
        try checkTerms(constraint.expression.terms, element: element())
        let merged = merge(constraint.expression.terms)
        if let overflow = merged.first(where: { !$0.coefficient.isFinite }) {
            throw ModelError(
                "\(element()), coefficient of \(describe(overflow.variable))",
                .nonFiniteNumber(overflow.coefficient))
        }
        guard entryValues.count + merged.count < Int(Int32.max) else {
            throw ModelError(element(), .tooLarge)
        }
        if let name { constraintIndexByName[name] = index }
        for term in merged {
            entryColumns.append(Int32(term.variable.index))
            entryValues.append(term.coefficient)
        }
        rowStarts.append(entryValues.count)
        rowLower.append(lower)
        rowUpper.append(upper)
        constraintNames.append(name)
        return Constraint(index: index)
    }

    /// The stored row: merged terms and bounds.
    public func constraint(_ constraint: Constraint) -> LinearConstraint {
        LinearConstraint(
            LinearExpression(terms: terms(of: constraint)),
            lowerBound: rowLower[constraint.index], upperBound: rowUpper[constraint.index])
    }

    /// The row's terms in stored order.
    public func terms(of constraint: Constraint) -> [LinearTerm] {
        (rowStarts[constraint.index]..<rowStarts[constraint.index + 1]).map {
            LinearTerm(entryValues[$0], Variable(index: Int(entryColumns[$0])))
        }
    }

    /// The constraint's lower bound (−∞ for none).
    public func lowerBound(of constraint: Constraint) -> Double { rowLower[constraint.index] }
    /// The constraint's upper bound (+∞ for none).
    public func upperBound(of constraint: Constraint) -> Double { rowUpper[constraint.index] }
    /// The constraint's name, if it was given one.
    public func name(of constraint: Constraint) -> String? { constraintNames[constraint.index] }
    /// The constraint with this name, if any.
    public func constraint(named name: String) -> Constraint? {
        constraintIndexByName[name].map(Constraint.init(index:))
    }

    /// A name for messages: `constraint 'cap'` or `constraint 3`.
    public func describe(_ constraint: Constraint) -> String {
        describeConstraint(constraint.index, constraintNames[constraint.index])
    }

    /// Calls `body(row, column, value)` for every stored coefficient, row by row in stored order.
    /// This is how backends and writers read the matrix without copying it.
    public func forEachEntry(_ body: (Int, Int, Double) throws -> Void) rethrows {
        for row in 0..<constraintCount {
            for k in rowStarts[row]..<rowStarts[row + 1] {
                try body(row, Int(entryColumns[k]), entryValues[k])
            }
        }
    }

    /// Row-major matrix storage: `rowStarts` (constraintCount + 1 offsets), column indices, values.
    public var compressedRows: (rowStarts: [Int], columns: [Int32], values: [Double]) {
        (rowStarts, entryColumns, entryValues)
    }

    // MARK: - Objective

    /// Sets the objective. Repeated variables are summed; the constant is kept.
    public mutating func setObjective(_ sense: ObjectiveSense, _ expression: LinearExpression)
        throws(ModelError)
    {
        guard expression.constant.isFinite else {
            throw ModelError("objective", .nonFiniteNumber(expression.constant))
        }
        var coefficients = [Double](repeating: 0, count: variableCount)
        for term in expression.terms {
            try checkHandle(term.variable, in: "objective")
            guard term.coefficient.isFinite else {
                throw ModelError(
                    "objective, coefficient of \(describe(term.variable))",
                    .nonFiniteNumber(term.coefficient))
            }
            coefficients[term.variable.index] += term.coefficient
        }
        objectiveSense = sense
        objectiveCoefficients = coefficients
        objectiveConstant = expression.constant
    }

    /// Minimizes `expression` (its constant included in the objective value).
    public mutating func minimize(_ expression: LinearExpression) throws(ModelError) {
        try setObjective(.minimize, expression)
    }

    /// Maximizes `expression` (its constant included in the objective value).
    public mutating func maximize(_ expression: LinearExpression) throws(ModelError) {
        try setObjective(.maximize, expression)
    }

    /// Minimizes one variable.
    public mutating func minimize(_ variable: Variable) throws(ModelError) {
        try minimize(LinearExpression(variable))
    }
    /// Maximizes one variable.
    public mutating func maximize(_ variable: Variable) throws(ModelError) {
        try maximize(LinearExpression(variable))
    }

    /// The objective as an expression (variables in index order, zeros left out).
    public var objective: LinearExpression {
        LinearExpression(
            terms: objectiveCoefficients.indices.compactMap { j in
                objectiveCoefficients[j] == 0
                    ? nil : LinearTerm(objectiveCoefficients[j], Variable(index: j))
            }, constant: objectiveConstant)
    }

    /// The objective value at the given variable values (indexed by variable index).
    public func objectiveValue(_ values: [Double]) -> Double {
        var total = objectiveConstant
        for j in objectiveCoefficients.indices where objectiveCoefficients[j] != 0 {
            total += objectiveCoefficients[j] * values[j]
        }
        return total
    }

    /// Row activities `Σ aᵢⱼ·xⱼ` at the given variable values.
    public func activities(_ values: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: constraintCount)
        forEachEntry { row, column, value in result[row] += value * values[column] }
        return result
    }

    /// The largest violation of any bound, row or integrality at the given values (0 when
    /// feasible); a solver-independent check of a returned point.
    public func maximumViolation(_ values: [Double]) -> Double {
        violations(values).absolute
    }

    /// The largest violation, absolute and relative. A relative violation divides by the size of
    /// what is compared — `max(1, |bound|, Σ|aᵢⱼxⱼ|)` for a row, `max(1, |bound|)` for a bound,
    /// `max(1, |x|)` for integrality — the way solvers scale their own feasibility tolerances,
    /// so rows with large coefficients (bytes, cycles) are judged fairly.
    public func violations(_ values: [Double]) -> (absolute: Double, relative: Double) {
        guard values.count == variableCount else { return (.infinity, .infinity) }
        var absolute = 0.0
        var relative = 0.0
        func record(_ violation: Double, _ scale: Double) {
            guard violation > 0 else { return }
            absolute = max(absolute, violation)
            relative = max(relative, violation / max(1, scale))
        }
        for j in 0..<variableCount {
            let x = values[j]
            guard x.isFinite else { return (.infinity, .infinity) }
            record(variableLower[j] - x, abs(variableLower[j]))
            record(x - variableUpper[j], abs(variableUpper[j]))
            if variableKinds[j].isIntegral { record(abs(x - x.rounded()), abs(x)) }
        }
        var activity = [Double](repeating: 0, count: constraintCount)
        var magnitude = [Double](repeating: 0, count: constraintCount)
        forEachEntry { row, column, value in
            activity[row] += value * values[column]
            magnitude[row] += abs(value * values[column])
        }
        for row in 0..<constraintCount {
            record(rowLower[row] - activity[row], max(abs(rowLower[row]), magnitude[row]))
            record(activity[row] - rowUpper[row], max(abs(rowUpper[row]), magnitude[row]))
        }
        return (absolute, relative)
    }

    // MARK: - Checks

    /// Checks every term: a handle of this model and a finite coefficient.
    private func checkTerms(_ terms: [LinearTerm], element: @autoclosure () -> String)
        throws(ModelError)
    {
        for term in terms {
            try checkHandle(term.variable, in: element())
            guard term.coefficient.isFinite else {
                throw ModelError(
                    "\(element()), coefficient of \(describe(term.variable))",
                    .nonFiniteNumber(term.coefficient))
            }
        }
    }

    /// Merges repeated variables in first-appearance order and drops zeros, in O(terms) with
    /// the stamp arrays.
    private mutating func merge(_ terms: [LinearTerm]) -> [LinearTerm] {
        mergeGeneration += 1
        let stamp = mergeGeneration
        var merged: [LinearTerm] = []
        merged.reserveCapacity(terms.count)
        for term in terms {
            let j = term.variable.index
            if mergeStamp[j] == stamp {
                merged[Int(mergeSlot[j])].coefficient += term.coefficient
            } else {
                mergeStamp[j] = stamp
                mergeSlot[j] = Int32(merged.count)
                merged.append(term)
            }
        }
        merged.removeAll { $0.coefficient == 0 }
        return merged
    }

    private func checkHandle(_ variable: Variable, in element: @autoclosure () -> String)
        throws(ModelError)
    {
        guard variable.index >= 0, variable.index < variableCount else {
            throw ModelError(
                element(), .unknownVariable(index: variable.index, variableCount: variableCount))
        }
    }

    private static func checkBounds(
        _ lower: Double, _ upper: Double, for element: @autoclosure () -> String
    ) throws(ModelError) {
        if lower.isNaN { throw ModelError("\(element()), lower bound", .nonFiniteNumber(lower)) }
        if upper.isNaN { throw ModelError("\(element()), upper bound", .nonFiniteNumber(upper)) }
        if lower == .infinity || upper == -.infinity || lower > upper {
            throw ModelError(element(), .invalidBounds(lower: lower, upper: upper))
        }
    }

    private func describeVariable(_ index: Int, _ name: String?) -> String {
        name.map { "variable '\($0)'" } ?? "variable \(index)"
    }

    private func describeConstraint(_ index: Int, _ name: String?) -> String {
        name.map { "constraint '\($0)'" } ?? "constraint \(index)"
    }
}
