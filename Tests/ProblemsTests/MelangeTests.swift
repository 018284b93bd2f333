import Foundation
import LinearModel
import Problems
import TestSupport
import Testing

@Suite struct MelangeTests {
    static func solve(_ instance: MelangeInstance, _ kind: MelangeFormulation.Kind = .slicesPerType)
        throws -> MelangeResult
    {
        try MelangeProblem(instance: instance).solve(options: SolveOptions(), formulation: kind)
    }

    /// Small random instances: 2–3 GPU types, 2–4 buckets, some types unable to serve some
    /// buckets (throughput 0), integer-ish prices.
    static func randomInstance(seed: UInt64, sliceFactor: MelangeInstance.SliceFactor)
        -> MelangeInstance
    {
        var rng = SplitMix64(seed: seed)
        let types = Int.random(in: 2...3, using: &rng)
        let buckets = Int.random(in: 2...4, using: &rng)
        var gpus: [MelangeInstance.GPUType] = []
        for g in 0..<types {
            let tputs = (0..<buckets).map { b -> Double in
                (b + g) % 4 == 3 ? 0 : Double(Int.random(in: 1...40, using: &rng)) / 4
            }
            gpus.append(
                .init(
                    name: "gpu\(g)",
                    pricePerHour: Double(Int.random(in: 50...400, using: &rng)) / 100,
                    throughputs: tputs))
        }
        // Make sure every bucket has a server.
        for b in 0..<buckets where gpus.allSatisfy({ $0.throughputs[b] == 0 }) {
            gpus[0].throughputs[b] = 2
        }
        let rates = (0..<buckets).map { _ in Double(Int.random(in: 0...40, using: &rng)) / 4 }
        return MelangeInstance(gpus: gpus, bucketRates: rates, sliceFactor: sliceFactor)
    }

    /// The optimum by trying every assignment of every slice to every type that can serve it.
    static func bruteForceCost(_ instance: MelangeInstance) -> Double? {
        guard case .slices(let S) = instance.sliceFactor else { return nil }
        let demand = instance.bucketRates.indices.filter { instance.bucketRates[$0] > 0 }
        var choices: [[Int]] = []  // per slice: the types that may take it
        var sliceBucket: [Int] = []
        for b in demand {
            let servers = instance.gpus.indices.filter {
                instance.loadPerRate(bucket: b, gpu: $0) != nil && instance.gpus[$0].maxCount != 0
            }
            if servers.isEmpty { return nil }
            for _ in 0..<S {
                choices.append(servers)
                sliceBucket.append(b)
            }
        }
        var best: Double?
        var pick = [Int](repeating: 0, count: choices.count)
        while true {
            var load = [Double](repeating: 0, count: instance.gpus.count)
            for (s, option) in pick.enumerated() {
                let g = choices[s][option]
                let b = sliceBucket[s]
                load[g] +=
                    instance.bucketRates[b] / Double(S)
                    * (instance.loadPerRate(bucket: b, gpu: g) ?? 0)
            }
            var cost = 0.0
            var allowed = true
            for g in instance.gpus.indices {
                let count = MelangeInstance.gpusNeeded(forLoad: load[g])
                if let cap = instance.gpus[g].maxCount, count > cap { allowed = false }
                cost += Double(count) * instance.gpus[g].pricePerHour
            }
            if allowed, best.map({ cost < $0 }) ?? true { best = cost }
            // Next assignment (odometer).
            var k = 0
            while k < pick.count {
                pick[k] += 1
                if pick[k] < choices[k].count { break }
                pick[k] = 0
                k += 1
            }
            if k == pick.count { break }
        }
        return best ?? .infinity
    }

    static func cost(_ result: MelangeResult) -> Double { result.costPerHour ?? .nan }

    // MARK: The authors' example

    @Test func authorsExampleConfigVerbatimCostsSixSeventy() throws {
        for file in ["example.json", "example.yaml"] {
            let problem = try ProblemFile.load(
                packageRoot.appendingPathComponent("problems/melange/\(file)").path)
            let result = try #require(try problem.solve(options: SolveOptions()) as? MelangeResult)
            #expect(result.solution.termination == .optimal)
            #expect(abs(Self.cost(result) - 6.70) < 1e-9)
            #expect(result.allocation?.counts == [3, 1])
            #expect(result.checkProblems.isEmpty)
            #expect(result.instance.bestSingleType?.costPerHour == 7.34)
            #expect(result.envelope.json.serialized.contains(#""gpus":{"A10G":3,"A100-80GB":1}"#))
        }
    }

    // MARK: Hand-solved cases

    @Test func singleBucketPicksTheCheaperWayToCoverIt() throws {
        // 10 req/s. A: 4 req/s per GPU at $1 → 3 GPUs, $3. B: 10 req/s per GPU at $2.50 → 1 GPU,
        // $2.50.
        let instance = MelangeInstance(
            gpus: [
                .init(name: "A", pricePerHour: 1, throughputs: [4]),
                .init(name: "B", pricePerHour: 2.5, throughputs: [10]),
            ],
            bucketRates: [10], sliceFactor: .slices(1))
        let result = try Self.solve(instance)
        #expect(Self.cost(result) == 2.5)
        #expect(result.allocation?.counts == [0, 1])
        // With two slices: 5 req/s to each? A needs 2 ($2) for 5; B 1 ($2.50): best stays $2.50.
        // With four slices: 2.5 req/s to A (1 GPU, load 0.625) + 7.5 to B (1 GPU): $3.50 — worse;
        // $2.50 stays.
        var four = instance
        four.sliceFactor = .slices(4)
        #expect(Self.cost(try Self.solve(four)) == 2.5)
    }

    @Test func aLoadOfExactlyThreeNeedsThreeGPUs() throws {
        // Shares 0.1, 0.2, 0.7 of 30 req/s are 3, 6 and 21 in floating point (0.1·30 is
        // 3.0000000000000004): the summed load is 30 (give or take rounding), so 10 GPUs of
        // 3 req/s each, not 11.
        let rates = [0.1, 0.2, 0.7].map { $0 * 30 }
        let instance = MelangeInstance(
            gpus: [.init(name: "A", pricePerHour: 1, throughputs: [3, 3, 3])],
            bucketRates: rates, sliceFactor: .slices(1))
        #expect(MelangeInstance.gpusNeeded(forLoad: rates.reduce(0, +) / 3) == 10)
        #expect(Self.cost(try Self.solve(instance)) == 10)
        #expect(instance.bestSingleType?.count == 10)
        #expect(MelangeInstance.gpusNeeded(forLoad: 3.0) == 3)
        #expect(MelangeInstance.gpusNeeded(forLoad: 3.001) == 4)
    }

    @Test func splittingABucketHelpsOnlyWithSlices() throws {
        // One bucket of 3 req/s; A serves 2 req/s per GPU at $1, B serves 1 req/s at $0.40. Whole
        // (sf 1): A needs 2 ($2), B needs 3 ($1.20) → $1.20. Halves (sf 2): 1.5 → A (1 GPU, load
        // 0.75) + 1.5 → B (2 GPUs) = $1.80; B alone $1.20 stays best. Thirds (sf 3): 2 req/s → A (1
        // GPU, $1) + 1 req/s → B (1 GPU, $0.40) = $1.40; still $1.20.
        let instance = MelangeInstance(
            gpus: [
                .init(name: "A", pricePerHour: 1, throughputs: [2]),
                .init(name: "B", pricePerHour: 0.4, throughputs: [1]),
            ],
            bucketRates: [3], sliceFactor: .slices(1))
        for sf in [1, 2, 3] {
            var copy = instance
            copy.sliceFactor = .slices(sf)
            #expect(abs(Self.cost(try Self.solve(copy)) - 1.2) < 1e-9)
        }
    }

    @Test func zeroRateCostsNothing() throws {
        let instance = MelangeInstance(
            gpus: [.init(name: "A", pricePerHour: 1, throughputs: [2, 0])],
            bucketRates: [0, 0], sliceFactor: .slices(4))
        let result = try Self.solve(instance)
        #expect(result.solution.termination == .optimal)
        #expect(Self.cost(result) == 0)
    }

    @Test func aBucketNoTypeCanServeIsNamed() throws {
        let instance = MelangeInstance(
            gpus: [.init(name: "A", pricePerHour: 1, throughputs: [2, 0])],
            bucketRates: [1, 5], bucketLabels: ["short", "long"], sliceFactor: .slices(1))
        let result = try Self.solve(instance)
        #expect(result.solution.termination == .infeasible)
        #expect(result.envelope.status == .infeasible)
        #expect(result.infeasibility?.contains("long (5 requests/s)") == true)
    }

    @Test func availabilityCapsAreRespected() throws {
        // Cheapest is 1 x B ($2.50), but B is capped at 0: then 3 x A ($3).
        var instance = MelangeInstance(
            gpus: [
                .init(name: "A", pricePerHour: 1, throughputs: [4]),
                .init(name: "B", pricePerHour: 2.5, throughputs: [10], maxCount: 0),
            ],
            bucketRates: [10], sliceFactor: .slices(1))
        #expect(Self.cost(try Self.solve(instance)) == 3)
        instance.gpus[0].maxCount = 2
        let capped = try Self.solve(instance)
        #expect(capped.solution.termination == .infeasible)
    }

    // MARK: Against brute force and the authors' formulation

    @Test(arguments: 0..<30)
    func bothFormulationsEqualBruteForce(seed: Int) throws {
        let sf = seed % 3 + 1
        let instance = Self.randomInstance(seed: UInt64(seed), sliceFactor: .slices(sf))
        let expected = try #require(Self.bruteForceCost(instance))
        let ours = try Self.solve(instance, .slicesPerType)
        let theirs = try Self.solve(instance, .binaryPerSlice)
        #expect(abs(Self.cost(ours) - expected) < 1e-9, "seed \(seed)")
        #expect(abs(Self.cost(theirs) - expected) < 1e-9, "seed \(seed)")
        #expect(ours.checkProblems.isEmpty && theirs.checkProblems.isEmpty)
    }

    @Test(arguments: 0..<12)
    func symmetryFreeEqualsPerSliceOnLargerInstances(seed: Int) throws {
        let instance = Self.randomInstance(seed: UInt64(500 + seed), sliceFactor: .slices(6))
        #expect(
            abs(
                Self.cost(try Self.solve(instance, .slicesPerType))
                    - Self.cost(try Self.solve(instance, .binaryPerSlice))) < 1e-9)
    }

    // MARK: Properties

    @Test(arguments: 0..<20)
    func fluidBoundBelowCostBelowBestSingleType(seed: Int) throws {
        let instance = Self.randomInstance(seed: UInt64(900 + seed), sliceFactor: .slices(2))
        let cost = Self.cost(try Self.solve(instance))
        var fluid = instance
        fluid.sliceFactor = .fluid
        #expect(Self.cost(try Self.solve(fluid)) <= cost + 1e-9)
        if let single = instance.bestSingleType { #expect(cost <= single.costPerHour + 1e-9) }
        // A finer split can only help: cost(2·sf) ≤ cost(sf).
        var finer = instance
        finer.sliceFactor = .slices(4)
        #expect(Self.cost(try Self.solve(finer)) <= cost + 1e-9)
    }

    @Test(arguments: 0..<10)
    func permutingTypesOrBucketsLeavesTheCostUnchanged(seed: Int) throws {
        let instance = Self.randomInstance(seed: UInt64(1300 + seed), sliceFactor: .slices(2))
        let cost = Self.cost(try Self.solve(instance))
        var types = instance
        types.gpus.reverse()
        #expect(abs(Self.cost(try Self.solve(types)) - cost) < 1e-9)
        var buckets = instance
        let order = Array(instance.bucketRates.indices.reversed())
        buckets.bucketRates = order.map { instance.bucketRates[$0] }
        buckets.bucketLabels = order.map { instance.bucketLabels[$0] }
        for g in buckets.gpus.indices {
            buckets.gpus[g].throughputs = order.map { instance.gpus[g].throughputs[$0] }
        }
        #expect(abs(Self.cost(try Self.solve(buckets)) - cost) < 1e-9)
    }

    /// Claims every count is 0 at cost 0: the independent check must catch the unserved load.
    struct LyingSolver: Solver {
        var name: String { "liar" }
        func solve(_ model: Model, options: SolveOptions) throws -> Solution {
            var values = [Double](repeating: 0, count: model.variableCount)
            for v in model.variables where model.name(of: v)?.hasPrefix("n[") == true {
                values[v.index] = 1
            }
            return Solution(
                termination: .optimal, objectiveValue: 0, bestBound: 0, variableValues: values)
        }
    }

    @Test func anAllocationFailingTheCheckIsWithdrawn() throws {
        let instance = MelangeInstance(
            gpus: [.init(name: "A", pricePerHour: 1, throughputs: [4])],
            bucketRates: [10], sliceFactor: .slices(1))
        let result = try MelangeProblem(instance: instance).solve(
            options: SolveOptions(), formulation: .slicesPerType, solver: LyingSolver())
        #expect(!result.checkProblems.isEmpty)
        #expect(result.checkProblems.joined().contains("exceeds its 0 GPUs"))
        #expect(result.allocation == nil)
        #expect(result.envelope.status == .error)
        #expect(result.humanReadable.contains("FAILED"))
    }

    @Test func resultColumnsAreStable() throws {
        let problem = try ProblemFile.load(
            packageRoot.appendingPathComponent("problems/melange/example.json").path)
        let result = try problem.solve(options: SolveOptions())
        #expect(
            result.csvColumns.map(\.0) == [
                "cost_per_hour", "gpus.A10G", "gpus.A100-80GB", "best_single_type",
                "best_single_cost_per_hour", "saving_vs_best_single_type",
            ])
        #expect(result.csvColumns.map(\.1).prefix(4) == ["6.7", "3", "1", "A100-80GB"])
    }
}
