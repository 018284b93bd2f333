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

    /// One piece as its own graph: its operators, its tensors numbered locally (`global[l]` is the
    /// whole graph's tensor), the tensor crossing in (`entering`) and out (`leaving`).
    struct Piece {
        var operators: [Int]
        var graph: OperatorGraph
        var global: [Int]
        var entering: [Int: Int]
        var leaving: [Int: Int]
    }

    static func piece(_ graph: OperatorGraph, order: [Int], range: Range<Int>, position: [Int]) -> Piece {
        let operators = Array(order[range])
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
        let pieceGraph = OperatorGraph(
            name: "\(graph.name)[\(range.lowerBound)..<\(range.upperBound)]",
            tensors: global.map { graph.tensors[$0] },
            operators: operators.map { o in
                let op = graph.operators[o]
                return .init(id: op.id, kind: op.kind, inputs: op.inputs.map { local[$0]! }, outputs: op.outputs.map { local[$0]! })
            },
            graphInputs: inputs, graphOutputs: outputs, defaultOrder: Array(operators.indices))
        return Piece(operators: operators, graph: pieceGraph, global: global, entering: entering, leaving: leaving)
    }

    /// Whether every topological order runs the pieces one after another: the tensor crossing
    /// each cut is produced by an operator that every earlier operator leads to and every later
    /// operator follows (a dominator). Then a free schedule splits at the cuts too.
    static func cutsBindEveryOrder(_ graph: OperatorGraph, order: [Int], ranges: [Range<Int>]) -> Bool {
        let ancestors = graph.ancestors
        for range in ranges.dropLast() {
            let last = order[range.upperBound - 1]
            let before = Set(order[..<range.upperBound]), after = order[range.upperBound...]
            // The last operator of the piece must follow every earlier operator and precede every later one.
            guard before.allSatisfy({ $0 == last || ancestors[last].contains($0) }),
                  after.allSatisfy({ ancestors[$0].contains(last) }) else { return false }
        }
        return true
    }

    /// A lower bound on the non-compulsory bytes of any plan (with the order fixed to `order`, or
    /// free when `free`): the sum over pieces of each piece's optimum with relaxed boundaries
    /// (``ScratchpadFormulation/init(graph:budget:fixedOrder:entering:leaving:relaxedBoundary:discreteAddresses:)``),
    /// or of its ILP bound when the time runs out. Any plan restricted to a piece is a relaxed plan
    /// of that piece and the pieces' traffic adds up, so the sum is a bound. Nil when the cuts do
    /// not bind a free schedule, or a piece gives no bound.
    public static func lowerBound(graph: OperatorGraph, order: [Int], budget: Int, free: Bool, minimumPiece: Int = 6,
                                  options: SolveOptions, solver: any Solver) throws -> Double? {
        let ranges = pieces(graph: graph, order: order, minimumPiece: minimumPiece)
        guard ranges.count > 1, !free || cutsBindEveryOrder(graph, order: order, ranges: ranges) else { return nil }
        var position = [Int](repeating: 0, count: graph.operators.count)
        for (s, o) in order.enumerated() { position[o] = s }
        var total = 0.0
        for range in ranges {
            let piece = piece(graph, order: order, range: range, position: position)
            var limited = options
            limited.timeLimitSeconds = max((options.timeLimitSeconds ?? 60) / Double(ranges.count), 0.5)
            let formulation = try ScratchpadFormulation(graph: piece.graph, budget: budget, fixedOrder: free ? nil : piece.graph.defaultOrder,
                                                        entering: piece.entering, leaving: piece.leaving, relaxedBoundary: true)
            let solution = try solver.solve(formulation.model, options: limited)
            if solution.termination == .infeasible { return nil }
            guard let bound = solution.termination == .optimal ? solution.objectiveValue : solution.bestBound else { return nil }
            total += max(0, bound)
        }
        // Every plan's traffic is a multiple of the GCD of the tensor sizes: round up to one.
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let step = Double(max(graph.tensors.reduce(0) { gcd($0, $1.bytes) }, 1))
        return (total / step - 1e-6).rounded(.up) * step
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
            let piece = piece(graph, order: order, range: range, position: position)
            var limited = options
            limited.timeLimitSeconds = max(perPiece, 0.5)
            let formulation = try ScratchpadFormulation(graph: piece.graph, budget: budget, fixedOrder: freeInsidePieces ? nil : piece.graph.defaultOrder,
                                                        entering: piece.entering, leaving: piece.leaving)
            let solution = try solver.solve(formulation.model, options: limited)
            guard let plan = formulation.plan(from: solution) else { return Outcome(plan: nil, pieces: ranges.count, provenPieces: proven) }
            if solution.termination == .optimal { proven += 1 }
            globalOrder += plan.order.map { piece.operators[$0] }
            resident += plan.resident.map { step in step.map { ScratchpadPlan.Placement(tensor: piece.global[$0.tensor], address: $0.address) } }
        }
        return Outcome(plan: ScratchpadPlan(order: globalOrder, resident: resident), pieces: ranges.count, provenPieces: proven)
    }
}
