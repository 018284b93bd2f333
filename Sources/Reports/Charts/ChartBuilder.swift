import Foundation

/// Turns a results table and a resolved ``ChartSpec`` into figures (one per facet value).
public enum ChartBuilder {
    /// The figures for a spec (resolved here if it is not yet).
    public static func figures(table: ResultTable, spec unresolved: ChartSpec) throws(ReportError)
        -> [Figure]
    {
        let spec = try unresolved.resolved(for: table)
        let filtered = try table.filtered(spec.filter)
        guard !filtered.rows.isEmpty else {
            throw .invalidRequest(
                "\(table.path): no rows match "
                    + spec.filter.map { "\($0.column)=\($0.value)" }.joined(separator: ", "))
        }
        var overlay: (ChartSpec.Overlay, ResultTable)?
        if let wanted = spec.overlay { overlay = (wanted, try ResultTable(path: wanted.path)) }
        var facetValues: [String?] = [nil]
        if let facet = spec.facet { facetValues = try filtered.distinct(facet) }
        var figures: [Figure] = []
        for value in facetValues {
            var part = filtered
            if let value, let facet = spec.facet { part = try filtered.filtered([(facet, value)]) }
            var figure: Figure
            switch spec.kind {
            case .convergence: figure = try convergence(part, spec)
            case .pareto: figure = try pareto(part, spec, overlay: overlay)
            default: figure = try curve(part, spec, overlay: overlay)
            }
            if let title = spec.title { figure.title = title }
            if let value, let facet = spec.facet { figure.title += " — \(facet) \(value)" }
            figure.bands = spec.bands
            figures.append(figure)
        }
        return figures
    }

    /// Series keys: the group columns' values per row, in order of first appearance.
    static func groups(_ table: ResultTable, _ columns: [String]) throws(ReportError) -> (
        keys: [String], ofRow: [Int]
    ) {
        guard !columns.isEmpty else { return ([""], Array(repeating: 0, count: table.rows.count)) }
        let cells = try columns.map { column throws(ReportError) in try table.text(column) }
        var keys: [String] = []
        var index: [String: Int] = [:]
        var ofRow: [Int] = []
        for r in table.rows.indices {
            let key = zip(columns, cells).map { column, values in "\(column) \(values[r])" }.joined(
                separator: ", ")
            if let i = index[key] {
                ofRow.append(i)
            } else {
                index[key] = keys.count
                ofRow.append(keys.count)
                keys.append(key)
            }
        }
        return (keys, ofRow)
    }

    /// Mean per x with the min–max spread when an x repeats (several seeds).
    static func aggregate(_ pairs: [(x: Double, y: Double)]) -> (
        points: [Figure.Point], repeated: Bool
    ) {
        var byX: [Double: [Double]] = [:]
        var order: [Double] = []
        for (x, y) in pairs {
            if byX[x] == nil { order.append(x) }
            byX[x, default: []].append(y)
        }
        var repeated = false
        let points = order.sorted().map { x -> Figure.Point in
            let values = byX[x, default: []]
            guard values.count > 1, let low = values.min(), let high = values.max() else {
                return Figure.Point(x: x, y: values.first ?? .nan)
            }
            repeated = true
            let mean = values.reduce(0, +) / Double(values.count)
            let range = "min \(AxisScale.label(low)), max \(AxisScale.label(high))"
            return Figure.Point(
                x: x, y: mean, low: low, high: high,
                label: "mean \(AxisScale.label(mean)) over \(values.count) runs (\(range))")
        }
        return (points, repeated)
    }

    static func checkedScale(
        _ wanted: Bool?, _ values: [Double], column: String, table: ResultTable
    ) throws(ReportError) -> AxisScale.Kind {
        guard wanted == true else { return .linear }
        if !values.isEmpty, !values.contains(where: { $0 > 0 }) {
            throw .invalidRequest(
                "\(table.path): a log scale for '\(column)' needs positive values; it has none")
        }
        return .log
    }

    static func curve(
        _ table: ResultTable, _ spec: ChartSpec, overlay: (ChartSpec.Overlay, ResultTable)?
    ) throws(ReportError) -> Figure {
        guard let x = spec.x else { throw .invalidRequest("a curve needs an x column (--x)") }
        // A text column on x (budget names, engines) is drawn as categories in order of appearance.
        var categories: [String]?
        let xs: [Double?]
        if table.isNumeric(x) {
            xs = try table.numbers(x)
        } else {
            let names = try table.distinct(x).filter { !$0.isEmpty }
            let position = Dictionary(
                uniqueKeysWithValues: names.enumerated().map { ($0.element, Double($0.offset)) })
            xs = try table.text(x).map { position[$0] }
            categories = names
        }
        let (keys, ofRow) = try groups(table, spec.group ?? [])
        var figure = Figure(
            title: spec.y.map { ColumnLabel(column: $0).words }.joined(separator: " and ") + " vs "
                + ColumnLabel(column: x).words,
            xLabel: ColumnLabel(column: x).text, yLabel: ColumnLabel(column: spec.y[0]).text)
        if spec.y.count > 1 {
            let units = Set(spec.y.map { ColumnLabel(column: $0).unit ?? "" })
            figure.yLabel =
                units.count == 1
                ? units.first.map { $0.isEmpty ? "value" : "value (\($0))" } ?? "value" : "value"
        }
        figure.yIncludesZero = spec.logY != true
        var anyRepeated = false
        var allX: [Double] = []
        var allY: [Double] = []
        for (yi, y) in spec.y.enumerated() {
            let ys = try table.numbers(y)
            for (gi, key) in keys.enumerated() {
                var pairs: [(x: Double, y: Double)] = []
                for r in table.rows.indices where ofRow[r] == gi {
                    guard let xv = xs[r], let yv = ys[r] else { continue }
                    pairs.append((xv, yv))
                }
                guard !pairs.isEmpty else { continue }
                let (points, repeated) = aggregate(pairs)
                anyRepeated = anyRepeated || repeated
                allX += pairs.map(\.x)
                allY += pairs.map(\.y)
                var name = key
                if spec.y.count > 1 {
                    name =
                        name.isEmpty
                        ? ColumnLabel(column: y).words : "\(name) · \(ColumnLabel(column: y).words)"
                }
                if name.isEmpty { name = ColumnLabel(column: y).words }
                figure.series.append(
                    Figure.Series(
                        name: name, points: points, line: .straight, markers: true, dashed: yi > 0,
                        color: keys.count > 1 ? gi : yi))
            }
        }
        if let (overlaySpec, other) = overlay {
            figure.series.append(
                try overlaySeries(
                    overlaySpec, other, color: keys.count > 1 ? keys.count : spec.y.count))
        }
        figure.xCategories = categories
        // Unless told, a numeric x spanning two decades or more (all positive) gets a log axis.
        var logX = spec.logX
        if logX == nil, let low = allX.min(), let high = allX.max(), low > 0, high / low >= 100 {
            logX = true
        }
        figure.xScale =
            categories == nil ? try checkedScale(logX, allX, column: x, table: table) : .linear
        figure.yScale = try checkedScale(spec.logY, allY, column: spec.y[0], table: table)
        if anyRepeated {
            figure.footnote = "Lines: mean over the runs at each x; shaded: their min–max spread."
        }
        return figure
    }

    static func overlaySeries(_ overlay: ChartSpec.Overlay, _ table: ResultTable, color: Int)
        throws(ReportError) -> Figure.Series
    {
        let xs = try table.numbers(overlay.x)
        let ys = try table.numbers(overlay.y)
        let parameters = table.parameterColumns
        var points: [Figure.Point] = []
        for r in table.rows.indices {
            guard let x = xs[r], let y = ys[r] else { continue }
            let label = parameters.compactMap { column in
                table.columns.firstIndex(of: column).map { "\(column)=\(table.rows[r][$0])" }
            }.joined(separator: ", ")
            points.append(
                Figure.Point(
                    x: x, y: y, highlighted: false,
                    label:
                        """
                        \(overlay.label): \
                        \(label.isEmpty ? "(\(AxisScale.label(x)), \(AxisScale.label(y)))" : label)
                        """
                ))
        }
        return Figure.Series(
            name: overlay.label, points: points, line: .none, markers: true, dashed: false,
            color: color)
    }

    /// Rows that no other row beats on both axes (each minimised unless the spec maximises it).
    static func paretoFlags(_ points: [(x: Double, y: Double)], maximizeX: Bool, maximizeY: Bool)
        -> [Bool]
    {
        func better(_ a: Double, _ b: Double, _ maximize: Bool) -> Bool { maximize ? a > b : a < b }
        func noWorse(_ a: Double, _ b: Double, _ maximize: Bool) -> Bool {
            maximize ? a >= b : a <= b
        }
        return points.indices.map { i in
            !points.indices.contains { j in
                j != i && noWorse(points[j].x, points[i].x, maximizeX)
                    && noWorse(points[j].y, points[i].y, maximizeY)
                    && (better(points[j].x, points[i].x, maximizeX)
                        || better(points[j].y, points[i].y, maximizeY))
            }
        }
    }

    static func pareto(
        _ table: ResultTable, _ spec: ChartSpec, overlay: (ChartSpec.Overlay, ResultTable)?
    ) throws(ReportError) -> Figure {
        guard let x = spec.x, let y = spec.y.first else {
            throw .invalidRequest("a Pareto chart needs an x and a y column (--x, --y)")
        }
        let xs = try table.numbers(x)
        let ys = try table.numbers(y)
        let (keys, ofRow) = try groups(table, spec.group ?? [])
        var rows: [Int] = []
        var pairs: [(x: Double, y: Double)] = []
        for r in table.rows.indices {
            guard let xv = xs[r], let yv = ys[r] else { continue }
            rows.append(r)
            pairs.append((xv, yv))
        }
        let flags = paretoFlags(pairs, maximizeX: spec.maximizeX, maximizeY: spec.maximizeY)
        var figure = Figure(
            title:
                "\(ColumnLabel(column: y).words) vs \(ColumnLabel(column: x).words): Pareto front",
            xLabel: ColumnLabel(column: x).text, yLabel: ColumnLabel(column: y).text)
        let parameters = table.parameterColumns
        for (gi, key) in keys.enumerated() {
            var points: [Figure.Point] = []
            for (k, r) in rows.enumerated() where ofRow[r] == gi {
                let label = parameters.compactMap { c in
                    table.columns.firstIndex(of: c).map { "\(c)=\(table.rows[r][$0])" }
                }.joined(separator: ", ")
                points.append(
                    Figure.Point(
                        x: pairs[k].x, y: pairs[k].y, highlighted: flags[k],
                        label: (flags[k] ? "Pareto-optimal: " : "")
                            + (label.isEmpty ? "line \(table.lines[r])" : label)))
            }
            figure.series.append(
                Figure.Series(
                    name: key.isEmpty ? "designs (line \(table.lines.first ?? 0)…)" : key,
                    points: points, line: .none, markers: true, color: gi))
        }
        if keys == [""] { figure.series[0].name = "all \(rows.count) designs" }
        // The front as a staircase, in increasing x.
        var front = zip(pairs, flags).filter { _, onFront in onFront }.map { point, _ in
            Figure.Point(x: point.x, y: point.y)
        }
        front.sort { ($0.x, $0.y) < ($1.x, $1.y) }
        var unique: [Figure.Point] = []
        for p in front where unique.last.map({ $0.x != p.x || $0.y != p.y }) ?? true {
            unique.append(p)
        }
        figure.series.append(
            Figure.Series(
                name: "Pareto front (\(unique.count))", points: unique, line: .steps,
                markers: false, color: 7))
        if let (overlaySpec, other) = overlay {
            figure.series.append(try overlaySeries(overlaySpec, other, color: 3))
        }
        figure.xScale = try checkedScale(spec.logX, pairs.map(\.x), column: x, table: table)
        figure.yScale = try checkedScale(spec.logY, pairs.map(\.y), column: y, table: table)
        let sense =
            """
            \(spec.maximizeX ? "higher" : "lower") \(ColumnLabel(column: x).words) and \
            \(spec.maximizeY ? "higher" : "lower") \(ColumnLabel(column: y).words) are better
            """
        figure.footnote = "Outlined: the non-dominated designs (\(sense))."
        return figure
    }

    static func convergence(_ table: ResultTable, _ spec: ChartSpec) throws(ReportError) -> Figure {
        let columns = ChartSpec.convergenceColumns(in: table).filter { spec.y.contains($0.column) }
        guard !columns.isEmpty else {
            throw .invalidRequest(
                "\(table.path): no best_at_N columns among \(spec.y.joined(separator: ", "))")
        }
        let values = try columns.map { c throws(ReportError) in try table.numbers(c.column) }
        let (keys, ofRow) = try groups(table, spec.group ?? [])
        var figure = Figure(
            title: "Best objective so far vs evaluations", xLabel: "evaluations",
            yLabel: "best objective so far")
        var runsPerGroup: [Int] = []
        var all: [Double] = []
        for (gi, key) in keys.enumerated() {
            var points: [Figure.Point] = []
            let members = table.rows.indices.filter { ofRow[$0] == gi }
            runsPerGroup.append(members.count)
            for (c, column) in columns.enumerated() {
                let ys = members.compactMap { values[c][$0] }
                guard !ys.isEmpty else { continue }
                all += ys
                let mean = ys.reduce(0, +) / Double(ys.count)
                points.append(
                    Figure.Point(
                        x: column.evaluations, y: mean, low: ys.count > 1 ? ys.min() : nil,
                        high: ys.count > 1 ? ys.max() : nil,
                        label:
                            """
                            \(key.isEmpty ? "all runs" : key) at \
                            \(AxisScale.label(column.evaluations)) evaluations: mean \
                            \(AxisScale.label(mean)) over \(ys.count) runs
                            """
                    ))
            }
            let name =
                (spec.group ?? []).count == 1
                ? String(key.dropFirst((spec.group?[0].count ?? 0) + 1)) : key
            figure.series.append(
                Figure.Series(
                    name: keys.count == 1 && key.isEmpty ? "all runs" : name, points: points,
                    color: gi))
        }
        if table.hasColumn("exhaustive_optimum"),
            let optimum = try table.numbers("exhaustive_optimum").compactMap({ $0 }).min(),
            let first = columns.first, let last = columns.last
        {
            figure.series.append(
                Figure.Series(
                    name: "exhaustive optimum",
                    points: [
                        Figure.Point(x: first.evaluations, y: optimum),
                        Figure.Point(x: last.evaluations, y: optimum),
                    ],
                    line: .straight, markers: false, dashed: true, color: 7))
            all.append(optimum)
        }
        figure.xScale = .log
        if spec.logX == false { figure.xScale = .linear }
        figure.yScale = try checkedScale(spec.logY, all, column: "best so far", table: table)
        let runs = Set(runsPerGroup)
        let fewest = runs.min() ?? 0
        let most = runs.max() ?? 0
        let count = fewest == most ? "\(fewest)" : "\(fewest)–\(most)"
        figure.footnote =
            "Lines: mean best-so-far over \(count) runs per series; shaded: min–max over the runs."
        return figure
    }
}
