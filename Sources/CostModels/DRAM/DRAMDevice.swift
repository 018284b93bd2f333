import Foundation

/// A DRAM rank as a memory controller sees it: organisation, JEDEC timings in memory-clock
/// cycles, IDD currents per device, supply voltage and the address mapping.
///
/// ``ddr3_1600_micron_1Gb_x8`` is the device ArchGym's DRAMSys runs use (Micron MT41J128M8,
/// DDR3-1600, 8 devices ×8 on a 64-bit DIMM, 8 banks); ``init(memspecJSON:file:)`` reads the same
/// fields from a file in the format of `../shared/data/dram/ddr3_micron_1gb_1600_x8.json`.
public struct DRAMDevice: Sendable, Hashable {
    /// JEDEC timing parameters, in memory-clock cycles (tCK).
    public struct Timing: Sendable, Hashable {
        /// Read latency (CAS latency + additive latency): RD → first data beat.
        public var RL: Int
        /// Write latency: WR → first data beat.
        public var WL: Int
        /// ACT → RD/WR.
        public var RCD: Int
        /// PRE → ACT.
        public var RP: Int
        /// ACT → PRE, minimum.
        public var RAS: Int
        /// ACT → ACT, same bank.
        public var RC: Int
        /// ACT → ACT, different banks.
        public var RRD: Int
        /// Window in which at most four ACTs may be issued.
        public var FAW: Int
        /// Column command → column command.
        public var CCD: Int
        /// RD → PRE.
        public var RTP: Int
        /// Write recovery: end of write data → PRE.
        public var WR: Int
        /// End of write data → RD.
        public var WTR: Int
        /// Refresh cycle time (all banks).
        public var RFC: Int
        /// Average refresh interval.
        public var REFI: Int
        /// ACT → ACT in the same bank group (DDR4's tRRD_L; ``RRD`` is then tRRD_S).
        public var RRD_L: Int
        /// Column → column in the same bank group (DDR4's tCCD_L; ``CCD`` is then tCCD_S).
        public var CCD_L: Int
        /// End of write data → RD in the same bank group (DDR4's tWTR_L; ``WTR`` is then tWTR_S).
        public var WTR_L: Int
        /// Write preamble (DDR4; it lengthens the read → write turnaround).
        public var WPRE: Int

        /// Without bank groups the same-group timings are the plain ones (`RRD_L = RRD`, …).
        public init(
            RL: Int, WL: Int, RCD: Int, RP: Int, RAS: Int, RC: Int, RRD: Int, FAW: Int, CCD: Int,
            RTP: Int, WR: Int, WTR: Int, RFC: Int, REFI: Int,
            RRD_L: Int? = nil, CCD_L: Int? = nil, WTR_L: Int? = nil, WPRE: Int = 0
        ) {
            self.RL = RL
            self.WL = WL
            self.RCD = RCD
            self.RP = RP
            self.RAS = RAS
            self.RC = RC
            self.RRD = RRD
            self.FAW = FAW
            self.CCD = CCD
            self.RTP = RTP
            self.WR = WR
            self.WTR = WTR
            self.RFC = RFC
            self.REFI = REFI
            self.RRD_L = RRD_L ?? RRD
            self.CCD_L = CCD_L ?? CCD
            self.WTR_L = WTR_L ?? WTR
            self.WPRE = WPRE
        }
    }

    /// The JEDEC standards the model times (DRAMSys's `memoryType`).
    public enum Standard: String, Sendable, Hashable, CaseIterable {
        case ddr3 = "DDR3"
        case ddr4 = "DDR4"
    }

    /// IDD currents of one device, in mA (Micron's names).
    public struct Currents: Sendable, Hashable {
        /// One bank ACT–PRE cycling at tRC.
        public var idd0: Double
        /// Precharged standby.
        public var idd2n: Double
        /// Active standby.
        public var idd3n: Double
        /// Read burst.
        public var idd4r: Double
        /// Write burst.
        public var idd4w: Double
        /// Refresh (burst, over tRFC).
        public var idd5: Double

        /// Currents with these values, mA (DRAMPower's IDD names).
        public init(
            idd0: Double, idd2n: Double, idd3n: Double, idd4r: Double, idd4w: Double, idd5: Double
        ) {
            self.idd0 = idd0
            self.idd2n = idd2n
            self.idd3n = idd3n
            self.idd4r = idd4r
            self.idd4w = idd4w
            self.idd5 = idd5
        }

        /// No current (a supply domain a standard does not have).
        public static let zero = Currents(idd0: 0, idd2n: 0, idd3n: 0, idd4r: 0, idd4w: 0, idd5: 0)
    }

    /// Which bits of a byte address select the bank group, the bank and the row (the column is
    /// what remains). Banks are numbered across groups, as DRAMSys numbers them:
    /// `group × banks per group + bank in group`.
    public struct AddressMapping: Sendable, Hashable {
        /// Address bits that select the bank group (DDR4), least significant first.
        public var bankGroupBits: [Int]
        /// Address bits that select the bank, least significant first.
        public var bankBits: [Int]
        /// Address bits that select the row, least significant first.
        public var rowBits: [Int]

        /// A mapping from these bits.
        public init(bankGroupBits: [Int] = [], bankBits: [Int], rowBits: [Int]) {
            self.bankGroupBits = bankGroupBits
            self.bankBits = bankBits
            self.rowBits = rowBits
        }

        /// The bank (bank groups included) an address falls in.
        public func bank(of address: UInt64) -> Int {
            (Self.gather(address, bankGroupBits) << bankBits.count) | Self.gather(address, bankBits)
        }
        /// The row an address falls in.
        public func row(of address: UInt64) -> Int { Self.gather(address, rowBits) }

        static func gather(_ address: UInt64, _ bits: [Int]) -> Int {
            var value = 0
            for (k, bit) in bits.enumerated() where bit < 64 {
                value |= Int((address >> UInt64(bit)) & 1) << k
            }
            return value
        }
    }

    /// The device's name, as its memspec gives it.
    public var name: String
    /// DDR3 or DDR4.
    public var standard: Standard
    /// Memory clock in MHz (DDR: two data beats per clock).
    public var clockMHz: Double
    /// Banks per rank, across all bank groups.
    public var banks: Int
    /// Bank groups per rank (1: no bank groups, as in DDR3).
    public var bankGroups: Int
    /// Devices (chips) per rank.
    public var devicesPerRank: Int
    /// Data width of one device, bits.
    public var deviceWidthBits: Int
    /// Beats per burst (BL8 → 8).
    public var burstLength: Int
    /// The timing constraints, in memory cycles.
    public var timing: Timing
    /// IDD currents on the core supply (VDD).
    public var currents: Currents
    /// Core supply voltage, V.
    public var vddVolts: Double
    /// Currents on the wordline supply (DDR4's VPP: idd02, …; zero for DDR3).
    public var vppCurrents: Currents
    /// Wordline supply voltage, V (DDR4's VPP; 0 for DDR3).
    public var vppVolts: Double
    /// How addresses map to banks and rows.
    public var mapping: AddressMapping

    /// A device with these parameters.
    public init(
        name: String, standard: Standard = .ddr3, clockMHz: Double, banks: Int, bankGroups: Int = 1,
        devicesPerRank: Int,
        deviceWidthBits: Int, burstLength: Int, timing: Timing, currents: Currents,
        vddVolts: Double,
        vppCurrents: Currents = .zero, vppVolts: Double = 0, mapping: AddressMapping
    ) {
        self.name = name
        self.standard = standard
        self.clockMHz = clockMHz
        self.banks = banks
        self.bankGroups = bankGroups
        self.devicesPerRank = devicesPerRank
        self.deviceWidthBits = deviceWidthBits
        self.burstLength = burstLength
        self.timing = timing
        self.currents = currents
        self.vddVolts = vddVolts
        self.vppCurrents = vppCurrents
        self.vppVolts = vppVolts
        self.mapping = mapping
    }

    /// The bank group of bank `bank` (banks numbered across groups).
    public func bankGroup(ofBank bank: Int) -> Int { bank / max(banks / max(bankGroups, 1), 1) }

    /// RD → WR on the command bus, in cycles: the read's data must be off the bus before the
    /// write's arrives, with a cycle's gap (DDR3: `RL + BL/2 + 2 − WL`; DDR4: `RL + BL/2 + 1 − WL +
    /// tWPRE`, as DRAMSys's checkers time them).
    public var readToWriteCycles: Int {
        switch standard {
        case .ddr3: return timing.RL + burstCycles + 2 - timing.WL
        case .ddr4: return timing.RL + burstCycles + 1 - timing.WL + timing.WPRE
        }
    }

    /// One memory-clock cycle in ns (1.25 ns at 800 MHz).
    public var cycleNanoseconds: Double { 1000 / clockMHz }
    /// Clock cycles one burst occupies the data bus (BL8 at double data rate → 4).
    public var burstCycles: Int { burstLength / 2 }
    /// Bytes one burst moves across the rank (64 on a 64-bit DIMM with BL8).
    public var bytesPerBurst: Int { burstLength * devicesPerRank * deviceWidthBits / 8 }

    /// Micron MT41J128M8 (1 Gb ×8) DDR3-1600, 8 devices per rank, with DRAMSys's
    /// `am_ddr3_8x1Gbx8_dimm_p1KB_rbc` mapping (row | bank | column | byte). Values from
    /// DRAMSys's `MICRON_1Gb_DDR3-1600_8bit_G.json` as vendored in ArchGym.
    public static let ddr3_1600_micron_1Gb_x8 = DRAMDevice(
        name: "MICRON_1Gb_DDR3-1600_8bit_G", clockMHz: 800, banks: 8, devicesPerRank: 8,
        deviceWidthBits: 8, burstLength: 8,
        timing: Timing(
            RL: 10, WL: 8, RCD: 10, RP: 10, RAS: 28, RC: 38, RRD: 5, FAW: 24, CCD: 4, RTP: 6,
            WR: 12, WTR: 6,
            RFC: 88, REFI: 6240),
        currents: Currents(idd0: 70, idd2n: 45, idd3n: 45, idd4r: 140, idd4w: 145, idd5: 170),
        vddVolts: 1.5,
        mapping: AddressMapping(bankBits: [13, 14, 15], rowBits: Array(16...29)))

    /// DRAMSys's JEDEC DDR4-2400 part (`JEDEC_4Gb_DDR4-2400_8bit_A.json`: 4 Gb ×8, 8 devices per
    /// rank, 4 bank groups of 4 banks) with DRAMSys's `am_ddr4_8x4Gbx8_dimm_p1KB_brc` mapping
    /// (bank group and bank in the top address bits, as DRAMSys's `ddr4-example` uses it), both as
    /// vendored in ArchGym.
    public static let ddr4_2400_jedec_4Gb_x8 = DRAMDevice(
        name: "MICRON_4Gb_DDR4-2400_8bit_A", standard: .ddr4, clockMHz: 1200, banks: 16,
        bankGroups: 4, devicesPerRank: 8,
        deviceWidthBits: 8, burstLength: 8,
        timing: Timing(
            RL: 16, WL: 16, RCD: 16, RP: 16, RAS: 39, RC: 55, RRD: 4, FAW: 26, CCD: 4, RTP: 12,
            WR: 18, WTR: 3,
            RFC: 312, REFI: 9360, RRD_L: 6, CCD_L: 6, WTR_L: 9, WPRE: 1),
        currents: Currents(
            idd0: 60.75, idd2n: 38.25, idd3n: 44, idd4r: 184.5, idd4w: 168.75, idd5: 118),
        vddVolts: 1.2,
        vppCurrents: Currents(idd0: 4.05, idd2n: 0, idd3n: 0, idd4r: 0, idd4w: 0, idd5: 0),
        vppVolts: 2.5,
        mapping: AddressMapping(
            bankGroupBits: [28, 29], bankBits: [30, 31], rowBits: Array(13...27)))

    /// The bundled devices by the names problem files and `dse cost dram --device` use.
    public static let bundled: [(name: String, device: DRAMDevice)] = [
        ("ddr3-1600", .ddr3_1600_micron_1Gb_x8), ("ddr4-2400", .ddr4_2400_jedec_4Gb_x8),
    ]

    /// A bundled device by name (`ddr3-1600`, `ddr4-2400`).
    public static func named(_ name: String) -> DRAMDevice? {
        bundled.first { $0.name == name }?.device
    }

    /// Reads a device description in DSEKit's memspec JSON format (`memory_id`, `organization`,
    /// `clock_mhz`, `timing_cycles`, `currents_ma`, `vdd_v`, `address_mapping`).
    public init(memspecJSON data: Data, file: String) throws(DRAMInputError) {
        let object = try Self.jsonObject(data, file: file)
        func section(_ key: String) throws(DRAMInputError) -> [String: Any] {
            guard let value = object[key] as? [String: Any] else {
                throw DRAMInputError(
                    file: file, line: nil, message: "\(key): missing or not an object")
            }
            return value
        }
        func number(_ dictionary: [String: Any], _ key: String, _ where_: String)
            throws(DRAMInputError) -> Double
        {
            guard let value = dictionary[key] as? NSNumber, value.doubleValue.isFinite,
                value.doubleValue >= 0, value.doubleValue <= 1e9
            else {
                throw DRAMInputError(
                    file: file, line: nil,
                    message: "\(where_).\(key): missing or not a number from 0 to 1e9")
            }
            return value.doubleValue
        }
        let organization = try section("organization")
        let timing = try section("timing_cycles")
        let currents = try section("currents_ma")
        let mapping = try section("address_mapping")
        /// A whole number from `range` (the memspec's sensible range for the field).
        func whole(
            _ dictionary: [String: Any], _ key: String, _ where_: String, _ range: ClosedRange<Int>
        ) throws(DRAMInputError) -> Int {
            let value = try number(dictionary, key, where_)
            guard let whole = Int(exactly: value), range.contains(whole) else {
                throw DRAMInputError(
                    file: file, line: nil,
                    message:
                        """
                        \(where_).\(key): must be a whole number from \(range.lowerBound) to \
                        \(range.upperBound), got \(value)
                        """
                )
            }
            return whole
        }
        func cycles(_ key: String) throws(DRAMInputError) -> Int {
            try whole(timing, key, "timing_cycles", 0...10_000_000)
        }
        func bits(_ key: String) throws(DRAMInputError) -> [Int] {
            guard let list = mapping[key] as? [NSNumber], !list.isEmpty, list.count <= 32,
                list.allSatisfy({
                    Int(exactly: $0.doubleValue).map { (0..<64).contains($0) } ?? false
                })
            else {
                throw DRAMInputError(
                    file: file, line: nil,
                    message:
                        """
                        address_mapping.\(key): missing or not a list of at most 32 bit \
                        numbers from 0 to 63
                        """
                )
            }
            return list.map(\.intValue)
        }
        guard let vdd = object["vdd_v"] as? NSNumber, vdd.doubleValue > 0, vdd.doubleValue <= 100,
            let clock = object["clock_mhz"] as? NSNumber, clock.doubleValue > 0,
            clock.doubleValue <= 100_000
        else {
            throw DRAMInputError(
                file: file, line: nil,
                message: "vdd_v (0–100 V) and clock_mhz (0–100000 MHz) must be positive numbers")
        }
        self.init(
            name: object["memory_id"] as? String ?? file,
            clockMHz: clock.doubleValue,
            banks: try whole(organization, "banks", "organization", 1...1024),
            devicesPerRank: try whole(organization, "devices_per_rank", "organization", 1...64),
            deviceWidthBits: try whole(organization, "device_width_bits", "organization", 1...256),
            burstLength: try whole(organization, "burst_length", "organization", 1...256),
            timing: Timing(
                RL: try cycles("RL"), WL: try cycles("WL"), RCD: try cycles("RCD"),
                RP: try cycles("RP"),
                RAS: try cycles("RAS"), RC: try cycles("RC"), RRD: try cycles("RRD"),
                FAW: try cycles("FAW"),
                CCD: try cycles("CCD"), RTP: try cycles("RTP"), WR: try cycles("WR"),
                WTR: try cycles("WTR"),
                RFC: try cycles("RFC"), REFI: try cycles("REFI")),
            currents: Currents(
                idd0: try number(currents, "idd0", "currents_ma"),
                idd2n: try number(currents, "idd2n", "currents_ma"),
                idd3n: try number(currents, "idd3n", "currents_ma"),
                idd4r: try number(currents, "idd4r", "currents_ma"),
                idd4w: try number(currents, "idd4w", "currents_ma"),
                idd5: try number(currents, "idd5", "currents_ma")),
            vddVolts: vdd.doubleValue,
            mapping: AddressMapping(bankBits: try bits("bank_bits"), rowBits: try bits("row_bits")))
        guard self.banks >= 1, self.burstLength >= 2, self.timing.REFI > 0 else {
            throw DRAMInputError(
                file: file, line: nil,
                message:
                    "organization.banks must be ≥ 1, burst_length ≥ 2 and timing_cycles.REFI > 0")
        }
    }
}

/// A trace or device file that cannot be used: the file, the line when known, what is wrong.
public struct DRAMInputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file at fault.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// What is wrong.
    public var message: String

    /// An error about `file` (at `line`).
    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`.
    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
}
