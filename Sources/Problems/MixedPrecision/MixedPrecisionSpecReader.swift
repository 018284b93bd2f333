import CostModels
import Foundation

/// Reads a `mixed-precision` problem file:
///
/// ```yaml
/// family: mixed-precision
/// bit_widths: [4, 8]                   # weights and activations alike (HAWQ-V3), or
/// # bit_pairs: [[4, 8], [8, 8]]        # [weight bits, activation bits] pairs
/// layers:                              # inline layers …
///   - name: conv1
///     weights: 36864                   # weight count
///     macs: 115605504                  # multiply-accumulates per input
///     sensitivity: {4: 0.46, 8: 0.0016}   # Ω per bit width (keys: bits, or W4A8 for pairs)
///     latency_ms: {4: 0.21, 8: 0.36}   # optional measured latency
///     bit_widths: [4, 8]               # optional: this layer's own choices
/// published_layers:                    # … or the published data in problems/mixed-precision/data
///   hawq_v3_csv: data/hawq-v3-resnet18.csv   # weights, MACs, T4 INT4/INT8 latency, Hessian data
///   sensitivity: hawq-v3               # Ω(b) = trace · ‖Q_b(W) − W‖²  (or ohq-mqe)
///   ohq_mqe_csv: data/ohq-mqe-resnet18.csv   # with sensitivity: ohq-mqe
///   mask_ratio_for_bits: {4: 0.75, 8: 0.25}  # which mask ratio stands for which bit width
/// latency: {source: measured}          # or {source: model, device: t4 | a100 | bit-serial}
/// ties: [[stage2.unit1.quant_convbn1, stage2.unit1.quant_identity_convbn]]
/// pinned: {conv1: 8}
/// budgets:
///   - {resource: size, fraction: 0.5}  # between all-lowest and all-highest bits
///   - {resource: latency, limit: 3.2}  # or absolute, in MB / GBOPs / ms
/// ```
enum MixedPrecisionSpecReader {
    static let keys = [
        "family", "solver", "description", "bit_widths", "bit_pairs", "layers", "published_layers",
        "latency",
        "ties", "pinned", "budgets", "time_limit_s",
    ]

    static func read(_ root: SpecNode) throws(ProblemFileError) -> (MixedPrecisionInstance, Double?)
    {
        let document = try root.mapping(allowedKeys: keys)
        let choices = try readChoices(document)
        let latency = try document.optional("latency")?.mapping(allowedKeys: ["source", "device"])
        let latencySource = try latency?.optional("source")?.string() ?? "measured"
        guard ["measured", "model"].contains(latencySource) else {
            throw try latency?.required("source").error(
                "must be measured or model, got '\(latencySource)'")
                ?? root.error("bad latency source")
        }
        var device: QuantizedDeviceProfile?
        if latencySource == "model" {
            guard let deviceNode = latency?.optional("device") else {
                throw root.error("latency: {source: model} needs a device (t4, a100, bit-serial)")
            }
            let name = try deviceNode.string()
            guard let profile = QuantizedDeviceCatalog.profile(named: name) else {
                throw deviceNode.error(
                    """
                    no device '\(name)' (known: \
                    \(QuantizedDeviceCatalog.all.map(\.name).joined(separator: ", ")))
                    """
                )
            }
            device = profile
        }

        var layers: [MixedPrecisionInstance.Layer]
        switch (document.optional("layers"), document.optional("published_layers")) {
        case (let node?, nil): layers = try inlineLayers(node, choices: choices)
        case (nil, let node?): layers = try publishedLayers(node, choices: choices)
        case (.some, .some):
            throw try document.required("layers").error("give layers or published_layers, not both")
        case (nil, nil): throw root.error("needs layers (inline) or published_layers")
        }
        if let device {
            for i in layers.indices {
                var table = [Double](repeating: 0, count: choices.count)
                for c in layers[i].allowed {
                    guard
                        let seconds = QuantizedLayerCost().latencySeconds(
                            macs: layers[i].macs, weights: layers[i].weights,
                            weightBits: choices[c].weightBits,
                            activationBits: choices[c].activationBits, on: device)
                    else {
                        throw root.error(
                            """
                            device \(device.name) cannot run \(choices[c]) bits (layer \
                            \(layers[i].name))
                            """
                        )
                    }
                    table[c] = seconds * 1000
                }
                layers[i].latencyMs = table
            }
        }

        let layerIndex = Dictionary(
            layers.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        func index(of nameNode: SpecNode) throws(ProblemFileError) -> Int {
            let name = try nameNode.string()
            guard let i = layerIndex[name] else { throw nameNode.error("no layer named '\(name)'") }
            return i
        }
        var tieGroups: [[Int]] = []
        if let tiesNode = document.optional("ties") {
            var parent = Array(layers.indices)
            /// Union-find root, halving the path as it goes (no recursion: ties may chain thousands
            /// of layers).
            func find(_ x: Int) -> Int {
                var x = x
                while parent[x] != x {
                    parent[x] = parent[parent[x]]
                    x = parent[x]
                }
                return x
            }
            for tie in try tiesNode.array() {
                let members = try tie.array()
                guard members.count >= 2 else {
                    throw tie.error("a tie needs at least two layer names")
                }
                let first = try index(of: members[0])
                for member in members.dropFirst() {
                    let other = try index(of: member)
                    guard Set(layers[first].allowed) == Set(layers[other].allowed) else {
                        throw tie.error(
                            """
                            ties \(layers[first].name) and \(layers[other].name), which allow \
                            different bit widths
                            """
                        )
                    }
                    parent[find(other)] = find(first)
                }
            }
            var groups: [Int: [Int]] = [:]
            for i in layers.indices { groups[find(i), default: []].append(i) }
            tieGroups = groups.values.filter { $0.count > 1 }.map { $0.sorted() }.sorted {
                $0[0] < $1[0]
            }
        }
        var pins: [Int: Int] = [:]
        if let pinnedNode = document.optional("pinned") {
            for (name, node, _) in try pinnedNode.namedEntries() {
                guard let i = layerIndex[name] else { throw node.error("no layer named '\(name)'") }
                let c = try choiceIndex(node, choices: choices)
                guard layers[i].allowed.contains(c) else {
                    throw node.error("\(name) does not allow \(choices[c]) bits")
                }
                pins[i] = c
            }
            for group in tieGroups where Set(group.compactMap { pins[$0] }).count > 1 {
                throw pinnedNode.error(
                    """
                    tied layers \(group.map { layers[$0].name }.joined(separator: ", ")) are \
                    pinned to different bit widths
                    """
                )
            }
        }
        var instance = MixedPrecisionInstance(
            choices: choices, layers: layers, tieGroups: tieGroups, pins: pins, budgets: [])
        for budgetNode in try document.required("budgets").array() {
            let budget = try budgetNode.mapping(allowedKeys: ["resource", "fraction", "limit"])
            let resourceNode = try budget.required("resource")
            let name = try resourceNode.string()
            guard let resource = MixedPrecisionInstance.Resource(rawValue: name) else {
                throw resourceNode.error("unknown resource '\(name)' (size, bops, latency)")
            }
            if resource == .latency,
                let missing = layers.firstIndex(where: { layer in
                    layer.latencyMs == nil
                        || layer.allowed.contains { layer.latencyMs?[$0].isNaN ?? true }
                })
            {
                throw resourceNode.error(
                    """
                    layer \(layers[missing].name) has no latency for every allowed bit width; \
                    give latency_ms, or latency: {source: model, device: …}
                    """
                )
            }
            switch (budget.optional("fraction"), budget.optional("limit")) {
            case (let fractionNode?, nil):
                let fraction = try fractionNode.double()
                guard (0...1).contains(fraction) else {
                    throw fractionNode.error(
                        """
                        must lie between 0 (all lowest bits) and 1 (all highest), got \
                        \(JSONValue.format(fraction))
                        """
                    )
                }
                instance.budgets.append(instance.budget(resource, fraction: fraction))
            case (nil, let limitNode?):
                instance.budgets.append(
                    .init(
                        resource: resource, limit: try limitNode.double(in: 0...1e18), fraction: nil
                    ))
            default:
                throw budgetNode.error("give either fraction or limit")
            }
        }
        var timeLimit: Double?
        if let node = document.optional("time_limit_s") {
            timeLimit = try node.timeLimitSeconds()
        }
        return (instance, timeLimit)
    }

    static func readChoices(_ document: SpecMapping) throws(ProblemFileError)
        -> [MixedPrecisionInstance.Choice]
    {
        var choices: [MixedPrecisionInstance.Choice] = []
        switch (document.optional("bit_widths"), document.optional("bit_pairs")) {
        case (let node?, nil):
            for item in try node.array() {
                let bits = try item.int()
                guard (1...32).contains(bits) else {
                    throw item.error("a bit width must be 1 to 32, got \(bits)")
                }
                choices.append(.init(weightBits: bits, activationBits: bits))
            }
        case (nil, let node?):
            for item in try node.array() {
                let pair = try item.array()
                guard pair.count == 2 else {
                    throw item.error("a pair is [weight bits, activation bits]")
                }
                let w = try pair[0].int()
                let a = try pair[1].int()
                guard (1...32).contains(w), (1...32).contains(a) else {
                    throw item.error("bit widths must be 1 to 32")
                }
                choices.append(.init(weightBits: w, activationBits: a))
            }
        case (.some, .some):
            throw try document.required("bit_widths").error(
                "give bit_widths or bit_pairs, not both")
        case (nil, nil):
            throw try document.required("bit_widths").error("required")
        }
        let listNode: SpecNode
        if let widths = document.optional("bit_widths") {
            listNode = widths
        } else {
            listNode = try document.required("bit_pairs")
        }
        guard !choices.isEmpty else { throw listNode.error("is empty") }
        guard Set(choices).count == choices.count else {
            throw listNode.error("lists a bit width twice")
        }
        return choices
    }

    /// A choice given as `4` (bit width) or `W4A8`.
    static func choiceIndex(_ node: SpecNode, choices: [MixedPrecisionInstance.Choice])
        throws(ProblemFileError) -> Int
    {
        let text = try node.string()
        return try choiceIndex(text, node: node, choices: choices)
    }

    static func choiceIndex(
        _ text: String, node: SpecNode, choices: [MixedPrecisionInstance.Choice]
    ) throws(ProblemFileError) -> Int {
        if let c = choices.firstIndex(where: { $0.description == text }) { return c }
        if let bits = Int(text),
            let c = choices.firstIndex(where: { $0.weightBits == bits && $0.activationBits == bits }
            )
        {
            return c
        }
        // W<weight bits>A<activation bits>, also for equal pairs (W4A4 = 4).
        let upper = text.uppercased()
        if upper.hasPrefix("W"), let a = upper.firstIndex(of: "A"),
            let w = Int(upper[upper.index(after: upper.startIndex)..<a]),
            let act = Int(upper[upper.index(after: a)...]),
            let c = choices.firstIndex(where: { $0.weightBits == w && $0.activationBits == act })
        {
            return c
        }
        throw node.error(
            """
            '\(text)' is not one of the allowed bit widths \
            (\(choices.map(\.description).joined(separator: ", ")))
            """
        )
    }

    /// A map from choice to number, with a value for every allowed choice.
    static func perChoice(
        _ node: SpecNode, allowed: [Int], choices: [MixedPrecisionInstance.Choice], what: String
    ) throws(ProblemFileError) -> [Double] {
        var values = [Double](repeating: .nan, count: choices.count)
        for (key, valueNode, _) in try node.namedEntries() {
            // Sensitivities and latencies: non-negative, and small enough to stay meaningful as
            // ILP coefficients (a sum over a network of them must be finite).
            values[try choiceIndex(key, node: valueNode, choices: choices)] = try valueNode.double(
                in: 0...1e15)
        }
        for c in allowed where values[c].isNaN {
            throw node.error("has no \(what) for \(choices[c]) bits")
        }
        return values.map { $0.isNaN ? 0 : $0 }
    }

    static func inlineLayers(_ node: SpecNode, choices: [MixedPrecisionInstance.Choice])
        throws(ProblemFileError) -> [MixedPrecisionInstance.Layer]
    {
        var layers: [MixedPrecisionInstance.Layer] = []
        var names: Set<String> = []
        for layerNode in try node.array() {
            let layer = try layerNode.mapping(allowedKeys: [
                "name", "weights", "macs", "sensitivity", "latency_ms", "bit_widths",
            ])
            let name = try layer.required("name").string()
            guard names.insert(name).inserted else {
                throw try layer.required("name").error("layer '\(name)' appears twice")
            }
            var allowed = Array(choices.indices)
            if let own = layer.optional("bit_widths") {
                allowed = []
                for item in try own.array() {
                    allowed.append(try choiceIndex(item, choices: choices))
                }
            }
            var latency: [Double]?
            if let latencyNode = layer.optional("latency_ms") {
                latency = try perChoice(
                    latencyNode, allowed: allowed, choices: choices, what: "latency")
            }
            layers.append(
                .init(
                    name: name, weights: try layer.required("weights").double(in: 0...1e13),
                    macs: try layer.required("macs").double(in: 0...1e16), allowed: allowed,
                    sensitivity: try perChoice(
                        layer.required("sensitivity"), allowed: allowed, choices: choices,
                        what: "sensitivity"),
                    latencyMs: latency))
        }
        guard !layers.isEmpty else { throw node.error("lists no layer") }
        return layers
    }

    static func publishedLayers(_ node: SpecNode, choices: [MixedPrecisionInstance.Choice])
        throws(ProblemFileError) -> [MixedPrecisionInstance.Layer]
    {
        let spec = try node.mapping(allowedKeys: [
            "hawq_v3_csv", "sensitivity", "ohq_mqe_csv", "mask_ratio_for_bits",
        ])
        func path(_ key: String) throws(ProblemFileError) -> String {
            try spec.required(key).inputPath(what: "CSV file")
        }
        let hawqNode = try spec.required("hawq_v3_csv")
        let rows = try PublishedLayerData.hawq(try path("hawq_v3_csv"), from: hawqNode)
        let source = try spec.optional("sensitivity")?.string() ?? "hawq-v3"
        var sensitivities: [[Double]] = []
        switch source {
        case "hawq-v3":
            // Ω(b) = trace · Δ_b². The data give Δ for 8 and 4 bits; other widths are modelled as
            // a uniform quantizer's error, whose square scales by 4 per bit: Δ_b² = Δ4² · 4^(4−b).
            sensitivities = rows.map { row in
                choices.map { choice in
                    let b = choice.weightBits
                    let delta =
                        b == 8
                        ? row.deltaSquared8
                        : (b == 4 ? row.deltaSquared4 : row.deltaSquared4 * pow(4, Double(4 - b)))
                    return row.hessianTracePerParameter * delta
                }
            }
        case "ohq-mqe":
            let klNode = try spec.required("ohq_mqe_csv")
            let kl = try PublishedLayerData.maskKL(try path("ohq_mqe_csv"), from: klNode)
            let ratiosNode = try spec.required("mask_ratio_for_bits")
            var ratioForChoice: [Int: Double] = [:]
            for (key, valueNode, _) in try ratiosNode.namedEntries() {
                ratioForChoice[try choiceIndex(key, node: valueNode, choices: choices)] =
                    try valueNode.double()
            }
            for c in choices.indices where ratioForChoice[c] == nil {
                throw ratiosNode.error("has no mask ratio for \(choices[c]) bits")
            }
            for row in rows {
                var values: [Double] = []
                for c in choices.indices {
                    guard let value = kl[row.layer]?[ratioForChoice[c] ?? -1] else {
                        throw klNode.error(
                            """
                            no KL value for layer \(row.layer) at mask ratio \
                            \(JSONValue.format(ratioForChoice[c] ?? -1))
                            """
                        )
                    }
                    values.append(value)
                }
                sensitivities.append(values)
            }
        default:
            throw try spec.required("sensitivity").error(
                "must be hawq-v3 or ohq-mqe, got '\(source)'")
        }
        return rows.enumerated().map { k, row in
            let latency = choices.map {
                $0.weightBits == 4 && $0.activationBits == 4
                    ? row.latencyInt4
                    : ($0.weightBits == 8 && $0.activationBits == 8 ? row.latencyInt8 : Double.nan)
            }
            return MixedPrecisionInstance.Layer(
                name: row.layer, weights: row.weights, macs: row.macs,
                allowed: Array(choices.indices),
                sensitivity: sensitivities[k], latencyMs: latency)
        }
    }
}
