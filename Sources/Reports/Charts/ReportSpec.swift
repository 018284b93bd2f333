import Experiments
import Foundation
import Problems

/// How a sweep's results are reported: a title, a paragraph, and the charts to draw, read from the
/// optional `report:` block of a sweep file (`problems/sweeps/*.yaml`):
///
/// ```yaml
/// report:
///   title: Mélange, Arena workload
///   text: Markdown shown at the top of the notebook.
///   figures:
///     - kind: curve                     # auto | curve | pareto | convergence
///       x: total_request_rate_rps
///       y: [cost_per_hour, best_single_cost_per_hour]   # later columns dashed
///       group: tpot_slo_ms              # one series per value (a list for several columns)
///       facet: trace                    # one panel per value
///       where: {include_weights: "false"}
///       log_x: true
///       log_y: false
///       maximize: [y]                   # pareto: which axes are better higher
///       title: Cost vs load
///       band: {low: 0.15, high: 0.77, label: "paper: 15–77 %"}
///       overlay: {csv: ../../results/other.csv, x: latency_ms, y: sensitivity,
///                 label: published budgets}
/// ```
/// Without a `report:` block there is one automatic figure.
public struct ReportSpec: Sendable {
    /// The report's title; nil: the sweep's name.
    public var title: String?
    /// Markdown for the notebook's introduction.
    public var text: String?
    /// The sweep's own `description:`.
    public var sweepDescription: String?
    /// The sweep file this came from.
    public var sweepPath: String?
    /// The charts, in order (one automatic chart by default).
    public var figures: [ChartSpec] = [ChartSpec()]

    /// A report of one automatic chart.
    public init() {}

    /// Reads a sweep file's `description` and `report:` block (paths inside relative to the sweep
    /// file, and confined by `access` like every path a file names).
    public init(sweepFile path: String, access: FileAccess = .confined) throws(ReportError) {
        sweepPath = path
        do throws(ProblemFileError) {
            let root = try ProblemFile.root(of: path, access: access)
            let document = try root.mapping(allowedKeys: SweepFile.keys)
            sweepDescription = try document.optional("description")?.string().trimmingCharacters(
                in: .whitespacesAndNewlines)
            guard let node = document.optional("report") else { return }
            let report = try node.mapping(allowedKeys: ["title", "text", "figures"])
            title = try report.optional("title")?.string()
            text = try report.optional("text")?.string().trimmingCharacters(
                in: .whitespacesAndNewlines)
            if let figuresNode = report.optional("figures") {
                figures = try figuresNode.array().map { node throws(ProblemFileError) in
                    try Self.chart(node)
                }
                if figures.isEmpty { throw figuresNode.error("lists no figures") }
            }
        } catch {
            throw .badFile(error)
        }
    }

    static func strings(_ node: SpecNode) throws(ProblemFileError) -> [String] {
        if let items = try? node.array() {
            return try items.map { item throws(ProblemFileError) in try item.string() }
        }
        return [try node.string()]
    }

    static func chart(_ node: SpecNode) throws(ProblemFileError) -> ChartSpec {
        let map = try node.mapping(allowedKeys: [
            "kind", "x", "y", "group", "facet", "where", "log_x", "log_y", "maximize", "title",
            "band", "overlay",
        ])
        var spec = ChartSpec()
        if let kindNode = map.optional("kind") {
            let text = try kindNode.string()
            guard let kind = ChartSpec.Kind(rawValue: text), kind != .memoryMap else {
                throw kindNode.error(
                    "must be one of auto, curve, pareto, convergence, got '\(text)'")
            }
            spec.kind = kind
        }
        spec.x = try map.optional("x")?.string()
        if let y = map.optional("y") { spec.y = try strings(y) }
        if let group = map.optional("group") { spec.group = try strings(group) }
        spec.facet = try map.optional("facet")?.string()
        if let whereNode = map.optional("where") {
            spec.filter = try whereNode.namedEntries().map { entry throws(ProblemFileError) in
                (entry.name, try entry.node.string())
            }
        }
        spec.logX = try map.optional("log_x")?.bool()
        spec.logY = try map.optional("log_y")?.bool()
        if let maximize = map.optional("maximize") {
            for axis in try strings(maximize) {
                switch axis {
                case "x": spec.maximizeX = true
                case "y": spec.maximizeY = true
                default: throw maximize.error("lists axes to maximise: x and/or y, got '\(axis)'")
                }
            }
        }
        spec.title = try map.optional("title")?.string()
        if let bandNode = map.optional("band") {
            let band = try bandNode.mapping(allowedKeys: ["low", "high", "label"])
            let low = try band.required("low").double()
            let high = try band.required("high").double()
            guard low <= high else {
                throw bandNode.error("low (\(low)) must not exceed high (\(high))")
            }
            spec.bands = [
                Figure.ReferenceBand(
                    low: low, high: high, label: try band.optional("label")?.string() ?? "reference"
                )
            ]
        }
        if let overlayNode = map.optional("overlay") {
            let overlay = try overlayNode.mapping(allowedKeys: ["csv", "x", "y", "label"])
            let csv = try overlay.required("csv").string()
            let resolved = try overlay.required("csv").inputPath(what: "overlay CSV")
            spec.overlay = ChartSpec.Overlay(
                path: resolved, x: try overlay.required("x").string(),
                y: try overlay.required("y").string(),
                label: try overlay.optional("label")?.string() ?? csv)
        }
        return spec
    }
}
