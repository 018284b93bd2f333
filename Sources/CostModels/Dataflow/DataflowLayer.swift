/// One DNN layer as a dataflow cost model sees it (MAESTRO's dimension names): `K` output
/// channels, `C` input channels, an `R`×`S` filter, a `Y`×`X` input, a stride and zero padding.
/// The output is `Y'`×`X'` with `Y' = (Y + 2·pad − R) / stride + 1` (likewise `X'`).
///
/// - `conv`: every output channel reads every input channel: K·C·R·S·Y'·X' MACs.
/// - `dwconv` (depthwise): output channel k reads only input channel k (K = C): C·R·S·Y'·X' MACs;
///   MAESTRO writes it as `DSCONV` with `K: 1`.
/// - `fc` (fully connected / GEMM with one row): K·C MACs; R = S = Y = X = 1.
public struct DataflowLayer: Sendable, Hashable {
    /// A convolution, a depthwise convolution, or a fully connected layer.
    public enum Kind: String, Sendable, CaseIterable { case conv, dwconv, fc }

    /// What kind of layer.
    public var kind: Kind
    /// Output channels (K).
    public var outputChannels: Int  // K
    /// Input channels (C).
    public var inputChannels: Int  // C
    /// Filter rows (R).
    public var filterRows: Int  // R
    /// Filter columns (S).
    public var filterColumns: Int  // S
    /// Input rows (Y).
    public var inputRows: Int  // Y
    /// Input columns (X).
    public var inputColumns: Int  // X
    /// The filter's stride.
    public var stride: Int
    /// Zero padding on each side.
    public var padding: Int

    /// A convolution; `padding` zeros on every side (MAESTRO itself takes padded Y and X).
    public static func conv(
        K: Int, C: Int, R: Int, S: Int, Y: Int, X: Int, stride: Int = 1, padding: Int = 0
    ) -> DataflowLayer {
        DataflowLayer(
            kind: .conv, outputChannels: K, inputChannels: C, filterRows: R, filterColumns: S,
            inputRows: Y, inputColumns: X, stride: stride, padding: padding)
    }

    /// A depthwise convolution over `C` channels.
    public static func dwconv(
        C: Int, R: Int, S: Int, Y: Int, X: Int, stride: Int = 1, padding: Int = 0
    ) -> DataflowLayer {
        DataflowLayer(
            kind: .dwconv, outputChannels: C, inputChannels: C, filterRows: R, filterColumns: S,
            inputRows: Y, inputColumns: X, stride: stride, padding: padding)
    }

    /// A fully connected layer: `C` inputs, `K` outputs.
    public static func fc(K: Int, C: Int) -> DataflowLayer {
        DataflowLayer(
            kind: .fc, outputChannels: K, inputChannels: C, filterRows: 1, filterColumns: 1,
            inputRows: 1, inputColumns: 1, stride: 1, padding: 0)
    }

    /// A layer with these dimensions.
    public init(
        kind: Kind, outputChannels: Int, inputChannels: Int, filterRows: Int, filterColumns: Int,
        inputRows: Int, inputColumns: Int, stride: Int, padding: Int
    ) {
        self.kind = kind
        self.outputChannels = outputChannels
        self.inputChannels = inputChannels
        self.filterRows = filterRows
        self.filterColumns = filterColumns
        self.inputRows = inputRows
        self.inputColumns = inputColumns
        self.stride = stride
        self.padding = padding
    }

    /// Padded input rows and columns.
    public var paddedRows: Int { inputRows + 2 * padding }
    /// Input columns with padding.
    public var paddedColumns: Int { inputColumns + 2 * padding }
    /// Y' and X'.
    public var outputRows: Int { (paddedRows - filterRows) / stride + 1 }
    /// Output columns: (X + 2·pad − S) / stride + 1.
    public var outputColumns: Int { (paddedColumns - filterColumns) / stride + 1 }

    /// Multiply-accumulates.
    public var macs: Int {
        switch kind {
        case .conv:
            return outputChannels * inputChannels * filterRows * filterColumns * outputRows
                * outputColumns
        case .dwconv: return inputChannels * filterRows * filterColumns * outputRows * outputColumns
        case .fc: return outputChannels * inputChannels
        }
    }

    /// Weight elements.
    public var weightCount: Int {
        switch kind {
        case .conv, .fc: return outputChannels * inputChannels * filterRows * filterColumns
        case .dwconv: return inputChannels * filterRows * filterColumns
        }
    }

    /// Why the layer is not a valid layer, or nil.
    public var problem: String? {
        for (name, value) in [
            ("K", outputChannels), ("C", inputChannels), ("R", filterRows), ("S", filterColumns),
            ("Y", inputRows), ("X", inputColumns), ("stride", stride),
        ] where value < 1 {
            return "\(name) must be at least 1, got \(value)"
        }
        if padding < 0 { return "pad must not be negative, got \(padding)" }
        for (name, value) in [
            ("K", outputChannels), ("C", inputChannels), ("R", filterRows), ("S", filterColumns),
            ("Y", inputRows), ("X", inputColumns),
            ("stride", stride), ("pad", padding),
        ] where value > MaestroLayer.maximumDimensionSize {
            return "\(name) must be at most \(MaestroLayer.maximumDimensionSize), got \(value)"
        }
        if kind == .dwconv, outputChannels != inputChannels, outputChannels != 1 {
            return
                """
                a depthwise convolution has K = C (or MAESTRO's K = 1), got K \
                \(outputChannels) and C \(inputChannels)
                """
        }
        if filterRows > paddedRows || filterColumns > paddedColumns {
            return
                """
                the \(filterRows)×\(filterColumns) filter is larger than the \
                \(paddedRows)×\(paddedColumns) (padded) input
                """
        }
        return nil
    }

    /// The layer in MAESTRO's terms: `CONV` (an FC is a 1×1 `CONV` on a 1×1 input), or `DSCONV`
    /// with `K: 1`; padding folded into the input size (MAESTRO has none).
    public var maestroType: MaestroLayer.LayerType { kind == .dwconv ? .dsconv : .conv }

    /// The layer as MAESTRO's `Dimensions { … }` (padding folded into Y and X).
    public var maestroDimensions: [MaestroLayer.Dimension] {
        let k = kind == .dwconv ? 1 : outputChannels
        return [
            MaestroLayer.Dimension(.K, k), MaestroLayer.Dimension(.C, inputChannels),
            MaestroLayer.Dimension(.R, filterRows),
            MaestroLayer.Dimension(.S, filterColumns),
            MaestroLayer.Dimension(.Y, paddedRows, stride: stride),
            MaestroLayer.Dimension(.X, paddedColumns, stride: stride),
        ]
    }

    /// The MAESTRO mapping of this layer with `template`'s `Dataflow { }` block (`wholeRowTile`:
    /// shi's column tile is the whole padded row).
    public func maestroLayer(
        template: DataflowTemplate, name: String = "layer", wholeRowTile: Bool = false
    ) throws(DataflowMappingError) -> MaestroLayer {
        if let problem { throw DataflowMappingError(line: 0, message: "layer \(text): \(problem)") }
        return MaestroLayer(
            name: name, type: maestroType, dimensions: maestroDimensions,
            dataflow: try template.dataflow(
                for: maestroType, filterColumns: filterColumns,
                columnTile: wholeRowTile ? paddedColumns : nil))
    }
}
