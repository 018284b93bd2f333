import Search

/// One task of a NASAIC workload: a backbone whose stages are searched, and where its accuracy
/// comes from.
public struct NasaicTask: Sendable {
    /// Choices of one stage.
    public struct StageChoices: Sendable {
        /// Output channel choices.
        public var channels: [Int]
        /// Kernel size choices.
        public var kernels: [Int]
        /// Repeat choices.
        public var repeats: [Int]
    }

    /// The task's name.
    public var name: String
    /// The dataset, for reports (e.g. CIFAR-10).
    public var dataset: String
    /// ResNet-like or UNet-like.
    public var backbone: NasaicNetwork.Backbone
    /// Input height, pixels.
    public var inputHeight: Int
    /// Input width, pixels.
    public var inputWidth: Int
    /// Input channels.
    public var inputChannels: Int
    /// Classes (ResNet) or output channels (UNet).
    public var outputs: Int
    /// Weight of this task's accuracy in the objective.
    public var weight: Double
    /// Per stage, the choices searched.
    public var stages: [StageChoices]
    /// Where the networks' accuracies come from.
    public var accuracy: NasaicAccuracy

    /// The network for one choice index per stage decision (channels, kernel, repeats per stage).
    public func network(_ choice: ArraySlice<Int>) -> NasaicNetwork {
        let base = choice.startIndex
        return NasaicNetwork(
            backbone: backbone, inputHeight: inputHeight, inputWidth: inputWidth,
            inputChannels: inputChannels, outputs: outputs,
            stages: stages.enumerated().map { s, stage in
                NasaicNetwork.Stage(
                    channels: stage.channels[choice[base + 3 * s]],
                    kernel: stage.kernels[choice[base + 3 * s + 1]],
                    repeats: stage.repeats[choice[base + 3 * s + 2]])
            })
    }

    /// Search parameters: `NAME.sN.channels`, `.kernel`, `.repeats` per stage.
    public var parameters: [Parameter] {
        stages.enumerated().flatMap { s, stage in
            [
                Parameter(
                    "\(name).s\(s + 1).channels", values: stage.channels.map(String.init),
                    kind: .ordinal),
                Parameter(
                    "\(name).s\(s + 1).kernel", values: stage.kernels.map(String.init),
                    kind: .ordinal),
                Parameter(
                    "\(name).s\(s + 1).repeats", values: stage.repeats.map(String.init),
                    kind: .ordinal),
            ]
        }
    }

    /// Architectures in this task's space.
    public var spaceSize: Int {
        stages.reduce(1) { $0 * $1.channels.count * $1.kernels.count * $1.repeats.count }
    }
}
