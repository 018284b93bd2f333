import ArgumentParser
import CostModels
import Foundation
import LinearModel
import Problems

/// `dse cost dram`: one controller configuration on a trace, by the analytical DRAM model.
struct CostDRAM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dram",
        abstract:
            """
            Time, latency, power and energy of a DRAM controller configuration serving a trace \
            (DDR3 and DDR4 model, the semantics of the DRAMSys ArchGym ships).
            """,
        discussion: """
            Knobs (DRAMSys names; any valid value; unset knobs take ArchGym's policy.json defaults):
            \(MemoryControllerConfiguration.knobs.map { "  \($0.name): \($0.domainDescription)" }
                .joined(separator: "\n"))

            Example: dse cost dram --trace problems/memory-controller/traces/stream.stl --set \
            PagePolicy=Closed --set MaxActiveTransactions=128
            """
    )

    @Option(
        name: .long,
        help:
            "A DRAMSys .stl trace file; repeat it for several initiators (one trace player each).",
        completion: .file())
    var trace: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            A synthetic trace instead: PATTERN[,key=value…] with PATTERN stream, random or mix \
            and keys count, locality, read_fraction, interval_cycles, seed.
            """,
            valueName: "spec"))
    var synthetic: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            The DRAM device: ddr3-1600 (Micron 1 Gb ×8, 8 devices, as ArchGym runs it), \
            ddr4-2400, a DSEKit memspec JSON, or a DRAMSys memspec JSON with --address-mapping.
            """,
            valueName: "name-or-file"), completion: .file())
    var device: String?

    @Option(
        name: .long,
        help: "The DRAMSys address mapping (CONGEN JSON) for a DRAMSys memspec given as --device.",
        completion: .file())
    var addressMapping: String?

    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Set a controller knob, e.g. PagePolicy=Closed (repeatable).", valueName: "knob=value"))
    var settings: [String] = []

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        if trace.isEmpty == (synthetic == nil) {
            throw ValidationError("give exactly one of --trace FILE or --synthetic SPEC")
        }
        for setting in settings where !setting.contains("=") {
            throw ValidationError("--set takes KNOB=VALUE, got '\(setting)'")
        }
    }

    func run() throws {
        // A long trace takes a while to read and replay.
        let display = progressOptions.display(
            json: json, first: WorkProgress(stage: "reading the trace"))
        defer { display?.finish() }
        let dramDevice = try Self.device(device, addressMapping: addressMapping)
        let dramTrace: DRAMTrace
        if !trace.isEmpty {
            var traces: [DRAMTrace] = []
            for path in trace {
                do throws(DRAMInputError) {
                    traces.append(
                        try DRAMTrace.readSTL(path: path, memoryClockMHz: dramDevice.clockMHz))
                } catch {
                    throw CLIFailure(status: .badInput, message: error.description)
                }
            }
            dramTrace = DRAMTrace.merged(traces)
        } else {
            dramTrace = try Self.synthetic(synthetic ?? "")  // validate() demands one of the two
        }
        let configuration: MemoryControllerConfiguration
        let pairs = settings.map { setting -> (knob: String, value: String) in
            let parts = setting.split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
        }
        do throws(MemoryControllerConfigurationError) {
            configuration = try MemoryControllerConfiguration.with(pairs)
        } catch {
            var error = error
            if let knob = error.unknownKnob {
                let names = MemoryControllerConfiguration.knobs.map(\.name)
                error.hint = Suggestion.hint(for: knob, among: names)
            }
            throw CLIFailure(status: .usage, message: "--set: \(error.description)")
        }
        display?.update(
            WorkProgress(stage: "replaying the trace (\(dramTrace.requests.count) requests)"))
        let model = DRAMControllerModel(trace: dramTrace, device: dramDevice)
        let metrics = model.evaluate(configuration)
        display?.finish()
        let source = trace.isEmpty ? "synthetic \(synthetic ?? "")" : trace.joined(separator: " + ")
        let players = dramTrace.initiatorCount > 1 ? ", \(dramTrace.initiatorCount) initiators" : ""
        if json {
            let e = metrics.energyBreakdownMicrojoules
            let object: JSONValue = .object(
                [
                    ("trace", .string(source)),
                    ("initiators", .number(Double(dramTrace.initiatorCount))),
                    ("requests", .number(Double(dramTrace.requests.count))),
                    ("device", .string(dramDevice.name)),
                    ("config", MemoryControllerResult.json(configuration)),
                ]
                    + metrics.named.map { ($0.name, JSONValue.number($0.value)) }
                    + [
                        ("bottleneck", .string(metrics.bottleneck)),
                        (
                            "energy_breakdown_uj",
                            .object([
                                ("activate", .number(e.activate)), ("read", .number(e.read)),
                                ("write", .number(e.write)),
                                ("refresh", .number(e.refresh)),
                                ("background", .number(e.background)),
                            ])
                        ),
                    ])
            print(object.serialized)
            return
        }
        print(
            """
            \(source): \(dramTrace.requests.count) requests (\(dramTrace.writeCount) \
            writes\(players)) on \(dramDevice.name)
            \(configuration)
            """)
        print(
            String(
                format: """
                      total time      %.3f µs (%.0f cycles; service time set by: %@)
                      mean latency    %.1f ns per request (arrival to response)
                      power           %.4f W
                      energy          %.3f µJ (activate %.3f, read %.3f, write %.3f, refresh %.3f, \
                    background %.3f)
                      bandwidth       %.3f GB/s, row-hit rate %.2f %%, %.0f activations, %.0f \
                    refreshes
                    """, metrics.totalMicroseconds, metrics.totalCycles, metrics.bottleneck,
                metrics.meanLatencyNanoseconds, metrics.powerWatts,
                metrics.energyMicrojoules, metrics.energyBreakdownMicrojoules.activate,
                metrics.energyBreakdownMicrojoules.read,
                metrics.energyBreakdownMicrojoules.write,
                metrics.energyBreakdownMicrojoules.refresh,
                metrics.energyBreakdownMicrojoules.background,
                metrics.bandwidthGBPerSecond, metrics.rowHitRate * 100, metrics.activations,
                metrics.refreshes))
    }

    /// `mix,locality=0.5,count=1000` → a synthetic trace. `--device`: a bundled name or a file
    /// (DSEKit's memspec, or DRAMSys's with `--address-mapping`).
    static func device(_ device: String?, addressMapping: String?) throws -> DRAMDevice {
        guard let device else {
            if addressMapping != nil {
                throw CLIFailure(
                    status: .usage,
                    message: "--address-mapping goes with a DRAMSys memspec given as --device")
            }
            return .ddr3_1600_micron_1Gb_x8
        }
        if let bundled = DRAMDevice.named(device) {
            if addressMapping != nil {
                throw CLIFailure(
                    status: .usage,
                    message: "--address-mapping: the bundled device \(device) has its own mapping")
            }
            return bundled
        }
        func contents(_ path: String) throws -> Data {
            guard let data = FileManager.default.contents(atPath: path) else {
                let names = DRAMDevice.bundled.map(\.name).joined(separator: ", ")
                throw CLIFailure(
                    status: .badInput,
                    message: "\(path): cannot read the file (bundled devices: \(names))")
            }
            return data
        }
        let data = try contents(device)
        if DRAMDevice.isDRAMSysMemspec(data) {
            guard let addressMapping else {
                throw CLIFailure(
                    status: .usage,
                    message:
                        """
                        \(device) is a DRAMSys memspec; give its address mapping with \
                        --address-mapping FILE.json
                        """
                )
            }
            let mapping = try contents(addressMapping)
            do throws(DRAMInputError) {
                return try DRAMDevice(
                    dramsysMemspec: data, file: device, addressMapping: mapping,
                    mappingFile: addressMapping)
            } catch {
                throw CLIFailure(status: .badInput, message: error.description)
            }
        }
        if addressMapping != nil {
            throw CLIFailure(
                status: .usage,
                message:
                    "--address-mapping goes with a DRAMSys memspec; \(device) is a DSEKit memspec")
        }
        do throws(DRAMInputError) {
            return try DRAMDevice(memspecJSON: data, file: device)
        } catch {
            throw CLIFailure(status: .badInput, message: error.description)
        }
    }

    static func synthetic(_ text: String) throws -> DRAMTrace {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = parts.first, let pattern = SyntheticDRAMTrace.Pattern(rawValue: first)
        else {
            throw CLIFailure(
                status: .usage,
                message:
                    "--synthetic: the pattern must be one of "
                    + SyntheticDRAMTrace.Pattern.allCases.map(\.rawValue).joined(separator: ", ")
                    + ", got '\(parts.first ?? "")'"
            )
        }
        var spec = SyntheticDRAMTrace(pattern: pattern)
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, let value = Double(pair[1]), value.isFinite else {
                throw CLIFailure(
                    status: .usage, message: "--synthetic: expected key=number, got '\(part)'")
            }
            func whole(_ range: ClosedRange<Int>) throws -> Int {
                guard let n = Int(exactly: value), range.contains(n) else {
                    throw CLIFailure(
                        status: .usage,
                        message:
                            """
                            --synthetic: \(pair[0]) must be a whole number from \
                            \(range.lowerBound) to \(range.upperBound), got \(pair[1])
                            """
                    )
                }
                return n
            }
            switch pair[0] {
            case "count": spec.count = try whole(1...10_000_000)
            case "locality": spec.locality = value
            case "read_fraction": spec.readFraction = value
            case "interval_cycles": spec.intervalCycles = try whole(0...1_000_000)
            case "seed": spec.seed = UInt64(try whole(0...Int.max))
            default:
                throw CLIFailure(
                    status: .usage,
                    message:
                        """
                        --synthetic: unknown key '\(pair[0])' (count, locality, read_fraction, \
                        interval_cycles, seed)
                        """
                )
            }
        }
        if let problem = spec.problem {
            throw CLIFailure(status: .usage, message: "--synthetic: \(problem)")
        }
        guard spec.count <= 10_000_000 else {
            throw CLIFailure(
                status: .usage, message: "--synthetic: count must be at most 10,000,000")
        }
        return spec.trace()
    }
}
