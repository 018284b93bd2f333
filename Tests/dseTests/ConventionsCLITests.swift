import Foundation
import TestSupport
import Testing

/// What users of the command line expect (#17): outputs in the working directory, names that
/// say one thing, "did you mean", --version, help without doubled defaults, clean numbers.
@Suite struct ConventionsCLITests {
    @Test("dse report writes into the working directory, never beside its input")
    func reportWritesHere() throws {
        let inputs = try makeTemporaryDirectory("report-in")
        let here = try makeTemporaryDirectory("report-here")
        defer { for d in [inputs, here] { try? FileManager.default.removeItem(at: d) } }
        let csv = inputs.appendingPathComponent("rates.csv")
        try FileManager.default.copyItem(
            at: packageRoot.appendingPathComponent("results/melange-example-rates.csv"), to: csv)
        let run = try CLITests.dse(
            arguments: [
                "report", csv.path, "--kind", "curve", "--x", "total_request_rate", "--y",
                "objective",
            ], in: here)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            FileManager.default.fileExists(atPath: here.appendingPathComponent("rates.svg").path))
        #expect(
            !FileManager.default.fileExists(atPath: inputs.appendingPathComponent("rates.svg").path)
        )
        #expect(run.stdout.contains("wrote \(here.appendingPathComponent("rates.svg").path)"))
    }

    @Test("A sweep file without out: writes its CSV into the working directory")
    func batchWritesHere() throws {
        let inputs = try makeTemporaryDirectory("batch-in")
        let here = try makeTemporaryDirectory("batch-here")
        defer { for d in [inputs, here] { try? FileManager.default.removeItem(at: d) } }
        let base = packageRoot.appendingPathComponent("problems/melange/example.json").path
        let sweep = try writeFile(
            "base: \(base)\ngrid:\n  total_request_rate: [5, 10]\n", named: "rates.yaml", in: inputs
        )
        let run = try CLITests.dse(
            arguments: ["batch", sweep, "--allow-paths", packageRoot.path], in: here)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try csvRows(here.appendingPathComponent("rates.csv")).count == 2)
        #expect(
            !FileManager.default.fileExists(atPath: inputs.appendingPathComponent("rates.csv").path)
        )
    }

    @Test("A sweep file given to dse solve says to use dse batch")
    func sweepFileToSolve() throws {
        let run = try CLITests.dse(
            "solve", "problems/sweeps/melange-example-rates.yaml", "--allow-paths", packageRoot.path
        )
        #expect(run.status == 3)
        #expect(run.stderr.contains("this is a sweep file"), "\(run.stderr)")
        #expect(
            run.stderr.contains(
                "run it with `dse batch problems/sweeps/melange-example-rates.yaml`"))
    }

    @Test func versionFlag() throws {
        let run = try CLITests.dse("--version")
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("DSEKit "))
        #expect(
            try CLITests.dse("version").stdout.hasPrefix(
                run.stdout.trimmingCharacters(in: .newlines)))
    }

    @Test("Did you mean: families, engines, templates, layer kinds and keys, knobs")
    func didYouMean() throws {
        let directory = try makeTemporaryDirectory("did-you-mean")
        defer { try? FileManager.default.removeItem(at: directory) }
        let family = try CLITests.dse(
            "solve", try writeFile("family: melang\n", named: "f.yaml", in: directory))
        #expect(family.status == 3)
        #expect(
            family.stderr.contains(
                "f.yaml:1: family: unknown family 'melang'; did you mean 'melange'?"),
            "\(family.stderr)")
        let problem = try String(
            contentsOfFile: packageRoot.appendingPathComponent(
                "problems/memory-controller/stream-latency-marl.yaml"
            ).path, encoding: .utf8)
        let misspelt = problem.replacingOccurrences(of: "engine: marl", with: "engine: mrl")
        #expect(misspelt != problem)
        let traces = directory.appendingPathComponent("traces")
        try FileManager.default.copyItem(
            at: packageRoot.appendingPathComponent("problems/memory-controller/traces"), to: traces)
        let engine = try CLITests.dse(
            "solve", try writeFile(misspelt, named: "e.yaml", in: directory))
        #expect(engine.status == 3)
        #expect(
            engine.stderr.contains("unknown engine 'mrl'; did you mean 'marl'?"), "\(engine.stderr)"
        )
        let layer = ["cost", "dataflow", "--pes", "64", "--noc-bw", "32"]
        let template = try CLITests.dse(
            arguments: layer + ["--template", "dl", "--layer", "conv:K=8,C=8,R=3,S=3,Y=8,X=8"])
        #expect(template.status == 2)
        #expect(template.stderr.contains("did you mean 'dla'?"))
        let key = try CLITests.dse(
            arguments: layer + [
                "--template", "dla", "--layer", "conv:K=8,C=8,R=3,S=3,Y=8,X=8,strid=2",
            ])
        #expect(key.status == 2)
        #expect(
            key.stderr.contains("unknown key 'strid' for conv")
                && key.stderr.contains("did you mean 'stride'?"), "\(key.stderr)")
        let kind = try CLITests.dse(
            arguments: layer + ["--template", "dla", "--layer", "cnv:K=8,C=8,R=3,S=3,Y=8,X=8"])
        #expect(kind.stderr.contains("did you mean 'conv'?"), "\(kind.stderr)")
        let knob = try CLITests.dse(
            "cost", "dram", "--trace", "problems/memory-controller/traces/stream.stl", "--set",
            "Schedular=Fifo")
        #expect(knob.status == 2)
        #expect(
            knob.stderr.contains("unknown knob 'Schedular'; did you mean 'Scheduler'?"),
            "\(knob.stderr)")
    }

    @Test("No help text states a default twice")
    func helpWithoutDoubledDefaults() throws {
        for command in [
            ["solve"], ["validate"], ["cost", "dram"], ["cost", "dataflow"], ["frontier"],
            ["batch"], ["merge"], ["report"],
            ["families"], ["version"],
        ] {
            let help = try CLITests.dse(arguments: command + ["--help"]).stdout
            // Options are separated by lines starting with two spaces and a dash.
            let options = help.components(separatedBy: "\n  -")
            for option in options {
                let text = option.replacingOccurrences(of: "\n", with: " ")
                let defaults = text.components(separatedBy: "default").count - 1
                #expect(defaults <= 1, "dse \(command.joined(separator: " ")) --help: \(text)")
            }
        }
    }

    @Test(
        "Numbers in --json and batch CSV carry no floating-point noise",
        arguments: [
            "problems/melange/example.yaml",
            "problems/mixed-precision/ohq-resnet18-latency-size.yaml",
            "problems/mixed-precision/hawq-v3-resnet50-latency-0.5.yaml",
            "problems/cosma/toy-branching-bytes.yaml", "problems/lp/melange-example.mod",
        ])
    func cleanNumbers(file: String) throws {
        let run = try CLITests.dse("solve", file, "--json")
        #expect(run.status == 0)
        let numbers = Self.numbers(in: run.stdout)
        #expect(numbers.count >= 2)
        for number in numbers {
            #expect(Self.significantDigits(number) <= 15, "\(file): \(number)")
        }
    }

    @Test func cleanNumbersInBatchCSV() throws {
        let directory = try makeTemporaryDirectory("clean-csv")
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("out.csv").path
        let run = try CLITests.dse(
            "batch", "problems/sweeps/hawq-v3-resnet18-fractions.yaml", "--out", out,
            "--allow-paths", packageRoot.path)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let numbers = Self.numbers(in: text)
        #expect(numbers.count > 50)
        for number in numbers { #expect(Self.significantDigits(number) <= 15, "\(number)") }
    }

    /// Every number in a text (JSON or CSV), as written.
    static func numbers(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(
            pattern: #"(?<![\w.])-?\d+\.\d+(?:[eE][-+]?\d+)?(?![\w.])"#)
        let range = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: range).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
    }

    /// Significant digits of a decimal number as written (`0.7500000000000001` → 16).
    static func significantDigits(_ number: String) -> Int {
        let mantissa =
            number.split(whereSeparator: { $0 == "e" || $0 == "E" }).first.map(String.init)
            ?? number
        let digits = mantissa.filter(\.isNumber).drop { $0 == "0" }
        return digits.count
    }
}
