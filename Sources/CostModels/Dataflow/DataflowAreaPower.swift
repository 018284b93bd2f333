/// Area and power of a sub-accelerator from MAESTRO's cost tables (maestro-project/maestro at
/// 4eb08d1, `DSE_cost-database.hpp`, `DSE_scaling-coefficients.hpp` and the `Accelerator` class in
/// `DSE_hardware_modules.hpp`): per PE a MAC unit per SIMD lane and an L1 SRAM, an L2 SRAM, a bus
/// whose size grows linearly with the PE count and with its bandwidth, and a matrix arbiter
/// quadratic in the PE count (28 nm scaling coefficients). SRAM is charged per byte of the size the
/// mapping needs (MAESTRO's unit size is 1, and its sizes are elements: the same at one byte per
/// element). MAESTRO prints no units; its design-space options take area in µm² and power in mW.
public enum DataflowAreaPower {
    /// Area of one MAC unit, µm² (MAESTRO's cost table, 28 nm).
    public static let macAreaSquareMicrometres = 283.0
    /// Power of one MAC unit, mW.
    public static let macPowerMilliwatts = 1.2223
    /// SRAM area per element, µm².
    public static let sramAreaPerElement = 0.104
    /// SRAM power per element, mW.
    public static let sramPowerPerElement = 0.00345
    /// Area of one bus unit, µm².
    public static let busUnitAreaSquareMicrometres = 101.7938
    /// Power of one bus unit, mW.
    public static let busUnitPowerMilliwatts = 0.8
    /// Area of one arbiter unit, µm².
    public static let arbiterUnitAreaSquareMicrometres = 395.473
    /// Power of one arbiter unit, mW.
    public static let arbiterUnitPowerMilliwatts = 0.34
    /// Bus: (14.662 · connections + 28.895); arbiter: 1.2886 · n² + 5.5814 · n − 23.711.
    static let busC1 = 14.662, busC0 = 28.895
    static let arbiterC2 = 1.2886, arbiterC1 = 5.5814, arbiterC0 = -23.711

    /// MAESTRO's area and power, split as it reports them.
    public struct Estimate: Sendable, Equatable {
        /// Total area, µm².
        public var areaSquareMicrometres: Double
        /// Power of the PEs' MAC units, mW.
        public var pePowerMilliwatts: Double
        /// Power of the L1 SRAMs, mW.
        public var l1PowerMilliwatts: Double
        /// Power of the L2 SRAM, mW.
        public var l2PowerMilliwatts: Double
        /// Power of the NoC (bus and arbiter), mW.
        public var nocPowerMilliwatts: Double
        /// Total power, mW.
        public var powerMilliwatts: Double {
            pePowerMilliwatts + l1PowerMilliwatts + l2PowerMilliwatts + nocPowerMilliwatts
        }
    }

    static func busScale(_ pes: Int) -> Double { busC1 * Double(pes) + busC0 }
    static func arbiterScale(_ pes: Int) -> Double {
        let p = Double(pes)
        return arbiterC2 * p * p + arbiterC1 * p + arbiterC0
    }
    /// SRAM cells of `bytes` (MAESTRO's `⌈size / unit⌉` with a unit of 1, at least one).
    static func cells(_ bytes: Int) -> Double { Double(max(bytes, 1)) }

    /// µm² of the parts that do not depend on buffer sizes: the MACs, the bus and the arbiter.
    public static func fixedArea(pes: Int, nocBandwidth: Int, simdLanes: Int = 1) -> Double {
        Double(pes) * macAreaSquareMicrometres * Double(simdLanes) + busUnitAreaSquareMicrometres
            * busScale(pes) * Double(nocBandwidth)
            + max(
                arbiterUnitAreaSquareMicrometres,
                arbiterUnitAreaSquareMicrometres * arbiterScale(pes))
    }

    /// µm² of `pes` L1 buffers of `l1Bytes` each.
    public static func l1Area(pes: Int, l1Bytes: Int) -> Double {
        Double(pes) * sramAreaPerElement * cells(l1Bytes)
    }

    /// µm² of an L2 of `l2Bytes`.
    public static func l2Area(l2Bytes: Int) -> Double { sramAreaPerElement * cells(l2Bytes) }

    /// Area and power of `pes` PEs with `l1Bytes` each, an `l2Bytes` L2 and a NoC of
    /// `nocBandwidth`.
    public static func estimate(
        pes: Int, nocBandwidth: Int, simdLanes: Int = 1, l1Bytes: Int, l2Bytes: Int
    ) -> Estimate {
        let area =
            fixedArea(pes: pes, nocBandwidth: nocBandwidth, simdLanes: simdLanes)
            + l1Area(pes: pes, l1Bytes: l1Bytes) + l2Area(l2Bytes: l2Bytes)
        let noc =
            busUnitPowerMilliwatts * busScale(pes) / 1000 * Double(nocBandwidth)
            + max(arbiterUnitPowerMilliwatts, arbiterUnitPowerMilliwatts * arbiterScale(pes) / 1000)
        return Estimate(
            areaSquareMicrometres: area,
            pePowerMilliwatts: Double(pes) * macPowerMilliwatts * Double(simdLanes),
            l1PowerMilliwatts: Double(pes) * sramPowerPerElement * cells(l1Bytes),
            l2PowerMilliwatts: sramPowerPerElement * cells(l2Bytes), nocPowerMilliwatts: noc)
    }
}
