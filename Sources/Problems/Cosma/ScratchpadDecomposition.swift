import LinearModel

/// Divide and conquer for graphs too large for one ILP (DSEKit's method, not the paper's).
///
/// The order is cut at narrow points: after a step where at most one produced tensor is still
/// needed later (between ResNet blocks, only the block's output). Each piece is its own ILP over
/// its operators (free or fixed order inside the piece — any prefix of a topological order is
/// closed under ancestors, so reordering inside a piece keeps the whole order valid) with
/// boundary conditions: the tensor crossing into a piece is resident at address 0 just before
/// its first step (it may be kept or written out), and the tensor crossing out must be resident
/// at address 0 at its last step. The stitched plan is replayed by the global checker. Pinning
/// the crossing tensor at address 0 and keeping it resident across every cut restricts the
/// plans, so the result is an upper bound, not a proven optimum.
public enum ScratchpadDecomposition {
    /// Position ranges of the pieces: cuts at narrow points, pieces of at least `minimumPiece`
    /// operators (the last may be shorter).
    public static func pieces(graph: OperatorGraph, order: [Int], minimumPiece: Int) -> [Range<Int>] {
        var position = [Int](repeating: 0, count: graph.operators.count)
        for (s, o) in order.enumerated() { position[o] = s }
        var pieces: [Range<Int>] = []
        var start = 0
        for k in 0..<(order.count - 1) where k + 1 - start >= minimumPiece {
            let crossing = graph.tensors.indices.filter { t in
                guard let p = graph.producer[t], position[p] <= k else { return false }
                return graph.consumers[t].contains { position[$0] > k }
            }
            if crossing.count <= 1 {
                pieces.append(start..<(k + 1))
                start = k + 1
            }
        }
        pieces.append(start..<order.count)
        return pieces
    }

    public struct Outcome: Sendable {
        public var plan: ScratchpadPlan?
        public var pieces: Int
        /// Pieces whose ILP was proven optimal (under the boundary conditions).
        public var provenPieces: Int
    }

    public static func solve(graph: OperatorGraph, order: [Int], budget: Int, freeInsidePieces: Bool, minimumPiece: Int = 6,
                             options: SolveOptions, solver: any Solver) throws -> Outcome {
        let ranges = pieces(graph: graph, order: order, minimumPiece: minimumPiece)
        var position = [Int](repeating: 0, count: graph.operators.count)
        for (s, o) in order.enumerated() { position[o] = s }
        var globalOrder: [Int] = []
        var resident: [[ScratchpadPlan.Placement]] = []
        var proven = 0
        let perPiece = (options.timeLimitSeconds ?? 60) / Double(ranges.count)
        for range in ranges {
            let operators = Array(order[range])
            // The piece's tensors, locally numbered.
            var local: [Int: Int] = [:], global: [Int] = []
            for o in operators { for t in graph.operators[o].inputs + graph.operators[o].outputs where local[t] == nil { local[t] = global.count; global.append(t) } }
            var entering: [Int: Int] = [:], leaving: [Int: Int] = [:]
            var inputs: [Int] = [], outputs: [Int] = []
            for (l, t) in global.enumerated() {
                if let p = graph.producer[t] {
                    if position[p] < range.lowerBound { entering[l] = 0 }
                    else if graph.consumers[t].contains(where: { position[$0] >= range.upperBound }) { leaving[l] = 0 }
                    else if graph.graphOutputs.contains(t) { outputs.append(l) }
                } else {
                    inputs.append(l)
                }
            }
            let piece = OperatorGraph(
                name: "\(graph.name)[\(range.lowerBound)..<\(range.upperBound)]",
                tensors: global.map { graph.tensors[$0] },
                operators: operators.map { o in
                    let op = graph.operators[o]
                    return .init(id: op.id, kind: op.kind, inputs: op.inputs.map { local[$0]! }, outputs: op.outputs.map { local[$0]! })
                },
                graphInputs: inputs, graphOutputs: outputs, defaultOrder: Array(operators.indices))
            var limited = options
            limited.timeLimitSeconds = max(perPiece, 0.5)
            let formulation = try ScratchpadFormulation(graph: piece, budget: budget, fixedOrder: freeInsidePieces ? nil : piece.defaultOrder,
                                                        entering: entering, leaving: leaving)
            let solution = try solver.solve(formulation.model, options: limited)
            guard let plan = formulation.plan(from: solution) else { return Outcome(plan: nil, pieces: ranges.count, provenPieces: proven) }
            if solution.termination == .optimal { proven += 1 }
            globalOrder += plan.order.map { operators[$0] }
            resident += plan.resident.map { step in step.map { ScratchpadPlan.Placement(tensor: global[$0.tensor], address: $0.address) } }
        }
        return Outcome(plan: ScratchpadPlan(order: globalOrder, resident: resident), pieces: ranges.count, provenPieces: proven)
    }
}
