/// The three dataflow templates of NASAIC's sub-accelerators (after MAESTRO's mappings).
public enum DataflowTemplate: String, Sendable, CaseIterable, Hashable {
    /// NVDLA-style: output channels K spread over the PEs (one channel each), the reduction over
    /// C·R·S inside the PE, weights stationary per channel tile, the input window multicast and
    /// slid along the row.
    case dla
    /// ShiDianNao-style: output-stationary over a 2-D tile of output pixels (one per PE), each
    /// weight broadcast to all PEs, inputs shared between neighbouring PEs.
    case shi
    /// Eyeriss row-stationary: a set of R × (output rows) PEs, each convolving one filter row
    /// with one input row, partial sums summed down the column; sets replicated over output
    /// channels; partial sums stay in the PEs across input channels.
    case rs

    public var summary: String {
        switch self {
        case .dla: return "NVDLA-style (K across PEs, C·R·S reduced inside, weight-stationary)"
        case .shi: return "ShiDianNao-style (output-stationary 2-D output tile)"
        case .rs: return "Eyeriss row-stationary (filter rows × output rows)"
        }
    }
}
