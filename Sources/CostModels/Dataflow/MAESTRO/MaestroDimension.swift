/// A layer dimension in MAESTRO's vocabulary (maestro-project/maestro, `DFSL_syntax_tokens.hpp`):
/// `N` batch, `G` groups (grouped convolutions), `K` output channels, `C` input channels, `R`×`S`
/// filter, `Y`×`X` input rows and columns, `Y'`×`X'` output rows and columns; `M`, `N`, `K` for a
/// GEMM.
///
/// The raw values follow the order of the names as strings, which is the order MAESTRO's
/// `std::map`-keyed tables and its sorted variable lists visit them in (`C < G < K < M < N < R
/// < S < X < X' < Y < Y'`); the analysis depends on that order where MAESTRO inserts missing
/// directives.
public enum MaestroDimension: Int, CaseIterable, Sendable, Hashable, Comparable,
    CustomStringConvertible
{
    case C, G, K, M, N, R, S, X, outputX, Y, outputY

    /// The dimension's name in a mapping file.
    public var name: String {
        switch self {
        case .C: return "C"
        case .G: return "G"
        case .K: return "K"
        case .M: return "M"
        case .N: return "N"
        case .R: return "R"
        case .S: return "S"
        case .X: return "X"
        case .outputX: return "X'"
        case .Y: return "Y"
        case .outputY: return "Y'"
        }
    }

    /// The dimension's letter.
    public var description: String { name }

    /// The dimension named `name` (`X'` also as `X’`, the typographic apostrophe some of
    /// MAESTRO's own files use).
    public init?(name: String) {
        switch name {
        case "C": self = .C
        case "G": self = .G
        case "K": self = .K
        case "M": self = .M
        case "N": self = .N
        case "R": self = .R
        case "S": self = .S
        case "X": self = .X
        case "X'", "X’": self = .outputX
        case "Y": self = .Y
        case "Y'", "Y’": self = .outputY
        default: return nil
        }
    }

    /// Orders dimensions as MAESTRO lists them.
    public static func < (lhs: MaestroDimension, rhs: MaestroDimension) -> Bool {
        lhs.rawValue < rhs.rawValue
    }

    /// The number of dimensions (the size of per-dimension tables).
    static let count = 11
}

/// A value per ``MaestroDimension`` (indexed by raw value), stored inline.
typealias MaestroDimensionTable = InlineArray<11, Int>

extension InlineArray where Element == Int, count == 11 {
    /// The entry of `dimension` (borrowing, so that reading one entry does not copy the table).
    subscript(_ dimension: MaestroDimension) -> Int {
        @inline(__always) _read { yield self[dimension.rawValue] }
        @inline(__always) _modify { yield &self[dimension.rawValue] }
    }

    /// Element-wise equality (compared as bytes: an element-by-element loop makes the compiler
    /// copy both tables for every element).
    @inline(__always)
    func equals(_ other: MaestroDimensionTable) -> Bool {
        withUnsafeBytes(of: self) { a in
            withUnsafeBytes(of: other) { b in
                let x = a.assumingMemoryBound(to: Int.self)
                let y = b.assumingMemoryBound(to: Int.self)
                for i in 0..<11 where x[i] != y[i] { return false }
                return true
            }
        }
    }
}

extension UnsafeMutablePointer where Pointee == Int {
    /// The entry of `dimension` in a per-dimension table.
    @inline(__always)
    subscript(_ dimension: MaestroDimension) -> Int {
        get { self[dimension.rawValue] }
        nonmutating set { self[dimension.rawValue] = newValue }
    }
}
