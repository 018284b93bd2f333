import Foundation
import Problems
import TestSupport
import Testing

/// Every path a problem file names is confined to the file's folder: absolute paths, `../` and
/// symbolic links out of it are refused with the field path, before anything is read; the
/// caller may open more folders.
@Suite struct FileAccessTests {
    /// A folder with a problem file's neighbours, and a secret outside it.
    struct Layout {
        let folder: URL
        let secret: String

        init() throws {
            let outer = try makeTemporaryDirectory()
            folder = outer.appendingPathComponent("inside")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
            secret = try writeFile(
                "architecture,accuracy\nsecret-net,0.5\n", named: "secret.json", in: outer)
            try FileManager.default.createSymbolicLink(
                atPath: folder.appendingPathComponent("link.json").path, withDestinationPath: secret
            )
        }

        func error(_ text: String, access: FileAccess = .confined) throws -> ProblemFileError {
            let path = try writeFile(text, named: "p.yaml", in: folder)
            return try #require(throws: ProblemFileError.self) {
                try ProblemFile.load(path, access: access)
            }
        }
    }

    static let references: [(String, String)] = [
        ("family: cosma\ngraph: PATH\nbudget: M_R\n", "graph"),
        ("family: memory-controller\ntrace: PATH\nobjective: latency\n", "trace"),
        (
            """
            family: memory-controller\ndevice: PATH\ntrace: {synthetic: stream}\nobjective: \
            latency\n
            """,
            "device"
        ),
        (
            """
            family: mixed-precision\nbit_widths: [4, 8]\npublished_layers: {hawq_v3_csv: \
            PATH}\nbudgets: [{resource: size, fraction: 0.5}]\n
            """,
            "published_layers.hawq_v3_csv"
        ),
    ]

    @Test(arguments: references)
    func everyReferenceIsConfined(template: String, field: String) throws {
        let layout = try Layout()
        for reference in [layout.secret, "../secret.json", "link.json", "./sub/../../secret.json"] {
            let error = try layout.error(template.replacingOccurrences(of: "PATH", with: reference))
            #expect(error.path == field, "\(reference): \(error)")
            #expect(
                error.message.contains("is outside the folders this file may read from"),
                "\(reference): \(error)")
            #expect(!error.description.contains("secret-net"))
        }
        // Opened: the file is read (and, not being what the field wants, refused for its content).
        let opened = try layout.error(
            template.replacingOccurrences(of: "PATH", with: "../secret.json"),
            access: .allowing([layout.folder.deletingLastPathComponent().path]))
        #expect(!opened.message.contains("outside the folders"), "\(opened)")
    }

    @Test func writesAreConfinedToo() throws {
        let layout = try Layout()
        let error = try layout.error(
            """
            family: memory-controller\ntrace: {synthetic: stream}\nobjective: \
            latency\nbest_so_far_csv: ../out.csv\n
            """
        )
        #expect(
            error.path == "best_so_far_csv"
                && error.message.contains("outside the folders this file may write to"))
        let missing = try layout.error(
            """
            family: memory-controller\ntrace: {synthetic: stream}\nobjective: \
            latency\nbest_so_far_csv: no/such/dir/out.csv\n
            """
        )
        #expect(missing.message.contains("the folder to write into does not exist"))
    }

    @Test func resolveFollowsLinksBeforeTheCheck() throws {
        let layout = try Layout()
        let file = layout.folder.appendingPathComponent("p.yaml").path
        #expect(throws: FileAccess.Refusal.self) {
            try FileAccess.confined.resolve("link.json", from: file)
        }
        #expect(throws: FileAccess.Refusal.self) {
            try FileAccess.confined.resolve("a\u{0}b", from: file)
        }
        let inside = try writeFile("x", named: "data.csv", in: layout.folder)
        #expect(
            try FileAccess.confined.resolve("data.csv", from: file)
                == FileAccess.realFolder(layout.folder.path).map { $0 + "/data.csv" })
        #expect(
            try FileAccess.unrestricted.resolve("link.json", from: file)
                == FileAccess.realFolder(layout.folder.deletingLastPathComponent().path).map {
                    $0 + "/secret.json"
                })
        _ = inside
    }
}
