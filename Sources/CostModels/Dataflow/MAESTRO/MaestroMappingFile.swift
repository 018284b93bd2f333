/// A MAESTRO mapping file (maestro-project/maestro, `data/mapping/*.m`): `Constant NAME VALUE;`
/// lines, a `Network NAME { Layer NAME { Type … Stride { … } Dimensions { … } Dataflow { … } } … }`
/// block, and — as MAESTRO's frontend writes them — bare `Dataflow { … }` blocks.
///
/// Reading follows MAESTRO's own tokenizer (`DFSL_parser.hpp`): tokens are split at spaces, tabs
/// and `, ( ) : ;`, so `SpatialMap(1,1) K;` and `SpatialMap 1 1 K` read alike, and `//` starts a
/// comment to the end of the line. (MAESTRO also splits at `-` and `>`; here they stay in a token,
/// so a layer called `Conv2d-56` keeps its name and `-5` is not read as 5.) A layer without a
/// `Dataflow` block takes the previous layer's, as in MAESTRO. `Accelerator { }` blocks (which
/// MAESTRO's analysis does not read) are skipped. Where MAESTRO would stop (a parse error, or
/// `exit` on an R/S temporal map whose size is not the dimension's), this reader throws a
/// ``DataflowMappingError`` naming the line.
public struct MaestroMappingFile: Sendable, Hashable {
    /// The file's `Network` name, if it gives one.
    public var networkName: String?
    /// The layers, in file order.
    public var layers: [MaestroLayer]
    /// Top-level `Dataflow { }` blocks (a dataflow-only file).
    public var dataflows: [DataflowBlock]

    /// Reads `text`; `file` names it in errors.
    public init(text: String, file: String? = nil) throws(DataflowMappingError) {
        var parser = Parser(tokens: Self.tokens(of: text), file: file)
        try parser.parseFile()
        networkName = parser.networkName
        layers = parser.layers
        dataflows = parser.dataflows
    }

    /// The layer called `name`.
    public func layer(named name: String) -> MaestroLayer? { layers.first { $0.name == name } }

    struct Token {
        var text: String
        var line: Int
    }

    static func tokens(of text: String) -> [Token] {
        var out: [Token] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if let comment = line.range(of: "//") { line = line[..<comment.lowerBound] }
            var current = ""
            func flush() {
                if !current.isEmpty {
                    out.append(Token(text: current, line: lineNumber))
                    current = ""
                }
            }
            for character in line {
                switch character {
                case " ", "\t", "\r", ",", "(", ")", ":", ";": flush()
                case "{", "}":
                    flush()
                    out.append(Token(text: String(character), line: lineNumber))
                default: current.append(character)
                }
            }
            flush()
        }
        return out
    }

    struct Parser {
        let tokens: [Token]
        let file: String?
        var position = 0
        var constants: [String: Int] = [:]
        var networkName: String?
        var layers: [MaestroLayer] = []
        var dataflows: [DataflowBlock] = []

        init(tokens: [Token], file: String?) {
            self.tokens = tokens
            self.file = file
        }

        var lastLine: Int { tokens.last?.line ?? 1 }

        func fail(_ message: String, line: Int? = nil) -> DataflowMappingError {
            DataflowMappingError(
                file: file,
                line: line ?? (position < tokens.count ? tokens[position].line : lastLine),
                message: message)
        }

        mutating func next(_ what: String) throws(DataflowMappingError) -> Token {
            guard position < tokens.count else {
                throw fail("the file ends where \(what) was expected")
            }
            defer { position += 1 }
            return tokens[position]
        }

        mutating func expect(_ text: String, after context: String) throws(DataflowMappingError) {
            let token = try next("'\(text)' after \(context)")
            guard token.text == text else {
                throw fail(
                    "expected '\(text)' after \(context), got '\(token.text)'", line: token.line)
            }
        }

        var peek: String? { position < tokens.count ? tokens[position].text : nil }

        mutating func parseFile() throws(DataflowMappingError) {
            while let word = peek {
                let token = try next("a declaration")
                switch word {
                case "Constant":
                    let name = try next("a constant's name")
                    let value = try next("the value of constant \(name.text)")
                    guard let number = Int(value.text) else {
                        throw fail(
                            "constant \(name.text) must be a whole number, got '\(value.text)'",
                            line: value.line)
                    }
                    constants[name.text] = number
                case "Network":
                    if peek != "{" { networkName = try next("the network's name").text }
                    try expect("{", after: "Network")
                    while peek != "}" {
                        let layerToken = try next("'Layer' or '}' in the Network block")
                        guard layerToken.text == "Layer" else {
                            throw fail(
                                """
                                expected 'Layer' or '}' in the Network block, got \
                                '\(layerToken.text)'
                                """,
                                line: layerToken.line)
                        }
                        try parseLayer(line: layerToken.line)
                    }
                    position += 1
                case "Dataflow":
                    try expect("{", after: "Dataflow")
                    dataflows.append(try parseDataflow())
                case "Accelerator":
                    try skipBlock(after: "Accelerator")
                default:
                    throw fail(
                        "expected Network, Constant or Dataflow, got '\(word)'", line: token.line)
                }
            }
            if layers.isEmpty && dataflows.isEmpty {
                throw fail("the file holds no layer and no Dataflow block", line: lastLine)
            }
        }

        mutating func skipBlock(after context: String) throws(DataflowMappingError) {
            try expect("{", after: context)
            var depth = 1
            while depth > 0 {
                let token = try next("'}' closing \(context)")
                if token.text == "{" { depth += 1 } else if token.text == "}" { depth -= 1 }
            }
        }

        mutating func value(of token: Token, what: String) throws(DataflowMappingError) -> Int {
            if let number = Int(token.text) ?? constants[token.text] { return number }
            throw fail(
                "\(what) must be a whole number or a Constant, got '\(token.text)'",
                line: token.line)
        }

        mutating func parseLayer(line: Int) throws(DataflowMappingError) {
            var name = "Layer"
            if peek != "{" { name = try next("the layer's name").text }
            try expect("{", after: "Layer \(name)")
            var type: MaestroLayer.LayerType?
            var strides: [MaestroDimension: Int] = [:]
            var dimensions: [MaestroLayer.Dimension]?
            var dataflow: DataflowBlock?
            while peek != "}" {
                let item = try next("the body of layer \(name)")
                switch item.text {
                case "Type":
                    let typeToken = try next("the layer type")
                    guard
                        let parsed = MaestroLayer.LayerType(
                            rawValue: typeToken.text == "TRCONV" ? "CONV" : typeToken.text)
                    else {
                        let known = MaestroLayer.LayerType.allCases.map(\.rawValue).joined(
                            separator: ", ")
                        let hint =
                            typeToken.text == "FC"
                            ? """
                             (MAESTRO leaves FC unimplemented: write it as a 1×1 CONV on a 1×1 \
                            input)
                            """
                            : ""
                        throw fail(
                            """
                            layer \(name): type '\(typeToken.text)' is not one MAESTRO's \
                            analysis handles (\(known))\(hint)
                            """,
                            line: typeToken.line)
                    }
                    type = parsed
                case "Stride":
                    guard dimensions == nil else {
                        throw fail(
                            """
                            layer \(name): the Stride block must come before Dimensions (as \
                            MAESTRO requires)
                            """,
                            line: item.line)
                    }
                    try expect("{", after: "Stride")
                    while peek != "}" {
                        let dimensionToken = try next("a dimension in Stride")
                        guard let dimension = MaestroDimension(name: dimensionToken.text) else {
                            throw fail(
                                """
                                layer \(name): unknown dimension '\(dimensionToken.text)' in \
                                Stride
                                """,
                                line: dimensionToken.line)
                        }
                        let stride = try value(
                            of: try next("the stride of \(dimensionToken.text)"),
                            what: "the stride of \(dimensionToken.text)")
                        guard stride >= 1 else {
                            throw fail(
                                """
                                layer \(name): a stride must be a positive whole number, got \
                                \(stride)
                                """,
                                line: dimensionToken.line)
                        }
                        strides[dimension] = stride
                    }
                    position += 1
                case "Dimensions":
                    try expect("{", after: "Dimensions")
                    var list: [MaestroLayer.Dimension] = []
                    while peek != "}" {
                        let dimensionToken = try next("a dimension")
                        guard let dimension = MaestroDimension(name: dimensionToken.text) else {
                            throw fail(
                                """
                                layer \(name): unknown dimension '\(dimensionToken.text)' \
                                (MAESTRO's are N, G, K, C, R, S, Y, X; M, N, K for GEMM)
                                """,
                                line: dimensionToken.line)
                        }
                        let size = try value(
                            of: try next("the size of \(dimensionToken.text)"),
                            what: "the size of \(dimensionToken.text)")
                        guard size >= 1 else {
                            throw fail(
                                """
                                layer \(name): dimension \(dimension) must be at least 1, got \
                                \(size)
                                """,
                                line: dimensionToken.line)
                        }
                        if let earlier = list.first(where: { $0.name == dimension }) {
                            // MAESTRO's own UNet_RS.m gives `N: 1` twice; a repeat of the same size
                            // changes nothing.
                            guard earlier.size == size else {
                                throw fail(
                                    """
                                    layer \(name): dimension \(dimension) is given twice, as \
                                    \(earlier.size) and \(size)
                                    """,
                                    line: dimensionToken.line)
                            }
                            continue
                        }
                        list.append(
                            MaestroLayer.Dimension(dimension, size, stride: strides[dimension] ?? 1)
                        )
                    }
                    position += 1
                    dimensions = list
                case "Dataflow":
                    try expect("{", after: "Dataflow")
                    dataflow = try parseDataflow()
                default:
                    throw fail(
                        """
                        layer \(name): expected Type, Stride, Dimensions or Dataflow, got \
                        '\(item.text)'
                        """,
                        line: item.line)
                }
            }
            position += 1
            guard let type else { throw fail("layer \(name) has no Type", line: line) }
            guard let dimensions else {
                throw fail("layer \(name) has no Dimensions block", line: line)
            }
            guard let block = dataflow ?? layers.last?.dataflow else {
                throw fail(
                    "layer \(name) has no Dataflow block (and no earlier layer to take one from)",
                    line: line)
            }
            let layer = MaestroLayer(
                name: name, type: type, dimensions: dimensions, dataflow: block, line: line)
            if let problem = layer.problem { throw fail("layer \(name): \(problem)", line: line) }
            layers.append(layer)
        }

        mutating func size(what: String) throws(DataflowMappingError) -> DataflowSize {
            let token = try next(what)
            if token.text == "Sz" {
                let dimensionToken = try next("a dimension after Sz")
                guard let dimension = MaestroDimension(name: dimensionToken.text) else {
                    throw fail(
                        "Sz(\(dimensionToken.text)): unknown dimension", line: dimensionToken.line)
                }
                return .sizeOf(dimension)
            }
            let number = try value(of: token, what: what)
            guard number >= 1 else {
                throw fail("\(what) must be at least 1, got \(number)", line: token.line)
            }
            return .value(number)
        }

        mutating func parseDataflow() throws(DataflowMappingError) -> DataflowBlock {
            var directives: [DataflowDirective] = []
            var lines: [Int] = []
            while peek != "}" {
                let word = try next("a directive or '}'")
                switch word.text {
                case "SpatialMap", "TemporalMap":
                    let mapSize = try size(what: "the map size of \(word.text)")
                    let offset = try size(what: "the map offset of \(word.text)")
                    let dimensionToken = try next("the dimension of \(word.text)")
                    guard let dimension = MaestroDimension(name: dimensionToken.text) else {
                        throw fail(
                            "\(word.text) over unknown dimension '\(dimensionToken.text)'",
                            line: dimensionToken.line)
                    }
                    directives.append(
                        word.text == "SpatialMap"
                            ? .spatialMap(size: mapSize, offset: offset, dimension: dimension)
                            : .temporalMap(size: mapSize, offset: offset, dimension: dimension))
                case "Cluster":
                    let clusterSize = try size(what: "the Cluster size")
                    let kind = try next("P or L after the Cluster size")
                    guard kind.text == "P" || kind.text == "L" else {
                        throw fail(
                            "a Cluster is P (physical) or L (logical), got '\(kind.text)'",
                            line: kind.line)
                    }
                    directives.append(.cluster(size: clusterSize, physical: kind.text == "P"))
                default:
                    throw fail(
                        "expected SpatialMap, TemporalMap, Cluster or '}', got '\(word.text)'",
                        line: word.line)
                }
                lines.append(word.line)
            }
            position += 1
            return DataflowBlock(directives, lines: lines)
        }
    }
}
