import Foundation
import GLPKBackend
import LinearModel
import TestSupport
import Testing

/// MathProg models may not read or write files unless the caller allows it: the statements that
/// can (`table`, `printf … > file`) are found in the text before GLPK runs anything.
@Suite struct MathProgSandboxTests {
    static func first(_ text: String) -> MathProgFileStatements.Finding? {
        MathProgFileStatements.first(in: text)
    }

    @Test func tableAndRedirectedPrintfAreFoundWithTheirLines() {
        #expect(
            Self.first("set I;\ntable t IN \"CSV\" \"x.csv\": I <- [a];\nend;\n")
                == .init(keyword: "table", line: 2))
        #expect(
            Self.first("var x;\n\nprintf \"%d\", 1 > \"/tmp/x\";\n")
                == .init(keyword: "printf", line: 3))
        #expect(Self.first("printf \"hi\" >> \"log.txt\";") == .init(keyword: "printf", line: 1))
        // GLPK parses printf's list below the relational operators: `a > b` there redirects to b.
        #expect(
            Self.first("param a := 2; param b := 1;\nprintf \"%d\", a > b;")
                == .init(keyword: "printf", line: 2))
        #expect(
            Self.first("set I := 1..3;\nfor {i in I} printf \"%d\", i > \"f\" & i;")
                == .init(keyword: "printf", line: 2))
        #expect(
            Self.first(
                "set I := 1..3;\nfor {i in I} {\n  display i;\n  printf \"%d\", i >> \"f\";\n}")
                == .init(keyword: "printf", line: 4))
        #expect(
            Self.first("for {i in 1..2} for {j in 1..2} table t OUT \"CSV\" \"o.csv\": i;")
                == .init(keyword: "table", line: 1))
    }

    /// A model GLPK accepts, full of `>`, `table` and `printf` that touch no file.
    static let clean = """
        # printf "x" > "/tmp/comment"; table t IN "CSV" "x": I <- [a];
        /* table t OUT "CSV" "y.csv": a;
           printf "z" > "/tmp/z"; */
        param table := 3;                      # a parameter named table
        param printf{i in 1..3} := i;
        set S := {i in 1..5: i > 2};
        var x >= 0, <= table;
        s.t. c: x >= printf[1] * (if table > 2 then 1 else 0);
        maximize z: x;
        display table > 1;
        printf {i in S: i > 3} "%d %s\\n", i, if i > 4 then "big" else "small";
        printf 'it''s "table t" > done\\n';
        solve;
        end;
        """

    @Test func everythingElseIsLeftAlone() throws {
        #expect(Self.first(Self.clean) == nil)
        let model = try GLPKFileReader().read(
            try writeFile(Self.clean, named: "clean.mod", in: try makeTemporaryDirectory()))
        #expect(try GLPKSolver().solve(model).objectiveValue == 3)
        // After `data;` there are no statements, only data.
        #expect(
            Self.first(
                "param p;\ndata;\nparam p := 1;\nprintf table > \"/not/a/statement\";\nend;\n")
                == nil)
        // An unterminated string stops the scan: GLPK refuses the model there, before running it.
        #expect(Self.first("printf \"open\n> \"x\";") == nil)
    }

    static let writer = """
        var x >= 0, <= 4;
        maximize z: x;
        printf "written by a model\\n" > "PATH";
        solve;
        end;
        """

    @Test func aModelThatWritesAFileIsRefusedAndNothingIsWritten() throws {
        let directory = try makeTemporaryDirectory()
        let target = directory.appendingPathComponent("pwned.txt").path
        let model = try writeFile(
            Self.writer.replacingOccurrences(of: "PATH", with: target), named: "w.mod",
            in: directory)
        let error = #expect(throws: GLPKError.self) { try GLPKFileReader().read(model) }
        guard case .invalidFile(let path, let line, let message)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(path == model && line == 3)
        #expect(message.contains("printf") && message.contains("--allow-file-io"))
        #expect(!FileManager.default.fileExists(atPath: target))
        // Allowed, GLPK really writes it: the refusal above stopped a real write.
        let allowed = try GLPKFileReader(allowFileIO: true).read(model)
        #expect(allowed.variableCount == 1)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "written by a model\n")
    }

    @Test func aModelThatReadsAFileIsRefused() throws {
        let directory = try makeTemporaryDirectory()
        let csv = try writeFile(
            "name\nsecret-one\nsecret-two\n", named: "secret.csv", in: directory)
        let text = """
            set S, dimen 1;
            table t IN "CSV" "\(csv)": S <- [name];
            var x{S} >= 0, <= 1;
            maximize z: sum{s in S} x[s];
            solve;
            end;
            """
        let model = try writeFile(text, named: "r.mod", in: directory)
        let error = #expect(throws: GLPKError.self) { try GLPKFileReader().read(model) }
        #expect(
            error?.description.contains("r.mod:2: a table statement reads or writes files") == true,
            "\(String(describing: error))")
        // Allowed: the table's rows become variable names (how the probe leaked a file).
        let read = try GLPKFileReader(allowFileIO: true).read(model)
        #expect(
            Set(read.variables.compactMap { read.name(of: $0) }) == [
                "x[secret-one]", "x[secret-two]",
            ])
    }

    @Test func aCleanModelTranslatesFromAPrivateCopyUnderItsOwnName() throws {
        let directory = try makeTemporaryDirectory()
        let model = try writeFile(
            """
            var x >= 0, <= 4;\nmaximize z: x;\nprintf \"%d\\n\", if 2 > 1 then 1 else \
            0;\nsolve;\nend;\n
            """,
            named: "clean.mod", in: directory)
        let read = try GLPKFileReader().read(model)
        #expect(read.name == "clean")
        #expect(try GLPKSolver().solve(read).objectiveValue == 4)
        // A syntax error still names the user's file, not the private copy.
        let broken = try writeFile(
            "var x >= 0;\nmaximize z: x +;\nend;\n", named: "broken.mod", in: directory)
        let error = #expect(throws: GLPKError.self) { try GLPKFileReader().read(broken) }
        guard case .invalidFile(let path, let line, _)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(path == broken && line == 2)
    }

    @Test func translationHonoursTheMemoryLimit() throws {
        // A 10⁸-element set would take gigabytes; 16 MiB stops it cleanly.
        let model = try writeFile(
            "set S := 1..100000000;\nvar x{S} >= 0;\nmaximize z: sum{s in S} x[s];\nend;\n",
            named: "huge.mod", in: try makeTemporaryDirectory())
        let error = #expect(throws: GLPKError.self) {
            try GLPKFileReader(memoryLimitMegabytes: 16).read(model)
        }
        guard case .memoryLimit(_, let megabytes)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(megabytes == 16)
    }
}
