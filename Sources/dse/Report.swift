import ArgumentParser
import Foundation
import Reports

/// `dse report`: SVG pictures and Jupyter notebooks from batch results (or one solve's JSON).
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Draw batch results (CSV) as an SVG chart, or write them into a Jupyter notebook.",
        discussion: """
            Kinds: curve (y against x, one line per group; mean and min–max band where x repeats, \
            as \
            over seeds), pareto (every design, the non-dominated ones outlined and joined), \
            convergence \
            (best_at_N columns against N, mean ± min–max over runs), memory-map (a COSMA plan, \
            from the \
            JSON of `dse solve --json`). `auto` picks from the family and the columns.

            With --sweep, the sweep file's `report:` block (title, text, figures) says what to \
            draw; the \
            notebook names the sweep. A JSON result from `dse solve --json` draws that solve's \
            picture \
            (COSMA memory map, Mélange allocation, mixed-precision bit map).

            Examples:
              dse report results/melange-paper-arena.csv --out arena.svg
              dse report results/memory-controller-engines.csv --kind convergence --where \
            trace=traces/stream.stl
              dse report results/hawq-v3-resnet18-latency-fine.csv --sweep \
            problems/sweeps/hawq-v3-resnet18-latency-fine.yaml \\
                  --notebook notebooks-export/hawq-v3-resnet18-latency-fine.ipynb
            """
    )

    @Argument(
        help:
            """
            A results CSV written by `dse batch` (or a result JSON written by `dse solve \
            --json`).
            """,
        completion: .file())
    var results: String

    @Option(name: .long, help: "auto, curve, pareto, convergence or memory-map.")
    var kind: String = "auto"

    @Option(name: .long, help: "The column on the x axis.")
    var x: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The column(s) on the y axis, comma-separated (later ones dashed).",
            valueName: "columns"))
    var y: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Column(s) whose values make one series each, comma-separated; 'none' for one series.",
            valueName: "columns"))
    var group: String?

    @Option(name: .long, help: "A column whose values make one panel each.")
    var facet: String?

    @Option(
        name: .customLong("where"),
        help: ArgumentHelp(
            "Keep only rows with COLUMN=VALUE (repeatable).", valueName: "column=value"))
    var filters: [String] = []

    @Flag(name: .customLong("log-x"), help: "Logarithmic x axis.")
    var logX = false

    @Flag(name: .customLong("log-y"), help: "Logarithmic y axis.")
    var logY = false

    @Option(name: .long, help: "The chart's title.")
    var title: String?

    @Option(
        name: .long,
        help: "The sweep file that produced the results: its report: block and description.",
        completion: .file())
    var sweep: String?

    @Option(
        name: .long,
        help: "Where to write the SVG (default: RESULTS-NAME.svg in the working directory).",
        completion: .file())
    var out: String?

    @Option(
        name: .long, help: "Write a Jupyter notebook (nbformat 4) here instead of an SVG.",
        completion: .file())
    var notebook: String?

    func validate() throws {
        guard ChartSpec.Kind(rawValue: kind) != nil else {
            throw ValidationError(
                """
                --kind must be one of \
                \(ChartSpec.Kind.allCases.map(\.rawValue).joined(separator: ", ")), got \
                '\(kind)'
                """
            )
        }
        for filter in filters where !filter.contains("=") {
            throw ValidationError("--where takes COLUMN=VALUE, got '\(filter)'")
        }
        if let out, notebook != nil {
            throw ValidationError("give --out (an SVG) or --notebook, not both (\(out))")
        }
        if let out, !out.hasSuffix(".svg") {
            throw ValidationError("--out should name an .svg file, got '\(out)'")
        }
        if let notebook, !notebook.hasSuffix(".ipynb") {
            throw ValidationError("--notebook should name an .ipynb file, got '\(notebook)'")
        }
    }

    /// Whether the command line asks for a particular chart (rather than the sweep's report block).
    var hasChartOptions: Bool {
        kind != "auto" || x != nil || y != nil || group != nil || facet != nil || !filters.isEmpty
            || logX || logY || title != nil
    }

    var chartSpec: ChartSpec {
        var spec = ChartSpec(kind: ChartSpec.Kind(rawValue: kind) ?? .auto)
        spec.x = x
        spec.y =
            y.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        if let group {
            spec.group =
                group == "none"
                ? [] : group.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        spec.facet = facet
        spec.filter = filters.map { filter in
            let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
        if logX { spec.logX = true }
        if logY { spec.logY = true }
        spec.title = title
        return spec
    }

    @OptionGroup var fileAccess: FileAccessOptions

    func run() throws {
        do throws(ReportError) {
            if results.lowercased().hasSuffix(".json") {
                guard notebook == nil else {
                    throw ReportError.invalidRequest(
                        "--notebook takes batch results (CSV); a solve's JSON draws one SVG")
                }
                let figures = try SolutionFigures.figures(resultFile: results)
                try write(
                    SVGRenderer().render(figures),
                    to: out ?? WorkingDirectory.file(for: results, extension: "svg"))
                return
            }
            if ChartSpec.Kind(rawValue: kind) == .memoryMap {
                throw ReportError.invalidRequest(
                    """
                    a memory map is drawn from one COSMA solve: `dse solve PROBLEM --svg \
                    FILE`, or `dse report RESULT.json` with the JSON of `dse solve --json`
                    """
                )
            }
            let table = try ResultTable(path: results)
            var report =
                try sweep.map { path throws(ReportError) in
                    try ReportSpec(sweepFile: path, access: fileAccess.access)
                } ?? ReportSpec()
            if hasChartOptions { report.figures = [chartSpec] }
            if let notebook {
                var writer = NotebookWriter(table: table, report: report)
                if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(
                    Double.init)
                {
                    writer.date = Date(timeIntervalSince1970: epoch)
                }
                try writer.write(to: notebook)
                print(
                    """
                    wrote \(notebook) (\(report.figures.count) \
                    chart\(report.figures.count == 1 ? "" : "s"), \(table.rows.count) rows \
                    embedded)
                    """
                )
                return
            }
            var figures: [Figure] = []
            for spec in report.figures {
                figures += try ChartBuilder.figures(table: table, spec: spec)
            }
            try write(
                SVGRenderer().render(figures),
                to: out ?? WorkingDirectory.file(for: results, extension: "svg"))
        } catch {
            throw CLIFailure(status: .badInput, message: error.description)
        }
    }

    private func write(_ svg: String, to path: String) throws(ReportError) {
        do {
            try svg.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw .unreadable(
                path: path, reason: "cannot write the SVG (\(error.localizedDescription))")
        }
        print("wrote \(path)")
    }

}
