import CostModels

/// The Mélange authors' own JSON config (tyler-griggs/melange-release, `melange/config/*.json`),
/// accepted unchanged:
///
/// ```json
/// {"gpu_info": {"A10G": {"cost": 1.01, "tputs": [[2, 1], [5, 2]]}, …},
///  "workload_distribution": [[0.2, 0.1], [0.5, 0.2]],
///  "total_request_rate": 30.0, "slice_factor": 1}
/// ```
///
/// `cost` is $/hour, `tputs[i][j]` requests/s per GPU for input bucket i and output bucket j,
/// `workload_distribution` the share of requests per bucket, `total_request_rate` requests/s.
enum MelangeAuthorsConfig {
    static let keys = ["gpu_info", "workload_distribution", "total_request_rate", "slice_factor"]

    /// Whether a document's keys are the authors' format.
    static func recognises(_ keys: [String]) -> Bool {
        keys.contains("gpu_info") && keys.contains("workload_distribution")
    }

    static func read(_ root: SpecNode) throws(ProblemFileError) -> MelangeInstance {
        let document = try root.mapping(allowedKeys: keys)
        let sharesNode = try document.required("workload_distribution")
        let shares = try MelangeSpecReader.checkedTable(
            sharesNode, what: "share", range: MelangeSpecReader.shareRange, zeroAllowed: true)
        let rate = try MelangeSpecReader.totalRate(try document.required("total_request_rate"))
        try MelangeSpecReader.checkSharesSumToOne(shares, sharesNode)
        var gpus: [MelangeInstance.GPUType] = []
        var names: Set<String> = []
        for (name, node, line) in try document.required("gpu_info").namedEntries() {
            guard names.insert(name).inserted else {
                throw ProblemFileError(
                    file: root.file, path: node.path, line: line,
                    message: "GPU type '\(InputExcerpt.of(name))' appears twice")
            }
            let gpu = try node.mapping(allowedKeys: ["cost", "tputs"])
            let tputsNode = try gpu.required("tputs")
            let tputs = try MelangeSpecReader.checkedTable(
                tputsNode, what: "throughput", range: MelangeSpecReader.throughputRange,
                zeroAllowed: true)
            try MelangeSpecReader.checkShape(
                tputs, like: shares, tputsNode, reference: "workload_distribution")
            gpus.append(
                .init(
                    name: name,
                    pricePerHour: try gpu.required("cost").double(
                        in: MelangeSpecReader.priceRange, unit: "$/hour"),
                    throughputs: tputs.flatMap { $0 }))
        }
        guard !gpus.isEmpty else {
            throw try document.required("gpu_info").error("lists no GPU type")
        }
        let instance = MelangeInstance(
            gpus: gpus, bucketRates: shares.flatMap { $0 }.map { $0 * rate },
            bucketLabels: MelangeSpecReader.labels(
                rows: shares.count, columns: shares.first?.count ?? 0, inputEdges: nil,
                outputEdges: nil),
            sliceFactor: try MelangeSpecReader.sliceFactor(document.optional("slice_factor")))
        try MelangeSpecReader.checkScale(instance, try document.required("total_request_rate"))
        return instance
    }
}
