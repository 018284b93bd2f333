import CostModels
import Foundation
import TestSupport
import Testing

/// The four ArchGym traces, bundled with the memory-controller problems.
func bundledTrace(_ name: String) throws -> DRAMTrace {
    try DRAMTrace.readSTL(
        path: packageRoot.appendingPathComponent("problems/memory-controller/traces/\(name).stl")
            .path)
}

let archGymTraces = ["stream", "random", "cloud-1", "cloud-2"]

@Suite struct DRAMControllerModelTests {
    /// DRAMSys's example controller (FIFO, bank-wise buffers of 8, 128 transactions in flight, no
    /// refresh), the setting our validation assumes for ArchGym's published runs.
    static func validationConfiguration(_ policy: MemoryControllerConfiguration.PagePolicy)
        -> MemoryControllerConfiguration
    {
        MemoryControllerConfiguration(
            pagePolicy: policy, scheduler: .fifo, schedulerBuffer: .bankwise, requestBufferSize: 8,
            refreshPolicy: .noRefresh, maxActiveTransactions: 128)
    }

    @Test func validationAgainstDRAMSysOnTheStreamTrace() throws {
        let model = DRAMControllerModel(trace: try bundledTrace("stream"))
        // ArchGym's DRAMSys runs: Open page ≈ 50.0 µs and 1.70 W; Closed page ≈ 453 µs and 1.00 W.
        for (policy, microseconds, watts) in [
            (MemoryControllerConfiguration.PagePolicy.open, 50.0, 1.70), (.closed, 453.0, 1.00),
        ] {
            let metrics = model.evaluate(Self.validationConfiguration(policy))
            #expect(
                abs(metrics.totalMicroseconds / microseconds - 1) < 0.05,
                "\(policy): \(metrics.totalMicroseconds) µs vs \(microseconds)")
            #expect(
                abs(metrics.powerWatts / watts - 1) < 0.05,
                "\(policy): \(metrics.powerWatts) W vs \(watts)")
        }
        // ArchGym's committed policy.json (one-request bank buffers) with 128 transactions in
        // flight too.
        for (policy, microseconds, watts) in [
            (MemoryControllerConfiguration.PagePolicy.open, 50.0, 1.70), (.closed, 453.0, 1.00),
        ] {
            var configuration = MemoryControllerConfiguration.archGymDefault
            configuration.pagePolicy = policy
            configuration.maxActiveTransactions = 128
            let metrics = model.evaluate(configuration)
            #expect(
                abs(metrics.totalMicroseconds / microseconds - 1) < 0.05,
                "\(policy): \(metrics.totalMicroseconds) µs vs \(microseconds)")
            #expect(
                abs(metrics.powerWatts / watts - 1) < 0.05,
                "\(policy): \(metrics.powerWatts) W vs \(watts)")
        }
    }

    @Test func streamByHand() throws {
        // Open page: 10,000 reads of 64 B, 79 rows; the data bus needs 4 cycles per burst, so
        // 40,000 cycles = 50 µs is the floor. Closed page: every read is ACT-RD-PRE on the bank
        // of the previous one, tRC = 38 cycles apart → 380,000 cycles = 475 µs at most.
        let model = DRAMControllerModel(trace: try bundledTrace("stream"))
        let open = model.evaluate(Self.validationConfiguration(.open))
        #expect(open.totalMicroseconds >= 50.0 && open.totalMicroseconds < 51)
        #expect(open.activations == 79)
        #expect(abs(open.rowHitRate - 9921.0 / 10000) < 1e-12)
        let closed = model.evaluate(Self.validationConfiguration(.closed))
        #expect(closed.activations == 10_000)
        #expect(closed.totalMicroseconds <= 475.0 + 0.1 && closed.totalMicroseconds > 440)

        // Energy of the closed-page run by Micron's method, recomputed here from the datasheet:
        // ACT–PRE pair (IDD0·tRC − IDD3N·tRAS − IDD2N·(tRC−tRAS)) · tCK · VDD · 8 devices
        //   = (70·38 − 45·28 − 45·10) mA·cycles · 1.25 ns · 1.5 V · 8 = 14,250 pJ;
        // read burst (IDD4R − IDD3N) · 4 cycles = 95 · 4 · 1.25 · 1.5 · 8 = 5,700 pJ;
        // background 45 mA · 1.5 V · 8 = 0.54 W over the whole run.
        let expected = 10_000 * 14_250e-6 + 10_000 * 5_700e-6 + 0.54 * closed.totalMicroseconds
        #expect(abs(closed.energyMicrojoules - expected) < 1e-9 * expected)
        #expect(
            abs(closed.powerWatts - closed.energyMicrojoules / closed.totalMicroseconds) < 1e-12)
    }

    @Test func unloadedLatenciesByHand() throws {
        // A row hit is RL + BL/2 = 10 + 4 cycles from RD to the last data beat; a miss adds tRCD
        // (10), a conflict tRP (10) more — at tCK 1.25 ns.
        let model = DRAMControllerModel(
            trace: DRAMTrace(name: "one", requests: [.init(cycle: 0, isWrite: false, address: 0)]))
        let t = model.device.timing
        #expect(t.RL + model.device.burstCycles == 14 && t.RCD == 10 && t.RP == 10)
        #expect(model.device.cycleNanoseconds == 1.25)

        // One read to a precharged bank: 24 cycles = 30 ns.
        let lone = model.evaluate(.archGymDefault)
        #expect(abs(lone.meanLatencyNanoseconds - 30) < 1e-9)
        // Two reads far apart: same row (miss then hit), same bank other row (miss then conflict).
        let rowBytes: UInt64 = 1 << 16  // the row bits start at 16
        func meanLatency(_ second: UInt64, _ policy: MemoryControllerConfiguration.PagePolicy)
            -> Double
        {
            let trace = DRAMTrace(
                name: "two",
                requests: [
                    .init(cycle: 0, isWrite: false, address: 0),
                    .init(cycle: 100_000, isWrite: false, address: second),
                ])
            return DRAMControllerModel(trace: trace).evaluate(
                MemoryControllerConfiguration(pagePolicy: policy)
            ).meanLatencyNanoseconds
        }
        #expect(abs(meanLatency(64, .open) - (24 + 14) / 2 * 1.25) < 0.01)
        #expect(abs(meanLatency(64, .closed) - 24 * 1.25) < 0.01)
        #expect(abs(meanLatency(rowBytes, .open) - (24 + 34) / 2 * 1.25) < 0.01)
        #expect(abs(meanLatency(rowBytes, .closed) - 24 * 1.25) < 0.01)
    }

    @Test func aLargerFRFCFSWindowNeverLowersTheHitRate() throws {
        var traces = try archGymTraces.map(bundledTrace)
        traces.append(
            SyntheticDRAMTrace(
                pattern: .mix, count: 4000, locality: 0.7, readFraction: 0.7, seed: 3
            ).trace())
        for trace in traces {
            let model = DRAMControllerModel(trace: trace)
            for policy in MemoryControllerConfiguration.PagePolicy.allCases {
                var previous = -1.0
                for size in [1, 2, 4, 8, 16, 32, 64, 128] {
                    let configuration = MemoryControllerConfiguration(
                        pagePolicy: policy, scheduler: .frFcfs, schedulerBuffer: .shared,
                        requestBufferSize: size, maxActiveTransactions: 128)
                    let hitRate = model.evaluate(configuration).rowHitRate
                    #expect(
                        hitRate >= previous - 1e-12,
                        "\(trace.name) \(policy) window \(size): \(hitRate) < \(previous)")
                    previous = hitRate
                }
            }
        }
    }

    @Test func transactionsInFlightMatterOnlyUnderCountingArbiters() throws {
        // ArchGym's DRAMSys 4.0 on the stream trace with its committed policy.json (one-request
        // bank buffers, Open, FIFO, Simple arbiter, one transaction in flight): 51,595 ns,
        // 1,666.0 mW, and the same for 2, 4 and 128.
        let model = DRAMControllerModel(trace: try bundledTrace("stream"))
        let single = model.evaluate(.archGymDefault)
        #expect(abs(single.totalMicroseconds / 51.595 - 1) < 0.01)
        #expect(abs(single.powerWatts / 1.666 - 1) < 0.01)
        for transactions in [2, 3, 64, 128, 1 << 20] {
            var configuration = MemoryControllerConfiguration.archGymDefault
            configuration.maxActiveTransactions = transactions
            #expect(model.evaluate(configuration) == single)
        }
        // Under the Fifo arbiter with 8-deep bank buffers, DRAMSys: 176,875 ns at 1 transaction,
        // 89,380 ns at 2, 51,692.5 ns at 4 (each answer frees the next request: 14 cycles per hit).
        for (transactions, nanoseconds) in [(1, 176_875.0), (2, 89_380.0), (4, 51_692.5)] {
            var configuration = MemoryControllerConfiguration.archGymDefault
            configuration.requestBufferSize = 8
            configuration.arbiter = .fifo
            configuration.maxActiveTransactions = transactions
            #expect(
                abs(model.evaluate(configuration).totalMicroseconds * 1000 / nanoseconds - 1)
                    < 0.01, "\(transactions)")
        }
    }

    @Test func refresh() throws {
        let model = DRAMControllerModel(trace: try bundledTrace("random"))
        var configuration = Self.validationConfiguration(.closed)
        let off = model.evaluate(configuration)
        configuration.refreshPolicy = .allBank
        var previous = Double.infinity
        for postponed in [1, 2, 4, 8] {
            configuration.refreshMaxPostponed = postponed
            let on = model.evaluate(configuration)
            #expect(on.totalMicroseconds >= off.totalMicroseconds)
            #expect(on.totalMicroseconds <= previous)
            previous = on.totalMicroseconds
        }
        // Saturated for the whole run: refreshes due = ⌊cycles / tREFI⌋, minus those postponed past
        // the end.
        configuration.refreshMaxPostponed = 1
        let on = model.evaluate(configuration)
        let due = (off.totalCycles / 6240).rounded(.down)
        #expect(on.refreshes == due - 1)
        #expect(abs(on.totalCycles - off.totalCycles - on.refreshes * (88 + 10)) < 1e-9)
        #expect(
            abs(
                on.energyBreakdownMicrojoules.refresh - on.refreshes * (170 - 45) * 88 * 1.25 * 1.5
                    * 8 * 1e-6) < 1e-9)
    }

    @Test func knobsThatCannotMatterDoNot() throws {
        var rng = SplitMix64(seed: 11)
        for name in archGymTraces {
            let model = DRAMControllerModel(trace: try bundledTrace(name))
            for _ in 0..<40 {
                let configuration = MemoryControllerDesignSpace.archGym.configuration(
                    choices: MemoryControllerDesignSpace.archGym.values.map {
                        Int(rng.next() % UInt64($0.count))
                    })
                let metrics = model.evaluate(configuration)
                // Under the Simple arbiter no transaction limit holds.
                var simple = configuration
                simple.arbiter = .simple
                let simpleMetrics = model.evaluate(simple)
                for transactions in [1, 7, 128] {
                    var other = simple
                    other.maxActiveTransactions = transactions
                    #expect(model.evaluate(other) == simpleMetrics)
                }
                // With answers in request order anyway (Reorder arbiter), the response queue
                // changes nothing; under the Simple arbiter it changes only the mean latency.
                var reorder = configuration
                reorder.arbiter = .reorder
                var flipped = reorder
                flipped.responseQueue = reorder.responseQueue == .fifo ? .reorder : .fifo
                #expect(model.evaluate(flipped) == model.evaluate(reorder))
                var other = simple
                other.responseQueue = simple.responseQueue == .fifo ? .reorder : .fifo
                var changed = model.evaluate(other)
                changed.meanLatencyNanoseconds = simpleMetrics.meanLatencyNanoseconds
                #expect(changed == simpleMetrics)
                // Read-only traces: grouped FR-FCFS is FR-FCFS, a read/write split is a shared
                // buffer.
                for (equivalent, of) in model.equivalentValues.map({ ($0.value, $0.sameAs) }) {
                    var a = configuration
                    var b = configuration
                    if of == "FrFcfs" {
                        a.scheduler = .frFcfsGrouped
                        b.scheduler = .frFcfs
                    } else {
                        a.schedulerBuffer = .readWrite
                        b.schedulerBuffer = .shared
                    }
                    #expect(model.evaluate(a) == model.evaluate(b), "\(equivalent) vs \(of)")
                }
                if configuration.refreshPolicy == .noRefresh {
                    var other = configuration
                    other.refreshMaxPostponed = 8
                    other.refreshMaxPulledIn = 8
                    #expect(model.evaluate(other) == metrics)
                }
            }
        }
    }

    @Test func writesCostBusTurnaroundsAndGroupingSavesThem() throws {
        let trace = SyntheticDRAMTrace(
            pattern: .mix, count: 3000, locality: 0.8, readFraction: 0.5, seed: 5
        ).trace()
        let model = DRAMControllerModel(trace: trace)
        #expect(model.equivalentValues.isEmpty)
        var configuration = MemoryControllerConfiguration(
            pagePolicy: .open, scheduler: .frFcfs, schedulerBuffer: .shared,
            requestBufferSize: 32, maxActiveTransactions: 128)
        let plain = model.profile.statistics(for: configuration)
        configuration.scheduler = .frFcfsGrouped
        let grouped = model.profile.statistics(for: configuration)
        #expect(plain.readToWriteSwitches > 0)
        #expect(
            grouped.readToWriteSwitches + grouped.writeToReadSwitches < plain.readToWriteSwitches
                + plain.writeToReadSwitches)
        let readOnly = DRAMControllerModel(
            trace: DRAMTrace(
                name: "reads",
                requests: trace.requests.map {
                    .init(cycle: $0.cycle, isWrite: false, address: $0.address)
                }))
        configuration.scheduler = .frFcfs
        #expect(
            model.evaluate(configuration).totalCycles > readOnly.evaluate(configuration).totalCycles
        )
    }
}
