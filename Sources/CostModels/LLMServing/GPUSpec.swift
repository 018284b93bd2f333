/// What a roofline model needs to know about one GPU.
public struct GPUSpec: Sendable, Equatable {
    /// The GPU's name (`A10G`, `H100`).
    public var name: String
    /// Device memory, bytes.
    public var memoryBytes: Double
    /// Peak memory bandwidth, bytes/s.
    public var bandwidthBytesPerSecond: Double
    /// Peak dense FP16 tensor throughput, FLOP/s (without structured sparsity).
    public var fp16FlopsPerSecond: Double
    /// On-demand price, $/hour, when the catalog has one.
    public var pricePerHour: Double?
    /// Where the numbers come from.
    public var source: String

    /// A GPU with these specs.
    public init(
        name: String, memoryGB: Double, bandwidthGBps: Double, fp16TFLOPS: Double,
        pricePerHour: Double? = nil, source: String = ""
    ) {
        self.name = name
        self.memoryBytes = memoryGB * 1e9
        self.bandwidthBytesPerSecond = bandwidthGBps * 1e9
        self.fp16FlopsPerSecond = fp16TFLOPS * 1e12
        self.pricePerHour = pricePerHour
        self.source = source
    }
}

/// GPUs whose numbers DSEKit ships, each with its sources. Memory in GB (10⁹ bytes, as the
/// datasheets count), bandwidth in GB/s, dense FP16 tensor TFLOPS (datasheets often print the
/// 2:4-sparsity figure, twice this).
public enum GPUCatalog {
    /// Every GPU in the catalog, each number with its source.
    public static let all: [GPUSpec] = [
        GPUSpec(
            name: "T4", memoryGB: 16, bandwidthGBps: 320, fp16TFLOPS: 65, pricePerHour: 0.526,
            source:
                """
                NVIDIA T4 datasheet (16 GB GDDR6, 320 GB/s, 65 TFLOPS FP16 mixed precision); \
                price: AWS g4dn.xlarge on-demand, us-east-1 list price
                """
        ),
        GPUSpec(
            name: "L4", memoryGB: 24, bandwidthGBps: 300, fp16TFLOPS: 121, pricePerHour: 0.70,
            source:
                """
                NVIDIA L4 datasheet (24 GB GDDR6, 300 GB/s, 242 TFLOPS FP16 with sparsity = \
                121 dense); price: 0.70 $/h, the L4 price we recall from the Mélange \
                evaluation (not re-verified here; AWS g6.xlarge lists about 0.80 $/h)
                """
        ),
        GPUSpec(
            name: "A10G", memoryGB: 24, bandwidthGBps: 600, fp16TFLOPS: 125, pricePerHour: 1.01,
            source:
                """
                NVIDIA A10 datasheet (24 GB GDDR6, 600 GB/s, 250 TFLOPS FP16 with sparsity = \
                125 dense; the A10G is AWS's A10 variant, no separate sheet); price: the \
                Mélange authors' example.json (1.01 $/h, AWS g5.xlarge)
                """
        ),
        GPUSpec(
            name: "L40S", memoryGB: 48, bandwidthGBps: 864, fp16TFLOPS: 362, pricePerHour: 1.861,
            source:
                """
                NVIDIA L40S datasheet (48 GB GDDR6, 864 GB/s, 733 TFLOPS FP16 with sparsity = \
                362 dense); price: AWS g6e.xlarge on-demand, us-east-1 list price
                """
        ),
        GPUSpec(
            name: "A100-80GB", memoryGB: 80, bandwidthGBps: 2039, fp16TFLOPS: 312,
            pricePerHour: 3.67,
            source:
                """
                NVIDIA A100 datasheet, 80 GB SXM (HBM2e, 2,039 GB/s, 312 TFLOPS FP16 dense); \
                price: the Mélange authors' example.json (3.67 $/h)
                """
        ),
        GPUSpec(
            name: "H100-80GB", memoryGB: 80, bandwidthGBps: 3350, fp16TFLOPS: 989,
            pricePerHour: 7.52,
            source:
                """
                NVIDIA H100 datasheet, SXM (80 GB HBM3, 3.35 TB/s, 1,979 TFLOPS FP16 with \
                sparsity = 989 dense); price: 7.52 $/h, the H100 price we recall from the \
                Mélange evaluation (not re-verified here; replace with your provider's)
                """
        ),
    ]

    /// The entry with this name (case-insensitive; `A100` and `H100` find the 80 GB parts).
    public static func spec(named name: String) -> GPUSpec? {
        let key = name.lowercased()
        return all.first { $0.name.lowercased() == key }
            ?? all.first { $0.name.lowercased().hasPrefix(key + "-") }
    }
}
