import Foundation

/// A DNN as COSMA sees it: tensors with sizes in bytes, operators that read and write tensors
/// in one step each, graph inputs (produced by no operator) and outputs, and a default order.
///
/// Internally tensors and operators are numbered 0..<count in file order; `tensorIDs` and
/// `operatorIDs` keep the file's ids for reports.
public struct OperatorGraph: Sendable, Equatable {
    /// A tensor: its id in the graph file and its size.
    public struct Tensor: Sendable, Equatable {
        /// The id the graph file gives it.
        public var id: Int
        /// Its size, bytes.
        public var bytes: Int
        /// Weights (loaded from host, compulsory), as opposed to activations.
        public var isWeight: Bool

        /// A tensor with these fields.
        public init(id: Int, bytes: Int, isWeight: Bool = false) {
            self.id = id
            self.bytes = bytes
            self.isWeight = isWeight
        }
    }

    /// An operator: what it reads and writes.
    public struct Operator: Sendable, Equatable {
        /// The id the graph file gives it.
        public var id: Int
        /// Its kind (`CONV2D`, `ADD`, …), for reports.
        public var kind: String
        /// Tensor indices.
        public var inputs: [Int]
        /// Indices of the tensors it writes.
        public var outputs: [Int]

        /// An operator with these fields.
        public init(id: Int, kind: String, inputs: [Int], outputs: [Int]) {
            self.id = id
            self.kind = kind
            self.inputs = inputs
            self.outputs = outputs
        }
    }

    /// The graph's name.
    public var name: String
    /// Its tensors.
    public var tensors: [Tensor]
    /// Its operators.
    public var operators: [Operator]
    /// Tensor indices no operator produces (read from host: compulsory traffic).
    public var graphInputs: [Int]
    /// Tensor indices written to host at the end (compulsory traffic).
    public var graphOutputs: [Int]
    /// Operator indices, a topological order.
    public var defaultOrder: [Int]

    /// Producer operator of each tensor (nil for graph inputs).
    public let producer: [Int?]
    /// Consumer operators of each tensor.
    public let consumers: [[Int]]

    /// A graph of these tensors and operators (producers and consumers are derived).
    public init(
        name: String, tensors: [Tensor], operators: [Operator], graphInputs: [Int],
        graphOutputs: [Int], defaultOrder: [Int]
    ) {
        self.name = name
        self.tensors = tensors
        self.operators = operators
        self.graphInputs = graphInputs
        self.graphOutputs = graphOutputs
        self.defaultOrder = defaultOrder
        var producer = [Int?](repeating: nil, count: tensors.count)
        var consumers = [[Int]](repeating: [], count: tensors.count)
        for (o, op) in operators.enumerated() {
            for t in op.outputs { producer[t] = o }
            for t in op.inputs where !consumers[t].contains(o) { consumers[t].append(o) }
        }
        self.producer = producer
        self.consumers = consumers
    }

    /// Equal graphs: the same tensors, operators, inputs, outputs and default order.
    public static func == (a: OperatorGraph, b: OperatorGraph) -> Bool {
        a.name == b.name && a.tensors == b.tensors && a.operators == b.operators
            && a.graphInputs == b.graphInputs
            && a.graphOutputs == b.graphOutputs && a.defaultOrder == b.defaultOrder
    }

    // MARK: Derived quantities

    /// Bytes one operator needs resident while it runs: its inputs and outputs.
    public func footprint(_ o: Int) -> Int {
        Set(operators[o].inputs + operators[o].outputs).reduce(0) { $0 + tensors[$1].bytes }
    }

    /// M_R: the largest single-operator footprint — no budget below it can run the graph.
    /// The GCD of the tensor sizes (at least 1): every plan's traffic is a multiple of it.
    public var trafficQuantum: Int {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        return max(tensors.reduce(0) { gcd($0, $1.bytes) }, 1)
    }

    /// M_R: the largest footprint any single operator needs, bytes.
    public var largestOperatorFootprint: Int { operators.indices.map(footprint).max() ?? 0 }

    /// Operators that must run before `o` (transitively).
    public var ancestors: [Set<Int>] {
        var result = [Set<Int>](repeating: [], count: operators.count)
        for o in topologicalOrder {
            for t in operators[o].inputs {
                if let p = producer[t] {
                    result[o].formUnion(result[p])
                    result[o].insert(p)
                }
            }
        }
        return result
    }

    /// A topological order (the default order when it is one).
    public var topologicalOrder: [Int] {
        isTopological(defaultOrder) ? defaultOrder : Self.kahn(self)
    }

    static func kahn(_ graph: OperatorGraph) -> [Int] {
        var indegree = graph.operators.map { op in
            Set(op.inputs.compactMap { graph.producer[$0] }).count
        }
        var ready = graph.operators.indices.filter { indegree[$0] == 0 }
        var order: [Int] = []
        while !ready.isEmpty {
            let o = ready.removeFirst()
            order.append(o)
            for successor in Set(graph.operators[o].outputs.flatMap { graph.consumers[$0] })
                .sorted()
            {
                indegree[successor] -= 1
                if indegree[successor] == 0 { ready.append(successor) }
            }
        }
        return order
    }

    /// Whether `order` runs every operator once, each after the producers of its inputs.
    public func isTopological(_ order: [Int]) -> Bool {
        guard order.count == operators.count, Set(order).count == order.count,
            order.allSatisfy({ operators.indices.contains($0) })
        else { return false }
        var position = [Int](repeating: 0, count: operators.count)
        for (s, o) in order.enumerated() { position[o] = s }
        for (o, op) in operators.enumerated() {
            for t in op.inputs {
                if let p = producer[t], position[p] >= position[o] { return false }
            }
        }
        return true
    }

    /// The step range in which tensor `t` must be kept (from its producer's step, or the first
    /// consumer's for a graph input, to its last consumer's), given the step of each operator.
    public func lifetime(_ t: Int, step: [Int]) -> ClosedRange<Int>? {
        let uses = consumers[t].map { step[$0] }
        let start = producer[t].map { step[$0] } ?? uses.min()
        guard let start else { return nil }
        return start...max(start, uses.max() ?? start)
    }

    /// Peak bytes live at once when running `order` with everything kept from production to last
    /// use (graph inputs from their first use).
    public func peakLiveBytes(order: [Int]) -> Int {
        var step = [Int](repeating: 0, count: operators.count)
        for (s, o) in order.enumerated() { step[o] = s }
        var live = [Int](repeating: 0, count: order.count)
        for t in tensors.indices {
            guard let range = lifetime(t, step: step) else { continue }
            for s in range { live[s] += tensors[t].bytes }
        }
        return live.max() ?? 0
    }

    /// M_P: the smallest peak over all topological orders, with the order achieving it, by
    /// dynamic programming over the sets of operators already run (exact; up to 26 operators).
    public func minimumPeak() -> (bytes: Int, order: [Int])? {
        let n = operators.count
        guard n <= 26 else { return nil }
        var predecessors = [UInt32](repeating: 0, count: n)
        for (o, op) in operators.enumerated() {
            for t in op.inputs { if let p = producer[t] { predecessors[o] |= 1 << UInt32(p) } }
        }
        var consumerMask = [UInt32](repeating: 0, count: tensors.count)
        for t in tensors.indices { for c in consumers[t] { consumerMask[t] |= 1 << UInt32(c) } }
        // Bytes live between steps after running `done`: produced (or input) and still needed.
        func liveAfter(_ done: UInt32) -> Int {
            var bytes = 0
            for t in tensors.indices {
                let produced =
                    producer[t].map { done & (1 << UInt32($0)) != 0 }
                    ?? (consumerMask[t] & done != 0)
                if produced, consumerMask[t] & ~done != 0 { bytes += tensors[t].bytes }
            }
            return bytes
        }
        let full: UInt32 = n == 32 ? .max : (1 << UInt32(n)) - 1
        var best = [Int: (peak: Int, last: Int)]()  // operators done → best peak, last operator
        best[0] = (0, -1)
        var frontier: [UInt32] = [0]
        for _ in 0..<n {
            var next: [UInt32: (peak: Int, last: Int)] = [:]
            for done in frontier {
                guard let base = best[Int(done)]?.peak else { continue }
                let resident = liveAfter(done)
                for o in 0..<n where done & (1 << UInt32(o)) == 0 && predecessors[o] & ~done == 0 {
                    // While o runs: everything live plus its outputs plus graph inputs it loads.
                    var during = resident
                    for t in operators[o].outputs { during += tensors[t].bytes }
                    for t in operators[o].inputs
                    where producer[t] == nil && consumerMask[t] & done == 0 {
                        during += tensors[t].bytes
                    }
                    let peak = max(base, during)
                    let after = done | (1 << UInt32(o))
                    // Deterministic ties (frontier in ascending order, then the smaller operator).
                    if next[after].map({ (peak, o) < ($0.peak, $0.last) }) ?? true {
                        next[after] = (peak, o)
                    }
                }
            }
            for (set, value) in next { best[Int(set)] = value }
            frontier = next.keys.sorted()
        }
        guard let (peak, _) = best[Int(full)] else { return nil }
        var order: [Int] = []
        var set = full
        while set != 0 {
            guard let last = best[Int(set)]?.last, last >= 0 else { return nil }
            order.append(last)
            set &= ~(1 << UInt32(last))
        }
        return (peak, order.reversed())
    }
}
