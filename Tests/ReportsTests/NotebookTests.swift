import Foundation
import Problems
import TestSupport
import Testing

@testable import Reports

@Suite("Notebooks")
struct NotebookTests {
    static func path(_ relative: String) -> String {
        packageRoot.appendingPathComponent(relative).path
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func source(_ cell: [String: Any]) -> String {
        (cell["source"] as? [String] ?? []).joined()
    }

    /// The text of `DATA = """\ … """` (or of a quoted literal) in the loading cell, unescaped.
    static func embeddedData(_ code: String) -> String? {
        if let start = code.range(of: "DATA = \"\"\"\\\n"),
            let end = code.range(of: "\"\"\"", range: start.upperBound..<code.endIndex)
        {
            return String(code[start.upperBound..<end.lowerBound])
        }
        return nil
    }

    @Test(
        """
        nbformat 4 structure: cell ids, sources as lines, the data embedded verbatim, one SVG \
        per chart equal to the renderer's
        """
    )
    func structure() throws {
        let table = try ResultTable(path: Self.path("results/melange-paper-arena.csv"))
        let report = try ReportSpec(
            sweepFile: Self.path("problems/sweeps/melange-paper-arena.yaml"),
            access: .allowing([packageRoot.path]))
        var writer = NotebookWriter(table: table, report: report)
        writer.date = Date(timeIntervalSince1970: 0)
        let notebook = try Self.json(try writer.notebookText())
        #expect(notebook["nbformat"] as? Int == 4)
        #expect(notebook["nbformat_minor"] as? Int == 5)
        let metadata = try #require(notebook["metadata"] as? [String: Any])
        #expect((metadata["kernelspec"] as? [String: Any])?["name"] as? String == "python3")
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        let ids = cells.compactMap { $0["id"] as? String }
        #expect(ids.count == cells.count && Set(ids).count == ids.count)
        let intro = Self.source(cells[0])
        #expect(cells[0]["cell_type"] as? String == "markdown")
        #expect(
            intro.contains("DSEKit \(DSEKitVersion.current)") && intro.contains("1970-01-01")
                && intro.contains("melange-paper-arena.yaml"))
        let code = cells.filter { $0["cell_type"] as? String == "code" }
        #expect(Self.embeddedData(Self.source(code[0])) == table.text)
        let svgOutputs = code.flatMap { ($0["outputs"] as? [[String: Any]]) ?? [] }.compactMap {
            ($0["data"] as? [String: Any])?["image/svg+xml"] as? [String]
        }
        #expect(svgOutputs.count == report.figures.count)
        let expected = try report.figures.map {
            SVGRenderer().render(try ChartBuilder.figures(table: table, spec: $0))
        }
        #expect(svgOutputs.map { $0.joined() } == expected)
        // Execution counts run 1, 2, 3… over code cells.
        #expect(code.compactMap { $0["execution_count"] as? Int } == Array(1...code.count))
    }

    @Test("Python literals: triple quotes when safe, escapes otherwise")
    func literals() {
        #expect(NotebookPython.literal("a,b\n1,2\n") == "\"\"\"\\\na,b\n1,2\n\"\"\"")
        #expect(
            NotebookPython.literal("say \"\"\"hi\"\"\"\\")
                == "\"say \\\"\\\"\\\"hi\\\"\\\"\\\"\\\\\"")
        #expect(NotebookPython.literal("tab\there") == "\"\"\"\\\ntab\there\"\"\"")
    }

    @Test(
        """
        Every shipped sweep has a report block that draws from its committed results, and a \
        notebook that is up to date
        """
    )
    func shipped() throws {
        let folder = Self.path("problems/sweeps")
        let sweeps = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
            $0.hasSuffix(".yaml")
        }.sorted()
        #expect(sweeps.count >= 9)
        for name in sweeps {
            let sweepPath = folder + "/" + name
            let report = try ReportSpec(sweepFile: sweepPath, access: .allowing([packageRoot.path]))
            #expect(report.title != nil, "\(name) has no report title")
            let text = try String(contentsOfFile: sweepPath, encoding: .utf8)
            let out = try #require(
                text.split(separator: "\n").first { $0.hasPrefix("out: ") }.map {
                    String($0.dropFirst(5))
                })
            let table = try ResultTable(
                path: ((folder as NSString).appendingPathComponent(out) as NSString)
                    .standardizingPath)
            for spec in report.figures {
                #expect(!(try ChartBuilder.figures(table: table, spec: spec)).isEmpty)
            }
            // The committed notebook equals a fresh one written on the date it records.
            let notebookPath = Self.path(
                "notebooks-export/" + name.replacingOccurrences(of: ".yaml", with: ".ipynb"))
            let committed = try String(contentsOfFile: notebookPath, encoding: .utf8)
            let metadata = try #require((try Self.json(committed))["metadata"] as? [String: Any])
            let written = try #require(
                (metadata["dsekit"] as? [String: Any])?["written"] as? String)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withFullDate]
            var writer = NotebookWriter(table: table, report: report)
            writer.date = try #require(formatter.date(from: written))
            // Paths in the text are relative to the package root, as scripts/export-notebooks.sh
            // runs there.
            writer.displayRoot = packageRoot.path
            let fresh = try writer.notebookText()
            #expect(
                fresh == committed,
                """
                notebooks-export/\(name.replacingOccurrences(of: ".yaml", with: ".ipynb")) is \
                stale: run scripts/export-notebooks.sh
                """
            )
        }
    }

    @Test("A report block with a mistake names the field and line")
    func badReportBlock() throws {
        let directory = try makeTemporaryDirectory()
        let path = try writeFile(
            """
            base: ../melange/example.yaml
            grid:
              total_request_rate: [5]
            report:
              figures:
                - kind: histogram
            """, named: "bad.yaml", in: directory)
        #expect {
            try ReportSpec(sweepFile: path)
        } throws: { error in
            "\(error)".contains("bad.yaml") && "\(error)".contains("report.figures[0].kind")
                && "\(error)".contains(":6:")
        }
    }
}
