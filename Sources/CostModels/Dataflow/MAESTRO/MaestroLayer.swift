/// One layer as MAESTRO reads it from a mapping file: a type, its dimensions (with the stride
/// of `X`/`Y`), and the `Dataflow { }` block that maps it onto the PEs.
///
/// `Y` and `X` are the *input* rows and columns (already padded; MAESTRO has no padding), so the
/// output is `(Y − R) / stride + 1`. A depthwise layer is `DSCONV` with MAESTRO's `K: 1` (the
/// `K = C` form is accepted too; MAESTRO's analysis never reads K for a depthwise layer).
public struct MaestroLayer: Sendable, Hashable {
    /// The layer types MAESTRO's analysis handles. `FC` is written as a 1×1 `CONV` on a 1×1 input
    /// (MAESTRO's parser leaves `FC` unimplemented); `TRCONV` is read as `CONV`, which is what
    /// MAESTRO's analysis makes of it (the inner stride it sets is dropped by `LayerDimension`).
    public enum LayerType: String, Sendable, CaseIterable, Hashable {
        case conv = "CONV"
        case dsconv = "DSCONV"
        /// A grouped convolution (ResNeXt): `G` groups of `K` × `C`.
        case ngconv = "NGCONV"
        case gemm = "GEMM"

        /// Whether rows and columns slide over the filter (`Y` with `R`, `X` with `S`).
        var isConvolution: Bool { self != .gemm }
    }

    /// A named dimension and its size; `stride` is the `Stride { }` entry for it (1 if none).
    public struct Dimension: Sendable, Hashable {
        /// Which dimension.
        public var name: MaestroDimension
        /// Its size.
        public var size: Int
        /// Its stride (MAESTRO's `Stride { Y: 2 }`).
        public var stride: Int
        /// A dimension of this size and stride.
        public init(_ name: MaestroDimension, _ size: Int, stride: Int = 1) {
            self.name = name
            self.size = size
            self.stride = stride
        }
    }

    /// The layer's name in the mapping file.
    public var name: String
    /// MAESTRO's layer type (`CONV`, `DSCONV`, `GEMM`, …).
    public var type: LayerType
    /// In the order the file gives them.
    public var dimensions: [Dimension]
    /// The layer's dataflow.
    public var dataflow: DataflowBlock
    /// The line the layer starts on in its file (0 when built in code).
    public var line: Int

    /// A layer with these parts.
    public init(
        name: String, type: LayerType, dimensions: [Dimension], dataflow: DataflowBlock,
        line: Int = 0
    ) {
        self.name = name
        self.type = type
        self.dimensions = dimensions
        self.dataflow = dataflow
        self.line = line
    }

    /// The size of `dimension`, or nil when the layer does not have it.
    public func size(_ dimension: MaestroDimension) -> Int? {
        dimensions.first { $0.name == dimension }?.size
    }

    /// The stride of `dimension` (1 when none is given).
    public func stride(_ dimension: MaestroDimension) -> Int {
        dimensions.first { $0.name == dimension }?.stride ?? 1
    }

    /// Multiply-accumulates of the layer itself (MAESTRO reports the partial sums its mapping
    /// produces, which can differ on strided layers).
    public var analyticMACs: Int {
        func s(_ d: MaestroDimension) -> Int { size(d) ?? 1 }
        switch type {
        case .gemm: return s(.M) * s(.N) * s(.K)
        case .conv, .dsconv, .ngconv:
            let outRows = (s(.Y) - s(.R)) / stride(.Y) + 1
            let outColumns = (s(.X) - s(.S)) / stride(.X) + 1
            let channels = type == .dsconv ? s(.C) : s(.G) * s(.K) * s(.C)
            return s(.N) * channels * s(.R) * s(.S) * outRows * outColumns
        }
    }

    /// The largest dimension size (and stride) a layer may have: 2²⁴.
    public static let maximumDimensionSize = 1 << 24
    /// The largest product of a layer's dimension sizes: 2⁴⁰ (10¹², a hundred times the largest
    /// layers of real networks), so every count the analysis multiplies out — MACs, accesses,
    /// cycles with the longest hop latency — stays inside 64-bit integers.
    public static let maximumIterationSpace = 1 << 40

    /// Why MAESTRO's analysis cannot take this layer, or nil.
    public var problem: String? {
        var seen = 0
        var space = 1
        for dimension in dimensions {
            if dimension.size > Self.maximumDimensionSize
                || dimension.stride > Self.maximumDimensionSize
            {
                return
                    """
                    dimension \(dimension.name) must be at most \(Self.maximumDimensionSize) \
                    (and its stride too), got \(max(dimension.size, dimension.stride))
                    """
            }
            if dimension.size >= 1 {
                let (product, overflow) = space.multipliedReportingOverflow(by: dimension.size)
                space = product
                if overflow || space > Self.maximumIterationSpace {
                    return
                        """
                        the dimensions multiply to more than \(Self.maximumIterationSpace) \
                        iterations
                        """
                }
            }
            if seen & (1 << dimension.name.rawValue) != 0 {
                return "dimension \(dimension.name) is given twice"
            }
            seen |= 1 << dimension.name.rawValue
            if dimension.size < 1 {
                return "dimension \(dimension.name) must be at least 1, got \(dimension.size)"
            }
            if dimension.stride < 1 {
                return "the stride of \(dimension.name) must be at least 1, got \(dimension.stride)"
            }
            if dimension.stride != 1, ![.X, .Y].contains(dimension.name) {
                return "only X and Y take a stride, got a stride for \(dimension.name)"
            }
        }
        let allowed: [MaestroDimension]
        let required: [MaestroDimension]
        switch type {
        case .conv:
            allowed = [.N, .K, .C, .R, .S, .Y, .X]
            required = [.K, .C, .R, .S, .Y, .X]
        case .dsconv:
            allowed = [.N, .K, .C, .R, .S, .Y, .X]
            required = [.C, .R, .S, .Y, .X]
        case .ngconv:
            allowed = [.N, .G, .K, .C, .R, .S, .Y, .X]
            required = [.G, .K, .C, .R, .S, .Y, .X]
        case .gemm:
            allowed = [.M, .N, .K]
            required = [.M, .N, .K]
        }
        if let extra = dimensions.first(where: { !allowed.contains($0.name) }) {
            if extra.name == .outputX || extra.name == .outputY {
                return
                    """
                    give the input size \(extra.name == .outputX ? "X" : "Y") in Dimensions, \
                    not the output size \(extra.name)
                    """
            }
            return
                """
                a \(type.rawValue) layer has no dimension \(extra.name) (dimensions: \
                \(allowed.map(\.name).joined(separator: ", ")))
                """
        }
        if let missing = required.first(where: { size($0) == nil }) {
            return
                """
                dimension \(missing) is missing (a \(type.rawValue) layer needs \
                \(required.map(\.name).joined(separator: ", ")))
                """
        }
        if type == .dsconv, let k = size(.K), k != 1, k != size(.C) {
            return
                """
                a depthwise (DSCONV) layer has K: 1 (MAESTRO's convention) or K = C, got K \
                \(k) and C \(size(.C) ?? 0)
                """
        }
        if type.isConvolution, let r = size(.R), let y = size(.Y), let s = size(.S),
            let x = size(.X), r > y || s > x
        {
            return "the \(r)×\(s) filter (R×S) is larger than the \(y)×\(x) input (Y×X)"
        }
        return nil
    }
}
