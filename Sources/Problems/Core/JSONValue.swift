import LinearModel
import Search

/// A JSON value whose objects keep their key order, so every result prints identically run after
/// run (Foundation's encoder does not promise an order without sorting keys alphabetically).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// Equal values; objects compare keys and values in order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: return false
        }
    }

    /// A number, or `null` when absent or not finite (JSON has no NaN or infinity).
    public static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    /// Compact JSON text.
    public var serialized: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let value): out += Self.format(value)
        case .string(let value): Self.writeString(value, into: &out)
        case .array(let values):
            out += "["
            for (i, value) in values.enumerated() {
                if i > 0 { out += "," }
                value.write(into: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out += "," }
                Self.writeString(key, into: &out)
                out += ":"
                value.write(into: &out)
            }
            out += "}"
        }
    }

    /// A number as results print it (JSON and CSV): integers without a fraction, others rounded
    /// to 15 significant digits — below any measurement's precision, above floating-point
    /// noise — and then written in the shortest form that reads back as that rounded value, so
    /// `0.1 * 7.5` prints `0.75`, not `0.7500000000000001`.
    public static func format(_ value: Double) -> String {
        value.isFinite ? formatNumber(clean(value)) : "null"
    }

    /// `value` rounded to 15 significant digits (the digits a `Double` always holds exactly).
    public static func clean(_ value: Double) -> Double {
        guard value.isFinite, value != 0 else { return value }
        return Double(String(format: "%.15g", value)) ?? value
    }

    private static func writeString(_ value: String, into out: inout String) {
        out += JSONText.quoted(value)
    }
}
