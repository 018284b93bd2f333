/// What a roofline model needs to know about a decoder-only transformer.
public struct ModelCard: Sendable, Equatable {
    /// The model's name (`llama-2-7b`).
    public var name: String
    /// Parameters (weights), count.
    public var parameters: Double
    /// Transformer layers.
    public var layers: Int
    /// Hidden size (model dimension).
    public var hiddenSize: Int
    /// Attention heads.
    public var attentionHeads: Int
    /// Key/value heads (fewer than attention heads with grouped-query attention).
    public var keyValueHeads: Int
    /// Bytes per weight and per KV-cache element (2 for FP16/BF16).
    public var bytesPerElement: Double
    /// Where the numbers come from.
    public var source: String

    /// A card with these numbers.
    public init(
        name: String, parameters: Double, layers: Int, hiddenSize: Int, attentionHeads: Int,
        keyValueHeads: Int, bytesPerElement: Double = 2, source: String = ""
    ) {
        self.name = name
        self.parameters = parameters
        self.layers = layers
        self.hiddenSize = hiddenSize
        self.attentionHeads = attentionHeads
        self.keyValueHeads = keyValueHeads
        self.bytesPerElement = bytesPerElement
        self.source = source
    }

    /// Bytes of weights.
    public var weightBytes: Double { parameters * bytesPerElement }

    /// KV-cache bytes per token: keys and values, every layer, every KV head.
    public var kvBytesPerToken: Double {
        2 * Double(layers) * Double(keyValueHeads) * Double(hiddenSize / max(attentionHeads, 1))
            * bytesPerElement
    }
}

/// Model cards DSEKit ships, from the models' published configurations.
public enum ModelCatalog {
    /// Every model in the catalog.
    public static let all: [ModelCard] = [
        ModelCard(
            name: "llama-2-7b", parameters: 6.74e9, layers: 32, hiddenSize: 4096,
            attentionHeads: 32, keyValueHeads: 32,
            source:
                """
                Touvron et al. 2023 (Llama 2), Table 1 (6.7B); config.json of \
                meta-llama/Llama-2-7b-hf: 32 layers, hidden 4096, 32 heads, no GQA
                """
        ),
        ModelCard(
            name: "llama-2-70b", parameters: 68.98e9, layers: 80, hiddenSize: 8192,
            attentionHeads: 64, keyValueHeads: 8,
            source:
                """
                Touvron et al. 2023 (Llama 2), Table 1 (70B, GQA); config.json of \
                meta-llama/Llama-2-70b-hf: 80 layers, hidden 8192, 64 heads, 8 KV heads
                """
        ),
        ModelCard(
            name: "llama-3-8b", parameters: 8.03e9, layers: 32, hiddenSize: 4096,
            attentionHeads: 32, keyValueHeads: 8,
            source:
                """
                Meta Llama 3 model card (8B); config.json of meta-llama/Meta-Llama-3-8B: 32 \
                layers, hidden 4096, 32 heads, 8 KV heads
                """
        ),
    ]

    /// The card with this name (case-insensitive), if any.
    public static func card(named name: String) -> ModelCard? {
        all.first { $0.name == name.lowercased() }
    }
}
