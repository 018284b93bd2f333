import CostModels
import Foundation
import Problems

/// `dse cost dataflow`'s output: MAESTRO's report for people, and MAESTRO's names in JSON
/// (the columns of `../shared/data/maestro/`).
enum DataflowCostReport {
    static func json(_ cost: DataflowCost, layer: MaestroLayer, hardware: DataflowHardware)
        -> JSONValue
    {
        var fields: [(String, JSONValue)] = [
            ("layer", .string(layer.name)), ("layer_type", .string(layer.type.rawValue)),
            ("num_pes", .number(Double(hardware.processingElements))),
            ("noc_bw", .number(Double(hardware.nocBandwidth))),
            ("runtime_cycles", .number(Double(cost.runtimeCycles))),
            ("num_macs", .number(Double(cost.macs))),
            ("throughput_macs_per_cycle", .number(cost.throughputMACsPerCycle)),
            ("avg_utilized_pes", .number(cost.averageUtilizedPEs)),
            ("bound", .string(cost.bound.rawValue)),
            ("total_energy_xmac", .number(cost.energyUnits)),
            ("energy_pj", .number(cost.energyPicojoules)),
            ("l1_size_req", .number(Double(cost.l1ElementsRequired))),
            ("l2_size_req", .number(Double(cost.l2ElementsRequired))),
            ("l1_bytes_req", .number(Double(cost.l1BytesRequired))),
            ("l2_bytes_req", .number(Double(cost.l2BytesRequired))),
            ("fits_buffers", .bool(cost.fitsBuffers)),
        ]
        for (name, tensor) in zip(["input", "filter", "output"], cost.tensors) {
            fields += [
                ("\(name)_l1_read", .number(Double(tensor.l1Reads))),
                ("\(name)_l1_write", .number(Double(tensor.l1Writes))),
                ("\(name)_l2_read", .number(Double(tensor.l2Reads))),
                ("\(name)_l2_write", .number(Double(tensor.l2Writes))),
                ("\(name)_l1_size_req", .number(Double(tensor.l1SizeRequired))),
                ("\(name)_l2_size_req", .number(Double(tensor.l2SizeRequired))),
            ]
        }
        fields += [
            ("area", .number(cost.areaSquareMicrometres)), ("power", .number(cost.powerMilliwatts)),
            ("pe_power", .number(cost.pePowerMilliwatts)),
            ("l1_power", .number(cost.l1PowerMilliwatts)),
            ("l2_power", .number(cost.l2PowerMilliwatts)),
            ("noc_power", .number(cost.nocPowerMilliwatts)),
            ("peak_bw_req", .number(Double(cost.peakBandwidth))),
            ("avg_bw_req", .number(cost.averageBandwidth)),
            ("offchip_bw_req", .number(Double(cost.offChipBandwidthRequired))),
            ("arithmetic_intensity", .number(cost.arithmeticIntensity)),
        ]
        for (name, delay) in [
            ("ingress", cost.ingressDelay), ("egress", cost.egressDelay),
            ("compute", cost.computeDelay),
        ] {
            fields += [
                ("\(name)_delay_min", .number(Double(delay.min))),
                ("\(name)_delay_max", .number(Double(delay.max))),
                ("\(name)_delay_avg", .number(Double(delay.average))),
            ]
        }
        return .object(fields)
    }

    static func text(_ cost: DataflowCost, layer: MaestroLayer, hardware: DataflowHardware)
        -> String
    {
        var lines = [
            """
            \(layer.name) (\(layer.type.rawValue) \
            \(layer.dimensions.map { "\($0.name.name)=\($0.size)" }.joined(separator: " "))) on 
            """
                + "\(hardware.processingElements) PEs, NoC \(hardware.nocBandwidth) elements/cycle"
        ]
        lines.append(
            String(
                format:
                    """
                      runtime      %ld cycles (%@-bound), %ld MACs, %.6g MACs/cycle, %.6g PEs \
                    utilized on average
                    """,
                cost.runtimeCycles, cost.bound.rawValue, cost.macs, cost.throughputMACsPerCycle,
                cost.averageUtilizedPEs))
        lines.append(
            String(
                format: "  energy       %.6g MAC units = %.6g pJ", cost.energyUnits,
                cost.energyPicojoules))
        lines.append(
            """
              accesses     tensor    L2 read      L2 write     L1 read      L1 write     L1 \
            size  L2 size
            """
        )
        for (name, t) in zip(["input", "filter", "output"], cost.tensors) {
            let padded = name.padding(toLength: 9, withPad: " ", startingAt: 0)
            lines.append(
                "               " + padded
                    + String(
                        format: "%-12ld %-12ld %-12ld %-12ld %-8ld %ld", t.l2Reads, t.l2Writes,
                        t.l1Reads, t.l1Writes,
                        t.l1SizeRequired, t.l2SizeRequired))
        }
        lines.append(
            """
              buffers      L1 \(cost.l1BytesRequired) B per PE, L2 \(cost.l2BytesRequired) B \
            (double-buffered)
            """
                + (cost.fitsBuffers ? "" : " — more than the given L1/L2"))
        lines.append(
            String(
                format: "  bandwidth    NoC peak %ld, average %.6g elements/cycle; off-chip %ld",
                cost.peakBandwidth, cost.averageBandwidth,
                cost.offChipBandwidthRequired))
        lines.append(
            String(
                format: "  area, power  %.6g µm², %.6g mW (PE %.6g, L1 %.6g, L2 %.6g, NoC %.6g)",
                cost.areaSquareMicrometres, cost.powerMilliwatts,
                cost.pePowerMilliwatts, cost.l1PowerMilliwatts, cost.l2PowerMilliwatts,
                cost.nocPowerMilliwatts))
        return lines.joined(separator: "\n")
    }
}
