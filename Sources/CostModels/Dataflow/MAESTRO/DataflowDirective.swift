/// A size or an offset in a MAESTRO directive: a number, or `Sz(D)`, the size of layer dimension D.
public enum DataflowSize: Sendable, Hashable, CustomStringConvertible {
    case value(Int)
    case sizeOf(MaestroDimension)

    /// The size as a mapping file writes it (`3`, `Sz(R)`).
    public var description: String {
        switch self {
        case .value(let value): return String(value)
        case .sizeOf(let dimension): return "Sz(\(dimension.name))"
        }
    }
}

/// One directive of MAESTRO's data-centric mapping language (Kwon et al., MICRO 2019):
///
/// - `SpatialMap(size, offset) D`: dimension D is spread over the sub-clusters of this level, each
///   taking `size` indices, the next one `offset` further on.
/// - `TemporalMap(size, offset) D`: D is walked in time, `size` indices at a time, `offset` further
///   each step.
/// - `Cluster(size, P)`: the directives below it describe groups of `size` sub-clusters (`P`
///   physical, `L` logical; MAESTRO treats both alike).
public enum DataflowDirective: Sendable, Hashable, CustomStringConvertible {
    case spatialMap(size: DataflowSize, offset: DataflowSize, dimension: MaestroDimension)
    case temporalMap(size: DataflowSize, offset: DataflowSize, dimension: MaestroDimension)
    case cluster(size: DataflowSize, physical: Bool)

    /// The directive as a mapping file writes it (`SpatialMap(1,1) K;`).
    public var description: String {
        switch self {
        case .spatialMap(let size, let offset, let dimension):
            return "SpatialMap(\(size),\(offset)) \(dimension.name);"
        case .temporalMap(let size, let offset, let dimension):
            return "TemporalMap(\(size),\(offset)) \(dimension.name);"
        case .cluster(let size, let physical): return "Cluster(\(size),\(physical ? "P" : "L"));"
        }
    }
}

/// A `Dataflow { … }` block: the directives from the outermost level in, with the line each one
/// came from (0 when it was built in code).
public struct DataflowBlock: Sendable, Hashable, CustomStringConvertible {
    /// The directives, outermost first.
    public var directives: [DataflowDirective]
    /// The mapping file's line of each directive (0 when made in code).
    public var lines: [Int]

    /// A block of `directives`, with their lines when read from a file.
    public init(_ directives: [DataflowDirective], lines: [Int]? = nil) {
        self.directives = directives
        self.lines = lines ?? Array(repeating: 0, count: directives.count)
    }

    /// The block in MAESTRO's syntax.
    public var description: String {
        "Dataflow {\n" + directives.map { "  \($0.description)\n" }.joined() + "}"
    }
}
