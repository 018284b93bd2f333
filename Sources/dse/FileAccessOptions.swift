import ArgumentParser
import Problems

/// `--allow-paths DIR` and `--allow-file-io`: what files the files a command reads may use.
struct FileAccessOptions: ParsableArguments {
    @Option(name: .customLong("allow-paths"), help: ArgumentHelp(
        "Let problem and sweep files use files in DIR too (repeatable); by default only their own folder and its subfolders.",
        valueName: "dir"), completion: .directory)
    var allowPaths: [String] = []

    @Flag(name: .customLong("allow-file-io"), help: "Let MathProg models read and write files (table … IN/OUT, printf/display … > file); off by default.")
    var allowFileIO = false

    var access: FileAccess { .allowing(allowPaths, modelFileIO: allowFileIO) }

    func validate() throws {
        for folder in allowPaths where FileAccess.realFolder(folder) == nil {
            throw ValidationError("--allow-paths \(folder): no such folder")
        }
    }
}
