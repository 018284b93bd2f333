import Yams

/// A path to a value inside a problem document: keys joined by dots, list positions in
/// brackets — `total_request_rate_rps`, `gpus[1].price_per_hour`, `budgets[0].fraction`,
/// `gpu_info.A10G.cost` (the Mélange authors' JSON).
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    let steps: [Step]
    /// The path as written (`gpus[1].price_per_hour`).
    public let description: String

    /// Parses `a.b[2].c`; nil when malformed.
    public init?(_ text: String) {
        var steps: [Step] = []
        var key = ""
        let characters = Array(text)
        var i = 0
        func flushKey() -> Bool {
            guard !key.isEmpty else { return false }
            steps.append(.key(key))
            key = ""
            return true
        }
        while i < characters.count {
            let c = characters[i]
            if c == "." {
                guard
                    flushKey()
                        || steps.last.map({
                            if case .index = $0 { return true } else { return false }
                        }) == true
                else { return nil }
                i += 1
            } else if c == "[" {
                if !key.isEmpty { _ = flushKey() }
                guard let close = characters[i...].firstIndex(of: "]"),
                    let n = Int(String(characters[(i + 1)..<close])), n >= 0
                else { return nil }
                steps.append(.index(n))
                i = close + 1
            } else {
                key.append(c)
                i += 1
            }
        }
        if !key.isEmpty { steps.append(.key(key)) }
        guard !steps.isEmpty else { return nil }
        self.steps = steps
        self.description = text
    }

    /// The value at this path, or nil when the path does not exist.
    func value(in node: Node) -> Node? {
        var current = node
        for step in steps {
            switch (step, current) {
            case (.key(let key), .mapping(let mapping)):
                guard let next = mapping[key] else { return nil }
                current = next
            case (.index(let n), .sequence(let sequence)):
                guard n < sequence.count else { return nil }
                current = sequence[n]
            default:
                return nil
            }
        }
        return current
    }

    /// A copy of `node` with the value at this path replaced (the path must exist).
    func replacing(in node: Node, with value: Node) -> Node? {
        Self.replace(node, steps[...], value)
    }

    private static func replace(_ node: Node, _ steps: ArraySlice<Step>, _ value: Node) -> Node? {
        guard let step = steps.first else { return value }
        switch (step, node) {
        case (.key(let key), .mapping(var mapping)):
            guard let child = mapping[key], let replaced = replace(child, steps.dropFirst(), value)
            else { return nil }
            mapping[key] = replaced
            return .mapping(mapping)
        case (.index(let n), .sequence(var sequence)):
            guard n < sequence.count, let replaced = replace(sequence[n], steps.dropFirst(), value)
            else { return nil }
            sequence[n] = replaced
            return .sequence(sequence)
        default:
            return nil
        }
    }
}

extension Node {
    /// Scalar, list or mapping: what a swept value must keep.
    var shape: String {
        switch self {
        case .scalar: return "a single value"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }

    /// Compact text for CSV cells: the scalar itself, or flow style (`[1, 2]`, `{a: 1}`).
    var compactText: String {
        switch self {
        case .scalar(let scalar): return scalar.string
        case .sequence(let sequence):
            return "[" + sequence.map(\.compactText).joined(separator: ", ") + "]"
        case .mapping(let mapping):
            return "{"
                + mapping.map { "\($0.key.compactText): \($0.value.compactText)" }.joined(
                    separator: ", ") + "}"
        case .alias(let alias): return "*\(alias.anchor)"
        }
    }
}
