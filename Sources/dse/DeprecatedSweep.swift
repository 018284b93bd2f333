import ArgumentParser

/// `dse sweep`: the old name of `dse frontier` (sweep files are `dse batch`'s); warns and runs it.
struct DeprecatedSweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "The old name of `dse frontier`.",
        shouldDisplay: false
    )

    @OptionGroup var arguments: FrontierArguments

    func run() throws {
        Console.error(
            """
            dse: warning: `dse sweep` is now `dse frontier` (a sweep file is run with `dse \
            batch`); this name will go
            """
        )
        try arguments.run()
    }
}
