import Foundation
import TestSupport
import Testing

/// `dse cost dram` and `dse solve` on memory-controller problems, through the real executable.
@Suite struct MemoryControllerCLITests {
    @Test func costDRAMJSON() throws {
        let run = try CLITests.dse("cost", "dram", "--trace", "problems/memory-controller/traces/stream.stl", "--set", "PagePolicy=Closed",
                               "--set", "RequestBufferSize=8", "--set", "MaxActiveTransactions=128", "--json")
        #expect(run.status == 0)
        let object = try CLITests.json(run.stdout)
        for key in ["latency_us", "power_w", "energy_uj", "mean_latency_ns", "row_hit_rate", "config", "energy_breakdown_uj"] {
            #expect(object[key] != nil, "\(key)")
        }
        // The closed-page validation point: DRAMSys 453 µs and 1.00 W, within 5 %.
        let latency = try #require(object["latency_us"] as? Double), power = try #require(object["power_w"] as? Double)
        #expect(abs(latency / 453 - 1) < 0.05 && abs(power / 1.0 - 1) < 0.05)
        #expect((object["config"] as? [String: Any])?["PagePolicy"] as? String == "Closed")
        let text = try CLITests.dse("cost", "dram", "--synthetic", "mix,locality=0.5,count=500")
        #expect(text.status == 0)
        #expect(text.stdout.contains("total time"))
    }

    @Test func costDRAMBadInput() throws {
        let missing = try CLITests.dse("cost", "dram", "--trace", "nowhere.stl")
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("nowhere.stl: no such trace file"))
        let knob = try CLITests.dse("cost", "dram", "--trace", "problems/memory-controller/traces/stream.stl", "--set", "PagePolicy=Half")
        #expect(knob.status == 2)
        #expect(knob.stderr.contains("PagePolicy cannot be 'Half'"))
        // Any value DRAMSys accepts evaluates; one outside the knob's range names the range.
        let five = try CLITests.dse("cost", "dram", "--trace", "problems/memory-controller/traces/stream.stl", "--set", "RefreshMaxPostponed=5",
                                    "--set", "RequestBufferSize=6", "--set", "MaxActiveTransactions=77", "--set", "RefreshPolicy=AllBank", "--json")
        #expect(five.status == 0)
        #expect(five.stdout.contains("\"RefreshMaxPostponed\":\"5\"") || five.stdout.contains("\"RefreshMaxPostponed\":5"))
        let nine = try CLITests.dse("cost", "dram", "--trace", "problems/memory-controller/traces/stream.stl", "--set", "RefreshMaxPostponed=9")
        #expect(nine.status == 2)
        #expect(nine.stderr.contains("RefreshMaxPostponed cannot be '9' (valid: an integer in 0...8; JEDEC"))
        let zero = try CLITests.dse("cost", "dram", "--trace", "problems/memory-controller/traces/stream.stl", "--set", "RequestBufferSize=0")
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("an integer in 1...4294967295"))
        let both = try CLITests.dse("cost", "dram", "--trace", "a.stl", "--synthetic", "stream")
        #expect(both.status == 2)
        let pattern = try CLITests.dse("cost", "dram", "--synthetic", "zigzag")
        #expect(pattern.status == 2)
        #expect(pattern.stderr.contains("stream, random, mix"))
    }

    @Test func solvesAMemoryControllerProblem() throws {
        let directory = try makeTemporaryDirectory()
        let trace = packageRoot.appendingPathComponent("problems/memory-controller/traces/cloud-1.stl").path
        let problem = try writeFile("""
            family: memory-controller
            trace: \(trace)
            objective: power
            engine: {name: marl, update: ppo}
            budget: 30
            exhaustive: false
            """, named: "mc.yaml", in: directory)
        let run = try CLITests.dse("solve", problem, "--json", "--allow-paths", packageRoot.path)
        #expect(run.status == 0)
        let object = try CLITests.json(run.stdout)
        #expect(object["family"] as? String == "memory-controller")
        let result = try #require(object["result"] as? [String: Any])
        #expect((result["best_config"] as? [String: Any])?.count == 10)
        #expect((result["metrics"] as? [String: Any])?["power_w"] as? Double == object["objective"] as? Double)
        #expect(result["evaluations"] as? Double == 30)
        let validate = try CLITests.dse("validate", problem, "--allow-paths", packageRoot.path)
        #expect(validate.status == 0)
        #expect(validate.stdout.contains("memory-controller: trace"))
    }
}
