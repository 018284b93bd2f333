import CostModels
import TestSupport
import Testing

@Suite("MAESTRO dataflow cost model")
struct DataflowCostModelTests {
    /// K = 4 output channels over 4 PEs, C = 2 walked in time, on a 2-element NoC.
    static let handLayer = MaestroLayer(
        name: "hand", type: .conv,
        dimensions: [
            .init(.K, 4), .init(.C, 2), .init(.R, 1), .init(.S, 1), .init(.Y, 1), .init(.X, 1),
        ],
        dataflow: DataflowBlock([
            .spatialMap(size: .value(1), offset: .value(1), dimension: .K),
            .temporalMap(size: .value(1), offset: .value(1), dimension: .C),
        ]))

    @Test(
        """
        By hand: SpatialMap(1,1) K; TemporalMap(1,1) C on 4 PEs — two iteration cases, 3 + 2 \
        cycles
        """
    )
    func byHand() throws {
        // One level (no Cluster): K over the 4 PEs; C, then R, S, X, Y (unrolled, added by MAESTRO)
        // in time. Case 1, all initial: ingress = input 1 (C·Y·X map) + filter 4 (one weight per
        // PE) = 5 elements;
        //   ⌈5/2⌉ − 1 = 2 cycles, not hidden (first iteration): 1 compute + 2 = 3. Case 2, C
        //   steady: ingress again 1 + 4 = 5 → 2 cycles, egress 4 outputs → 1, compute 1: max = 2.
        let cost = try DataflowCostModel.evaluate(
            Self.handLayer, hardware: DataflowHardware(processingElements: 4, nocBandwidth: 2))
        #expect(cost.runtimeCycles == 5)
        #expect(cost.macs == 8)
        #expect(
            cost.input
                == .init(
                    l1Reads: 8, l1Writes: 2, l2Reads: 2, l2Writes: 2, l1SizeRequired: 2,
                    l2SizeRequired: 2))
        #expect(
            cost.filter
                == .init(
                    l1Reads: 8, l1Writes: 8, l2Reads: 8, l2Writes: 8, l1SizeRequired: 2,
                    l2SizeRequired: 8))
        // Outputs are written back after each input channel (2 × 4) and read once (K·Y'·X' = 4).
        #expect(
            cost.output
                == .init(
                    l1Reads: 8, l1Writes: 8, l2Reads: 4, l2Writes: 8, l1SizeRequired: 2,
                    l2SizeRequired: 8))
        #expect(cost.l1ElementsRequired == 6 && cost.l2ElementsRequired == 18)
        // 18.61 × 32 L2 accesses + 1.68 × 42 L1 accesses + 8 MACs.
        #expect(abs(cost.energyUnits - (18.61 * 32 + 1.68 * 42 + 8)) < 1e-9)
        #expect(abs(cost.energyPicojoules - cost.energyUnits * 0.23) < 1e-9)
        #expect(cost.peakBandwidth == 5 && cost.averageBandwidth == 5)
        #expect(cost.averageUtilizedPEs == 4)
        #expect(cost.ingressDelay == .init(min: 2, max: 2, average: 2))
        #expect(cost.egressDelay.max == 1 && cost.computeDelay.max == 1)
        #expect(cost.bound == .noc)
        #expect(cost.boundCycles.noc == 5 && cost.boundCycles.compute == 0)
    }

    @Test("Hop latency and SIMD lanes enter the delays as MAESTRO's NoC and PE do")
    func latencyAndLanes() throws {
        // Latency 3: every transfer 3 cycles longer; case 1 = 1 + 5, case 2 = max(5, 1, 4) = 5.
        let slow = try DataflowCostModel.evaluate(
            Self.handLayer,
            hardware: DataflowHardware(processingElements: 4, nocBandwidth: 2, hopLatencyCycles: 3))
        #expect(slow.runtimeCycles == 11)
        // Off-chip: the L2 tiles (input 2 + filter 8, output 8) fill at 1 element per cycle, halved
        // by double buffering: max(10 / 2, on-chip, 8 / 2) = 5 per iteration.
        let offChip = try DataflowCostModel.evaluate(
            Self.handLayer,
            hardware: DataflowHardware(processingElements: 4, nocBandwidth: 2, offChipBandwidth: 1))
        #expect(offChip.runtimeCycles == 10)
        #expect(offChip.bound == .offChip)
    }

    @Test("Area and power: MAESTRO's 2021 cost table by hand")
    func areaPowerByHand() throws {
        // 64 PEs × (283 + 0.104 · 54) + 0.104 · 2306 + 101.7938 · (14.662 · 64 + 28.895) · 32 +
        // 395.473 · (1.2886 · 64² + 5.5814 · 64 − 23.711).
        let estimate = DataflowAreaPower.estimate(
            pes: 64, nocBandwidth: 32, l1Bytes: 54, l2Bytes: 2306)
        let arbiter = 1.2886 * 4096 + 5.5814 * 64 - 23.711
        let bus = 14.662 * 64 + 28.895
        let area = 64 * (283 + 0.104 * 54) + 0.104 * 2306 + 101.7938 * bus * 32 + 395.473 * arbiter
        #expect(abs(estimate.areaSquareMicrometres - area) < 1e-6)
        #expect(abs(estimate.pePowerMilliwatts - 64 * 1.2223) < 1e-9)
        #expect(abs(estimate.l1PowerMilliwatts - 64 * 0.00345 * 54) < 1e-9)
        #expect(abs(estimate.l2PowerMilliwatts - 0.00345 * 2306) < 1e-9)
        #expect(
            abs(estimate.nocPowerMilliwatts - (0.8 * bus / 1000 * 32 + 0.34 * arbiter / 1000))
                < 1e-9)
        // The dev data's first row (64 PEs, NoC 32, L1 54, L2 2306): area 5388710, power 124.776 (6
        // digits).
        #expect(abs(estimate.areaSquareMicrometres - 5_388_710) / 5_388_710 < 1e-5)
        #expect(abs(estimate.powerMilliwatts - 124.776) / 124.776 < 1e-5)
        #expect(
            abs(
                DataflowAreaPower.fixedArea(pes: 64, nocBandwidth: 32)
                    + DataflowAreaPower.l1Area(pes: 64, l1Bytes: 54)
                    + DataflowAreaPower.l2Area(l2Bytes: 2306) - area) < 1e-6)
    }

    @Test("One analysis, many NoCs: the batch gives what each evaluation from scratch gives")
    func batchEqualsSingle() throws {
        var generator = SplitMix64(seed: 5)
        func pick(_ values: [Int]) -> Int { values[Int(generator.next() % UInt64(values.count))] }
        for _ in 0..<40 {
            let r = pick([1, 3, 5])
            let layer: DataflowLayer =
                pick([0, 1]) == 0
                ? .conv(
                    K: pick([16, 64, 100]), C: pick([3, 32, 64]), R: r, S: r, Y: pick([8, 14, 28]),
                    X: pick([8, 14, 28]), stride: pick([1, 2]), padding: r / 2)
                : .dwconv(
                    C: pick([16, 96]), R: r, S: r, Y: pick([14, 28]), X: pick([14, 28]),
                    stride: pick([1, 2]), padding: r / 2)
            let hop = pick([0, 1])
            let hardware = [64, 256].flatMap { pes in
                [8, 32, 256].map {
                    DataflowHardware(
                        processingElements: pes, nocBandwidth: $0, hopLatencyCycles: hop)
                }
            }
            for template in DataflowTemplate.allCases {
                let batch = try DataflowCostModel.evaluate(
                    layer, template: template, hardware: hardware)
                for (h, cost) in zip(hardware, batch) {
                    #expect(
                        cost
                            == (try DataflowCostModel.evaluate(
                                layer, template: template, hardware: h)))
                }
                // More NoC bandwidth is never slower (MAESTRO's delays only shrink with it).
                for pair in zip(batch, batch.dropFirst())
                where pair.0.processingElements == pair.1.processingElements {
                    #expect(
                        pair.1.runtimeCycles <= pair.0.runtimeCycles, "\(layer.text) \(template)")
                }
            }
        }
        let mapping = try DataflowMapping(Self.handLayer, processingElements: 4)
        #expect(throws: DataflowMappingError.self) {
            try mapping.cost(on: DataflowHardware(processingElements: 8, nocBandwidth: 2))
        }
    }

    @Test("The dla template maps K exactly: MACs are the layer's own on every shape")
    func dlaCountsTheLayersMACs() throws {
        var generator = SplitMix64(seed: 9)
        func pick(_ values: [Int]) -> Int { values[Int(generator.next() % UInt64(values.count))] }
        for _ in 0..<60 {
            let r = pick([1, 3, 5, 7])
            let y = pick([7, 14, 15, 30])
            let layer = DataflowLayer.conv(
                K: pick([1, 16, 65, 128]), C: pick([1, 3, 64, 130]), R: r, S: r, Y: y, X: y,
                stride: pick([1, 2]), padding: pick([0, r / 2]))
            guard layer.problem == nil else { continue }
            let cost = try DataflowCostModel.evaluate(
                layer, template: .dla,
                hardware: DataflowHardware(
                    processingElements: pick([64, 256, 1024]), nocBandwidth: 32))
            #expect(cost.macs == layer.macs, "\(layer.text)")
            #expect(cost.input.l1Reads == cost.macs && cost.filter.l1Reads == cost.macs)
        }
    }

    @Test(
        """
        shi on a row narrower than its 8 + S − 1 tile: the whole row is the tile (MAESTRO's \
        block alone covers no iteration)
        """
    )
    func shiNarrowRows() throws {
        let layer = DataflowLayer.conv(K: 32, C: 16, R: 5, S: 5, Y: 8, X: 8)
        let hardware = DataflowHardware(processingElements: 64, nocBandwidth: 32)
        let cost = try DataflowCostModel.evaluate(layer, template: .shi, hardware: hardware)
        #expect(cost.macs == layer.macs)
        let wholeRow = try layer.maestroLayer(template: .shi, wholeRowTile: true)
        #expect(cost == (try DataflowCostModel.evaluate(wholeRow, hardware: hardware)))
        do {
            _ = try DataflowCostModel.evaluate(
                try layer.maestroLayer(template: .shi), hardware: hardware)
            Issue.record("MAESTRO's own block should cover no iteration here")
        } catch {
            #expect(error.coversNoIteration)
            #expect(error.message.contains("no valid iteration"))
        }
    }

    @Test("Templates need their clusters' PEs; buffers are checked against given capacities")
    func limits() throws {
        let layer = DataflowLayer.conv(K: 16, C: 64, R: 3, S: 3, Y: 16, X: 16, padding: 1)
        #expect {
            try DataflowCostModel.evaluate(
                layer, template: .dla,
                hardware: DataflowHardware(processingElements: 32, nocBandwidth: 16))
        } throws: { ($0 as? DataflowMappingError)?.message.contains("at least 64 PEs") == true }
        var hardware = DataflowHardware(processingElements: 64, nocBandwidth: 16)
        let needed = try DataflowCostModel.evaluate(layer, template: .dla, hardware: hardware)
        #expect(needed.fitsBuffers)
        hardware.l1Bytes = needed.l1BytesRequired - 1
        #expect(
            !(try DataflowCostModel.evaluate(layer, template: .dla, hardware: hardware)).fitsBuffers
        )
        hardware.l1Bytes = needed.l1BytesRequired
        hardware.bytesPerElement = 2
        #expect(
            !(try DataflowCostModel.evaluate(layer, template: .dla, hardware: hardware)).fitsBuffers
        )
        #expect(DataflowHardware(processingElements: 64, nocBandwidth: 0).problem != nil)
        #expect(
            DataflowHardware(processingElements: 64, nocBandwidth: 1, simdLanes: 0).problem != nil)
    }

    @Test("Layer shapes and MACs: padding, stride, depthwise, fully connected")
    func shapes() {
        let conv = DataflowLayer.conv(K: 64, C: 64, R: 3, S: 3, Y: 56, X: 56, stride: 1, padding: 1)
        #expect(conv.outputRows == 56 && conv.outputColumns == 56)
        #expect(conv.macs == 64 * 64 * 9 * 56 * 56)
        #expect(conv.maestroDimensions.map(\.size) == [64, 64, 3, 3, 58, 58])
        let strided = DataflowLayer.conv(
            K: 8, C: 3, R: 7, S: 7, Y: 224, X: 224, stride: 2, padding: 3)
        #expect(strided.outputRows == 112)
        let dw = DataflowLayer.dwconv(C: 32, R: 3, S: 3, Y: 10, X: 10)
        #expect(dw.macs == 32 * 9 * 8 * 8)
        #expect(dw.maestroType == .dsconv && dw.maestroDimensions.first?.size == 1)
        #expect(DataflowLayer.fc(K: 10, C: 512).macs == 5120)
    }

    @Test("Layer text: round trip, MAESTRO's depthwise K = 1, and clear errors")
    func text() throws {
        let layer = try DataflowLayer(text: "conv:K=64,C=64,R=3,S=3,Y=56,X=56,stride=1,pad=1")
        #expect(layer == .conv(K: 64, C: 64, R: 3, S: 3, Y: 56, X: 56, stride: 1, padding: 1))
        #expect(try DataflowLayer(text: layer.text) == layer)
        #expect(
            try DataflowLayer(text: "dwconv:C=32,R=3,S=3,Y=10,X=10")
                == .dwconv(C: 32, R: 3, S: 3, Y: 10, X: 10))
        #expect(
            try DataflowLayer(text: "dwconv:K=1,C=32,R=3,S=3,Y=10,X=10")
                == .dwconv(C: 32, R: 3, S: 3, Y: 10, X: 10))
        #expect(try DataflowLayer(text: "fc:K=10,C=512") == .fc(K: 10, C: 512))
        let bad = [
            "pool:K=1", "conv:K=64,C=64,R=3,S=3,Y=56", "conv:K=64,C=64,R=3,S=3,Y=56,X=56,Z=1",
            "conv:K=x,C=1,R=1,S=1,Y=1,X=1",
            "conv:K=1,C=1,R=5,S=5,Y=3,X=3", "dwconv:K=3,C=4,R=1,S=1,Y=2,X=2",
            "conv:K=0,C=1,R=1,S=1,Y=1,X=1", "fc:K=1,K=2,C=1",
        ]
        for text in bad {
            #expect(throws: DataflowLayerTextError.self, "\(text)") {
                try DataflowLayer(text: text)
            }
        }
    }
}
