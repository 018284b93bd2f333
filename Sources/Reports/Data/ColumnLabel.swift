/// An axis label made from a column name: words from the snake-case name, the unit from its
/// suffix (`latency_ms` → "latency (ms)", `cost_per_hour` → "cost ($/h)").
public struct ColumnLabel: Sendable, Equatable {
    /// The column's words (`latency`).
    public var words: String
    /// Its unit (`ms`), when the name carries one.
    public var unit: String?

    /// Suffixes DSEKit's result columns use.
    static let suffixUnits: [(suffix: String, unit: String)] = [
        ("cost_per_hour", "$/h"), ("_per_hour", "/h"),
        ("_bytes", "bytes"), ("_mb", "MB"), ("_mib", "MiB"), ("_gbops", "GBOPs"),
        ("_rps", "req/s"), ("_gbps", "GB/s"),
        ("_seconds", "s"), ("_ms", "ms"), ("_us", "µs"), ("_ns", "ns"), ("_s", "s"),
        ("_uj", "µJ"), ("_nj", "nJ"), ("_w", "W"), ("_cycles", "cycles"), ("_mm2", "mm²"),
    ]

    /// The label of a column name: `latency_ms` → "latency (ms)", `cost_per_hour` → "cost ($/h)".
    public init(column: String) {
        let lower = column.lowercased()
        for entry in Self.suffixUnits where lower.hasSuffix(entry.suffix) {
            // "…cost_per_hour" keeps the word "cost"; every other suffix is only the unit.
            let dropped = entry.suffix == "cost_per_hour" ? "_per_hour".count : entry.suffix.count
            let stem = String(column.dropLast(dropped))
            words = Self.words(stem.isEmpty ? column : stem)
            unit = entry.unit
            return
        }
        words = Self.words(column)
        unit = nil
    }

    /// A label of these words and unit.
    public init(words: String, unit: String?) {
        self.words = words
        self.unit = unit
    }

    static func words(_ name: String) -> String {
        name.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "[0].", with: " ")
            .replacingOccurrences(of: ".", with: " ")
    }

    /// "words (unit)".
    public var text: String { unit.map { "\(words) (\($0))" } ?? words }
}
