import ExternalEvaluation
import Foundation
import Search
import Testing

/// Real programs (`/bin/sh` scripts) run as evaluators: metrics read back, every way a program
/// can fail recorded as a failed evaluation with its reason, and nothing it starts outliving
/// its timeout.
@Suite struct EvaluatorCommandTests {
    static let parameters: Set<String> = ["a", "b"]

    static func command(_ script: String, _ extra: [String] = [], timeout: Double = 10) throws
        -> EvaluatorCommand
    {
        // The script is literal text (its JSON braces are not placeholders); the arguments after it
        // are templates.
        let pieces =
            try [[.text("/bin/sh")], [.text("-c")], [.text(script)], [.text("sh")]]
            + extra.map { try EvaluatorCommand.parse($0, parameters: parameters) }
        return EvaluatorCommand(
            arguments: pieces, workingDirectory: NSTemporaryDirectory(), timeoutSeconds: timeout,
            requiredMetrics: ["cost"])
    }

    static let values: [(name: String, value: String)] = [("a", "3"), ("b", "x y")]

    @Test func parametersAreSubstitutedAndTheLastJSONLineIsTheMetrics() throws {
        let outcome = try Self.command(
            """
            echo progress; echo \"{\\\"cost\\\": $(($1 * 2)), \\\"b\\\": \\\"$2\\\", \
            \\\"ok\\\": true}\"
            """,
            ["{a}", "{b}"]
        ).run(Self.values)
        #expect(outcome.failure == nil)
        #expect(outcome.metrics == ["cost": 6, "ok": 1])
    }

    @Test func theConfigurationArrivesOnStandardInputAndInAFile() throws {
        let stdin = try Self.command(
            """
            read line; case \"$line\" in *'\"a\": \"3\"'*) echo '{\"cost\": 1}';; *) echo \
            \"$line\" >&2; exit 3;; esac
            """
        ).run(Self.values)
        #expect(stdin.metrics == ["cost": 1], "\(stdin.failure ?? "")")
        let file = try Self.command(
            "grep -q '\"b\": \"x y\"' \"$1\" && echo '{\"cost\": 2}' > \"$2\"",
            ["{config_file}", "{metrics_file}"]
        ).run(Self.values)
        #expect(file.metrics == ["cost": 2], "\(file.failure ?? "")")
    }

    @Test func failuresAreRecordedWithTheirReason() throws {
        let exit = try Self.command("echo 'no such trace' >&2; exit 7").run(Self.values)
        #expect(exit.metrics == nil && exit.failure == "exit status 7: no such trace")
        let missing = try Self.command("echo '{\"power\": 1}'").run(Self.values)
        #expect(missing.failure?.contains("reported no 'cost'") == true)
        let noJSON = try Self.command("echo 42").run(Self.values)
        #expect(noJSON.failure?.contains("no JSON object") == true)
        let infinite = try Self.command("echo '{\"cost\": 1e999}'").run(Self.values)
        #expect(infinite.metrics == nil)
        let signal = try Self.command("kill -9 $$").run(Self.values)
        #expect(signal.failure?.hasPrefix("killed by signal 9") == true)
        let pieces = try [EvaluatorCommand.parse("/nonexistent/simulator", parameters: [])]
        let absent = EvaluatorCommand(arguments: pieces, workingDirectory: "/", timeoutSeconds: 5)
            .run([])
        #expect(absent.failure?.contains("cannot start '/nonexistent/simulator'") == true)
    }

    @Test func aTimeoutStopsTheProgramAndEverythingItStarted() throws {
        let folder =
            NSTemporaryDirectory() + "/dse-timeout-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let start = Date()
        let outcome = try Self.command(
            "sleep 30 & echo $! > \"$1\"; sleep 30", ["\(folder)/child"], timeout: 0.5
        ).run(Self.values)
        #expect(outcome.failure == "timed out after 0.5 s")
        #expect(Date().timeIntervalSince(start) < 5)
        let child = try #require(
            Int32(
                String(contentsOfFile: "\(folder)/child", encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines)))
        usleep(100_000)
        // The background child was in the evaluation's process group: gone (or a zombie of init).
        #expect(kill(child, 0) != 0 || Self.isZombie(child))
    }

    @Test func runawayOutputIsStopped() throws {
        let outcome = try Self.command("yes '{\"cost\": 1}'", timeout: 20).run(Self.values)
        #expect(outcome.failure == "wrote more than 16 MiB")
    }

    @Test func aStopRequestEndsTheRunWithoutCountingIt() throws {
        let outcome = try Self.command("sleep 30", timeout: 60).run(
            Self.values, shouldStop: { true })
        #expect(outcome.wasStopped)
    }

    @Test func templatesAreCheckedWhenRead() {
        #expect(throws: EvaluatorCommand.TemplateError.self) {
            try EvaluatorCommand.parse("{c}", parameters: Self.parameters)
        }
        #expect(throws: EvaluatorCommand.TemplateError.self) {
            try EvaluatorCommand.parse("{a", parameters: Self.parameters)
        }
        #expect(throws: EvaluatorCommand.TemplateError.self) {
            try EvaluatorCommand.parse("a}", parameters: Self.parameters)
        }
        #expect(
            (try? EvaluatorCommand.parse("--x={{{a}}}", parameters: Self.parameters)) == [
                .text("--x={"), .parameter("a"), .text("}"),
            ])
    }

    static func isZombie(_ pid: Int32) -> Bool {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
            return true
        }
        return status.contains(") Z ")
    }
}
