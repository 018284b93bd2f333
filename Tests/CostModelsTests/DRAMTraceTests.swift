import CostModels
import Foundation
import TestSupport
import Testing

@Suite struct DRAMTraceTests {
    @Test func bundledFilesMatchTheSharedData() throws {
        let shared = packageRoot.appendingPathComponent("../shared/data/dram")
        // only beside ../shared
        guard FileManager.default.fileExists(atPath: shared.path) else { return }
        for name in archGymTraces {
            let ours = try Data(
                contentsOf: packageRoot.appendingPathComponent(
                    "problems/memory-controller/traces/\(name).stl"))
            #expect(
                ours == (try Data(contentsOf: shared.appendingPathComponent("traces/\(name).stl"))))
        }
        let device = try DRAMDevice(
            memspecJSON: Data(
                contentsOf: shared.appendingPathComponent("ddr3_micron_1gb_1600_x8.json")),
            file: "memspec")
        #expect(device == .ddr3_1600_micron_1Gb_x8)
    }

    @Test func bundledMemspecIsTheBuiltInDevice() throws {
        let path = packageRoot.appendingPathComponent(
            "problems/memory-controller/ddr3_micron_1gb_1600_x8.json")
        let device = try DRAMDevice(memspecJSON: Data(contentsOf: path), file: path.path)
        #expect(device == .ddr3_1600_micron_1Gb_x8)
        #expect(device.bytesPerBurst == 64)
        // rbc mapping: 8 KiB rows (column bits 3–12), bank bits 13–15, row bits 16–29.
        #expect(device.mapping.bank(of: 0x2000) == 1)
        #expect(device.mapping.row(of: 0x10000) == 1)
        #expect(device.mapping.bank(of: 0x1FC0) == 0)
    }

    @Test func theArchGymTracesAreWhatTheirReadmeSays() throws {
        for name in archGymTraces {
            let trace = try bundledTrace(name)
            #expect(trace.requests.count == 10_000)
            #expect(trace.isReadOnly)
            #expect(trace.requests.enumerated().allSatisfy { $0.element.cycle == $0.offset })
        }
        let cloud1 = try bundledTrace("cloud-1")
        let sequentialSteps = zip(cloud1.requests.dropFirst(), cloud1.requests).filter {
            $0.address == $1.address + 64
        }.count
        #expect(sequentialSteps == 4750)
    }

    @Test func syntheticStreamIsTheArchGymStream() throws {
        #expect(
            SyntheticDRAMTrace(pattern: .stream).trace().requests
                == (try bundledTrace("stream")).requests)
    }

    @Test func syntheticMixHasItsLocalityAndReadFraction() {
        let spec = SyntheticDRAMTrace(
            pattern: .mix, count: 20_000, locality: 0.3, readFraction: 0.75, intervalCycles: 3,
            seed: 9)
        let trace = spec.trace()
        #expect(trace == spec.trace())
        #expect(
            trace
                != SyntheticDRAMTrace(
                    pattern: .mix, count: 20_000, locality: 0.3, readFraction: 0.75,
                    intervalCycles: 3, seed: 10
                ).trace())
        let sequential =
            Double(
                zip(trace.requests.dropFirst(), trace.requests).filter {
                    $0.address == $1.address + 64
                }.count) / 19_999
        #expect(abs(sequential - 0.3) < 0.02)
        #expect(abs(Double(trace.requests.count - trace.writeCount) / 20_000 - 0.75) < 0.02)
        #expect(trace.requests.last?.cycle == 19_999 * 3)
        #expect(trace.requests.allSatisfy { $0.address % 64 == 0 && $0.address < 1 << 30 })
        #expect(SyntheticDRAMTrace(pattern: .mix, locality: 1.5).problem != nil)
    }

    @Test func stlRoundTrip() throws {
        let trace = SyntheticDRAMTrace(
            pattern: .mix, count: 50, readFraction: 0.5, intervalCycles: 2, seed: 4
        ).trace()
        #expect(try DRAMTrace.parseSTL(trace.stlText, file: "x.stl").requests == trace.requests)
    }

    @Test func stlCommentsBlankLinesAndPlayerClock() throws {
        let trace = try DRAMTrace.parseSTL(
            "# header\n\n0:\tread\t0x0\n10:\twrite\t0x40\t00ff  # data\n", file: "t.stl",
            playerClockMHz: 400)
        #expect(
            trace.requests == [
                .init(cycle: 0, isWrite: false, address: 0),
                .init(cycle: 20, isWrite: true, address: 0x40),
            ])
    }

    @Test(
        arguments: [
            ("0:\tread\t0x0\n1:\tfetch\t0x40\n", 2, "'read' or 'write'"),
            ("0:\tread\t0xZZ\n", 1, "hexadecimal"),
            ("0 read 0x0\n", 1, "expected '<time>:"),
            ("5:\tread\t0x0\n4:\tread\t0x40\n", 2, "time order"),
            ("-1:\tread\t0x0\n", 1, "non-negative"),
            ("# nothing\n", nil, "no requests"),
            // Once a trap (Int(Double) out of range): now a line-numbered error.
            (
                "0:\tread\t0x0\n9223372036854775807:\tread\t0x40\n", 2,
                "later than 9007199254740992 memory cycles"
            ),
            ("1e308:\tread\t0x0\n", 1, "later than"),
            ("0:\tread\t0x\(String(repeating: "F", count: 17))\n", 1, "hexadecimal"),
        ] as [(String, Int?, String)])
    func badTraces(text: String, line: Int?, message: String) {
        #expect {
            _ = try DRAMTrace.parseSTL(text, file: "bad.stl")
        } throws: { error in
            guard let error = error as? DRAMInputError else { return false }
            return error.file == "bad.stl" && error.line == line && error.message.contains(message)
        }
    }

    /// A bad line is quoted as a short, printable excerpt, however long or binary it is.
    @Test func badLinesAreQuotedAsShortPrintableExcerpts() {
        let hostile = "root:x:0:0:" + String(repeating: "A", count: 5000) + "\u{1B}[2J\u{7}\tx\n"
        #expect {
            _ = try DRAMTrace.parseSTL(hostile, file: "bad.stl")
        } throws: { error in
            guard let error = error as? DRAMInputError else { return false }
            return error.message.count < 200 && !error.message.contains("\u{1B}")
                && !error.message.contains("\u{7}") && error.line == 1
        }
    }

    @Test func memspecNumbersOutsideTheirRangeAreRefused() throws {
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent(
                "problems/memory-controller/ddr3_micron_1gb_1600_x8.json"), encoding: .utf8)
        for (old, new, field) in [
            ("\"banks\": 8", "\"banks\": 1e300", "organization.banks"),
            ("\"RCD\": 10", "\"RCD\": 1e300", "timing_cycles.RCD"),
            ("\"RCD\": 10", "\"RCD\": 10.5", "timing_cycles.RCD"),
        ] {
            #expect(text.contains(old), "\(old)")
            #expect {
                _ = try DRAMDevice(
                    memspecJSON: Data(text.replacingOccurrences(of: old, with: new).utf8),
                    file: "m.json")
            } throws: { error in
                (error as? DRAMInputError)?.message.contains(field) == true
            }
        }
    }

    @Test func missingTraceFileIsNamed() {
        #expect(
            throws: DRAMInputError(
                file: "/nonexistent.stl", line: nil, message: "no such trace file")
        ) {
            _ = try DRAMTrace.readSTL(path: "/nonexistent.stl")
        }
    }

    @Test func badMemspecNamesTheField() {
        #expect {
            _ = try DRAMDevice(
                memspecJSON: Data(
                    #"""
                    {"vdd_v": 1.5, "clock_mhz": 800, "organization": {}, "timing_cycles": {}, \#
                    "currents_ma": {}, "address_mapping": {}}
                    """#
                    .utf8), file: "m.json")
        } throws: { error in
            (error as? DRAMInputError)?.message.contains("organization.banks") == true
        }
    }

    @Test func configurationFromText() throws {
        let configuration = try MemoryControllerConfiguration.with([
            ("pagepolicy", "closed"), ("MaxActiveTransactions", "64"),
        ])
        #expect(configuration.pagePolicy == .closed && configuration.maxActiveTransactions == 64)
        #expect(throws: MemoryControllerConfigurationError.self) {
            try MemoryControllerConfiguration.with([("PagePolicy", "Sometimes")])
        }
        #expect(throws: MemoryControllerConfigurationError.self) {
            try MemoryControllerConfiguration.with([("Colour", "red")])
        }
        // The shipped spaces pass the checking initialiser (their lists are built unchecked).
        for space in [MemoryControllerDesignSpace.marl, .archGym] {
            #expect(
                try MemoryControllerDesignSpace(name: space.name, values: space.values) == space)
        }
        #expect(MemoryControllerDesignSpace.marl.size == 442_368)
        #expect(MemoryControllerDesignSpace.archGym.size == 28_311_552)
        #expect(
            MemoryControllerDesignSpace.marl.configuration(choices: [2, 2, 1, 3, 1, 1, 3, 2, 2, 7])
                .description
                    == """
                    PagePolicy=Closed Scheduler=FrFcfs SchedulerBuffer=ReadWrite \
                    RequestBufferSize=8 RespQueue=Reorder RefreshPolicy=AllBank \
                    RefreshMaxPostponed=8 RefreshMaxPulledin=4 Arbiter=Reorder \
                    MaxActiveTransactions=128
                    """
        )
    }
}
