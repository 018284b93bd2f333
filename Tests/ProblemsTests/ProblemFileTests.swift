import Foundation
import Problems
import TestSupport
import Testing

/// Every bad problem file is a ProblemFileError naming the file, the field path and the line.
@Suite struct ProblemFileTests {
    static let valid = """
        family: melange
        gpus:
          - name: A10G
            price_per_hour: 1.01
            throughput_rps: [[2, 1], [5, 2]]
          - name: A100-80GB
            price_per_hour: 3.67
            throughput_rps: [[20, 20], [40, 20]]
        workload:
          shares: [[0.2, 0.1], [0.5, 0.2]]
        total_request_rate_rps: 30
        slice_factor: 1

        """

    static func load(_ text: String, named name: String = "p.yaml") throws -> ProblemFileError? {
        let path = try writeFile(text, named: name, in: try makeTemporaryDirectory())
        do {
            _ = try ProblemFile.load(path)
            return nil
        } catch {
            #expect(error.file == path)
            return error
        }
    }

    /// Replaces one line of the valid file and expects an error at `path` on `line`.
    static func expectError(
        replacing old: String, with new: String, path: String, line: Int?,
        containing fragment: String
    ) throws {
        #expect(valid.contains(old), "test setup: '\(old)' not in the valid file")
        let error = try #require(try load(valid.replacingOccurrences(of: old, with: new)))
        #expect(error.path == path, "\(error)")
        #expect(error.line == line, "\(error)")
        #expect(error.message.contains(fragment), "\(error)")
    }

    @Test func theValidFileLoads() throws {
        #expect(try Self.load(Self.valid) == nil)
    }

    @Test func negativeAndNonFiniteNumbers() throws {
        try Self.expectError(
            replacing: "[[2, 1], [5, 2]]", with: "[[2, 1], [5, -2]]",
            path: "gpus[0].throughput_rps[1][1]", line: 5, containing: "negative")
        try Self.expectError(
            replacing: "[[2, 1], [5, 2]]", with: "[[2, 1], [5, .nan]]",
            path: "gpus[0].throughput_rps[1][1]", line: 5, containing: "number")
        try Self.expectError(
            replacing: "[[2, 1], [5, 2]]", with: "[[2, 1], [5, .inf]]",
            path: "gpus[0].throughput_rps[1][1]", line: 5, containing: "number")
        try Self.expectError(
            replacing: "price_per_hour: 3.67", with: "price_per_hour: -3.67",
            path: "gpus[1].price_per_hour", line: 7,
            containing: "must be from 0 to 1000000 $/hour, got -3.67")
        try Self.expectError(
            replacing: "price_per_hour: 3.67", with: "price_per_hour: cheap",
            path: "gpus[1].price_per_hour", line: 7, containing: "expected a number")
        try Self.expectError(
            replacing: "total_request_rate_rps: 30", with: "total_request_rate_rps: -1",
            path: "total_request_rate_rps", line: 11, containing: "got -1")
    }

    /// Values a hostile file uses to trap a Double → Int conversion or to hand GLPK meaningless
    /// coefficients are out of the field's range (exit 3 with the field path), never a crash or
    /// a failed check.
    @Test func numbersOutsideTheirSensibleRange() throws {
        try Self.expectError(
            replacing: "total_request_rate_rps: 30", with: "total_request_rate_rps: 1e308",
            path: "total_request_rate_rps", line: 11,
            containing: "must be 0 or from 1e-09 to 10000000 requests/s, got 1e+308")
        try Self.expectError(
            replacing: "[[2, 1], [5, 2]]", with: "[[2, 1e308], [5, 2]]",
            path: "gpus[0].throughput_rps[0][1]", line: 5,
            containing: "must be 0 or from 1e-06 to 10000000")
        try Self.expectError(
            replacing: "[[2, 1], [5, 2]]", with: "[[2, 1e-9], [5, 2]]",
            path: "gpus[0].throughput_rps[0][1]", line: 5,
            containing: "must be 0 or from 1e-06")
        // In range one by one, but a bucket would need more than a million GPUs.
        let slow = Self.valid.replacingOccurrences(
            of: "[[2, 1], [5, 2]]", with: "[[0.5, 0.5], [0.5, 0.5]]"
        )
        .replacingOccurrences(of: "[[20, 20], [40, 20]]", with: "[[0.5, 0.5], [0.5, 0.5]]")
        .replacingOccurrences(of: "total_request_rate_rps: 30", with: "total_request_rate_rps: 9e6")
        let scale = try #require(try Self.load(slow))
        #expect(scale.path == "total_request_rate_rps" && scale.line == 11)
        #expect(
            scale.message.contains("bucket (0,0) needs 3600000 GPUs even of its fastest type"),
            "\(scale)")
        try Self.expectError(
            replacing: "slice_factor: 1", with: "slice_factor: 9223372036854775807",
            path: "slice_factor", line: 12,
            containing: "expected a whole number")
    }

    @Test func shapeMismatchesIncludingATransposedTable() throws {
        try Self.expectError(
            replacing: "[[20, 20], [40, 20]]", with: "[[20, 20, 1], [40, 20, 1]]",
            path: "gpus[1].throughput_rps", line: 8,
            containing: "is 2 x 3 but workload.shares is 2 x 2")
        try Self.expectError(
            replacing: "[[20, 20], [40, 20]]", with: "[[20, 20], [40]]",
            path: "gpus[1].throughput_rps[1]", line: 8, containing: "rectangular")
        let transposed = Self.valid.replacingOccurrences(
            of: "[[0.2, 0.1], [0.5, 0.2]]", with: "[[0.2, 0.1, 0.1], [0.4, 0.1, 0.1]]"
        )
        .replacingOccurrences(of: "[[2, 1], [5, 2]]", with: "[[2, 1], [5, 2], [1, 1]]")
        let error = try #require(try Self.load(transposed))
        #expect(error.path == "gpus[0].throughput_rps")
        #expect(error.message.contains("looks transposed"))
    }

    @Test func sliceFactorAndShares() throws {
        try Self.expectError(
            replacing: "slice_factor: 1", with: "slice_factor: 0", path: "slice_factor", line: 12,
            containing: "at least 1")
        try Self.expectError(
            replacing: "slice_factor: 1", with: "slice_factor: 1.5", path: "slice_factor", line: 12,
            containing: "whole number")
        try Self.expectError(
            replacing: "[[0.2, 0.1], [0.5, 0.2]]", with: "[[0.2, 0.1], [0.5, 0.1]]",
            path: "workload.shares", line: 10, containing: "sum to 0.9")
        #expect(
            try Self.load(
                Self.valid.replacingOccurrences(of: "slice_factor: 1", with: "slice_factor: fluid"))
                == nil)
    }

    @Test func unknownAndMissingKeys() throws {
        try Self.expectError(
            replacing: "slice_factor: 1", with: "slice_factr: 1", path: "slice_factr", line: 12,
            containing: "did you mean 'slice_factor'?")
        try Self.expectError(
            replacing: "    price_per_hour: 1.01",
            with: "    price_per_hour: 1.01\n    colour: red", path: "gpus[0].colour", line: 5,
            containing: "unknown key")
        try Self.expectError(
            replacing: "total_request_rate_rps: 30\n", with: "", path: "total_request_rate_rps",
            line: 1, containing: "required")
        try Self.expectError(
            replacing: "  - name: A100-80GB", with: "  - name: A10G", path: "gpus[1].name", line: 6,
            containing: "twice")
    }

    @Test func rooflineKeysWithoutSpecGPUsAreErrors() throws {
        try Self.expectError(
            replacing: "slice_factor: 1", with: "slice_factor: 1\ntpot_slo_ms: 40",
            path: "tpot_slo_ms", line: 13,
            containing: "only used for GPUs given by spec")
    }

    @Test func familyKeyAndSyntax() throws {
        let missing = try #require(try Self.load("gpus: []\n"))
        #expect(missing.message.contains("first key must be 'family:'"))
        let unknown = try #require(try Self.load("family: nasa\n"))
        #expect(unknown.path == "family")
        #expect(unknown.message.contains("unknown family 'nasa'"))
        let late = try #require(try Self.load("gpus: []\nfamily: melange\n"))
        #expect(late.message.contains("must be the first key"))
        let syntax = try #require(try Self.load("family: melange\ngpus: [1, 2\nworkload: {}\n"))
        #expect(syntax.line != nil)
        #expect(syntax.message.contains("not valid YAML"))
        let noFile = #expect(throws: ProblemFileError.self) {
            try ProblemFile.load("/nonexistent.yaml")
        }
        #expect(noFile?.description == "/nonexistent.yaml: no such file")
    }

    @Test func authorsJSONErrorsNameTheirFields() throws {
        let json = """
            {"gpu_info": {"A10G": {"cost": 1.01, "tputs": [[2, 1], [5, 2]]}},
             "workload_distribution": [[0.2, 0.1], [0.5, 0.2]],
             "total_request_rate": 30.0, "slice_factor": 0}
            """
        let error = try #require(try Self.load(json, named: "c.json"))
        #expect(error.path == "slice_factor")
        #expect(error.line == 3)
        let bad = try #require(
            try Self.load(
                json.replacingOccurrences(of: "\"slice_factor\": 0", with: "\"slice_factor\": 1")
                    .replacingOccurrences(of: "[[2, 1], [5, 2]]", with: "[[2, 1]]"), named: "c.json"
            ))
        #expect(bad.path == "gpu_info.A10G.tputs")
        #expect(bad.message.contains("is 1 x 2 but workload_distribution is 2 x 2"))
    }
}

/// YAML faults are one line naming the line, never the document's text.
@Suite struct YAMLFaultTests {
    static func error(_ text: String) throws -> ProblemFileError {
        let path = try writeFile(text, named: "y.yaml", in: try makeTemporaryDirectory())
        return try #require(throws: ProblemFileError.self) { try ProblemFile.load(path) }
    }

    @Test func duplicateKeysNameTheirLine() throws {
        let error = try Self.error(
            "family: melange\ngpus: []\nworkload: {shares: [[1]]}\ngpus: []\n")
        #expect(error.line == 4 || error.line == 2, "\(error)")
        #expect(error.message == "the key 'gpus' appears more than once in the same mapping")
        #expect(!error.description.contains("\n"))
    }

    @Test func nulBytesAndControlCharactersNameTheirLine() throws {
        let nul = try Self.error("family: melange\ngpus:\n  - name: A\u{0}B\n")
        #expect(nul.line == 3, "\(nul)")
        #expect(
            nul.message.contains("control characters are not allowed")
                && !nul.description.contains("\u{0}"))
        let escape = try Self.error("family: melange\ndescription: \u{1B}[31m\n")
        #expect(escape.line == 2 && !escape.description.contains("\u{1B}"), "\(escape)")
    }

    @Test func aliasBombsAndAliasKeysAreRefusedQuickly() throws {
        let bomb =
            "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            + (1...8).map { k in
                "a\(k): &a\(k) ["
                    + Array(repeating: "*a\(k - 1)", count: 10).joined(separator: ", ") + "]\n"
            }.joined()
        let expanded = try Self.error("family: melange\n" + bomb)
        #expect(expanded.message.contains("expand to more than"))
        let key = try Self.error(bomb + "k: {*a8: 1, *a7: 2}\n")
        #expect(key.line == 10 && key.message.contains("used as a mapping key"))
        // Ordinary anchors still work.
        let path = try writeFile(
            """
            family: melange
            gpus:
              - &a10g {name: A10G, price_per_hour: 1.01, throughput_rps: [[2, 1], [5, 2]]}
              - {name: A100, price_per_hour: 3.67, throughput_rps: [[20, 20], [40, 20]]}
            workload: {shares: [[0.2, 0.1], [0.5, 0.2]]}
            total_request_rate_rps: 30
            slice_factor: 1
            """, named: "anchors.yaml", in: try makeTemporaryDirectory())
        #expect(throws: Never.self) { try ProblemFile.load(path) }
    }
}
