import Foundation
import Yams

/// Reads a problem file (YAML; JSON is accepted, being YAML) and builds its family's problem.
///
/// The first key names the family (`family: melange`). The Mélange authors' own JSON config
/// (`gpu_info`, `workload_distribution`, …) has no such key and is recognised by its keys.
public enum ProblemFile {
    /// The parsed document's root node.
    public static func root(of path: String) throws(ProblemFileError) -> SpecNode {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ProblemFileError(file: path, path: "", line: nil, message: exists ? "cannot read the file (not UTF-8 text?)" : "no such file")
        }
        return try root(text: text, file: path)
    }

    /// The root of a document given as text; `file` names it in messages and anchors relative
    /// paths inside it.
    public static func root(text: String, file path: String) throws(ProblemFileError) -> SpecNode {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.describe(error, file: path)
        } catch {
            throw ProblemFileError(file: path, path: "", line: nil, message: "not valid YAML or JSON: \(error)")
        }
        guard let node else { throw ProblemFileError(file: path, path: "", line: nil, message: "the file is empty") }
        return SpecNode(node: node, file: path, path: "")
    }

    /// The family a document belongs to.
    public static func familyName(of root: SpecNode) throws(ProblemFileError) -> String {
        let entries = try root.namedEntries()
        if let first = entries.first, first.name == "family" { return try first.node.string() }
        if entries.contains(where: { $0.name == "family" }) {
            throw ProblemFileError(file: root.file, path: "family", line: entries.first { $0.name == "family" }?.line,
                                   message: "must be the first key of the file")
        }
        if MelangeAuthorsConfig.recognises(entries.map(\.name)) { return MelangeProblem.name }
        throw ProblemFileError(file: root.file, path: "", line: root.line,
                               message: "the first key must be 'family:' (one of: \(FamilyRegistry.families.map { $0.name }.joined(separator: ", ")))")
    }

    /// Reads, identifies and validates a problem file.
    public static func load(_ path: String) throws(ProblemFileError) -> any ProblemFamily {
        try load(root: try root(of: path))
    }

    /// Identifies and validates a parsed document.
    public static func load(root: SpecNode) throws(ProblemFileError) -> any ProblemFamily {
        let path = root.file
        let name = try familyName(of: root)
        guard let family = FamilyRegistry.family(named: name) else {
            throw ProblemFileError(file: path, path: "family", line: root.line,
                                   message: "unknown family '\(name)' (known: \(FamilyRegistry.families.map { $0.name }.joined(separator: ", ")))")
        }
        return try family.init(spec: root)
    }

    private static func describe(_ error: YamlError, file: String) -> ProblemFileError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ProblemFileError(file: file, path: "", line: mark.line, message: "not valid YAML or JSON: \(problem)")
        default:
            return ProblemFileError(file: file, path: "", line: nil, message: "not valid YAML or JSON: \(error)")
        }
    }
}
