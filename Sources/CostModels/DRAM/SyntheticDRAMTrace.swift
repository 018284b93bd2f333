/// Synthetic request streams: sequential, uniformly random, or a mix with a given locality.
public struct SyntheticDRAMTrace: Sendable, Equatable {
    /// The address pattern.
    public enum Pattern: String, Sendable, CaseIterable {
        /// Consecutive `requestBytes`-sized addresses from `startAddress`.
        case stream
        /// Addresses drawn uniformly (aligned to `requestBytes`) over `footprintBytes`.
        case random
        /// Each step continues sequentially with probability `locality`, else jumps at random
        /// (like ArchGym's cloud traces, where about half the steps are +64 B).
        case mix
    }

    /// The address pattern.
    public var pattern: Pattern
    /// Requests in the trace.
    public var count: Int
    /// Probability that a step is sequential (`mix` only).
    public var locality: Double
    /// Fraction of requests that are reads.
    public var readFraction: Double
    /// Cycles between arrivals (1 = one request per memory cycle, as in ArchGym's traces).
    public var intervalCycles: Int
    /// Bytes per request (and address alignment).
    public var requestBytes: UInt64
    /// The address range random steps fall in, bytes.
    public var footprintBytes: UInt64
    /// The first address.
    public var startAddress: UInt64
    /// The seed of the random steps.
    public var seed: UInt64

    /// A pattern with these settings.
    public init(
        pattern: Pattern, count: Int = 10_000, locality: Double = 0.5, readFraction: Double = 1,
        intervalCycles: Int = 1,
        requestBytes: UInt64 = 64, footprintBytes: UInt64 = 1 << 30, startAddress: UInt64 = 0,
        seed: UInt64 = 1
    ) {
        self.pattern = pattern
        self.count = count
        self.locality = locality
        self.readFraction = readFraction
        self.intervalCycles = intervalCycles
        self.requestBytes = requestBytes
        self.footprintBytes = footprintBytes
        self.startAddress = startAddress
        self.seed = seed
    }

    /// Why the parameters cannot make a trace, or nil.
    public var problem: String? {
        if count < 1 { return "count must be at least 1" }
        if !(0...1).contains(locality) { return "locality must be between 0 and 1" }
        if !(0...1).contains(readFraction) { return "read_fraction must be between 0 and 1" }
        if intervalCycles < 0 { return "interval_cycles must not be negative" }
        if requestBytes == 0 || footprintBytes < requestBytes {
            return "footprint_bytes must hold at least one request"
        }
        return nil
    }

    /// The trace: the same settings give the same requests.
    public func trace() -> DRAMTrace {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {  // SplitMix64, so a seed gives the same trace everywhere
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        let slots = footprintBytes / requestBytes
        var address = startAddress
        var requests: [DRAMTrace.Request] = []
        requests.reserveCapacity(count)
        for k in 0..<count {
            if k > 0 {
                let sequential: Bool
                switch pattern {
                case .stream: sequential = true
                case .random: sequential = false
                case .mix: sequential = unit() < locality
                }
                address =
                    sequential
                    ? startAddress + (address - startAddress + requestBytes)
                        % (slots * requestBytes)
                    : startAddress + (next() % slots) * requestBytes
            } else if pattern == .random {
                address = startAddress + (next() % slots) * requestBytes
            }
            let isWrite = readFraction < 1 && unit() >= readFraction
            requests.append(
                DRAMTrace.Request(cycle: k * intervalCycles, isWrite: isWrite, address: address))
        }
        let name: String
        switch pattern {
        case .stream, .random: name = "synthetic-\(pattern.rawValue)"
        case .mix: name = "synthetic-mix-\(locality)"
        }
        return DRAMTrace(name: name, requests: requests)
    }
}
