/// Reads DSEKit's Mélange problem file:
///
/// ```yaml
/// family: melange
/// model: llama-2-7b                    # only for GPUs given by spec: a catalog card, or a mapping
/// tpot_slo_ms: 120                     # only for GPUs given by spec
/// description: …                       # optional: where the numbers come from
/// gpus:
///   - name: A10G
///     price_per_hour: 1.01             # $/hour, on demand
///     throughput_rps: [[2, 1], [5, 2]] # requests/s per GPU within the SLO; rows = input
///                                      # buckets, columns = output buckets; 0 = cannot serve
///     max_count: 8                     # optional availability cap
///   - name: L4                         # … or a spec, and the roofline model computes the table:
///     catalog: L4                      # numbers (and price) from DSEKit's GPU catalog, and/or
///     memory_gb: 24                    # memory_gb, bandwidth_gbps, fp16_tflops, price_per_hour
/// input_token_edges: [1, 25, 100]      # optional: bucket edges, for labels
/// output_token_edges: [1, 25, 100]
/// workload:
///   shares: [[0.2, 0.1], [0.5, 0.2]]   # fraction of requests per bucket (sums to 1) …
///   # rates_rps: [[6, 3], [15, 6]]     # … or absolute requests/s per bucket
/// total_request_rate_rps: 30           # with shares
/// slice_factor: 4                      # or fluid; default 4 (the authors' recommendation)
/// time_limit_s: 60                     # optional
/// ```
import CostModels

enum MelangeSpecReader {
    static let keys = [
        "family", "solver", "description", "model", "tpot_slo_ms", "gpus", "input_token_edges",
        "output_token_edges",
        "workload", "total_request_rate_rps", "slice_factor", "time_limit_s",
    ]
    static let gpuKeys = [
        "name", "price_per_hour", "throughput_rps", "max_count", "catalog", "memory_gb",
        "bandwidth_gbps", "fp16_tflops",
    ]
    static let specKeys = ["catalog", "memory_gb", "bandwidth_gbps", "fp16_tflops"]

    // The sensible range of each number; values outside it are refused with their field path
    // (a typo in units, not a workload: they would also leave GLPK with meaningless coefficients).
    /// Requests/s, per bucket or in total (or 0).
    static let requestRateRange = 1e-9...1e7
    /// A bucket's share of the requests (or 0).
    static let shareRange = 1e-9...1.0
    /// Requests/s one GPU serves (0 = cannot serve).
    static let throughputRange = 1e-6...1e7
    /// $/hour for one GPU.
    static let priceRange = 0.0...1e6
    /// GPUs of one type.
    static let maximumCount = 1_000_000

    static func read(_ root: SpecNode) throws(ProblemFileError) -> (
        MelangeInstance, timeLimit: Double?
    ) {
        let document = try root.mapping(allowedKeys: keys)
        let workload = try document.required("workload").mapping(allowedKeys: [
            "shares", "rates_rps",
        ])
        let rates: [[Double]]
        let reference: String
        let rateNode: SpecNode
        switch (workload.optional("shares"), workload.optional("rates_rps")) {
        case (let sharesNode?, nil):
            let shares = try checkedTable(
                sharesNode, what: "share", range: shareRange, zeroAllowed: true)
            try checkSharesSumToOne(shares, sharesNode)
            let total = try totalRate(try document.required("total_request_rate_rps"))
            rates = shares.map { $0.map { $0 * total } }
            reference = "workload.shares"
            rateNode = try document.required("total_request_rate_rps")
        case (nil, let ratesNode?):
            rates = try checkedTable(
                ratesNode, what: "request rate", range: requestRateRange, zeroAllowed: true)
            if let total = document.optional("total_request_rate_rps") {
                throw total.error(
                    """
                    give either workload.shares with total_request_rate_rps, or \
                    workload.rates_rps alone
                    """
                )
            }
            reference = "workload.rates_rps"
            rateNode = ratesNode
        case (.some, .some):
            throw try document.required("workload").error(
                "give either shares or rates_rps, not both")
        case (nil, nil):
            throw try document.required("workload").error(
                "needs shares (with total_request_rate_rps) or rates_rps")
        }
        let rows = rates.count
        let columns = rates.first?.count ?? 0
        let inputEdges = try edges(document.optional("input_token_edges"), count: rows)
        let outputEdges = try edges(document.optional("output_token_edges"), count: columns)
        var serving: ServingContext?
        var gpus: [MelangeInstance.GPUType] = []
        var names: Set<String> = []
        for node in try document.required("gpus").array() {
            let gpu = try node.mapping(allowedKeys: gpuKeys)
            let name = try gpu.required("name").string()
            guard names.insert(name).inserted else {
                throw try gpu.required("name").error(
                    "GPU type '\(InputExcerpt.of(name))' appears twice")
            }
            let cap = try gpu.optional("max_count")?.int(in: 0...maximumCount, unit: "GPUs")
            let givesSpec = specKeys.contains { gpu.contains($0) }
            if let tputsNode = gpu.optional("throughput_rps") {
                if givesSpec {
                    throw node.error(
                        "give throughput_rps or a GPU spec (catalog, memory_gb, …), not both")
                }
                let tputs = try checkedTable(
                    tputsNode, what: "throughput", range: throughputRange, zeroAllowed: true)
                try checkShape(tputs, like: rates, tputsNode, reference: reference)
                gpus.append(
                    .init(
                        name: name,
                        pricePerHour: try gpu.required("price_per_hour").double(
                            in: priceRange, unit: "$/hour"),
                        throughputs: tputs.flatMap { $0 }, maxCount: cap))
                continue
            }
            guard givesSpec else {
                throw node.error(
                    """
                    needs throughput_rps, or a GPU spec (catalog or memory_gb, bandwidth_gbps, \
                    fp16_tflops)
                    """
                )
            }
            let spec = try gpuSpec(gpu, node: node)
            let price =
                try gpu.optional("price_per_hour")?.double(in: priceRange, unit: "$/hour")
                ?? spec.pricePerHour
            guard let price else {
                throw node.error(
                    "price_per_hour is required (the catalog has no price for this GPU)")
            }
            if serving == nil {
                serving = try ServingContext(
                    document, node: node, inputEdges: inputEdges, outputEdges: outputEdges)
            }
            guard let serving else { continue }
            gpus.append(
                .init(
                    name: name, pricePerHour: price, throughputs: serving.throughputs(spec),
                    maxCount: cap))
        }
        guard !gpus.isEmpty else { throw try document.required("gpus").error("lists no GPU type") }
        if serving == nil {
            // Keys that only feed the roofline model would be silently ignored: say so.
            for key in ["model", "tpot_slo_ms"] {
                if let node = document.optional(key) {
                    throw node.error(
                        """
                        is only used for GPUs given by spec (catalog, memory_gb, …); every GPU \
                        here gives throughput_rps
                        """
                    )
                }
            }
        }
        var timeLimit: Double?
        if let node = document.optional("time_limit_s") { timeLimit = try node.timeLimitSeconds() }
        let instance = MelangeInstance(
            gpus: gpus, bucketRates: rates.flatMap { $0 },
            bucketLabels: labels(
                rows: rows, columns: columns, inputEdges: inputEdges, outputEdges: outputEdges),
            sliceFactor: try sliceFactor(document.optional("slice_factor")))
        try checkScale(instance, rateNode)
        return (instance, timeLimit)
    }

    /// A total request rate: 0, or in ``requestRateRange``.
    static func totalRate(_ node: SpecNode) throws(ProblemFileError) -> Double {
        let value = try node.double()
        guard value == 0 || requestRateRange.contains(value) else {
            throw node.error(
                """
                must be 0 or from \(JSONValue.format(requestRateRange.lowerBound)) to \
                \(JSONValue.format(requestRateRange.upperBound)) requests/s, got \
                \(JSONValue.format(value))
                """
            )
        }
        return value
    }

    /// Refuses demand that needs more than ``maximumCount`` GPUs even of the fastest type for
    /// a bucket: almost surely a unit mistake, and beyond what GLPK's integer arithmetic
    /// resolves reliably.
    static func checkScale(_ instance: MelangeInstance, _ node: SpecNode) throws(ProblemFileError) {
        for b in instance.bucketRates.indices where instance.bucketRates[b] > 0 {
            let loads = instance.gpus.indices.compactMap {
                instance.loadPerRate(bucket: b, gpu: $0).map { $0 * instance.bucketRates[b] }
            }
            guard let best = loads.min(), best > Double(maximumCount) else { continue }
            throw node.error(
                """
                bucket \(instance.bucketLabels[b]) needs \
                \(JSONValue.format(best.rounded(.up))) GPUs even of its fastest type 
                """
                    + """
                    (more than \(maximumCount)): check the units of the request rates and \
                    throughputs
                    """
            )
        }
    }

    /// A GPU spec from the catalog entry named by `catalog`, with any numbers the file gives.
    static func gpuSpec(_ gpu: SpecMapping, node: SpecNode) throws(ProblemFileError) -> GPUSpec {
        var spec: GPUSpec
        if let catalogNode = gpu.optional("catalog") {
            let name = try catalogNode.string()
            guard let entry = GPUCatalog.spec(named: name) else {
                throw catalogNode.error(
                    """
                    no GPU '\(name)' in the catalog (known: \
                    \(GPUCatalog.all.map(\.name).joined(separator: ", ")))
                    """
                )
            }
            spec = entry
        } else {
            for key in ["memory_gb", "bandwidth_gbps", "fp16_tflops"] where !gpu.contains(key) {
                throw node.error(
                    """
                    a GPU without catalog needs memory_gb, bandwidth_gbps and fp16_tflops; \
                    \(key) is missing
                    """
                )
            }
            spec = GPUSpec(
                name: "custom", memoryGB: 0, bandwidthGBps: 0, fp16TFLOPS: 0,
                source: "the problem file")
        }
        func positive(_ key: String, unit: String) throws(ProblemFileError) -> Double? {
            guard let valueNode = gpu.optional(key) else { return nil }
            let value = try valueNode.double(in: 0...1e6, unit: unit)
            guard value > 0 else {
                throw valueNode.error("must be positive, got \(JSONValue.format(value))")
            }
            return value
        }
        if let value = try positive("memory_gb", unit: "GB") { spec.memoryBytes = value * 1e9 }
        if let value = try positive("bandwidth_gbps", unit: "GB/s") {
            spec.bandwidthBytesPerSecond = value * 1e9
        }
        if let value = try positive("fp16_tflops", unit: "TFLOPS") {
            spec.fp16FlopsPerSecond = value * 1e12
        }
        return spec
    }

    // MARK: Shared checks (also used for the authors' format)

    /// A non-empty rectangular table of numbers in `range` (or 0 when `zeroAllowed`).
    static func checkedTable(
        _ node: SpecNode, what: String, range: ClosedRange<Double>, zeroAllowed: Bool = false
    ) throws(ProblemFileError) -> [[Double]] {
        let rows = try node.array()
        guard !rows.isEmpty else { throw node.error("is empty") }
        var table: [[Double]] = []
        for row in rows {
            var values: [Double] = []
            let cells = try row.array()
            for cell in cells {
                let value = try cell.double()
                guard value >= 0 else {
                    throw cell.error(
                        "a \(what) must not be negative, got \(JSONValue.format(value))")
                }
                guard range.contains(value) || (zeroAllowed && value == 0) else {
                    let zero = zeroAllowed ? "0 or " : ""
                    throw cell.error(
                        """
                        a \(what) must be \(zero)from \(JSONValue.format(range.lowerBound)) to \
                        \(JSONValue.format(range.upperBound)), got \(JSONValue.format(value))
                        """
                    )
                }
                values.append(value)
            }
            if let first = table.first, first.count != values.count {
                throw row.error(
                    """
                    has \(values.count) entries but row 0 has \(first.count): the table must \
                    be rectangular
                    """
                )
            }
            guard !values.isEmpty else { throw row.error("is empty") }
            table.append(values)
        }
        return table
    }

    static func checkShape(
        _ table: [[Double]], like reference: [[Double]], _ node: SpecNode, reference name: String
    ) throws(ProblemFileError) {
        let rows = table.count
        let columns = table.first?.count ?? 0
        let wantRows = reference.count
        let wantColumns = reference.first?.count ?? 0
        guard rows != wantRows || columns != wantColumns else { return }
        var message =
            """
            is \(rows) x \(columns) but \(name) is \(wantRows) x \(wantColumns) (rows = input \
            buckets, columns = output buckets)
            """
        if rows == wantColumns && columns == wantRows { message += "; it looks transposed" }
        throw node.error(message)
    }

    static func checkSharesSumToOne(_ shares: [[Double]], _ node: SpecNode) throws(ProblemFileError)
    {
        let sum = shares.joined().reduce(0, +)
        guard abs(sum - 1) <= 1e-6 else {
            throw node.error(
                """
                shares must sum to 1, they sum to \(JSONValue.format(sum)) (give absolute \
                rates as rates_rps instead)
                """
            )
        }
    }

    static func sliceFactor(_ node: SpecNode?) throws(ProblemFileError)
        -> MelangeInstance.SliceFactor
    {
        guard let node else { return .slices(4) }
        if (try? node.string()) == "fluid" { return .fluid }
        let value = try node.int()
        guard value >= 1 else {
            throw node.error("must be a whole number of at least 1, or fluid; got \(value)")
        }
        guard value <= 10_000 else {
            throw node.error("is unreasonably large (\(value)); use fluid for a continuous split")
        }
        return .slices(value)
    }

    static func edges(_ node: SpecNode?, count: Int) throws(ProblemFileError) -> [Double]? {
        guard let node else { return nil }
        let values = try node.doubles()
        guard values.count == count + 1 else {
            throw node.error("needs \(count + 1) edges for \(count) buckets, got \(values.count)")
        }
        if let bad = values.first(where: { !(0...10_000_000).contains($0) }) {
            throw node.error(
                "token counts must be from 0 to 10000000, got \(JSONValue.format(bad))")
        }
        for i in 1..<values.count where !(values[i] > values[i - 1]) {
            throw node.error(
                """
                edges must increase, but \(JSONValue.format(values[i])) follows \
                \(JSONValue.format(values[i - 1]))
                """
            )
        }
        return values
    }

    static func labels(rows: Int, columns: Int, inputEdges: [Double]?, outputEdges: [Double]?)
        -> [String]
    {
        func range(_ edges: [Double]?, _ k: Int) -> String {
            guard let edges else { return "\(k)" }
            return "\(JSONValue.format(edges[k]))-\(JSONValue.format(edges[k + 1]))"
        }
        var labels: [String] = []
        for i in 0..<rows {
            for j in 0..<columns {
                labels.append(
                    inputEdges == nil && outputEdges == nil
                        ? "(\(i),\(j))"
                        : "in \(range(inputEdges, i)) x out \(range(outputEdges, j))")
            }
        }
        return labels
    }
}
