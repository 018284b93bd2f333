/// A validated Mélange instance (Griggs et al., "Mélange: Cost Efficient Large Language Model
/// Serving by Exploiting GPU Heterogeneity", 2024): GPU types with prices and per-bucket
/// throughputs, request-size buckets with request rates, and how finely a bucket may be split.
public struct MelangeInstance: Sendable, Equatable {
    /// One GPU type.
    public struct GPUType: Sendable, Equatable {
        /// The GPU type's name.
        public var name: String
        /// On-demand price, $/hour.
        public var pricePerHour: Double
        /// Requests/s one GPU sustains within the SLO, per bucket (row-major); 0 = cannot serve.
        public var throughputs: [Double]
        /// Availability cap on the number of GPUs of this type; `nil` = unlimited.
        public var maxCount: Int?

        /// A GPU type with its price ($/hour), its requests/s per bucket within the SLO (0: cannot
        /// serve) and an optional availability cap.
        public init(name: String, pricePerHour: Double, throughputs: [Double], maxCount: Int? = nil)
        {
            self.name = name
            self.pricePerHour = pricePerHour
            self.throughputs = throughputs
            self.maxCount = maxCount
        }
    }

    /// How a bucket's rate may be divided among GPU types.
    public enum SliceFactor: Sendable, Equatable, CustomStringConvertible {
        /// Each bucket is cut into this many equal slices; each slice goes whole to one type.
        case slices(Int)
        /// A bucket may split continuously (the lower bound of every slice factor).
        case fluid

        /// `fluid` or the number of slices.
        public var description: String {
            switch self {
            case .slices(let n): return "\(n)"
            case .fluid: return "fluid"
            }
        }
    }

    /// The GPU types on offer.
    public var gpus: [GPUType]
    /// Request rate per bucket, requests/s (row-major over input × output buckets).
    public var bucketRates: [Double]
    /// A label per bucket, e.g. `in 25-100 x out 100-250` or `(0,1)`.
    public var bucketLabels: [String]
    /// How finely each bucket is split among types.
    public var sliceFactor: SliceFactor

    /// An instance with these GPU types, bucket rates and slice factor.
    public init(
        gpus: [GPUType], bucketRates: [Double], bucketLabels: [String]? = nil,
        sliceFactor: SliceFactor
    ) {
        self.gpus = gpus
        self.bucketRates = bucketRates
        self.bucketLabels = bucketLabels ?? bucketRates.indices.map { "bucket \($0)" }
        self.sliceFactor = sliceFactor
    }

    /// Load one request/s of bucket `b` puts on type `g`, in GPUs (1 / throughput); nil when the
    /// type cannot serve the bucket.
    public func loadPerRate(bucket b: Int, gpu g: Int) -> Double? {
        let throughput = gpus[g].throughputs[b]
        return throughput > 0 ? 1 / throughput : nil
    }

    /// Buckets with demand that no GPU type (with a non-zero cap) can serve.
    public var unservableBuckets: [Int] {
        bucketRates.indices.filter { b in
            bucketRates[b] > 0
                && !gpus.indices.contains { g in
                    loadPerRate(bucket: b, gpu: g) != nil && gpus[g].maxCount != 0
                }
        }
    }

    /// GPUs needed for a load, with a tolerance so that a load of exactly 3 (give or take
    /// floating-point noise) needs 3 GPUs, not 4.
    public static func gpusNeeded(forLoad load: Double) -> Int {
        let needed = (load - 1e-9 * max(1, load)).rounded(.up)
        // The readers bound loads to millions of GPUs; never trap on a load built in code.
        return Int(exactly: max(needed, 0)) ?? Int.max
    }

    /// ``bestSingleType`` as an allocation (every bucket to that type), if there is one.
    public var bestSingleTypeAllocation: MelangeAllocation? {
        guard let single = bestSingleType else { return nil }
        var counts = [Int](repeating: 0, count: gpus.count)
        counts[single.gpu] = single.count
        let shares = bucketRates.map { rate in
            gpus.indices.map { rate > 0 && $0 == single.gpu ? 1.0 : 0 }
        }
        return MelangeAllocation(counts: counts, shares: shares)
    }

    /// The cheapest allocation that uses one GPU type only, if any type can serve everything.
    public var bestSingleType: (gpu: Int, count: Int, costPerHour: Double)? {
        var best: (Int, Int, Double)?
        for g in gpus.indices {
            var load = 0.0
            var feasible = true
            for b in bucketRates.indices where bucketRates[b] > 0 {
                guard let perRate = loadPerRate(bucket: b, gpu: g) else {
                    feasible = false
                    break
                }
                load += bucketRates[b] * perRate
            }
            guard feasible else { continue }
            let count = Self.gpusNeeded(forLoad: load)
            if let cap = gpus[g].maxCount, count > cap { continue }
            let cost = Double(count) * gpus[g].pricePerHour
            if let current = best, current.2 <= cost { continue }
            best = (g, count, cost)
        }
        return best
    }
}
