import CostModels
import Testing

@Suite struct LLMServingRooflineTests {
    /// A made-up GPU and model with round numbers, so every quantity can be checked by hand:
    /// 10 GB memory, 100 GB/s, 10 TFLOPS; 1e9 parameters at 2 bytes (2 GB of weights),
    /// 2 layers × 1 KV head × head dim 64 × 2 (K and V) × 2 bytes = 512 bytes of KV per token.
    static let gpu = GPUSpec(name: "toy", memoryGB: 10, bandwidthGBps: 100, fp16TFLOPS: 10)
    static let model = ModelCard(
        name: "toy", parameters: 1e9, layers: 2, hiddenSize: 128, attentionHeads: 2,
        keyValueHeads: 1)

    @Test func kvAndWeightBytes() {
        #expect(Self.model.weightBytes == 2e9)
        #expect(Self.model.kvBytesPerToken == 512)
        // Llama-2-7B: 2 × 32 layers × 32 heads × 128 × 2 bytes = 524,288 bytes (0.5 MiB) per token.
        #expect(ModelCatalog.card(named: "llama-2-7b")?.kvBytesPerToken == 524_288)
        // Llama-2-70B with 8 KV heads: 2 × 80 × 8 × 128 × 2 = 327,680.
        #expect(ModelCatalog.card(named: "llama-2-70b")?.kvBytesPerToken == 327_680)
    }

    @Test func memoryBoundDecodeStepByHand() {
        let roofline = LLMServingRoofline()
        // Batch 1 at 1,000 context tokens: (2e9 + 1000·512) bytes / 1e11 B/s = 0.02000512 s;
        // compute 2·1e9 / 1e13 = 0.0002 s — memory-bound.
        #expect(
            abs(
                roofline.decodeStepSeconds(Self.gpu, Self.model, batch: 1, contextTokens: 1000)
                    - 0.02000512) < 1e-12)
    }

    @Test func computeBoundDecodeStepByHand() {
        // Batch 2,000 at 10 tokens: memory (2e9 + 2000·10·512)/1e11 = 0.0201024 s; compute
        // 2·1e9·2000/1e13 = 0.4 s — compute-bound.
        let step = LLMServingRoofline().decodeStepSeconds(
            Self.gpu, Self.model, batch: 2000, contextTokens: 10)
        #expect(abs(step - 0.4) < 1e-12)
    }

    @Test func batchAndThroughputByHand() {
        // I = 100, O = 100: context 150 tokens; prefill 2·1e9·100 / 1e13 = 0.02 s per request.
        // t_dec(B) = max((2e9 + B·150·512) / 1e11, 2e9·B / 1e13); compute wins from B = 101 on.
        // TPOT(B) = t_dec(B) + B·0.02 / 100. Below B = 101: TPOT ≈ 0.02 + 2.008e-4·B, at most
        // 0.0403 s. From B = 101: TPOT = 2e-4·B + 2e-4·B = 4e-4·B ≤ 0.05 s → B = 125, where
        // t_dec = 0.025 s. One cycle: 100 steps · 0.025 s + 125 prefills · 0.02 s = 5 s for
        // 125 requests → 25 requests/s.
        let estimate = LLMServingRoofline().estimate(
            Self.gpu, Self.model, inputTokens: 100, outputTokens: 100, tpotSLOSeconds: 0.05)
        #expect(estimate.batchSize == 125)
        #expect(estimate.limit == .slo)
        #expect(abs(estimate.decodeStepSeconds - 0.025) < 1e-12)
        #expect(abs(estimate.requestsPerSecond - 25) < 1e-9)
    }

    @Test func memoryLimitsTheBatch() {
        // KV memory 0.9·10e9 − 2e9 = 7e9 bytes; 10,000 + 1,000 tokens per request at 512 B →
        // 5.632e6 bytes → 1,242 requests; with a loose SLO the batch stops there.
        let estimate = LLMServingRoofline().estimate(
            Self.gpu, Self.model, inputTokens: 10_000, outputTokens: 1_000, tpotSLOSeconds: 1e9)
        #expect(estimate.batchSize == 1242)
        #expect(estimate.limit == .memory)
    }

    @Test func cannotServeWhenWeightsDoNotFitOrTheSLOIsTooTight() throws {
        let l4 = try #require(GPUCatalog.spec(named: "L4"))
        let seventy = try #require(ModelCatalog.card(named: "llama-2-70b"))
        #expect(
            LLMServingRoofline().estimate(
                l4, seventy, inputTokens: 100, outputTokens: 100, tpotSLOSeconds: 1
            ).requestsPerSecond == 0)
        // Batch 1 needs 0.02 s per token on the toy GPU: a 10 ms SLO cannot be met.
        let tight = LLMServingRoofline().estimate(
            Self.gpu, Self.model, inputTokens: 10, outputTokens: 10, tpotSLOSeconds: 0.01)
        #expect(tight.limit == .cannotServe)
        #expect(tight.requestsPerSecond == 0)
    }

    @Test func monotoneInSLOBandwidthAndRequestSize() throws {
        let roofline = LLMServingRoofline()
        let a100 = try #require(GPUCatalog.spec(named: "A100"))
        let card = try #require(ModelCatalog.card(named: "llama-2-7b"))
        var previous = 0.0
        for slo in [0.02, 0.04, 0.08, 0.12, 0.5] {
            let rate = roofline.estimate(
                a100, card, inputTokens: 500, outputTokens: 250, tpotSLOSeconds: slo
            ).requestsPerSecond
            #expect(rate >= previous)
            previous = rate
        }
        var faster = a100
        faster.bandwidthBytesPerSecond *= 2
        #expect(
            roofline.estimate(
                faster, card, inputTokens: 500, outputTokens: 250, tpotSLOSeconds: 0.04
            ).requestsPerSecond
                >= roofline.estimate(
                    a100, card, inputTokens: 500, outputTokens: 250, tpotSLOSeconds: 0.04
                ).requestsPerSecond)
        #expect(
            roofline.estimate(
                a100, card, inputTokens: 2000, outputTokens: 500, tpotSLOSeconds: 0.12
            ).requestsPerSecond
                < roofline.estimate(
                    a100, card, inputTokens: 100, outputTokens: 100, tpotSLOSeconds: 0.12
                ).requestsPerSecond)
    }

    @Test func catalogLookups() {
        #expect(GPUCatalog.spec(named: "a100")?.name == "A100-80GB")
        #expect(GPUCatalog.spec(named: "H100")?.name == "H100-80GB")
        #expect(GPUCatalog.spec(named: "B200") == nil)
        #expect(GPUCatalog.all.count == 6)
        #expect(GPUCatalog.all.allSatisfy { !$0.source.isEmpty && $0.pricePerHour != nil })
        #expect(ModelCatalog.all.map(\.name) == ["llama-2-7b", "llama-2-70b", "llama-3-8b"])
    }
}
