/// A mistake in a MAESTRO mapping (a mapping or dataflow file, or a mapping built in code), with
/// the line it is on where it comes from a file.
public struct DataflowMappingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file's name as the user gave it (nil for text not read from a file).
    public var file: String?
    /// 1-based; 0 when the mistake is not on one line.
    public var line: Int
    /// What is wrong.
    public var message: String
    /// MAESTRO's analysis found no valid iteration (it would report 0 cycles and 0 MACs).
    public var coversNoIteration: Bool

    /// An error at `line` of `file`; `coversNoIteration` marks a mapping whose directives leave a
    /// dimension unvisited.
    public init(file: String? = nil, line: Int, message: String, coversNoIteration: Bool = false) {
        self.file = file
        self.line = line
        self.message = message
        self.coversNoIteration = coversNoIteration
    }

    /// `file:line: message`.
    public var description: String {
        let place = [file, line > 0 ? String(line) : nil].compactMap { $0 }.joined(separator: ":")
        return place.isEmpty ? message : "\(place): \(message)"
    }
}
