/// Errors from the GLPK backend. Each message is one sentence fit to show a user.
public enum GLPKError: Error, CustomStringConvertible, Sendable {
    /// GLPK raised a fatal error inside `operation`; it was caught (the process lives on) and
    /// GLPK's environment for this thread was freed and will be rebuilt on the next call.
    case fatal(operation: String, message: String)
    /// The C layer refused a call (a misuse, e.g. a problem that no longer exists).
    case misuse(operation: String)
    /// A model or data file GLPK could not read: path, line (when GLPK names one) and GLPK's
    /// message.
    case invalidFile(path: String, line: Int?, message: String)
    /// The file does not exist or cannot be read.
    case unreadableFile(path: String, reason: String)
    /// The file's format could not be told from its name.
    case unknownFormat(path: String)
    /// The model is larger than GLPK can index.
    case modelTooLarge(String)
    /// GLPK needed more memory than its limit (``GLPKSolver/Configuration/memoryLimitMegabytes``
    /// or ``GLPKFileReader/memoryLimitMegabytes``) inside `operation`; the process lives on.
    case memoryLimit(operation: String, megabytes: Int)

    /// One sentence for people: the file and line where GLPK gives them, and GLPK's own message.
    public var description: String {
        switch self {
        case .fatal(let operation, let message):
            return "GLPK fatal error in \(operation): \(message)"
        case .misuse(let operation):
            return "GLPK call refused in \(operation): the problem object no longer exists"
        case .invalidFile(let path, let line, let message):
            return line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
        case .unreadableFile(let path, let reason):
            return "\(path): \(reason)"
        case .unknownFormat(let path):
            return
                """
                \(path): cannot tell the file format from its extension (use .lp, .mps, .mod \
                or pass a format)
                """
        case .modelTooLarge(let what):
            return "model too large for GLPK: \(what)"
        case .memoryLimit(let operation, let megabytes):
            return "GLPK reached its memory limit of \(megabytes) MiB in \(operation)"
        }
    }
}
