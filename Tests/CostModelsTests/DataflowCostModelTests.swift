import CostModels
import Testing
import TestSupport

@Suite("MAESTRO-style dataflow cost model")
struct DataflowCostModelTests {
    static let small = DataflowHardware(processingElements: 16, nocBandwidth: 64, hopLatencyCycles: 1)

    @Test("DLA, a 1×1 convolution on 16 PEs, by hand: 16 pixels × 8 cycles + fill 4 + 2 = 134 cycles")
    func dlaByHand() {
        // K = 16 output channels on 16 PEs (one tile), C = 8 reduced in each PE: 8 cycles per pixel.
        // First pixel: weights 16·8 + window 8 = 136 elements → ⌈136/64⌉ + 1 = 4 cycles (hidden
        // behind compute except at the start); every pixel writes 16 outputs → ⌈16/64⌉ + 1 = 2.
        let cost = DataflowCostModel.evaluate(.conv(K: 16, C: 8, R: 1, S: 1, Y: 4, X: 4), template: .dla, hardware: Self.small)
        #expect(cost.macs == 16 * 8 * 16)
        #expect(cost.runtimeCycles == 16 * 8 + 4 + 2)
        #expect(cost.l2Reads == 136 + 3 * 8 + 12 * 8)   // tile start, 3 row starts, 12 slides of C·R·stride = 8
        #expect(cost.l2Writes == 16 * 16)
        #expect(cost.l1Reads == 2 * cost.macs + 16 * 16)
        #expect(abs(cost.energyUnits - (18.61 * Double(cost.l2Reads + cost.l2Writes) + 1.68 * Double(cost.l1Reads + cost.l1Writes) + Double(cost.macs))) < 1e-6)
        #expect(cost.bottleneck == "compute")
    }

    @Test("DLA edge tile: K = 20 on 16 PEs runs a full tile and a 4-PE tile (utilization 160 / (16 · 22))")
    func dlaEdgeTile() {
        let cost = DataflowCostModel.evaluate(.conv(K: 20, C: 8, R: 1, S: 1, Y: 1, X: 1), template: .dla, hardware: Self.small)
        // Two iterations of 8 compute cycles; fill: first ingress ⌈136/64⌉+1 = 4, last egress ⌈4/64⌉+1 = 2.
        #expect(cost.runtimeCycles == 8 + 8 + 4 + 2)
        #expect(abs(cost.utilization - 160.0 / (16 * 22)) < 1e-12)
        #expect(cost.utilization < 1)
    }

    @Test("ShiDianNao: a 4×4 output tile on 16 PEs, K = 2, C = 4: 2 × 4 cycles + fill 3 + 2 = 13")
    func shiByHand() {
        // Per k: 4·4·4 input elements + 4 weights = 68 → ⌈68/64⌉+1 = 3 cycles; 4 compute; 16 outputs → 2.
        let cost = DataflowCostModel.evaluate(.conv(K: 2, C: 4, R: 1, S: 1, Y: 4, X: 4), template: .shi, hardware: Self.small)
        #expect(cost.runtimeCycles == 13)
        #expect(cost.l2Reads == 2 * 68)
        #expect(cost.l2Writes == 2 * 16)
    }

    @Test("Row-stationary: 3×3 filter, 4 output rows per set, 2 channels: 4 iterations of S·X' = 12 cycles + fill 2 + 2 = 52")
    func rowStationaryByHand() {
        // R = 3 rows × Ty = min(4, ⌊16/3⌋) = 4 output rows; Tk = ⌊16/12⌋ = 1 → 2 k-tiles × C = 2 iterations.
        // Per iteration 9 weights + 6 input rows × 6 columns = 45 elements → 2 cycles; outputs (16) leave
        // after the last input channel only.
        let cost = DataflowCostModel.evaluate(.conv(K: 2, C: 2, R: 3, S: 3, Y: 6, X: 6), template: .rs, hardware: Self.small)
        #expect(cost.runtimeCycles == 4 * 12 + 2 + 2)
        #expect(cost.l2Reads == 4 * 45)
        #expect(cost.l2Writes == 2 * 16)
        #expect(cost.macs == 2 * 2 * 9 * 16)
    }

    @Test("Layer shapes and MACs: padding, stride, depthwise, fully connected")
    func shapes() {
        let conv = DataflowLayer.conv(K: 64, C: 64, R: 3, S: 3, Y: 56, X: 56, stride: 1, padding: 1)
        #expect(conv.outputRows == 56 && conv.outputColumns == 56)
        #expect(conv.macs == 64 * 64 * 9 * 56 * 56)
        let strided = DataflowLayer.conv(K: 8, C: 3, R: 7, S: 7, Y: 224, X: 224, stride: 2, padding: 3)
        #expect(strided.outputRows == 112)
        let dw = DataflowLayer.dwconv(C: 32, R: 3, S: 3, Y: 10, X: 10)
        #expect(dw.macs == 32 * 9 * 8 * 8)
        #expect(DataflowLayer.fc(K: 10, C: 512).macs == 5120)
    }

    @Test("Invariants over random layers and hardware: utilization ≤ 1, runtime ≥ MACs/PEs, more bandwidth never slower, energy grows with K")
    func invariants() {
        var generator = SplitMix64(seed: 11)
        func pick(_ values: [Int]) -> Int { values[Int(generator.next() % UInt64(values.count))] }
        for _ in 0..<300 {
            let kind = pick([0, 1, 2])
            let k = pick([1, 3, 16, 33, 64]), c = pick([1, 3, 16, 64]), r = pick([1, 3, 5]), y = pick([5, 8, 14, 28]), stride = pick([1, 2])
            let layer: DataflowLayer = kind == 0 ? .conv(K: k, C: c, R: r, S: r, Y: y, X: y, stride: stride, padding: r / 2)
                : kind == 1 ? .dwconv(C: c, R: r, S: r, Y: y, X: y, stride: stride, padding: r / 2) : .fc(K: k, C: c)
            let pes = pick([1, 4, 16, 64, 256]), hop = pick([0, 1, 2])
            for template in DataflowTemplate.allCases {
                for db in [true, false] {
                    var previous = Int.max
                    for bandwidth in [1, 4, 16, 64, 256] {
                        let cost = DataflowCostModel.evaluate(layer, template: template, hardware: DataflowHardware(processingElements: pes, nocBandwidth: bandwidth, hopLatencyCycles: hop, doubleBuffering: db))
                        #expect(cost.utilization <= 1 + 1e-12, "\(layer.text) \(template)")
                        #expect(cost.runtimeCycles * pes >= cost.macs, "\(layer.text) \(template)")
                        #expect(cost.computeCycles * pes >= cost.macs)
                        #expect(cost.runtimeCycles <= previous, "\(layer.text) \(template) bw \(bandwidth)")
                        previous = cost.runtimeCycles
                    }
                }
                if kind == 0 {
                    let hardware = DataflowHardware(processingElements: pes, nocBandwidth: 16)
                    let smaller = DataflowCostModel.evaluate(layer, template: template, hardware: hardware)
                    let larger = DataflowCostModel.evaluate(.conv(K: 2 * k, C: c, R: r, S: r, Y: y, X: y, stride: stride, padding: r / 2), template: template, hardware: hardware)
                    #expect(larger.energyUnits > smaller.energyUnits)
                    #expect(larger.macs == 2 * smaller.macs)
                }
            }
        }
    }

    @Test("Area and power grow with PEs, bandwidth, L1 and L2 (MAESTRO's 28 nm constants)")
    func areaMonotone() {
        let base = DataflowAreaPower.estimate(pes: 64, nocBandwidth: 16, l1Bytes: 64, l2Bytes: 32768)
        for other in [DataflowAreaPower.estimate(pes: 128, nocBandwidth: 16, l1Bytes: 64, l2Bytes: 32768),
                      DataflowAreaPower.estimate(pes: 64, nocBandwidth: 32, l1Bytes: 64, l2Bytes: 32768),
                      DataflowAreaPower.estimate(pes: 64, nocBandwidth: 16, l1Bytes: 65, l2Bytes: 32768),
                      DataflowAreaPower.estimate(pes: 64, nocBandwidth: 16, l1Bytes: 64, l2Bytes: 32769)] {
            #expect(other.areaSquareMicrometres > base.areaSquareMicrometres)
            #expect(other.powerMilliwatts > base.powerMilliwatts)
        }
        // By hand: 64 × (4470.9014 + 4505.1889) + 4161.536 + 101.7938 · (14.662·64 + 28.895) · 16 + 395.473 · (1.2886·64² + 5.5814·64 − 23.711).
        let expected = 64 * (4470.9014 + 4505.1889) + 4161.536 + 101.7938 * (14.662 * 64 + 28.895) * 16 + 395.473 * (1.2886 * 4096 + 5.5814 * 64 - 23.711)
        #expect(abs(base.areaSquareMicrometres - expected) < 1e-6)
        #expect(abs(DataflowAreaPower.fixedArea(pes: 64, nocBandwidth: 16) + DataflowAreaPower.l1Area(pes: 64, l1Bytes: 64) + DataflowAreaPower.l2Area(l2Bytes: 32768) - expected) < 1e-6)
    }

    @Test("Buffers: a given L1 smaller than the mapping needs is reported")
    func buffers() {
        let layer = DataflowLayer.conv(K: 16, C: 64, R: 3, S: 3, Y: 16, X: 16, padding: 1)
        let needed = DataflowCostModel.evaluate(layer, template: .dla, hardware: Self.small)
        #expect(needed.fitsBuffers)
        var tight = Self.small
        tight.l1Bytes = needed.l1BytesRequired - 1
        #expect(!DataflowCostModel.evaluate(layer, template: .dla, hardware: tight).fitsBuffers)
        tight.l1Bytes = needed.l1BytesRequired
        #expect(DataflowCostModel.evaluate(layer, template: .dla, hardware: tight).fitsBuffers)
    }

    @Test("Layer text: round trip, and clear errors")
    func text() throws {
        let layer = try DataflowLayer(text: "conv:K=64,C=64,R=3,S=3,Y=56,X=56,stride=1,pad=1")
        #expect(layer == .conv(K: 64, C: 64, R: 3, S: 3, Y: 56, X: 56, stride: 1, padding: 1))
        #expect(try DataflowLayer(text: layer.text) == layer)
        #expect(try DataflowLayer(text: "dwconv:C=32,R=3,S=3,Y=10,X=10") == .dwconv(C: 32, R: 3, S: 3, Y: 10, X: 10))
        #expect(try DataflowLayer(text: "fc:K=10,C=512") == .fc(K: 10, C: 512))
        let bad = ["pool:K=1", "conv:K=64,C=64,R=3,S=3,Y=56", "conv:K=64,C=64,R=3,S=3,Y=56,X=56,Z=1", "conv:K=x,C=1,R=1,S=1,Y=1,X=1",
                   "conv:K=1,C=1,R=5,S=5,Y=3,X=3", "dwconv:K=3,C=4,R=1,S=1,Y=2,X=2", "conv:K=0,C=1,R=1,S=1,Y=1,X=1", "fc:K=1,K=2,C=1"]
        for text in bad { #expect(throws: DataflowLayerTextError.self, "\(text)") { try DataflowLayer(text: text) } }
    }
}
