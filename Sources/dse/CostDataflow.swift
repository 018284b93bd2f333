import ArgumentParser
import CostModels
import Foundation
import Problems

/// `dse cost dataflow`: one layer on one MAESTRO-style dataflow sub-accelerator.
struct CostDataflow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataflow",
        abstract: "Runtime, accesses, energy, buffers, area and power of one layer on a dataflow accelerator (MAESTRO-style).",
        discussion: """
        Templates: \(DataflowTemplate.allCases.map { "\($0.rawValue) = \($0.summary)" }.joined(separator: "; ")).
        Layers: conv:K=,C=,R=,S=,Y=,X=[,stride=][,pad=]  dwconv:C=,R=,S=,Y=,X=[,stride=][,pad=]  fc:K=,C=
        (Y and X are the input rows and columns; the output is (Y + 2·pad − R)/stride + 1.)
        Energy is in units of one MAC (MAESTRO: 18.61 per L2 access, 1.68 per L1 access, 1 per MAC) and in pJ
        at \(DataflowCostModel.macEnergyPicojoules) pJ per unit; area and power use MAESTRO's 28 nm constants.

        Example: dse cost dataflow --template dla --pes 256 --noc-bw 64 --layer conv:K=64,C=64,R=3,S=3,Y=56,X=56,stride=1,pad=1
        """
    )

    @Option(name: .long, help: "dla, shi or rs.")
    var template: String

    @Option(name: .long, help: "Processing elements (one MAC per cycle each).")
    var pes: Int

    @Option(name: .customLong("noc-bw"), help: "NoC bandwidth, elements per cycle.")
    var nocBandwidth: Int

    @Option(name: .customLong("hop-latency"), help: "NoC hop latency, cycles per transfer.")
    var hopLatency: Int = 1

    @Option(name: .long, help: "L1 bytes per PE (default: what the layer needs).")
    var l1: Int?

    @Option(name: .long, help: "L2 bytes (default: what the layer needs).")
    var l2: Int?

    @Option(name: .customLong("bytes-per-element"), help: "1 for int8, 2 for 16-bit.")
    var bytesPerElement: Int = 1

    @Flag(name: .customLong("no-double-buffering"), help: "Do not overlap transfers with compute.")
    var noDoubleBuffering = false

    @Option(name: .long, help: ArgumentHelp("The layer, e.g. conv:K=64,C=64,R=3,S=3,Y=56,X=56,stride=1.", valueName: "layer"))
    var layer: String

    @Flag(name: .long, help: "Print one JSON object.")
    var json = false

    func run() throws {
        guard let dataflow = DataflowTemplate(rawValue: template.lowercased()) else {
            throw CLIFailure(status: .usage, message: "--template must be one of \(DataflowTemplate.allCases.map(\.rawValue).joined(separator: ", ")), got '\(template)'")
        }
        let parsed: DataflowLayer
        do throws(DataflowLayerTextError) {
            parsed = try DataflowLayer(text: layer)
        } catch {
            throw CLIFailure(status: .usage, message: "--layer: \(error.message) (\(layer))")
        }
        let hardware = DataflowHardware(processingElements: pes, nocBandwidth: nocBandwidth, hopLatencyCycles: hopLatency, l1Bytes: l1, l2Bytes: l2,
                                        doubleBuffering: !noDoubleBuffering, bytesPerElement: bytesPerElement)
        if let problem = hardware.problem { throw CLIFailure(status: .usage, message: problem) }
        let cost = DataflowCostModel.evaluate(parsed, template: dataflow, hardware: hardware)
        if json {
            let object: JSONValue = .object([
                ("template", .string(dataflow.rawValue)), ("layer", .string(parsed.text)),
                ("pes", .number(Double(pes))), ("noc_bw", .number(Double(nocBandwidth))),
                ("runtime_cycles", .number(Double(cost.runtimeCycles))), ("macs", .number(Double(cost.macs))),
                ("utilization", .number(cost.utilization)), ("bottleneck", .string(cost.bottleneck)),
                ("energy", .number(cost.energyUnits)), ("energy_pj", .number(cost.energyPicojoules)),
                ("area", .number(cost.areaSquareMillimetres)), ("area_um2", .number(cost.areaSquareMicrometres)),
                ("power_mw", .number(cost.powerMilliwatts)),
                ("l1_bytes", .number(Double(cost.l1BytesRequired))), ("l2_bytes", .number(Double(cost.l2BytesRequired))),
                ("fits_buffers", .bool(cost.fitsBuffers)),
                ("l1_reads", .number(Double(cost.l1Reads))), ("l1_writes", .number(Double(cost.l1Writes))),
                ("l2_reads", .number(Double(cost.l2Reads))), ("l2_writes", .number(Double(cost.l2Writes))),
            ])
            print(object.serialized)
            return
        }
        print("\(parsed.text) on \(dataflow.rawValue) (\(dataflow.summary)), \(pes) PEs, NoC \(nocBandwidth) elements/cycle")
        print(String(format: """
          runtime      %d cycles (%@-bound), %d MACs, utilization %.1f %%
          energy       %.4g MAC units = %.4g pJ (L2 %d reads / %d writes, L1 %d reads / %d writes)
          buffers      L1 %d B per PE, L2 %d B needed%@
          area, power  %.4f mm², %.2f mW (MAESTRO 28 nm constants)
        """, cost.runtimeCycles, cost.bottleneck, cost.macs, cost.utilization * 100, cost.energyUnits, cost.energyPicojoules,
                     cost.l2Reads, cost.l2Writes, cost.l1Reads, cost.l1Writes, cost.l1BytesRequired, cost.l2BytesRequired,
                     cost.fitsBuffers ? "" : " — more than the given L1/L2", cost.areaSquareMillimetres, cost.powerMilliwatts))
    }
}
