import Foundation

/// Reading DRAMSys's own device files: a memspec (`{"memspec": {"memarchitecturespec": …,
/// "memtimingspec": …, "mempowerspec": …}}`) and an address mapping (`{"CONGEN": {"BANK_BIT":
/// …}}`), as DRAMSys and ArchGym ship them (`library/resources/configs/memspecs`, `…/amconfigs`).
///
/// DDR3 and DDR4 are modelled (DDR4 with its bank groups and its VPP supply). Other standards
/// are refused with what they would need: LPDDR4 and HBM2, for instance, refresh per bank and
/// split channels into pseudo-channels, which the replay does not do (and that DRAMSys computes
/// no power for either). Several ranks or channels, additive latency and XOR address bits are
/// refused too.
extension DRAMDevice {
    /// Reads a DRAMSys memspec and address mapping. `file` and `mappingFile` name them in errors.
    public init(
        dramsysMemspec data: Data, file: String, addressMapping mappingData: Data,
        mappingFile: String
    ) throws(DRAMInputError) {
        let root = try Self.jsonObject(data, file: file)
        guard let spec = root["memspec"] as? [String: Any] else {
            throw DRAMInputError(
                file: file, line: nil,
                message:
                    "memspec: missing or not an object (a DRAMSys memspec has {\"memspec\": {…}})")
        }
        func section(_ key: String) throws(DRAMInputError) -> [String: Any] {
            guard let value = spec[key] as? [String: Any] else {
                throw DRAMInputError(
                    file: file, line: nil, message: "memspec.\(key): missing or not an object")
            }
            return value
        }
        let typeName = spec["memoryType"] as? String ?? ""
        guard let standard = Standard(rawValue: typeName) else {
            let known = Standard.allCases.map(\.rawValue).joined(separator: " and ")
            let reason: String
            switch typeName {
            case "LPDDR4", "HBM2", "WIDEIO2", "GDDR6":
                reason =
                    """
                    \(typeName) refreshes per bank and has a channel/pseudo-channel \
                    organisation the model does not replay
                    """
            case "":
                reason = "memspec.memoryType is missing"
            default:
                reason = "\(typeName) has timings the model does not replay"
            }
            throw DRAMInputError(
                file: file, line: nil,
                message: "memspec.memoryType: \(reason); DSEKit models \(known)")
        }
        let architecture = try section("memarchitecturespec")
        let timing = try section("memtimingspec")
        let power = try section("mempowerspec")

        func number(
            _ dictionary: [String: Any], _ path: String, _ key: String,
            default fallback: Double? = nil
        ) throws(DRAMInputError) -> Double {
            guard let raw = dictionary[key] else {
                if let fallback { return fallback }
                throw DRAMInputError(
                    file: file, line: nil, message: "memspec.\(path).\(key): missing")
            }
            guard let value = raw as? NSNumber, value.doubleValue.isFinite, value.doubleValue >= 0,
                value.doubleValue <= 1e9
            else {
                throw DRAMInputError(
                    file: file, line: nil,
                    message: "memspec.\(path).\(key): not a number from 0 to 1e9")
            }
            return value.doubleValue
        }
        func whole(
            _ dictionary: [String: Any], _ path: String, _ key: String, _ range: ClosedRange<Int>,
            default fallback: Int? = nil
        ) throws(DRAMInputError) -> Int {
            let value = try number(dictionary, path, key, default: fallback.map(Double.init))
            guard let whole = Int(exactly: value), range.contains(whole) else {
                throw DRAMInputError(
                    file: file, line: nil,
                    message:
                        """
                        memspec.\(path).\(key): must be a whole number from \
                        \(range.lowerBound) to \(range.upperBound), got \(value)
                        """
                )
            }
            return whole
        }
        let arch = "memarchitecturespec"
        let tim = "memtimingspec"
        let pow = "mempowerspec"
        for (key, what) in [("nbrOfRanks", "several ranks"), ("nbrOfChannels", "several channels")]
        {
            let count = try whole(architecture, arch, key, 1...1024, default: 1)
            guard count == 1 else {
                throw DRAMInputError(
                    file: file, line: nil,
                    message:
                        """
                        memspec.\(arch).\(key): \(count); \(what) are not modelled (one \
                        channel with one rank)
                        """
                )
            }
        }
        guard try whole(architecture, arch, "dataRate", 1...16, default: 2) == 2 else {
            throw DRAMInputError(
                file: file, line: nil,
                message: "memspec.\(arch).dataRate: only double data rate (2) is modelled")
        }
        let banks = try whole(architecture, arch, "nbrOfBanks", 1...1024)
        let groups =
            standard == .ddr4 ? try whole(architecture, arch, "nbrOfBankGroups", 1...1024) : 1
        guard banks % groups == 0 else {
            throw DRAMInputError(
                file: file, line: nil,
                message:
                    """
                    memspec.\(arch): nbrOfBanks (\(banks)) is not a multiple of \
                    nbrOfBankGroups (\(groups))
                    """
            )
        }
        let burstLength = try whole(architecture, arch, "burstLength", 2...256)
        guard burstLength % 2 == 0 else {
            throw DRAMInputError(
                file: file, line: nil,
                message:
                    """
                    memspec.\(arch).burstLength: must be even (two beats a clock), got \
                    \(burstLength)
                    """
            )
        }
        func cycles(_ key: String, default fallback: Int? = nil) throws(DRAMInputError) -> Int {
            try whole(timing, tim, key, 0...10_000_000, default: fallback)
        }
        guard try cycles("AL", default: 0) == 0 else {
            throw DRAMInputError(
                file: file, line: nil,
                message: "memspec.\(tim).AL: additive latency other than 0 is not modelled")
        }
        let clock = try number(timing, tim, "clkMhz")
        guard clock > 0, clock <= 100_000 else {
            throw DRAMInputError(
                file: file, line: nil,
                message: "memspec.\(tim).clkMhz: must be from 0 to 100000 MHz, got \(clock)")
        }
        let short: (String) -> String = { standard == .ddr4 ? $0 + "_S" : $0 }
        let long: (String) -> String = { standard == .ddr4 ? $0 + "_L" : $0 }
        let t = Timing(
            RL: try cycles("RL"), WL: try cycles("WL"), RCD: try cycles("RCD"),
            RP: try cycles("RP"), RAS: try cycles("RAS"),
            RC: try cycles("RC"), RRD: try cycles(short("RRD")), FAW: try cycles("FAW"),
            CCD: try cycles(short("CCD")),
            RTP: try cycles("RTP"), WR: try cycles("WR"), WTR: try cycles(short("WTR")),
            RFC: try cycles("RFC"), REFI: try cycles("REFI"),
            RRD_L: try cycles(long("RRD")), CCD_L: try cycles(long("CCD")),
            WTR_L: try cycles(long("WTR")),
            WPRE: standard == .ddr4 ? try cycles("WPRE", default: 1) : 0)
        guard t.REFI > 0 else {
            throw DRAMInputError(file: file, line: nil, message: "memspec.\(tim).REFI: must be > 0")
        }
        func currents(suffix: String) throws(DRAMInputError) -> Currents {
            let optional = !suffix.isEmpty
            func current(_ name: String) throws(DRAMInputError) -> Double {
                try number(power, pow, name + suffix, default: optional ? 0 : nil)
            }
            return Currents(
                idd0: try current("idd0"), idd2n: try current("idd2n"), idd3n: try current("idd3n"),
                idd4r: try current("idd4r"), idd4w: try current("idd4w"), idd5: try current("idd5"))
        }
        let vdd = try number(power, pow, "vdd")
        guard vdd > 0, vdd <= 100 else {
            throw DRAMInputError(
                file: file, line: nil, message: "memspec.\(pow).vdd: must be from 0 to 100 V")
        }
        let vpp = standard == .ddr4 ? try number(power, pow, "vdd2", default: 0) : 0
        guard vpp <= 100 else {
            throw DRAMInputError(
                file: file, line: nil, message: "memspec.\(pow).vdd2: must be from 0 to 100 V")
        }

        let mapping = try Self.dramsysAddressMapping(
            mappingData, file: mappingFile, banksPerGroup: banks / groups, bankGroups: groups)
        self.init(
            name: spec["memoryId"] as? String ?? file, standard: standard, clockMHz: clock,
            banks: banks, bankGroups: groups,
            devicesPerRank: try whole(architecture, arch, "nbrOfDevicesOnDIMM", 1...64, default: 1),
            deviceWidthBits: try whole(architecture, arch, "width", 1...256),
            burstLength: burstLength, timing: t,
            currents: try currents(suffix: ""), vddVolts: vdd,
            vppCurrents: vpp > 0 ? try currents(suffix: "2") : .zero, vppVolts: vpp,
            mapping: mapping)
    }

    /// DRAMSys's `CONGEN` bit lists for the bank group, bank and row; the bank-group and bank bit
    /// counts must match the memspec.
    static func dramsysAddressMapping(
        _ data: Data, file: String, banksPerGroup: Int, bankGroups: Int
    ) throws(DRAMInputError) -> AddressMapping {
        let root = try jsonObject(data, file: file)
        guard let congen = root["CONGEN"] as? [String: Any] else {
            throw DRAMInputError(
                file: file, line: nil,
                message:
                    """
                    CONGEN: missing or not an object (a DRAMSys address mapping has \
                    {\"CONGEN\": {…}})
                    """
            )
        }
        let known: Set<String> = [
            "BANKGROUP_BIT", "BANK_BIT", "ROW_BIT", "COLUMN_BIT", "BYTE_BIT", "RANK_BIT",
            "CHANNEL_BIT",
        ]
        if let other = congen.keys.sorted().first(where: { !known.contains($0) }) {
            throw DRAMInputError(
                file: file, line: nil,
                message:
                    """
                    CONGEN.\(other): not modelled (known: \
                    \(known.sorted().joined(separator: ", ")))
                    """
            )
        }
        func bits(_ key: String, required: Bool) throws(DRAMInputError) -> [Int] {
            guard let raw = congen[key] else {
                if required {
                    throw DRAMInputError(file: file, line: nil, message: "CONGEN.\(key): missing")
                }
                return []
            }
            guard let list = raw as? [NSNumber], list.count <= 64,
                list.allSatisfy({
                    (Int(exactly: $0.doubleValue).map { (0..<64).contains($0) } ?? false)
                })
            else {
                throw DRAMInputError(
                    file: file, line: nil,
                    message: "CONGEN.\(key): not a list of bit numbers from 0 to 63")
            }
            return list.map(\.intValue)
        }
        for key in ["RANK_BIT", "CHANNEL_BIT"] where !(try bits(key, required: false)).isEmpty {
            throw DRAMInputError(
                file: file, line: nil,
                message: "CONGEN.\(key): several ranks or channels are not modelled")
        }
        let bankBits = try bits("BANK_BIT", required: true)
        let groupBits = try bits("BANKGROUP_BIT", required: false)
        guard 1 << bankBits.count == banksPerGroup, 1 << groupBits.count == bankGroups else {
            throw DRAMInputError(
                file: file, line: nil,
                message:
                    """
                    CONGEN: \(groupBits.count) BANKGROUP_BIT and \(bankBits.count) BANK_BIT do \
                    not address the memspec's \(bankGroups) bank groups of \(banksPerGroup) \
                    banks
                    """
            )
        }
        return AddressMapping(
            bankGroupBits: groupBits, bankBits: bankBits,
            rowBits: try bits("ROW_BIT", required: true))
    }

    static func jsonObject(_ data: Data, file: String) throws(DRAMInputError) -> [String: Any] {
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw DRAMInputError(file: file, line: nil, message: "expected a JSON object")
            }
            return parsed
        } catch let error as DRAMInputError {
            throw error
        } catch {
            throw DRAMInputError(
                file: file, line: nil, message: "not valid JSON: \(error.localizedDescription)")
        }
    }

    /// Whether `data` looks like a DRAMSys memspec (rather than DSEKit's own memspec format).
    public static func isDRAMSysMemspec(_ data: Data) -> Bool {
        (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["memspec"] != nil
    }
}
