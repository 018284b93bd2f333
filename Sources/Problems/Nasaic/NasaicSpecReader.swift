import CostModels
import Foundation
import Search

/// Reads a `nasaic` problem file:
///
/// ```yaml
/// family: nasaic
/// tasks:
///   - name: classification
///     dataset: CIFAR-10
///     backbone: resnet                # resnet | unet
///     input: {height: 32, width: 32, channels: 3}
///     outputs: 10                     # classes (resnet) or output channels (unet)
///     weight: 0.5                     # of the weighted accuracy (default: equal)
///     stages:                         # per stage: the choices searched
///       - {channels: [16, 32, 64], kernel: [3, 5], repeats: [1, 2]}
///     accuracy: {synthetic: {base: 0.80, gain: 0.15, macs_scale: 2.0e8}}   # or {table: file.csv,
///                                                                          # source: "…"}
/// accelerator:
///   sub_accelerators: 2
///   templates: [dla, shi, rs]
///   pes: [64, 128, 256, 512]
///   noc_bw: [16, 32, 64]              # elements per cycle
///   max_total_pes: 1024
///   max_total_noc_bw: 96
///   hop_latency: 0                    # cycles per NoC transfer (default 0, MAESTRO's)
///   bytes_per_element: 1              # (default 1, int8)
/// specs: {latency_cycles: 2.0e6, energy_nj: 4.0e5, area_mm2: 200}
/// hardware_objective: latency         # latency | energy: what the hardware ILP minimises
/// engine: rl-controller               # or any engine of the memory-controller family
/// budget: 500                         # episodes (network proposals)
/// seed: 1
/// penalty: 1                          # reward = weighted accuracy − penalty when no hardware
///                                     # meets the specs
/// successive: true                    # also report the successive (accuracy first, then hardware)
///                                     # baseline
/// time_limit_s: 60
/// ```
enum NasaicSpecReader {
    static let keys = [
        "family", "solver", "description", "tasks", "accelerator", "specs", "hardware_objective",
        "engine", "budget", "seed", "penalty", "successive", "time_limit_s",
    ]

    /// Whole numbers from 1 to `maximum`, none twice.
    static func positiveInts(_ node: SpecNode, maximum: Int) throws(ProblemFileError) -> [Int] {
        let items = try node.array()
        guard !items.isEmpty else { throw node.error("must list at least one value") }
        var values: [Int] = []
        for item in items {
            let value = try item.int(in: 1...maximum)
            guard !values.contains(value) else { throw item.error("\(value) is listed twice") }
            values.append(value)
        }
        return values
    }

    static func read(_ root: SpecNode) throws(ProblemFileError) -> NasaicProblem {
        let document = try root.mapping(allowedKeys: keys)
        let tasksNode = try document.required("tasks")
        let taskNodes = try tasksNode.array()
        guard !taskNodes.isEmpty else { throw tasksNode.error("must list at least one task") }
        var tasks: [NasaicTask] = []
        for node in taskNodes {
            let map = try node.mapping(allowedKeys: [
                "name", "dataset", "backbone", "input", "outputs", "weight", "stages", "accuracy",
            ])
            let nameNode = try map.required("name")
            let name = try nameNode.string()
            guard !name.isEmpty, !name.contains("."), !tasks.contains(where: { $0.name == name })
            else {
                throw nameNode.error("task names must be non-empty, without dots, and distinct")
            }
            let backboneNode = try map.required("backbone")
            let backboneText = try backboneNode.string()
            guard let backbone = NasaicNetwork.Backbone(rawValue: backboneText) else {
                let names = NasaicNetwork.Backbone.allCases.map(\.rawValue)
                throw backboneNode.error(
                    "must be one of \(names.joined(separator: ", ")), got '\(backboneText)'"
                        + Suggestion.hint(
                            for: backboneText,
                            among: NasaicNetwork.Backbone.allCases.map(\.rawValue)))
            }
            let inputNode = try map.required("input")
            let input = try inputNode.mapping(allowedKeys: ["height", "width", "channels"])
            let height = try input.required("height").int(in: 1...65_536, unit: "pixels")
            let width = try input.required("width").int(in: 1...65_536, unit: "pixels")
            let channels = try input.required("channels").int(in: 1...65_536)
            let outputs = try map.required("outputs").int(in: 1...1_000_000)
            var weight = 1.0
            if let weightNode = map.optional("weight") {
                weight = try weightNode.double(in: 0...1e6)
                guard weight > 0 else { throw weightNode.error("must be positive") }
            }
            let stagesNode = try map.required("stages")
            var stages: [NasaicTask.StageChoices] = []
            for stageNode in try stagesNode.array() {
                let stage = try stageNode.mapping(allowedKeys: ["channels", "kernel", "repeats"])
                let kernels = try positiveInts(try stage.required("kernel"), maximum: 31)
                if let even = kernels.first(where: { $0 % 2 == 0 }) {
                    throw try stage.required("kernel").error(
                        "kernels must be odd (same padding), got \(even)")
                }
                stages.append(
                    NasaicTask.StageChoices(
                        channels: try positiveInts(try stage.required("channels"), maximum: 65_536),
                        kernels: kernels,
                        repeats: try positiveInts(try stage.required("repeats"), maximum: 64)))
            }
            guard !stages.isEmpty else { throw stagesNode.error("must list at least one stage") }
            if backbone == .unet,
                height >> (stages.count - 1) < 1 || width >> (stages.count - 1) < 1
            {
                throw stagesNode.error(
                    "\(stages.count) UNet stages halve a \(height)×\(width) input below one pixel")
            }
            let task = NasaicTask(
                name: name, dataset: try map.optional("dataset")?.string() ?? "",
                backbone: backbone, inputHeight: height, inputWidth: width,
                inputChannels: channels, outputs: outputs, weight: weight, stages: stages,
                accuracy: try NasaicAccuracy.read(try map.required("accuracy")))
            tasks.append(task)
        }
        let acceleratorNode = try document.required("accelerator")
        let accelerator = try acceleratorNode.mapping(allowedKeys: [
            "sub_accelerators", "templates", "pes", "noc_bw", "max_total_pes", "max_total_noc_bw",
            "hop_latency", "bytes_per_element",
        ])
        let subNode = try accelerator.required("sub_accelerators")
        let subAccelerators = try subNode.int()
        guard (1...8).contains(subAccelerators) else {
            throw subNode.error("must be between 1 and 8, got \(subAccelerators)")
        }
        let templatesNode = try accelerator.required("templates")
        var templates: [DataflowTemplate] = []
        for item in try templatesNode.array() {
            let text = try item.string()
            guard let template = DataflowTemplate(rawValue: text) else {
                let names = DataflowTemplate.allCases.map(\.rawValue)
                let hint = Suggestion.hint(for: text, among: names)
                throw item.error("must be one of dla, shi, rs, got '\(text)'\(hint)")
            }
            templates.append(template)
        }
        guard !templates.isEmpty else {
            throw templatesNode.error("must list at least one template")
        }
        let pes = try positiveInts(try accelerator.required("pes"), maximum: 1 << 24)
        let bandwidths = try positiveInts(try accelerator.required("noc_bw"), maximum: 1 << 30)
        let options = templates.flatMap { t in
            pes.flatMap { p in
                bandwidths.map { NasaicHardwareSpace.Option(template: t, pes: p, nocBandwidth: $0) }
            }
        }
        // Every template must map the tasks' layers on every PE count (MAESTRO's blocks need
        // whole clusters: 64 PEs for dla, 8 for shi, R for rs): probe with the largest kernel.
        let kernel = max(3, tasks.flatMap { $0.stages.flatMap(\.kernels) }.max() ?? 3)
        let probe = DataflowLayer.conv(K: 1, C: 1, R: kernel, S: kernel, Y: kernel, X: kernel)
        for template in templates {
            for count in pes {
                do throws(DataflowMappingError) {
                    _ = try DataflowMapping(probe, template: template, processingElements: count)
                } catch {
                    throw try accelerator.required("pes").error(
                        """
                        \(count) PEs cannot hold the \(template.rawValue) template's mapping: \
                        \(error.message)
                        """
                    )
                }
            }
        }
        let maxPEsNode = try accelerator.required("max_total_pes")
        let maxBandwidthNode = try accelerator.required("max_total_noc_bw")
        let maxPEs = try maxPEsNode.int(in: 1...(1 << 30))
        let maxBandwidth = try maxBandwidthNode.int(in: 1...(1 << 40))
        // positiveInts refuses an empty list, so both minima exist.
        let smallestPEs = pes.min() ?? 1
        let smallestBandwidth = bandwidths.min() ?? 1
        guard maxPEs >= smallestPEs else {
            throw maxPEsNode.error("is below the smallest PE option (\(smallestPEs))")
        }
        guard maxBandwidth >= smallestBandwidth else {
            throw maxBandwidthNode.error(
                "is below the smallest bandwidth option (\(smallestBandwidth))")
        }
        let hop =
            try accelerator.optional("hop_latency")?.int(in: 0...(1 << 20), unit: "cycles") ?? 0
        let bytes =
            try accelerator.optional("bytes_per_element")?.int(in: 1...64, unit: "bytes") ?? 1
        let hardware = NasaicHardwareSpace(
            subAccelerators: subAccelerators, options: options, maxTotalPEs: maxPEs,
            maxTotalBandwidth: maxBandwidth,
            hopLatencyCycles: hop, bytesPerElement: bytes)
        var specs = NasaicSpecs()
        if let specsNode = document.optional("specs") {
            let map = try specsNode.mapping(allowedKeys: [
                "latency_cycles", "energy_nj", "area_mm2",
            ])
            func limit(_ key: String) throws(ProblemFileError) -> Double? {
                guard let node = map.optional(key) else { return nil }
                let value = try node.double(in: 0...1e30)
                guard value > 0 else { throw node.error("must be positive") }
                return value
            }
            specs = NasaicSpecs(
                latencyCycles: try limit("latency_cycles"),
                energyNanojoules: try limit("energy_nj"),
                areaSquareMillimetres: try limit("area_mm2"))
        }
        var goal = NasaicHardwareFormulation.Goal.latency
        if let node = document.optional("hardware_objective") {
            let text = try node.string()
            guard let parsed = NasaicHardwareFormulation.Goal(rawValue: text) else {
                throw node.error("must be latency or energy, got '\(text)'")
            }
            goal = parsed
        }
        let engine =
            try document.optional("engine").map { node throws(ProblemFileError) in
                try SearchEngineSpec.read(node)
            } ?? SearchEngineSpec(kind: .rlController)
        let budgetNode = document.optional("budget")
        let budget = try budgetNode?.int(in: 1...10_000_000, unit: "episodes") ?? 500
        let seed = try document.optional("seed")?.int(in: 0...Int.max) ?? 1
        var penalty = 1.0
        if let penaltyNode = document.optional("penalty") {
            penalty = try penaltyNode.double(in: 0...1e6)
            guard penalty > 0 else { throw penaltyNode.error("must be positive") }
        }
        var timeLimit: Double?
        if let node = document.optional("time_limit_s") {
            timeLimit = try node.timeLimitSeconds()
        }
        return NasaicProblem(
            tasks: tasks, hardware: hardware, specs: specs, goal: goal, engine: engine,
            budget: budget, seed: UInt64(max(0, seed)),
            timeLimitSeconds: timeLimit, penalty: penalty,
            successive: try document.optional("successive")?.bool() ?? true)
    }
}
