import CostModels
import Foundation
import Yams

/// A node of a problem file with its field path and line, and typed accessors that fail with a
/// ``ProblemFileError`` naming exactly that field.
///
/// Families read their specs through this, so every family reports mistakes the same way:
/// unknown keys are errors (a typo must not be silently ignored), wrong types and non-finite
/// numbers name the field and the line.
public struct SpecNode: @unchecked Sendable {
    let node: Node
    /// The problem file (for messages and for resolving relative paths).
    public let file: String
    /// The field path from the root.
    public let path: String
    /// Which files the document may make DSEKit read or write.
    public let access: FileAccess

    init(node: Node, file: String, path: String, access: FileAccess) {
        self.node = node
        self.file = file
        self.path = path
        self.access = access
    }

    /// This node's text as the path of a file to read: resolved against the problem file's
    /// folder and checked against ``access`` (symbolic links followed first).
    /// `what` names the file in messages ("trace file").
    public func inputPath(what: String = "file") throws(ProblemFileError) -> String {
        let reference = try string()
        do throws(FileAccess.Refusal) {
            return try access.resolve(reference, from: file, what: what)
        } catch { throw self.error(error.message) }
    }

    /// This node's text as the path of a file to write, resolved and checked like `inputPath()`.
    public func outputPath() throws(ProblemFileError) -> String {
        let reference = try string()
        do throws(FileAccess.Refusal) {
            return try access.resolve(reference, from: file, forWriting: true)
        } catch { throw self.error(error.message) }
    }

    /// 1-based line of the node in the file.
    public var line: Int? { node.mark?.line }

    /// An error about this node.
    public func error(_ message: String) -> ProblemFileError {
        ProblemFileError(file: file, path: path, line: line, message: message)
    }

    /// Whether the node is a mapping.
    public var isMapping: Bool {
        if case .mapping = node { return true }
        return false
    }

    /// Whether the node is YAML's null (`~`, `null` or nothing).
    public var isNull: Bool {
        if case .scalar(let scalar) = node {
            return scalar.style == .plain
                && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        }
        return false
    }

    // MARK: Scalars

    /// The node as text; an error for a mapping or a list.
    public func string() throws(ProblemFileError) -> String {
        guard case .scalar(let scalar) = node else {
            throw error("expected a text value, found \(kind)")
        }
        return scalar.string
    }

    /// A finite number.
    public func double() throws(ProblemFileError) -> Double {
        guard case .scalar(let scalar) = node else {
            throw error("expected a number, found \(kind)")
        }
        let raw = scalar.string
        let text =
            raw.utf8.contains(UInt8(ascii: "_")) ? raw.replacingOccurrences(of: "_", with: "") : raw
        guard scalar.style == .plain || scalar.style == .any, let value = Double(text) else {
            throw error("expected a number, got '\(InputExcerpt.of(scalar.string, limit: 32))'")
        }
        guard value.isFinite else {
            throw error("must be a finite number, got \(InputExcerpt.of(scalar.string, limit: 32))")
        }
        return value
    }

    /// The node as a finite number not below zero.
    public func nonNegativeDouble() throws(ProblemFileError) -> Double {
        let value = try double()
        guard value >= 0 else {
            throw error("must not be negative, got \(JSONValue.format(value))")
        }
        return value
    }

    /// The node as a whole number.
    public func int() throws(ProblemFileError) -> Int {
        let value = try double()
        guard value.rounded() == value, abs(value) < 9e15, let whole = Int(exactly: value) else {
            throw error("expected a whole number, got \(JSONValue.format(value))")
        }
        return whole
    }

    /// A whole number in `range`; `unit` (plural) is named in the message.
    public func int(in range: ClosedRange<Int>, unit: String = "") throws(ProblemFileError) -> Int {
        let value = try int()
        guard range.contains(value) else {
            throw error("must be \(Self.describe(range, unit: unit)), got \(value)")
        }
        return value
    }

    /// A finite number in `range`; `unit` is named in the message.
    public func double(in range: ClosedRange<Double>, unit: String = "") throws(ProblemFileError)
        -> Double
    {
        let value = try double()
        guard range.contains(value) else {
            let bounds =
                """
                from \(JSONValue.format(range.lowerBound)) to \
                \(JSONValue.format(range.upperBound))\(unit.isEmpty ? "" : " " + unit)
                """
            throw error("must be \(bounds), got \(JSONValue.format(value))")
        }
        return value
    }

    /// The longest time limit a file may set: 10⁷ s (about 116 days).
    public static let maximumTimeLimitSeconds = 1e7

    /// A positive number of seconds, at most ``maximumTimeLimitSeconds`` (`time_limit_s`).
    public func timeLimitSeconds() throws(ProblemFileError) -> Double {
        let value = try double()
        guard value > 0, value <= Self.maximumTimeLimitSeconds else {
            throw error(
                """
                must be a positive number of seconds, at most \
                \(JSONValue.format(Self.maximumTimeLimitSeconds)), got \
                \(JSONValue.format(value))
                """
            )
        }
        return value
    }

    static func describe(_ range: ClosedRange<Int>, unit: String) -> String {
        let suffix = unit.isEmpty ? "" : " " + unit
        return range.upperBound == .max
            ? "at least \(range.lowerBound)\(suffix)"
            : "from \(range.lowerBound) to \(range.upperBound)\(suffix)"
    }

    /// The node as `true` or `false`.
    public func bool() throws(ProblemFileError) -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false")
        }
    }

    // MARK: Collections

    /// The node as a list of nodes, each with its index in the field path.
    public func array() throws(ProblemFileError) -> [SpecNode] {
        guard case .sequence(let sequence) = node else {
            throw error("expected a list, found \(kind)")
        }
        return sequence.enumerated().map {
            SpecNode(node: $1, file: file, path: "\(path)[\($0)]", access: access)
        }
    }

    /// A list of numbers; `what` says what the numbers are, for messages.
    public func doubles() throws(ProblemFileError) -> [Double] {
        var values: [Double] = []
        for item in try array() { values.append(try item.double()) }
        return values
    }

    /// A list of lists of numbers (a table).
    public func table() throws(ProblemFileError) -> [[Double]] {
        var rows: [[Double]] = []
        for row in try array() { rows.append(try row.doubles()) }
        return rows
    }

    /// The mapping, checked against the keys the schema knows.
    public func mapping(allowedKeys: [String]) throws(ProblemFileError) -> SpecMapping {
        guard case .mapping(let mapping) = node else {
            throw error("expected a mapping of keys to values, found \(kind)")
        }
        var entries: [(key: String, node: SpecNode)] = []
        for (keyNode, valueNode) in mapping {
            let key = keyNode.string ?? ""
            let child = SpecNode(
                node: valueNode, file: file, path: path.isEmpty ? key : "\(path).\(key)",
                access: access)
            guard allowedKeys.contains(key) else {
                let keyPath = path.isEmpty ? key : "\(path).\(key)"
                throw ProblemFileError(
                    file: file, path: keyPath, line: keyNode.mark?.line,
                    message: "unknown key '\(key)'" + Suggestion.hint(for: key, among: allowedKeys)
                        + " (allowed here: \(allowedKeys.joined(separator: ", ")))")
            }
            guard !entries.contains(where: { $0.key == key }) else {
                throw ProblemFileError(
                    file: file, path: child.path, line: keyNode.mark?.line, message: "appears twice"
                )
            }
            entries.append((key, child))
        }
        return SpecMapping(entries: entries, owner: self)
    }

    /// The keys of a mapping in file order (for formats whose keys are names, like `gpu_info`).
    public func namedEntries() throws(ProblemFileError) -> [(
        name: String, node: SpecNode, line: Int?
    )] {
        guard case .mapping(let mapping) = node else {
            throw error("expected a mapping of names to values, found \(kind)")
        }
        return mapping.map { key, value in
            let name = key.string ?? ""
            return (
                name,
                SpecNode(
                    node: value, file: file, path: path.isEmpty ? name : "\(path).\(name)",
                    access: access), key.mark?.line
            )
        }
    }

    var kind: String {
        switch node {
        case .scalar(let scalar): return "'\(scalar.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }
}

/// The checked keys of a mapping node.
public struct SpecMapping {
    let entries: [(key: String, node: SpecNode)]
    let owner: SpecNode

    /// The value of a key the schema requires.
    public func required(_ key: String) throws(ProblemFileError) -> SpecNode {
        guard let node = optional(key) else {
            throw ProblemFileError(
                file: owner.file, path: owner.path.isEmpty ? key : "\(owner.path).\(key)",
                line: owner.line, message: "required key missing")
        }
        return node
    }

    /// The value of an optional key (`nil` when absent or null).
    public func optional(_ key: String) -> SpecNode? {
        entries.first { $0.key == key }.map(\.node).flatMap { $0.isNull ? nil : $0 }
    }

    /// Whether the mapping has this key.
    public func contains(_ key: String) -> Bool { entries.contains { $0.key == key } }
}

extension SpecNode {
    /// The underlying YAML node (for tools that rewrite documents, like sweeps).
    public var yamlNode: Node? { node }
}
