/// Writes a ``Model`` in CPLEX LP format, as GLPK's `glp_read_lp` (and CPLEX, CBC, HiGHS) read it.
///
/// The file means exactly what the model means:
/// - the objective constant, which the LP format cannot state, becomes a column `obj_constant`
///   fixed at 1 with the constant as its objective coefficient;
/// - a ranged row `l ≤ a·x ≤ u` becomes `a·x − s = 0` with a slack column `l ≤ s ≤ u` (exact, no
///   `u − l` rounding);
/// - names are made legal for the format (and unique); the mapping is by index.
///
/// The objective lists every column, zero coefficients included, so a reader that creates
/// columns in order of appearance (GLPK does) sees the model's columns first and in order: the
/// first ``Model/variableCount`` columns of the file are the model's. Writing the same model twice
/// gives identical bytes.
public struct CPLEXLPWriter: Sendable {
    /// A writer; it holds no state.
    public init() {}

    /// The name each model column has in the written file, by variable index (what another
    /// solver's solution file calls it).
    public func columnNames(_ model: Model) -> [String] {
        FileNames(
            model: model, objective: "obj", sanitize: FileNames.cplexLP,
            maximumBytes: FileNames.cplexLPMaximumBytes
        ).columns
    }

    /// The file's text.
    public func write(_ model: Model) -> String {
        var names = FileNames(
            model: model, objective: "obj", sanitize: FileNames.cplexLP,
            maximumBytes: FileNames.cplexLPMaximumBytes)
        let hasEmptyRow = model.constraints.contains { model.terms(of: $0).isEmpty }
        let needsConstantColumn =
            model.objectiveConstant != 0 || hasEmptyRow || model.variableCount == 0
        let constantColumn = needsConstantColumn ? names.extraColumn("obj_constant") : nil
        var slackNames: [Int: String] = [:]
        for c in model.constraints {
            let l = model.lowerBound(of: c)
            let u = model.upperBound(of: c)
            if l.isFinite, u.isFinite, l != u {
                slackNames[c.index] = names.extraColumn("~" + names.rows[c.index])
            }
        }

        var out = ""
        out.reserveCapacity(64 + model.nonzeroCount * 16)
        let title =
            model.name.isEmpty ? "unnamed" : model.name.filter { $0 != "*" && !$0.isNewline }
        out += "\\* Problem: \(title) *\\\n"
        out +=
            """
            \\* Written by DSEKit: \(model.variableCount) variables, \(model.constraintCount) \
            constraints, \(model.nonzeroCount) non-zeros *\\\n
            """
        if let constantColumn {
            out += "\\* \(constantColumn) is fixed at 1 and carries the objective constant *\\\n"
        }
        if !slackNames.isEmpty {
            out += "\\* Ranged rows l <= a x <= u are written as a x - s = 0 with l <= s <= u *\\\n"
        }
        out += "\n"
        out += model.objectiveSense == .maximize ? "Maximize\n" : "Minimize\n"

        // Objective. Every model column is listed (zeros too): LP readers create columns in order
        // of first appearance, so this keeps the file's column order equal to the model's.
        var line = LineBuilder(start: " \(names.objective):")
        for (j, coefficient) in model.objectiveCoefficients.enumerated() {
            line.add(term: coefficient, names.columns[j], into: &out)
        }
        if let constantColumn {
            line.add(term: model.objectiveConstant, constantColumn, into: &out)
        }
        out += line.finish() + "\n"

        // Rows.
        out += "\nSubject To\n"
        let (rowStarts, entryColumns, entryValues) = model.compressedRows
        for c in model.constraints {
            line = LineBuilder(start: " \(names.rows[c.index]):")
            for k in rowStarts[c.index]..<rowStarts[c.index + 1] {
                line.add(term: entryValues[k], names.columns[Int(entryColumns[k])], into: &out)
            }
            if line.isEmpty, let constantColumn { line.add(term: 0, constantColumn, into: &out) }
            let l = model.lowerBound(of: c)
            let u = model.upperBound(of: c)
            if let slack = slackNames[c.index] {
                line.add(term: -1, slack, into: &out)
                out += line.finish() + " = 0\n"
            } else if l == u {
                out += line.finish() + " = \(formatNumber(l))\n"
            } else if l.isFinite {
                out += line.finish() + " >= \(formatNumber(l))\n"
            } else {
                out += line.finish() + " <= \(formatNumber(u))\n"
            }
        }

        // Bounds.
        out += "\nBounds\n"
        for v in model.variables {
            let l = model.lowerBound(of: v)
            let u = model.upperBound(of: v)
            if model.kind(of: v) == .binary, l == 0, u == 1 { continue }
            out += Self.boundLine(names.columns[v.index], l, u)
        }
        for c in model.constraints {
            if let slack = slackNames[c.index] {
                out += Self.boundLine(slack, model.lowerBound(of: c), model.upperBound(of: c))
            }
        }
        if let constantColumn { out += " \(constantColumn) = 1\n" }

        // Integrality. A binary with fixed bounds is written as a bounded general integer.
        let generals = model.variables.filter {
            model.kind(of: $0) == .integer
                || (model.kind(of: $0) == .binary
                    && !(model.lowerBound(of: $0) == 0 && model.upperBound(of: $0) == 1))
        }
        let binaries = model.variables.filter {
            model.kind(of: $0) == .binary && model.lowerBound(of: $0) == 0
                && model.upperBound(of: $0) == 1
        }
        if !generals.isEmpty {
            out += "\nGeneral\n"
            for v in generals { out += " \(names.columns[v.index])\n" }
        }
        if !binaries.isEmpty {
            out += "\nBinary\n"
            for v in binaries { out += " \(names.columns[v.index])\n" }
        }
        out += "\nEnd\n"
        return out
    }

    private static func boundLine(_ name: String, _ l: Double, _ u: Double) -> String {
        switch (l.isFinite, u.isFinite) {
        case (false, false): return " \(name) free\n"
        case (true, false): return l == 0 ? "" : " \(name) >= \(formatNumber(l))\n"
        case (false, true): return " -inf <= \(name) <= \(formatNumber(u))\n"
        case (true, true):
            return l == u
                ? " \(name) = \(formatNumber(l))\n"
                : " \(formatNumber(l)) <= \(name) <= \(formatNumber(u))\n"
        }
    }
}

/// Accumulates `+ a x` terms, wrapping long lines (continuation lines start with a blank).
struct LineBuilder {
    private var line: String
    private(set) var isEmpty = true
    private static let width = 200

    init(start: String) { line = start }

    mutating func add(term coefficient: Double, _ name: String, into out: inout String) {
        let piece =
            coefficient < 0
            ? " - \(formatNumber(-coefficient)) \(name)" : " + \(formatNumber(coefficient)) \(name)"
        if line.utf8.count + piece.utf8.count > Self.width, !isEmpty {
            out += line + "\n"
            line = ""
        }
        line += piece
        isEmpty = false
    }

    func finish() -> String { line }
}
