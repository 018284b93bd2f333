/// The paper's baselines: a fixed operator order, a TensorFlow-Lite-style greedy allocator, and a
/// replacement policy for when the scratchpad is full.
///
/// When TensorFlow Lite's offline greedy-by-size arena for the order fits the budget, that is the
/// plan. Otherwise, step by step, tensors the step needs that are not resident are placed largest
/// first at the lowest address where they fit (first fit, TFLite's rule applied online); tensors
/// are freed after their last use. When a tensor does not fit, a resident tensor the step does
/// not need is evicted — Belady: the one used furthest in the future; least traffic: the one
/// whose eviction costs the fewest bytes now and later (a clean copy in host costs no write),
/// furthest next use on ties — until it fits. If fragmentation still blocks it, the step's own
/// resident inputs are evicted too and everything the step needs is packed from address 0
/// (reading the inputs back costs traffic, but a step always fits when its footprint does).
public struct ScratchpadBaseline: Sendable {
    /// Which resident tensor to evict when one does not fit.
    public enum Policy: String, Sendable, CaseIterable {
        case belady
        case leastTraffic = "least-traffic"
    }

    /// The eviction policy.
    public var policy: Policy

    /// A baseline with this policy.
    public init(policy: Policy) {
        self.policy = policy
    }

    /// TensorFlow Lite's offline greedy-by-size arena: tensors largest first, each at the lowest
    /// offset clear of every already placed tensor whose lifetime overlaps its own. Returns the
    /// plan when the arena fits the budget (then nothing is spilled), else nil.
    public static func greedyArena(graph: OperatorGraph, order: [Int], budget: Int)
        -> ScratchpadPlan?
    {
        var step = [Int](repeating: 0, count: graph.operators.count)
        for (s, o) in order.enumerated() { step[o] = s }
        let lifetimes = graph.tensors.indices.map { graph.lifetime($0, step: step) }
        var offset = [Int?](repeating: nil, count: graph.tensors.count)
        // Largest first; ties: the longer lifetime, then the lower tensor index.
        let living = graph.tensors.indices.compactMap { t in
            lifetimes[t].map { (tensor: t, life: $0) }
        }
        .sorted {
            (graph.tensors[$0.tensor].bytes, $0.life.count, -$0.tensor)
                > (graph.tensors[$1.tensor].bytes, $1.life.count, -$1.tensor)
        }
        var placed: [(life: ClosedRange<Int>, start: Int, end: Int)] = []
        for (t, life) in living {
            let size = graph.tensors[t].bytes
            let conflicts = placed.filter { $0.life.overlaps(life) }.sorted { $0.start < $1.start }
            var candidate = 0
            for conflict in conflicts {
                if conflict.start - candidate >= size { break }
                candidate = max(candidate, conflict.end)
            }
            guard candidate + size <= budget else { return nil }
            offset[t] = candidate
            placed.append((life, candidate, candidate + size))
        }
        let resident = order.indices.map { s in
            graph.tensors.indices.compactMap { t -> ScratchpadPlan.Placement? in
                guard let life = lifetimes[t], life.contains(s), let address = offset[t] else {
                    return nil
                }
                return ScratchpadPlan.Placement(tensor: t, address: address)
            }
            .sorted { $0.address < $1.address }
        }
        return ScratchpadPlan(order: order, resident: resident)
    }

    /// The plan for `order` within `budget`, or nil when a step's footprint exceeds the budget.
    /// When TFLite's offline arena fits the budget, that is the plan (no traffic).
    public func plan(graph: OperatorGraph, order: [Int], budget: Int) -> ScratchpadPlan? {
        if let arena = Self.greedyArena(graph: graph, order: order, budget: budget) { return arena }
        var step = [Int](repeating: 0, count: graph.operators.count)
        for (s, o) in order.enumerated() { step[o] = s }
        // Steps at which each tensor is used (consumed), ascending.
        let uses: [[Int]] = graph.tensors.indices.map { t in
            graph.consumers[t].map { step[$0] }.sorted()
        }
        func nextUse(_ t: Int, after s: Int) -> Int? { uses[t].first { $0 > s } }
        var resident: [Int: Int] = [:]  // tensor → address
        var inHost = [Bool](repeating: false, count: graph.tensors.count)
        for t in graph.tensors.indices where graph.producer[t] == nil { inHost[t] = true }
        var steps: [[ScratchpadPlan.Placement]] = []

        func fits(_ size: Int, _ occupied: [(start: Int, end: Int)]) -> Int? {
            var address = 0
            for (start, end) in occupied.sorted(by: { $0.start < $1.start }) {
                if start - address >= size { return address }
                address = max(address, end)
            }
            return budget - address >= size ? address : nil
        }
        func occupied() -> [(Int, Int)] {
            resident.map { ($0.value, $0.value + graph.tensors[$0.key].bytes) }
        }
        func evict(_ t: Int, at s: Int) {
            resident[t] = nil
            // written to host (a spill)
            if !inHost[t], nextUse(t, after: s - 1) != nil { inHost[t] = true }
        }

        for (s, o) in order.enumerated() {
            let op = graph.operators[o]
            let needed = Set(op.inputs + op.outputs)
            guard needed.reduce(0, { $0 + graph.tensors[$1].bytes }) <= budget else { return nil }
            // Free what is dead: no use at or after this step (graph outputs leave after creation).
            for t in Array(resident.keys)
            where !needed.contains(t) && nextUse(t, after: s - 1) == nil { resident[t] = nil }
            let arrivals = needed.filter { resident[$0] == nil }.sorted {
                (graph.tensors[$0].bytes, $1) > (graph.tensors[$1].bytes, $0)
            }
            for t in arrivals {
                let size = graph.tensors[t].bytes
                while fits(size, occupied()) == nil {
                    let candidates = resident.keys.filter { !needed.contains($0) }
                    guard
                        let victim = candidates.max(by: { a, b in
                            let na = nextUse(a, after: s - 1) ?? Int.max
                            let nb = nextUse(b, after: s - 1) ?? Int.max
                            switch policy {
                            case .belady: return (na, b) < (nb, a)
                            case .leastTraffic:
                                let ca =
                                    (inHost[a] ? 0 : graph.tensors[a].bytes)
                                    + graph.tensors[a].bytes
                                let cb =
                                    (inHost[b] ? 0 : graph.tensors[b].bytes)
                                    + graph.tensors[b].bytes
                                return (-ca, na, b) < (-cb, nb, a)
                            }
                        })
                    else { break }
                    evict(victim, at: s)
                }
                if let address = fits(size, occupied()) {
                    resident[t] = address
                } else {
                    // Fragmented by this step's own resident tensors: repack everything it needs.
                    for r in Array(resident.keys) { evict(r, at: s) }
                    var address = 0
                    for u in needed.sorted(by: {
                        (graph.tensors[$0].bytes, $1) > (graph.tensors[$1].bytes, $0)
                    }) {
                        resident[u] = address
                        address += graph.tensors[u].bytes
                    }
                    break
                }
            }
            steps.append(
                resident.map { ScratchpadPlan.Placement(tensor: $0.key, address: $0.value) }.sorted
                { $0.address < $1.address })
        }
        return ScratchpadPlan(order: order, resident: steps)
    }

    /// An order with a small peak: the exact minimum-peak order for small graphs, otherwise
    /// greedily the ready operator leaving the fewest bytes live (ties: the default order).
    public static func lowPeakOrder(_ graph: OperatorGraph) -> [Int] {
        if let exact = graph.minimumPeak() { return exact.order }
        var done = Set<Int>()
        var order: [Int] = []
        var position = [Int](repeating: 0, count: graph.operators.count)
        for (k, o) in graph.topologicalOrder.enumerated() { position[o] = k }
        var remainingUses = graph.consumers.map(\.count)
        var live = 0
        while order.count < graph.operators.count {
            let ready = graph.operators.indices.filter { o in
                !done.contains(o)
                    && graph.operators[o].inputs.allSatisfy {
                        graph.producer[$0].map(done.contains) ?? true
                    }
            }
            guard
                let pick = ready.min(by: { a, b in
                    func after(_ o: Int) -> Int {
                        var bytes =
                            live
                            + graph.operators[o].outputs.reduce(0) { $0 + graph.tensors[$1].bytes }
                        for t in Set(graph.operators[o].inputs) where remainingUses[t] == 1 {
                            bytes -= graph.tensors[t].bytes
                        }
                        return bytes
                    }
                    return (after(a), position[a]) < (after(b), position[b])
                })
            else { break }
            for t in graph.operators[pick].outputs { live += graph.tensors[t].bytes }
            for t in Set(graph.operators[pick].inputs) {
                if graph.producer[t] == nil, remainingUses[t] == graph.consumers[t].count {
                    live += graph.tensors[t].bytes
                }
                remainingUses[t] -= 1
                if remainingUses[t] == 0 { live -= graph.tensors[t].bytes }
            }
            done.insert(pick)
            order.append(pick)
        }
        return order
    }
}
