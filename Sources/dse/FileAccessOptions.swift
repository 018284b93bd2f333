import ArgumentParser
import Problems

/// `--allow-paths DIR`: which files the files a command reads may use besides their own folder's.
struct FileAccessOptions: ParsableArguments {
    @Option(
        name: .customLong("allow-paths"),
        help: ArgumentHelp(
            """
            Let problem and sweep files use files in DIR too (repeatable); by default only \
            their own folder and its subfolders.
            """,
            valueName: "dir"), completion: .directory)
    var allowPaths: [String] = []

    @Flag(
        name: .customLong("allow-commands"),
        help: ArgumentHelp(
            """
            Let problem files run the programs they name (the search family's \
            evaluator.command); they run with your rights, so only for files you trust.
            """
        ))
    var allowCommands = false

    var access: FileAccess { FileAccess(allowedFolders: allowPaths, runsCommands: allowCommands) }

    func validate() throws {
        for folder in allowPaths where FileAccess.realFolder(folder) == nil {
            throw ValidationError("--allow-paths \(folder): no such folder")
        }
    }
}

/// `--allow-file-io`: MathProg models may read and write files (`solve`, `validate`).
struct ModelFileIOOption: ParsableArguments {
    @Flag(
        name: .customLong("allow-file-io"),
        help:
            """
            Let MathProg models read and write files (table … IN/OUT, printf … > file); off by \
            default.
            """
    )
    var allowFileIO = false
}
