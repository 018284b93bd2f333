import Foundation
import GLPKBackend
import LinearModel
import TestSupport
import Testing

@Suite struct FileReaderTests {
    /// max 3x + 2y, x + y ≤ 4, x + 3y ≤ 6, x ≤ 3: the corner x + y = 4, x = 3 gives (3, 1) and 11
    /// (the other corners: (0, 2) → 4, (3, 0) → 9, (0, 0) → 0).
    static let production = """
        var x >= 0;
        var y >= 0;
        maximize profit: 3 * x + 2 * y;
        s.t. capacity: x + y <= 4;
        s.t. labour: x + 3 * y <= 6;
        s.t. market: x <= 3;
        solve;
        display x, y;
        end;
        """

    /// A balanced transportation problem with sets and a data file. By hand: ship s2→d2 25,
    /// s2→d1 5, s1→d1 5, s1→d3 15; cost 25·1 + 5·3 + 5·2 + 15·5 = 125. Optimal by duality:
    /// u = (0, 1), v = (2, 0, 5) price every route at or below its cost (s1→d2: 4 ≥ 0,
    /// s2→d3: 7 ≥ 6).
    static let transport = """
        set S; set D;
        param supply{S}; param demand{D}; param cost{S, D};
        var ship{S, D} >= 0;
        minimize total: sum{s in S, d in D} cost[s, d] * ship[s, d];
        s.t. supply_limit{s in S}: sum{d in D} ship[s, d] <= supply[s];
        s.t. demand_met{d in D}: sum{s in S} ship[s, d] >= demand[d];
        end;
        """

    static let transportData = """
        data;
        set S := s1 s2;
        set D := d1 d2 d3;
        param supply := s1 20 s2 30;
        param demand := d1 10 d2 25 d3 15;
        param cost: d1 d2 d3 :=
          s1 2 4 5
          s2 3 1 7;
        end;
        """

    @Test func mathProgModelWithHandDerivedOptimum() throws {
        let directory = try makeTemporaryDirectory()
        let path = try writeFile(Self.production, named: "production.mod", in: directory)
        let model = try GLPKFileReader().read(path)
        #expect(
            model.constraintCount == 3,
            "MathProg's objective row is dropped, the three constraints stay")
        let solution = try GLPKSolver().solve(model)
        #expect(solution.objectiveValue == 11)
        #expect(solution.value(try #require(model.variable(named: "x"))) == 3)
        #expect(solution.value(try #require(model.variable(named: "y"))) == 1)
    }

    @Test func mathProgModelWithDataFile() throws {
        let directory = try makeTemporaryDirectory()
        let model = try GLPKFileReader().read(
            try writeFile(Self.transport, named: "transport.mod", in: directory),
            dataPath: try writeFile(Self.transportData, named: "transport.dat", in: directory))
        #expect(model.variableCount == 6)
        let solution = try GLPKSolver().solve(model)
        #expect(solution.objectiveValue == 125)
        #expect(solution.value(try #require(model.variable(named: "ship[s2,d2]"))) == 25)
        #expect(solution.value(try #require(model.variable(named: "ship[s1,d3]"))) == 15)
    }

    @Test func mathProgIntegerModel() throws {
        // Knapsack in MathProg, checked against brute force.
        let knapsack = Knapsack.random(items: 10, seed: 4)
        let items = knapsack.values.indices.map {
            "i\($0) \(Int(knapsack.values[$0])) \(Int(knapsack.weights[$0]))"
        }
        let text = """
            set I; param v{I}; param w{I}; param cap;
            var take{I} binary;
            maximize value: sum{i in I} v[i] * take[i];
            s.t. weight: sum{i in I} w[i] * take[i] <= cap;
            data;
            param cap := \(Int(knapsack.capacity));
            param : I : v w := \(items.joined(separator: " "));
            end;
            """
        let directory = try makeTemporaryDirectory()
        let model = try GLPKFileReader().read(try writeFile(text, named: "k.mod", in: directory))
        #expect(model.binaryVariableCount == 10)
        #expect(try GLPKSolver().solve(model).objectiveValue == knapsack.bruteForceOptimum)
    }

    // MARK: Bad files

    private func expectInvalid(
        _ text: String, named name: String, line: Int, containing fragment: String,
        format: GLPKFileReader.Format? = nil
    ) throws {
        let directory = try makeTemporaryDirectory()
        let path = try writeFile(text, named: name, in: directory)
        let error = #expect(throws: GLPKError.self) {
            try GLPKFileReader().read(path, format: format)
        }
        guard case .invalidFile(let errorPath, let errorLine, let message)? = error else {
            Issue.record("expected invalidFile, got \(String(describing: error))")
            return
        }
        #expect(errorPath == path)
        #expect(errorLine == line)
        #expect(message.contains(fragment), "message: \(message)")
        #expect(error?.description.hasPrefix("\(path):\(line): ") == true)
    }

    @Test func cplexLPSyntaxErrorNamesTheLine() throws {
        try expectInvalid(
            "Maximize\n obj: x + y\nSubject To\n c1: x + y <= 4\n c2: x + + y >= 1\nEnd\n",
            named: "bad.lp", line: 5, containing: "missing variable name")
    }

    @Test func mpsSyntaxErrorNamesTheLine() throws {
        try expectInvalid(
            "NAME t\nROWS\n N obj\n L c1\nCOLUMNS\n x obj 1 c1 1\nRHS\n rhs c2 4\nENDATA\n",
            named: "bad.mps", line: 8, containing: "c2", format: .freeMPS)
    }

    @Test func mathProgSyntaxErrorNamesTheLine() throws {
        try expectInvalid(
            "var x >= 0;\nmaximize z: x;\ns.t. c: x <= 3\nend;\n",
            named: "bad.mod", line: 4, containing: "syntax error")
    }

    @Test func mathProgDataErrorNamesTheDataFile() throws {
        let directory = try makeTemporaryDirectory()
        let model = try writeFile(FileReaderTests.transport, named: "t.mod", in: directory)
        let data = try writeFile(
            "data;\nset S := s1 s2;\nparam supply := s1 ;;\nend;\n", named: "t.dat", in: directory)
        let error = #expect(throws: GLPKError.self) {
            try GLPKFileReader().read(model, dataPath: data)
        }
        guard case .invalidFile(let path, let line, _)? = error else {
            Issue.record("expected invalidFile, got \(String(describing: error))")
            return
        }
        #expect(path == data)
        #expect(line == 3, "\(String(describing: error))")
    }

    @Test func missingFileAndUnknownExtension() throws {
        #expect(throws: GLPKError.self) { try GLPKFileReader().read("/nonexistent/model.lp") }
        let error = #expect(throws: GLPKError.self) { try GLPKFileReader().read("/tmp/model.xyz") }
        if case .unknownFormat? = error {
        } else {
            Issue.record("expected unknownFormat, got \(String(describing: error))")
        }
    }
}
