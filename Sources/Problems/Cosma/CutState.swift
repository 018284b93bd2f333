/// How a tensor crossing a cut of the order stands there (divide and conquer): kept in the
/// scratchpad across the cut (at a given address or anywhere) or held in host memory only, and
/// whether host memory already holds a copy written by the producer's piece.
///
/// The write of a crossing tensor is charged to exactly one piece: the producer's piece when the
/// state says `written` (its write variable fixed to 1), else the consumer's piece when it spills
/// the tensor and reads it back (write ≥ read as for any tensor). A global plan cut at a cut gives
/// one of these states, and the two pieces' traffic then adds up to the global traffic, which
/// is what makes divide and conquer over states exact up to the addresses.
public struct CutState: Sendable, Hashable {
    /// Resident across the cut (kept from the producer piece's last step into the next piece's
    /// first); false: held in host memory only (it is read back when next needed).
    public var resident: Bool
    /// Byte address at the cut when resident; nil: anywhere.
    public var address: Int?
    /// Whether the producer's piece writes it to host memory (fixed); nil: left to the pieces,
    /// each charging a write when it reads the tensor back (an upper bound's choice).
    public var written: Bool?

    /// A state with these facts.
    public init(resident: Bool, address: Int? = nil, written: Bool? = nil) {
        self.resident = resident
        self.address = address
        self.written = resident ? written : true
    }

    /// Host memory only (written by the producer's piece).
    public static let spilled = CutState(resident: false)
}
