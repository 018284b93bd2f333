import CostModels

/// One task's DNN: a backbone with per-stage choices (output channels, kernel size, repeats),
/// built into the layers a dataflow cost model evaluates.
public struct NasaicNetwork: Sendable, Hashable {
    /// The backbones NASAIC's workloads use.
    public enum Backbone: String, Sendable, CaseIterable {
        /// ResNet-like classifier: a 3×3 stem, stages of residual blocks (two k×k convolutions,
        /// a 1×1 projection where the shape changes; every stage after the first halves the
        /// resolution), a fully connected head.
        case resnet
        /// UNet-like segmenter: encoder stages of k×k convolutions with 2×2 pooling between them,
        /// a decoder that mirrors them (a 2×2 stride-2 transposed convolution, concatenation
        /// with the skip connection, k×k convolutions), a 1×1 output convolution.
        case unet
    }

    /// One stage's choice.
    public struct Stage: Sendable, Hashable {
        /// Output channels of the stage.
        public var channels: Int
        /// Kernel size.
        public var kernel: Int
        /// Blocks in the stage.
        public var repeats: Int
        /// A stage with these choices.
        public init(channels: Int, kernel: Int, repeats: Int) {
            self.channels = channels
            self.kernel = kernel
            self.repeats = repeats
        }
    }

    /// ResNet-like or UNet-like.
    public var backbone: Backbone
    /// Input height, pixels.
    public var inputHeight: Int
    /// Input width, pixels.
    public var inputWidth: Int
    /// Input channels.
    public var inputChannels: Int
    /// Classes (ResNet head) or output channels (UNet).
    public var outputs: Int
    /// The stages, input to output.
    public var stages: [Stage]

    /// A network with these parts.
    public init(
        backbone: Backbone, inputHeight: Int, inputWidth: Int, inputChannels: Int, outputs: Int,
        stages: [Stage]
    ) {
        self.backbone = backbone
        self.inputHeight = inputHeight
        self.inputWidth = inputWidth
        self.inputChannels = inputChannels
        self.outputs = outputs
        self.stages = stages
    }

    /// `channels-kernel-repeats` per stage joined by `/`, e.g. `32-3-1/64-5-2/128-3-1`: the key of
    /// accuracy tables.
    public var architecture: String {
        stages.map { "\($0.channels)-\($0.kernel)-\($0.repeats)" }.joined(separator: "/")
    }

    /// The layers in execution order (same-padded convolutions; pooling, activations, additions
    /// and concatenations cost no MACs here).
    public var layers: [DataflowLayer] {
        var layers: [DataflowLayer] = []
        var height = inputHeight
        var width = inputWidth
        var channels = inputChannels
        func conv(_ k: Int, _ kernel: Int, stride: Int = 1) {
            layers.append(
                .conv(
                    K: k, C: channels, R: kernel, S: kernel, Y: height, X: width, stride: stride,
                    padding: kernel / 2))
            height = (height + 2 * (kernel / 2) - kernel) / stride + 1
            width = (width + 2 * (kernel / 2) - kernel) / stride + 1
            channels = k
        }
        switch backbone {
        case .resnet:
            conv(stages.first?.channels ?? 16, 3)
            for (s, stage) in stages.enumerated() {
                for block in 0..<stage.repeats {
                    let stride = (s > 0 && block == 0 && height > 1) ? 2 : 1
                    let blockInput = channels
                    let blockHeight = height
                    let blockWidth = width
                    conv(stage.channels, stage.kernel, stride: stride)
                    conv(stage.channels, stage.kernel)
                    if blockInput != stage.channels || stride != 1 {
                        layers.append(
                            .conv(
                                K: stage.channels, C: blockInput, R: 1, S: 1, Y: blockHeight,
                                X: blockWidth, stride: stride))
                    }
                }
            }
            layers.append(.fc(K: outputs, C: channels))
        case .unet:
            var skips: [(channels: Int, height: Int, width: Int)] = []
            for (s, stage) in stages.enumerated() {
                for _ in 0..<stage.repeats { conv(stage.channels, stage.kernel) }
                if s < stages.count - 1 {
                    skips.append((channels, height, width))
                    height = max(1, height / 2)
                    width = max(1, width / 2)  // 2×2 max pooling
                }
            }
            for s in stride(from: stages.count - 2, through: 0, by: -1) {
                let skip = skips[s]
                let stage = stages[s]
                // 2×2 stride-2 transposed convolution: K·C MACs per input pixel and tap, i.e. a 1×1
                // convolution over the upsampled map.
                layers.append(
                    .conv(K: stage.channels, C: channels, R: 1, S: 1, Y: skip.height, X: skip.width)
                )
                height = skip.height
                width = skip.width
                channels = stage.channels + skip.channels  // concatenation
                for _ in 0..<stage.repeats { conv(stage.channels, stage.kernel) }
            }
            conv(outputs, 1)
        }
        return layers
    }

    /// Total MACs and weights.
    public var macs: Int { layers.reduce(0) { $0 + $1.macs } }
    /// Weights of all layers.
    public var weights: Int { layers.reduce(0) { $0 + $1.weightCount } }
}
