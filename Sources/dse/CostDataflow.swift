import ArgumentParser
import CostModels
import Foundation
import Problems

/// `dse cost dataflow`: layers on one dataflow sub-accelerator, by MAESTRO's data-centric model.
struct CostDataflow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataflow",
        abstract:
            """
            Runtime, accesses, energy, buffers, area and power of layers on a dataflow \
            accelerator (MAESTRO's model).
            """,
        discussion: """
            The mapping is one of:
              --template dla|shi|rs --layer LAYER      a built-in MAESTRO block on a layer written \
            as text
              --dataflow FILE --layer LAYER            a bare MAESTRO `Dataflow { }` block on that \
            layer
              --mapping FILE.m [--layer NAME]          a MAESTRO mapping file \
            (Network/Layer/Type/Stride/Dimensions/
                                                       Dataflow), every layer or the one named
            Templates: \
            \(DataflowTemplate.allCases.map { "\($0.rawValue) = \($0.summary)" }
                .joined(separator: "; ")).
            Layer text: conv:K=,C=,R=,S=,Y=,X=[,stride=][,pad=]  \
            dwconv:C=,R=,S=,Y=,X=[,stride=][,pad=]  fc:K=,C=
            (Y and X are the input rows and columns; the output is (Y + 2·pad − R)/stride + 1.)
            Counts are in elements. Energy is in units of one MAC (18.61 per L2 access, 1.68 per \
            L1 access, 1 per MAC)
            and in pJ at \(DataflowCostModel.macEnergyPicojoules) pJ per unit; area (µm²) and \
            power (mW) are MAESTRO's cost tables.
            Defaults are MAESTRO's: hop latency 0, 1 SIMD lane, off-chip 70000 elements/cycle, \
            double buffering.

            Examples:
              dse cost dataflow --template dla --pes 256 --noc-bw 64 --layer \
            conv:K=64,C=64,R=3,S=3,Y=56,X=56,pad=1
              dse cost dataflow --mapping Resnet50_kcp_ws.m --layer CONV2_1_2 --pes 256 --noc-bw \
            32 --json
            """
    )

    @Option(name: .long, help: "A built-in block: dla, shi or rs.")
    var template: String?

    @Option(
        name: .long, help: ArgumentHelp("A MAESTRO mapping file (.m).", valueName: "file"),
        completion: .file())
    var mapping: String?

    @Option(
        name: .long,
        help: ArgumentHelp("A file holding a MAESTRO Dataflow { } block.", valueName: "file"),
        completion: .file())
    var dataflow: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            The layer: text such as conv:K=64,C=64,R=3,S=3,Y=56,X=56 (with --template or \
            --dataflow), or a layer name in --mapping.
            """,
            valueName: "layer"))
    var layer: String?

    @Option(name: .long, help: "Processing elements (MAESTRO's --num_pes).")
    var pes: Int

    @Option(
        name: .customLong("noc-bw"),
        help: "NoC bandwidth, elements per cycle (MAESTRO's --noc_bw_cstr).")
    var nocBandwidth: Int

    @Option(name: .customLong("hop-latency"), help: "Head latency of a NoC transfer, cycles.")
    var hopLatency: Int = 0

    @Option(name: .customLong("simd-lanes"), help: "ALUs per PE.")
    var simdLanes: Int = 1

    @Option(
        name: .customLong("offchip-bw"), help: "Off-chip bandwidth into the L2, elements per cycle."
    )
    var offChipBandwidth: Int = 70_000

    @Option(name: .long, help: "L1 bytes per PE to check the mapping against (default: no limit).")
    var l1: Int?

    @Option(name: .long, help: "L2 bytes to check the mapping against (default: no limit).")
    var l2: Int?

    @Option(
        name: .customLong("bytes-per-element"),
        help: "1 for int8, 2 for 16-bit (buffer bytes, area, power).")
    var bytesPerElement: Int = 1

    @Flag(name: .customLong("no-double-buffering"), help: "Do not overlap transfers with compute.")
    var noDoubleBuffering = false

    @Flag(name: .long, help: "Print one JSON object (MAESTRO's output names).")
    var json = false

    func validate() throws {
        let sources = [template, mapping, dataflow].compactMap { $0 }.count
        if sources != 1 {
            throw ValidationError("give exactly one of --template, --dataflow or --mapping")
        }
        if mapping == nil && layer == nil {
            throw ValidationError("--layer is needed with --template and --dataflow")
        }
    }

    /// Reads a file the user named, at most 16 MiB.
    static func read(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CLIFailure(status: .badInput, message: "\(path): cannot read the file")
        }
        defer { try? handle.close() }
        let limit = 16 << 20
        let data = (try? handle.read(upToCount: limit + 1)) ?? Data()
        guard data.count <= limit else {
            throw CLIFailure(
                status: .badInput, message: "\(path): larger than 16 MiB, not a mapping file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIFailure(status: .badInput, message: "\(path): not UTF-8 text")
        }
        return text
    }

    func layers() throws -> [MaestroLayer] {
        if let mapping {
            let file: MaestroMappingFile
            let text = try Self.read(mapping)
            do throws(DataflowMappingError) {
                file = try MaestroMappingFile(text: text, file: mapping)
            } catch {
                throw CLIFailure(status: .badInput, message: error.description)
            }
            guard !file.layers.isEmpty else {
                throw CLIFailure(
                    status: .badInput,
                    message:
                        """
                        \(mapping): the file holds no Layer (a Dataflow-only file goes to \
                        --dataflow)
                        """
                )
            }
            guard let layer else { return file.layers }
            guard let chosen = file.layer(named: layer) else {
                let names = file.layers.map(\.name)
                let hint = Suggestion.hint(for: layer, among: names)
                throw CLIFailure(
                    status: .usage,
                    message:
                        """
                        --layer: \(mapping) has no layer '\(layer)'\(hint) (its layers: \
                        \(names.prefix(12).joined(separator: ", "))\(names.count > 12 ? ", …" : ""))
                        """
                )
            }
            return [chosen]
        }
        let text = layer ?? ""
        let parsed: DataflowLayer
        do throws(DataflowLayerTextError) { parsed = try DataflowLayer(text: text) } catch {
            let hint =
                error.unknownWord.map { Suggestion.hint(for: $0, among: error.allowedWords) } ?? ""
            throw CLIFailure(status: .usage, message: "--layer: \(error.message)\(hint) (\(text))")
        }
        if let template {
            guard let chosen = DataflowTemplate(rawValue: template.lowercased()) else {
                let names = DataflowTemplate.allCases.map(\.rawValue)
                throw CLIFailure(
                    status: .usage,
                    message:
                        """
                        --template must be one of \(names.joined(separator: ", ")), got \
                        '\(template)'\(Suggestion.hint(for: template, among: names))
                        """
                )
            }
            do throws(DataflowMappingError) {
                return [try parsed.maestroLayer(template: chosen, name: parsed.text)]
            } catch {
                throw CLIFailure(status: .usage, message: error.message)
            }
        }
        let path = dataflow ?? ""
        let file: MaestroMappingFile
        let contents = try Self.read(path)
        do throws(DataflowMappingError) {
            file = try MaestroMappingFile(text: contents, file: path)
        } catch {
            throw CLIFailure(status: .badInput, message: error.description)
        }
        guard let block = file.dataflows.first ?? file.layers.first?.dataflow else {
            throw CLIFailure(status: .badInput, message: "\(path): no Dataflow { } block")
        }
        return [
            MaestroLayer(
                name: parsed.text, type: parsed.maestroType, dimensions: parsed.maestroDimensions,
                dataflow: block)
        ]
    }

    func run() throws {
        let hardware = DataflowHardware(
            processingElements: pes, nocBandwidth: nocBandwidth, hopLatencyCycles: hopLatency,
            simdLanes: simdLanes,
            offChipBandwidth: offChipBandwidth, l1Bytes: l1, l2Bytes: l2,
            doubleBuffering: !noDoubleBuffering,
            bytesPerElement: bytesPerElement)
        if let problem = hardware.problem { throw CLIFailure(status: .usage, message: problem) }
        let file = mapping ?? dataflow
        var results: [(layer: MaestroLayer, cost: DataflowCost)] = []
        for maestroLayer in try layers() {
            do throws(DataflowMappingError) {
                results.append(
                    (maestroLayer, try DataflowCostModel.evaluate(maestroLayer, hardware: hardware))
                )
            } catch {
                var located = error
                if located.file == nil { located.file = file }
                if located.line == 0, file != nil { located.line = maestroLayer.line }
                throw CLIFailure(
                    status: file == nil ? .usage : .badInput, message: located.description)
            }
        }
        if json {
            let objects = results.map {
                DataflowCostReport.json($0.cost, layer: $0.layer, hardware: hardware)
            }
            if objects.count == 1, let only = objects.first {
                print(only.serialized)
            } else {
                let total = results.reduce(0) { $0 + $1.cost.runtimeCycles }
                let energy = results.reduce(0.0) { $0 + $1.cost.energyUnits }
                print(
                    JSONValue.object([
                        ("runtime_cycles", .number(Double(total))),
                        ("total_energy_xmac", .number(energy)),
                        ("energy_pj", .number(energy * DataflowCostModel.macEnergyPicojoules)),
                        ("layers", .array(objects)),
                    ]).serialized)
            }
            return
        }
        for (maestroLayer, cost) in results {
            print(DataflowCostReport.text(cost, layer: maestroLayer, hardware: hardware))
        }
        if results.count > 1 {
            let total = results.reduce(0) { $0 + $1.cost.runtimeCycles }
            let energy = results.reduce(0.0) { $0 + $1.cost.energyUnits }
            print(
                String(
                    format: "%ld layers: %ld cycles, %.6g MAC units = %.6g pJ", results.count,
                    total, energy, energy * DataflowCostModel.macEnergyPicojoules))
        }
    }
}
