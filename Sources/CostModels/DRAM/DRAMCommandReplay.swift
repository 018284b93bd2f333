/// A command-level replay of a trace through one controller window, page policy and scheduler,
/// timed the way the DRAMSys that ArchGym ships is: its 2021 source (tukl-msd/DRAMSys `460604a`,
/// before the v4.0 tag; the binary's arbiter constructor and schedulers are that code's):
///
/// - The trace player offers one request at a time, at its time stamp and at least a cycle after
///   the previous one was accepted; the controller accepts it when its scheduler buffer says it
///   has room, which DRAMSys decides before seeing the request (``DRAMTraceProfile/Window``): a
///   shared buffer holds `RequestBufferSize` requests, a read/write buffer needs room for a read
///   and for a write, a bank-wise buffer needs room in the bank of the last request stored.
/// - Each bank with buffered requests works on the one its scheduler picks (FIFO: the bank's
///   oldest; FR-FCFS: the oldest row hit, else the oldest; grouped FR-FCFS: of the row hits the
///   first in the last column command's direction, reads at first, that no earlier hit to the same
///   address must precede, else the first hit, else the oldest) and needs PRE, ACT or RD/WR next.
///   Every command waits for the JEDEC timings against earlier commands (same bank: tRCD, tRAS,
///   tRC, tRP, tRTP, write recovery; same bank group: DDR4's tRRD_L, tCCD_L, tWTR_L; any bank:
///   tRRD, tFAW, tCCD and the read↔write turnarounds) and the command bus carries one command per
///   cycle. Among the commands that can issue, the earliest goes first, ties to the request the
///   controller received first (DRAMSys's `CmdMux: Oldest`, by channel payload ID).
/// - A `Fifo` or `Reorder` arbiter holds at most `MaxActiveTransactions` transactions per
///   initiator, from taking one until its response (the last data beat) is back — in acceptance
///   order under a `Reorder` response queue, in the initiator's order under a `Reorder` arbiter,
///   one response a cycle; the `Simple` arbiter holds no count (DRAMSys gives the same result for
///   any limit under it).
/// - A request leaves the buffer when its column command issues. The page policy then keeps the
///   row open or precharges it (auto-precharge, timed after tRTP / write recovery and tRAS).
/// - Several initiators (DRAMSys's `tracesetup` with one player per trace): under the `Simple`
///   arbiter each player offers its next request a cycle after the controller took its last, and
///   the arbiter passes them on in the order offered. A `Fifo` or `Reorder` arbiter takes each
///   player's requests at once, up to its limit (the next when an answer comes back), and queues
///   them for the controller in the order taken; requests sent for the same cycle come out of
///   SystemC's event queue last-sent first, which interleaves the players.
///
/// Refresh is not replayed (``DRAMControllerModel`` adds it in closed form).
struct DRAMCommandReplay {
    let arrival: [Int]
    let bank: [Int]
    let row: [Int]
    /// Byte addresses (grouped FR-FCFS keeps two accesses to one address in order).
    let address: [UInt64]
    let isWrite: [Bool]
    /// The trace player of each request (all 0 with one initiator).
    let initiator: [Int]
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

    func run(
        window: DRAMTraceProfile.Window, policy: MemoryControllerConfiguration.PagePolicy,
        scheduler: MemoryControllerConfiguration.Scheduler
    ) -> DRAMTraceProfile.ScheduleStatistics {
        let n = arrival.count
        var stats = DRAMTraceProfile.ScheduleStatistics()
        stats.requests = n
        guard n > 0 else { return stats }
        let t = timing
        let burst = burstCycles
        let never = Int.min / 4
        let start = arrival[0]

        // Buffer.
        var queues = Array(repeating: [Int](), count: banks)
        var pendingTotal = 0
        var pendingReads = 0
        var pendingWrites = 0
        var admittedAt = Array(repeating: 0, count: n)
        // When the arbiter took it and began to count it against its initiator's limit: when the
        // controller did, or earlier, when a queueing arbiter holds it (`window.arbiterQueues`).
        var enteredAt = Array(repeating: 0, count: n)
        // Position in the order the controller received requests (the trace order with one player).
        var acceptedAs = Array(repeating: 0, count: n)
        var lastAccept = never
        // Per initiator: its requests in order, the next one its player offers, when its last one
        // was accepted (a player offers its next request a cycle after that at the earliest).
        let initiators = (initiator.max() ?? 0) + 1
        var own = Array(repeating: [Int](), count: initiators)
        for r in 0..<n { own[initiator[r]].append(r) }
        var nextOwn = Array(repeating: 0, count: initiators)
        var lastAcceptOf = Array(repeating: never, count: initiators)
        // A Fifo or Reorder arbiter takes each player's request at once (up to the transaction
        // limit) and queues it, so a player offers its next a cycle after the arbiter took the
        // last, not after the controller did (`window.arbiterQueues`, several initiators only).
        var lastArbiterOf = Array(repeating: never, count: initiators)
        var offered = 0
        // Per bank.
        var openRow = Array(repeating: -1, count: banks)
        var lastActivate = Array(repeating: never, count: banks)
        // after PRE + tRP (or auto-precharge)
        var activateAllowed = Array(repeating: never, count: banks)
        var prechargeAllowed = Array(repeating: never, count: banks)  // tRAS, tRTP, write recovery
        var columnAllowed = Array(repeating: never, count: banks)  // tRCD after ACT
        // Any bank.
        var recentActivates = [Int](repeating: never, count: 4)  // tFAW window, oldest first
        var lastAnyActivate = never
        var lastRead = never
        var lastWrite = never
        // Per bank group (DDR4's long timings: tRRD_L, tCCD_L, tWTR_L).
        let groups = (bankGroup.max() ?? 0) + 1
        var groupActivate = Array(repeating: never, count: groups)
        var groupRead = Array(repeating: never, count: groups)
        var groupWrite = Array(repeating: never, count: groups)
        var commandBusFree = never
        var lastDirectionWrite: Bool? = nil
        // Results.
        var served = 0
        var completion = Array(repeating: 0, count: n)
        var isServed = Array(repeating: false, count: n)
        var activeIntervals: [(start: Int, end: Int)] = []
        var reads = 0
        var writes = 0
        var activations = 0
        var conflicts = 0
        var readToWrite = 0
        var writeToRead = 0
        var lastDataEnd = start

        // Transactions the arbiter holds per initiator: accepted and not yet answered (a Fifo or
        // Reorder arbiter admits at most `window.inFlight` from each); the answered-later ones'
        // answer times. With answers in order, a served request is answered only once every
        // request before it is: in acceptance order (a Reorder response queue), or in its
        // initiator's order (a Reorder arbiter alone, `window.answersPerInitiator`), a cycle after
        // the answer before it at the earliest (the controller sends one response a cycle).
        // `awaiting` counts the served ones still waiting.
        var answering = Array(repeating: [Int](), count: initiators)
        var buffered = Array(repeating: 0, count: initiators)
        var awaiting = Array(repeating: 0, count: initiators)
        var acceptance: [Int] = []
        acceptance.reserveCapacity(n)
        var nextToAnswer = 0
        var answeredUpTo = never
        var nextToAnswerOf = Array(repeating: 0, count: initiators)
        var answeredUpToOf = Array(repeating: never, count: initiators)
        func inFlight(_ i: Int) -> Int { buffered[i] + awaiting[i] + answering[i].count }
        // Each initiator's answer times so far, sorted: a queueing arbiter lets an initiator's k-th
        // request in once k − limit + 1 of its earlier ones are answered (its queue counts too).
        var answerTimes = Array(repeating: [Int](), count: initiators)
        func recordAnswer(_ i: Int, _ time: Int) {
            answering[i].append(time)
            guard window.arbiterQueues else { return }
            var k = answerTimes[i].count
            answerTimes[i].append(time)
            while k > 0, answerTimes[i][k - 1] > time {
                answerTimes[i].swapAt(k - 1, k)
                k -= 1
            }
        }
        /// When request `r` reaches the arbiter's queue for the controller.
        func arbiterTime(_ r: Int) -> Int {
            let i = initiator[r]
            var time = max(
                arrival[r], (window.arbiterQueues ? lastArbiterOf[i] : lastAcceptOf[i]) + 1)
            if window.arbiterQueues {
                let needed = nextOwn[i] - window.inFlight
                if needed >= 0 {
                    time = max(
                        time, needed < answerTimes[i].count ? answerTimes[i][needed] : Int.max)
                }
            } else if inFlight(i) >= window.inFlight {
                // The next answer frees a slot (if every held transaction is still buffered, a
                // column command must come first: never before the current time).
                time = max(time, answering[i].min() ?? Int.max)
            }
            return time
        }
        /// When the arbiter can pass request `r` on: one request a cycle.
        func offerTime(_ r: Int) -> Int { max(arbiterTime(r), lastAccept + 1) }
        /// Where the arbiter took player `i`'s last request in the controller's order (first
        /// requests: −1 − the player's index), which orders the players' next ones for one cycle.
        func lastTaken(_ i: Int) -> Int {
            nextOwn[i] > 0 ? acceptedAs[own[i][nextOwn[i] - 1]] : -1 - i
        }
        /// The request the arbiter passes on next: of each player's next one, the first in its
        /// queue; -1 when every player is done.
        func nextOffer() -> Int {
            if initiators == 1 { return offered < n ? offered : -1 }
            var best = -1
            var bestTime = Int.max
            for i in 0..<initiators where nextOwn[i] < own[i].count {
                let r = own[i][nextOwn[i]]
                let time = arbiterTime(r)
                // Ties: a queueing arbiter's event queue gives requests sent for the same cycle
                // last-sent first (the player whose previous request it took later), players'
                // first requests in player order; otherwise the earlier in the merged trace.
                let earlier =
                    window.arbiterQueues
                    ? lastTaken(i) > lastTaken(initiator[max(best, 0)]) : r < best
                if best < 0 || time < bestTime || (time == bestTime && earlier) {
                    best = r
                    bestTime = time
                }
            }
            return best
        }
        // DRAMSys decides whether it can take the next request before seeing it: a shared buffer
        // needs room for one more, a read/write buffer room on both sides, a bank-wise buffer room
        // in the bank of the request it stored last (the next may go to a full bank and overfill
        // it).
        var lastStoredBank = -1
        func fits(_ r: Int) -> Bool {
            (window.arbiterQueues || inFlight(initiator[r]) < window.inFlight)
                && pendingTotal < window.total && pendingReads < window.reads
                && pendingWrites < window.writes
                && (lastStoredBank < 0 || queues[lastStoredBank].count < window.perBank)
        }
        /// The request the bank's scheduler works on.
        func pick(_ b: Int) -> Int {
            let queue = queues[b]
            guard scheduler != .fifo else { return 0 }
            // FR-FCFS: the first row hit, else the oldest. Grouped FR-FCFS: of the row hits, the
            // first in the direction of the last column command (reads before any) that no earlier
            // hit to the same address must precede, else the first hit; without a hit, the oldest.
            if openRow[b] >= 0 {
                var firstHit = -1
                let lastWasWrite = lastDirectionWrite ?? false
                for (k, r) in queue.enumerated() where row[r] == openRow[b] {
                    if firstHit < 0 { firstHit = k }
                    if scheduler == .frFcfs { break }
                    if isWrite[r] == lastWasWrite,
                        !queue[..<k].contains(where: { address[$0] == address[r] })
                    {
                        return k
                    }
                }
                if firstHit >= 0 { return firstHit }
            }
            return 0
        }

        var now = start
        while served < n {
            for i in 0..<initiators where !answering[i].isEmpty {
                answering[i].removeAll { $0 <= now }
            }
            // Accept what the players offer by now and the buffer can hold.
            var candidate = nextOffer()
            while candidate >= 0, offerTime(candidate) <= now, fits(candidate) {
                let r = candidate
                let i = initiator[r]
                let entered = arbiterTime(r)
                admittedAt[r] = max(offerTime(r), now)
                enteredAt[r] = window.arbiterQueues ? entered : admittedAt[r]
                acceptedAs[r] = offered
                lastArbiterOf[i] = entered
                queues[bank[r]].append(r)
                lastStoredBank = bank[r]
                pendingTotal += 1
                buffered[i] += 1
                if isWrite[r] { pendingWrites += 1 } else { pendingReads += 1 }
                lastAccept = admittedAt[r]
                lastAcceptOf[i] = admittedAt[r]
                acceptance.append(r)
                nextOwn[i] += 1
                offered += 1
                candidate = nextOffer()
            }
            // Each busy bank's next command and the earliest cycle it can issue.
            var bestTime = Int.max
            var bestBank = -1
            var bestRequest = Int.max
            var bestSlot = 0
            var bestAccepted = Int.max
            for b in 0..<banks where !queues[b].isEmpty {
                let slot = pick(b)
                let r = queues[b][slot]
                var earliest = max(now, commandBusFree + 1, admittedAt[r])
                let g = bankGroup[b]
                if openRow[b] == row[r] {
                    earliest = max(earliest, columnAllowed[b])
                    if isWrite[r] {
                        earliest = max(
                            earliest, lastWrite + t.CCD, groupWrite[g] + t.CCD_L,
                            lastRead + readToWriteCycles)
                    } else {
                        earliest = max(
                            earliest, lastRead + t.CCD, groupRead[g] + t.CCD_L,
                            lastWrite + t.WL + burst + t.WTR, groupWrite[g] + t.WL + burst + t.WTR_L
                        )
                    }
                } else if openRow[b] < 0 {
                    earliest = max(
                        earliest, activateAllowed[b], lastActivate[b] + t.RC,
                        lastAnyActivate + t.RRD,
                        groupActivate[g] + t.RRD_L, recentActivates[0] + t.FAW)
                } else {
                    earliest = max(earliest, prechargeAllowed[b])
                }
                // Ties: the oldest (DRAMSys's CmdMux Oldest: the arbiter's channel payload ID, the
                // order in which requests reached the controller).
                if earliest < bestTime || (earliest == bestTime && acceptedAs[r] < bestAccepted) {
                    bestTime = earliest
                    bestBank = b
                    bestRequest = r
                    bestSlot = slot
                    bestAccepted = acceptedAs[r]
                }
            }
            // A request the player offers before that command may change the choice: take it
            // first. With the arbiter full, the next answer may free a slot before it.
            let next = nextOffer()
            if next >= 0,
                fits(next)
                    || (inFlight(initiator[next]) >= window.inFlight
                        && !answering[initiator[next]].isEmpty)
            {
                let offer = offerTime(next)
                if offer < Int.max, offer < bestTime || bestBank < 0 {
                    now = max(now, offer)
                    continue
                }
            }
            guard bestBank >= 0 else {
                // Nothing buffered and the player cannot offer (cannot happen with n > served).
                break
            }
            let b = bestBank
            let r = bestRequest
            let time = bestTime
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
                let i = initiator[r]
                buffered[i] -= 1
                if window.inOrderAnswers && window.answersPerInitiator {
                    awaiting[i] += 1
                    while nextToAnswerOf[i] < own[i].count, isServed[own[i][nextToAnswerOf[i]]] {
                        answeredUpToOf[i] = max(
                            answeredUpToOf[i] + 1, completion[own[i][nextToAnswerOf[i]]])
                        recordAnswer(i, answeredUpToOf[i])
                        awaiting[i] -= 1
                        nextToAnswerOf[i] += 1
                    }
                } else if window.inOrderAnswers {
                    awaiting[i] += 1
                    while nextToAnswer < acceptance.count, isServed[acceptance[nextToAnswer]] {
                        let q = acceptance[nextToAnswer]
                        let j = initiator[q]
                        answeredUpTo = max(answeredUpTo + 1, completion[q])
                        recordAnswer(j, answeredUpTo)
                        awaiting[j] -= 1
                        nextToAnswer += 1
                    }
                } else {
                    recordAnswer(i, dataEnd)
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
        for b in 0..<banks where openRow[b] >= 0 {
            activeIntervals.append((lastActivate[b], lastDataEnd))
        }

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
        activeIntervals.sort { $0.start < $1.start }
        var active = 0
        var coveredTo = Int.min
        for (from, to) in activeIntervals where to > from {
            let begin = max(from, coveredTo)
            if to > begin { active += to - begin }
            coveredTo = max(coveredTo, to)
        }
        stats.activeCycles = Double(active)
        // Latency from arrival to the last data beat: responses in completion order, put back into
        // acceptance order (a Reorder response queue), or into each initiator's order (a Reorder
        // arbiter). With one initiator the two orders are the request order.
        var answeredInOrder = completion
        var answeredPerInitiator = completion
        var latest = never
        for r in acceptance {
            latest = max(latest + 1, completion[r])
            answeredInOrder[r] = latest
        }
        for requests in own {
            var latestOwn = never
            for r in requests {
                latestOwn = max(latestOwn + 1, completion[r])
                answeredPerInitiator[r] = latestOwn
            }
        }
        var completed = 0.0
        var inOrder = 0.0
        var perInitiator = 0.0
        for r in 0..<n {
            completed += Double(completion[r] - arrival[r])
            inOrder += Double(answeredInOrder[r] - arrival[r])
            perInitiator += Double(answeredPerInitiator[r] - arrival[r])
        }
        stats.latencySumCycles = completed
        stats.inOrderLatencySumCycles = inOrder
        stats.perInitiatorOrderLatencySumCycles = perInitiator
        if window.inFlight >= n {
            // No transaction limit held: how many transactions an initiator had held when each of
            // its requests was accepted, answered as completed or in acceptance order (the latest
            // answers of all). A per-initiator limit above that peak would never have held either.
            for requests in own where !requests.isEmpty {
                stats.peakInFlight = max(
                    stats.peakInFlight,
                    Self.peakHeld(
                        accepted: requests.map { enteredAt[$0] },
                        answered: requests.map { completion[$0] }))
                stats.peakInFlightInOrder = max(
                    stats.peakInFlightInOrder,
                    Self.peakHeld(
                        accepted: requests.map { enteredAt[$0] },
                        answered: requests.map { answeredInOrder[$0] }))
            }
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
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < items.count, items[left] < items[smallest] { smallest = left }
            if right < items.count, items[right] < items[smallest] { smallest = right }
            guard smallest != parent else { return }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
