import CGLPKGuard
import LinearModel

/// Copies a `Model` into a GLPK problem in one guarded call (`glp_load_matrix` for
/// the matrix: one pass, GLPK-checked).
///
/// Bounds of integer columns are rounded inward to whole numbers
/// (`Model.integerBounds(lower:upper:)`): `glp_intopt` refuses a fractional bound on
/// an integer column outright (`GLP_EBOUND`, "integer column has non-integer upper bound") before
/// any presolve. CPLEX LP files produce such columns when a `Binary` or `General` variable also has
/// a bound.
enum GLPKModelLoader {
    static func load(_ model: Model, into session: GLPKSession) throws(GLPKError) {
        let n = model.variableCount
        let m = model.constraintCount
        let nz = model.nonzeroCount
        guard n < Int(Int32.max), m < Int(Int32.max), nz < Int(Int32.max) - 1 else {
            throw .modelTooLarge("\(n) columns, \(m) rows, \(nz) non-zeros")
        }
        var lower = [Double](repeating: 0, count: n)
        var upper = [Double](repeating: 0, count: n)
        var kinds = [UInt8](repeating: 0, count: n)
        var names: [CChar] = []
        var columnNameOffsets = [Int32](repeating: -1, count: n)
        var rowNameOffsets = [Int32](repeating: -1, count: m)
        func appendName(_ name: String?) -> Int32 {
            guard let name else { return -1 }
            let offset = Int32(names.count)
            names.append(contentsOf: name.utf8CString)
            return offset
        }
        for v in model.variables {
            lower[v.index] = model.lowerBound(of: v)
            upper[v.index] = model.upperBound(of: v)
            if model.kind(of: v).isIntegral {
                (lower[v.index], upper[v.index]) = Model.integerBounds(
                    lower: lower[v.index], upper: upper[v.index])
            }
            switch model.kind(of: v) {
            case .continuous: kinds[v.index] = UInt8(DSE_GLPK_CONTINUOUS)
            case .integer: kinds[v.index] = UInt8(DSE_GLPK_INTEGER)
            case .binary: kinds[v.index] = UInt8(DSE_GLPK_BINARY)
            }
            columnNameOffsets[v.index] = appendName(model.name(of: v))
        }
        var rowLower = [Double](repeating: 0, count: m)
        var rowUpper = [Double](repeating: 0, count: m)
        for c in model.constraints {
            rowLower[c.index] = model.lowerBound(of: c)
            rowUpper[c.index] = model.upperBound(of: c)
            rowNameOffsets[c.index] = appendName(model.name(of: c))
        }
        if names.isEmpty { names.append(0) }
        // GLPK's 1-based triplets (element 0 unused).
        var ia = [Int32](repeating: 0, count: nz + 1)
        var ja = [Int32](repeating: 0, count: nz + 1)
        var ar = [Double](repeating: 0, count: nz + 1)
        let (rowStarts, columns, values) = model.compressedRows
        for row in 0..<m {
            for k in rowStarts[row]..<rowStarts[row + 1] {
                ia[k + 1] = Int32(row + 1)
                ja[k + 1] = columns[k] + 1
                ar[k + 1] = values[k]
            }
        }
        let objective = model.objectiveCoefficients
        try session.call("loading the model") { handle in
            model.name.withCString { problemName in
                dse_glpk_load(
                    handle, problemName, model.objectiveSense == .maximize ? 1 : 0,
                    model.objectiveConstant,
                    Int32(n), lower, upper, kinds, objective, columnNameOffsets,
                    Int32(m), rowLower, rowUpper, rowNameOffsets,
                    Int32(nz), ia, ja, ar, names)
            }
        }
    }
}
