import CostModels
import Foundation
import Yams

/// Reads a problem file (YAML; JSON is accepted, being YAML) and builds its family's problem.
///
/// The first key names the family (`family: melange`). The Mélange authors' own JSON config
/// (`gpu_info`, `workload_distribution`, …) has no such key and is recognised by its keys.
public enum ProblemFile {
    /// The parsed document's root node; `access` says which files it may make DSEKit use.
    public static func root(of path: String, access: FileAccess = .confined)
        throws(ProblemFileError) -> SpecNode
    {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ProblemFileError(
                file: path, path: "", line: nil,
                message: exists ? "cannot read the file (not UTF-8 text?)" : "no such file")
        }
        return try root(text: text, file: path, access: access)
    }

    /// The root of a document given as text; `file` names it in messages and anchors relative
    /// paths inside it.
    public static func root(text: String, file path: String, access: FileAccess = .confined)
        throws(ProblemFileError) -> SpecNode
    {
        // YAML aliases share one node, so `&a [*b, *b, …]` chains expand exponentially (an "alias
        // bomb"); Yams hashes mapping keys whole, so an alias used as a key would blow up inside
        // the parser. Only files with anchors can have aliases.
        let hasAnchors = text.utf8.contains(UInt8(ascii: "&"))
        if hasAnchors, let line = aliasKeyLine(text) {
            throw ProblemFileError(
                file: path, path: "", line: line,
                message:
                    "an alias (*name) or a complex key (?) used as a mapping key is not supported")
        }
        let node: Node?
        do {
            // SpecNode reads every scalar as text, so no tag is ever resolved but the one Yams
            // asks for when it hashes mapping keys to find duplicates; the default resolver runs
            // up to seven regular expressions per key there (a third of `validate` on large
            // files). Two keys with the same text resolve to the same tag under any resolver, so
            // `.basic` (every plain scalar a string) finds exactly the same duplicates.
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw Self.describe(error, file: path, text: text)
        } catch {
            throw ProblemFileError(
                file: path, path: "", line: nil,
                message: "not valid YAML or JSON: \(InputExcerpt.of("\(error)", limit: 120))")
        }
        guard let node else {
            throw ProblemFileError(file: path, path: "", line: nil, message: "the file is empty")
        }
        if hasAnchors {
            var budget = maximumExpandedNodes(forBytes: text.utf8.count)
            guard fits(node, budget: &budget) else {
                throw ProblemFileError(
                    file: path, path: "", line: nil,
                    message:
                        """
                        its aliases (*name) expand to more than \
                        \(maximumExpandedNodes(forBytes: text.utf8.count)) nodes (an alias \
                        bomb?)
                        """
                )
            }
        }
        return SpecNode(node: node, file: path, path: "", access: access)
    }

    /// How many nodes a document of `bytes` may expand to through aliases: ten per byte, and a
    /// million at least — far above any real use of anchors, far below a hang.
    static func maximumExpandedNodes(forBytes bytes: Int) -> Int { max(1_000_000, 10 * bytes) }

    /// Whether `node`, with every alias expanded, has at most `budget` nodes (stops counting
    /// as soon as it has more).
    static func fits(_ node: Node, budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias: return true
        case .sequence(let sequence):
            for child in sequence where !fits(child, budget: &budget) { return false }
            return true
        case .mapping(let mapping):
            for (key, value) in mapping
            where !fits(key, budget: &budget) || !fits(value, budget: &budget) { return false }
            return true
        }
    }

    /// The first line that uses an alias as a mapping key (`*a: 1`, `{*a: 1}`) or starts a
    /// complex key (`? `), if any.
    static func aliasKeyLine(_ text: String) -> Int? {
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("? ") || trimmed == "?" { return number }
            guard line.contains("*") else { continue }
            let characters = Array(line)
            for (k, c) in characters.enumerated()
            where c == "*" && (k == 0 || " \t[{,".contains(characters[k - 1])) {
                var end = k + 1
                while end < characters.count, !" \t[]{},:".contains(characters[end]) { end += 1 }
                while end < characters.count, characters[end] == " " || characters[end] == "\t" {
                    end += 1
                }
                if end > k + 1, end < characters.count, characters[end] == ":",
                    end + 1 == characters.count || " \t".contains(characters[end + 1])
                {
                    return number
                }
            }
        }
        return nil
    }

    /// The largest file a problem file may make DSEKit read (traces, tables, graphs).
    public static let maximumReferencedFileBytes = 256 << 20

    /// The text of a file a problem file refers to (already resolved with
    /// `SpecNode.inputPath()`): UTF-8, at most ``maximumReferencedFileBytes``; errors name
    /// `node`, not the file's content.
    public static func text(of path: String, for node: SpecNode) throws(ProblemFileError) -> String
    {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw node.error("cannot read '\(InputExcerpt.of(path))'")
        }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: maximumReferencedFileBytes + 1) ?? Data()
        else {
            throw node.error("cannot read '\(InputExcerpt.of(path))'")
        }
        guard data.count <= maximumReferencedFileBytes else {
            throw node.error(
                "'\(InputExcerpt.of(path))' is larger than \(maximumReferencedFileBytes >> 20) MiB")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw node.error("'\(InputExcerpt.of(path))' is not UTF-8 text")
        }
        return text
    }

    /// The family a document belongs to.
    public static func familyName(of root: SpecNode) throws(ProblemFileError) -> String {
        let entries = try root.namedEntries()
        if let first = entries.first, first.name == "family" { return try first.node.string() }
        if entries.contains(where: { $0.name == "family" }) {
            throw ProblemFileError(
                file: root.file, path: "family", line: entries.first { $0.name == "family" }?.line,
                message: "must be the first key of the file")
        }
        if MelangeAuthorsConfig.recognises(entries.map(\.name)) { return MelangeProblem.name }
        let sweepKeys: Set = ["grid", "zip", "samples", "seeds"]
        if entries.contains(where: { $0.name == "base" }),
            entries.contains(where: { sweepKeys.contains($0.name) })
        {
            throw ProblemFileError(
                file: root.file, path: "", line: root.line,
                message:
                    """
                    this is a sweep file (base: and the values to vary), not a problem file: \
                    run it with `dse batch \(root.file)`
                    """
            )
        }
        throw ProblemFileError(
            file: root.file, path: "", line: root.line,
            message:
                """
                the first key must be 'family:' (one of: \
                \(FamilyRegistry.families.map { $0.name }.joined(separator: ", ")))
                """
        )
    }

    /// Reads, identifies and validates a problem file.
    public static func load(_ path: String, access: FileAccess = .confined) throws(ProblemFileError)
        -> any ProblemFamily
    {
        try load(root: try root(of: path, access: access))
    }

    /// Identifies and validates a parsed document.
    public static func load(root: SpecNode) throws(ProblemFileError) -> any ProblemFamily {
        let path = root.file
        let name = try familyName(of: root)
        guard let family = FamilyRegistry.family(named: name) else {
            let names = FamilyRegistry.families.map { $0.name }
            let line = (try? root.namedEntries())?.first { $0.name == "family" }?.line ?? root.line
            throw ProblemFileError(
                file: path, path: "family", line: line,
                message:
                    """
                    unknown family '\(name)'\(Suggestion.hint(for: name, among: names)) \
                    (known: \(names.joined(separator: ", ")))
                    """
            )
        }
        return try family.init(spec: root)
    }

    /// One line naming the line of the fault; never the document's text.
    private static func describe(_ error: YamlError, file: String, text: String) -> ProblemFileError
    {
        func fail(_ line: Int?, _ message: String) -> ProblemFileError {
            ProblemFileError(
                file: file, path: "", line: line,
                message: "not valid YAML or JSON: \(InputExcerpt.of(message, limit: 120))")
        }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return fail(mark.line, problem)
        case .reader(let problem, let offset, let value, _):
            // libyaml's reader counts bytes; name the line that byte is on.
            let line = offset.map { offset in
                1 + text.utf8.prefix(max(offset, 0)).count { $0 == UInt8(ascii: "\n") }
            }
            let what = value >= 0 ? String(format: " (byte 0x%02X)", value) : ""
            return fail(line, problem + what)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys =
                duplicates.prefix(5).map { "'\(InputExcerpt.of($0, limit: 40))'" }.joined(
                    separator: ", ") + (duplicates.count > 5 ? ", …" : "")
            return ProblemFileError(
                file: file, path: "", line: context.mark.line,
                message: duplicates.count == 1
                    ? "the key \(keys) appears more than once in the same mapping"
                    : "the keys \(keys) appear more than once in the same mapping")
        case .memory:
            return fail(nil, "out of memory while parsing")
        default:
            return fail(nil, "\(error)")
        }
    }
}
