import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the real `dse` with its stdout and stderr on one pseudo-terminal, as a person at a
/// terminal sees it, and records what arrived when.
struct PseudoTerminalRun {
    /// Everything written, with the terminal's `\r\n` turned back into `\n`.
    var transcript: String
    /// Seconds from launch to each chunk read, with the chunk.
    var chunks: [(seconds: Double, text: String)]
    var status: Int32

    /// The progress frames (`\r` … erase-to-end-of-line), in order, with when each arrived.
    var frames: [(seconds: Double, text: String)] {
        var found: [(Double, String)] = []
        var carried = ""
        for chunk in chunks {
            carried += chunk.text.replacingOccurrences(of: "\r\n", with: "\n")
            while let start = carried.firstIndex(of: "\r"),
                let end = carried[start...].range(of: "\u{1B}[K")
            {
                let text = String(carried[carried.index(after: start)..<end.lowerBound])
                if !text.isEmpty { found.append((chunk.seconds, text)) }
                carried = String(carried[end.upperBound...])
            }
        }
        return found
    }

    /// What is left once the progress line is erased: the report and any notes.
    var report: String {
        var text = transcript
        while let start = text.firstIndex(of: "\r"), let end = text[start...].range(of: "\u{1B}[K")
        {
            text.removeSubrange(start..<end.upperBound)
        }
        return text
    }

    /// Whether anything looking like a progress frame or a terminal control sequence was written.
    var hasTerminalControl: Bool { transcript.contains("\u{1B}[") || transcript.contains("\r") }

    /// Starts `dse arguments` in `directory` on a new pseudo-terminal (120 columns) and reads
    /// until it exits; kills it after `timeout` seconds, or as soon as `stopWhen` says so.
    static func run(
        _ arguments: [String], in directory: URL = packageRoot, timeout: Double = 120,
        stopWhen: ((PseudoTerminalRun) -> Bool)? = nil
    ) throws -> PseudoTerminalRun {
        var master: Int32 = -1
        var slave: Int32 = -1
        var size = winsize(ws_row: 40, ws_col: 120, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw POSIXError(.EIO) }
        defer { close(master) }
        let process = Process()
        process.executableURL = CLITests.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.standardOutput = terminal
        process.standardError = terminal
        process.standardInput = FileHandle.nullDevice
        let launch = Date()
        try process.run()
        close(slave)  // the child holds the terminal now; its exit ends our reads with EIO
        var run = PseudoTerminalRun(transcript: "", chunks: [], status: -1)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var killed = false
        while true {
            let elapsed = Date().timeIntervalSince(launch)
            if !killed, elapsed > timeout || (stopWhen?(run) ?? false) {
                kill(process.processIdentifier, SIGKILL)
                killed = true
            }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 100)
            if ready < 0, errno == EINTR { continue }
            if ready == 0 { if killed && !process.isRunning { break } else { continue } }
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }  // EIO: the child and its descendants closed the terminal
            let text = String(decoding: buffer[0..<count], as: UTF8.self)
            run.chunks.append((Date().timeIntervalSince(launch), text))
            run.transcript += text
        }
        process.waitUntilExit()
        run.transcript = run.transcript.replacingOccurrences(of: "\r\n", with: "\n")
        run.status = process.terminationStatus
        return run
    }
}
