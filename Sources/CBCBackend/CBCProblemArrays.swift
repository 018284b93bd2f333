import CCBCGuard
import LinearModel

/// A `Model` as the column-major arrays CBC loads (`dse_cbc_problem`), built and
/// checked in Swift: counts fit CBC's 32-bit indices, and integer columns get whole-number bounds
/// (`Model.integerBounds(lower:upper:)`).
struct CBCProblemArrays {
    var columnStarts: [Int32]
    var rowIndices: [Int32]
    var values: [Double]
    var columnLower: [Double]
    var columnUpper: [Double]
    var objective: [Double]
    var rowLower: [Double]
    var rowUpper: [Double]
    var isInteger: [UInt8]
    var maximize: Bool

    /// The largest magnitude a finite bound or cost may have for CBC and Clp.
    static let largestFinite = 1e27

    init(_ model: Model) throws(CBCError) {
        let n = model.variableCount
        let m = model.constraintCount
        let nz = model.nonzeroCount
        guard n < Int(Int32.max), m < Int(Int32.max), nz < Int(Int32.max) else {
            throw .modelTooLarge("\(n) columns, \(m) rows, \(nz) non-zeros")
        }
        columnLower = []
        columnUpper = []
        isInteger = []
        columnLower.reserveCapacity(n)
        columnUpper.reserveCapacity(n)
        isInteger.reserveCapacity(n)
        for v in model.variables {
            var bounds = (lower: model.lowerBound(of: v), upper: model.upperBound(of: v))
            let integral = model.kind(of: v).isIntegral
            if integral { bounds = Model.integerBounds(lower: bounds.lower, upper: bounds.upper) }
            columnLower.append(bounds.lower)
            columnUpper.append(bounds.upper)
            isInteger.append(integral ? 1 : 0)
        }
        rowLower = model.constraints.map(model.lowerBound(of:))
        rowUpper = model.constraints.map(model.upperBound(of:))
        objective = model.objectiveCoefficients
        maximize = model.objectiveSense == .maximize
        // COIN-OR reads a bound beyond 1e30 as infinite (and Clp one beyond 1e27), which would
        // quietly change the model: refuse it instead (GLPK takes such values as they are).
        func check(_ values: [Double], _ what: String) throws(CBCError) {
            if let k = values.firstIndex(where: { $0.isFinite && abs($0) >= Self.largestFinite }) {
                throw .unrepresentable(
                    message:
                        """
                        \(what) \(k + 1) is \(values[k]); CBC takes values beyond \
                        \(Self.largestFinite) as infinite
                        """
                )
            }
        }
        try check(columnLower, "the lower bound of column")
        try check(columnUpper, "the upper bound of column")
        try check(rowLower, "the lower bound of row")
        try check(rowUpper, "the upper bound of row")
        try check(objective, "the objective coefficient of column")
        // Rows to columns: count, prefix sums, scatter.
        let (rowStarts, columns, entries) = model.compressedRows
        var counts = [Int32](repeating: 0, count: n + 1)
        for column in columns { counts[Int(column) + 1] += 1 }
        for j in 0..<n { counts[j + 1] += counts[j] }
        columnStarts = counts
        var next = counts.map(Int.init)
        rowIndices = [Int32](repeating: 0, count: nz)
        values = [Double](repeating: 0, count: nz)
        for row in 0..<m {
            for k in rowStarts[row]..<rowStarts[row + 1] {
                let column = Int(columns[k])
                rowIndices[next[column]] = Int32(row)
                values[next[column]] = entries[k]
                next[column] += 1
            }
        }
    }

    /// Calls `body` with a `dse_cbc_problem` whose pointers are valid for the call only.
    func withProblem<R>(_ body: (inout dse_cbc_problem) -> R) -> R {
        columnStarts.withUnsafeBufferPointer { starts in
            rowIndices.withUnsafeBufferPointer { rows in
                values.withUnsafeBufferPointer { values in
                    columnLower.withUnsafeBufferPointer { cl in
                        columnUpper.withUnsafeBufferPointer { cu in
                            objective.withUnsafeBufferPointer { c in
                                rowLower.withUnsafeBufferPointer { rl in
                                    rowUpper.withUnsafeBufferPointer { ru in
                                        isInteger.withUnsafeBufferPointer { integer in
                                            var problem = dse_cbc_problem(
                                                columns: Int32(columnLower.count),
                                                rows: Int32(rowLower.count),
                                                column_starts: starts.baseAddress,
                                                row_indices: rows.baseAddress,
                                                values: values.baseAddress,
                                                column_lower: cl.baseAddress,
                                                column_upper: cu.baseAddress,
                                                objective: c.baseAddress,
                                                row_lower: rl.baseAddress,
                                                row_upper: ru.baseAddress,
                                                is_integer: integer.baseAddress,
                                                maximize: maximize ? 1 : 0)
                                            return body(&problem)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
