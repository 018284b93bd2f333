/// A command-level replay of a trace through one controller window, page policy and scheduler,
/// timed the way DRAMSys's controller is (DRAMSys 4.0, as ArchGym ships it):
///
/// - The trace player offers one request at a time, at its time stamp and at least a cycle after
///   the previous one was accepted; the controller accepts it when its scheduler buffer says it
///   has room, which DRAMSys decides before seeing the request (``DRAMTraceProfile/Window``): a
///   shared buffer holds `RequestBufferSize` requests, a read/write buffer needs room for a read
///   and for a write, a bank-wise buffer needs room in the bank of the last request stored.
/// - Each bank with buffered requests works on the one its scheduler picks (FIFO: the bank's
///   oldest; FR-FCFS: the oldest row hit, else the oldest; grouped FR-FCFS: a hit in the last bus
///   direction first) and needs PRE, ACT or RD/WR next. Every command waits for the JEDEC
///   timings against earlier commands (same bank: tRCD, tRAS, tRC, tRP, tRTP, write recovery;
///   same bank group: DDR4's tRRD_L, tCCD_L, tWTR_L; any bank: tRRD, tFAW, tCCD and the
///   read↔write turnarounds) and the command bus carries one command per cycle. Among the commands that can issue, the earliest goes first, ties to
///   the oldest request (DRAMSys's `CmdMux: Oldest`).
/// - A `Fifo` or `Reorder` arbiter holds at most `MaxActiveTransactions` transactions, from
///   accepting one until its response (the last data beat) is back — in request order when the
///   response queue or the arbiter reorders; the `Simple` arbiter holds no count (DRAMSys gives
///   the same result for any limit under it).
/// - A request leaves the buffer when its column command issues. The page policy then keeps the
///   row open or precharges it (auto-precharge, timed after tRTP / write recovery and tRAS).
///
/// Refresh is not replayed (``DRAMControllerModel`` adds it in closed form); several initiators are
/// not modelled.
struct DRAMCommandReplay {
    let arrival: [Int]
    let bank: [Int]
    let row: [Int]
    let isWrite: [Bool]
    let banks: Int
    /// The bank group of each bank (all 0 without bank groups).
    let bankGroup: [Int]
    let timing: DRAMDevice.Timing
    let burstCycles: Int
    /// RD → WR on the command bus (``DRAMDevice/readToWriteCycles``).
    let readToWriteCycles: Int

    /// The most transactions held when one is accepted (accepted earlier, answered later than
    /// that moment; acceptance times are non-decreasing).
    static func peakHeld(accepted: [Int], answered: [Int]) -> Int {
        var heap = MinHeap()
        var peak = 0
        for r in accepted.indices {
            while let first = heap.first, first <= accepted[r] { heap.removeFirst() }
            peak = max(peak, heap.count)
            heap.insert(answered[r])
        }
        return peak
    }

    func run(window: DRAMTraceProfile.Window, policy: MemoryControllerConfiguration.PagePolicy,
             scheduler: MemoryControllerConfiguration.Scheduler) -> DRAMTraceProfile.ScheduleStatistics {
        let n = arrival.count
        var stats = DRAMTraceProfile.ScheduleStatistics()
        stats.requests = n
        guard n > 0 else { return stats }
        let t = timing, burst = burstCycles
        let never = Int.min / 4
        let start = arrival[0]

        // Buffer.
        var queues = Array(repeating: [Int](), count: banks)
        var pendingTotal = 0, pendingReads = 0, pendingWrites = 0
        var admittedAt = Array(repeating: 0, count: n)
        var nextOffer = 0, lastAccept = never
        // Per bank.
        var openRow = Array(repeating: -1, count: banks)
        var lastActivate = Array(repeating: never, count: banks)
        var activateAllowed = Array(repeating: never, count: banks)   // after PRE + tRP (or auto-precharge)
        var prechargeAllowed = Array(repeating: never, count: banks)  // tRAS, tRTP, write recovery
        var columnAllowed = Array(repeating: never, count: banks)     // tRCD after ACT
        // Any bank.
        var recentActivates = [Int](repeating: never, count: 4)      // tFAW window, oldest first
        var lastAnyActivate = never, lastRead = never, lastWrite = never
        // Per bank group (DDR4's long timings: tRRD_L, tCCD_L, tWTR_L).
        let groups = (bankGroup.max() ?? 0) + 1
        var groupActivate = Array(repeating: never, count: groups)
        var groupRead = Array(repeating: never, count: groups), groupWrite = Array(repeating: never, count: groups)
        var commandBusFree = never
        var lastDirectionWrite: Bool? = nil
        // Results.
        var served = 0
        var completion = Array(repeating: 0, count: n)
        var isServed = Array(repeating: false, count: n)
        var activeIntervals: [(Int, Int)] = []
        var reads = 0, writes = 0, activations = 0, conflicts = 0
        var readToWrite = 0, writeToRead = 0
        var lastDataEnd = start

        // Transactions the arbiter holds: accepted and not yet answered (a Fifo or Reorder
        // arbiter admits at most `window.inFlight`); the answered-later ones' completion times.
        // With answers in request order (a Reorder response queue or arbiter), a served request
        // is answered only once every older one is: `awaitingOrder` counts those still waiting.
        var answering: [Int] = []
        var awaitingOrder = 0, nextToAnswer = 0, answeredUpTo = Int.min
        func inFlight() -> Int { pendingTotal + awaitingOrder + answering.count }
        func offerTime(_ r: Int) -> Int {
            var time = max(arrival[r], lastAccept + 1)
            if inFlight() >= window.inFlight {
                // The next answer frees a slot (if every held transaction is still buffered, a
                // column command must come first: never before the current time).
                time = max(time, answering.min() ?? Int.max)
            }
            return time
        }
        // DRAMSys decides whether it can take the next request before seeing it: a shared buffer
        // needs room for one more, a read/write buffer room on both sides, a bank-wise buffer room
        // in the bank of the request it stored last (the next may go to a full bank and overfill it).
        var lastStoredBank = -1
        func fits(_ r: Int) -> Bool {
            inFlight() < window.inFlight && pendingTotal < window.total && pendingReads < window.reads && pendingWrites < window.writes
                && (lastStoredBank < 0 || queues[lastStoredBank].count < window.perBank)
        }
        /// The request the bank's scheduler works on.
        func pick(_ b: Int) -> Int {
            let queue = queues[b]
            guard scheduler != .fifo else { return 0 }
            if openRow[b] >= 0 {
                var firstHit = -1
                for (k, r) in queue.enumerated() where row[r] == openRow[b] {
                    if scheduler == .frFcfsGrouped, let last = lastDirectionWrite, isWrite[r] == last { return k }
                    if firstHit < 0 { firstHit = k }
                    if scheduler == .frFcfs { break }
                }
                if firstHit >= 0 { return firstHit }
            }
            if scheduler == .frFcfsGrouped, let last = lastDirectionWrite, let k = queue.firstIndex(where: { isWrite[$0] == last }) { return k }
            return 0
        }

        var now = start
        while served < n {
            answering.removeAll { $0 <= now }
            // Accept what the player offers by now and the buffer can hold.
            while nextOffer < n, offerTime(nextOffer) <= now, fits(nextOffer) {
                let r = nextOffer
                admittedAt[r] = max(offerTime(r), now)
                queues[bank[r]].append(r)
                lastStoredBank = bank[r]
                pendingTotal += 1
                if isWrite[r] { pendingWrites += 1 } else { pendingReads += 1 }
                lastAccept = admittedAt[r]
                nextOffer += 1
            }
            // Each busy bank's next command and the earliest cycle it can issue.
            var bestTime = Int.max, bestBank = -1, bestRequest = Int.max, bestSlot = 0
            for b in 0..<banks where !queues[b].isEmpty {
                let slot = pick(b)
                let r = queues[b][slot]
                var earliest = max(now, commandBusFree + 1, admittedAt[r])
                let g = bankGroup[b]
                if openRow[b] == row[r] {
                    earliest = max(earliest, columnAllowed[b])
                    if isWrite[r] {
                        earliest = max(earliest, lastWrite + t.CCD, groupWrite[g] + t.CCD_L, lastRead + readToWriteCycles)
                    } else {
                        earliest = max(earliest, lastRead + t.CCD, groupRead[g] + t.CCD_L,
                                       lastWrite + t.WL + burst + t.WTR, groupWrite[g] + t.WL + burst + t.WTR_L)
                    }
                } else if openRow[b] < 0 {
                    earliest = max(earliest, activateAllowed[b], lastActivate[b] + t.RC, lastAnyActivate + t.RRD,
                                   groupActivate[g] + t.RRD_L, recentActivates[0] + t.FAW)
                } else {
                    earliest = max(earliest, prechargeAllowed[b])
                }
                if earliest < bestTime || (earliest == bestTime && r < bestRequest) {
                    bestTime = earliest; bestBank = b; bestRequest = r; bestSlot = slot
                }
            }
            // A request the player offers before that command may change the choice: take it
            // first. With the arbiter full, the next answer may free a slot before it.
            if nextOffer < n, fits(nextOffer) || (inFlight() >= window.inFlight && !answering.isEmpty) {
                let offer = offerTime(nextOffer)
                if offer < bestTime || bestBank < 0 {
                    now = max(now, offer)
                    continue
                }
            }
            guard bestBank >= 0 else {
                // Nothing buffered and the player cannot offer (cannot happen with n > served).
                break
            }
            let b = bestBank, r = bestRequest, time = bestTime
            now = time
            commandBusFree = time
            if openRow[b] == row[r] {
                // Column command: the request is served.
                let write = isWrite[r]
                if let last = lastDirectionWrite, last != write {
                    if write { readToWrite += 1 } else { writeToRead += 1 }
                }
                lastDirectionWrite = write
                let dataEnd: Int
                if write {
                    writes += 1
                    lastWrite = time
                    groupWrite[bankGroup[b]] = time
                    dataEnd = time + t.WL + burst
                    prechargeAllowed[b] = max(prechargeAllowed[b], time + t.WL + burst + t.WR)
                    pendingWrites -= 1
                } else {
                    reads += 1
                    lastRead = time
                    groupRead[bankGroup[b]] = time
                    dataEnd = time + t.RL + burst
                    prechargeAllowed[b] = max(prechargeAllowed[b], time + t.RTP)
                    pendingReads -= 1
                }
                completion[r] = dataEnd
                isServed[r] = true
                if window.inOrderAnswers {
                    awaitingOrder += 1
                    while nextToAnswer < n, isServed[nextToAnswer] {
                        answeredUpTo = max(answeredUpTo, completion[nextToAnswer])
                        answering.append(answeredUpTo)
                        awaitingOrder -= 1
                        nextToAnswer += 1
                    }
                } else {
                    answering.append(dataEnd)
                }
                lastDataEnd = max(lastDataEnd, dataEnd)
                queues[b].remove(at: bestSlot)
                pendingTotal -= 1
                served += 1
                // The page policy: keep the row or precharge it automatically.
                let current = row[r]
                let close: Bool
                switch policy {
                case .open: close = false
                case .closed: close = true
                case .openAdaptive:
                    let hitPending = queues[b].contains { row[$0] == current }
                    let missPending = queues[b].contains { row[$0] != current }
                    close = !hitPending && missPending
                case .closedAdaptive:
                    close = !queues[b].contains { row[$0] == current }
                }
                if close {
                    let precharge = prechargeAllowed[b]
                    activateAllowed[b] = precharge + t.RP
                    activeIntervals.append((lastActivate[b], precharge))
                    openRow[b] = -1
                }
            } else if openRow[b] < 0 {
                // ACT.
                activations += 1
                openRow[b] = row[r]
                lastActivate[b] = time
                lastAnyActivate = time
                groupActivate[bankGroup[b]] = time
                recentActivates.removeFirst()
                recentActivates.append(time)
                columnAllowed[b] = time + t.RCD
                prechargeAllowed[b] = time + t.RAS
            } else {
                // PRE (a row conflict).
                conflicts += 1
                activeIntervals.append((lastActivate[b], time))
                activateAllowed[b] = time + t.RP
                openRow[b] = -1
            }
        }
        for b in 0..<banks where openRow[b] >= 0 { activeIntervals.append((lastActivate[b], lastDataEnd)) }

        stats.reads = reads
        stats.writes = writes
        // Every ACT opens a row for at least one access; a conflict is a PRE the scheduler had to
        // issue for another row, a miss an ACT that found the bank precharged.
        stats.conflicts = min(conflicts, activations)
        stats.misses = activations - stats.conflicts
        stats.hits = n - activations
        stats.readToWriteSwitches = readToWrite
        stats.writeToReadSwitches = writeToRead
        stats.scheduleCycles = Double(lastDataEnd - start)
        // Cycles with at least one row open (the union of ACT→PRE intervals).
        activeIntervals.sort { $0.0 < $1.0 }
        var active = 0, coveredTo = Int.min
        for (from, to) in activeIntervals where to > from {
            let begin = max(from, coveredTo)
            if to > begin { active += to - begin }
            coveredTo = max(coveredTo, to)
        }
        stats.activeCycles = Double(active)
        // Latency from arrival to the last data beat: responses in completion order, or put back
        // into request order.
        var inOrder = 0.0, reordered = 0.0, latest = Int.min
        for r in 0..<n {
            inOrder += Double(completion[r] - arrival[r])
            latest = max(latest, completion[r])
            reordered += Double(latest - arrival[r])
        }
        stats.latencySumCycles = inOrder
        stats.inOrderLatencySumCycles = reordered
        if window.inFlight >= n {
            // No transaction limit held: how many transactions were held when each request was
            // accepted, answered as completed or in request order. A limit above that peak would
            // never have held either.
            var answeredInOrder = completion
            for r in 1..<n { answeredInOrder[r] = max(answeredInOrder[r], answeredInOrder[r - 1]) }
            stats.peakInFlight = Self.peakHeld(accepted: admittedAt, answered: completion)
            stats.peakInFlightInOrder = Self.peakHeld(accepted: admittedAt, answered: answeredInOrder)
        }
        return stats
    }
}

/// A binary min-heap of cycle counts.
struct MinHeap {
    private var items: [Int] = []
    var count: Int { items.count }
    var first: Int? { items.first }

    mutating func insert(_ value: Int) {
        items.append(value)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child] < items[parent] else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func removeFirst() {
        let last = items.removeLast()
        guard !items.isEmpty else { return }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count, items[left] < items[smallest] { smallest = left }
            if right < items.count, items[right] < items[smallest] { smallest = right }
            guard smallest != parent else { return }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
