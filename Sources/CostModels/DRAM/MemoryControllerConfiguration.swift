/// The ten controller knobs ArchGym's DRAMGym agents set, with DRAMSys's names and values
/// (`../shared/data/dram/controller_space.json`, agent order).
public struct MemoryControllerConfiguration: Sendable, Hashable, CustomStringConvertible {
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

    public enum Scheduler: String, Sendable, CaseIterable {
        /// Per bank, oldest first.
        case fifo = "Fifo"
        /// First-ready FCFS, grouping reads and writes to save bus turnarounds.
        case frFcfsGrouped = "FrFcfsGrp"
        /// First-ready (row hits) first, then oldest.
        case frFcfs = "FrFcfs"
    }

    public enum SchedulerBuffer: String, Sendable, CaseIterable {
        /// `RequestBufferSize` requests per bank.
        case bankwise = "Bankwise"
        /// `RequestBufferSize` reads and as many writes.
        case readWrite = "ReadWrite"
        /// `RequestBufferSize` requests in all.
        case shared = "Shared"
    }

    public enum ResponseQueue: String, Sendable, CaseIterable {
        /// Responses leave in completion order.
        case fifo = "Fifo"
        /// Responses are put back into request order.
        case reorder = "Reorder"
    }

    public enum RefreshPolicy: String, Sendable, CaseIterable {
        case noRefresh = "NoRefresh"
        case allBank = "AllBank"
    }

    public enum Arbiter: String, Sendable, CaseIterable {
        case simple = "Simple"
        case fifo = "Fifo"
        case reorder = "Reorder"
    }

    public var pagePolicy: PagePolicy
    public var scheduler: Scheduler
    public var schedulerBuffer: SchedulerBuffer
    public var requestBufferSize: Int
    public var responseQueue: ResponseQueue
    public var refreshPolicy: RefreshPolicy
    public var refreshMaxPostponed: Int
    public var refreshMaxPulledIn: Int
    public var arbiter: Arbiter
    public var maxActiveTransactions: Int

    public init(pagePolicy: PagePolicy = .open, scheduler: Scheduler = .fifo, schedulerBuffer: SchedulerBuffer = .bankwise,
                requestBufferSize: Int = 1, responseQueue: ResponseQueue = .fifo, refreshPolicy: RefreshPolicy = .noRefresh,
                refreshMaxPostponed: Int = 1, refreshMaxPulledIn: Int = 1, arbiter: Arbiter = .simple, maxActiveTransactions: Int = 1) {
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

    /// The knob names in agent order, with every value as DRAMSys spells it.
    public static let knobs: [(name: String, values: [String])] = [
        ("PagePolicy", PagePolicy.allCases.map(\.rawValue)),
        ("Scheduler", Scheduler.allCases.map(\.rawValue)),
        ("SchedulerBuffer", SchedulerBuffer.allCases.map(\.rawValue)),
        ("RequestBufferSize", powersOfTwo.map(String.init)),
        ("RespQueue", ResponseQueue.allCases.map(\.rawValue)),
        ("RefreshPolicy", RefreshPolicy.allCases.map(\.rawValue)),
        ("RefreshMaxPostponed", [1, 2, 4, 8].map(String.init)),
        ("RefreshMaxPulledin", [1, 2, 4, 8].map(String.init)),
        ("Arbiter", Arbiter.allCases.map(\.rawValue)),
        ("MaxActiveTransactions", powersOfTwo.map(String.init)),
    ]

    static let powersOfTwo = [1, 2, 4, 8, 16, 32, 64, 128]

    /// ArchGym's committed `policy.json` (the environment overwrites it; not a recommendation).
    public static let archGymDefault = MemoryControllerConfiguration()

    /// Knob name → value text, in agent order.
    public var values: [String] {
        [pagePolicy.rawValue, scheduler.rawValue, schedulerBuffer.rawValue, String(requestBufferSize), responseQueue.rawValue,
         refreshPolicy.rawValue, String(refreshMaxPostponed), String(refreshMaxPulledIn), arbiter.rawValue, String(maxActiveTransactions)]
    }

    public var description: String {
        zip(Self.knobs, values).map { "\($0.name)=\($1)" }.joined(separator: " ")
    }

    /// The configuration with knob values given by text (knob names as in ``knobs``, matched
    /// without regard to case); knobs not named keep `base`'s value. Throws a message naming the
    /// knob or value that is not known.
    public static func with(_ settings: [(knob: String, value: String)], base: MemoryControllerConfiguration = .archGymDefault) throws(MemoryControllerConfigurationError) -> MemoryControllerConfiguration {
        var configuration = base
        for (knob, value) in settings {
            try configuration.set(knob, value)
        }
        return configuration
    }

    /// Sets one knob from text.
    public mutating func set(_ knob: String, _ value: String) throws(MemoryControllerConfigurationError) {
        guard let index = Self.knobs.firstIndex(where: { $0.name.lowercased() == knob.lowercased() }) else {
            throw MemoryControllerConfigurationError("unknown knob '\(knob)' (knobs: \(Self.knobs.map(\.name).joined(separator: ", ")))")
        }
        let allowed = Self.knobs[index].values
        guard let choice = allowed.firstIndex(where: { $0.lowercased() == value.lowercased() }) else {
            throw MemoryControllerConfigurationError("\(Self.knobs[index].name) cannot be '\(value)' (values: \(allowed.joined(separator: ", ")))")
        }
        set(knobIndex: index, choice: choice)
    }

    /// Sets knob `knobIndex` (agent order) to its `choice`-th value.
    public mutating func set(knobIndex: Int, choice: Int) {
        switch knobIndex {
        case 0: pagePolicy = PagePolicy.allCases[choice]
        case 1: scheduler = Scheduler.allCases[choice]
        case 2: schedulerBuffer = SchedulerBuffer.allCases[choice]
        case 3: requestBufferSize = Self.powersOfTwo[choice]
        case 4: responseQueue = ResponseQueue.allCases[choice]
        case 5: refreshPolicy = RefreshPolicy.allCases[choice]
        case 6: refreshMaxPostponed = [1, 2, 4, 8][choice]
        case 7: refreshMaxPulledIn = [1, 2, 4, 8][choice]
        case 8: arbiter = Arbiter.allCases[choice]
        default: maxActiveTransactions = Self.powersOfTwo[choice]
        }
    }

    /// The configuration whose knob k takes its `choices[k]`-th value (agent order).
    public init(choices: [Int]) {
        self.init()
        for (k, choice) in choices.enumerated() { set(knobIndex: k, choice: choice) }
    }
}

public struct MemoryControllerConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
