import CostModels
import Foundation
import Search
import Synchronization

/// Reads a `memory-controller` problem file.
///
/// ```yaml
/// family: memory-controller
/// trace: traces/stream.stl            # a DRAMSys .stl file (relative to this file), a list of
///                                     # them (one initiator each: [traces/random.stl,
///                                     # traces/cloud-1.stl]), or a synthetic trace:
/// # trace: {synthetic: mix, count: 10000, locality: 0.5, read_fraction: 1,
/// #         interval_cycles: 1, seed: 1}
/// objective: latency                  # latency | power | energy | mean_latency | {minimize: …} |
///                                     # {target: …} | {pareto: […]}
/// engine: marl                        # see SearchEngineSpec
/// budget: 1000                        # evaluations
/// seed: 1
/// config: {PagePolicy: Open}          # optional pins (any valid value); pinning all ten knobs
///                                     # just evaluates them
/// space: archgym                      # marl (default) | archgym | {base: marl, KNOB: [values…] or
///                                     # {min: a, max: b}, …}
/// ```
/// Optional: `device:` (`ddr3-1600` — the default, Micron 1 Gb ×8 as ArchGym runs it —,
/// `ddr4-2400`, a DSEKit memspec JSON, or DRAMSys's files: `{memspec: F.json, address_mapping:
/// F.json}`), `constraints:`, `collapse:` (default true), `exhaustive:` (true/false; default when ≤
/// 5,000,000 configurations), `best_so_far_csv:`, `time_limit_s:`, `description:`.
enum MemoryControllerSpecReader {
    static let keys = [
        "family", "description", "trace", "device", "objective", "constraints", "engine", "budget",
        "seed", "config",
        "space", "collapse", "exhaustive", "best_so_far_csv", "time_limit_s",
    ]

    /// Trace players DRAMSys's arbiter takes (its target socket's bound).
    static let maxInitiators = 32

    /// A DRAMSys `.stl` file the node names, inside the folders the problem file may read.
    static func readSTL(_ node: SpecNode, clockMHz: Double) throws(ProblemFileError) -> DRAMTrace {
        let resolved = try node.inputPath(what: "trace file")
        do throws(DRAMInputError) {
            return try DRAMTrace.readSTL(path: resolved, memoryClockMHz: clockMHz)
        } catch {
            throw node.error(error.description)
        }
    }

    static func read(_ root: SpecNode) throws(ProblemFileError) -> MemoryControllerProblem {
        let spec = try root.mapping(allowedKeys: keys)

        let device =
            try spec.optional("device").map { node throws(ProblemFileError) in try readDevice(node)
            } ?? .ddr3_1600_micron_1Gb_x8

        let traceNode = try spec.required("trace")
        let trace: DRAMTrace
        let source: String
        if let path = try? traceNode.string() {
            trace = try readSTL(traceNode, clockMHz: device.clockMHz)
            source = path
        } else if let players = try? traceNode.array() {
            // Several initiators: one DRAMSys trace player per file.
            guard (1...maxInitiators).contains(players.count) else {
                throw traceNode.error(
                    """
                    expected 1 to \(maxInitiators) trace files, one per initiator (DRAMSys's \
                    arbiter takes at most \(maxInitiators)); found \(players.count)
                    """
                )
            }
            var traces: [DRAMTrace] = []
            var paths: [String] = []
            for player in players {
                paths.append(try player.string())
                traces.append(try readSTL(player, clockMHz: device.clockMHz))
            }
            trace = DRAMTrace.merged(traces)
            source = paths.joined(separator: " + ")
        } else {
            (trace, source) = try readSynthetic(traceNode)
        }

        let (objective, text) = try SearchObjectiveSpec.read(
            objective: try spec.required("objective"), constraints: spec.optional("constraints"),
            metrics: DRAMMetrics.metricNames, shorthands: MemoryControllerProblem.shorthands)
        let engine =
            try spec.optional("engine").map { node throws(ProblemFileError) in
                try SearchEngineSpec.read(node)
            } ?? SearchEngineSpec(kind: .marl)
        var budget = 1000
        if let node = spec.optional("budget") {
            budget = try node.int(in: 1...1_000_000_000, unit: "evaluations")
        }
        var seed: UInt64 = 1
        if let node = spec.optional("seed") { seed = UInt64(try node.int(in: 0...Int.max)) }
        var pins: [(knob: Int, code: Int)] = []
        if let node = spec.optional("config") {
            for entry in try node.namedEntries() {
                let knob = try knobIndex(entry, file: root.file)
                let value = try entry.node.string()
                guard let code = MemoryControllerConfiguration.knobs[knob].code(of: value) else {
                    throw entry.node.error(invalidValue(knob, value))
                }
                pins.append((knob, code))
            }
        }
        let designSpace =
            try spec.optional("space").map { node throws(ProblemFileError) in
                try readDesignSpace(node)
            } ?? .marl
        var timeLimit: Double?
        if let node = spec.optional("time_limit_s") {
            timeLimit = try node.timeLimitSeconds()
        }
        return MemoryControllerProblem(
            traceSource: source, trace: trace, model: sharedModel(trace: trace, device: device),
            designSpace: designSpace, pins: pins, objective: objective, objectiveText: text,
            engine: engine, budget: budget, seed: seed, timeLimitSeconds: timeLimit,
            collapse: try spec.optional("collapse")?.bool() ?? true,
            exhaustive: try spec.optional("exhaustive")?.bool(),
            bestSoFarCSV: try spec.optional("best_so_far_csv").map {
                node throws(ProblemFileError) in try node.outputPath()
            })
    }

    static func knobIndex(_ entry: (name: String, node: SpecNode, line: Int?), file: String)
        throws(ProblemFileError) -> Int
    {
        let knobs = MemoryControllerConfiguration.knobs
        guard let knob = knobs.firstIndex(where: { $0.name == entry.name }) else {
            throw ProblemFileError(
                file: file, path: entry.node.path, line: entry.line,
                message: "unknown knob '\(entry.name)'"
                    + Suggestion.hint(for: entry.name, among: knobs.map(\.name))
                    + " (knobs: \(knobs.map(\.name).joined(separator: ", ")))")
        }
        return knob
    }

    static func invalidValue(_ knob: Int, _ value: String) -> String {
        let definition = MemoryControllerConfiguration.knobs[knob]
        return
            """
            \(definition.name) cannot be '\(InputExcerpt.of(value, limit: 32))' (valid: \
            \(definition.domainDescription); \(definition.source))
            """
    }

    /// `space: marl | archgym`, or a mapping: `base:` (a shipped space, default marl) and, per
    /// knob, a list of values or an integer range `{min: a, max: b}` replacing the base's values.
    static func readDesignSpace(_ node: SpecNode) throws(ProblemFileError)
        -> MemoryControllerDesignSpace
    {
        func named(_ node: SpecNode, or alternative: String = "") throws(ProblemFileError)
            -> MemoryControllerDesignSpace
        {
            let word = try node.string()
            guard let space = MemoryControllerDesignSpace.named(word) else {
                throw node.error(
                    """
                    unknown design space '\(InputExcerpt.of(word, limit: 32))' (spaces: \
                    \(MemoryControllerDesignSpace.names.joined(separator: ", "))\(alternative))
                    """
                )
            }
            return space
        }
        if !node.isMapping { return try named(node, or: ", or a mapping of knob → values") }
        let knobs = MemoryControllerConfiguration.knobs
        let mapping = try node.mapping(allowedKeys: ["base"] + knobs.map(\.name))
        let base =
            try mapping.optional("base").map { node throws(ProblemFileError) in try named(node) }
            ?? .marl
        var values = base.values
        for (k, knob) in knobs.enumerated() {
            guard let entry = mapping.optional(knob.name) else { continue }
            var list: [String] = []
            if case .integer(let valid) = knob.domain, entry.isMapping {
                let range = try entry.mapping(allowedKeys: ["min", "max"])
                let low = try range.required("min").int(in: valid)
                let highNode = try range.required("max")
                let high = try highNode.int(in: valid)
                guard low <= high else {
                    throw highNode.error("max (\(high)) is below min (\(low))")
                }
                guard high - low < 1_000_000 else {
                    throw highNode.error(
                        "a range of more than 1,000,000 values is not a search space")
                }
                list = (low...high).map(String.init)
            } else {
                for item in try entry.array() {
                    let value = try item.string()
                    guard knob.code(of: value) != nil else {
                        throw item.error(invalidValue(k, value))
                    }
                    list.append(value)
                }
            }
            values[k] = list
        }
        let custom = values == base.values ? base.name : "custom"
        do throws(MemoryControllerConfigurationError) {
            return try MemoryControllerDesignSpace(name: custom, values: values)
        } catch {
            throw node.error(error.description)
        }
    }

    /// One model per distinct trace and device in a process, so the runs of a batch share the
    /// trace characterisation instead of each building it again.
    /// `device: ddr4-2400` (a bundled name), `device: FILE.json` (DSEKit's memspec format), or
    /// `device: {memspec: FILE.json, address_mapping: FILE.json}` (DRAMSys's own files).
    static func readDevice(_ node: SpecNode) throws(ProblemFileError) -> DRAMDevice {
        let names = DRAMDevice.bundled.map(\.name).joined(separator: ", ")
        if !node.isMapping, let name = try? node.string(), let device = DRAMDevice.named(name) {
            return device
        }
        if node.isMapping {
            let files = try node.mapping(allowedKeys: ["memspec", "address_mapping"])
            let memspecNode = try files.required("memspec")
            let mappingNode = try files.required("address_mapping")
            let memspec = try memspecNode.inputPath(what: "memspec file")
            let mapping = try mappingNode.inputPath(what: "address mapping file")
            let memspecText = try ProblemFile.text(of: memspec, for: memspecNode)
            let mappingText = try ProblemFile.text(of: mapping, for: mappingNode)
            do throws(DRAMInputError) {
                return try DRAMDevice(
                    dramsysMemspec: Data(memspecText.utf8), file: memspec,
                    addressMapping: Data(mappingText.utf8), mappingFile: mapping)
            } catch {
                throw node.error(error.description)
            }
        }
        let name = try node.string()
        guard name.hasSuffix(".json") || name.contains("/") else {
            throw node.error(
                """
                device: '\(InputExcerpt.of(name))' is neither a bundled device (\(names)) nor \
                a .json file
                """
            )
        }
        let path = try node.inputPath(what: "device file")
        let data = Data(try ProblemFile.text(of: path, for: node).utf8)
        if DRAMDevice.isDRAMSysMemspec(data) {
            throw node.error(
                """
                device: \(name) is a DRAMSys memspec; give it with its address mapping: \
                device: {memspec: \(name), address_mapping: FILE.json}
                """
            )
        }
        do throws(DRAMInputError) {
            return try DRAMDevice(memspecJSON: data, file: path)
        } catch {
            throw node.error(error.description)
        }
    }

    static func sharedModel(trace: DRAMTrace, device: DRAMDevice) -> DRAMControllerModel {
        var hasher = Hasher()
        for request in trace.requests {
            hasher.combine(request.cycle)
            hasher.combine(request.address)
            hasher.combine(request.isWrite)
            hasher.combine(request.initiator)
        }
        let key = ModelKey(
            requests: trace.requests.count, digest: hasher.finalize(), device: device)
        return models.withLock { cache in
            if let model = cache[key], model.profile.requestCount == trace.requests.count {
                return model
            }
            let model = DRAMControllerModel(trace: trace, device: device)
            if cache.count > 64 { cache.removeAll() }
            cache[key] = model
            return model
        }
    }

    struct ModelKey: Hashable {
        var requests: Int
        var digest: Int
        var device: DRAMDevice
    }

    static let models = Mutex<[ModelKey: DRAMControllerModel]>([:])

    static func readSynthetic(_ node: SpecNode) throws(ProblemFileError) -> (DRAMTrace, String) {
        let spec = try node.mapping(allowedKeys: [
            "synthetic", "count", "locality", "read_fraction", "interval_cycles", "footprint_bytes",
            "seed",
        ])
        let patternNode = try spec.required("synthetic")
        let word = try patternNode.string()
        guard let pattern = SyntheticDRAMTrace.Pattern(rawValue: word) else {
            throw patternNode.error(
                """
                unknown pattern '\(word)' (patterns: \
                \(SyntheticDRAMTrace.Pattern.allCases.map(\.rawValue).joined(separator: ", ")))
                """
            )
        }
        var synthetic = SyntheticDRAMTrace(pattern: pattern)
        if let n = spec.optional("count") {
            synthetic.count = try n.int(in: 1...10_000_000, unit: "requests")
        }
        if let n = spec.optional("locality") { synthetic.locality = try n.double() }
        if let n = spec.optional("read_fraction") { synthetic.readFraction = try n.double() }
        if let n = spec.optional("interval_cycles") {
            synthetic.intervalCycles = try n.int(in: 0...1_000_000, unit: "cycles")
        }
        if let n = spec.optional("footprint_bytes") {
            synthetic.footprintBytes = UInt64(try n.int(in: 1...(1 << 48), unit: "bytes"))
        }
        if let n = spec.optional("seed") { synthetic.seed = UInt64(try n.int(in: 0...Int.max)) }
        if let problem = synthetic.problem { throw node.error(problem) }
        guard synthetic.count <= 10_000_000 else {
            throw node.error("count must be at most 10,000,000")
        }
        var text = "synthetic \(pattern.rawValue), \(synthetic.count) requests"
        if pattern == .mix { text += ", locality \(JSONValue.format(synthetic.locality))" }
        if synthetic.readFraction < 1 {
            text += ", \(JSONValue.format(synthetic.readFraction * 100)) % reads"
        }
        return (synthetic.trace(), text)
    }
}
