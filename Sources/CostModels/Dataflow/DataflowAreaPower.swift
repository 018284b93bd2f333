import Foundation

/// Area and power of a sub-accelerator from MAESTRO's 28 nm building-block constants
/// (maestro-project/maestro, `cost-model/include/design-space-exploration/DSE_cost-database.hpp`
/// and `DSE_scaling-coefficients.hpp`; the `Accelerator` class in `DSE_hardware_modules.hpp`):
/// per PE a MAC unit and an L1 SRAM in 64-byte units, an L2 SRAM in 32 KiB units, a bus whose
/// size grows linearly with the PE count and with its bandwidth, and a matrix arbiter quadratic
/// in the PE count.
public enum DataflowAreaPower {
    public static let macAreaSquareMicrometres = 4470.9014
    public static let macPowerMilliwatts = 1.2223
    public static let l1UnitBytes = 64.0
    public static let l1UnitAreaSquareMicrometres = 4505.1889
    public static let l1UnitPowerMilliwatts = 0.2208
    public static let l2UnitBytes = 32768.0
    public static let l2UnitAreaSquareMicrometres = 4161.536
    public static let l2UnitPowerMilliwatts = 4.0
    public static let busUnitAreaSquareMicrometres = 101.7938
    public static let busUnitPowerMilliwatts = 0.8
    public static let arbiterUnitAreaSquareMicrometres = 395.473
    public static let arbiterUnitPowerMilliwatts = 0.34
    /// Bus: (14.662 · connections + 28.895); arbiter: 1.2886 · n² + 5.5814 · n − 23.711.
    static let busC1 = 14.662, busC0 = 28.895
    static let arbiterC2 = 1.2886, arbiterC1 = 5.5814, arbiterC0 = -23.711

    /// µm² of the parts that do not depend on buffer sizes: the MACs, the bus and the arbiter.
    public static func fixedArea(pes: Int, nocBandwidth: Int) -> Double {
        let p = Double(pes)
        return p * macAreaSquareMicrometres + busUnitAreaSquareMicrometres * (busC1 * p + busC0) * Double(nocBandwidth)
            + max(arbiterUnitAreaSquareMicrometres, arbiterUnitAreaSquareMicrometres * (arbiterC2 * p * p + arbiterC1 * p + arbiterC0))
    }

    /// µm² of `pes` L1 buffers of `l1Bytes` each (whole 64-byte units, at least one).
    public static func l1Area(pes: Int, l1Bytes: Int) -> Double {
        Double(pes) * max(1, (Double(l1Bytes) / l1UnitBytes).rounded(.up)) * l1UnitAreaSquareMicrometres
    }

    /// µm² of an L2 of `l2Bytes` (whole 32 KiB units, at least one).
    public static func l2Area(l2Bytes: Int) -> Double {
        max(1, (Double(l2Bytes) / l2UnitBytes).rounded(.up)) * l2UnitAreaSquareMicrometres
    }

    /// (µm², mW) of PEs with `l1Bytes` each, an `l2Bytes` L2 and a NoC of `nocBandwidth` to `pes` PEs.
    public static func estimate(pes: Int, nocBandwidth: Int, l1Bytes: Int, l2Bytes: Int) -> (areaSquareMicrometres: Double, powerMilliwatts: Double) {
        let p = Double(pes), bandwidth = Double(nocBandwidth)
        let l1Units = max(1, (Double(l1Bytes) / l1UnitBytes).rounded(.up))
        let l2Units = max(1, (Double(l2Bytes) / l2UnitBytes).rounded(.up))
        let area = fixedArea(pes: pes, nocBandwidth: nocBandwidth) + l1Area(pes: pes, l1Bytes: l1Bytes) + l2Area(l2Bytes: l2Bytes)
        let power = p * (macPowerMilliwatts + l1Units * l1UnitPowerMilliwatts)
            + l2Units * l2UnitPowerMilliwatts
            + busUnitPowerMilliwatts * (busC1 * p + busC0) / 1000 * bandwidth
            + max(arbiterUnitPowerMilliwatts, arbiterUnitPowerMilliwatts * (arbiterC2 * p * p + arbiterC1 * p + arbiterC0) / 1000)
        return (area, power)
    }
}
