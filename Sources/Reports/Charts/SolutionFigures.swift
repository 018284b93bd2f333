import Foundation
import Problems

/// Pictures of one solve, drawn from its result JSON (what `dse solve --json` prints): COSMA's
/// memory map, Mélange's GPU allocation, the mixed-precision bit map over layers.
public enum SolutionFigures {
    /// The families that have a picture.
    public static let families = ["cosma", "melange", "mixed-precision"]

    /// The figures for a result envelope read from a file.
    public static func figures(resultFile path: String) throws(ReportError) -> [Figure] {
        do throws(ProblemFileError) {
            return try figures(envelope: try ProblemFile.root(of: path))
        } catch {
            throw .badFile(error)
        }
    }

    /// The figures for a result envelope in memory.
    public static func figures(envelope: ResultEnvelope) throws(ReportError) -> [Figure] {
        do throws(ProblemFileError) {
            return try figures(
                envelope: try ProblemFile.root(text: envelope.json.serialized, file: "(result)"))
        } catch {
            throw .badFile(error)
        }
    }

    static func figures(envelope: SpecNode) throws(ProblemFileError) -> [Figure] {
        let document = try envelope.mapping(allowedKeys: [
            "family", "solver", "conflict", "status", "objective", "best_bound", "gap",
            "solve_seconds", "result",
        ])
        let family = try document.required("family").string()
        let status = try document.optional("status")?.string() ?? "unknown"
        let result = try document.required("result")
        switch family {
        case "cosma": return [try memoryMap(result, status: status)]
        case "melange": return [try allocation(result, status: status)]
        case "mixed-precision": return [try bitMap(result, status: status)]
        default:
            throw envelope.error(
                """
                family '\(family)' has no single-solve picture (there are pictures for \
                \(families.joined(separator: ", "))); draw its batch results with `dse report \
                RESULTS.csv`
                """
            )
        }
    }

    static func members(_ node: SpecNode) throws(ProblemFileError) -> [String: SpecNode] {
        var out: [String: SpecNode] = [:]
        for entry in try node.namedEntries() { out[entry.name] = entry.node }
        return out
    }

    static func number(_ node: SpecNode?) -> Double? { node.flatMap { try? $0.double() } }

    /// Address × step: one rectangle per tensor and stretch of steps at one address, a colour per
    /// tensor; triangles where a tensor is written to host (▼, after its step) or read back (▲).
    static func memoryMap(_ result: SpecNode, status: String) throws(ProblemFileError) -> Figure {
        let fields = try members(result)
        guard let mapNode = fields["memory_map"], let scheduleNode = fields["schedule"] else {
            throw result.error(
                """
                has no memory_map and schedule (a COSMA result from this version of DSEKit has \
                both)
                """
            )
        }
        let steps = try mapNode.array()
        guard !steps.isEmpty else {
            throw mapNode.error(
                """
                is empty: the solve found no plan (status \(status)), so there is no memory \
                map to draw
                """
            )
        }
        let schedule = try scheduleNode.array().map { node throws(ProblemFileError) in
            try node.int()
        }
        let budget = number(fields["budget_bytes"])
        var placements: [[(tensor: Int, address: Int, bytes: Int)]] = []
        for step in steps {
            placements.append(
                try step.array().map { cell throws(ProblemFileError) in
                    let values = try cell.array()
                    guard values.count == 3 else {
                        throw cell.error("expected [tensor, address, bytes]")
                    }
                    return (try values[0].int(), try values[1].int(), try values[2].int())
                })
        }
        // Colour per tensor in order of first appearance.
        var colorOf: [Int: Int] = [:]
        for step in placements {
            for p in step where colorOf[p.tensor] == nil { colorOf[p.tensor] = colorOf.count }
        }
        var figure = Figure(
            title:
                """
                Scratchpad memory map \
                (\(fields["graph"].flatMap { try? $0.string() } ?? "graph"), \(status))
                """,
            xLabel: "step (operator in schedule order)", yLabel: "scratchpad address (bytes)")
        figure.yDownward = true
        var startOf: [Int: (step: Int, address: Int, bytes: Int)] = [:]
        func close(_ tensor: Int, at end: Int) {
            guard let open = startOf.removeValue(forKey: tensor) else { return }
            figure.rectangles.append(
                Figure.Rectangle(
                    x0: Double(open.step), x1: Double(end), y0: Double(open.address),
                    y1: Double(open.address + open.bytes), color: colorOf[tensor] ?? 0,
                    label:
                        """
                        tensor \(tensor): \(open.bytes) bytes at \(open.address), steps \
                        \(open.step)–\(end - 1)
                        """,
                    text: "t\(tensor)"))
        }
        for (s, step) in placements.enumerated() {
            let here = Dictionary(step.map { ($0.tensor, $0) }, uniquingKeysWith: { a, _ in a })
            for (tensor, open) in startOf
            where here[tensor].map({ $0.address != open.address }) ?? true { close(tensor, at: s) }
            for p in step where startOf[p.tensor] == nil {
                startOf[p.tensor] = (s, p.address, p.bytes)
            }
        }
        for tensor in startOf.keys.sorted() { close(tensor, at: placements.count) }
        figure.rectangles.sort { ($0.x0, $0.y0) < ($1.x0, $1.y0) }
        func addressMid(_ tensor: Int, _ step: Int) -> Double? {
            guard placements.indices.contains(step),
                let p = placements[step].first(where: { $0.tensor == tensor })
            else { return nil }
            return Double(p.address) + Double(p.bytes) / 2
        }
        for pair in try fields["spills"]?.array() ?? [] {
            let v = try pair.array()
            guard v.count == 2 else { continue }
            let step = try v[0].int()
            let tensor = try v[1].int()
            if let y = addressMid(tensor, step) {
                figure.marks.append(
                    Figure.Mark(
                        x: Double(step + 1), y: y, shape: .down,
                        label: "tensor \(tensor) written to host after step \(step)"))
            }
        }
        for pair in try fields["retrievals"]?.array() ?? [] {
            let v = try pair.array()
            guard v.count == 2 else { continue }
            let step = try v[0].int()
            let tensor = try v[1].int()
            if let y = addressMid(tensor, step) {
                figure.marks.append(
                    Figure.Mark(
                        x: Double(step), y: y, shape: .up,
                        label: "tensor \(tensor) read back before step \(step)"))
            }
        }
        if let budget {
            figure.series.append(
                Figure.Series(
                    name: "budget \(AxisScale.label(budget)) bytes",
                    points: [
                        Figure.Point(x: 0, y: budget),
                        Figure.Point(x: Double(placements.count), y: budget),
                    ],
                    line: .straight, markers: false, dashed: true, color: 7))
        }
        let offchip =
            number(fields["offchip_bytes"]).map {
                "\(JSONValue.format($0)) non-compulsory bytes off chip"
            } ?? ""
        figure.footnote =
            "\(placements.count) steps, order "
            + schedule.prefix(16).map(String.init).joined(separator: " ")
            + (schedule.count > 16 ? " …" : "") + (offchip.isEmpty ? "" : "; " + offchip)
        return figure
    }

    /// GPUs of each type in the allocation (bars), labelled with count and utilisation.
    static func allocation(_ result: SpecNode, status: String) throws(ProblemFileError) -> Figure {
        let fields = try members(result)
        guard let gpusNode = fields["gpus"] else {
            throw result.error("has no gpus (a Mélange result has the count per GPU type)")
        }
        let gpus = try gpusNode.namedEntries()
        guard !gpus.isEmpty else {
            throw gpusNode.error(
                """
                is empty: the solve found no allocation (status \(status)), so there is \
                nothing to draw
                """
            )
        }
        let utilization = try fields["utilization"].map(members) ?? [:]
        let cost = number(fields["cost_per_hour"])
        var figure = Figure(
            title: "Mélange allocation" + (cost.map { String(format: ": %.2f $/h", $0) } ?? "")
                + " (\(status))",
            xLabel: "GPU type", yLabel: "GPUs rented (count)")
        figure.xCategories = gpus.map(\.name)
        figure.yIncludesZero = true
        for (i, gpu) in gpus.enumerated() {
            let count = try gpu.node.double()
            let use = number(utilization[gpu.name])
            figure.rectangles.append(
                Figure.Rectangle(
                    x0: Double(i) - 0.35, x1: Double(i) + 0.35, y0: 0, y1: count, color: i,
                    label: "\(gpu.name): \(JSONValue.format(count)) GPUs"
                        + (use.map { String(format: ", %.0f %% utilised", $0 * 100) } ?? ""),
                    text: count > 0 ? JSONValue.format(count) : nil))
        }
        // An invisible series fixes the y range to include the bars' tops.
        let top = figure.rectangles.map(\.y1).max() ?? 1
        figure.series.append(
            Figure.Series(
                name: "", points: [Figure.Point(x: 0, y: 0), Figure.Point(x: 0, y: max(top, 1))],
                line: .none, markers: false, color: 0, inLegend: false))
        if let single = fields["best_single_type"], let singleFields = try? members(single),
            let name = singleFields["gpu"].flatMap({ try? $0.string() }),
            let count = number(singleFields["count"]),
            let singleCost = number(singleFields["cost_per_hour"])
        {
            figure.footnote =
                String(
                    format: "Best single GPU type: %@ × %@ at %.2f $/h", JSONValue.format(count),
                    name, singleCost)
                + (number(fields["saving_vs_best_single_type"]).map {
                    String(format: "; saving %.0f %%", $0 * 100)
                } ?? "")
        }
        return figure
    }

    /// Bits per layer: a row of cells for weights (and one for activations when they differ).
    static func bitMap(_ result: SpecNode, status: String) throws(ProblemFileError) -> Figure {
        let fields = try members(result)
        guard let layersNode = fields["layers"], let bitsNode = fields["bits"] else {
            throw result.error("has no layers and bits (a mixed-precision result has both)")
        }
        let layers = try layersNode.array().map { node throws(ProblemFileError) in try node.string()
        }
        let bits = try bitsNode.array().map { node throws(ProblemFileError) in try node.int() }
        guard !bits.isEmpty else {
            throw bitsNode.error(
                """
                is empty: the solve found no configuration (status \(status)), so there is \
                nothing to draw
                """
            )
        }
        guard bits.count == layers.count else {
            throw bitsNode.error("has \(bits.count) entries for \(layers.count) layers")
        }
        let activations = try fields["activation_bits"].map { node throws(ProblemFileError) in
            try node.array().map { n throws(ProblemFileError) in try n.int() }
        }
        var rows: [(name: String, bits: [Int])] = [("weights", bits)]
        if let activations, activations.count == layers.count {
            rows.append(("activations", activations))
        }
        var figure = Figure(title: "Bit width per layer (\(status))", xLabel: "layer", yLabel: "")
        figure.xCategories = layers.indices.map { String($0) }
        figure.yCategories = rows.map(\.name)
        let widths = Array(Set(rows.flatMap(\.bits))).sorted()
        let colorOf = Dictionary(
            uniqueKeysWithValues: widths.enumerated().map {
                ($0.element, [1, 0, 2, 4, 5, 3][$0.offset % 6])
            })
        for (r, row) in rows.enumerated() {
            for (i, b) in row.bits.enumerated() {
                figure.rectangles.append(
                    Figure.Rectangle(
                        x0: Double(i) - 0.5, x1: Double(i) + 0.5, y0: Double(r) - 0.45,
                        y1: Double(r) + 0.45,
                        color: colorOf[b] ?? 7,
                        label: "layer \(i) \(layers[i]): \(row.name) \(b) bits", text: String(b)))
            }
        }
        figure.legend = widths.map { ("\($0)-bit", colorOf[$0] ?? 7) }
        if let resources = fields["resources"], let entries = try? resources.namedEntries() {
            let used = entries.compactMap { entry -> String? in
                guard let m = try? members(entry.node), let u = number(m["used"]) else {
                    return nil
                }
                let unit = m["unit"].flatMap { try? $0.string() } ?? ""
                return "\(entry.name) \(AxisScale.label(u))"
                    + (number(m["budget"]).map { " of \(AxisScale.label($0))" } ?? "")
                    + (unit.isEmpty ? "" : " \(unit)")
            }
            if !used.isEmpty { figure.footnote = used.joined(separator: "; ") }
        }
        return figure
    }
}
