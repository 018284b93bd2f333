import Foundation

/// A map from data values to a pixel range, linear or logarithmic (base 10), with tick marks at
/// round values: 1, 2, 5 × 10ᵏ on a linear axis; powers of ten (and 2, 5 between them when the
/// axis spans less than two decades) on a log axis.
public struct AxisScale: Sendable, Equatable {
    /// Linear or logarithmic (base 10).
    public enum Kind: String, Sendable, CaseIterable { case linear, log }

    /// Linear or logarithmic.
    public let kind: Kind
    /// The data range shown (after rounding out to ticks).
    public let lower: Double
    /// The upper end of the range shown.
    public let upper: Double
    /// The values that get a tick and a label.
    public let ticks: [Double]

    /// A scale covering `values`; a log scale needs every value positive.
    public init(kind: Kind, covering values: [Double], includeZero: Bool = false) {
        self.kind = kind
        let finite = values.filter { $0.isFinite && (kind == .linear || $0 > 0) }
        var low = finite.min() ?? (kind == .log ? 1 : 0)
        var high = finite.max() ?? (kind == .log ? 10 : 1)
        switch kind {
        case .linear:
            if includeZero {
                low = min(low, 0)
                high = max(high, 0)
            }
            if high - low < 1e-12 * max(1, abs(high)) {
                if includeZero, high == 0 {
                    high = 1
                } else {
                    let pad = abs(high) > 0 ? abs(high) * 0.1 : 1
                    low -= pad
                    high += pad
                }
            }
            let step = Self.niceStep((high - low) / 5)
            let first = (low / step).rounded(.down) * step
            let last = (high / step).rounded(.up) * step
            var ticks: [Double] = []
            var value = first
            while value <= last + step * 1e-9 {
                ticks.append(abs(value) < step * 1e-9 ? 0 : value)
                value += step
            }
            lower = first
            upper = last
            self.ticks = ticks
        case .log:
            // Bounds at the nearest 1, 2 or 5 × 10ᵏ outside the data; ticks at decades, and at
            // 2 and 5 between them when the axis spans less than two decades.
            low = max(low, high / 1e12)
            var lowerBound = Self.roundDownOneTwoFive(low)
            var upperBound = Self.roundUpOneTwoFive(high)
            if upperBound <= lowerBound {
                lowerBound = Self.roundDownOneTwoFive(low / 2)
                upperBound = Self.roundUpOneTwoFive(high * 2)
            }
            let dense = log10(upperBound) - log10(lowerBound) < 2
            var ticks: [Double] = []
            var exponent = log10(lowerBound).rounded(.down)
            while pow(10, exponent) <= upperBound * (1 + 1e-9) {
                for m in (dense ? [1.0, 2, 5] : [1.0]) {
                    let value = m * pow(10, exponent)
                    if value >= lowerBound * (1 - 1e-9), value <= upperBound * (1 + 1e-9) {
                        ticks.append(value)
                    }
                }
                exponent += 1
            }
            lower = lowerBound
            upper = upperBound
            self.ticks = ticks
        }
    }

    /// The largest 1, 2 or 5 × 10ᵏ at or below a positive value.
    static func roundDownOneTwoFive(_ value: Double) -> Double {
        let decade = pow(10, log10(value).rounded(.down))
        for m in [5.0, 2, 1] where m * decade <= value * (1 + 1e-9) { return m * decade }
        return decade
    }

    /// The smallest 1, 2 or 5 × 10ᵏ at or above a positive value.
    static func roundUpOneTwoFive(_ value: Double) -> Double {
        let decade = pow(10, log10(value).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * decade >= value * (1 - 1e-9) { return m * decade }
        return 10 * decade
    }

    /// 1, 2 or 5 × 10ᵏ at or above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, log10(raw).rounded(.down))
        let fraction = raw / magnitude
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// The position of `value` in [0, 1] along the axis (outside for values out of range).
    public func fraction(_ value: Double) -> Double {
        switch kind {
        case .linear: return upper > lower ? (value - lower) / (upper - lower) : 0.5
        case .log:
            guard value > 0 else { return -1 }
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    /// Whether the scale can show the value (a log axis cannot show zero or negatives).
    public func canShow(_ value: Double) -> Bool {
        value.isFinite && (kind == .linear || value > 0)
    }

    /// A tick label: at most four significant digits, k/M/G/T for large magnitudes.
    public static func label(_ value: Double) -> String {
        if value == 0 { return "0" }
        let magnitude = abs(value)
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e4, "k")]
        for (size, suffix) in units where magnitude >= size {
            let scaled = value / (size == 1e4 ? 1e3 : size)
            return trimmed(scaled) + (size == 1e4 ? "k" : suffix)
        }
        if magnitude < 1e-3 { return String(format: "%.0e", value) }
        return trimmed(value)
    }

    static func trimmed(_ value: Double) -> String {
        var text = String(format: "%.4g", value)
        if text.contains("."), !text.contains("e") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
