import Foundation
import Problems

/// Writes a Jupyter notebook (nbformat 4.5) for a results table: a title and what was run, the
/// data embedded as CSV text, helper code, and one cell per chart that draws it with pandas and
/// matplotlib — each with DSEKit's own SVG already in its output, so the notebook shows its
/// plots when merely opened and re-executes cleanly with `jupyter nbconvert --execute`.
public struct NotebookWriter: Sendable {
    /// The results to embed and plot.
    public var table: ResultTable
    /// What the notebook shows (title, text, charts).
    public var report: ReportSpec
    /// When the notebook was written (the text says so); defaults to now.
    public var date: Date = Date()
    /// The renderer of the pre-drawn SVG outputs.
    public var renderer = SVGRenderer()
    /// Paths in the text (the sweep file) are shown relative to this folder; defaults to the
    /// working directory.
    public var displayRoot = FileManager.default.currentDirectoryPath

    /// A writer of `table` as `report` says.
    public init(table: ResultTable, report: ReportSpec) {
        self.table = table
        self.report = report
    }

    enum Cell {
        case markdown(String)
        /// Source, and outputs as nbformat output objects.
        case code(String, outputs: [[String: Any]])
    }

    /// The notebook's JSON text (keys sorted, indented, so regenerating gives small diffs).
    public func notebookText() throws(ReportError) -> String {
        var cells: [Cell] = []
        let fileName = (table.path as NSString).lastPathComponent
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        var intro = "# \(report.title ?? "Results: \(fileName)")\n\n"
        if let text = report.text { intro += text + "\n\n" }
        if let description = report.sweepDescription {
            intro += "**What was run.** \(description)\n\n"
        }
        var provenance =
            """
            Written by `dse report` (DSEKit \(DSEKitVersion.current)) on \
            \(formatter.string(from: date)) from `\(fileName)`
            """
        if let sweep = report.sweepPath {
            provenance += ", the results of `dse batch \(displayPath(sweep))`"
        }
        provenance += ": \(table.rows.count) rows, embedded below. "
        provenance +=
            """
            The pictures under the code cells were drawn by DSEKit; running the notebook \
            redraws them with matplotlib from the same data.
            """
        intro += provenance
        cells.append(.markdown(intro))
        cells.append(
            .code(
                NotebookPython.loadCell(csvText: table.text, fileName: fileName),
                outputs: [
                    Self.stream("\(table.rows.count) rows × \(table.columns.count) columns\n")
                ]))
        cells.append(.code(NotebookPython.helpersCell, outputs: []))
        var overlayCount = 0
        for spec in report.figures {
            let resolved = try spec.resolved(for: table)
            let figures = try ChartBuilder.figures(table: table, spec: resolved)
            var overlayName: String?
            if let overlay = resolved.overlay {
                overlayCount += 1
                let name = "overlay_\(overlayCount)"
                let other = try ResultTable(path: overlay.path)
                cells.append(
                    .markdown(
                        """
                        The points labelled “\(overlay.label)” come from \
                        `\((overlay.path as NSString).lastPathComponent)`, embedded here too.
                        """
                    ))
                cells.append(
                    .code(
                        """
                        # \((overlay.path as NSString).lastPathComponent)\n\(name) = \
                        pd.read_csv(io.StringIO(\(NotebookPython.literal(other.text))), \
                        dtype=str, keep_default_na=False)
                        """,
                        outputs: []))
                overlayName = name
            }
            let heading =
                resolved.title ?? figures.first?.title.components(separatedBy: " — ").first
                ?? "Chart"
            var note = "## \(heading)\n\n" + Self.explanation(resolved)
            if let footnote = figures.first?.footnote { note += " " + footnote }
            cells.append(.markdown(note))
            let svg = renderer.render(figures)
            cells.append(
                .code(
                    NotebookPython.chartCell(
                        resolved, figure: figures[0], overlayName: overlayName),
                    outputs: [
                        [
                            "output_type": "display_data", "metadata": [String: Any](),
                            "data": [
                                "image/svg+xml": Self.lines(svg),
                                "text/plain": ["<Figure drawn by DSEKit>"],
                            ],
                        ]
                    ]))
        }
        var executionCount = 0
        let json: [[String: Any]] = cells.enumerated().map { index, cell in
            switch cell {
            case .markdown(let text):
                return [
                    "cell_type": "markdown", "id": "cell-\(index)", "metadata": [String: Any](),
                    "source": Self.lines(text),
                ]
            case .code(let source, let outputs):
                executionCount += 1
                var numbered = outputs
                for i in numbered.indices
                where numbered[i]["output_type"] as? String == "execute_result" {
                    numbered[i]["execution_count"] = executionCount
                }
                return [
                    "cell_type": "code", "id": "cell-\(index)", "metadata": [String: Any](),
                    "source": Self.lines(source),
                    "execution_count": executionCount, "outputs": numbered,
                ]
            }
        }
        let notebook: [String: Any] = [
            "nbformat": 4, "nbformat_minor": 5, "cells": json,
            "metadata": [
                "kernelspec": [
                    "display_name": "Python 3", "language": "python", "name": "python3",
                ],
                "language_info": ["name": "python"],
                "dsekit": [
                    "version": DSEKitVersion.current, "results": fileName,
                    "written": formatter.string(from: date),
                    "sweep": report.sweepPath.map(displayPath) ?? NSNull(),
                ] as [String: Any],
            ],
        ]
        do {
            let data = try JSONSerialization.data(
                withJSONObject: notebook,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self) + "\n"
        } catch {
            throw .invalidRequest("could not encode the notebook: \(error)")
        }
    }

    /// Writes the notebook, creating the folder if needed.
    public func write(to path: String) throws(ReportError) {
        let text = try notebookText()
        do {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true)
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(
                path: path, reason: "cannot write the notebook (\(error.localizedDescription))")
        }
    }

    static func stream(_ text: String) -> [String: Any] {
        ["output_type": "stream", "name": "stdout", "text": lines(text)]
    }

    /// nbformat's multi-line strings: a list of lines, each but the last ending in a newline.
    static func lines(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" {
                out.append(current)
                current = ""
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// A path relative to ``displayRoot`` when it is inside it.
    func displayPath(_ path: String) -> String {
        let here = (displayRoot.hasSuffix("/") ? displayRoot : displayRoot + "/")
        let absolute = path.hasPrefix("/") ? path : here + path
        let standard = (absolute as NSString).standardizingPath
        return standard.hasPrefix(here) ? String(standard.dropFirst(here.count)) : path
    }

    static func explanation(_ spec: ChartSpec) -> String {
        let group =
            (spec.group ?? []).isEmpty
            ? "" : " One series per \((spec.group ?? []).joined(separator: " × "))."
        let facet = spec.facet.map { " One panel per \($0)." } ?? ""
        let filter =
            spec.filter.isEmpty
            ? ""
            : " Only rows with "
                + spec.filter.map { "\($0.column) = \($0.value)" }.joined(separator: ", ") + "."
        switch spec.kind {
        case .convergence:
            return
                """
                Best-so-far against evaluations (the `\(spec.y.first ?? "")` … \
                `\(spec.y.last ?? "")` columns).\(group)\(facet)\(filter)
                """
        case .pareto:
            return
                """
                `\(spec.y.first ?? "")` against `\(spec.x ?? "")`; outlined points are \
                Pareto-optimal.\(group)\(filter)
                """
        default:
            return
                """
                `\(spec.y.joined(separator: "`, `"))` against `\(spec.x ?? "")` (later columns \
                dashed).\(group)\(facet)\(filter)
                """
        }
    }
}
