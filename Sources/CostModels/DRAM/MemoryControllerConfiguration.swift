/// The ten controller knobs ArchGym's DRAMGym agents set, with DRAMSys's names
/// (`../shared/data/dram/controller_space.json`, agent order). Any value DRAMSys accepts can be
/// evaluated (``knobs`` gives each knob's range); which values a search tries is a
/// ``MemoryControllerDesignSpace``.
public struct MemoryControllerConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// When an open row is closed (DRAMSys's `PagePolicy`).
    public enum PagePolicy: String, Sendable, CaseIterable {
        /// Keep the row open until a request needs another row.
        case open = "Open"
        /// Keep it open, but precharge when no pending request hits it and one misses.
        case openAdaptive = "OpenAdaptive"
        /// Precharge after every access (auto-precharge).
        case closed = "Closed"
        /// Precharge after an access unless a pending request hits the same row.
        case closedAdaptive = "ClosedAdaptive"
    }

    /// Which buffered request goes next (DRAMSys's `Scheduler`).
    public enum Scheduler: String, Sendable, CaseIterable {
        /// Per bank, oldest first.
        case fifo = "Fifo"
        /// First-ready FCFS, grouping reads and writes to save bus turnarounds.
        case frFcfsGrouped = "FrFcfsGrp"
        /// First-ready (row hits) first, then oldest.
        case frFcfs = "FrFcfs"
    }

    /// How the scheduler's buffer is shared (DRAMSys's `SchedulerBuffer`).
    public enum SchedulerBuffer: String, Sendable, CaseIterable {
        /// `RequestBufferSize` requests per bank.
        case bankwise = "Bankwise"
        /// `RequestBufferSize` reads and as many writes.
        case readWrite = "ReadWrite"
        /// `RequestBufferSize` requests in all.
        case shared = "Shared"
    }

    /// In which order responses return (DRAMSys's `RespQueue`).
    public enum ResponseQueue: String, Sendable, CaseIterable {
        /// Responses leave in completion order.
        case fifo = "Fifo"
        /// Responses are put back into request order.
        case reorder = "Reorder"
    }

    /// How refresh is issued (DRAMSys's `RefreshPolicy`).
    public enum RefreshPolicy: String, Sendable, CaseIterable {
        case noRefresh = "NoRefresh"
        case allBank = "AllBank"
    }

    /// How initiators' requests enter the controller (DRAMSys's `Arbiter`).
    public enum Arbiter: String, Sendable, CaseIterable {
        case simple = "Simple"
        case fifo = "Fifo"
        case reorder = "Reorder"
    }

    /// `PagePolicy`.
    public var pagePolicy: PagePolicy
    /// `Scheduler`.
    public var scheduler: Scheduler
    /// `SchedulerBuffer`.
    public var schedulerBuffer: SchedulerBuffer
    /// `RequestBufferSize`: requests the scheduler's buffer holds.
    public var requestBufferSize: Int
    /// `RespQueue`.
    public var responseQueue: ResponseQueue
    /// `RefreshPolicy`.
    public var refreshPolicy: RefreshPolicy
    /// `RefreshMaxPostponed`: refreshes that may be postponed.
    public var refreshMaxPostponed: Int
    /// `RefreshMaxPulledin`: refreshes that may be pulled in.
    public var refreshMaxPulledIn: Int
    /// `Arbiter`.
    public var arbiter: Arbiter
    /// `MaxActiveTransactions`: transactions the arbiter may hold.
    public var maxActiveTransactions: Int

    /// A configuration with these knobs.
    public init(
        pagePolicy: PagePolicy = .open, scheduler: Scheduler = .fifo,
        schedulerBuffer: SchedulerBuffer = .bankwise,
        requestBufferSize: Int = 1, responseQueue: ResponseQueue = .fifo,
        refreshPolicy: RefreshPolicy = .noRefresh,
        refreshMaxPostponed: Int = 1, refreshMaxPulledIn: Int = 1, arbiter: Arbiter = .simple,
        maxActiveTransactions: Int = 1
    ) {
        self.pagePolicy = pagePolicy
        self.scheduler = scheduler
        self.schedulerBuffer = schedulerBuffer
        self.requestBufferSize = requestBufferSize
        self.responseQueue = responseQueue
        self.refreshPolicy = refreshPolicy
        self.refreshMaxPostponed = refreshMaxPostponed
        self.refreshMaxPulledIn = refreshMaxPulledIn
        self.arbiter = arbiter
        self.maxActiveTransactions = maxActiveTransactions
    }

    /// One controller knob: its DRAMSys name and the values DRAMSys accepts for it.
    public struct Knob: Sendable {
        /// The values a knob takes.
        public enum Domain: Sendable, Equatable {
            /// One of these names, as DRAMSys spells them.
            case categorical([String])
            /// Any integer in the range.
            case integer(ClosedRange<Int>)
        }

        /// DRAMSys's name of the knob.
        public let name: String
        /// Its values.
        public let domain: Domain
        /// Where the range comes from (for error messages and help).
        public let source: String

        /// The value's code for ``MemoryControllerConfiguration/set(knobIndex:code:)``: the
        /// index of a categorical value, the number itself for an integer knob; nil when the
        /// value is not valid (names matched without regard to case).
        public func code(of value: String) -> Int? {
            switch domain {
            case .categorical(let names):
                return names.firstIndex { $0.lowercased() == value.lowercased() }
            case .integer(let range):
                guard let number = Int(value.trimmingCharacters(in: .whitespaces)),
                    range.contains(number)
                else { return nil }
                return number
            }
        }

        /// The value a code stands for, as DRAMSys spells it.
        public func value(ofCode code: Int) -> String {
            switch domain {
            case .categorical(let names): return names[code]
            case .integer: return String(code)
            }
        }

        /// Whether the knob takes whole numbers.
        public var isInteger: Bool {
            if case .integer = domain { return true }
            return false
        }

        /// "Open, OpenAdaptive, Closed, ClosedAdaptive" or "an integer in 1...4294967295".
        public var domainDescription: String {
            switch domain {
            case .categorical(let names): return names.joined(separator: ", ")
            case .integer(let range):
                return "an integer in \(range.lowerBound)...\(range.upperBound)"
            }
        }
    }

    /// DRAMSys keeps buffer depths and the transaction limit in `unsigned int`; a depth of 0
    /// would hold no request.
    static let unsignedDepth = 1...Int(UInt32.max)
    /// JEDEC (DDR3 JESD79-3 §4.17, DDR4 JESD79-4) lets a controller postpone at most 8 REF
    /// commands and pull in at most 8; 0 is no flexibility (DRAMSys's default).
    static let refreshFlexibility = 0...8

    /// The ten knobs in agent order, each with every value DRAMSys accepts. The value sets a
    /// search draws from are a ``MemoryControllerDesignSpace``, not these.
    public static let knobs: [Knob] = [
        Knob(
            name: "PagePolicy", domain: .categorical(PagePolicy.allCases.map(\.rawValue)),
            source: "DRAMSys's page policies"),
        Knob(
            name: "Scheduler", domain: .categorical(Scheduler.allCases.map(\.rawValue)),
            source: "DRAMSys's schedulers"),
        Knob(
            name: "SchedulerBuffer", domain: .categorical(SchedulerBuffer.allCases.map(\.rawValue)),
            source: "DRAMSys's scheduler buffers"),
        Knob(
            name: "RequestBufferSize", domain: .integer(unsignedDepth),
            source: "DRAMSys: an unsigned buffer depth, at least 1"),
        Knob(
            name: "RespQueue", domain: .categorical(ResponseQueue.allCases.map(\.rawValue)),
            source: "DRAMSys's response queues"),
        Knob(
            name: "RefreshPolicy", domain: .categorical(RefreshPolicy.allCases.map(\.rawValue)),
            source: "the refresh policies this model has"),
        Knob(
            name: "RefreshMaxPostponed", domain: .integer(refreshFlexibility),
            source: "JEDEC: at most 8 refreshes postponed"),
        Knob(
            name: "RefreshMaxPulledin", domain: .integer(refreshFlexibility),
            source: "JEDEC: at most 8 refreshes pulled in"),
        Knob(
            name: "Arbiter", domain: .categorical(Arbiter.allCases.map(\.rawValue)),
            source: "DRAMSys's arbiters"),
        Knob(
            name: "MaxActiveTransactions", domain: .integer(unsignedDepth),
            source: "DRAMSys: an unsigned transaction limit, at least 1"),
    ]

    /// ArchGym's committed `policy.json` (the environment overwrites it; not a recommendation).
    public static let archGymDefault = MemoryControllerConfiguration()

    /// Knob name → value text, in agent order.
    public var values: [String] {
        [
            pagePolicy.rawValue, scheduler.rawValue, schedulerBuffer.rawValue,
            String(requestBufferSize), responseQueue.rawValue,
            refreshPolicy.rawValue, String(refreshMaxPostponed), String(refreshMaxPulledIn),
            arbiter.rawValue, String(maxActiveTransactions),
        ]
    }

    /// `Knob=Value` for every knob, in agent order.
    public var description: String {
        zip(Self.knobs, values).map { "\($0.name)=\($1)" }.joined(separator: " ")
    }

    /// The knob index (agent order) of a knob name, matched without regard to case.
    public static func knobIndex(named name: String) -> Int? {
        knobs.firstIndex { $0.name.lowercased() == name.lowercased() }
    }

    /// The configuration with knob values given by text (knob names as in ``knobs``, matched
    /// without regard to case); knobs not named keep `base`'s value. Throws a message naming the
    /// knob or value that is not valid, with the knob's valid values.
    public static func with(
        _ settings: [(knob: String, value: String)],
        base: MemoryControllerConfiguration = .archGymDefault
    ) throws(MemoryControllerConfigurationError) -> MemoryControllerConfiguration {
        var configuration = base
        for (knob, value) in settings {
            try configuration.set(knob, value)
        }
        return configuration
    }

    /// Sets one knob from text.
    public mutating func set(_ knob: String, _ value: String)
        throws(MemoryControllerConfigurationError)
    {
        guard let index = Self.knobIndex(named: knob) else {
            throw MemoryControllerConfigurationError(unknownKnob: knob)
        }
        let definition = Self.knobs[index]
        guard let code = definition.code(of: value) else {
            throw MemoryControllerConfigurationError(
                """
                \(definition.name) cannot be '\(value)' (valid: \
                \(definition.domainDescription); \(definition.source))
                """
            )
        }
        set(knobIndex: index, code: code)
    }

    /// Sets knob `knobIndex` (agent order) to the value with this code (see ``Knob/code(of:)``;
    /// the code must be valid for the knob).
    public mutating func set(knobIndex: Int, code: Int) {
        switch knobIndex {
        case 0: pagePolicy = PagePolicy.allCases[code]
        case 1: scheduler = Scheduler.allCases[code]
        case 2: schedulerBuffer = SchedulerBuffer.allCases[code]
        case 3: requestBufferSize = code
        case 4: responseQueue = ResponseQueue.allCases[code]
        case 5: refreshPolicy = RefreshPolicy.allCases[code]
        case 6: refreshMaxPostponed = code
        case 7: refreshMaxPulledIn = code
        case 8: arbiter = Arbiter.allCases[code]
        default: maxActiveTransactions = code
        }
    }
}

/// A knob or value that is not valid.
public struct MemoryControllerConfigurationError: Error, CustomStringConvertible, Sendable {
    /// The knob name not understood, when that is the mistake.
    public let unknownKnob: String?
    /// Text a caller puts after an unknown knob's name, such as a "did you mean".
    public var hint = ""
    let message: String

    init(_ description: String) {
        message = description
        unknownKnob = nil
    }

    init(unknownKnob: String) {
        message = ""
        self.unknownKnob = unknownKnob
    }

    /// What is wrong, with the valid values.
    public var description: String {
        guard let unknownKnob else { return message }
        let knobs = MemoryControllerConfiguration.knobs.map(\.name).joined(separator: ", ")
        return "unknown knob '\(unknownKnob)'\(hint) (knobs: \(knobs))"
    }
}
