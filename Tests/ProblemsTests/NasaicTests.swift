import CostModels
import Foundation
import GLPKBackend
import LinearModel
import Search
import TestSupport
import Testing

@testable import Problems

@Suite("NASAIC co-exploration")
struct NasaicTests {
    static let tiny = """
        family: nasaic
        tasks:
          - name: cls
            backbone: resnet
            input: {height: 8, width: 8, channels: 3}
            outputs: 10
            stages:
              - {channels: [4, 8], kernel: [3, 5], repeats: [1, 2]}
              - {channels: [8, 16], kernel: [3], repeats: [1]}
            accuracy: {synthetic: {base: 0.5, gain: 0.4, macs_scale: 2.0e5}}
          - name: seg
            backbone: unet
            input: {height: 8, width: 8, channels: 1}
            outputs: 1
            stages:
              - {channels: [2, 4], kernel: [3], repeats: [1, 2]}
              - {channels: [4, 8], kernel: [3], repeats: [1]}
            accuracy: {synthetic: {base: 0.4, gain: 0.5, macs_scale: 1.0e5}}
        accelerator:
          sub_accelerators: 2
          templates: [dla, shi, rs]
          pes: [64, 128]
          noc_bw: [4, 16]
          max_total_pes: 192
          max_total_noc_bw: 20
        specs: {latency_cycles: 12000, energy_nj: 1500, area_mm2: 7}
        engine: rl-controller
        budget: 40
        seed: 3
        """

    static func problem(_ text: String = tiny) throws -> NasaicProblem {
        let root = try ProblemFile.root(text: text, file: "tiny.yaml")
        return try #require(try ProblemFile.load(root: root) as? NasaicProblem)
    }

    @Test("ResNet and UNet builders: layers and MACs by hand")
    func builders() {
        // Stem 3×3 (4 ← 3) on 8×8: 4·3·9·64; one block of two 3×3 (4 ← 4): 2 · 4·4·9·64; FC 10 ← 4.
        let resnet = NasaicNetwork(
            backbone: .resnet, inputHeight: 8, inputWidth: 8, inputChannels: 3, outputs: 10,
            stages: [.init(channels: 4, kernel: 3, repeats: 1)])
        #expect(resnet.layers.count == 4)
        #expect(resnet.macs == 4 * 3 * 9 * 64 + 2 * 4 * 4 * 9 * 64 + 40)
        // A second stage (8 channels) halves the resolution and adds a 1×1 projection.
        let two = NasaicNetwork(
            backbone: .resnet, inputHeight: 8, inputWidth: 8, inputChannels: 3, outputs: 10,
            stages: [
                .init(channels: 4, kernel: 3, repeats: 1),
                .init(channels: 8, kernel: 3, repeats: 1),
            ])
        #expect(two.macs == resnet.macs - 40 + 8 * 4 * 9 * 16 + 8 * 8 * 9 * 16 + 8 * 4 * 16 + 80)
        // UNet: enc 3×3 (2 ← 1) at 8×8, pool, enc 3×3 (4 ← 2) at 4×4, up 1×1 (2 ← 4) at 8×8,
        // concat → 4 channels, 3×3 (2 ← 4) at 8×8, output 1×1 (1 ← 2).
        let unet = NasaicNetwork(
            backbone: .unet, inputHeight: 8, inputWidth: 8, inputChannels: 1, outputs: 1,
            stages: [
                .init(channels: 2, kernel: 3, repeats: 1),
                .init(channels: 4, kernel: 3, repeats: 1),
            ])
        #expect(unet.macs == 1152 + 1152 + 512 + 4608 + 128)
        #expect(unet.architecture == "2-3-1/4-3-1")
    }

    @Test(
        """
        The hardware ILP equals brute force over every sub-accelerator × mapping design, on \
        random instances
        """
    )
    func ilpEqualsBruteForce() throws {
        var generator = SplitMix64(seed: 5)
        func uniform(_ low: Double, _ high: Double) -> Double {
            low + (high - low) * Double(generator.next() % 10_000) / 10_000
        }
        var feasible = 0
        var infeasible = 0
        for trial in 0..<40 {
            let templates = DataflowTemplate.allCases
            let options = (0..<(3 + trial % 4)).map { i in
                NasaicHardwareSpace.Option(
                    template: templates[i % 3], pes: [4, 16, 64][Int(generator.next() % 3)],
                    nocBandwidth: [4, 16][Int(generator.next() % 2)])
            }
            let space = NasaicHardwareSpace(
                subAccelerators: 1 + trial % 3, options: options, maxTotalPEs: 80,
                maxTotalBandwidth: 24)
            let tasks = 1 + trial % 3
            let costs = (0..<tasks).map { _ in
                NasaicTaskCosts(
                    latencyCycles: options.map {
                        1000 * uniform(1, 10) / Double($0.pes).squareRoot()
                    },
                    energyNanojoules: options.map { _ in uniform(10, 100) },
                    l1Bytes: options.map { _ in Int(uniform(16, 300)) },
                    l2Bytes: options.map { _ in Int(uniform(1000, 100_000)) })
            }
            let specs = NasaicSpecs(
                latencyCycles: uniform(500, 6000),
                energyNanojoules: trial % 4 == 0 ? nil : uniform(30, 250),
                areaSquareMillimetres: trial % 5 == 0 ? nil : uniform(0.3, 3))
            for goal in NasaicHardwareFormulation.Goal.allCases {
                let formulation = NasaicHardwareFormulation(
                    space: space, costs: costs, specs: specs, goal: goal)
                let answer = try formulation.solve()
                let brute = formulation.bruteForce()
                #expect((answer.design == nil) == (brute == nil), "trial \(trial)")
                guard let design = answer.design, let objective = answer.objective, let brute else {
                    infeasible += 1
                    continue
                }
                feasible += 1
                #expect(
                    abs(objective - brute.objective) <= 1e-6 * max(1, brute.objective),
                    "trial \(trial) \(goal)")
                #expect(formulation.admits(design), "trial \(trial)")
                // The complete model (spec-breaking patterns kept: the one exported) has the same
                // optimum.
                let complete = try formulation.buildModel(complete: true)
                let full = formulation.answer(
                    try GLPKSolver().solve(complete.model, options: SolveOptions()), of: complete)
                #expect(
                    abs((full.objective ?? .infinity) - brute.objective) <= 1e-6
                        * max(1, brute.objective), "trial \(trial) \(goal), complete model")
            }
        }
        #expect(feasible > 20 && infeasible > 5)  // both outcomes exercised
    }

    @Test(
        """
        A solve: every reported design meets every spec and budget, checked from scratch; \
        brute force agrees on the hardware
        """
    )
    func solve() throws {
        let problem = try Self.problem()
        let result = try problem.solveNasaic(options: SolveOptions())
        #expect(result.status == .feasible)
        #expect(result.checkProblems.isEmpty)
        #expect(result.hardwareBruteForceAgrees == true)
        let best = try #require(result.best)
        #expect(
            best.metrics.latencyCycles <= 12000 && best.metrics.energyNanojoules <= 1500
                && best.metrics.areaSquareMillimetres <= 7)
        let totals = best.design.totals(problem.hardware)
        #expect(totals.pes <= 192 && totals.bandwidth <= 20)
        // The reported accuracy is the surrogate's for the reported networks.
        let cls = best.networks[0]
        #expect(
            abs(best.accuracies[0] - (0.5 + 0.4 * (1 - exp(-Double(cls.macs) / 2.0e5)))) < 1e-12)
        // Best-so-far never decreases, and the successive baseline is the most accurate pair.
        #expect(
            zip(result.bestSoFar, result.bestSoFar.dropFirst()).allSatisfy {
                $0.accuracy < $1.accuracy && $0.episode < $1.episode
            })
        let successive = try #require(result.successive)
        #expect(successive.weightedAccuracy >= best.weightedAccuracy)
        #expect(successive.networks[0].architecture == "8-5-2/16-3-1")
        // the most accurate networks break the latency spec
        #expect(!successive.violations.isEmpty)
    }

    @Test("The search is reproducible with a fixed seed")
    func reproducible() throws {
        let problem = try Self.problem()
        func strip(_ result: NasaicResult) -> String {
            var envelope = result.envelope
            envelope.solveSeconds = 0
            return envelope.json.serialized
        }
        let a = try problem.solveNasaic(options: SolveOptions())
        let b = try problem.solveNasaic(options: SolveOptions())
        #expect(strip(a) == strip(b))
        var other = problem
        other.engine = SearchEngineSpec(kind: .random)
        let c = try other.solveNasaic(options: SolveOptions())
        let d = try other.solveNasaic(options: SolveOptions())
        #expect(strip(c) == strip(d))
    }

    @Test(
        """
        The exported ILP (the most accurate networks' hardware) holds the spec rows; its \
        optimum read back is the successive baseline's design when the specs allow it
        """
    )
    func exportedModel() throws {
        let loose = Self.tiny.replacingOccurrences(
            of: "specs: {latency_cycles: 12000, energy_nj: 1500, area_mm2: 7}",
            with: "specs: {latency_cycles: 1.0e9, energy_nj: 1.0e9, area_mm2: 1.0e6}")
        let problem = try Self.problem(loose)
        let model = try problem.exportedModel()
        #expect(
            model.constraint(named: "area-spec") != nil
                && model.constraint(named: "pe-budget") != nil
                && model.variable(named: "T_scaled") != nil)
        // The one continuous column carries an objective coefficient far above solvers' optimality
        // tolerances (~10⁻⁷): in cycles it was ~10⁻⁹, and HiGHS left it at its bound.
        let latency = try #require(model.variable(named: "T_scaled"))
        #expect(
            abs(
                model.objective.terms.filter { $0.variable == latency }.reduce(0) {
                    $0 + $1.coefficient
                } - 1) < 1e-12)
        let solution = try GLPKSolver().solve(model, options: SolveOptions())
        let imported = try #require(try problem.result(importing: solution) as? NasaicResult)
        #expect(imported.status == .optimal && imported.checkProblems.isEmpty)
        // The successive baseline solves the pruned model for the same networks without specs.
        let baseline = try #require(try problem.solveNasaic(options: SolveOptions()).successive)
        let point = try #require(imported.best)
        #expect(point.networks == baseline.networks)
        #expect(
            abs(point.metrics.latencyCycles - baseline.metrics.latencyCycles) <= 1e-9
                * baseline.metrics.latencyCycles)
        // A point that maps a task twice is refused by the check.
        var values = try #require(solution.variableValues)
        for v in model.variables where model.name(of: v)?.hasPrefix("w[") == true {
            values[v.index] = 1
        }
        let broken = try #require(
            try problem.result(
                importing: Solution(
                    termination: .iterationLimit, objectiveValue: 0, variableValues: values))
                as? NasaicResult)
        #expect(
            broken.status == .error
                && broken.checkProblems.contains { $0.contains("chosen sub-accelerators, not 1") })
    }

    @Test("Specs no hardware can meet: infeasible, with a message, nothing reported as a design")
    func infeasible() throws {
        let text = Self.tiny.replacingOccurrences(
            of: "specs: {latency_cycles: 12000, energy_nj: 1500, area_mm2: 7}",
            with: "specs: {latency_cycles: 10}")
        let result = try Self.problem(text).solveNasaic(options: SolveOptions())
        #expect(result.status == .infeasible)
        #expect(result.best == nil)
        #expect(
            result.envelope.json.serialized.contains(
                "no proposed set of networks has hardware that meets the specs"))
        #expect(result.successive?.violations.isEmpty == false)
    }

    @Test("An accuracy table: rows by architecture; networks without a row are never reported")
    func table() throws {
        let directory = try makeTemporaryDirectory()
        try writeFile(
            "architecture,accuracy\n4-3-1/8-3-1,0.61\n8-3-1/16-3-1,0.72\n2-3-1/4-3-1,0.55\n",
            named: "acc.csv", in: directory)
        let text = Self.tiny
            .replacingOccurrences(
                of: "accuracy: {synthetic: {base: 0.5, gain: 0.4, macs_scale: 2.0e5}}",
                with: "accuracy: {table: acc.csv, source: test rows}"
            )
            .replacingOccurrences(
                of: "accuracy: {synthetic: {base: 0.4, gain: 0.5, macs_scale: 1.0e5}}",
                with: "accuracy: {table: acc.csv}")
        let path = try writeFile(text, named: "p.yaml", in: directory)
        let problem = try #require(try ProblemFile.load(path) as? NasaicProblem)
        var exhaustive = problem
        exhaustive.engine = SearchEngineSpec(kind: .exhaustive)
        exhaustive.budget = 1000
        let result = try exhaustive.solveNasaic(options: SolveOptions())
        let best = try #require(result.best)
        #expect(
            Set(best.networks.map(\.architecture)).isSubset(of: [
                "4-3-1/8-3-1", "8-3-1/16-3-1", "2-3-1/4-3-1",
            ]))
        #expect(result.resultJSONText.contains("table acc.csv (test rows)"))
    }

    @Test("Mistakes in the problem file name the field")
    func badFiles() {
        let cases: [(String, String, String)] = [
            ("templates: [dla, shi, rs]", "templates: [dla, tpu]", "accelerator.templates[1]"),
            ("kernel: [3, 5]", "kernel: [3, 4]", "kernel"),
            ("backbone: resnet", "backbone: vgg", "tasks[0].backbone"),
            ("engine: rl-controller", "engine: annealing", "engine"),
            ("sub_accelerators: 2", "sub_accelerators: 0", "accelerator.sub_accelerators"),
            ("budget: 40", "budget: 0", "budget"),
            ("max_total_pes: 192", "max_total_pes: 2", "accelerator.max_total_pes"),
            ("pes: [64, 128]", "pes: [16, 128]", "accelerator.pes"),
            ("macs_scale: 2.0e5", "macs_scale: -1", "macs_scale"),
        ]
        for (from, to, path) in cases {
            let text = Self.tiny.replacingOccurrences(of: from, with: to)
            #expect { try Self.problem(text) } throws: { error in "\(error)".contains(path) }
        }
    }
}

extension NasaicResult {
    var resultJSONText: String { envelope.json.serialized }
}
