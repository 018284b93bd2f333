import Foundation
import Synchronization

/// What a trace looks like to a controller, measured once and cached: for each request window
/// (how many requests the controller can hold), page policy and scheduler, the trace is replayed
/// command by command with DRAMSys's timings (`DRAMCommandReplay`): total time, row hits,
/// misses and conflicts, bus turnarounds, time with rows open and request latencies.
/// ``DRAMControllerModel`` adds refresh and energy in closed form, so evaluating a configuration
/// is a table look-up and a few dozen operations. Thread-safe; schedules are replayed on first use.
public final class DRAMTraceProfile: @unchecked Sendable {
    /// The controller's view window: per-bank, per-direction and total request limits (a limit
    /// equal to the trace's length is no limit).
    public struct Window: Hashable, Sendable {
        /// Requests the window holds per bank.
        public var perBank: Int
        /// Reads the window holds.
        public var reads: Int
        /// Writes the window holds.
        public var writes: Int
        /// Requests the window holds in all.
        public var total: Int
        /// Transactions the arbiter may hold, accepted to answered (`MaxActiveTransactions` under
        /// a `Fifo` or `Reorder` arbiter).
        public var inFlight: Int
        /// Whether transactions are answered in request order (a `Reorder` response queue or
        /// arbiter); false whenever `inFlight` does not bind, where it changes nothing.
        public var inOrderAnswers = false
        /// With several initiators: answers in each initiator's own order (a `Reorder` arbiter
        /// with a `Fifo` response queue) rather than in acceptance order. False with one.
        public var answersPerInitiator = false
        /// With several initiators: a `Fifo` or `Reorder` arbiter, which queues each player's
        /// requests itself, so players do not wait for the controller's buffer. False with one
        /// (the order into the controller is then the same).
        public var arbiterQueues = false

        /// The same window without the arbiter's transaction limit (`unlimited`: the trace length).
        func withoutTransactionLimit(_ unlimited: Int) -> Window {
            var window = self
            window.inFlight = unlimited
            window.inOrderAnswers = false
            window.answersPerInitiator = false
            return window
        }
    }

    /// The schedule of the trace under one window, page policy and scheduler (refresh aside).
    public struct ScheduleStatistics: Sendable, Equatable {
        public var requests = 0, reads = 0, writes = 0
        /// Accesses to the open row / to a precharged bank / to a bank with another row open.
        public var hits = 0, misses = 0, conflicts = 0
        public var readToWriteSwitches = 0, writeToReadSwitches = 0
        /// Cycles from the first arrival to the last data beat.
        public var scheduleCycles = 0.0
        /// Cycles with at least one row open (active standby rather than precharged).
        public var activeCycles = 0.0
        /// Σ over requests of arrival → last data beat (cycles), responses in completion order.
        public var latencySumCycles = 0.0
        /// The same with responses put back into acceptance order (request order with one
        /// initiator).
        public var inOrderLatencySumCycles = 0.0
        /// The same with responses put back into each initiator's request order.
        public var perInitiatorOrderLatencySumCycles = 0.0
        /// With no transaction limit: the most transactions held when one was accepted, answered
        /// as completed / in request order (a limit above it never holds). 0 under a limit.
        public var peakInFlight = 0, peakInFlightInOrder = 0

        /// Row activations: misses plus conflicts.
        public var activations: Int { misses + conflicts }
        /// Row hits per request.
        public var rowHitRate: Double { requests > 0 ? Double(hits) / Double(requests) : 0 }
    }

    /// The device replayed on.
    public let device: DRAMDevice
    /// The trace's name.
    public let traceName: String
    /// Requests in the trace.
    public let requestCount: Int
    /// Writes in the trace.
    public let writeCount: Int
    /// Cycles from the first arrival to the last.
    public let arrivalSpanCycles: Int
    /// Banks the trace touches.
    public let distinctBanks: Int
    /// Trace players sending the requests.
    public let initiatorCount: Int
    /// The most requests one trace player sends.
    let largestInitiatorRequestCount: Int

    let arrival: [Int]
    let bank: [Int]
    let row: [Int]
    let address: [UInt64]
    let isWrite: [Bool]
    let initiator: [Int]

    private let lock = NSLock()
    private var cache: [Key: ScheduleStatistics] = [:]

    struct Key: Hashable {
        var window: Window
        var policy: MemoryControllerConfiguration.PagePolicy
        var scheduler: MemoryControllerConfiguration.Scheduler
    }

    /// The characterisation of `trace` on `device`; schedules are replayed when first asked for.
    public init(trace: DRAMTrace, device: DRAMDevice = .ddr3_1600_micron_1Gb_x8) {
        self.device = device
        traceName = trace.name
        requestCount = trace.requests.count
        writeCount = trace.writeCount
        arrival = trace.requests.map(\.cycle)
        bank = trace.requests.map { device.mapping.bank(of: $0.address) % max(device.banks, 1) }
        row = trace.requests.map { device.mapping.row(of: $0.address) }
        address = trace.requests.map(\.address)
        isWrite = trace.requests.map(\.isWrite)
        arrivalSpanCycles = (arrival.last ?? 0) - (arrival.first ?? 0)
        distinctBanks = Set(bank).count
        initiator = trace.requests.map(\.initiator)
        initiatorCount = trace.initiatorCount
        var perInitiator = Array(repeating: 0, count: max(trace.initiatorCount, 1))
        for i in initiator { perInitiator[i] += 1 }
        largestInitiatorRequestCount = perInitiator.max() ?? 0
    }

    /// Whether the trace only reads.
    public var isReadOnly: Bool { writeCount == 0 }
    /// Whether the trace only writes.
    public var isWriteOnly: Bool { writeCount == requestCount }

    /// The window a configuration gives, with equivalent shapes made equal, so that every
    /// integer value of `RequestBufferSize` and `MaxActiveTransactions` costs a replay only when
    /// it can change the schedule: a limit of at least the trace's length never binds (every limit
    /// is capped at it); a read/write split on a one-direction trace is a shared buffer; the
    /// arbiter's transaction limit binds only under a `Fifo` or `Reorder` arbiter (DRAMSys's
    /// `Simple` arbiter keeps no count: ArchGym's DRAMSys gives the same result for 1 and 128),
    /// and never once it exceeds what the buffer can hold plus the answers still on their way.
    public func window(_ configuration: MemoryControllerConfiguration) -> Window {
        let unlimited = max(requestCount, 1)
        let size = min(configuration.requestBufferSize, unlimited)
        var window: Window
        switch configuration.schedulerBuffer {
        case .shared:
            window = Window(
                perBank: unlimited, reads: unlimited, writes: unlimited, total: size,
                inFlight: unlimited)
        case .bankwise:
            window = Window(
                perBank: size, reads: unlimited, writes: unlimited, total: unlimited,
                inFlight: unlimited)
        case .readWrite:
            window =
                isReadOnly || isWriteOnly
                ? Window(
                    perBank: unlimited, reads: unlimited, writes: unlimited, total: size,
                    inFlight: unlimited)
                : Window(
                    perBank: unlimited, reads: size, writes: size, total: unlimited,
                    inFlight: unlimited)
        }
        if configuration.arbiter != .simple {
            window.arbiterQueues = initiatorCount > 1
            // Buffered at most: the total, both directions, or every bank one over its depth (a
            // bank-wise buffer checks the bank it stored into last); answered within RL/WL + BL/2
            // of the column command, at most one command a cycle.
            let banks = max(device.banks, 1)
            let buffered = min(
                unlimited, window.total, window.reads + window.writes, banks * (window.perBank + 1))
            let answering = max(device.timing.RL, device.timing.WL) + device.burstCycles
            let transactions = min(configuration.maxActiveTransactions, unlimited)
            // With several initiators the arbiter holds each one's requests itself and lets the
            // next in as its answers come back, so the limit decides the order of the players'
            // requests into the controller whenever it is below what a player sends.
            let binds =
                initiatorCount > 1
                ? transactions < largestInitiatorRequestCount : transactions <= buffered + answering
            if binds {
                window.inFlight = transactions
                window.inOrderAnswers =
                    configuration.responseQueue == .reorder || configuration.arbiter == .reorder
                window.answersPerInitiator =
                    window.inOrderAnswers && initiatorCount > 1
                    && configuration.responseQueue != .reorder
            }
        }
        return window
    }

    /// The scheduler, with grouped FR-FCFS taken as FR-FCFS on a one-direction trace.
    public func effectiveScheduler(_ scheduler: MemoryControllerConfiguration.Scheduler)
        -> MemoryControllerConfiguration.Scheduler
    {
        scheduler == .frFcfsGrouped && (isReadOnly || isWriteOnly) ? .frFcfs : scheduler
    }

    /// The schedule statistics for a configuration (computed once per distinct window, page
    /// policy and scheduler).
    public func statistics(for configuration: MemoryControllerConfiguration) -> ScheduleStatistics {
        statistics(
            window: window(configuration), policy: configuration.pagePolicy,
            scheduler: effectiveScheduler(configuration.scheduler))
    }

    /// The schedule of the trace under a window, page policy and scheduler: replayed on first use,
    /// then cached (from any thread).
    public func statistics(
        window: Window, policy: MemoryControllerConfiguration.PagePolicy,
        scheduler: MemoryControllerConfiguration.Scheduler
    ) -> ScheduleStatistics {
        let unlimited = max(requestCount, 1)
        if window.inFlight < unlimited {
            // A transaction limit above what the unlimited schedule ever held changes nothing.
            let base = statistics(
                window: window.withoutTransactionLimit(unlimited), policy: policy,
                scheduler: scheduler)
            if window.inFlight
                > (window.inOrderAnswers ? base.peakInFlightInOrder : base.peakInFlight)
            {
                return base
            }
        }
        let key = Key(window: window, policy: policy, scheduler: scheduler)
        lock.lock()
        if let cached = cache[key] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let computed = replay(window: window, policy: policy, scheduler: scheduler)
        lock.lock()
        cache[key] = computed
        lock.unlock()
        return computed
    }

    /// Replays, on every core, the schedules the configurations `enumerate` passes to its body
    /// need (those without a transaction limit first, which the others may reduce to), so later
    /// evaluations are look-ups.
    ///
    /// `progress` hears the schedules replayed so far and how many there are (from every core).
    public func prepare(
        _ enumerate: ((MemoryControllerConfiguration) -> Void) -> Void,
        progress: (@Sendable (_ replayed: Int, _ schedules: Int) -> Void)? = nil
    ) {
        let (free, limited) = schedules(enumerate)
        let total = free.count + limited.count
        let replayed = Mutex(0)
        for batch in [free, limited] {
            DispatchQueue.concurrentPerform(iterations: batch.count) { i in
                _ = statistics(
                    window: batch[i].window, policy: batch[i].policy, scheduler: batch[i].scheduler)
                if let progress {
                    progress(
                        replayed.withLock {
                            $0 += 1
                            return $0
                        }, total)
                }
            }
        }
    }

    /// How many replays of the trace the configurations `enumerate` passes still need once those
    /// without a transaction limit are done (which this does, on every core): the limited ones
    /// whose limit binds in the unlimited schedule. With one initiator few do; with several,
    /// nearly every limit is a schedule of its own.
    public func limitedReplaysNeeded(_ enumerate: ((MemoryControllerConfiguration) -> Void) -> Void)
        -> Int
    {
        let (free, limited) = schedules(enumerate)
        DispatchQueue.concurrentPerform(iterations: free.count) { i in
            _ = statistics(
                window: free[i].window, policy: free[i].policy, scheduler: free[i].scheduler)
        }
        let unlimited = max(requestCount, 1)
        return limited.filter { key in
            let base = statistics(
                window: key.window.withoutTransactionLimit(unlimited), policy: key.policy,
                scheduler: key.scheduler)
            return key.window.inFlight
                <= (key.window.inOrderAnswers ? base.peakInFlightInOrder : base.peakInFlight)
        }.count
    }

    /// The distinct schedules without and with a transaction limit.
    private func schedules(_ enumerate: ((MemoryControllerConfiguration) -> Void) -> Void) -> (
        free: [Key], limited: [Key]
    ) {
        var keys = Set<Key>()
        enumerate { configuration in
            keys.insert(
                Key(
                    window: window(configuration), policy: configuration.pagePolicy,
                    scheduler: effectiveScheduler(configuration.scheduler)))
        }
        let unlimited = max(requestCount, 1)
        let free = Array(
            Set(
                keys.map {
                    Key(
                        window: $0.window.withoutTransactionLimit(unlimited), policy: $0.policy,
                        scheduler: $0.scheduler)
                }))
        return (free, Array(keys.filter { $0.window.inFlight < unlimited }))
    }

    /// Number of distinct schedules characterised so far.
    public var cachedScheduleCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return cache.count
    }

    // MARK: The replay

    private func replay(
        window: Window, policy: MemoryControllerConfiguration.PagePolicy,
        scheduler: MemoryControllerConfiguration.Scheduler
    ) -> ScheduleStatistics {
        DRAMCommandReplay(
            arrival: arrival, bank: bank, row: row, address: address, isWrite: isWrite,
            initiator: initiator, banks: max(device.banks, 1),
            bankGroup: (0..<max(device.banks, 1)).map(device.bankGroup(ofBank:)),
            timing: device.timing, burstCycles: device.burstCycles,
            readToWriteCycles: device.readToWriteCycles
        )
        .run(window: window, policy: policy, scheduler: scheduler)
    }
}
