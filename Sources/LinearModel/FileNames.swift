/// Names for one written file: every variable and constraint gets a name legal in the format,
/// unique among its kind, chosen deterministically. Results are mapped back by index, so
/// renaming never changes meaning.
struct FileNames {
    var columns: [String]
    var rows: [String]
    var objective: String
    /// Extra names allocated on request (slack and constant columns).
    private var usedColumns: Set<String>
    private var usedRows: Set<String>
    private let sanitize: (String) -> String
    /// The longest name the format takes, in bytes.
    private let maximumBytes: Int

    init(
        model: Model, objective: String, sanitize: @escaping (String) -> String,
        maximumBytes: Int = NameRules.maximumBytes
    ) {
        self.sanitize = sanitize
        self.maximumBytes = maximumBytes
        usedColumns = []
        usedRows = []
        columns = Array(repeating: "", count: model.variableCount)
        rows = Array(repeating: "", count: model.constraintCount)
        self.objective = ""
        self.objective = Self.claim(sanitize(objective), in: &usedRows, maximumBytes: maximumBytes)
        // Named elements first, so user names survive when an unnamed default would clash.
        for v in model.variables {
            if let name = model.name(of: v) {
                columns[v.index] = Self.claim(
                    sanitize(name), in: &usedColumns, maximumBytes: maximumBytes)
            }
        }
        for v in model.variables where model.name(of: v) == nil {
            columns[v.index] = Self.claim(
                sanitize("x\(v.index + 1)"), in: &usedColumns, maximumBytes: maximumBytes)
        }
        for c in model.constraints {
            if let name = model.name(of: c) {
                rows[c.index] = Self.claim(
                    sanitize(name), in: &usedRows, maximumBytes: maximumBytes)
            }
        }
        for c in model.constraints where model.name(of: c) == nil {
            rows[c.index] = Self.claim(
                sanitize("c\(c.index + 1)"), in: &usedRows, maximumBytes: maximumBytes)
        }
    }

    /// Allocates an extra column name (for slack or constant columns).
    mutating func extraColumn(_ wanted: String) -> String {
        Self.claim(sanitize(wanted), in: &usedColumns, maximumBytes: maximumBytes)
    }

    private static func claim(_ candidate: String, in used: inout Set<String>, maximumBytes: Int)
        -> String
    {
        var name = candidate
        var suffix = 2
        while used.contains(name) {
            // Room for the suffix: a long name is cut (at a byte, then decoded leniently).
            let room = maximumBytes - 8
            let stem =
                candidate.utf8.count > room
                ? String(decoding: candidate.utf8.prefix(room), as: UTF8.self) : candidate
            name = "\(stem)_\(suffix)"
            suffix += 1
        }
        used.insert(name)
        return name
    }

    // MARK: Format rules

    /// CPLEX LP as every reader takes it: ASCII letters, digits and !"#$%&(),.;?@_`'{}~ (CPLEX
    /// also allows / and |, COIN-OR's reader, CBC's, does not and renames every column); not
    /// starting with a digit or a period; not a keyword; at most 96 bytes (COIN-OR's 100, less
    /// the `_low` it appends to a ranged row).
    static let cplexLPMaximumBytes = 96

    static func cplexLP(_ name: String) -> String {
        var bytes = Array(name.utf8.prefix(cplexLPMaximumBytes))
        for i in bytes.indices where !cplexLPAllowed[Int(bytes[i])] { bytes[i] = UInt8(ascii: "_") }
        if bytes.isEmpty || (bytes[0] >= UInt8(ascii: "0") && bytes[0] <= UInt8(ascii: "9"))
            || bytes[0] == UInt8(ascii: ".")
        {
            bytes.insert(UInt8(ascii: "_"), at: 0)
        }
        var result = String(decoding: bytes.prefix(cplexLPMaximumBytes), as: UTF8.self)
        if bytes.count <= 9, cplexLPKeywords.contains(result.lowercased()) { result += "_" }
        return result
    }

    /// Bytes allowed in LP names: ASCII letters, digits and !"#$%&(),.;?@_`'{}~.
    private static let cplexLPAllowed: [Bool] = (0..<256).map { byte in
        let c = UInt8(byte)
        return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
            || Array("!\"#$%&(),.;?@_`'{}~".utf8).contains(c)
    }

    private static let cplexLPKeywords: Set<String> = [
        "minimize", "minimum", "min", "maximize", "maximum", "max", "subject", "such", "st", "s.t.",
        "st.", "bounds", "bound", "general", "generals", "gen", "integer", "integers", "int",
        "binary", "binaries", "bin", "end", "free", "inf", "infinity",
    ]

    /// Free MPS: any printable characters without blanks; at most 255 characters.
    static func freeMPS(_ name: String) -> String {
        var bytes = Array(name.utf8.prefix(NameRules.maximumBytes))
        for i in bytes.indices where bytes[i] < 0x21 || bytes[i] >= 0x7F {
            bytes[i] = UInt8(ascii: "_")
        }
        if bytes.isEmpty || bytes[0] == UInt8(ascii: "*") || bytes[0] == UInt8(ascii: "$") {
            bytes.insert(UInt8(ascii: "_"), at: 0)
        }
        return String(decoding: bytes.prefix(NameRules.maximumBytes), as: UTF8.self)
    }
}

/// How numbers are written in files and results: integers without a fraction, everything else
/// in Swift's shortest round-tripping form, so a read-back gives the identical `Double`.
public func formatNumber(_ value: Double) -> String {
    if value == 0 { return "0" }
    // checked: |value| < 1e15
    if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}
