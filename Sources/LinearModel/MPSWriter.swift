/// Writes a ``Model`` in free MPS format, as GLPK's `glp_read_mps(GLP_MPS_FILE)` reads it.
///
/// MPS has no objective sense (GLPK 5.0 rejects an `OBJSENSE` section), so a maximization is
/// either written as the minimization of the negated objective, said in the file's header
/// comment, or refused — chosen by ``maximization``. It never silently means something else.
/// The objective constant becomes a column `OBJ_CONSTANT` fixed at 1 (the sign convention for
/// an objective RHS differs between solvers; a fixed column means the same to all). Ranged rows
/// use the RANGES section. Integer columns sit between `MARKER` lines and always carry explicit
/// bounds (some readers default them to [0, 1]).
public struct MPSWriter: Sendable {
    /// What to do with a maximization.
    public enum Maximization: Sendable {
        /// Write `minimize −f` and say so in the header.
        case negateObjective
        /// Throw ``MPSWriter/Error/maximizationNotRepresentable``.
        case refuse
    }

    /// Why a model cannot be written as MPS.
    public enum Error: Swift.Error, CustomStringConvertible, Equatable {
        case maximizationNotRepresentable

        /// The reason, naming the model.
        public var description: String {
            """
            MPS has no objective sense: this maximization cannot be written without negating \
            its objective (allow negation, or write CPLEX LP)
            """
        }
    }

    /// What to do with a maximization, which MPS cannot state.
    public var maximization: Maximization

    /// A writer that handles a maximization as `maximization` says.
    public init(maximization: Maximization = .negateObjective) {
        self.maximization = maximization
    }

    /// The name each model column has in the written file, by variable index.
    public func columnNames(_ model: Model) -> [String] {
        FileNames(
            model: model, objective: model.objectiveSense == .maximize ? "NEG_OBJ" : "OBJ",
            sanitize: FileNames.freeMPS
        ).columns
    }

    /// The file's text.
    public func write(_ model: Model) throws(Error) -> String {
        let negate = model.objectiveSense == .maximize
        if negate, maximization == .refuse { throw .maximizationNotRepresentable }
        let sign = negate ? -1.0 : 1.0
        var names = FileNames(
            model: model, objective: negate ? "NEG_OBJ" : "OBJ", sanitize: FileNames.freeMPS)
        let constantColumn = model.objectiveConstant != 0 ? names.extraColumn("OBJ_CONSTANT") : nil

        // Column-wise view of the matrix (a counting-sort transpose keeps row order per column).
        let (rowStarts, entryColumns, entryValues) = model.compressedRows
        var columnStarts = [Int](repeating: 0, count: model.variableCount + 1)
        for column in entryColumns { columnStarts[Int(column) + 1] += 1 }
        for j in 0..<model.variableCount { columnStarts[j + 1] += columnStarts[j] }
        var fill = columnStarts
        var columnRows = [Int](repeating: 0, count: entryValues.count)
        var columnValues = [Double](repeating: 0, count: entryValues.count)
        for row in 0..<model.constraintCount {
            for k in rowStarts[row]..<rowStarts[row + 1] {
                let column = Int(entryColumns[k])
                columnRows[fill[column]] = row
                columnValues[fill[column]] = entryValues[k]
                fill[column] += 1
            }
        }

        var out = ""
        out.reserveCapacity(128 + model.nonzeroCount * 24)
        out +=
            "* Problem: \(model.name.isEmpty ? "unnamed" : model.name.filter { !$0.isNewline })\n"
        out +=
            """
            * Written by DSEKit: \(model.variableCount) variables, \(model.constraintCount) \
            constraints, \(model.nonzeroCount) non-zeros\n
            """
        if negate {
            out +=
                "* MAXIMIZATION: the model maximizes f; MPS has no objective sense, so this file\n"
            out +=
                """
                * minimizes -f (row \(names.objective)). The model's optimum is MINUS this \
                file's optimum.\n
                """
        }
        if let constantColumn {
            out += "* \(constantColumn) is fixed at 1 and carries the objective constant\n"
        }
        out += "NAME \(FileNames.freeMPS(model.name.isEmpty ? "DSEKIT" : model.name))\n"
        out += "ROWS\n N \(names.objective)\n"
        for c in model.constraints {
            let l = model.lowerBound(of: c)
            let u = model.upperBound(of: c)
            let type = l == u ? "E" : (l.isFinite ? "G" : "L")
            out += " \(type) \(names.rows[c.index])\n"
        }

        out += "COLUMNS\n"
        var inIntegerBlock = false
        var marker = 0
        for v in model.variables {
            let integral = model.kind(of: v).isIntegral
            if integral != inIntegerBlock {
                marker += 1
                out += " M\(marker) 'MARKER' '\(integral ? "INTORG" : "INTEND")'\n"
                inIntegerBlock = integral
            }
            let name = names.columns[v.index]
            let objective = model.objectiveCoefficients[v.index]
            let span = columnStarts[v.index]..<columnStarts[v.index + 1]
            if objective != 0 || span.isEmpty {
                out += " \(name) \(names.objective) \(formatNumber(sign * objective))\n"
            }
            for k in span {
                out += " \(name) \(names.rows[columnRows[k]]) \(formatNumber(columnValues[k]))\n"
            }
        }
        if inIntegerBlock {
            marker += 1
            out += " M\(marker) 'MARKER' 'INTEND'\n"
        }
        if let constantColumn {
            out +=
                """
                 \(constantColumn) \(names.objective) \
                \(formatNumber(sign * model.objectiveConstant))\n
                """
        }

        out += "RHS\n"
        for c in model.constraints {
            let l = model.lowerBound(of: c)
            let u = model.upperBound(of: c)
            let rhs = l.isFinite ? l : u
            if rhs != 0 { out += " RHS \(names.rows[c.index]) \(formatNumber(rhs))\n" }
        }
        let ranged = model.constraints.filter {
            let l = model.lowerBound(of: $0)
            let u = model.upperBound(of: $0)
            return l.isFinite && u.isFinite && l != u
        }
        if !ranged.isEmpty {
            out += "RANGES\n"
            for c in ranged {
                out +=
                    """
                     RNG \(names.rows[c.index]) \
                    \(formatNumber(model.upperBound(of: c) - model.lowerBound(of: c)))\n
                    """
            }
        }

        out += "BOUNDS\n"
        for v in model.variables {
            let name = names.columns[v.index]
            let l = model.lowerBound(of: v)
            let u = model.upperBound(of: v)
            let kind = model.kind(of: v)
            if kind == .binary, l == 0, u == 1 {
                out += " BV BND \(name)\n"
                continue
            }
            switch (l.isFinite, u.isFinite) {
            case (false, false):
                out += " FR BND \(name)\n"
            case (true, true) where l == u:
                out += " FX BND \(name) \(formatNumber(l))\n"
            default:
                if !l.isFinite {
                    out += " MI BND \(name)\n"
                } else if l != 0 || kind.isIntegral {
                    out += " LO BND \(name) \(formatNumber(l))\n"
                }
                if u.isFinite {
                    out += " UP BND \(name) \(formatNumber(u))\n"
                } else if kind.isIntegral {
                    out += " PL BND \(name)\n"
                }
            }
        }
        if let constantColumn { out += " FX BND \(constantColumn) 1\n" }
        out += "ENDATA\n"
        return out
    }
}
