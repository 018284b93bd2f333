import Foundation

/// Where the command line puts what it writes: the working directory, unless told otherwise.
enum WorkingDirectory {
    /// `path` as given when absolute, else in the working directory.
    static func absolute(_ path: String) -> String {
        (path as NSString).isAbsolutePath
            ? path
            : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path)
    }

    /// `NAME.EXTENSION` in the working directory, for an input `…/NAME.ANY` (never beside the
    /// input: its folder is often someone else's, or committed).
    static func file(for input: String, extension pathExtension: String) -> String {
        let stem = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
        return absolute(stem + "." + pathExtension)
    }
}
