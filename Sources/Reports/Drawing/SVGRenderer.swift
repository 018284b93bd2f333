import Foundation

/// Draws figures as one SVG picture, panels stacked top to bottom: axes with ticks and labels,
/// a legend per panel, lines, markers (class `point`, Pareto points also `pareto`), spread bands
/// (class `band`), reference ranges, rectangles and marks.
public struct SVGRenderer: Sendable {
    /// Width of one panel, px.
    public var panelWidth: Double = 880
    /// Height of one panel, px.
    public var panelHeight: Double = 380

    /// Colour-blind-safe palette (Okabe and Ito, 2008), then Tableau's.
    public static let palette = [
        "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
        "#8c564b", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39",
    ]

    /// The palette's colour for an index (cycling), as `#rrggbb`.
    public static func color(_ index: Int) -> String {
        palette[((index % palette.count) + palette.count) % palette.count]
    }

    /// A renderer with the default panel size.
    public init() {}

    let left = 78.0, right = 250.0, top = 40.0, bottom = 60.0

    /// The SVG text of the figures stacked vertically.
    public func render(_ figures: [Figure]) -> String {
        let footnoteRows = figures.map { $0.footnote == nil ? 0.0 : 16.0 }
        let height = figures.indices.reduce(0.0) { $0 + panelHeight + footnoteRows[$1] }
        var svg = SVGDocument(width: panelWidth, height: max(height, 1))
        svg.element(
            "rect",
            [
                ("x", "0"), ("y", "0"), ("width", SVGDocument.number(panelWidth)),
                ("height", SVGDocument.number(height)), ("fill", "white"),
            ])
        var offset = 0.0
        for (index, figure) in figures.enumerated() {
            svg.open(
                "g",
                [("class", "panel"), ("transform", "translate(0,\(SVGDocument.number(offset)))")])
            draw(figure, into: &svg, clipID: "plot\(index)")
            svg.close("g")
            offset += panelHeight + footnoteRows[index]
        }
        return svg.text
    }

    private func draw(_ figure: Figure, into svg: inout SVGDocument, clipID: String) {
        let plotWidth = panelWidth - left - right
        let plotHeight = panelHeight - top - bottom
        // Scales over everything drawn.
        var xs: [Double] = []
        var ys: [Double] = []
        for series in figure.series {
            for p in series.points {
                xs.append(p.x)
                ys.append(p.y)
                if let low = p.low { ys.append(low) }
                if let high = p.high { ys.append(high) }
            }
        }
        for band in figure.bands {
            ys.append(band.low)
            ys.append(band.high)
        }
        for r in figure.rectangles {
            xs += [r.x0, r.x1]
            ys += [r.y0, r.y1]
        }
        for m in figure.marks {
            xs.append(m.x)
            ys.append(m.y)
        }
        let xScale: AxisScale
        let yScale: AxisScale
        if let categories = figure.xCategories {
            xScale = AxisScale(kind: .linear, covering: [-0.5, Double(categories.count) - 0.5])
        } else if !figure.rectangles.isEmpty, figure.series.isEmpty {
            xScale = AxisScale(kind: .linear, covering: xs)
        } else {
            xScale = AxisScale(kind: figure.xScale, covering: xs)
        }
        if let categories = figure.yCategories {
            yScale = AxisScale(kind: .linear, covering: [-0.5, Double(categories.count) - 0.5])
        } else {
            yScale = AxisScale(kind: figure.yScale, covering: ys, includeZero: figure.yIncludesZero)
        }
        let categoricalX = figure.xCategories != nil
        let categoricalY = figure.yCategories != nil
        func px(_ x: Double) -> Double {
            let f =
                categoricalX
                ? (x + 0.5) / Double(max(figure.xCategories?.count ?? 1, 1)) : xScale.fraction(x)
            return left + f * plotWidth
        }
        func py(_ y: Double) -> Double {
            var f =
                categoricalY
                ? (y + 0.5) / Double(max(figure.yCategories?.count ?? 1, 1)) : yScale.fraction(y)
            if categoricalY || figure.yDownward { f = 1 - f }
            return top + (1 - f) * plotHeight
        }
        let n = SVGDocument.number
        // Title.
        svg.element(
            "text",
            [
                ("x", n(left)), ("y", "22"), ("font-size", "15"), ("font-weight", "bold"),
                ("class", "title"),
            ], text: figure.title)
        // Frame and grid.
        svg.element(
            "rect",
            [
                ("x", n(left)), ("y", n(top)), ("width", n(plotWidth)), ("height", n(plotHeight)),
                ("fill", "#ffffff"), ("stroke", "#444444"),
            ])
        svg.open("g", [("class", "axis x")])
        if let categories = figure.xCategories {
            // checked: at most the category count
            let step = max(1, Int((Double(categories.count) / (plotWidth / 28)).rounded(.up)))
            for (i, name) in categories.enumerated() where i % step == 0 {
                let x = px(Double(i))
                svg.element(
                    "line",
                    [
                        ("x1", n(x)), ("y1", n(top + plotHeight)), ("x2", n(x)),
                        ("y2", n(top + plotHeight + 5)), ("stroke", "#444444"),
                    ])
                svg.element(
                    "text",
                    [
                        ("x", n(x)), ("y", n(top + plotHeight + 18)), ("text-anchor", "middle"),
                        ("font-size", "10"),
                    ], text: name)
            }
        } else {
            for tick in xScale.ticks {
                let x = px(tick)
                svg.element(
                    "line",
                    [
                        ("x1", n(x)), ("y1", n(top)), ("x2", n(x)), ("y2", n(top + plotHeight)),
                        ("stroke", "#e6e6e6"),
                    ])
                svg.element(
                    "line",
                    [
                        ("x1", n(x)), ("y1", n(top + plotHeight)), ("x2", n(x)),
                        ("y2", n(top + plotHeight + 5)), ("stroke", "#444444"),
                    ])
                svg.element(
                    "text",
                    [("x", n(x)), ("y", n(top + plotHeight + 18)), ("text-anchor", "middle")],
                    text: AxisScale.label(tick))
            }
        }
        svg.element(
            "text",
            [
                ("x", n(left + plotWidth / 2)), ("y", n(panelHeight - 22)),
                ("text-anchor", "middle"), ("class", "label"),
            ],
            text: figure.xLabel + (figure.xScale == .log && !categoricalX ? " — log scale" : ""))
        svg.close("g")
        svg.open("g", [("class", "axis y")])
        if let categories = figure.yCategories {
            for (i, name) in categories.enumerated() {
                let y = py(Double(i))
                svg.element(
                    "text",
                    [
                        ("x", n(left - 6)), ("y", n(y + 4)), ("text-anchor", "end"),
                        ("font-size", "10"),
                    ], text: name)
            }
        } else {
            for tick in yScale.ticks {
                let y = py(tick)
                svg.element(
                    "line",
                    [
                        ("x1", n(left)), ("y1", n(y)), ("x2", n(left + plotWidth)), ("y2", n(y)),
                        ("stroke", "#e6e6e6"),
                    ])
                svg.element(
                    "line",
                    [
                        ("x1", n(left - 5)), ("y1", n(y)), ("x2", n(left)), ("y2", n(y)),
                        ("stroke", "#444444"),
                    ])
                svg.element(
                    "text", [("x", n(left - 8)), ("y", n(y + 4)), ("text-anchor", "end")],
                    text: AxisScale.label(tick))
            }
        }
        let yMid = top + plotHeight / 2
        svg.element(
            "text",
            [
                ("x", "16"), ("y", n(yMid)), ("text-anchor", "middle"),
                ("transform", "rotate(-90 16 \(n(yMid)))"), ("class", "label"),
            ],
            text: figure.yLabel + (figure.yScale == .log && !categoricalY ? " — log scale" : ""))
        svg.close("g")
        // Clip everything data-shaped to the plot area.
        svg.open("defs", [])
        svg.open("clipPath", [("id", clipID)])
        svg.element(
            "rect",
            [("x", n(left)), ("y", n(top)), ("width", n(plotWidth)), ("height", n(plotHeight))])
        svg.close("clipPath")
        svg.close("defs")
        svg.open("g", [("clip-path", "url(#\(clipID))")])
        for band in figure.bands where yScale.canShow(band.low) && yScale.canShow(band.high) {
            let y0 = py(band.high)
            let y1 = py(band.low)
            svg.element(
                "rect",
                [
                    ("x", n(left)), ("y", n(min(y0, y1))), ("width", n(plotWidth)),
                    ("height", n(abs(y1 - y0))), ("fill", "#999999"), ("fill-opacity", "0.15"),
                    ("class", "reference"),
                ], title: band.label)
            svg.element(
                "text",
                [
                    ("x", n(left + 6)), ("y", n(min(y0, y1) + 14)), ("fill", "#555555"),
                    ("font-size", "11"),
                ], text: band.label)
        }
        for r in figure.rectangles {
            let x0 = px(r.x0)
            let x1 = px(r.x1)
            let y0 = py(r.y0)
            let y1 = py(r.y1)
            let rx = min(x0, x1)
            let ry = min(y0, y1)
            let rw = abs(x1 - x0)
            let rh = abs(y1 - y0)
            svg.element(
                "rect",
                [
                    ("x", n(rx)), ("y", n(ry)), ("width", n(max(rw, 0.5))),
                    ("height", n(max(rh, 0.5))), ("fill", Self.color(r.color)),
                    ("fill-opacity", "0.85"), ("stroke", "#ffffff"), ("stroke-width", "0.5"),
                    ("class", "cell"),
                ], title: r.label)
            if let text = r.text, rw >= Double(text.count) * 6.5 + 4, rh >= 12 {
                svg.element(
                    "text",
                    [
                        ("x", n(rx + rw / 2)), ("y", n(ry + rh / 2 + 4)), ("text-anchor", "middle"),
                        ("font-size", "10"), ("fill", "#ffffff"),
                    ], text: text)
            }
        }
        for series in figure.series {
            let color = Self.color(series.color)
            let shown = series.points.filter { xScale.canShow($0.x) && yScale.canShow($0.y) }
            // Spread band.
            let banded = shown.compactMap { p -> (x: Double, low: Double, high: Double)? in
                guard let low = p.low, let high = p.high, yScale.canShow(low), yScale.canShow(high)
                else { return nil }
                return (p.x, low, high)
            }
            if banded.count >= 2 {
                let upper = banded.map { "\(n(px($0.x))),\(n(py($0.high)))" }
                let lower = banded.reversed().map { "\(n(px($0.x))),\(n(py($0.low)))" }
                svg.element(
                    "polygon",
                    [
                        ("points", (upper + lower).joined(separator: " ")), ("fill", color),
                        ("fill-opacity", "0.18"), ("stroke", "none"), ("class", "band"),
                    ],
                    title: "\(series.name): spread")
            }
            if series.line != .none, shown.count >= 2 {
                var d = ""
                for (i, p) in shown.enumerated() {
                    if i == 0 {
                        d += "M\(n(px(p.x))),\(n(py(p.y)))"
                        continue
                    }
                    if series.line == .steps {
                        d += " H\(n(px(p.x))) V\(n(py(p.y)))"
                    } else {
                        d += " L\(n(px(p.x))),\(n(py(p.y)))"
                    }
                }
                var attributes = [
                    ("d", d), ("fill", "none"), ("stroke", color), ("stroke-width", "2"),
                    ("class", "series"),
                ]
                if series.dashed { attributes.append(("stroke-dasharray", "6 4")) }
                svg.element("path", attributes, title: series.name)
            }
            if series.markers {
                for p in shown {
                    var attributes = [
                        ("cx", n(px(p.x))), ("cy", n(py(p.y))), ("r", p.highlighted ? "5" : "3.2"),
                        ("fill", series.dashed ? "#ffffff" : color),
                        ("stroke", p.highlighted ? "#000000" : color),
                        ("stroke-width", p.highlighted ? "1.5" : "1.2"),
                        ("class", p.highlighted ? "point pareto" : "point"),
                    ]
                    if !p.highlighted { attributes.append(("fill-opacity", "0.9")) }
                    svg.element(
                        "circle", attributes,
                        title: p.label
                            ?? "\(series.name): (\(AxisScale.label(p.x)), \(AxisScale.label(p.y)))")
                }
            }
        }
        for mark in figure.marks {
            let x = px(mark.x)
            let y = py(mark.y)
            let points =
                mark.shape == .up
                ? "\(n(x)),\(n(y - 6)) \(n(x - 5)),\(n(y + 3)) \(n(x + 5)),\(n(y + 3))"
                : "\(n(x)),\(n(y + 6)) \(n(x - 5)),\(n(y - 3)) \(n(x + 5)),\(n(y - 3))"
            svg.element(
                "polygon",
                [
                    ("points", points), ("fill", mark.shape == .up ? "#009E73" : "#D55E00"),
                    ("stroke", "#000000"), ("stroke-width", "0.8"),
                    ("class", mark.shape == .up ? "mark retrieve" : "mark spill"),
                ], title: mark.label)
        }
        svg.close("g")
        // Legend.
        enum Symbol {
            case line(dashed: Bool, marker: Bool)
            case marker, swatch
            case triangle(Figure.Mark.Shape)
        }
        var entries: [(name: String, color: Int, symbol: Symbol)] = []
        for series in figure.series where series.inLegend {
            entries.append(
                (
                    series.name, series.color,
                    series.line == .none
                        ? .marker : .line(dashed: series.dashed, marker: series.markers)
                ))
        }
        for entry in figure.legend { entries.append((entry.name, entry.color, .swatch)) }
        if figure.marks.contains(where: { $0.shape == .down }) {
            entries.append(("written to host (spill)", 3, .triangle(.down)))
        }
        if figure.marks.contains(where: { $0.shape == .up }) {
            entries.append(("read back (retrieve)", 2, .triangle(.up)))
        }
        if !entries.isEmpty {
            svg.open("g", [("class", "legend")])
            let legendX = left + plotWidth + 14
            let maxRows = Int((plotHeight - 10) / 18)
            for (i, entry) in entries.prefix(maxRows).enumerated() {
                let y = top + 8 + Double(i) * 18
                let color = Self.color(entry.color)
                switch entry.symbol {
                case .line(let dashed, let marker):
                    var attributes = [
                        ("x1", n(legendX)), ("y1", n(y)), ("x2", n(legendX + 24)), ("y2", n(y)),
                        ("stroke", color), ("stroke-width", "2"),
                    ]
                    if dashed { attributes.append(("stroke-dasharray", "6 4")) }
                    svg.element("line", attributes)
                    if marker {
                        svg.element(
                            "circle",
                            [
                                ("cx", n(legendX + 12)), ("cy", n(y)), ("r", "3.2"),
                                ("fill", dashed ? "#ffffff" : color), ("stroke", color),
                            ])
                    }
                case .marker:
                    svg.element(
                        "circle",
                        [
                            ("cx", n(legendX + 12)), ("cy", n(y)), ("r", "3.2"), ("fill", color),
                            ("stroke", color),
                        ])
                case .swatch:
                    svg.element(
                        "rect",
                        [
                            ("x", n(legendX + 4)), ("y", n(y - 6)), ("width", "16"),
                            ("height", "12"), ("fill", color),
                        ])
                case .triangle(let shape):
                    let points =
                        shape == .up
                        ? """
                        \(n(legendX + 12)),\(n(y - 6)) \(n(legendX + 7)),\(n(y + 3)) \
                        \(n(legendX + 17)),\(n(y + 3))
                        """
                        : """
                        \(n(legendX + 12)),\(n(y + 6)) \(n(legendX + 7)),\(n(y - 3)) \
                        \(n(legendX + 17)),\(n(y - 3))
                        """
                    svg.element(
                        "polygon",
                        [
                            ("points", points), ("fill", shape == .up ? "#009E73" : "#D55E00"),
                            ("stroke", "#000000"), ("stroke-width", "0.8"),
                        ])
                }
                svg.element(
                    "text", [("x", n(legendX + 30)), ("y", n(y + 4)), ("font-size", "11")],
                    text: Self.shortened(entry.name, to: 34))
            }
            if entries.count > maxRows {
                svg.element(
                    "text",
                    [
                        ("x", n(legendX)), ("y", n(top + 8 + Double(maxRows) * 18 + 4)),
                        ("font-size", "11"), ("fill", "#555555"),
                    ], text: "… \(entries.count - maxRows) more")
            }
            svg.close("g")
        }
        if let footnote = figure.footnote {
            svg.element(
                "text",
                [
                    ("x", n(left)), ("y", n(panelHeight + 4)), ("font-size", "11"),
                    ("fill", "#555555"), ("class", "footnote"),
                ], text: footnote)
        }
    }

    static func shortened(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }
}
