import CostModels

/// A problem file that cannot be used, with everything needed to find the mistake: the file,
/// the field path (`gpus[2].tputs[3][1]`), the line (when the YAML parser gives it) and what
/// is wrong.
public struct ProblemFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file at fault.
    public var file: String
    /// Field path from the document root, e.g. `gpus[2].tputs[3][1]`; empty for the whole file.
    public var path: String
    /// 1-based line, when known.
    public var line: Int?
    /// What is wrong, in a sentence.
    public var message: String

    /// The path and message are made one printable line
    /// (`InputExcerpt.line(_:wordLimit:limit:)`): they may quote a hostile file.
    public init(file: String, path: String, line: Int?, message: String) {
        self.file = file
        self.path = InputExcerpt.line(path, wordLimit: 200, limit: 300)
        self.line = line
        self.message = InputExcerpt.line(message)
    }

    /// `file:line: path: message`, the way compilers print it.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if !path.isEmpty { text += "\(path): " }
        return text + message
    }
}
