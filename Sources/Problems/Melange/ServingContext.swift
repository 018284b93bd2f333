import CostModels

/// What computing a throughput table needs: the model, the TPOT SLO and a representative
/// request size per bucket (the midpoint of its token edges), with the roofline model of
/// `LLMServingRoofline`.
struct ServingContext {
    let model: ModelCard
    let tpotSLOSeconds: Double
    /// (input tokens, output tokens) per bucket, row-major.
    let bucketSizes: [(Double, Double)]
    let roofline = LLMServingRoofline()

    init(_ document: SpecMapping, node: SpecNode, inputEdges: [Double]?, outputEdges: [Double]?)
        throws(ProblemFileError)
    {
        guard let inputEdges, let outputEdges else {
            throw node.error(
                """
                a GPU given by spec needs input_token_edges and output_token_edges (bucket \
                sizes for the roofline model)
                """
            )
        }
        let modelNode = try document.required("model")
        if let name = try? modelNode.string() {
            guard let card = ModelCatalog.card(named: name) else {
                throw modelNode.error(
                    """
                    no model '\(name)' in the catalog (known: \
                    \(ModelCatalog.all.map(\.name).joined(separator: ", ")))
                    """
                )
            }
            model = card
        } else {
            let card = try modelNode.mapping(allowedKeys: [
                "name", "parameters", "layers", "hidden_size", "attention_heads", "kv_heads",
                "bytes_per_element",
            ])
            func positive(_ key: String) throws(ProblemFileError) -> Double {
                let valueNode = try card.required(key)
                let value = try valueNode.double(in: 0...1e15)
                guard value > 0 else { throw valueNode.error("must be positive") }
                return value
            }
            func count(_ key: String) throws(ProblemFileError) -> Int {
                try card.required(key).int(in: 1...1_000_000)
            }
            model = ModelCard(
                name: try card.optional("name")?.string() ?? "custom",
                parameters: try positive("parameters"),
                layers: try count("layers"), hiddenSize: try count("hidden_size"),
                attentionHeads: try count("attention_heads"), keyValueHeads: try count("kv_heads"),
                bytesPerElement: try card.optional("bytes_per_element").map {
                    node throws(ProblemFileError) in try node.double(in: 0.125...16, unit: "bytes")
                } ?? 2,
                source: "the problem file")
        }
        let sloNode = try document.required("tpot_slo_ms")
        let slo = try sloNode.double(in: 0...1e7, unit: "ms")
        guard slo > 0 else { throw sloNode.error("must be a positive number of milliseconds") }
        tpotSLOSeconds = slo / 1000
        var sizes: [(Double, Double)] = []
        for i in 0..<(inputEdges.count - 1) {
            for j in 0..<(outputEdges.count - 1) {
                sizes.append(
                    (
                        (inputEdges[i] + inputEdges[i + 1]) / 2,
                        (outputEdges[j] + outputEdges[j + 1]) / 2
                    ))
            }
        }
        bucketSizes = sizes
    }

    /// Requests/s per bucket for one GPU (0 where it cannot serve within the SLO).
    func throughputs(_ gpu: GPUSpec) -> [Double] {
        bucketSizes.map { input, output in
            roofline.estimate(
                gpu, model, inputTokens: input, outputTokens: output, tpotSLOSeconds: tpotSLOSeconds
            ).requestsPerSecond
        }
    }
}
