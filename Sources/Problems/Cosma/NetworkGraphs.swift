/// Operator graphs of real networks built from their layer shapes (batch 1, channels-first),
/// at a data type's width: ResNet-18 and ResNet-50 (He et al. 2016) and MobileNetV2 (Sandler et
/// al. 2018, width 1.0), ImageNet 224 × 224; DenseNet-121's first dense block with its transition
/// layer (Huang et al. 2017); one BERT-base Transformer encoder block (Devlin et al. 2019;
/// sequence 128).
///
/// Each convolution (with its folded batch norm and ReLU), residual add, pooling and the
/// classifier is one operator; activations are tensors of C·H·W elements. With weights, each
/// convolution and the classifier also read a weight tensor (K·C·R·S elements), a graph input
/// loaded once (compulsory traffic).
public enum NetworkGraphs {
    /// The tensors' element type.
    public enum DataType: String, Sendable, CaseIterable {
        case int8, fp16, fp32
        /// Bytes per element.
        public var bytes: Int { self == .int8 ? 1 : self == .fp16 ? 2 : 4 }
    }

    /// The networks ``build(_:dtype:includeWeights:)`` knows.
    public static let names = [
        "resnet18", "resnet50", "mobilenetv2", "densenet121-block1", "bert-base-encoder",
    ]

    /// The graph of a named network; nil for an unknown name.
    public static func build(_ name: String, dtype: DataType, includeWeights: Bool)
        -> OperatorGraph?
    {
        var builder = Builder(dtype: dtype, includeWeights: includeWeights)
        switch name {
        case "resnet18": builder.resnet(blocks: [2, 2, 2, 2], bottleneck: false)
        case "resnet50": builder.resnet(blocks: [3, 4, 6, 3], bottleneck: true)
        case "mobilenetv2": builder.mobileNetV2()
        case "densenet121-block1":
            builder.denseBlock(inputChannels: 64, size: 56, layers: 6, growth: 32)
        case "bert-base-encoder":
            builder.transformerEncoder(sequence: 128, model: 768, heads: 12, feedForward: 3072)
        default: return nil
        }
        return builder.graph(name: "\(name)-\(dtype.rawValue)\(includeWeights ? "-weights" : "")")
    }

    struct Builder {
        let dtype: DataType
        let includeWeights: Bool
        var tensors: [OperatorGraph.Tensor] = []
        var operators: [OperatorGraph.Operator] = []
        var inputs: [Int] = []

        init(dtype: DataType, includeWeights: Bool) {
            self.dtype = dtype
            self.includeWeights = includeWeights
        }

        mutating func tensor(elements: Int, weight: Bool = false) -> Int {
            tensors.append(
                .init(id: tensors.count, bytes: elements * dtype.bytes, isWeight: weight))
            return tensors.count - 1
        }

        mutating func op(_ kind: String, _ ins: [Int], outputElements: Int, weightElements: Int = 0)
            -> Int
        {
            var ins = ins
            if includeWeights, weightElements > 0 {
                let w = tensor(elements: weightElements, weight: true)
                inputs.append(w)
                ins.append(w)
            }
            let out = tensor(elements: outputElements)
            operators.append(.init(id: operators.count, kind: kind, inputs: ins, outputs: [out]))
            return out
        }

        /// A convolution: K output channels, C input channels, R×R kernel, output H×W.
        mutating func conv(_ x: Int, k: Int, c: Int, r: Int, h: Int) -> Int {
            op("CONV2D", [x], outputElements: k * h * h, weightElements: k * c * r * r)
        }

        mutating func resnet(blocks: [Int], bottleneck: Bool) {
            let image = tensor(elements: 3 * 224 * 224)
            inputs.append(image)
            var x = conv(image, k: 64, c: 3, r: 7, h: 112)
            x = op("MAXPOOL", [x], outputElements: 64 * 56 * 56)
            var channels = 64
            var size = 56
            for (stage, count) in blocks.enumerated() {
                let width = 64 << stage
                let out = bottleneck ? width * 4 : width
                for block in 0..<count {
                    let stride = stage > 0 && block == 0 ? 2 : 1
                    let h = size / stride
                    var y: Int
                    if bottleneck {
                        y = conv(x, k: width, c: channels, r: 1, h: size)
                        y = conv(y, k: width, c: width, r: 3, h: h)
                        y = conv(y, k: out, c: width, r: 1, h: h)
                    } else {
                        y = conv(x, k: width, c: channels, r: 3, h: h)
                        y = conv(y, k: out, c: width, r: 3, h: h)
                    }
                    let shortcut =
                        channels != out || stride != 1
                        ? conv(x, k: out, c: channels, r: 1, h: h) : x
                    x = op("ADD", [y, shortcut], outputElements: out * h * h)
                    channels = out
                    size = h
                }
            }
            x = op("AVGPOOL", [x], outputElements: channels)
            _ = op("FC", [x], outputElements: 1000, weightElements: 1000 * channels)
        }

        /// Inverted residual blocks (expansion t, channels c, repeats n, stride s) as in the
        /// paper's Table 2: 1×1 expansion (when t > 1), 3×3 depthwise, 1×1 projection, and a
        /// residual add when the stride is 1 and the channels match.
        mutating func mobileNetV2() {
            let image = tensor(elements: 3 * 224 * 224)
            inputs.append(image)
            var x = conv(image, k: 32, c: 3, r: 3, h: 112)
            var channels = 32
            var size = 112
            for (t, c, n, s) in [
                (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1),
                (6, 160, 3, 2), (6, 320, 1, 1),
            ] {
                for repeat_ in 0..<n {
                    let stride = repeat_ == 0 ? s : 1
                    let h = size / stride
                    let hidden = channels * t
                    var y = t == 1 ? x : conv(x, k: hidden, c: channels, r: 1, h: size)
                    y = op(
                        "DEPTHWISE_CONV2D", [y], outputElements: hidden * h * h,
                        weightElements: hidden * 9)
                    y = conv(y, k: c, c: hidden, r: 1, h: h)
                    if stride == 1, channels == c {
                        y = op("ADD", [y, x], outputElements: c * h * h)
                    }
                    x = y
                    channels = c
                    size = h
                }
            }
            x = conv(x, k: 1280, c: channels, r: 1, h: size)
            x = op("AVGPOOL", [x], outputElements: 1280)
            _ = op("FC", [x], outputElements: 1000, weightElements: 1000 * 1280)
        }

        /// A dense block: layer l reads the block input and every earlier layer's output (the
        /// concatenation is the operator reading them all, never a copy), a 1×1 bottleneck to
        /// 4·growth channels, a 3×3 convolution to `growth`; then the transition layer (a 1×1
        /// convolution over everything to half the channels, 2×2 average pooling).
        mutating func denseBlock(inputChannels: Int, size: Int, layers: Int, growth: Int) {
            let input = tensor(elements: inputChannels * size * size)
            inputs.append(input)
            var features = [input]
            var channels = inputChannels
            for _ in 0..<layers {
                let bottleneck = op(
                    "CONV2D", features, outputElements: 4 * growth * size * size,
                    weightElements: 4 * growth * channels)
                let new = conv(bottleneck, k: growth, c: 4 * growth, r: 3, h: size)
                features.append(new)
                channels += growth
            }
            let transition = op(
                "CONV2D", features, outputElements: channels / 2 * size * size,
                weightElements: channels / 2 * channels)
            _ = op("AVGPOOL", [transition], outputElements: channels / 2 * (size / 2) * (size / 2))
        }

        /// A post-norm Transformer encoder block: Q, K, V projections, per-head scores Q·Kᵀ,
        /// softmax, scores·V, the output projection, residual add + layer norm, the feed-forward
        /// pair (GELU fused into the first), residual add + layer norm.
        mutating func transformerEncoder(sequence: Int, model: Int, heads: Int, feedForward: Int) {
            let x = tensor(elements: sequence * model)
            inputs.append(x)
            let q = op(
                "FULLY_CONNECTED", [x], outputElements: sequence * model,
                weightElements: model * model)
            let k = op(
                "FULLY_CONNECTED", [x], outputElements: sequence * model,
                weightElements: model * model)
            let v = op(
                "FULLY_CONNECTED", [x], outputElements: sequence * model,
                weightElements: model * model)
            let scores = op("BATCH_MATMUL", [q, k], outputElements: heads * sequence * sequence)
            let probabilities = op("SOFTMAX", [scores], outputElements: heads * sequence * sequence)
            let context = op("BATCH_MATMUL", [probabilities, v], outputElements: sequence * model)
            let projected = op(
                "FULLY_CONNECTED", [context], outputElements: sequence * model,
                weightElements: model * model)
            let residual = op("ADD", [projected, x], outputElements: sequence * model)
            let normed = op(
                "LAYER_NORM", [residual], outputElements: sequence * model,
                weightElements: 2 * model)
            let hidden = op(
                "FULLY_CONNECTED", [normed], outputElements: sequence * feedForward,
                weightElements: model * feedForward)
            let back = op(
                "FULLY_CONNECTED", [hidden], outputElements: sequence * model,
                weightElements: feedForward * model)
            let second = op("ADD", [back, normed], outputElements: sequence * model)
            _ = op(
                "LAYER_NORM", [second], outputElements: sequence * model, weightElements: 2 * model)
        }

        func graph(name: String) -> OperatorGraph {
            OperatorGraph(
                name: name, tensors: tensors, operators: operators, graphInputs: inputs,
                graphOutputs: operators.last.map { [$0.outputs[0]] } ?? [],
                defaultOrder: Array(operators.indices))
        }
    }
}
