import Foundation
import TestSupport
import Testing

/// `dse cost dram` and `dse solve` on memory-controller problems, through the real executable.
@Suite struct MemoryControllerCLITests {
    @Test func costDRAMJSON() throws {
        let run = try CLITests.dse(
            "cost", "dram", "--trace", "problems/memory-controller/traces/stream.stl", "--set",
            "PagePolicy=Closed",
            "--set", "RequestBufferSize=8", "--set", "MaxActiveTransactions=128", "--json")
        #expect(run.status == 0)
        let object = try CLITests.json(run.stdout)
        for key in [
            "latency_us", "power_w", "energy_uj", "mean_latency_ns", "row_hit_rate", "config",
            "energy_breakdown_uj",
        ] {
            #expect(object[key] != nil, "\(key)")
        }
        // The closed-page validation point: DRAMSys 453 µs and 1.00 W, within 5 %.
        let latency = try #require(object["latency_us"] as? Double)
        let power = try #require(object["power_w"] as? Double)
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
        let knob = try CLITests.dse(
            "cost", "dram", "--trace", "problems/memory-controller/traces/stream.stl", "--set",
            "PagePolicy=Half")
        #expect(knob.status == 2)
        #expect(knob.stderr.contains("PagePolicy cannot be 'Half'"))
        // Any value DRAMSys accepts evaluates; one outside the knob's range names the range.
        let five = try CLITests.dse(
            "cost", "dram", "--trace", "problems/memory-controller/traces/stream.stl", "--set",
            "RefreshMaxPostponed=5",
            "--set", "RequestBufferSize=6", "--set", "MaxActiveTransactions=77", "--set",
            "RefreshPolicy=AllBank", "--json")
        #expect(five.status == 0)
        #expect(
            five.stdout.contains("\"RefreshMaxPostponed\":\"5\"")
                || five.stdout.contains("\"RefreshMaxPostponed\":5"))
        let nine = try CLITests.dse(
            "cost", "dram", "--trace", "problems/memory-controller/traces/stream.stl", "--set",
            "RefreshMaxPostponed=9")
        #expect(nine.status == 2)
        #expect(
            nine.stderr.contains(
                "RefreshMaxPostponed cannot be '9' (valid: an integer in 0...8; JEDEC"))
        let zero = try CLITests.dse(
            "cost", "dram", "--trace", "problems/memory-controller/traces/stream.stl", "--set",
            "RequestBufferSize=0")
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("an integer in 1...4294967295"))
        let both = try CLITests.dse("cost", "dram", "--trace", "a.stl", "--synthetic", "stream")
        #expect(both.status == 2)
        let pattern = try CLITests.dse("cost", "dram", "--synthetic", "zigzag")
        #expect(pattern.status == 2)
        #expect(pattern.stderr.contains("stream, random, mix"))
    }

    /// `--device`: a bundled name, or DRAMSys's memspec with `--address-mapping`.
    @Test func costDRAMOnDDR4() throws {
        let stream = "problems/memory-controller/traces/stream.stl"
        let devices = "problems/memory-controller/devices/"
        let named = try CLITests.dse(
            "cost", "dram", "--trace", stream, "--device", "ddr4-2400", "--json")
        #expect(named.status == 0)
        #expect(
            try CLITests.json(named.stdout)["device"] as? String == "MICRON_4Gb_DDR4-2400_8bit_A")
        let files = try CLITests.dse(
            "cost", "dram", "--trace", stream, "--device",
            devices + "JEDEC_4Gb_DDR4-2400_8bit_A.json",
            "--address-mapping", devices + "am_ddr4_8x4Gbx8_dimm_p1KB_brc.json", "--json")
        #expect(files.status == 0 && files.stdout == named.stdout)
        let noMapping = try CLITests.dse(
            "cost", "dram", "--trace", stream, "--device",
            devices + "JEDEC_4Gb_DDR4-2400_8bit_A.json")
        #expect(
            noMapping.status == 2
                && noMapping.stderr.contains("give its address mapping with --address-mapping"))
        let lpddr4 = try CLITests.dse(
            "cost", "dram", "--trace", stream, "--device",
            devices + "JEDEC_8Gb_LPDDR4-3200_16bit.json",
            "--address-mapping", devices + "am_ddr4_8x4Gbx8_dimm_p1KB_brc.json")
        #expect(
            lpddr4.status == 3 && lpddr4.stderr.contains("LPDDR4 refreshes per bank")
                && !lpddr4.stderr.contains("Fatal"))
        let unknown = try CLITests.dse("cost", "dram", "--trace", stream, "--device", "ddr5")
        #expect(
            unknown.status == 3 && unknown.stderr.contains("bundled devices: ddr3-1600, ddr4-2400"))
    }

    @Test func solvesAMemoryControllerProblem() throws {
        let directory = try makeTemporaryDirectory()
        let trace = packageRoot.appendingPathComponent(
            "problems/memory-controller/traces/cloud-1.stl"
        ).path
        let problem = try writeFile(
            """
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
        #expect(
            (result["metrics"] as? [String: Any])?["power_w"] as? Double == object["objective"]
                as? Double)
        #expect(result["evaluations"] as? Double == 30)
        let validate = try CLITests.dse("validate", problem, "--allow-paths", packageRoot.path)
        #expect(validate.status == 0)
        #expect(validate.stdout.contains("memory-controller: trace"))
    }
}
