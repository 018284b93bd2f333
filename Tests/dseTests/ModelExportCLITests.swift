import Foundation
import TestSupport
import Testing

/// Every family's ILP written as LP/MPS, solved outside DSEKit (the `cbc` program; HiGHS's
/// committed solution files), read back with `--solution`, checked, and reported alike.
@Suite struct ModelExportCLITests {
    static let problems = [
        "melange/example", "mixed-precision/hawq-v3-resnet18-size-0.5", "cosma/toy-spill-fixed",
    ]
    /// A column each family's formulation names, as the MPS writer keeps it.
    static let familyColumn = [
        "melange/example": "count[A10G]",
        "mixed-precision/hawq-v3-resnet18-size-0.5": "y[stage1.unit1.quant_convbn1,4]",
        "cosma/toy-spill-fixed": "r[10,0]",
    ]
    static let cbcProgram = ["/usr/bin/cbc", "/usr/local/bin/cbc"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func ownObjective(_ problem: String) throws -> Double {
        let run = try CLITests.dse("solve", "problems/\(problem).yaml", "--json")
        return try #require(try CLITests.json(run.stdout)["objective"] as? Double)
    }

    @Test(arguments: problems)
    func theExportIsDeterministicAndHasTheFamilysNames(_ problem: String) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var texts: [String] = []
        for k in 0..<2 {
            let lp = directory.appendingPathComponent("\(k).lp").path
            let mps = directory.appendingPathComponent("\(k).mps").path
            let run = try CLITests.dse(
                "solve", "problems/\(problem).yaml", "--write-lp", lp, "--write-mps", mps, "--json")
            #expect(run.status == 0, "\(run.stderr)")
            texts.append(
                try String(contentsOfFile: lp, encoding: .utf8)
                    + String(contentsOfFile: mps, encoding: .utf8))
        }
        #expect(texts[0] == texts[1])
        #expect(texts[0].contains("Subject To"))
        #expect(
            texts[0].contains(try #require(Self.familyColumn[problem])),
            "the family's own variable names")
    }

    @Test(arguments: problems)
    func highsSolutionsReadBackToDSEKitsOptimum(_ problem: String) throws {
        let name = (problem as NSString).lastPathComponent
        let file = packageRoot.appendingPathComponent(
            "Tests/Data/solutions/\(name == "example" ? "melange-example" : name).highs.sol"
        ).path
        let run = try CLITests.dse(
            "solve", "problems/\(problem).yaml", "--solution", file, "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let envelope = try CLITests.json(run.stdout)
        #expect(envelope["status"] as? String == "optimal")
        #expect(envelope["solver"] as? String == "imported")
        let objective = try #require(envelope["objective"] as? Double)
        #expect(abs(objective - (try Self.ownObjective(problem))) <= 1e-9 * max(1, abs(objective)))
    }

    @Test(
        .enabled(if: cbcProgram != nil, "the cbc program (Debian coinor-cbc) is not installed"),
        arguments: problems)
    func theCBCProgramSolvesTheExportAndTheAnswerReadsBack(_ problem: String) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let lp = directory.appendingPathComponent("model.lp").path
        let solution = directory.appendingPathComponent("model.sol").path
        #expect(try CLITests.dse("solve", "problems/\(problem).yaml", "--write-lp", lp).status == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.cbcProgram))
        process.arguments = [lp, "-solve", "-solu", solution]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let run = try CLITests.dse("solve", "problems/\(problem).yaml", "--solution", solution)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("imported from \(solution) (cbc format), checked by DSEKit"))
        let envelope = try CLITests.json(
            try CLITests.dse("solve", "problems/\(problem).yaml", "--solution", solution, "--json")
                .stdout)
        let objective = try #require(envelope["objective"] as? Double)
        #expect(abs(objective - (try Self.ownObjective(problem))) <= 1e-6 * max(1, abs(objective)))
    }

    /// NASAIC's ILP is the hardware for the most accurate networks. With specs they can meet
    /// (the committed loose-specs copy of W1), HiGHS's optimum and the `cbc` program's, read
    /// back, are the successive baseline's hardware: the same networks, solved by DSEKit through
    /// the family's own (pruned) model.
    @Test func nasaicsHardwareILPRoundTripsThroughHiGHSAndTheCBCProgram() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let problem = packageRoot.appendingPathComponent(
            "Tests/Data/solutions/nasaic-w1-loose-specs.yaml"
        ).path
        let own = try CLITests.json(try CLITests.dse("solve", problem, "--json").stdout)
        let successive = try #require(
            (own["result"] as? [String: Any])?["successive"] as? [String: Any])
        let expected = try #require(successive["latency_cycles"] as? Double)
        var solutions = [
            packageRoot.appendingPathComponent(
                "Tests/Data/solutions/nasaic-w1-loose-specs.highs.sol"
            ).path
        ]
        if let cbc = Self.cbcProgram {
            let lp = directory.appendingPathComponent("model.lp").path
            let solution = directory.appendingPathComponent("model.sol").path
            #expect(try CLITests.dse("solve", problem, "--write-lp", lp).status == 0)
            let written = try String(contentsOfFile: lp, encoding: .utf8)
            #expect(
                written.contains("area_spec:") && written.contains("pe_budget:")
                    && written.contains("mapped_1_:"))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: cbc)
            process.arguments = [lp, "-solve", "-solu", solution]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            solutions.append(solution)
        }
        for solution in solutions {
            let run = try CLITests.dse("solve", problem, "--solution", solution, "--json")
            #expect(run.status == 0, "\(solution): \(run.stderr)")
            let envelope = try CLITests.json(run.stdout)
            #expect(envelope["status"] as? String == "optimal")
            let imported = try #require(
                (envelope["result"] as? [String: Any])?["best"] as? [String: Any])
            let latency = try #require(imported["latency_cycles"] as? Double)
            #expect(abs(latency - expected) <= 1e-9 * expected, "\(solution)")
            #expect(
                try CLITests.dse("solve", problem, "--solution", solution).stdout
                    .contains(
                        """
                        imported design for the most accurate networks (meets every spec and \
                        budget)
                        """
                    ))
        }
    }

    @Test func aBadSolutionFileIsACleanError() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let unknown = try writeFile(
            "count[A10G] 3\nnosuch 1\n", named: "unknown.sol", in: directory)
        let run = try CLITests.dse("solve", "problems/melange/example.yaml", "--solution", unknown)
        #expect(run.status == 3)
        #expect(run.stderr.contains("unknown.sol:2: no column 'nosuch' in the model"))
        let junk = try writeFile("count[A10G] lots\n", named: "junk.sol", in: directory)
        #expect(
            try CLITests.dse("solve", "problems/melange/example.yaml", "--solution", junk).stderr
                .contains("junk.sol:1: 'lots' is not a finite number"))
        // A point that breaks the model: the family's check names what is wrong; exit 1.
        let short = try writeFile("count[A10G] 3\n", named: "short.sol", in: directory)
        let failed = try CLITests.dse("solve", "problems/melange/example.yaml", "--solution", short)
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("FAILED") && failed.stdout.contains("assigned"))
        #expect(
            try CLITests.dse(
                "solve", "problems/melange/example.yaml", "--solution",
                directory.appendingPathComponent("none.sol").path
            ).status == 3)
    }

    @Test func aFamilyWithoutAnILPSaysSo() throws {
        let run = try CLITests.dse(
            "solve", "problems/memory-controller/\(try memoryControllerProblem())", "--write-lp",
            "/dev/null")
        #expect(run.status == 2)
        #expect(run.stderr.contains("memory-controller poses no single ILP"))
        #expect(
            try CLITests.dse("solve", "problems/lp/wyndor.lp", "--solution", "x.sol").status == 2)
    }

    func memoryControllerProblem() throws -> String {
        let files = try FileManager.default.contentsOfDirectory(
            atPath: packageRoot.appendingPathComponent("problems/memory-controller").path)
        return try #require(files.filter { $0.hasSuffix(".yaml") }.sorted().first)
    }
}
