import CostModels
import Foundation

/// Which files a problem file or sweep file may make DSEKit read or write.
///
/// Files are often written by someone else, so by default a file may only reach files in its own
/// folder and the folders below it: every path it names (`trace:`, `graph:`, `table:`, `base:`,
/// `out:`, …) is resolved against that folder, symbolic links are followed *before* the check,
/// and anything that ends up elsewhere is refused. The user opens further folders
/// (`--allow-paths DIR`, ``allowing(_:)``) or lifts the limit for files they trust
/// (``unrestricted``). (MathProg models have their own switch: `GLPKFileReader(allowFileIO:)`.)
public struct FileAccess: Sendable, Hashable {
    /// Folders, besides the referring file's own, whose files (and subfolders') may be used.
    public var allowedFolders: [String]
    /// Any path may be used (the caller vouches for the files).
    public var anyPath: Bool
    /// Whether a file may make DSEKit run the programs it names (a search family's
    /// `evaluator.command`). Off by default: a program runs with the user's rights, so no file
    /// can start one unless the user says so (`--allow-commands`).
    public var runsCommands: Bool

    /// An access that allows a file's own folder and `allowedFolders` (or any path), and running
    /// programs only when `runsCommands`.
    public init(allowedFolders: [String] = [], anyPath: Bool = false, runsCommands: Bool = false) {
        self.allowedFolders = allowedFolders
        self.anyPath = anyPath
        self.runsCommands = runsCommands
    }

    /// Only the referring file's own folder. The default.
    public static let confined = FileAccess()
    /// Any path (for files the caller wrote).
    public static let unrestricted = FileAccess(anyPath: true)

    /// ``confined`` plus `folders`.
    public static func allowing(_ folders: [String]) -> FileAccess {
        FileAccess(allowedFolders: folders)
    }

    /// Why a path may not be used.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        /// Why the path is refused, naming it and how to allow it.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    /// The real path (symbolic links resolved) of `reference` as `referringFile` names it —
    /// relative to that file's folder —, if the policy allows it. For reading the file must
    /// exist; for writing its folder must, and an existing file there is resolved too.
    /// `what` names the file in messages ("trace file").
    public func resolve(
        _ reference: String, from referringFile: String, forWriting: Bool = false,
        what: String = "file"
    ) throws(Refusal) -> String {
        guard !reference.isEmpty else { throw Refusal(message: "the path is empty") }
        guard !reference.utf8.contains(0) else {
            throw Refusal(message: "the path contains a NUL byte")
        }
        let folder = Self.folder(of: referringFile)
        let joined =
            reference.hasPrefix("/")
            ? reference : (folder as NSString).appendingPathComponent(reference)
        let real: String
        if forWriting {
            let parent = (joined as NSString).deletingLastPathComponent
            let name = (joined as NSString).lastPathComponent
            guard !name.isEmpty, name != ".", name != "..",
                let realParent = Self.realPath(parent.isEmpty ? "." : parent)
            else {
                throw Refusal(
                    message:
                        """
                        '\(InputExcerpt.of(reference, limit: 160))': the folder to write into \
                        does not exist
                        """
                )
            }
            let candidate = (realParent as NSString).appendingPathComponent(name)
            real = Self.realPath(candidate) ?? candidate
        } else {
            guard let resolved = Self.realPath(joined) else {
                throw Refusal(
                    message: "no such \(what) '\(InputExcerpt.of(reference, limit: 160))'")
            }
            real = resolved
        }
        if anyPath { return real }
        let roots = ([folder] + allowedFolders).compactMap { Self.realPath($0) }
        guard roots.contains(where: { Self.isInside(real, $0) }) else {
            let allowed = roots.map { "\($0)/" }.joined(separator: ", ")
            throw Refusal(
                message:
                    """
                    '\(InputExcerpt.of(reference, limit: 160))' is outside the folders this \
                    file may \(forWriting ? "write to" : "read from") (\(allowed)); pass \
                    --allow-paths DIR to allow another
                    """
            )
        }
        return real
    }

    /// The folder a file is in (the working directory for a bare name).
    static func folder(of file: String) -> String {
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? FileManager.default.currentDirectoryPath : folder
    }

    static func isInside(_ path: String, _ root: String) -> Bool {
        root == "/" || path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// The real path of `path` when it is an existing folder.
    public static func realFolder(_ path: String) -> String? {
        var isFolder: ObjCBool = false
        guard let real = realPath(path),
            FileManager.default.fileExists(atPath: real, isDirectory: &isFolder), isFolder.boolValue
        else { return nil }
        return real
    }

    /// `realpath(3)`: absolute, with every symbolic link and `.`/`..` resolved; nil when it does
    /// not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
