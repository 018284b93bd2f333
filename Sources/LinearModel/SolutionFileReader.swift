/// Reads a point for a ``Model`` back from another solver's solution file, so that it can be
/// checked (``SolutionCheck``) and reported as if DSEKit had found it.
///
/// Formats, told apart by their first lines:
/// - CBC (`cbc model.lp -solve -solu FILE`): `Optimal - objective value 6.7`, then
///   `index name value reduced-cost` per non-zero column;
/// - HiGHS (`highs --solution_file FILE`, `Highs.writeSolution`): `Model status` … `# Columns N`,
///   then `name value` lines up to `# Rows`;
/// - Gurobi `.sol` and the plain form: `name value` per line, `#` comments.
///
/// Columns are matched by the names the model has in the file that was solved: the model's own
/// names, the CPLEX LP writer's or the free MPS writer's (``CPLEXLPWriter/columnNames(_:)``).
/// Columns the file leaves out are zero (CBC and Gurobi list non-zeros only).
public struct SolutionFileReader: Sendable {
    /// What the file said about the point, beyond its values.
    public enum Claim: String, Sendable {
        case optimal
        case feasible
        case infeasible
        case unknown
    }

    /// A point read from a solution file.
    public struct Point: Sendable {
        /// One value per variable of the model, in its order (0 for a variable the file omits).
        public var values: [Double]
        /// What the file says of the point (optimal, feasible, infeasible, unknown).
        public var claim: Claim
        /// The objective the file states, if it states one.
        public var statedObjective: Double?
        /// The format recognised: `cbc`, `highs` or `name-value`.
        public var format: String
    }

    /// A mistake in the file, with the line it is on.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// The 1-based line at fault, when one is.
        public var line: Int?
        /// What is wrong, in a sentence.
        public var message: String
        /// `line N: message`, or the message.
        public var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    /// A reader; it holds no state.
    public init() {}

    /// Reads `text` (any supported format, told apart by its shape) as a point of `model`,
    /// matching names as ``CPLEXLPWriter`` and ``MPSWriter`` write them.
    public func read(_ text: String, for model: Model) throws(Failure) -> Point {
        var index: [String: Int] = [:]
        for names in [CPLEXLPWriter().columnNames(model), MPSWriter().columnNames(model)] {
            for (j, name) in names.enumerated() where index[name] == nil { index[name] = j }
        }
        for v in model.variables { if let name = model.name(of: v) { index[name] = v.index } }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let first = lines.firstIndex(where: { !$0.isEmpty }) else {
            throw Failure(line: nil, message: "the file is empty")
        }
        var values = [Double](repeating: 0, count: model.variableCount)
        var seen = Set<Int>()
        var claim = Claim.unknown
        var stated: Double?
        var format = "name-value"

        func assign(_ name: Substring, _ valueText: Substring, line: Int) throws(Failure) {
            guard let j = index[String(name)] else {
                // Columns the writer added (objective constant, slacks of ranged rows) are not the
                // model's.
                if name.hasPrefix("obj_constant") || name.hasPrefix("OBJ_CONSTANT")
                    || name.hasPrefix("~") || name.hasPrefix("RANGE_SLACK")
                {
                    return
                }
                throw Failure(line: line, message: "no column '\(name.prefix(80))' in the model")
            }
            guard let value = Double(valueText), value.isFinite else {
                throw Failure(
                    line: line, message: "'\(valueText.prefix(40))' is not a finite number")
            }
            guard seen.insert(j).inserted else {
                throw Failure(line: line, message: "column '\(name.prefix(80))' appears twice")
            }
            values[j] = value
        }

        let head = lines[first].lowercased()
        if head == "model status" {
            format = "highs"
            if first + 1 < lines.count { claim = Self.claim(lines[first + 1]) }
            guard let columns = lines.firstIndex(where: { $0.hasPrefix("# Columns") }) else {
                throw Failure(
                    line: nil, message: "a HiGHS solution file without a '# Columns' section")
            }
            if let objective = lines.first(where: { $0.hasPrefix("Objective") }) {
                stated = Double(objective.split(separator: " ").last ?? "")
            }
            var k = columns + 1
            while k < lines.count, !lines[k].hasPrefix("#") {
                let fields = lines[k].split(separator: " ", omittingEmptySubsequences: true)
                if fields.count >= 2 { try assign(fields[0], fields[1], line: k + 1) }
                k += 1
            }
        } else if let dash = lines[first].range(of: " - objective value ") {
            format = "cbc"
            claim = Self.claim(String(lines[first][..<dash.lowerBound]))
            stated = Double(lines[first][dash.upperBound...].trimmingCharacters(in: .whitespaces))
            for k in (first + 1)..<lines.count where !lines[k].isEmpty {
                var fields = lines[k].split(separator: " ", omittingEmptySubsequences: true)
                // CBC marks infeasible rows/columns
                if fields.first == "**" { fields.removeFirst() }
                guard fields.count >= 3, Int(fields[0]) != nil else {
                    throw Failure(line: k + 1, message: "expected 'index name value reduced-cost'")
                }
                try assign(fields[1], fields[2], line: k + 1)
            }
        } else if head.hasPrefix("infeasible") {
            claim = .infeasible
            format = "cbc"
        } else {
            for k in first..<lines.count where !lines[k].isEmpty {
                if lines[k].hasPrefix("#") {
                    if let equals = lines[k].range(of: "Objective value =") {
                        stated = Double(
                            lines[k][equals.upperBound...].trimmingCharacters(in: .whitespaces))
                    }
                    continue
                }
                let fields = lines[k].split(whereSeparator: {
                    $0 == " " || $0 == "\t" || $0 == "=" || $0 == ","
                })
                guard fields.count == 2 else {
                    throw Failure(line: k + 1, message: "expected 'name value'")
                }
                try assign(fields[0], fields[1], line: k + 1)
            }
        }
        if claim == .infeasible {
            return Point(values: [], claim: .infeasible, statedObjective: nil, format: format)
        }
        guard !seen.isEmpty || model.variableCount == 0 || stated != nil else {
            throw Failure(line: nil, message: "no column values found")
        }
        return Point(values: values, claim: claim, statedObjective: stated, format: format)
    }

    static func claim(_ text: String) -> Claim {
        let lower = text.lowercased()
        if lower.hasPrefix("optimal") { return .optimal }
        if lower.contains("infeasible") { return .infeasible }
        if lower.isEmpty { return .unknown }
        return .feasible
    }
}
