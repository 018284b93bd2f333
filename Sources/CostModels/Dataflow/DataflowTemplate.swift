/// The three dataflow templates of NASAIC's sub-accelerators, each exactly the `Dataflow { }`
/// block MAESTRO ships for it (maestro-project/maestro; `../shared/data/maestro/README.md` names
/// each one).
public enum DataflowTemplate: String, Sendable, CaseIterable, Hashable {
    /// NVDLA-style (`kcp_ws`, `data/mapping/Resnet50_kcp_ws.m`, =
    /// `tools/frontend/dataflow/kcp_ws.m`): K over 64-PE clusters, C over the PEs of a cluster,
    /// weights stationary. Depthwise layers take MAESTRO's `dpt.m` block.
    case dla
    /// ShiDianNao-style (`yxp_os`, `data/mapping/Resnet50_yxp_os.m`, `MobileNetV2_yxp_os.m`):
    /// output-stationary, rows over clusters of 8, an X tile of 8 + S − 1 columns (8 outputs) over
    /// the 8 PEs of a cluster.
    case shi
    /// Eyeriss-like row-stationary (`tools/frontend/dataflow/rs.m`, the block MAESTRO's frontend
    /// writes for `--dataflow rs`): output rows over clusters of R PEs, filter rows over the PEs
    /// of a cluster. Depthwise layers take `dpt.m`, as that frontend does.
    case rs

    /// The template in a line: the dataflow it stands for and its spatial dimensions.
    public var summary: String {
        switch self {
        case .dla:
            return
                """
                NVDLA-style (MAESTRO kcp_ws: K across 64-PE clusters, C across their PEs, \
                weight-stationary)
                """
        case .shi: return "ShiDianNao-style (MAESTRO yxp_os: output-stationary 8-column tiles)"
        case .rs: return "Eyeriss row-stationary (MAESTRO rs: output rows × filter rows)"
        }
    }

    /// The block for a layer of `type` whose filter has `filterColumns` columns (S); `columnTile`
    /// replaces shi's 8 + S − 1 column tile.
    public func dataflow(
        for type: MaestroLayer.LayerType, filterColumns: Int, columnTile: Int? = nil
    ) throws(DataflowMappingError) -> DataflowBlock {
        typealias D = DataflowDirective
        func t(_ size: DataflowSize, _ offset: DataflowSize, _ d: MaestroDimension) -> D {
            .temporalMap(size: size, offset: offset, dimension: d)
        }
        func s(_ size: DataflowSize, _ offset: DataflowSize, _ d: MaestroDimension) -> D {
            .spatialMap(size: size, offset: offset, dimension: d)
        }
        let one = DataflowSize.value(1)
        let szR = DataflowSize.sizeOf(.R)
        let szS = DataflowSize.sizeOf(.S)
        let xTile = DataflowSize.value(columnTile ?? 8 + filterColumns - 1)
        let depthwise: [D] = [
            s(one, one, .C), t(szR, one, .Y), t(szS, one, .X), t(szR, szR, .R), t(szS, szS, .S),
        ]
        switch (self, type) {
        case (_, .gemm), (_, .ngconv):
            throw DataflowMappingError(
                line: 0,
                message:
                    """
                    the \(rawValue) template has no \(type.rawValue) form; give a Dataflow \
                    block for this layer
                    """
            )
        case (.dla, .conv):
            return DataflowBlock([
                s(one, one, .K), t(.value(64), .value(64), .C), t(szR, szR, .R), t(szS, szS, .S),
                t(szR, one, .Y), t(szS, one, .X),
                .cluster(size: .value(64), physical: true),
                s(one, one, .C), t(szR, one, .Y), t(szS, one, .X), t(szR, szR, .R), t(szS, szS, .S),
            ])
        case (.dla, .dsconv), (.rs, .dsconv):
            return DataflowBlock(depthwise)
        case (.shi, .conv):
            return DataflowBlock([
                t(one, one, .K), t(one, one, .C), s(szR, one, .Y), t(xTile, .value(8), .X),
                .cluster(size: .value(8), physical: true),
                s(szS, one, .X), t(szR, szR, .R), t(szS, szS, .S),
            ])
        case (.shi, .dsconv):
            return DataflowBlock([
                t(one, one, .C), s(szR, one, .Y), t(xTile, .value(8), .X),
                .cluster(size: .value(8), physical: true),
                s(szS, one, .X), t(szR, szR, .R), t(szS, szS, .S),
            ])
        case (.rs, .conv):
            return DataflowBlock([
                s(one, one, .outputY), t(one, one, .outputX), t(one, one, .C),
                t(.value(16), .value(16), .K), t(szR, szR, .R), t(szS, szS, .S),
                .cluster(size: szR, physical: true),
                s(one, one, .Y), s(one, one, .R), t(szS, szS, .S),
            ])
        }
    }
}
