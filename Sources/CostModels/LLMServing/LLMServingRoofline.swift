/// A roofline model of LLM serving with continuous batching: how many requests/s of one size one
/// GPU sustains within a time-per-output-token (TPOT) SLO.
///
/// Model (after the roofline analyses of LLM inference, e.g. Yuan et al. 2024, "LLM Inference
/// Unveiled: Survey and Roofline Model Insights"; the serving loop follows vLLM's continuous
/// batching, Kwon et al. 2023):
/// - **Decode step** for a batch of B requests at average context L = I + O/2 tokens:
///   `t_dec(B) = max((W + B·L·kv) / BW, 2·P·B / F)` — read every weight and the batch's KV cache
///   once, or do 2 FLOPs per parameter per sequence, whichever takes longer.
/// - **Prefill** of one request of I input tokens: `t_pre = 2·P·I / F` — compute-bound; its
///   weight reads ride on the decode steps it is interleaved with.
/// - **Serving cycle**: B requests are prefilled and then decoded together for O steps, so
///   one cycle takes `O·t_dec(B) + B·t_pre` and yields B requests; the time per output token
///   is `TPOT(B) = t_dec(B) + B·t_pre / O` (prefills stall decoding).
/// - **Batch**: the largest B whose full sequences (I + O tokens each) fit the KV memory
///   `memoryUtilization·M − W` and whose TPOT(B) meets the SLO. Throughput = `B / cycle`.
///
/// Assumptions: peak bandwidth and FLOPs are reached (an upper bound; real engines reach
/// perhaps 50–80 %, which shifts all GPUs alike but not exactly equally); one model replica per
/// GPU (no tensor parallelism); no quantization unless the card says so; every request of a
/// bucket has the bucket's representative size. W = weight bytes, kv = KV bytes per token,
/// P = parameters, F = FP16 FLOP/s, BW = bytes/s, M = memory bytes.
public struct LLMServingRoofline: Sendable {
    /// Fraction of device memory for weights + KV cache (vLLM's default `gpu_memory_utilization`).
    public var memoryUtilization: Double

    /// A model whose KV cache gets `memoryUtilization` × the GPU's memory, less the weights.
    public init(memoryUtilization: Double = 0.9) {
        self.memoryUtilization = memoryUtilization
    }

    /// What limited the batch.
    public enum Limit: String, Sendable {
        /// The KV cache filled the memory left after the weights.
        case memory
        /// A larger batch would miss the TPOT SLO.
        case slo
        /// The weights do not fit, or even one request misses the SLO: the GPU cannot serve.
        case cannotServe = "cannot-serve"
    }

    /// One estimate.
    public struct Estimate: Sendable, Equatable {
        /// Requests/s the GPU sustains (0 when it cannot serve).
        public var requestsPerSecond: Double
        /// Requests decoded together.
        public var batchSize: Int
        /// Seconds per decode step at that batch.
        public var decodeStepSeconds: Double
        /// Seconds to prefill one request.
        public var prefillSeconds: Double
        /// Time per output token at the chosen batch, seconds.
        public var tpotSeconds: Double
        /// What limits the batch.
        public var limit: Limit
    }

    /// One decode step of `batch` requests: the larger of the memory time (weights and KV cache
    /// read) and the compute time, seconds.
    public func decodeStepSeconds(
        _ gpu: GPUSpec, _ model: ModelCard, batch: Int, contextTokens: Double
    ) -> Double {
        let bytes = model.weightBytes + Double(batch) * contextTokens * model.kvBytesPerToken
        return max(
            bytes / gpu.bandwidthBytesPerSecond,
            2 * model.parameters * Double(batch) / gpu.fp16FlopsPerSecond)
    }

    /// Prefill of `inputTokens` tokens: the larger of the compute and memory times, seconds.
    public func prefillSeconds(_ gpu: GPUSpec, _ model: ModelCard, inputTokens: Double) -> Double {
        2 * model.parameters * inputTokens / gpu.fp16FlopsPerSecond
    }

    /// Requests of `inputTokens` in and `outputTokens` out, under a TPOT SLO in seconds.
    public func estimate(
        _ gpu: GPUSpec, _ model: ModelCard, inputTokens: Double, outputTokens: Double,
        tpotSLOSeconds: Double
    ) -> Estimate {
        let output = max(outputTokens, 1)
        let context = inputTokens + output / 2
        let prefill = prefillSeconds(gpu, model, inputTokens: inputTokens)
        let cannot = Estimate(
            requestsPerSecond: 0, batchSize: 0, decodeStepSeconds: 0, prefillSeconds: prefill,
            tpotSeconds: .infinity, limit: .cannotServe)
        let kvMemory = memoryUtilization * gpu.memoryBytes - model.weightBytes
        guard kvMemory > 0 else { return cannot }
        // Requests whose KV cache fits (at most 10⁹: a batch beyond any real GPU's, and an Int).
        let fitting = (kvMemory / ((inputTokens + output) * model.kvBytesPerToken)).rounded(.down)
        guard fitting >= 1 else { return cannot }
        let memoryBatch = Int(min(fitting, 1e9))  // checked: 1 ≤ fitting, at most 1e9
        func tpot(_ batch: Int) -> Double {
            decodeStepSeconds(gpu, model, batch: batch, contextTokens: context) + Double(batch)
                * prefill / output
        }
        guard memoryBatch >= 1, tpot(1) <= tpotSLOSeconds else { return cannot }
        // TPOT grows with the batch: binary search the largest batch within the SLO.
        var low = 1
        var high = memoryBatch
        while low < high {
            let middle = (low + high + 1) / 2
            if tpot(middle) <= tpotSLOSeconds { low = middle } else { high = middle - 1 }
        }
        let batch = low
        let step = decodeStepSeconds(gpu, model, batch: batch, contextTokens: context)
        let cycle = output * step + Double(batch) * prefill
        return Estimate(
            requestsPerSecond: Double(batch) / cycle, batchSize: batch, decodeStepSeconds: step,
            prefillSeconds: prefill, tpotSeconds: tpot(batch),
            limit: batch == memoryBatch ? .memory : .slo)
    }
}
