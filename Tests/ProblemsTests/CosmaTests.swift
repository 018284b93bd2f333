import Foundation
import GLPKBackend
import LinearModel
import Problems
import TestSupport
import Testing

@Suite struct CosmaTests {
    static func graph(_ name: String) throws -> OperatorGraph {
        try OperatorGraphReader.read(path: packageRoot.appendingPathComponent("problems/cosma/\(name).json").path)
    }

    /// Minimum non-compulsory traffic by exhaustive search: every topological order; at every
    /// step every choice of which other live tensors stay, and every aligned address for each
    /// arrival; a produced tensor leaving while still needed is written once, every read back counts.
    static func bruteForce(_ graph: OperatorGraph, budget: Int, order fixed: [Int]?, align: Int) -> Int? {
        let orders = fixed.map { [$0] } ?? allTopologicalOrders(graph)
        var best: Int?
        for order in orders {
            var position = [Int](repeating: 0, count: graph.operators.count)
            for (s, o) in order.enumerated() { position[o] = s }
            func stillNeeded(_ t: Int, from s: Int) -> Bool { graph.consumers[t].contains { position[$0] >= s } }
            struct State: Hashable { var step: Int; var resident: [Int: Int]; var inHost: Set<Int>; var produced: Set<Int> }
            var memo: [State: Int?] = [:]
            func search(_ state: State) -> Int? {
                if state.step == order.count { return 0 }
                if let known = memo[state] { return known }
                let op = graph.operators[order[state.step]]
                let needed = Set(op.inputs + op.outputs)
                // Optional keepers: resident, not needed now, needed later.
                let optional = state.resident.keys.filter { !needed.contains($0) && stillNeeded($0, from: state.step) }.sorted()
                var result: Int?
                for mask in 0..<(1 << optional.count) {
                    var resident: [Int: Int] = [:]
                    var cost = 0
                    var inHost = state.inHost
                    for (k, t) in optional.enumerated() {
                        if mask & (1 << k) != 0 { resident[t] = state.resident[t] }
                        else if !inHost.contains(t) { inHost.insert(t); cost += graph.tensors[t].bytes }
                    }
                    for t in needed where state.resident[t] != nil { resident[t] = state.resident[t] }
                    let arrivals = needed.filter { resident[$0] == nil }.sorted()
                    func place(_ k: Int, _ resident: [Int: Int], _ cost: Int) {
                        if k == arrivals.count {
                            var produced = state.produced
                            for t in op.outputs { produced.insert(t) }
                            let next = State(step: state.step + 1, resident: resident, inHost: inHost, produced: produced)
                            if let rest = search(next) { result = min(result ?? .max, cost + rest) }
                            return
                        }
                        let t = arrivals[k], size = graph.tensors[t].bytes
                        var extra = 0
                        if !op.outputs.contains(t) {
                            guard inHost.contains(t) || graph.producer[t] == nil else { return }
                            if graph.producer[t] != nil { extra = size }
                        }
                        var address = 0
                        while address + size <= budget {
                            let free = resident.allSatisfy { other in address + size <= other.value || other.value + graph.tensors[other.key].bytes <= address }
                            if free {
                                var placed = resident
                                placed[t] = address
                                place(k + 1, placed, cost + extra)
                            }
                            address += align
                        }
                    }
                    place(0, resident, cost)
                }
                memo[state] = result
                return result
            }
            if let value = search(State(step: 0, resident: [:], inHost: Set(graph.graphInputs), produced: [])) {
                best = min(best ?? .max, value)
            }
        }
        return best
    }

    static func allTopologicalOrders(_ graph: OperatorGraph) -> [[Int]] {
        var orders: [[Int]] = []
        func extend(_ prefix: [Int]) {
            if prefix.count == graph.operators.count { orders.append(prefix); return }
            for o in graph.operators.indices where !prefix.contains(o) {
                let ready = graph.operators[o].inputs.allSatisfy { graph.producer[$0].map(prefix.contains) ?? true }
                if ready { extend(prefix + [o]) }
            }
        }
        extend([])
        return orders
    }

    static func solve(_ graph: OperatorGraph, budget: Int, order: [Int]?, seconds: Double = 60) throws -> (Solution, ScratchpadPlan?) {
        let formulation = try ScratchpadFormulation(graph: graph, budget: budget, fixedOrder: order)
        let solution = try GLPKSolver().solve(formulation.model, options: SolveOptions(timeLimitSeconds: seconds))
        return (solution, formulation.plan(from: solution))
    }

    @Test func derivedQuantitiesOfTheToys() throws {
        let spill = try Self.graph("toy_spill"), branching = try Self.graph("toy_branching")
        #expect(spill.largestOperatorFootprint == 200)
        #expect(branching.largestOperatorFootprint == 147_456)
        #expect(spill.peakLiveBytes(order: spill.defaultOrder) == 210)
        #expect(branching.peakLiveBytes(order: branching.defaultOrder) == 212_992)
        for graph in [spill, branching] {
            let minimum = try #require(graph.minimumPeak())
            #expect(graph.isTopological(minimum.order))
            #expect(graph.peakLiveBytes(order: minimum.order) == minimum.bytes)
            #expect(graph.largestOperatorFootprint <= minimum.bytes && minimum.bytes <= graph.peakLiveBytes(order: graph.defaultOrder))
        }
        // By enumeration of all orders of the 4-operator toy.
        let orders = Self.allTopologicalOrders(spill)
        #expect(spill.minimumPeak()?.bytes == orders.map { spill.peakLiveBytes(order: $0) }.min())
    }

    @Test func toySpillAgainstExhaustiveEnumeration() throws {
        let graph = try Self.graph("toy_spill")
        for budget in [200, 205, 210, 300] {
            for order in [graph.defaultOrder, nil] as [[Int]?] {
                let truth = try #require(Self.bruteForce(graph, budget: budget, order: order, align: 10))
                let (solution, plan) = try Self.solve(graph, budget: budget, order: order)
                #expect(solution.termination == .optimal)
                let objective = try #require(solution.objectiveValue)
                #expect(Int(objective.rounded()) == truth, "budget \(budget), \(order == nil ? "free" : "fixed")")
                let traffic = try plan.map { try $0.check(graph: graph, budget: budget).get() }
                #expect(traffic?.nonCompulsoryBytes == truth)
            }
        }
        // The fixed order must spill the 10-byte skip tensor at 200 B; a free schedule need not.
        #expect(Self.bruteForce(graph, budget: 200, order: graph.defaultOrder, align: 10) == 20)
        #expect(Self.bruteForce(graph, budget: 200, order: nil, align: 10) == 0)
    }

    @Test func baselinesProduceCheckedPlans() throws {
        for name in ["toy_spill", "toy_branching"] {
            let graph = try Self.graph(name)
            let low = graph.largestOperatorFootprint, high = graph.peakLiveBytes(order: graph.defaultOrder)
            for budget in [low, (low + high) / 2, high] {
                for policy in ScratchpadBaseline.Policy.allCases {
                    for order in [graph.defaultOrder, ScratchpadBaseline.lowPeakOrder(graph)] {
                        let plan = try #require(ScratchpadBaseline(policy: policy).plan(graph: graph, order: order, budget: budget))
                        let traffic = try plan.check(graph: graph, budget: budget).get()
                        if budget >= graph.peakLiveBytes(order: order), name == "toy_spill" { #expect(traffic.nonCompulsoryBytes == 0) }
                    }
                }
            }
        }
    }
}
