/// The values a search may give each of the ten controller knobs: data, not part of the cost
/// model (which evaluates any valid value). Two spaces ship:
/// - ``marl``: the multi-agent encoding (`action_decoder_rl` in ArchGym's `envHelpers.py`;
///   powers of two for buffer depths and the transaction limit, 1/2/4/8 for refresh
///   flexibility): 442,368 configurations;
/// - ``archGym``: the ranges ArchGym's GA, BO and random-walk agents draw from
///   (`random_walk` in `envHelpers.py`: `RequestBufferSize`, `RefreshMaxPostponed` and
///   `RefreshMaxPulledin` 1..8, `MaxActiveTransactions` 1..128): 28,311,552 configurations.
public struct MemoryControllerDesignSpace: Sendable, Equatable, CustomStringConvertible {
    /// A short name for reports ("marl", "archgym" or "custom").
    public let name: String
    /// Per knob (agent order), the values in search order, as DRAMSys spells them.
    public let values: [[String]]
    /// The same as knob codes (``MemoryControllerConfiguration/Knob/code(of:)``).
    public let codes: [[Int]]

    /// A space from per-knob value lists (agent order). Throws naming the knob and value when a
    /// value is not valid for its knob, a list is empty or a value repeats.
    public init(name: String, values: [[String]]) throws(MemoryControllerConfigurationError) {
        let knobs = MemoryControllerConfiguration.knobs
        guard values.count == knobs.count else {
            throw MemoryControllerConfigurationError(
                "a design space needs values for all \(knobs.count) knobs, got \(values.count)")
        }
        var codes: [[Int]] = []
        var spelled: [[String]] = []
        for (knob, list) in zip(knobs, values) {
            guard !list.isEmpty else {
                throw MemoryControllerConfigurationError("\(knob.name) has no values")
            }
            var seen = Set<Int>()
            var knobCodes: [Int] = []
            for value in list {
                guard let code = knob.code(of: value) else {
                    throw MemoryControllerConfigurationError(
                        """
                        \(knob.name) cannot be '\(value)' (valid: \(knob.domainDescription); \
                        \(knob.source))
                        """
                    )
                }
                guard seen.insert(code).inserted else {
                    throw MemoryControllerConfigurationError("\(knob.name) lists '\(value)' twice")
                }
                knobCodes.append(code)
            }
            codes.append(knobCodes)
            spelled.append(knobCodes.map(knob.value(ofCode:)))
        }
        var size = 1
        for list in spelled {
            let (product, overflow) = size.multipliedReportingOverflow(by: list.count)
            guard !overflow, product <= Self.maximumSize else {
                throw MemoryControllerConfigurationError(
                    """
                    a design space of more than \(Self.maximumSize) configurations is not \
                    supported
                    """
                )
            }
            size = product
        }
        self.name = name
        self.values = spelled
        self.codes = codes
    }

    /// The largest space accepted (2^40): enumerable in principle, and products stay in 64 bits.
    public static let maximumSize = 1 << 40

    /// The number of configurations.
    public var size: Int { values.reduce(1) { $0 * $1.count } }

    /// `name (N configurations)`.
    public var description: String { "\(name) (\(size) configurations)" }

    /// The configuration whose knob k takes its `choices[k]`-th value.
    public func configuration(choices: [Int]) -> MemoryControllerConfiguration {
        var configuration = MemoryControllerConfiguration.archGymDefault
        for (k, choice) in choices.enumerated() {
            configuration.set(knobIndex: k, code: codes[k][choice])
        }
        return configuration
    }

    /// The configuration with this index in mixed radix (knob 0 varies fastest).
    public func configuration(index: Int) -> MemoryControllerConfiguration {
        var rest = index
        return configuration(
            choices: values.map { list in
                defer { rest /= list.count }
                return rest % list.count
            })
    }

    /// The shipped spaces by name.
    public static func named(_ name: String) -> MemoryControllerDesignSpace? {
        switch name.lowercased() {
        case "marl": return .marl
        case "archgym": return .archGym
        default: return nil
        }
    }

    /// The named spaces a problem file may ask for.
    public static let names = ["marl", "archgym"]

    /// A space from per-knob codes that are valid by construction (the shipped spaces).
    private init(name: String, codes: [[Int]]) {
        self.name = name
        self.codes = codes
        values = zip(MemoryControllerConfiguration.knobs, codes).map { knob, list in
            list.map(knob.value(ofCode:))
        }
    }

    /// Every value of a categorical knob, as codes.
    private static func all<Value: CaseIterable>(_: Value.Type) -> [Int] {
        Array(0..<Value.allCases.count)
    }

    private typealias C = MemoryControllerConfiguration

    /// ArchGym's multi-agent encoding (`../shared/data/dram/controller_space.json`).
    public static let marl = MemoryControllerDesignSpace(
        name: "marl",
        codes: [
            all(C.PagePolicy.self), all(C.Scheduler.self), all(C.SchedulerBuffer.self),
            [1, 2, 4, 8, 16, 32, 64, 128], all(C.ResponseQueue.self),
            all(C.RefreshPolicy.self), [1, 2, 4, 8], [1, 2, 4, 8], all(C.Arbiter.self),
            [1, 2, 4, 8, 16, 32, 64, 128],
        ])

    /// ArchGym's GA / BO / random-walk ranges.
    public static let archGym = MemoryControllerDesignSpace(
        name: "archgym",
        codes: [
            all(C.PagePolicy.self), all(C.Scheduler.self), all(C.SchedulerBuffer.self),
            Array(1...8), all(C.ResponseQueue.self),
            all(C.RefreshPolicy.self), Array(1...8), Array(1...8), all(C.Arbiter.self),
            Array(1...128),
        ])
}
