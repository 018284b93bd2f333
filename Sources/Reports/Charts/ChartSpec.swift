/// What to draw from a results table: the kind of chart, which columns go where, and extras such
/// as a reference range or a second table's points. Fields left empty are chosen by
/// ``resolved(for:)`` from the family and columns.
public struct ChartSpec: Sendable {
    /// The kind of chart (`auto` chooses from the family and columns).
    public enum Kind: String, Sendable, CaseIterable {
        case auto, curve, pareto, convergence
        case memoryMap = "memory-map"
    }

    /// Points from another results file drawn over the chart (e.g. published budget points).
    public struct Overlay: Sendable {
        /// The other results file.
        public var path: String
        /// Its column on the x axis.
        public var x: String
        /// Its column on the y axis.
        public var y: String
        /// The legend entry of its points.
        public var label: String
        /// An overlay of `path`'s `x` and `y` columns.
        public init(path: String, x: String, y: String, label: String) {
            self.path = path
            self.x = x
            self.y = y
            self.label = label
        }
    }

    /// The kind of chart.
    public var kind: Kind = .auto
    /// The column on the x axis; nil: chosen automatically.
    public var x: String?
    /// One or more y columns; the second and later are drawn dashed.
    public var y: [String] = []
    /// Columns whose values split the rows into series; `nil` = chosen automatically.
    public var group: [String]?
    /// A column whose values split the rows into panels.
    public var facet: String?
    /// Keep only rows with these values.
    public var filter: [(column: String, value: String)] = []
    /// A logarithmic x axis; nil: chosen from the values' spread.
    public var logX: Bool?
    /// A logarithmic y axis; nil: chosen from the values' spread.
    public var logY: Bool?
    /// Pareto charts minimise both axes unless told otherwise.
    public var maximizeX = false
    /// Whether the y axis is maximised in a Pareto chart.
    public var maximizeY = false
    /// The chart's title; nil: made from the columns.
    public var title: String?
    /// Shaded reference ranges drawn behind the data.
    public var bands: [Figure.ReferenceBand] = []
    /// Another results file's points drawn over the chart.
    public var overlay: Overlay?

    /// A spec of `kind` with everything else chosen automatically.
    public init(kind: Kind = .auto) { self.kind = kind }

    /// The spec with every automatic choice made for this table.
    public func resolved(for table: ResultTable) throws(ReportError) -> ChartSpec {
        var spec = self
        let family = table.family
        let parameters = table.parameterColumns
        let convergenceColumns = Self.convergenceColumns(in: table)
        if spec.kind == .auto {
            if !convergenceColumns.isEmpty,
                spec.y.isEmpty || spec.y.allSatisfy({ $0.hasPrefix("best_at_") })
            {
                spec.kind = .convergence
            } else if family == "mixed-precision"
                || (family == nil && table.hasColumn("sensitivity"))
            {
                spec.kind = .pareto
            } else {
                spec.kind = .curve
            }
        }
        switch spec.kind {
        case .memoryMap:
            throw .invalidRequest(
                """
                a memory map is drawn from one COSMA solve, not from a results table: run `dse \
                solve PROBLEM --svg FILE`, or give `dse report` the JSON that `dse solve \
                --json` wrote
                """
            )
        case .convergence:
            if spec.y.isEmpty { spec.y = convergenceColumns.map(\.column) }
            spec.x = "evaluations"
            guard !spec.y.isEmpty else {
                throw .invalidRequest(
                    """
                    \(table.path): a convergence chart needs best_at_N columns (a search \
                    family's batch results); none here
                    """
                )
            }
            if spec.group == nil { spec.group = ["engine"].filter(table.hasColumn) }
            if spec.facet == nil, table.hasColumn("trace"), try table.distinct("trace").count > 1 {
                spec.facet = "trace"
            }
            if spec.logX == nil { spec.logX = true }
        case .pareto:
            if spec.x == nil {
                let candidates = [
                    "latency_ms", "latency_used_ms", "size_MB", "bops_GBOPs", "power_w",
                    "latency_us",
                ]
                spec.x =
                    candidates.first(where: table.hasColumn)
                    ?? table.columns.first {
                        $0 != spec.y.first && table.isNumeric($0) && !parameters.contains($0)
                    }
            }
            if spec.y.isEmpty {
                let candidates = ["sensitivity", "objective"]
                if let found = candidates.first(where: table.hasColumn) { spec.y = [found] }
            }
            if spec.group == nil { spec.group = [] }
        case .curve:
            if spec.x == nil {
                let numericParameters = parameters.filter { table.isNumeric($0) }
                spec.x =
                    numericParameters.first { $0.contains("rate") } ?? numericParameters.first
                    ?? ["budget_bytes"].first(where: table.hasColumn)
            }
            if spec.y.isEmpty {
                switch family {
                case "melange":
                    spec.y = ["cost_per_hour", "best_single_cost_per_hour"].filter(table.hasColumn)
                case "cosma":
                    spec.y = ["offchip_bytes", "best_baseline_bytes"].filter(table.hasColumn)
                case "mixed-precision": spec.y = ["sensitivity"]
                default:
                    if table.hasColumn("objective") { spec.y = ["objective"] }
                }
            }
            if spec.group == nil {
                spec.group = parameters.filter {
                    $0 != spec.x && $0 != spec.facet && (try? table.distinct($0).count) ?? 0 > 1
                }
                if family == "cosma", spec.facet == nil, spec.group?.contains("graph") == true {
                    spec.facet = "graph"
                    spec.group?.removeAll { $0 == "graph" || $0 == "budget" }
                }
            }
        case .auto: break
        }
        guard let x = spec.x else {
            throw .invalidRequest(
                "\(table.path): cannot tell which column goes on the x axis; pass --x COLUMN")
        }
        guard !spec.y.isEmpty else {
            throw .invalidRequest(
                "\(table.path): cannot tell which column goes on the y axis; pass --y COLUMN")
        }
        if spec.kind != .convergence { _ = try table.index(of: x) }
        for column in spec.y + (spec.group ?? []) + [spec.facet].compactMap({ $0 })
            + spec.filter.map(\.column)
        { _ = try table.index(of: column) }
        return spec
    }

    /// `best_at_N` columns with their N, in increasing N.
    static func convergenceColumns(in table: ResultTable) -> [(column: String, evaluations: Double)]
    {
        table.columns.compactMap { column in
            guard column.hasPrefix("best_at_"), let n = Double(column.dropFirst("best_at_".count))
            else { return nil }
            return (column, n)
        }.sorted { $0.evaluations < $1.evaluations }
    }
}
