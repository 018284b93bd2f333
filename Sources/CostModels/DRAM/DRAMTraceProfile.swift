import Foundation

/// What a trace looks like to a controller, measured once and cached: for each request window
/// (how many requests the controller can see and reorder), page policy and scheduler, the row
/// hits, misses and conflicts, the bank-level parallelism, bus turnarounds and how far
/// responses come out of order. ``DRAMControllerModel`` turns these into times and energy in
/// closed form, so evaluating a configuration is a table look-up and a few dozen operations.
///
/// The characterisation replays the request order once per window shape (not a timed
/// simulation): requests enter the window in arrival order (a full bank queue or buffer blocks
/// the ones behind it, as in DRAMSys), the bank of the oldest request is served next, and the
/// scheduler picks within that bank (FIFO: oldest; FR-FCFS: oldest row hit, else oldest;
/// grouped FR-FCFS: prefer the bus direction of the last access). A virtual clock that advances
/// by each access's service demand decides which requests have arrived, so sparse traces see
/// small windows. Thread-safe; statistics are computed on first use.
public final class DRAMTraceProfile: @unchecked Sendable {
    /// The controller's view window: per-bank, per-direction and total request limits (a limit
    /// equal to the trace's length is no limit).
    public struct Window: Hashable, Sendable {
        public var perBank: Int
        public var reads: Int
        public var writes: Int
        public var total: Int
    }

    /// The schedule of the trace under one window, page policy and scheduler.
    public struct ScheduleStatistics: Sendable, Equatable {
        public var requests = 0, reads = 0, writes = 0
        /// Accesses to the open row / to a precharged bank / to a bank with another row open.
        public var hits = 0, misses = 0, conflicts = 0
        public var readToWriteSwitches = 0, writeToReadSwitches = 0
        /// Σ over accesses of the same-bank separation divided by the number of banks with work
        /// at that moment (cycles): the bank-cycling time with bank-level parallelism.
        public var bankParallelCycles = 0.0
        /// The largest per-bank Σ of same-bank separations (cycles).
        public var busiestBankCycles = 0.0
        /// Σ over activations of the ACT (and PRE) latency not hidden behind other transfers
        /// while the request waited in the window (cycles).
        public var exposedActivationCycles = 0.0
        /// Σ of the unloaded latency of every access (cycles): hit RL+BL/2, miss +RCD, conflict +RP.
        public var unloadedLatencyCycles = 0.0
        /// Mean number of banks with pending requests when an access is served.
        public var meanBankParallelism = 0.0
        /// Mean number of later-served requests a response waits for to leave in request order.
        public var meanReorderPositions = 0.0
        /// Squared coefficient of variation of per-access service demand.
        public var serviceCV2 = 0.0

        public var activations: Int { misses + conflicts }
        public var rowHitRate: Double { requests > 0 ? Double(hits) / Double(requests) : 0 }
    }

    public let device: DRAMDevice
    public let traceName: String
    public let requestCount: Int
    public let writeCount: Int
    /// Cycles from the first arrival to the last.
    public let arrivalSpanCycles: Int
    /// Squared coefficient of variation of inter-arrival times (0 for a constant rate).
    public let interarrivalCV2: Double
    /// Banks the trace touches.
    public let distinctBanks: Int

    let arrival: [Int]
    let bank: [Int]
    let row: [Int]
    let isWrite: [Bool]

    private let lock = NSLock()
    private var cache: [Key: ScheduleStatistics] = [:]

    struct Key: Hashable {
        var window: Window
        var policy: MemoryControllerConfiguration.PagePolicy
        var scheduler: MemoryControllerConfiguration.Scheduler
    }

    public init(trace: DRAMTrace, device: DRAMDevice = .ddr3_1600_micron_1Gb_x8) {
        self.device = device
        traceName = trace.name
        requestCount = trace.requests.count
        writeCount = trace.writeCount
        arrival = trace.requests.map(\.cycle)
        bank = trace.requests.map { device.mapping.bank(of: $0.address) % max(device.banks, 1) }
        row = trace.requests.map { device.mapping.row(of: $0.address) }
        isWrite = trace.requests.map(\.isWrite)
        arrivalSpanCycles = (arrival.last ?? 0) - (arrival.first ?? 0)
        distinctBanks = Set(bank).count
        if arrival.count > 2 {
            let gaps = zip(arrival.dropFirst(), arrival).map { Double($0 - $1) }
            let mean = gaps.reduce(0, +) / Double(gaps.count)
            let variance = gaps.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(gaps.count)
            interarrivalCV2 = mean > 0 ? variance / (mean * mean) : 0
        } else {
            interarrivalCV2 = 0
        }
    }

    public var isReadOnly: Bool { writeCount == 0 }
    public var isWriteOnly: Bool { writeCount == requestCount }

    /// The window a configuration gives, with equivalent shapes made equal, so that every
    /// integer value of `RequestBufferSize` costs a replay only when it can change the
    /// schedule: a limit of at least the trace's length never binds (every limit is capped at
    /// it), and a read/write split on a one-direction trace is a shared buffer.
    /// `MaxActiveTransactions` does not enter: DRAMSys's arbiter counts a transaction as active
    /// only until the controller accepts it into its buffer, and a trace player (one initiator)
    /// sends its next request only after that, so with one initiator the limit never binds
    /// (ArchGym's DRAMSys gives the same total time and energy for 1 and 128; see the README).
    public func window(_ configuration: MemoryControllerConfiguration) -> Window {
        let unlimited = max(requestCount, 1)
        let size = min(configuration.requestBufferSize, unlimited)
        switch configuration.schedulerBuffer {
        case .shared:
            return Window(perBank: unlimited, reads: unlimited, writes: unlimited, total: size)
        case .bankwise:
            return Window(perBank: size, reads: unlimited, writes: unlimited, total: unlimited)
        case .readWrite:
            if isReadOnly || isWriteOnly {
                return Window(perBank: unlimited, reads: unlimited, writes: unlimited, total: size)
            }
            return Window(perBank: unlimited, reads: size, writes: size, total: unlimited)
        }
    }

    /// The scheduler, with grouped FR-FCFS taken as FR-FCFS on a one-direction trace.
    public func effectiveScheduler(_ scheduler: MemoryControllerConfiguration.Scheduler) -> MemoryControllerConfiguration.Scheduler {
        scheduler == .frFcfsGrouped && (isReadOnly || isWriteOnly) ? .frFcfs : scheduler
    }

    /// The schedule statistics for a configuration (computed once per distinct window, page
    /// policy and scheduler).
    public func statistics(for configuration: MemoryControllerConfiguration) -> ScheduleStatistics {
        statistics(window: window(configuration), policy: configuration.pagePolicy, scheduler: effectiveScheduler(configuration.scheduler))
    }

    public func statistics(window: Window, policy: MemoryControllerConfiguration.PagePolicy,
                           scheduler: MemoryControllerConfiguration.Scheduler) -> ScheduleStatistics {
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

    /// Number of distinct schedules characterised so far.
    public var cachedScheduleCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return cache.count
    }

    // MARK: The replay

    private func replay(window: Window, policy: MemoryControllerConfiguration.PagePolicy,
                        scheduler: MemoryControllerConfiguration.Scheduler) -> ScheduleStatistics {
        let n = requestCount, banks = max(device.banks, 1), t = device.timing
        let burst = Double(device.burstCycles)
        var stats = ScheduleStatistics()
        stats.requests = n
        stats.writes = writeCount
        stats.reads = n - writeCount
        guard n > 0 else { return stats }

        var queues = Array(repeating: [Int](), count: banks)
        var pendingTotal = 0, pendingReads = 0, pendingWrites = 0, busyBanks = 0
        var served = Array(repeating: false, count: n)
        var position = Array(repeating: 0, count: n)
        var admittedAt = Array(repeating: 0, count: n)
        var nextIn = 0, oldest = 0, servedCount = 0
        var clock = Double(arrival[0])
        var openRow = Array(repeating: -1, count: banks)
        var used = Array(repeating: false, count: banks)
        // The previous access of each bank: its offset from its row's ACT, and its direction.
        var offsetFromActivate = Array(repeating: 0, count: banks)
        var previousWasWrite = Array(repeating: false, count: banks)
        var bankCycles = Array(repeating: 0.0, count: banks)
        var lastDirectionWrite: Bool? = nil
        var parallelismSum = 0.0, demandSum = 0.0, demandSquares = 0.0

        func admissible(_ r: Int) -> Bool {
            pendingTotal < window.total && queues[bank[r]].count < window.perBank
                && (isWrite[r] ? pendingWrites < window.writes : pendingReads < window.reads)
        }

        while servedCount < n {
            // Admit in arrival order; the first request that does not fit blocks the rest.
            if pendingTotal == 0, nextIn < n, Double(arrival[nextIn]) > clock { clock = Double(arrival[nextIn]) }
            while nextIn < n, Double(arrival[nextIn]) <= clock, admissible(nextIn) {
                let b = bank[nextIn]
                if queues[b].isEmpty { busyBanks += 1 }
                queues[b].append(nextIn)
                pendingTotal += 1
                if isWrite[nextIn] { pendingWrites += 1 } else { pendingReads += 1 }
                admittedAt[nextIn] = servedCount
                nextIn += 1
            }
            while served[oldest] { oldest += 1 }
            let b = bank[oldest]
            let queue = queues[b]
            // The scheduler's pick within the bank.
            var pick = 0
            if scheduler != .fifo, openRow[b] >= 0 {
                var firstHit = -1, sameDirectionHit = -1
                for (k, r) in queue.enumerated() where row[r] == openRow[b] {
                    if firstHit < 0 { firstHit = k }
                    if scheduler == .frFcfsGrouped, let last = lastDirectionWrite, isWrite[r] == last { sameDirectionHit = k; break }
                    if scheduler == .frFcfs { break }
                }
                if sameDirectionHit >= 0 { pick = sameDirectionHit } else if firstHit >= 0 { pick = firstHit }
                else if scheduler == .frFcfsGrouped, let last = lastDirectionWrite, let k = queue.firstIndex(where: { isWrite[$0] == last }) { pick = k }
            } else if scheduler == .frFcfsGrouped, let last = lastDirectionWrite, let k = queue.firstIndex(where: { isWrite[$0] == last }) {
                pick = k
            }
            let r = queue[pick]
            let write = isWrite[r]
            let parallelism = Double(max(busyBanks, 1))

            // Classify and find the same-bank separation from the bank's previous column command.
            let separation: Double
            let latency: Int
            let base = write ? t.WL + device.burstCycles : t.RL + device.burstCycles
            if openRow[b] == row[r] {
                stats.hits += 1
                separation = Double(t.CCD)
                latency = base
                offsetFromActivate[b] += t.CCD
            } else {
                let conflict = openRow[b] >= 0
                if conflict { stats.conflicts += 1 } else { stats.misses += 1 }
                if used[b] {
                    let tail = previousWasWrite[b] ? t.WL + device.burstCycles + t.WR : t.RTP
                    let offset = offsetFromActivate[b]
                    separation = Double(max(t.RAS - offset + t.RP + t.RCD, tail + t.RP + t.RCD, t.RC - offset + t.RCD))
                } else {
                    separation = Double(t.RCD)
                }
                latency = base + t.RCD + (conflict ? t.RP : 0)
                // ACT (and PRE) latency hidden behind transfers served while this request waited.
                let overhead = Double(t.RCD + (conflict ? t.RP : 0))
                stats.exposedActivationCycles += max(0, overhead - burst * Double(servedCount - admittedAt[r]))
                offsetFromActivate[b] = t.RCD
            }
            used[b] = true
            previousWasWrite[b] = write
            stats.unloadedLatencyCycles += Double(latency)
            bankCycles[b] += separation
            stats.bankParallelCycles += separation / parallelism
            parallelismSum += parallelism
            let demand = max(burst, separation / parallelism)
            demandSum += demand
            demandSquares += demand * demand
            if let last = lastDirectionWrite, last != write {
                if write { stats.readToWriteSwitches += 1 } else { stats.writeToReadSwitches += 1 }
            }
            lastDirectionWrite = write

            // Serve it.
            served[r] = true
            position[r] = servedCount
            servedCount += 1
            queues[b].remove(at: pick)
            pendingTotal -= 1
            if write { pendingWrites -= 1 } else { pendingReads -= 1 }
            if queues[b].isEmpty { busyBanks -= 1 }
            clock += demand

            // The page policy decides whether the row stays open.
            let currentRow = row[r]
            switch policy {
            case .open:
                openRow[b] = currentRow
            case .closed:
                openRow[b] = -1
            case .openAdaptive:
                let hitPending = queues[b].contains { row[$0] == currentRow }
                let missPending = queues[b].contains { row[$0] != currentRow }
                openRow[b] = !hitPending && missPending ? -1 : currentRow
            case .closedAdaptive:
                openRow[b] = queues[b].contains { row[$0] == currentRow } ? currentRow : -1
            }
        }

        stats.busiestBankCycles = bankCycles.max() ?? 0
        stats.meanBankParallelism = parallelismSum / Double(n)
        let meanDemand = demandSum / Double(n)
        stats.serviceCV2 = meanDemand > 0 ? max(0, demandSquares / Double(n) - meanDemand * meanDemand) / (meanDemand * meanDemand) : 0
        // In-order responses: each waits until every older request has been served.
        var latest = -1, reorderSum = 0
        for r in 0..<n {
            if latest > position[r] { reorderSum += latest - position[r] }
            latest = max(latest, position[r])
        }
        stats.meanReorderPositions = Double(reorderSum) / Double(n)
        return stats
    }
}
