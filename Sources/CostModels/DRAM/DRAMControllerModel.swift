import Foundation

/// Time, latency, power and energy of a memory controller configuration serving a trace, in
/// closed form over the trace's cached ``DRAMTraceProfile``.
///
/// Service time (cycles) is the largest of the resource bounds:
/// - data bus: `BL/2` per access, plus `RL + tCCD + 2 − WL − BL/2` per read→write turnaround and
///   `WL + BL/2 + tWTR − BL/2` per write→read turnaround, plus activation latency that the window
///   could not hide (`DRAMTraceProfile.ScheduleStatistics.exposedActivationCycles`);
/// - bank cycling: Σ same-bank separations (tRC, tRAS + tRP, tRTP/tWR + tRP + tRCD) divided by
///   the bank-level parallelism at each access, and the busiest bank's Σ alone;
/// - activate rate: activations × max(tRRD, tFAW / 4).
///
/// `MaxActiveTransactions` binds only under a `Fifo` or `Reorder` arbiter, which hold that many
/// transactions from acceptance to answer; DRAMSys's `Simple` arbiter keeps no count (measured on
/// ArchGym's DRAMSys: the same result for 1 and 128 under `Simple`, 4× slower at 1 under `Fifo`).
///
/// The total time (what ArchGym calls latency) is `max(service, arrival span) + RL + BL/2`, plus
/// refresh stalls. Mean request latency is the unloaded latency plus queueing: the fluid backlog of
/// a saturated controller `(service − span) / 2 · (N − 1) / N`, plus Kingman's G/G/1 wait at
/// utilisation `service / span` (capped at √N services for a finite trace), plus the reorder wait
/// of an in-order response queue. Energy follows Micron's DDR3 power method (TN-41-01) per command
/// class (ACT–PRE pairs, read and write bursts, refreshes) plus background standby current.
///
/// Left out: write data I/O and termination power (as DRAMPower leaves them out by default),
/// power-down (fixed off in ArchGym's space), rank switching (one rank), command-bus conflicts,
/// the controller's own pipeline cycles, and several initiators.
public struct DRAMControllerModel: Sendable {
    /// The trace's characterisation the model evaluates configurations on.
    public let profile: DRAMTraceProfile

    /// A model on an existing characterisation (shared between models of one trace).
    public init(profile: DRAMTraceProfile) {
        self.profile = profile
    }

    /// A model of `device` serving `trace`.
    public init(trace: DRAMTrace, device: DRAMDevice = .ddr3_1600_micron_1Gb_x8) {
        self.init(profile: DRAMTraceProfile(trace: trace, device: device))
    }

    /// The DRAM device modelled.
    public var device: DRAMDevice { profile.device }

    /// Total time, latency, power, energy, bandwidth and row hits of `configuration` serving the
    /// trace: the trace's schedule under the configuration's window, policy and scheduler (replayed
    /// once, then cached), plus refresh and energy in closed form.
    public func evaluate(_ configuration: MemoryControllerConfiguration) -> DRAMMetrics {
        let s = profile.statistics(for: configuration)
        let t = device.timing
        let burst = Double(device.burstCycles)
        let n = Double(max(s.requests, 1))
        let span = Double(profile.arrivalSpanCycles)
        let tail = Double(t.RL + device.burstCycles)
        var total = s.scheduleCycles
        // The replayed schedule, without its last access's latency: how long the controller had
        // work (at least the arrival span; longer when it could not keep up).
        let service = max(0, total - tail)
        let saturated = service >= span

        // Refresh: all-bank REF every tREFI for tRFC, after precharging every bank (tRP); open-row
        // policies re-activate afterwards. A saturated controller postpones up to
        // RefreshMaxPostponed refreshes past the end of the trace and stalls for the rest; an
        // idle controller refreshes in its idle time (pulling refreshes in) and stalls only for
        // refresh time beyond it.
        var refreshes = 0.0
        var stallCycles = 0.0
        var refreshLatency = 0.0
        let keepsRowsOpen = configuration.pagePolicy != .closed
        if configuration.refreshPolicy == .allBank {
            let perStall = Double(t.RFC + t.RP + (keepsRowsOpen ? t.RCD : 0))
            let due = (total / Double(t.REFI)).rounded(.down)
            let busy = min(1, service / max(span, 1))
            if saturated {
                let postponed = min(Double(configuration.refreshMaxPostponed), due)
                refreshes = due - postponed
                stallCycles = refreshes * perStall
            } else {
                refreshes = due
                stallCycles = max(0, due * perStall - (1 - busy) * total)
            }
            total += stallCycles
            // A request arriving during a refresh waits half of it on average; postponing and
            // pulling in let the controller dodge busy moments, which it can do unless it has been
            // busy for all of the refresh intervals it may shift by.
            let flexibility = Double(
                configuration.refreshMaxPostponed + configuration.refreshMaxPulledIn)
            refreshLatency =
                refreshes * Double(t.RFC) / max(total, 1) * Double(t.RFC) / 2
                * pow(busy, flexibility)
        }
        let openBanks = Double(min(profile.distinctBanks, max(device.banks, 1)))
        let extraActivations = keepsRowsOpen ? refreshes * openBanks : 0

        // Mean request latency: the replay's arrival → last data beat, in completion order or
        // put back into request order, plus what refresh adds.
        let latencySum =
            configuration.responseQueue == .reorder
            ? s.inOrderLatencySumCycles
            : configuration.arbiter == .reorder
                ? s.perInitiatorOrderLatencySumCycles : s.latencySumCycles
        let meanLatency = latencySum / n + refreshLatency + stallCycles / 2

        // Energy (Micron TN-41-01, as DRAMPower computes it), in pJ: mA × V × ns, on each supply
        // (VDD, and DDR4's VPP with its own currents).
        let ns = device.cycleNanoseconds
        let activations = Double(s.activations) + extraActivations
        let activeCycles = min(s.activeCycles, total)
        var activateEnergy = 0.0
        var readEnergy = 0.0
        var writeEnergy = 0.0
        var refreshEnergy = 0.0
        var backgroundEnergy = 0.0
        for (c, volts) in [
            (device.currents, device.vddVolts), (device.vppCurrents, device.vppVolts),
        ] where volts > 0 {
            let v = volts * Double(device.devicesPerRank)
            activateEnergy +=
                activations
                * (c.idd0 * Double(t.RC)
                    - (c.idd3n * Double(t.RAS) + c.idd2n * Double(t.RC - t.RAS))) * ns * v
            readEnergy += Double(s.reads) * (c.idd4r - c.idd3n) * burst * ns * v
            writeEnergy += Double(s.writes) * (c.idd4w - c.idd3n) * burst * ns * v
            refreshEnergy += refreshes * (c.idd5 - c.idd3n) * Double(t.RFC) * ns * v
            backgroundEnergy += (c.idd3n * activeCycles + c.idd2n * (total - activeCycles)) * ns * v
        }
        let energy = activateEnergy + readEnergy + writeEnergy + refreshEnergy + backgroundEnergy

        let seconds = total * ns * 1e-9
        let readToWrite =
            max(0, device.readToWriteCycles - device.burstCycles) * s.readToWriteSwitches
        let bus = burst * n + Double(readToWrite + t.WTR * s.writeToReadSwitches)
        return DRAMMetrics(
            totalCycles: total, totalMicroseconds: total * ns / 1000,
            meanLatencyNanoseconds: meanLatency * ns,
            powerWatts: energy * 1e-12 / seconds, energyMicrojoules: energy * 1e-6,
            bandwidthGBPerSecond: Double(s.requests * device.bytesPerBurst) / seconds / 1e9,
            rowHitRate: s.rowHitRate,
            activations: activations, refreshes: refreshes,
            energyBreakdownMicrojoules: .init(
                activate: activateEnergy * 1e-6, read: readEnergy * 1e-6, write: writeEnergy * 1e-6,
                refresh: refreshEnergy * 1e-6, background: backgroundEnergy * 1e-6),
            bounds: .init(
                schedule: service, bus: bus,
                activateRate: Double(s.activations) * max(Double(t.RRD), Double(t.FAW) / 4),
                arrivals: span))
    }

    /// Knobs whose value cannot change any metric for this trace, with the reason.
    /// `usesMeanLatency`: whether the objective looks at the mean request latency (the only
    /// metric the response queue affects).
    public func irrelevantKnobs(usesMeanLatency: Bool) -> [(knob: String, reason: String)] {
        // Every knob can matter to a one-initiator trace under some setting of the others; the
        // dependencies (MaxActiveTransactions under the counting arbiters, RespQueue where the
        // answer order matters) are conditions in the search space, not irrelevance.
        _ = usesMeanLatency
        return []
    }

    /// Values that act alike on this trace: (knob, value, the value it behaves as, reason).
    public var equivalentValues: [(knob: String, value: String, sameAs: String, reason: String)] {
        var values: [(knob: String, value: String, sameAs: String, reason: String)] = []
        guard profile.isReadOnly || profile.isWriteOnly else { return values }
        let kind = profile.isReadOnly ? "read-only" : "write-only"
        values += [
            ("Scheduler", "FrFcfsGrp", "FrFcfs", "a \(kind) trace has no read/write groups"),
            (
                "SchedulerBuffer", "ReadWrite", "Shared",
                "a \(kind) trace fills only one of the read/write buffers"
            ),
        ]
        return values
    }
}

/// What ``DRAMControllerModel`` reports for one configuration.
public struct DRAMMetrics: Sendable, Equatable {
    /// Energy by operation, µJ (DRAMPower's split).
    public struct EnergyBreakdown: Sendable, Equatable {
        public var activate, read, write, refresh, background: Double
    }

    /// The replayed service time and the resource floors under it, in cycles.
    public struct Bounds: Sendable, Equatable {
        /// The controller's busy time in the replay (refresh aside).
        public var schedule: Double
        /// Data bus: BL/2 per access plus read↔write turnarounds.
        public var bus: Double
        /// Activations × max(tRRD, tFAW / 4).
        public var activateRate: Double
        /// First to last arrival.
        public var arrivals: Double
    }

    /// Time to serve the whole trace, in memory cycles.
    public var totalCycles: Double
    /// The same in µs: DRAMSys's "total time", ArchGym's latency.
    public var totalMicroseconds: Double
    /// Mean time from a request's arrival to its response, in ns.
    public var meanLatencyNanoseconds: Double
    /// Average power, W.
    public var powerWatts: Double
    /// Energy to serve the trace, µJ.
    public var energyMicrojoules: Double
    /// Data moved per second, GB/s.
    public var bandwidthGBPerSecond: Double
    /// Row-buffer hits per request, 0 to 1.
    public var rowHitRate: Double
    /// Row activations.
    public var activations: Double
    /// Refresh commands.
    public var refreshes: Double
    /// Energy by operation.
    public var energyBreakdownMicrojoules: EnergyBreakdown
    /// The service time and the floors under it.
    public var bounds: Bounds

    /// Metric name → value, the names a search objective and the CLI's JSON use.
    public var named: [(name: String, value: Double)] {
        [
            ("latency_us", totalMicroseconds), ("power_w", powerWatts),
            ("energy_uj", energyMicrojoules),
            ("mean_latency_ns", meanLatencyNanoseconds), ("bandwidth_gbps", bandwidthGBPerSecond),
            ("row_hit_rate", rowHitRate),
            ("cycles", totalCycles), ("activations", activations), ("refreshes", refreshes),
        ]
    }

    /// One metric by name (nil for an unknown name).
    public func value(named name: String) -> Double? {
        switch name {
        case "latency_us": return totalMicroseconds
        case "power_w": return powerWatts
        case "energy_uj": return energyMicrojoules
        case "mean_latency_ns": return meanLatencyNanoseconds
        case "bandwidth_gbps": return bandwidthGBPerSecond
        case "row_hit_rate": return rowHitRate
        case "cycles": return totalCycles
        case "activations": return activations
        case "refreshes": return refreshes
        default: return nil
        }
    }

    /// The metric names, in ``named``'s order.
    public static let metricNames = [
        "latency_us", "power_w", "energy_uj", "mean_latency_ns", "bandwidth_gbps", "row_hit_rate",
        "cycles", "activations", "refreshes",
    ]

    /// The unit of a metric, as reports print it (`µs` for `latency_us`); nil for a count or ratio.
    public static func unit(of name: String) -> String? {
        [
            "latency_us": "µs", "power_w": "W", "energy_uj": "µJ", "mean_latency_ns": "ns",
            "bandwidth_gbps": "GB/s", "cycles": "cycles",
        ][name]
    }

    /// What decided the service time: a floor within 5 % of the replayed time, else the banks'
    /// own timing (activate/precharge latency a shallow buffer cannot hide).
    public var bottleneck: String {
        let floors: [(name: String, cycles: Double)] = [
            ("data bus", bounds.bus), ("activate rate", bounds.activateRate),
            ("request arrivals", bounds.arrivals),
        ]
        let banks = "bank timing (row activations the buffer cannot overlap)"
        guard let highest = floors.max(by: { $0.cycles < $1.cycles }) else { return banks }
        return highest.cycles >= 0.95 * bounds.schedule ? highest.name : banks
    }
}
