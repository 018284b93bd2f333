/// A mistake in a layer written as text (`conv:K=64,C=64,R=3,S=3,Y=56,X=56,stride=1`).
public struct DataflowLayerTextError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The text as given.
    public var text: String
    /// What is wrong with it.
    public var message: String
    /// The word not understood (a layer kind or a key), when that is the mistake.
    public var unknownWord: String?
    /// The words allowed where ``unknownWord`` stands (for a "did you mean").
    public var allowedWords: [String]
    /// `layer 'TEXT': message`.
    public var description: String { "layer '\(text)': \(message)" }

    /// An error about `text`; `unknownWord` and `allowedWords` let a caller suggest a correction.
    public init(
        text: String, message: String, unknownWord: String? = nil, allowedWords: [String] = []
    ) {
        self.text = text
        self.message = message
        self.unknownWord = unknownWord
        self.allowedWords = allowedWords
    }
}

extension DataflowLayer {
    /// Reads `KIND:KEY=VALUE,…`: `conv:K,C,R,S,Y,X[,stride][,pad]`,
    /// `dwconv:C,R,S,Y,X[,stride][,pad]` (K = C), `fc:K,C`. Keys are the dimension letters (any
    /// case); stride defaults to 1, pad to 0.
    public init(text: String) throws(DataflowLayerTextError) {
        func fail(_ message: String) -> DataflowLayerTextError {
            DataflowLayerTextError(text: text, message: message)
        }
        let parts = text.split(separator: ":", maxSplits: 1).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard parts.count == 2, let kind = Kind(rawValue: parts[0].lowercased()) else {
            throw DataflowLayerTextError(
                text: text, message: "start with conv:, dwconv: or fc:",
                unknownWord: parts.count == 2 ? parts[0] : nil,
                allowedWords: ["conv", "dwconv", "fc"])
        }
        var values: [String: Int] = [:]
        for item in parts[1].split(separator: ",") {
            let pair = item.split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard pair.count == 2, !pair[0].isEmpty else {
                throw fail("'\(item)' is not KEY=VALUE")
            }
            let key = pair[0].count == 1 ? pair[0].uppercased() : pair[0].lowercased()
            guard let value = Int(pair[1]) else {
                throw fail("\(pair[0]) must be a whole number, got '\(pair[1])'")
            }
            guard values[key] == nil else { throw fail("\(pair[0]) is given twice") }
            values[key] = value
        }
        let allowed: Set<String>
        let required: [String]
        switch kind {
        case .conv:
            allowed = ["K", "C", "R", "S", "Y", "X", "stride", "pad"]
            required = ["K", "C", "R", "S", "Y", "X"]
        case .dwconv:
            allowed = ["K", "C", "R", "S", "Y", "X", "stride", "pad"]
            required = ["C", "R", "S", "Y", "X"]
        case .fc:
            allowed = ["K", "C"]
            required = ["K", "C"]
        }
        if let unknown = values.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw DataflowLayerTextError(
                text: text,
                message:
                    """
                    unknown key '\(unknown)' for \(kind.rawValue) (keys: \
                    \(allowed.sorted().joined(separator: ", ")))
                    """,
                unknownWord: unknown, allowedWords: allowed.sorted())
        }
        if let missing = required.first(where: { values[$0] == nil }) {
            throw fail("\(missing) is missing")
        }
        // Every required key is present now; a missing optional dimension reads as 0 and the
        // layer's own check below names it.
        func value(_ key: String) -> Int { values[key] ?? 0 }
        let stride = values["stride"] ?? 1
        let pad = values["pad"] ?? 0
        switch kind {
        case .conv:
            self = .conv(
                K: value("K"), C: value("C"), R: value("R"), S: value("S"), Y: value("Y"),
                X: value("X"), stride: stride, padding: pad)
        case .dwconv:
            if let k = values["K"], k != value("C"), k != 1 {
                let c = value("C")
                throw fail(
                    "a depthwise convolution has K = C (or MAESTRO's K = 1), got K=\(k), C=\(c)")
            }
            self = .dwconv(
                C: value("C"), R: value("R"), S: value("S"), Y: value("Y"), X: value("X"),
                stride: stride, padding: pad)
        case .fc:
            self = .fc(K: value("K"), C: value("C"))
        }
        if let problem { throw fail(problem) }
    }

    /// The text form (what ``init(text:)`` reads).
    public var text: String {
        switch kind {
        case .fc: return "fc:K=\(outputChannels),C=\(inputChannels)"
        case .conv:
            return
                "conv:K=\(outputChannels),C=\(inputChannels),R=\(filterRows),S=\(filterColumns),"
                + "Y=\(inputRows),X=\(inputColumns),stride=\(stride)"
                + (padding > 0 ? ",pad=\(padding)" : "")
        case .dwconv:
            return
                "dwconv:C=\(inputChannels),R=\(filterRows),S=\(filterColumns),"
                + "Y=\(inputRows),X=\(inputColumns),stride=\(stride)"
                + (padding > 0 ? ",pad=\(padding)" : "")
        }
    }
}
