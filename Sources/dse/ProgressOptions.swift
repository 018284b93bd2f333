import ArgumentParser
import Experiments
import LinearModel

/// `--progress` / `--quiet`: whether long work draws its progress on stderr.
///
/// By default progress is drawn when stderr is a terminal and the output is not `--json`;
/// `--progress` draws it anyway (plain lines every few seconds when stderr is not a terminal,
/// e.g. a Slurm log); `--quiet` never.
struct ProgressOptions: ParsableArguments {
    @Flag(
        name: .long,
        help:
            """
            Show progress on stderr even when it is not a terminal (plain lines every few \
            seconds) or with --json.
            """
    )
    var progress = false

    @Flag(name: .long, help: "Show no progress.")
    var quiet = false

    func validate() throws {
        if progress && quiet {
            throw ValidationError("--progress and --quiet contradict each other")
        }
    }

    /// The display, started now with `first`, or nil when progress is not wanted.
    func display(json: Bool = false, prefix: String = "dse", first: WorkProgress? = nil)
        -> ProgressDisplay?
    {
        if quiet { return nil }
        let terminal = ProgressDisplay.standardErrorIsTerminal
        guard progress || (terminal && !json) else { return nil }
        return ProgressDisplay(mode: terminal ? .live : .plain, prefix: prefix, first: first)
    }
}

/// Notes on stderr that do not tear a live progress line.
struct Notes {
    var display: ProgressDisplay?

    func note(_ message: String) {
        if let display { display.note(message) } else { Console.error(message) }
    }
}
