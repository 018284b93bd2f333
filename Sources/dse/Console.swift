import Foundation

/// Writing to stderr.
enum Console {
    /// `line` and a newline on stderr.
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
