import CostModels
import Testing

@Suite struct QuantizedLayerCostTests {
    static let device = QuantizedDeviceProfile(
        name: "toy", macsPerSecondByBits: [4: 2e12, 8: 1e12], bandwidthBytesPerSecond: 1e9,
        source: "test")

    @Test func computeBoundLayerByHand() throws {
        // 1e9 MACs at INT8: 1e9 / 1e12 = 1 ms; traffic 1e3 weights · 8 bits / 8 / 1e9 = 1 µs.
        let latency = try #require(
            QuantizedLayerCost().latencySeconds(
                macs: 1e9, weights: 1e3, weightBits: 8, activationBits: 8, on: Self.device))
        #expect(abs(latency - 1e-3) < 1e-15)
        // At INT4 the compute halves: 0.5 ms.
        let int4 = try #require(
            QuantizedLayerCost().latencySeconds(
                macs: 1e9, weights: 1e3, weightBits: 4, activationBits: 4, on: Self.device))
        #expect(abs(int4 - 0.5e-3) < 1e-15)
    }

    @Test func memoryBoundLayerByHand() throws {
        // 1e6 weights at 8 bits + 2e6 activations at 8 bits = 3e6 bytes / 1e9 B/s = 3 ms;
        // compute 1e6 MACs / 1e12 = 1 µs. At 4-bit weights: (0.5e6 + 2e6) bytes → 2.5 ms.
        let latency = try #require(
            QuantizedLayerCost().latencySeconds(
                macs: 1e6, weights: 1e6, activations: 2e6, weightBits: 8, activationBits: 8,
                on: Self.device))
        #expect(abs(latency - 3e-3) < 1e-15)
        let w4 = try #require(
            QuantizedLayerCost().latencySeconds(
                macs: 1e6, weights: 1e6, activations: 2e6, weightBits: 4, activationBits: 8,
                on: Self.device))
        #expect(abs(w4 - 2.5e-3) < 1e-15)
    }

    @Test func precisionFallsBackToTheNextSupportedOne() {
        // 6 bits run on the INT8 path; 16 bits are not supported by the toy device.
        #expect(Self.device.macsPerSecond(weightBits: 6, activationBits: 6) == 1e12)
        #expect(Self.device.macsPerSecond(weightBits: 16, activationBits: 16) == nil)
        #expect(
            QuantizedLayerCost().latencySeconds(
                macs: 1, weights: 1, weightBits: 16, activationBits: 16, on: Self.device) == nil)
    }

    @Test func bitSerialThroughputScalesWithBitProducts() throws {
        let serial = QuantizedDeviceProfile(
            name: "serial", binaryMacsPerSecond: 64e9, bandwidthBytesPerSecond: 1e12, source: "test"
        )
        // 64e9 binary MAC/s: 8 × 8 bits → 1e9 MAC/s, 2 × 2 → 16e9; 1e9 MACs take 1 s vs 62.5 ms.
        let w8 = try #require(
            QuantizedLayerCost().latencySeconds(
                macs: 1e9, weights: 1, weightBits: 8, activationBits: 8, on: serial))
        let w2 = try #require(
            QuantizedLayerCost().latencySeconds(
                macs: 1e9, weights: 1, weightBits: 2, activationBits: 2, on: serial))
        #expect(abs(w8 - 1) < 1e-12)
        #expect(abs(w2 - 0.0625) < 1e-12)
    }

    @Test func shippedProfiles() {
        #expect(QuantizedDeviceCatalog.all.map(\.name) == ["t4", "a100", "bit-serial"])
        #expect(
            QuantizedDeviceCatalog.profile(named: "T4")?.macsPerSecond(
                weightBits: 4, activationBits: 4) == 130e12)
        #expect(QuantizedDeviceCatalog.all.allSatisfy { !$0.source.isEmpty })
    }
}
