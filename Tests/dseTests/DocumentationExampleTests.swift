import Foundation
import TestSupport
import Testing

/// The worked examples of the DocC articles (`Sources/DSEKit/DSEKit.docc`), run: a `sh` block
/// holding one `dse solve …` line followed by a `text` block is the command and what it prints.
/// A `yaml` block headed `# problems/….yaml` must equal that bundled file; one headed
/// `# NAME.yaml` is written where the command runs. In an expected output, `Time:` lines are
/// compared up to the label (times differ), a line `…` stands for any lines, and a line ending
/// in `…` for any line that starts so.
@Suite struct DocumentationExampleTests {
    static let catalog = packageRoot.appendingPathComponent("Sources/DSEKit/DSEKit.docc")

    struct Block {
        var language: String
        var lines: [String]
    }

    static func blocks(_ text: String) -> [Block] {
        var blocks: [Block] = []
        var current: Block?
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("```") {
                if let block = current {
                    blocks.append(block)
                    current = nil
                } else {
                    current = Block(language: String(line.dropFirst(3)), lines: [])
                }
            } else if current != nil {
                current?.lines.append(line)
            }
        }
        return blocks
    }

    static let articles: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: catalog.path)) ?? []
        return files.filter { $0.hasSuffix(".md") }.sorted()
    }()

    /// Whether `output` is what `expected` shows (see the type's comment).
    static func matches(_ expected: [String], _ output: [String]) -> Bool {
        guard let first = expected.first else { return output.isEmpty }
        let rest = Array(expected.dropFirst())
        if first == "…" {
            return (0...output.count).contains { matches(rest, Array(output.dropFirst($0))) }
        }
        guard let line = output.first else { return false }
        let fits: Bool
        if first.hasPrefix("Time:") {
            fits = line.hasPrefix("Time:")
        } else if first.hasSuffix("…") {
            fits = line.hasPrefix(String(first.dropLast()))
        } else {
            fits = line == first
        }
        return fits && matches(rest, Array(output.dropFirst()))
    }

    @Test(
        "Every family article has a worked example",
        arguments: [
            "MelangeFamily.md", "MixedPrecisionFamily.md", "CosmaFamily.md", "NasaicFamily.md",
            "MemoryControllerFamily.md", "SearchFamily.md", "ModelFiles.md",
        ])
    func familyArticleHasAnExample(article: String) throws {
        let text = try String(
            contentsOf: Self.catalog.appendingPathComponent(article), encoding: .utf8)
        let blocks = Self.blocks(text)
        let examples = zip(blocks, blocks.dropFirst()).filter {
            $0.language == "sh" && $1.language == "text"
        }
        #expect(examples.count == 1, "\(article): \(examples.count) worked examples")
        #expect(
            text.contains("## Problem file") || article == "ModelFiles.md",
            "\(article) shows no schema")
    }

    @Test("The articles' examples print what they show", arguments: articles)
    func examplesRunAsShown(article: String) throws {
        let text = try String(
            contentsOf: Self.catalog.appendingPathComponent(article), encoding: .utf8)
        let blocks = Self.blocks(text)
        let directory = try makeTemporaryDirectory("docc-example")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createSymbolicLink(
            at: directory.appendingPathComponent("problems"),
            withDestinationURL: packageRoot.appendingPathComponent("problems"))
        for block in blocks where block.language == "yaml" {
            guard let header = block.lines.first, header.hasPrefix("# "), header.hasSuffix(".yaml")
            else { continue }
            let name = String(header.dropFirst(2))
            let body = block.lines.dropFirst().joined(separator: "\n") + "\n"
            if name.hasPrefix("problems/") {
                let bundled = try String(
                    contentsOf: packageRoot.appendingPathComponent(name), encoding: .utf8)
                #expect(
                    body == bundled,
                    "\(article): the block headed \(name) differs from the file")
            } else {
                try writeFile(body, named: name, in: directory)
            }
        }
        for (command, shown) in zip(blocks, blocks.dropFirst())
        where command.language == "sh" && shown.language == "text" {
            let line = try #require(command.lines.first, "\(article): an empty sh block")
            #expect(
                command.lines.count == 1 && line.hasPrefix("dse solve "),
                "\(article): \(command.lines)")
            let arguments = line.split(separator: " ").dropFirst().map(String.init)
            let run = try CLITests.dse(arguments: arguments, in: directory)
            #expect(run.status == 0, "\(article): \(line) → exit \(run.status): \(run.stderr)")
            var expected = shown.lines
            while expected.last?.isEmpty == true { expected.removeLast() }
            var printed = run.stdout.components(separatedBy: "\n")
            while printed.last?.isEmpty == true { printed.removeLast() }
            #expect(Self.matches(expected, printed), "\(article): \(line) printed:\n\(run.stdout)")
        }
    }

    @Test func theMatcherHonoursItsRules() {
        #expect(
            Self.matches(
                ["a", "Time: 1 s", "b…", "…", "z"], ["a", "Time: 2 s", "bcd", "x", "y", "z"]))
        #expect(Self.matches(["a", "…"], ["a"]))
        #expect(!Self.matches(["a", "b"], ["a", "c"]))
        #expect(!Self.matches(["a"], ["a", "b"]))
    }
}
