import CostModels
import Foundation
import TestSupport
import Testing

/// DRAMSys's own memspec and address-mapping files as the device
/// (problems/memory-controller/devices/).
@Suite struct DRAMSysMemspecTests {
    static let devices = packageRoot.appendingPathComponent("problems/memory-controller/devices")

    static func device(_ memspec: String, _ mapping: String) throws -> DRAMDevice {
        try DRAMDevice(
            dramsysMemspec: try Data(contentsOf: devices.appendingPathComponent(memspec)),
            file: memspec,
            addressMapping: try Data(contentsOf: devices.appendingPathComponent(mapping)),
            mappingFile: mapping)
    }

    static func error(_ memspec: String, _ mapping: String) -> String {
        do {
            _ = try DRAMDevice(
                dramsysMemspec: Data(memspec.utf8), file: "m.json",
                addressMapping: Data(mapping.utf8), mappingFile: "a.json")
            return ""
        } catch {
            return error.description
        }
    }

    @Test func theBundledDevicesAreDRAMSysFilesReadBack() throws {
        #expect(
            try Self.device(
                "MICRON_1Gb_DDR3-1600_8bit_G.json", "am_ddr3_8x1Gbx8_dimm_p1KB_rbc.json")
                == .ddr3_1600_micron_1Gb_x8)
        #expect(
            try Self.device("JEDEC_4Gb_DDR4-2400_8bit_A.json", "am_ddr4_8x4Gbx8_dimm_p1KB_brc.json")
                == .ddr4_2400_jedec_4Gb_x8)
        #expect(
            DRAMDevice.named("ddr4-2400") == .ddr4_2400_jedec_4Gb_x8
                && DRAMDevice.named("ddr5") == nil)
    }

    @Test func ddr4BankGroupsAndTurnaroundsAreRead() throws {
        let ddr4 = try Self.device(
            "JEDEC_4Gb_DDR4-2400_8bit_A.json", "am_ddr4_8x4Gbx8_dimm_p1KB_rbgc.json")
        #expect(ddr4.standard == .ddr4 && ddr4.banks == 16 && ddr4.bankGroups == 4)
        #expect(
            ddr4.timing.CCD == 4 && ddr4.timing.CCD_L == 6 && ddr4.timing.RRD == 4
                && ddr4.timing.RRD_L == 6)
        #expect(ddr4.timing.WTR == 3 && ddr4.timing.WTR_L == 9)
        // By hand from DRAMSys's CheckerDDR4: tRDWR = RL + BL/2 + tCK − WL + tWPRE = 16 + 4 + 1 −
        // 16 + 1.
        #expect(ddr4.readToWriteCycles == 6)
        #expect(DRAMDevice.ddr3_1600_micron_1Gb_x8.readToWriteCycles == 10 + 4 + 2 - 8)
        #expect(
            ddr4.vppVolts == 2.5 && ddr4.vppCurrents.idd0 == 4.05 && ddr4.vppCurrents.idd3n == 0)
        // rbgc: bank group just above the column, then bank; banks numbered group × 4 + bank.
        #expect(
            ddr4.mapping.bank(of: 0) == 0 && ddr4.mapping.bank(of: 1 << 13) == 4
                && ddr4.mapping.bank(of: 1 << 15) == 1)
        #expect(ddr4.bankGroup(ofBank: 4) == 1 && ddr4.bankGroup(ofBank: 3) == 0)
    }

    /// DRAMSys (ArchGym's binary), stream.stl, Open/FrFcfs/Shared 8/Simple, no refresh: 52,474.0 ns
    /// with every access in one bank group (DRAMSys's brc mapping: bank bits at the top), 49,217.8
    /// ns with bank groups interleaved (tCCD_S instead of tCCD_L between neighbours).
    @Test func bankGroupsMatterAsInDRAMSys() throws {
        let configuration = try MemoryControllerConfiguration.with([
            ("PagePolicy", "Open"), ("Scheduler", "FrFcfs"), ("SchedulerBuffer", "Shared"),
            ("RequestBufferSize", "8"), ("RespQueue", "Fifo"),
            ("RefreshPolicy", "NoRefresh"), ("Arbiter", "Simple"), ("MaxActiveTransactions", "128"),
        ])
        func microseconds(_ device: DRAMDevice) throws -> Double {
            let trace = try DRAMTrace.readSTL(
                path: packageRoot.appendingPathComponent(
                    "problems/memory-controller/traces/stream.stl"
                ).path,
                playerClockMHz: 800, memoryClockMHz: device.clockMHz)
            return DRAMControllerModel(trace: trace, device: device).evaluate(configuration)
                .totalMicroseconds
        }
        let oneGroup = try microseconds(.ddr4_2400_jedec_4Gb_x8)
        let interleaved = try microseconds(
            try Self.device(
                "JEDEC_4Gb_DDR4-2400_8bit_A.json", "am_ddr4_8x4Gbx8_dimm_p1KB_rbgc.json"))
        #expect(abs(oneGroup / 52.474002 - 1) < 0.01, "\(oneGroup) µs")
        #expect(abs(interleaved / 49.217805 - 1) < 0.01, "\(interleaved) µs")
        #expect(oneGroup > interleaved)
    }

    @Test(arguments: [
        ("JEDEC_8Gb_LPDDR4-3200_16bit.json", "LPDDR4 refreshes per bank")
    ])
    func otherStandardsAreRefusedSayingWhy(memspec: String, message: String) throws {
        let data = try Data(contentsOf: Self.devices.appendingPathComponent(memspec))
        let text = Self.error(
            String(decoding: data, as: UTF8.self),
            #"{"CONGEN": {"BANK_BIT": [13, 14, 15], "ROW_BIT": [16]}}"#)
        #expect(text.contains(message) && text.contains("DSEKit models DDR3 and DDR4"), "\(text)")
    }

    static let ddr3 =
        (try? String(
            contentsOf: devices.appendingPathComponent("MICRON_1Gb_DDR3-1600_8bit_G.json"),
            encoding: .utf8)) ?? ""
    static let ddr3Mapping = #"{"CONGEN": {"BANK_BIT": [13, 14, 15], "ROW_BIT": [16, 17]}}"#

    @Test(arguments: [
        (
            "\"nbrOfRanks\": 1", "\"nbrOfRanks\": 2", ddr3Mapping,
            "memspec.memarchitecturespec.nbrOfRanks: 2; several ranks"
        ),
        ("\"AL\": 0", "\"AL\": 1", ddr3Mapping, "memspec.memtimingspec.AL: additive latency"),
        ("\"RFC\": 88", "\"RFC\": -3", ddr3Mapping, "memspec.memtimingspec.RFC: not a number"),
        ("\"RFC\": 88,", "", ddr3Mapping, "memspec.memtimingspec.RFC: missing"),
        (
            "\"memoryType\": \"DDR3\"", "\"memoryType\": \"DDR9\"", ddr3Mapping,
            "DDR9 has timings the model does not replay"
        ),
        ("\"burstLength\": 8", "\"burstLength\": 7", ddr3Mapping, "burstLength: must be even"),
        (
            "", "", #"{"CONGEN": {"BANK_BIT": [13, 14], "ROW_BIT": [16]}}"#,
            "do not address the memspec's 1 bank groups of 8 banks"
        ),
        (
            "", "", #"{"CONGEN": {"BANK_BIT": [13, 14, 15], "ROW_BIT": [16], "XOR": []}}"#,
            "CONGEN.XOR: not modelled"
        ),
        (
            "", "", #"{"CONGEN": {"BANK_BIT": [13, 14, 15], "ROW_BIT": [16], "RANK_BIT": [30]}}"#,
            "CONGEN.RANK_BIT: several ranks"
        ),
        (
            "", "", #"{"CONGEN": {"BANK_BIT": [13, 14, 99], "ROW_BIT": [16]}}"#,
            "CONGEN.BANK_BIT: not a list of bit numbers"
        ),
        ("", "", #"{"CONGEN": {"BANK_BIT": [13, 14, 15]}}"#, "CONGEN.ROW_BIT: missing"),
        ("", "", "[1, 2]", "a.json: expected a JSON object"),
        ("{", "", ddr3Mapping, "m.json: not valid JSON"),
    ])
    func badFilesNameTheFieldAndLoseNothing(
        find: String, replace: String, mapping: String, message: String
    ) throws {
        #expect(!Self.ddr3.isEmpty)
        let memspec =
            find.isEmpty
            ? Self.ddr3
            : find == "{" ? "{" : Self.ddr3.replacingOccurrences(of: find, with: replace)
        #expect(find.isEmpty || find == "{" || memspec != Self.ddr3, "the edit must apply")
        let text = Self.error(memspec, mapping)
        #expect(text.contains(message), "\(text)")
    }
}
