/// A COSMA plan: the operator order and, for every step, which tensors are in the scratchpad
/// and where. Everything else — creations, spills, retrievals, traffic — follows from it and is
/// recomputed by ``check(graph:budget:)``, independently of whoever made the plan.
public struct ScratchpadPlan: Sendable, Equatable {
    /// A resident tensor: index and byte address.
    public struct Placement: Sendable, Equatable, Hashable {
        /// The tensor (index in the graph).
        public var tensor: Int
        /// Its address, bytes from the start of the scratchpad.
        public var address: Int

        /// A placement of `tensor` at `address`.
        public init(tensor: Int, address: Int) {
            self.tensor = tensor
            self.address = address
        }
    }

    /// Operator index run at each step.
    public var order: [Int]
    /// The tensors resident while each step's operator runs.
    public var resident: [[Placement]]

    /// A plan: the order and, per step, the resident tensors with their addresses.
    public init(order: [Int], resident: [[Placement]]) {
        self.order = order
        self.resident = resident
    }

    /// Off-chip traffic of a checked plan.
    public struct Traffic: Sendable, Equatable {
        /// Graph inputs read once, graph outputs written once, weights read once.
        public var compulsoryBytes: Int
        /// Bytes written to host to be read back later (each tensor written at most once).
        public var spilledBytes: Int
        /// Bytes read back from host beyond the compulsory first read.
        public var retrievedBytes: Int
        /// Spilled + retrieved: what COSMA minimises.
        public var nonCompulsoryBytes: Int { spilledBytes + retrievedBytes }
        /// Peak bytes resident at one step.
        public var peakResidentBytes: Int
        /// (step, tensor) of every retrieval, and of every spill (the step after which it leaves).
        public var retrievals: [(step: Int, tensor: Int)]
        /// (step, tensor) for each tensor written out after a step.
        public var spills: [(step: Int, tensor: Int)]

        /// Equal traffic: the same bytes and the same events.
        public static func == (a: Traffic, b: Traffic) -> Bool {
            a.compulsoryBytes == b.compulsoryBytes && a.spilledBytes == b.spilledBytes
                && a.retrievedBytes == b.retrievedBytes
                && a.peakResidentBytes == b.peakResidentBytes
        }
    }

    /// Replays the plan and returns its traffic, or every rule it breaks: the order is a
    /// topological order; each step's operator has its inputs and outputs resident; addresses
    /// lie within the budget and resident tensors never overlap; a tensor kept from one step to
    /// the next keeps its address (a tensor that moves is written out, unless host has it, and read
    /// back: traffic); a tensor appears only when its operator creates it, or is read
    /// from host after it was produced (a graph input or weight, or a spilled tensor — its spill
    /// is counted once); nothing is resident before it exists.
    public func check(graph: OperatorGraph, budget: Int) -> Result<Traffic, CheckFailure> {
        var problems: [String] = []
        guard graph.isTopological(order), resident.count == order.count else {
            return .failure(
                CheckFailure(problems: [
                    """
                    the order is not a topological order of all \(graph.operators.count) \
                    operators with one residency set per step
                    """
                ]))
        }
        var produced = [Bool](repeating: false, count: graph.tensors.count)
        var inHost = [Bool](repeating: false, count: graph.tensors.count)
        for t in graph.graphInputs { inHost[t] = true }
        for t in graph.tensors.indices where graph.producer[t] == nil {
            inHost[t] = true
            produced[t] = true
        }
        var loadedOnce = [Bool](repeating: false, count: graph.tensors.count)
        var spilledOnce = [Bool](repeating: false, count: graph.tensors.count)
        var traffic = Traffic(
            compulsoryBytes: 0, spilledBytes: 0, retrievedBytes: 0, peakResidentBytes: 0,
            retrievals: [], spills: [])
        var previous: [Int: Int] = [:]  // tensor → address at the previous step
        for (s, o) in order.enumerated() {
            let op = graph.operators[o]
            var here: [Int: Int] = [:]
            for placement in resident[s] {
                guard graph.tensors.indices.contains(placement.tensor) else {
                    problems.append("step \(s): unknown tensor \(placement.tensor)")
                    continue
                }
                if here[placement.tensor] != nil {
                    problems.append(
                        "step \(s): tensor \(graph.tensors[placement.tensor].id) placed twice")
                }
                here[placement.tensor] = placement.address
            }
            for t in op.inputs + op.outputs where here[t] == nil {
                problems.append(
                    "step \(s): operator \(op.id) needs tensor \(graph.tensors[t].id) resident")
            }
            // Within the budget, no overlaps.
            let intervals = here.map {
                (t: $0.key, start: $0.value, end: $0.value + graph.tensors[$0.key].bytes)
            }.sorted { ($0.start, $0.t) < ($1.start, $1.t) }
            var bytes = 0
            for (k, interval) in intervals.enumerated() {
                bytes += graph.tensors[interval.t].bytes
                if interval.start < 0 || interval.end > budget {
                    problems.append(
                        """
                        step \(s): tensor \(graph.tensors[interval.t].id) at \
                        [\(interval.start), \(interval.end)) is outside the scratchpad of \
                        \(budget) bytes
                        """
                    )
                }
                if k > 0, intervals[k - 1].end > interval.start {
                    problems.append(
                        """
                        step \(s): tensors \(graph.tensors[intervals[k - 1].t].id) and \
                        \(graph.tensors[interval.t].id) overlap
                        """
                    )
                }
            }
            traffic.peakResidentBytes = max(traffic.peakResidentBytes, bytes)
            // Arrivals: created now, or read from host.
            for (t, address) in here {
                if let before = previous[t] {
                    if before == address { continue }
                    // Moved: written out (unless host has it) and read back at the new address.
                    if !inHost[t] {
                        inHost[t] = true
                        spilledOnce[t] = true
                        traffic.spills.append((s - 1, t))
                    }
                }
                if op.outputs.contains(t), previous[t] == nil {
                    if produced[t], graph.producer[t] == o {
                        problems.append("step \(s): tensor \(graph.tensors[t].id) created twice")
                    }
                    produced[t] = true
                    continue
                }
                guard produced[t] else {
                    problems.append(
                        "step \(s): tensor \(graph.tensors[t].id) is resident before it is produced"
                    )
                    continue
                }
                guard inHost[t] else {
                    problems.append(
                        """
                        step \(s): tensor \(graph.tensors[t].id) is read back but was never \
                        spilled
                        """
                    )
                    continue
                }
                let size = graph.tensors[t].bytes
                if graph.producer[t] == nil, !loadedOnce[t] {
                    traffic.compulsoryBytes += size  // first read of a graph input or weight
                } else {
                    traffic.retrievedBytes += size
                    traffic.retrievals.append((s, t))
                }
                loadedOnce[t] = true
            }
            // Departures after this step: a produced tensor still needed later goes to host once.
            if s + 1 < order.count {
                let next = Set(resident[s + 1].map(\.tensor))
                for (t, _) in here where !next.contains(t) && !inHost[t] {
                    let remaining = graph.consumers[t].contains { c in order[(s + 1)...].contains(c)
                    }
                    if remaining {
                        inHost[t] = true
                        spilledOnce[t] = true
                        traffic.spills.append((s, t))
                    }
                }
            }
            previous = here
        }
        for t in graph.graphOutputs { traffic.compulsoryBytes += graph.tensors[t].bytes }
        for t in graph.tensors.indices
        where graph.producer[t] == nil && !loadedOnce[t] && !graph.consumers[t].isEmpty {
            problems.append("tensor \(graph.tensors[t].id) is never loaded")
        }
        // Each tensor is written to host at most once; evicting a copy host already holds is free.
        traffic.spilledBytes = graph.tensors.indices.filter { spilledOnce[$0] }.reduce(0) {
            $0 + graph.tensors[$1].bytes
        }
        return problems.isEmpty ? .success(traffic) : .failure(CheckFailure(problems: problems))
    }

    /// Why a plan is not valid.
    public struct CheckFailure: Error, Sendable, CustomStringConvertible {
        /// Every fault found, in step order.
        public var problems: [String]
        /// The faults, joined.
        public var description: String {
            problems.prefix(5).joined(separator: "; ")
                + (problems.count > 5 ? " (and \(problems.count - 5) more)" : "")
        }
    }
}
