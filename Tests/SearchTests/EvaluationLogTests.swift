import Foundation
import Search
import Testing

/// The evaluation log: durable lines, a torn last line dropped, another search's log refused,
/// and a replay that gives the same sequence as the run that wrote it.
@Suite struct EvaluationLogTests {
    static let space = SearchSpace([
        Parameter("a", values: ["x", "y", "z"]), Parameter.integers("n", 1...4),
    ])

    static func temporaryPath() -> String {
        NSTemporaryDirectory() + "/dse-log-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).jsonl"
    }

    @Test func entriesReadBackAndATornLastLineIsDropped() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try EvaluationLog(
            path: path, space: Self.space, digest: "d1", description: "test", resume: false)
        try log.record(
            .init(configuration: [1, 2], metrics: ["cost": 0.75], failure: nil, seconds: 0.5))
        try log.record(
            .init(configuration: [2, 0], metrics: nil, failure: "timed out after 3 s", seconds: 3))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            text.contains(
                """
                {\"evaluation\": 1, \"configuration\": {\"a\": \"y\", \"n\": \"3\"}, \
                \"metrics\": {\"cost\": 0.75}, \"seconds\": 0.5}\n
                """
            ))
        // A kill in the middle of a write leaves half a line.
        try (text + "{\"evaluation\": 3, \"configur").write(
            toFile: path, atomically: false, encoding: .utf8)
        let reopened = try EvaluationLog(
            path: path, space: Self.space, digest: "d1", description: "test", resume: true)
        #expect(reopened.count == 2)
        #expect(reopened.replay[[1, 2]]?.metrics == ["cost": 0.75])
        #expect(reopened.replay[[2, 0]]?.failure == "timed out after 3 s")
        try reopened.record(
            .init(configuration: [0, 3], metrics: ["cost": 1], failure: nil, seconds: 1))
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines.count == 5
                && lines[3].hasPrefix("{\"evaluation\": 3, \"configuration\": {\"a\": \"x\"")
                && lines[4].isEmpty)
    }

    @Test func anotherSearchesLogOrACorruptLineIsRefused() throws {
        let path = Self.temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try EvaluationLog(
            path: path, space: Self.space, digest: "d1", description: "test", resume: false)
        #expect(throws: EvaluationLog.Failure.self) {
            try EvaluationLog(
                path: path, space: Self.space, digest: "d1", description: "test", resume: false)
        }
        #expect(throws: EvaluationLog.Failure.self) {
            try EvaluationLog(
                path: path, space: Self.space, digest: "d2", description: "test", resume: true)
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try (text + "{\"evaluation\": 1, \"configuration\": {\"a\": \"w\", \"n\": \"1\"}}\n").write(
            toFile: path, atomically: false, encoding: .utf8)
        do {
            _ = try EvaluationLog(
                path: path, space: Self.space, digest: "d1", description: "test", resume: true)
            Issue.record("a value outside the space was accepted")
        } catch {
            #expect(error.description.hasSuffix(":2: no valid value for a"))
        }
    }

    @Test func theDigestIsStableAcrossProcesses() {
        // FNV-1a of "abc", 64 bits (a published test vector).
        #expect(EvaluationLog.digest("abc") == "e71fa2190541574b")
    }
}
