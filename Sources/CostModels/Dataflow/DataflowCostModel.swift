import Foundation

/// A MAESTRO-style analytical cost model of one layer on one dataflow sub-accelerator
/// (after Kwon et al., "Understanding Reuse, Performance, and Hardware Cost of DNN Dataflows: A
/// Data-Centric Approach", MICRO 2019).
///
/// Each template (``DataflowTemplate``) fixes a mapping: which layer dimension is spread over the
/// PEs, which is looped over in time, what stays in the PEs. The layer then runs as a few classes
/// of identical iterations (full tiles, edge tiles, row starts, window slides). Per iteration,
/// new data crosses the NoC from L2 (ingress; a multicast counts once), every active PE computes
/// (one MAC per cycle), and outputs cross back (egress). With double buffering an iteration takes
/// `max(ingress, compute, egress)` cycles, where a transfer of n elements takes
/// `⌈n / bandwidth⌉ + hop latency`; without it, their sum. The first ingress and the last egress
/// are not hidden. Runtime is the sum over iterations.
///
/// Simplifications against MAESTRO (which takes any mapping in its directive language, clusters,
/// and a per-dimension reuse analysis): the three mappings are fixed (below); there is no
/// spatial reduction tree (DLA reduces inside a PE); sliding-window reuse is counted along the
/// output row only; a tensor that does not fit the given L1/L2 is reported (`fitsBuffers`), not
/// re-tiled; NoC contention, DRAM and the L2 bank structure are not modelled.
///
/// - DLA: K over PEs (one output channel each, ⌈K/P⌉ channel tiles, the last partial; when K < P
///   the spare PEs split C, ⌊P/K⌋ ways, summed by a pipelined adder tree), output pixels in time,
///   the rest of C·R·S reduced inside the PE; per tile the weights are loaded once
///   (stationary) and the C·R·S input window is multicast, then slid by `stride` columns (C·R·stride
///   new elements) along each output row. Depthwise: each PE reads its own channel's window.
/// - ShiDianNao: output-stationary over a Ty×Tx output tile (Ty = min(Y', ⌊√P⌋), Tx = min(X',
///   ⌊P/Ty⌋)), K in time; per (k, tile) the C input channels' tile window and the C·R·S weights
///   (broadcast) cross the NoC, C·R·S compute cycles, Ty·Tx outputs back.
/// - Row-stationary: sets of R PE rows × Ty output rows (Ty = min(Y', ⌊P/R⌋)), replicated over
///   Tk = min(K, ⌊P/(R·Ty)⌋) output channels (channels for depthwise); per input channel one
///   filter row per PE and the needed input rows cross the NoC, S·X' compute cycles; partial
///   sums stay in the PEs across input channels and leave once per tile. R > P folds the filter
///   rows over passes of P rows.
///
/// Energy follows MAESTRO's activity model: 18.61 × L2 accesses + 1.68 × L1 accesses + MACs, in
/// units of one MAC (L1 reads = 2 per MAC + outputs read out; L1 writes = elements delivered into
/// the PEs + one partial-sum update per MAC). ``macEnergyPicojoules`` (0.23 pJ: an 8-bit multiply
/// 0.2 pJ + add 0.03 pJ, Horowitz, ISSCC 2014, 45 nm; the value MAESTRO's alternative cost table
/// uses) turns units into pJ. Area and power: ``DataflowAreaPower``.
public enum DataflowCostModel {
    public static let l2AccessEnergy = 18.61
    public static let l1AccessEnergy = 1.68
    public static let macEnergyPicojoules = 0.23

    /// Accumulates iteration classes.
    struct Tally {
        let bandwidth: Int
        let hop: Int
        let doubleBuffering: Bool
        var runtime = 0
        var compute = 0
        var l2Reads = 0, l2Writes = 0, delivered = 0, egressTotal = 0
        var maxStaged = 0
        var firstIngressTime: Int?
        var lastEgressTime = 0
        var computeBound = 0, ingressBound = 0, egressBound = 0

        @inline(__always) func transfer(_ elements: Int) -> Int {
            elements == 0 ? 0 : (elements + bandwidth - 1) / bandwidth + hop
        }

        mutating func add(count: Int, compute: Int, ingress: Int, delivered deliveredPerIteration: Int, egress: Int) {
            guard count > 0 else { return }
            let inTime = transfer(ingress), outTime = transfer(egress)
            let delay = doubleBuffering ? max(inTime, compute, outTime) : inTime + compute + outTime
            runtime += count * delay
            self.compute += count * compute
            l2Reads += count * ingress
            l2Writes += count * egress
            delivered += count * deliveredPerIteration
            egressTotal += count * egress
            maxStaged = max(maxStaged, ingress + egress)
            if firstIngressTime == nil { firstIngressTime = inTime }
            lastEgressTime = outTime
            if delay == compute { computeBound += count } else if delay == inTime { ingressBound += count } else { egressBound += count }
        }
    }

    /// The cost of `layer` on a `template` sub-accelerator with `hardware`. The inputs must be valid
    /// (``DataflowLayer/problem`` and ``DataflowHardware/problem`` are nil).
    public static func evaluate(_ layer: DataflowLayer, template: DataflowTemplate, hardware: DataflowHardware) -> DataflowCost {
        let P = hardware.processingElements
        var tally = Tally(bandwidth: hardware.nocBandwidth, hop: hardware.hopLatencyCycles, doubleBuffering: hardware.doubleBuffering)
        let K = layer.outputChannels, C = layer.inputChannels, R = layer.filterRows, S = layer.filterColumns
        let Yo = layer.outputRows, Xo = layer.outputColumns, stride = layer.stride, Xp = layer.paddedColumns, Yp = layer.paddedRows
        let depthwise = layer.kind == .dwconv
        // Channels each output reduces over, and whether outputs of different k share inputs.
        let reduceChannels = depthwise ? 1 : C
        let db = hardware.doubleBuffering ? 2 : 1
        var l1Elements = 0
        switch template {
        case .dla:
            // K over PEs; when K < P, the spare PEs split C (a spatial reduction, as NVDLA's
            // atomic-C × atomic-K; the adder tree is taken as pipelined).
            let kt = min(K, P)
            let ct = depthwise ? 1 : min(reduceChannels, max(1, P / kt))
            let channelsPerPE = (reduceChannels + ct - 1) / ct
            let window = reduceChannels * R * S
            let slide = reduceChannels * R * min(stride, S)
            let compute = channelsPerPE * R * S
            for (tiles, ks) in [(K / kt, kt), (K % kt > 0 ? 1 : 0, K % kt)] where tiles > 0 {
                let weights = ks * window
                // Conv: the window is multicast to the k's (counted once); depthwise: one per PE.
                let startUnique = depthwise ? ks * window : window
                let slideUnique = depthwise ? ks * slide : slide
                tally.add(count: tiles, compute: compute, ingress: weights + startUnique, delivered: weights + ks * window, egress: ks)
                tally.add(count: tiles * (Yo - 1), compute: compute, ingress: startUnique, delivered: ks * window, egress: ks)
                tally.add(count: tiles * Yo * (Xo - 1), compute: compute, ingress: slideUnique, delivered: ks * slide, egress: ks)
            }
            l1Elements = compute + compute * db + 1
        case .shi:
            let ty = min(Yo, max(1, Int(Double(P).squareRoot())))
            let tx = min(Xo, max(1, P / ty))
            let rowTiles = [(Yo / ty, ty), (Yo % ty > 0 ? 1 : 0, Yo % ty)]
            let columnTiles = [(Xo / tx, tx), (Xo % tx > 0 ? 1 : 0, Xo % tx)]
            let weights = reduceChannels * R * S
            for (rowCount, rows) in rowTiles where rowCount > 0 {
                for (columnCount, columns) in columnTiles where columnCount > 0 {
                    let active = rows * columns
                    let inputTile = reduceChannels * min(Yp, (rows - 1) * stride + R) * min(Xp, (columns - 1) * stride + S)
                    tally.add(count: K * rowCount * columnCount, compute: weights, ingress: inputTile + weights,
                              delivered: inputTile + weights * active, egress: active)
                }
            }
            l1Elements = 1 + R * S * db + 1
        case .rs:
            let rowsPerPass = min(R, P)
            let passes = (R + rowsPerPass - 1) / rowsPerPass
            let ty = R <= P ? min(Yo, max(1, P / R)) : 1
            let tk = R <= P ? min(K, max(1, P / (R * ty))) : 1
            let kTiles = [(K / tk, tk), (K % tk > 0 ? 1 : 0, K % tk)]
            let yTiles = [(Yo / ty, ty), (Yo % ty > 0 ? 1 : 0, Yo % ty)]
            let compute = S * Xo
            for (kCount, ks) in kTiles where kCount > 0 {
                for (yCount, ys) in yTiles where yCount > 0 {
                    let tiles = kCount * yCount
                    // One iteration per (input channel, pass); the last pass may hold fewer rows.
                    for pass in 0..<passes {
                        let rows = pass == passes - 1 ? R - rowsPerPass * (passes - 1) : rowsPerPass
                        let active = rows * ys * ks
                        let weights = ks * rows * S
                        let inputRows = min(Yp, (ys - 1) * stride + rows)
                        let inputs = (depthwise ? ks : 1) * inputRows * Xp
                        let isLastPass = pass == passes - 1
                        let outputs = ks * ys * Xo
                        // Partial sums leave after the last input channel of the last pass.
                        let finalIterations = isLastPass ? 1 : 0
                        tally.add(count: tiles * (reduceChannels - finalIterations), compute: compute, ingress: weights + inputs,
                                  delivered: weights * ys + active * Xp, egress: 0)
                        tally.add(count: tiles * finalIterations, compute: compute, ingress: weights + inputs,
                                  delivered: weights * ys + active * Xp, egress: outputs)
                    }
                }
            }
            l1Elements = S + S * db + Xo
        }
        let macs = layer.macs
        let fill = hardware.doubleBuffering ? (tally.firstIngressTime ?? 0) + tally.lastEgressTime : 0
        let runtime = max(1, tally.runtime + fill)
        let l1Reads = 2 * macs + tally.egressTotal
        let l1Writes = tally.delivered + macs
        let energy = l2AccessEnergy * Double(tally.l2Reads + tally.l2Writes) + l1AccessEnergy * Double(l1Reads + l1Writes) + Double(macs)
        let bytes = hardware.bytesPerElement
        let l1Required = l1Elements * bytes
        let l2Required = tally.maxStaged * db * bytes
        let fits = (hardware.l1Bytes.map { $0 >= l1Required } ?? true) && (hardware.l2Bytes.map { $0 >= l2Required } ?? true)
        let (area, power) = DataflowAreaPower.estimate(pes: P, nocBandwidth: hardware.nocBandwidth,
                                                       l1Bytes: hardware.l1Bytes ?? l1Required, l2Bytes: hardware.l2Bytes ?? l2Required)
        let bottleneck = tally.computeBound >= max(tally.ingressBound, tally.egressBound) ? "compute"
            : tally.ingressBound >= tally.egressBound ? "noc-ingress" : "noc-egress"
        return DataflowCost(runtimeCycles: runtime, macs: macs, utilization: Double(macs) / (Double(P) * Double(runtime)),
                            l1Reads: l1Reads, l1Writes: l1Writes, l2Reads: tally.l2Reads, l2Writes: tally.l2Writes,
                            l1BytesRequired: l1Required, l2BytesRequired: l2Required, fitsBuffers: fits,
                            energyUnits: energy, energyPicojoules: energy * macEnergyPicojoules,
                            areaSquareMicrometres: area, powerMilliwatts: power, bottleneck: bottleneck, computeCycles: tally.compute)
    }
}
