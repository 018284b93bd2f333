/// Peak rates of a device for quantized layers.
public struct QuantizedDeviceProfile: Sendable, Equatable {
    /// The profile's name (`t4`, `a100`, `bit-serial`).
    public var name: String
    /// Peak dense tensor throughput in MAC/s per supported precision (bits → MAC/s); a layer at
    /// b bits runs on the smallest supported precision ≥ b.
    public var macsPerSecondByBits: [Int: Double]
    /// For a bit-serial unit: binary (1 × 1-bit) MAC/s; a layer at w × a bits then runs at
    /// `binaryMacsPerSecond / (w · a)`, as in BISMO-style bit-serial accelerators.
    public var binaryMacsPerSecond: Double?
    /// Memory bandwidth, bytes/s.
    public var bandwidthBytesPerSecond: Double
    /// Where the numbers come from.
    public var source: String

    /// A profile with these numbers.
    public init(
        name: String, macsPerSecondByBits: [Int: Double] = [:], binaryMacsPerSecond: Double? = nil,
        bandwidthBytesPerSecond: Double, source: String
    ) {
        self.name = name
        self.macsPerSecondByBits = macsPerSecondByBits
        self.binaryMacsPerSecond = binaryMacsPerSecond
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
        self.source = source
    }

    /// MAC/s at `weightBits` × `activationBits`, or nil when the device cannot run it.
    public func macsPerSecond(weightBits: Int, activationBits: Int) -> Double? {
        if let binary = binaryMacsPerSecond { return binary / Double(weightBits * activationBits) }
        let bits = max(weightBits, activationBits)
        return macsPerSecondByBits.filter { $0.key >= bits }.min { $0.key < $1.key }?.value
    }
}

/// Device profiles DSEKit ships. Datasheet TOPS count 2 operations per MAC and are halved here.
public enum QuantizedDeviceCatalog {
    /// Every profile in the catalog.
    public static let all: [QuantizedDeviceProfile] = [
        QuantizedDeviceProfile(
            name: "t4", macsPerSecondByBits: [4: 130e12, 8: 65e12, 16: 32.5e12],
            bandwidthBytesPerSecond: 320e9,
            source:
                """
                NVIDIA T4 datasheet: 260 INT4 TOPS, 130 INT8 TOPS, 65 FP16 TFLOPS (dense), 320 \
                GB/s GDDR6
                """
        ),
        QuantizedDeviceProfile(
            name: "a100", macsPerSecondByBits: [4: 624e12, 8: 312e12, 16: 156e12],
            bandwidthBytesPerSecond: 2039e9,
            source:
                """
                NVIDIA A100 80GB SXM datasheet: 1,248 INT4 TOPS, 624 INT8 TOPS, 312 FP16 \
                TFLOPS (dense), 2,039 GB/s HBM2e
                """
        ),
        QuantizedDeviceProfile(
            name: "bit-serial", binaryMacsPerSecond: 3.25e12, bandwidthBytesPerSecond: 4.2e9,
            source:
                """
                FPGA bit-serial overlay after BISMO (Umuroglu et al., FPL 2018) on a PYNQ-Z1: \
                peak binary throughput about 6.5 TOPS as we recall the paper (3.25e12 binary \
                MAC/s; not re-verified here); DDR3 bandwidth 4.2 GB/s (16-bit DDR3-1050); \
                treat both as illustrative
                """
        ),
    ]

    /// The profile with this name, if any.
    public static func profile(named name: String) -> QuantizedDeviceProfile? {
        all.first { $0.name == name.lowercased() }
    }
}
