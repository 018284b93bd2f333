import Foundation
import TestSupport
import Testing

@testable import Reports

@Suite("Charts from results tables")
struct ChartTests {
    static func results(_ name: String) -> String {
        packageRoot.appendingPathComponent("results/\(name)").path
    }

    @Test("Curve: one marker per row and y column, one line per group and column, valid XML")
    func curve() throws {
        let table = try ResultTable(path: Self.results("melange-paper-arena.csv"))
        var spec = ChartSpec(kind: .curve)
        spec.x = "total_request_rate_rps"
        spec.y = ["cost_per_hour", "best_single_cost_per_hour"]
        spec.group = ["tpot_slo_ms"]
        let figures = try ChartBuilder.figures(table: table, spec: spec)
        let svg = SVGInspection(SVGRenderer().render(figures))
        #expect(svg.isWellFormed)
        #expect(svg.count("circle", classes: ["point"]) == table.rows.count * 2)
        #expect(svg.count("path", classes: ["series"]) == 2 * 2)
        #expect(svg.count("polygon", classes: ["band"]) == 0)
        // The 32 req/s, 40 ms point (4.68 $/h in the CSV) is drawn at its value: its hover text
        // carries it.
        #expect(svg.texts.contains { $0.contains("tpot_slo_ms 40 · cost: (32, 4.68)") })
        // …and at the right place: x axis 0–40 and y axis 0–8 over the 552 × 280 pixel plot area.
        let renderer = SVGRenderer()
        let plotWidth = renderer.panelWidth - 78 - 250
        let plotHeight = renderer.panelHeight - 40 - 60
        let point = try #require(
            svg.elements("circle", classes: ["point"]).first {
                abs(Double($0["cx"]!)! - (78 + 32.0 / 40 * plotWidth)) < 0.01
                    && $0["fill"] != "#ffffff"
                    && abs(Double($0["cy"]!)! - (40 + (1 - 4.68 / 8) * plotHeight)) < 0.01
            })
        #expect(point["r"] == "3.2")
    }

    @Test(
        "Curve with repeated x (seeds): the mean, with a min–max band, matching a hand computation")
    func repeated() throws {
        let table = try ResultTable(
            text:
                "rate,seed,run_key,family,objective\n1,1,a,f,2\n1,2,b,f,4\n2,1,c,f,3\n2,2,d,f,9\n",
            path: "r.csv")
        var spec = ChartSpec(kind: .curve)
        spec.x = "rate"
        spec.y = ["objective"]
        spec.group = []
        let figure = try #require(try ChartBuilder.figures(table: table, spec: spec).first)
        #expect(figure.series.count == 1)
        #expect(figure.series[0].points.map(\.y) == [3, 6])
        #expect(figure.series[0].points.map(\.low) == [2, 3])
        #expect(figure.series[0].points.map(\.high) == [4, 9])
        let svg = SVGInspection(SVGRenderer().render([figure]))
        #expect(svg.isWellFormed)
        #expect(svg.count("polygon", classes: ["band"]) == 1)
        #expect(svg.count("circle", classes: ["point"]) == 2)
    }

    @Test(
        """
        Pareto flags equal a brute-force dominance check on the HAWQ-V3 frontier and on random \
        points
        """
    )
    func paretoFlags() throws {
        var generator = SplitMix64(seed: 7)
        for trial in 0..<20 {
            let points = (0..<(5 + trial)).map { _ in
                (x: Double(generator.next() % 10), y: Double(generator.next() % 10))
            }
            for (mx, my) in [(false, false), (true, false), (false, true)] {
                let flags = ChartBuilder.paretoFlags(points, maximizeX: mx, maximizeY: my)
                for (i, p) in points.enumerated() {
                    let dominated = points.contains { q in
                        let qx = mx ? -q.x : q.x
                        let qy = my ? -q.y : q.y
                        let px = mx ? -p.x : p.x
                        let py = my ? -p.y : p.y
                        return qx <= px && qy <= py && (qx < px || qy < py)
                    }
                    #expect(flags[i] == !dominated)
                }
            }
        }
        // The latency frontier file holds only non-dominated points, by construction of `dse
        // sweep`.
        let table = try ResultTable(path: Self.results("hawq-v3-resnet18-latency-frontier.csv"))
        var spec = ChartSpec(kind: .pareto)
        spec.x = "latency_used_ms"
        spec.y = ["sensitivity"]
        let svg = SVGInspection(
            SVGRenderer().render(try ChartBuilder.figures(table: table, spec: spec)))
        #expect(svg.isWellFormed)
        #expect(svg.count("circle", classes: ["point"]) == table.rows.count)
        #expect(svg.count("circle", classes: ["pareto"]) == table.rows.count)
    }

    @Test(
        """
        Convergence: per engine and trace one point per best_at_N column, mean over the seeds \
        by hand
        """
    )
    func convergence() throws {
        let table = try ResultTable(path: Self.results("memory-controller-engines.csv"))
        let spec = try ChartSpec().resolved(for: table)
        #expect(spec.kind == .convergence)
        #expect(spec.facet == "trace")
        #expect(spec.group == ["engine"])
        let figures = try ChartBuilder.figures(table: table, spec: spec)
        let traces = try table.distinct("trace")
        let engines = try table.distinct("engine")
        #expect(figures.count == traces.count)
        let svg = SVGInspection(SVGRenderer().render(figures))
        #expect(svg.isWellFormed)
        #expect(svg.count("circle", classes: ["point"]) == traces.count * engines.count * 5)
        // Mean of best_at_10 for random on the stream trace, computed here from the rows.
        let rows = try table.filtered([("trace", "traces/stream.stl"), ("engine", "random")])
        let values = try rows.numbers("best_at_10").compactMap { $0 }
        let first = try #require(figures[0].series.first { $0.name == "random" }?.points.first)
        #expect(first.x == 10)
        #expect(abs(first.y - values.reduce(0, +) / Double(values.count)) < 1e-9)
        #expect(first.low == values.min() && first.high == values.max())
    }

    @Test("Auto picks a kind and columns from the family")
    func auto() throws {
        let melange = try ChartSpec().resolved(
            for: try ResultTable(path: Self.results("melange-paper-pubmed.csv")))
        #expect(
            melange.kind == .curve && melange.x == "total_request_rate_rps"
                && melange.y == ["cost_per_hour", "best_single_cost_per_hour"])
        #expect(melange.group == ["tpot_slo_ms"])
        let hawq = try ChartSpec().resolved(
            for: try ResultTable(path: Self.results("hawq-v3-resnet18-fractions.csv")))
        #expect(hawq.kind == .pareto && hawq.x == "latency_ms" && hawq.y == ["sensitivity"])
        let cosma = try ChartSpec().resolved(
            for: try ResultTable(path: Self.results("cosma-networks.csv")))
        #expect(
            cosma.kind == .curve && cosma.facet == "graph"
                && cosma.y == ["offchip_bytes", "best_baseline_bytes"])
    }

    @Test("A text column on x becomes categories in order of appearance")
    func categories() throws {
        let table = try ResultTable(path: Self.results("cosma-networks.csv"))
        var spec = ChartSpec(kind: .curve)
        spec.x = "budget"
        spec.y = ["offchip_bytes"]
        spec.group = ["schedule"]
        spec.filter = [("graph", "resnet50"), ("include_weights", "true")]
        let figure = try #require(try ChartBuilder.figures(table: table, spec: spec).first)
        #expect(figure.xCategories == ["M_R", "M_H", "M_P"])
        #expect(figure.series.map(\.points.count) == [3, 3])
    }

    @Test("Impossible requests are clear errors")
    func errors() throws {
        let table = try ResultTable(path: Self.results("melange-paper-arena.csv"))
        var spec = ChartSpec(kind: .curve)
        spec.x = "nonexistent"
        #expect(throws: ReportError.self) { try ChartBuilder.figures(table: table, spec: spec) }
        spec = ChartSpec(kind: .convergence)
        #expect(throws: ReportError.self) { try ChartBuilder.figures(table: table, spec: spec) }
        spec = ChartSpec(kind: .memoryMap)
        #expect(throws: ReportError.self) { try ChartBuilder.figures(table: table, spec: spec) }
        spec = ChartSpec(kind: .curve)
        spec.filter = [("tpot_slo_ms", "999")]
        #expect(throws: ReportError.self) { try ChartBuilder.figures(table: table, spec: spec) }
        spec = ChartSpec(kind: .curve)
        spec.y = ["saving_vs_best_single_type"]
        spec.logY = true
        let zeros = try ResultTable(
            text: "rate,run_key,family,saving\n1,a,melange,0\n2,b,melange,0\n", path: "z.csv")
        spec.y = ["saving"]
        #expect(throws: ReportError.self) { try ChartBuilder.figures(table: zeros, spec: spec) }
    }

    @Test("Text in labels is escaped, so the SVG stays well-formed")
    func escaping() throws {
        let table = try ResultTable(
            text: "x,name,run_key,family,objective\n1,\"a<b&\"\"c\",k,f,1\n2,\"a<b&\"\"c\",l,f,2\n",
            path: "e.csv")
        var spec = ChartSpec(kind: .curve)
        spec.x = "x"
        spec.y = ["objective"]
        spec.group = ["name"]
        spec.title = "<&>"
        let svg = SVGInspection(
            SVGRenderer().render(try ChartBuilder.figures(table: table, spec: spec)))
        #expect(svg.isWellFormed)
        #expect(svg.texts.contains("<&>"))
    }
}
