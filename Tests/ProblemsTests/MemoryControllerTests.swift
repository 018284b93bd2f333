import CostModels
import Foundation
import LinearModel
import Problems
import Search
import TestSupport
import Testing

@Suite struct MemoryControllerTests {
    static let folder = packageRoot.appendingPathComponent("problems/memory-controller")

    /// A problem from YAML text written into the bundled folder's neighbourhood (so `traces/…`
    /// resolves).
    static func problem(_ yaml: String, access: FileAccess = .confined) throws
        -> MemoryControllerProblem
    {
        let root = try ProblemFile.root(
            text: yaml, file: folder.appendingPathComponent("inline.yaml").path, access: access)
        return try #require(try ProblemFile.load(root: root) as? MemoryControllerProblem)
    }

    static func solve(_ problem: MemoryControllerProblem) throws -> MemoryControllerResult {
        try problem.solveSearch(options: SolveOptions())
    }

    /// A small space: seven knobs pinned, three searched (page policy, scheduler, request
    /// buffer size): 4 × 2 × 8 = 64 configurations on a read-only trace (FrFcfsGrp ≡ FrFcfs).
    static let smallSpace = """
        config: {SchedulerBuffer: Shared, MaxActiveTransactions: 16, RespQueue: Fifo, \
        RefreshPolicy: AllBank, RefreshMaxPostponed: 1, RefreshMaxPulledin: 1, Arbiter: Simple}
        """

    /// The small space enumerated here, independently of the family's code.
    static func smallSpaceConfigurations() -> [MemoryControllerConfiguration] {
        var all: [MemoryControllerConfiguration] = []
        for policy in MemoryControllerConfiguration.PagePolicy.allCases {
            for scheduler in MemoryControllerConfiguration.Scheduler.allCases {
                for size in [1, 2, 4, 8, 16, 32, 64, 128] {
                    all.append(
                        MemoryControllerConfiguration(
                            pagePolicy: policy, scheduler: scheduler, schedulerBuffer: .shared,
                            requestBufferSize: size,
                            refreshPolicy: .allBank, maxActiveTransactions: 16))
                }
            }
        }
        return all
    }

    @Test func theBundledProblemSolvesAndMatchesTheExhaustiveOptimum() throws {
        let problem = try #require(
            try ProblemFile.load(
                Self.folder.appendingPathComponent("stream-latency-marl.yaml").path)
                as? MemoryControllerProblem)
        let result = try Self.solve(problem)
        #expect(result.checkProblems.isEmpty)
        let exhaustive = try #require(result.exhaustive)
        // 4 page policies × 2 schedulers (FrFcfsGrp ≡ FrFcfs) × 2 buffers (ReadWrite ≡ Shared) × 8
        // buffer sizes × (NoRefresh + AllBank × 4 × 4) × arbiters (Simple; Fifo × 8 transaction
        // limits × 2 response queues; Reorder × 8 limits, answering in order whatever the queue).
        #expect(exhaustive.evaluations == 4 * 2 * 2 * 8 * 17 * (1 + 16 + 8))
        #expect(result.bestScore >= exhaustive.score)
        #expect(
            result.envelope.status == (result.bestScore == exhaustive.score ? .optimal : .feasible))
        // The stream's floor is the data bus: 10,000 bursts × 4 cycles × 1.25 ns = 50 µs.
        #expect(exhaustive.score >= 50 && exhaustive.score < 50.1)
    }

    @Test func everyEngineFindsTheExhaustiveOptimumOfASmallSpace() throws {
        for trace in ["random", "cloud-1"] {
            let base = try Self.problem(
                """
                family: memory-controller
                trace: traces/\(trace).stl
                objective: energy
                budget: 64
                \(Self.smallSpace)
                """)
            let truth = try Self.solve(base)
            let optimum = try #require(truth.exhaustive)
            #expect(optimum.evaluations == 64)
            let model = DRAMControllerModel(trace: base.trace)
            #expect(
                optimum.score
                    == Self.smallSpaceConfigurations().map { model.evaluate($0).energyMicrojoules }
                    .min())
            for kind in SearchEngineSpec.Kind.allCases {
                var problem = base
                problem.engine = SearchEngineSpec(kind: kind)
                let result = try Self.solve(problem)
                #expect(
                    result.bestScore == optimum.score,
                    "\(kind) on \(trace): \(result.bestScore) vs \(optimum.score)")
                #expect(result.envelope.status == .optimal)
                #expect(result.checkProblems.isEmpty)
            }
        }
    }

    @Test func tpeSettingsReachTheEngine() throws {
        func engine(_ text: String) throws -> TreeParzenEstimator {
            let problem = try Self.problem(
                """
                family: memory-controller\ntrace: traces/stream.stl\nobjective: \
                latency\nengine: \(text)\n\(Self.smallSpace)
                """
            )
            return try #require(problem.engine.makeEngine(horizon: 100) as? TreeParzenEstimator)
        }
        #expect(try engine("tpe").multivariate)
        let independent = try engine(
            "{name: tpe, multivariate: false, startup_evaluations: 5, candidates: 48}")
        #expect(
            !independent.multivariate && independent.startupEvaluations == 5
                && independent.candidates == 48)
        #expect(throws: ProblemFileError.self) { try engine("{name: tpe, multivariate: 3}") }
    }

    @Test func theSameSeedGivesTheSameRunBitForBit() throws {
        var anotherSeedDiffers = false
        for engine in [
            "marl", "ucb1", "genetic", "single-agent-rl",
            "{name: marl, update: ppo, credit: difference}",
        ] {
            let yaml =
                """
                family: memory-controller\ntrace: traces/cloud-2.stl\nobjective: \
                latency\nengine: \(engine)\nbudget: 60\nseed: 4\nexhaustive: false\n
                """
            let a = try Self.solve(try Self.problem(yaml))
            let b = try Self.solve(try Self.problem(yaml))
            #expect(a.search?.trace.map(\.best) == b.search?.trace.map(\.best))
            #expect(a.best == b.best)
            let c = try Self.solve(
                try Self.problem(yaml.replacingOccurrences(of: "seed: 4", with: "seed: 5")))
            if c.search?.trace.map(\.best) != a.search?.trace.map(\.best) {
                anotherSeedDiffers = true
            }
        }
        #expect(anotherSeedDiffers, "changing the seed changed no engine's run")
    }

    @Test func collapsingKnobsDoesNotChangeTheOptimum() throws {
        // Pin three knobs so the uncollapsed space stays small (442,368 / 256 = 1,728).
        for objective in ["latency", "mean_latency", "power"] {
            let yaml = """
                family: memory-controller
                trace: traces/cloud-1.stl
                objective: \(objective)
                engine: exhaustive
                budget: 100000
                config: {PagePolicy: Open, RequestBufferSize: 8, MaxActiveTransactions: 64}
                """
            let collapsed = try Self.solve(try Self.problem(yaml))
            let full = try Self.solve(try Self.problem(yaml + "\ncollapse: false"))
            #expect(full.exhaustive?.evaluations == 1728)
            #expect((collapsed.exhaustive?.evaluations ?? 0) < 1728)
            #expect(collapsed.bestScore == full.bestScore, "\(objective)")
        }
    }

    @Test func archGymsSpaceHasAnExhaustiveOptimumFoundIndependently() throws {
        // A short trace keeps the brute force below quick in a debug build; refresh pinned off.
        let problem = try Self.problem(
            """
            family: memory-controller
            trace: {synthetic: mix, count: 300, locality: 0.5, seed: 3}
            objective: energy
            engine: random
            budget: 300
            space: archgym
            config: {RefreshPolicy: NoRefresh}
            """)
        #expect(problem.designSpace.size == 28_311_552)
        let result = try Self.solve(problem)
        let optimum = try #require(result.exhaustive)
        // Collapsed: 4 page policies × 2 schedulers × 2 buffers (read-only trace) × 8 sizes ×
        // arbiters (Simple; Fifo × 128 limits × 2 response queues; Reorder × 128).
        #expect(optimum.evaluations == 4 * 2 * 2 * 8 * (1 + 256 + 128))
        #expect(result.bestScore >= optimum.score)
        #expect(result.checkProblems.isEmpty)
        // Brute force over every value of every knob refresh leaves, all schedulers and buffers.
        let model = DRAMControllerModel(trace: problem.trace)
        var best = Double.infinity
        for policy in MemoryControllerConfiguration.PagePolicy.allCases {
            for scheduler in MemoryControllerConfiguration.Scheduler.allCases {
                for buffer in MemoryControllerConfiguration.SchedulerBuffer.allCases {
                    for size in 1...8 {
                        for arbiter in MemoryControllerConfiguration.Arbiter.allCases {
                            for queue in MemoryControllerConfiguration.ResponseQueue.allCases {
                                for transactions in 1...128 {
                                    let configuration = MemoryControllerConfiguration(
                                        pagePolicy: policy, scheduler: scheduler,
                                        schedulerBuffer: buffer, requestBufferSize: size,
                                        responseQueue: queue, arbiter: arbiter,
                                        maxActiveTransactions: transactions)
                                    best = min(
                                        best, model.evaluate(configuration).energyMicrojoules)
                                }
                            }
                        }
                    }
                }
            }
        }
        #expect(optimum.score == best)
        let text = result.envelope.json.serialized
        #expect(text.contains("\"design_space\":\"archgym\""))
    }

    @Test func aSpaceInTheFileReplacesTheBasesValues() throws {
        let problem = try Self.problem(
            """
            family: memory-controller
            trace: traces/stream.stl
            objective: latency
            space: {base: archgym, RequestBufferSize: [2, 3, 5], RefreshMaxPostponed: {min: 0, \
            max: 2}, PagePolicy: [Open, closed]}
            """)
        let space = problem.designSpace
        #expect(space.name == "custom")
        #expect(space.values[0] == ["Open", "Closed"])
        #expect(space.values[3] == ["2", "3", "5"])
        #expect(space.values[6] == ["0", "1", "2"])
        #expect(space.values[9] == (1...128).map(String.init))
        #expect(space.size == 2 * 3 * 3 * 3 * 2 * 2 * 3 * 8 * 3 * 128)
        let result = try Self.solve(problem)
        #expect(result.checkProblems.isEmpty)
        let best = try #require(result.best)
        #expect(
            ["Open", "Closed"].contains(best.pagePolicy.rawValue)
                && [2, 3, 5].contains(best.requestBufferSize))
    }

    @Test func pinningEveryKnobEvaluatesThatConfiguration() throws {
        let problem = try Self.problem(
            """
            family: memory-controller
            trace: traces/stream.stl
            objective: power
            config: {PagePolicy: Closed, Scheduler: Fifo, SchedulerBuffer: Bankwise, \
            RequestBufferSize: 8, RespQueue: Fifo,
                     RefreshPolicy: NoRefresh, RefreshMaxPostponed: 1, RefreshMaxPulledin: 1, \
            Arbiter: Simple, MaxActiveTransactions: 128}
            """)
        let result = try Self.solve(problem)
        #expect(result.search == nil)
        let expected = DRAMControllerModel(
            trace: try DRAMTrace.readSTL(
                path: Self.folder.appendingPathComponent("traces/stream.stl").path)
        )
        .evaluate(
            MemoryControllerConfiguration(
                pagePolicy: .closed, requestBufferSize: 8, maxActiveTransactions: 128))
        #expect(result.bestMetrics == expected)
        #expect(result.envelope.status == .feasible)
        #expect(result.envelope.objective == expected.powerWatts)
        let text = result.envelope.json.serialized
        #expect(text.contains("\"best_config\":{\"PagePolicy\":\"Closed\""))
        #expect(text.contains("\"evaluations\":1"))
    }

    @Test func targetAndConstraints() throws {
        let target = try Self.solve(
            try Self.problem(
                """
                family: memory-controller
                trace: traces/random.stl
                objective: {target: {metric: power_w, value: 1.5}}
                engine: exhaustive
                budget: 100000
                \(Self.smallSpace)
                """))
        let power = try #require(target.bestMetrics?.powerWatts)
        #expect(abs(power - 1.5) == target.bestScore)
        let model = DRAMControllerModel(trace: target.problem.trace)
        #expect(
            target.bestScore
                == Self.smallSpaceConfigurations().map { abs(model.evaluate($0).powerWatts - 1.5) }
                .min())

        let constrained = try Self.solve(
            try Self.problem(
                """
                family: memory-controller
                trace: traces/random.stl
                objective: latency
                constraints: [{metric: power_w, at_most: 1.5}]
                engine: exhaustive
                budget: 100000
                \(Self.smallSpace)
                """))
        #expect(try #require(constrained.bestMetrics).powerWatts <= 1.5)
        #expect(
            constrained.bestScore
                == Self.smallSpaceConfigurations().map { model.evaluate($0) }.filter {
                    $0.powerWatts <= 1.5
                }
                .map(\.totalMicroseconds).min())
        let impossible = try Self.solve(
            try Self.problem(
                """
                family: memory-controller
                trace: traces/random.stl
                objective: latency
                constraints: [{metric: power_w, at_most: 0.1}]
                budget: 50
                \(Self.smallSpace)
                """))
        #expect(impossible.envelope.status == .infeasible)
        #expect(!impossible.envelope.hasSolution)
    }

    @Test func paretoFrontAgainstTheExhaustiveFront() throws {
        let yaml = """
            family: memory-controller
            trace: traces/cloud-1.stl
            objective: {pareto: [latency_us, energy_uj]}
            budget: 60
            \(Self.smallSpace)
            """
        let result = try Self.solve(try Self.problem(yaml))
        let front = try #require(result.search?.archive.entries)
        let truth = try #require(result.exhaustive?.archive.entries)
        #expect(!front.isEmpty && !truth.isEmpty)
        // No exhaustive point is dominated by a found one (the exhaustive front is the true front).
        for point in truth {
            #expect(!front.contains { ParetoArchive.dominates($0.objectives, point.objectives) })
        }
        let hv = try #require(result.hypervolume)
        let hvStar = try #require(result.exhaustiveHypervolume)
        #expect(hv <= hvStar * (1 + 1e-12))
        let all = try Self.solve(
            try Self.problem(
                yaml.replacingOccurrences(
                    of: "budget: 60", with: "budget: 1000\nengine: exhaustive")))
        #expect(abs((all.hypervolume ?? 0) - (all.exhaustiveHypervolume ?? 1)) < 1e-9 * hvStar)
        #expect(all.envelope.status == .optimal)
    }

    @Test func syntheticTracesAndTheBestSoFarCSV() throws {
        let directory = try makeTemporaryDirectory()
        let csv = directory.appendingPathComponent("trace.csv").path
        let result = try Self.solve(
            try Self.problem(
                """
                family: memory-controller
                trace: {synthetic: mix, count: 2000, locality: 0.6, read_fraction: 0.7, seed: 2}
                objective: latency
                engine: {name: ucb1, arm_reset: 20, normalize_rewards: true}
                budget: 40
                exhaustive: false
                best_so_far_csv: \(csv)
                """, access: .allowing([directory.path])))
        #expect(result.space.merged.isEmpty)  // writes: no values act alike
        let lines = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "evaluation,best_score")
        #expect(lines.count == 41)
        #expect(result.csvColumns.map(\.0) == result.problem.resultColumnNames)
        #expect(
            result.csvColumns.first { $0.0 == "best_at_40" }?.1
                == lines.last?.split(separator: ",").last.map(String.init))
    }

    @Test(
        arguments: [
            ("trace: traces/none.stl\nobjective: latency", "trace", "no such trace file"),
            (
                "trace: traces/stream.stl\nobjective: speed", "objective",
                "unknown objective 'speed'"
            ),
            (
                "trace: traces/stream.stl\nobjective: {minimize: latncy_us}", "objective.minimize",
                "did you mean 'latency_us'"
            ),
            (
                "trace: traces/stream.stl\nobjective: latency\nengine: annealing", "engine",
                "unknown engine 'annealing'"
            ),
            (
                "trace: traces/stream.stl\nobjective: latency\nengine: {name: marl, update: sarsa}",
                "engine.update", "reinforce or ppo"
            ),
            (
                "trace: traces/stream.stl\nobjective: latency\nengine: {name: ucb1, epsilon: 0.2}",
                "engine.epsilon", "unknown key"
            ),
            (
                "trace: traces/stream.stl\nobjective: latency\nconfig: {PagePolicy: Half}",
                "config.PagePolicy", "cannot be 'Half'"
            ),
            (
                "trace: traces/stream.stl\nobjective: latency\nconfig: {PagePolicie: Open}",
                "config.PagePolicie", "did you mean 'PagePolicy'"
            ),
            (
                "trace: traces/stream.stl\nobjective: latency\nbudget: 0", "budget",
                "must be from 1 to 1000000000 evaluations"
            ),
            ("trace: {synthetic: mix, locality: 2}\nobjective: latency", "trace", "locality"),
            (
                "trace: traces/stream.stl\nobjective: latency\nbudgte: 5", "budgte",
                "did you mean 'budget'"
            ),
            (
                "trace: traces/stream.stl\nobjective: latency\nconfig: {RefreshMaxPostponed: 9}",
                "config.RefreshMaxPostponed", "valid: an integer in 0...8"
            ),
            (
                "trace: traces/stream.stl\nobjective: latency\nspace: tiny", "space",
                "unknown design space 'tiny' (spaces: marl, archgym"
            ),
            (
                "trace: traces/stream.stl\nobjective: latency\nspace: {RequestBufferSize: [2, 0]}",
                "space.RequestBufferSize[1]", "cannot be '0'"
            ),
            (
                "trace: traces/stream.stl\nobjective: latency\nspace: {RequestBufferSize: [2, 2]}",
                "space", "lists '2' twice"
            ),
            (
                """
                trace: traces/stream.stl\nobjective: latency\nspace: {RefreshMaxPulledin: \
                {min: 3, max: 1}}
                """,
                "space.RefreshMaxPulledin.max", "below min"
            ),
            (
                """
                trace: traces/stream.stl\nobjective: latency\nspace: {MaxActiveTransactions: \
                {min: 1, max: 5000000000}}
                """,
                "space.MaxActiveTransactions.max", "must be"
            ),
            (
                "trace: traces/stream.stl\nobjective: latency\nspace: {base: huge}", "space.base",
                "unknown design space 'huge'"
            ),
            (
                "trace: traces/stream.stl\nobjective: latency\nspace: {Colour: [red]}",
                "space.Colour", "unknown key"
            ),
            (
                "trace: traces/stream.stl\nobjective: latency\ndevice: ddr5", "device",
                "neither a bundled device (ddr3-1600, ddr4-2400)"
            ),
            (
                """
                trace: traces/stream.stl\nobjective: latency\ndevice: \
                devices/JEDEC_4Gb_DDR4-2400_8bit_A.json
                """,
                "device", "give it with its address mapping"
            ),
            (
                """
                trace: traces/stream.stl\nobjective: latency\ndevice: {memspec: \
                devices/JEDEC_8Gb_LPDDR4-3200_16bit.json, address_mapping: \
                devices/am_ddr4_8x4Gbx8_dimm_p1KB_brc.json}
                """,
                "device", "LPDDR4 refreshes per bank"
            ),
            (
                """
                trace: traces/stream.stl\nobjective: latency\ndevice: {memspec: \
                devices/JEDEC_4Gb_DDR4-2400_8bit_A.json}
                """,
                "device.address_mapping", "required key missing"
            ),
            (
                """
                trace: traces/stream.stl\nobjective: latency\ndevice: {memspec: \
                devices/JEDEC_4Gb_DDR4-2400_8bit_A.json, address_mapping: /etc/passwd}
                """,
                "device.address_mapping", "outside"
            ),
        ] as [(String, String, String)])
    func badProblemFiles(body: String, path: String, message: String) throws {
        let root = try ProblemFile.root(
            text: "family: memory-controller\n" + body,
            file: Self.folder.appendingPathComponent("bad.yaml").path)
        #expect {
            _ = try ProblemFile.load(root: root)
        } throws: { error in
            guard let error = error as? ProblemFileError else { return false }
            return error.path == path && error.message.contains(message) && error.line != nil
                && error.file.hasSuffix("bad.yaml")
        }
    }

    /// A DDR4 device by name and from DRAMSys's files: pinned knobs evaluate as the model does
    /// directly.
    @Test func aDDR4DeviceFromItsNameOrDRAMSysFiles() throws {
        let pins =
            """
            config: {PagePolicy: Open, Scheduler: FrFcfs, SchedulerBuffer: Shared, \
            RequestBufferSize: 8, RespQueue: Fifo, 
            """
                + """
                RefreshPolicy: AllBank, RefreshMaxPostponed: 8, RefreshMaxPulledin: 8, Arbiter: \
                Simple, MaxActiveTransactions: 128}
                """
        let named = try Self.problem(
            """
            family: memory-controller\ntrace: traces/stream.stl\nobjective: latency\ndevice: \
            ddr4-2400\n
            """
                + pins)
        #expect(named.model.device == .ddr4_2400_jedec_4Gb_x8)
        let files = try Self.problem(
            """
            family: memory-controller
            trace: traces/stream.stl
            objective: latency
            device: {memspec: devices/JEDEC_4Gb_DDR4-2400_8bit_A.json, address_mapping: \
            devices/am_ddr4_8x4Gbx8_dimm_p1KB_brc.json}
            \(pins)
            """)
        #expect(files.model.device == .ddr4_2400_jedec_4Gb_x8)
        let result = try Self.solve(files)
        let trace = try DRAMTrace.readSTL(
            path: Self.folder.appendingPathComponent("traces/stream.stl").path, playerClockMHz: 800,
            memoryClockMHz: 1200)
        let direct = DRAMControllerModel(trace: trace, device: .ddr4_2400_jedec_4Gb_x8).evaluate(
            try #require(result.best))
        #expect(result.bestMetrics?.totalMicroseconds == direct.totalMicroseconds)
        // DRAMSys (ArchGym's binary) on this configuration: 52,474.0 ns.
        #expect(abs(direct.totalMicroseconds / 52.474002 - 1) < 0.01)
    }

    @Test func aBrokenTraceNamesItsOwnLine() throws {
        let directory = try makeTemporaryDirectory()
        try writeFile("0:\tread\t0x0\n1:\tread\t0xQ\n", named: "broken.stl", in: directory)
        let problem = try writeFile(
            "family: memory-controller\ntrace: broken.stl\nobjective: latency\n", named: "p.yaml",
            in: directory)
        #expect {
            _ = try ProblemFile.load(problem)
        } throws: { error in
            let text = (error as? ProblemFileError)?.description ?? ""
            return text.contains("p.yaml:2: trace:") && text.contains("broken.stl:2:")
                && text.contains("hexadecimal")
        }
    }
}

/// Several initiators in a problem file: `trace:` as a list of files, one trace player each.
extension MemoryControllerTests {
    static let twoPlayers = """
        family: memory-controller
        trace: [traces/random.stl, traces/cloud-1.stl]
        engine: exhaustive
        budget: 100000
        config: {PagePolicy: Open, Scheduler: FrFcfs, SchedulerBuffer: Shared, RequestBufferSize: \
        8, RefreshPolicy: NoRefresh, MaxActiveTransactions: 4}
        """

    @Test func aListOfTracesIsOneInitiatorEach() throws {
        let problem = try Self.problem(Self.twoPlayers + "\nobjective: latency")
        #expect(problem.model.profile.initiatorCount == 2)
        #expect(problem.model.profile.requestCount == 20_000)
        #expect(
            problem.overview.contains(
                "traces/random.stl + traces/cloud-1.stl (20000 requests, 0 writes, 2 initiators)"))
        let result = try Self.solve(problem)
        #expect(result.checkProblems.isEmpty)
        #expect(result.envelope.json.serialized.contains("\"initiators\":2"))
        #expect(result.humanReadable.contains("(20000 requests, 2 initiators)"))
    }

    @Test func withSeveralInitiatorsTheResponseQueueMattersUnderTheReorderArbiterToo() throws {
        for objective in ["latency", "mean_latency"] {
            let yaml = Self.twoPlayers + "\nobjective: \(objective)"
            let collapsed = try Self.solve(try Self.problem(yaml))
            let full = try Self.solve(try Self.problem(yaml + "\ncollapse: false"))
            // Uncollapsed: 2 response queues × 3 arbiters × 4 × 4 refresh values; collapsed: Simple
            // (× 2 response queues for the mean latency), Fifo × 2, Reorder × 2.
            #expect(full.exhaustive?.evaluations == 96)
            #expect(
                collapsed.exhaustive?.evaluations == (objective == "latency" ? 5 : 6),
                "\(objective)")
            #expect(collapsed.bestScore == full.bestScore, "\(objective)")
        }
        // DRAMSys itself: 211,572.5 ns with the Fifo response queue, 212,902.5 ns with Reorder
        // (DRAMSysValidationTests); the model evaluates them apart too.
        let model = try Self.problem(Self.twoPlayers + "\nobjective: latency").model
        let reorder = try MemoryControllerConfiguration.with([
            ("PagePolicy", "Open"), ("Scheduler", "FrFcfs"), ("SchedulerBuffer", "Shared"),
            ("RequestBufferSize", "8"), ("RefreshPolicy", "NoRefresh"), ("Arbiter", "Reorder"),
            ("MaxActiveTransactions", "4"),
        ])
        var fifoQueue = reorder
        var reorderQueue = reorder
        fifoQueue.responseQueue = .fifo
        reorderQueue.responseQueue = .reorder
        #expect(
            model.evaluate(fifoQueue).totalMicroseconds
                < model.evaluate(reorderQueue).totalMicroseconds)
    }

    @Test func theDefaultEnumerationIsLeftOutWhenItWouldReplayTooMuch() throws {
        // Every transaction limit is a schedule of its own with several initiators: the whole
        // space would be thousands of replays of 20,000 requests.
        let problem = try Self.problem(
            """
            family: memory-controller
            trace: [traces/random.stl, traces/cloud-1.stl]
            objective: latency
            engine: random
            budget: 20
            config: {PagePolicy: Open, Scheduler: FrFcfs, SchedulerBuffer: Shared, RefreshPolicy: \
            NoRefresh}
            """)
        #expect(
            problem.exhaustiveReplayedRequests(space: problem.space)
                > MemoryControllerProblem.exhaustiveReplayLimit)
        let result = try Self.solve(problem)
        #expect(result.exhaustive == nil)
        #expect(result.humanReadable.contains("exhaustive optimum skipped: it would replay"))
        #expect(result.envelope.json.serialized.contains("\"exhaustive_skipped\":"))
        // The small space above: 5 configurations, at most 5 replays, enumerated by default.
        let small = try Self.problem(Self.twoPlayers + "\nobjective: latency")
        #expect(small.exhaustiveReplayedRequests(space: small.space) <= 5 * 20_000)
    }

    @Test(arguments: [
        ("trace: []", "trace: expected 1 to 32 trace files"),
        ("trace: [traces/random.stl, {synthetic: mix}]", "trace[1]"),
        ("trace: [traces/random.stl, traces/missing.stl]", "trace[1]"),
        ("trace: [traces/random.stl, ../../README.md]", "trace[1]"),
        (
            "trace: [" + Array(repeating: "traces/random.stl", count: 33).joined(separator: ", ")
                + "]", "at most 32"
        ),
    ])
    func aBadListOfTracesNamesTheEntry(line: String, message: String) throws {
        let yaml = """
            family: memory-controller
            \(line)
            objective: latency
            """
        do {
            _ = try Self.problem(yaml)
            Issue.record("accepted: \(line)")
        } catch {
            #expect("\(error)".contains(message), "\(error)")
        }
    }
}
