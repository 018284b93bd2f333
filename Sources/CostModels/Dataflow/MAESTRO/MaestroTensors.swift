/// The tensors of a layer and the dimensions each is indexed by, in MAESTRO's order
/// (`APIV2::ConfigConvTensors`): input, filter (weight), output.
struct MaestroTensors: Sendable {
    static let input = 0, filter = 1, output = 2

    /// Per tensor, its dimensions in MAESTRO's list order (`count[t]` of them).
    var coupled: InlineArray<3, InlineArray<6, MaestroDimension>>
    var count: InlineArray<3, Int>
    var masks: InlineArray<3, Int>

    init(_ type: MaestroLayer.LayerType, batch: Bool) {
        let lists: [[MaestroDimension]]
        switch type {
        case .conv:
            lists =
                batch
                ? [[.N, .C, .Y, .X], [.K, .C, .R, .S], [.N, .K, .Y, .X]]
                : [[.C, .Y, .X], [.K, .C, .R, .S], [.K, .Y, .X]]
        case .dsconv:
            lists =
                batch
                ? [[.N, .C, .Y, .X], [.C, .R, .S], [.N, .C, .Y, .X]]
                : [[.C, .Y, .X], [.C, .R, .S], [.C, .Y, .X]]
        case .ngconv:
            lists =
                batch
                ? [[.N, .G, .C, .Y, .X], [.G, .K, .C, .R, .S], [.N, .G, .K, .C, .Y, .X]]
                : [[.G, .C, .Y, .X], [.G, .K, .C, .R, .S], [.G, .K, .C, .Y, .X]]
        case .gemm: lists = [[.M, .K], [.K, .N], [.M, .N]]
        }
        coupled = InlineArray(repeating: InlineArray(repeating: .C))
        count = InlineArray(repeating: 0)
        masks = InlineArray(repeating: 0)
        for t in 0..<3 {
            for (i, d) in lists[t].enumerated() { coupled[t][i] = d }
            count[t] = lists[t].count
            masks[t] = lists[t].reduce(0) { $0 | (1 << $1.rawValue) }
        }
    }

    @inline(__always)
    func isCoupled(_ tensor: Int, _ dimension: MaestroDimension) -> Bool {
        masks[tensor] & (1 << dimension.rawValue) != 0
    }

    /// The sorted, de-duplicated dimensions of the input and filter tensors
    /// (`ClusterAnalysis::GetInputTensorVars`).
    var inputVariables: [MaestroDimension] {
        MaestroDimension.allCases.filter { isCoupled(Self.input, $0) || isCoupled(Self.filter, $0) }
    }
}

/// How rows and columns slide over the filter (`APIV2::ConfigConvOverlapDimensions`): `Y` is
/// the reference dimension of the sliding `R`, `X` of `S`; a GEMM has no overlap.
struct MaestroOverlap: Sendable, Hashable {
    var isConvolution: Bool

    @inline(__always) func isOverlapped(_ d: MaestroDimension) -> Bool {
        isConvolution && (d == .Y || d == .X || d == .R || d == .S)
    }
    @inline(__always) func isReference(_ d: MaestroDimension) -> Bool {
        isConvolution && (d == .Y || d == .X)
    }
    func counterpart(_ d: MaestroDimension) -> MaestroDimension {
        switch d {
        case .Y: return .R
        case .R: return .Y
        case .X: return .S
        case .S: return .X
        default: return d
        }
    }
}
