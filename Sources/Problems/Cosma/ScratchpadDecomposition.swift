import LinearModel

/// Divide and conquer for graphs too large for one ILP (DSEKit's method, not the paper's).
///
/// The order is cut at narrow points: after a step where at most one produced tensor is still
/// needed later (between ResNet blocks, only the block's output). Each piece is its own ILP over
/// its operators (free or fixed order inside the piece — any prefix of a topological order is
/// closed under ancestors, so reordering inside a piece keeps the whole order valid) with
/// boundary conditions: the tensor crossing a cut is resident there (at a given address) or in
/// host memory only, and written out by the producer's piece or not (``CutState``). Each piece
/// is solved for every pair of states at its two cuts and dynamic programming picks the
/// cheapest consistent sequence. With the crossing tensor's address left free this gives a
/// lower bound; pinned at the bottom or top of the scratchpad, plans whose stitched whole is
/// replayed by the global checker (an upper bound). They meet when the address does not matter.
public enum ScratchpadDecomposition {
    /// Position ranges of the pieces: cuts at narrow points, pieces of at least `minimumPiece`
    /// operators (the last may be shorter).
    public static func pieces(graph: OperatorGraph, order: [Int], minimumPiece: Int) -> [Range<Int>]
    {
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

    /// What divide and conquer found.
    public struct Outcome: Sendable {
        /// The joined plan, when every piece has one.
        public var plan: ScratchpadPlan?
        /// Pieces the order was cut into.
        public var pieces: Int
        /// Pieces whose chosen ILP was proven optimal (under its boundary states).
        public var provenPieces: Int
    }

    /// One piece as its own graph: its operators, its tensors numbered locally (`global[l]` is the
    /// whole graph's tensor), the local tensor crossing in (`entering`, produced before the
    /// piece) and out (`leaving`, needed after it) — at most one each, as cuts are narrow.
    struct Piece {
        var operators: [Int]
        var graph: OperatorGraph
        var global: [Int]
        var entering: Int?
        var leaving: Int?
    }

    static func piece(_ graph: OperatorGraph, order: [Int], range: Range<Int>, position: [Int])
        -> Piece
    {
        let operators = Array(order[range])
        // Local tensor index of each global one the piece touches (-1: not in the piece).
        var local = [Int](repeating: -1, count: graph.tensors.count)
        var global: [Int] = []
        for o in operators {
            for t in graph.operators[o].inputs + graph.operators[o].outputs where local[t] < 0 {
                local[t] = global.count
                global.append(t)
            }
        }
        var entering: Int?
        var leaving: Int?
        var inputs: [Int] = []
        var outputs: [Int] = []
        for (l, t) in global.enumerated() {
            if let p = graph.producer[t] {
                if position[p] < range.lowerBound {
                    entering = l
                } else if graph.consumers[t].contains(where: { position[$0] >= range.upperBound }) {
                    leaving = l
                } else if graph.graphOutputs.contains(t) {
                    outputs.append(l)
                }
            } else {
                inputs.append(l)
            }
        }
        let pieceGraph = OperatorGraph(
            name: "\(graph.name)[\(range.lowerBound)..<\(range.upperBound)]",
            tensors: global.map { graph.tensors[$0] },
            operators: operators.map { o in
                let op = graph.operators[o]
                return .init(
                    id: op.id, kind: op.kind, inputs: op.inputs.map { local[$0] },
                    outputs: op.outputs.map { local[$0] })
            },
            graphInputs: inputs, graphOutputs: outputs, defaultOrder: Array(operators.indices))
        return Piece(
            operators: operators, graph: pieceGraph, global: global, entering: entering,
            leaving: leaving)
    }

    /// Whether every topological order runs the pieces one after another: the tensor crossing
    /// each cut is produced by an operator that every earlier operator leads to and every later
    /// operator follows (a dominator). Then a free schedule splits at the cuts too.
    static func cutsBindEveryOrder(_ graph: OperatorGraph, order: [Int], ranges: [Range<Int>])
        -> Bool
    {
        let ancestors = graph.ancestors
        for range in ranges.dropLast() {
            let last = order[range.upperBound - 1]
            let before = Set(order[..<range.upperBound])
            let after = order[range.upperBound...]
            // The last operator of the piece must follow every earlier operator and precede every
            // later one.
            guard before.allSatisfy({ $0 == last || ancestors[last].contains($0) }),
                after.allSatisfy({ ancestors[$0].contains(last) })
            else { return false }
        }
        return true
    }

    /// A lower bound on the non-compulsory bytes of any plan (with the order fixed to `order`, or
    /// free when `free`), by dynamic programming over the cuts: at each cut the crossing tensor
    /// is resident (anywhere) and not yet written, resident and written, or in host memory only
    /// (``CutState``); each piece is solved for every pair of states at its two cuts, and the
    /// cheapest consistent sequence of states is the bound. Any plan cut at the cuts gives one
    /// state per cut and its pieces' traffic adds up to its own (each write is charged to one
    /// piece), so the sum is at most the plan's traffic; only the crossing tensor's address is
    /// relaxed, and sizes are rounded down to the address unit (a relaxation of byte-exact
    /// plans). A piece out of time contributes its ILP bound. Nil when the cuts do not bind a
    /// free schedule, or no sequence of states is feasible.
    public static func lowerBound(
        graph: OperatorGraph, order: [Int], budget: Int, free: Bool, minimumPiece: Int = 6,
        options: SolveOptions, solver: any Solver
    ) throws -> Double? {
        let ranges = pieces(graph: graph, order: order, minimumPiece: minimumPiece)
        guard ranges.count > 1, !free || cutsBindEveryOrder(graph, order: order, ranges: ranges)
        else { return nil }
        let states: [CutState] = [
            CutState(resident: true, written: false), CutState(resident: true, written: true),
            .spilled,
        ]
        let search = try overStates(
            graph: graph, order: order, ranges: ranges, budget: budget, free: free,
            states: { _, _ in states },
            lower: true, options: options, solver: solver)
        guard let total = search.value else { return nil }
        // Every plan's traffic is a multiple of the GCD of the tensor sizes: round up to one.
        let step = Double(graph.trafficQuantum)
        return (total / step - 1e-6).rounded(.up) * step
    }

    /// Which states a crossing tensor may take at a cut when divide and conquer looks for a plan.
    public enum CutChoices: Sendable {
        /// Kept at address 0, its write left to the pieces: one ILP per piece, the quick pass.
        case keptAtBottom
        /// Kept at the bottom or the top of the scratchpad, written by the producer's piece or
        /// not, or in host memory only: up to 25 ILPs per piece.
        case all
    }

    /// A plan by divide and conquer (an upper bound): dynamic programming over the cuts with the
    /// crossing tensor's states from `choices`; the pieces' plans along the cheapest sequence of
    /// states are stitched and replayed by the global checker.
    public static func solve(
        graph: OperatorGraph, order: [Int], budget: Int, freeInsidePieces: Bool,
        minimumPiece: Int = 6,
        choices: CutChoices = .all, options: SolveOptions, solver: any Solver
    ) throws -> Outcome {
        let ranges = pieces(graph: graph, order: order, minimumPiece: minimumPiece)
        let search = try overStates(
            graph: graph, order: order, ranges: ranges, budget: budget, free: freeInsidePieces,
            states: { before, after in
                guard let tensor = before.leaving.map({ before.graph.tensors[$0] }) else {
                    return [.spilled]
                }
                if choices == .keptAtBottom { return [CutState(resident: true, address: 0)] }
                var states: [CutState] = []
                for address in Set([
                    0,
                    topAddress(
                        bytes: tensor.bytes, budget: budget, pieces: [before.graph, after.graph]),
                ]).sorted() {
                    states += [
                        CutState(resident: true, address: address, written: false),
                        CutState(resident: true, address: address, written: true),
                    ]
                }
                return states + [.spilled]
            }, lower: false, options: options, solver: solver)
        return Outcome(plan: search.plan, pieces: ranges.count, provenPieces: search.proven)
    }

    /// The highest byte address where a tensor of `bytes` can sit in every piece's formulation
    /// (a multiple of each piece's address unit, its rounded size inside the budget).
    static func topAddress(bytes: Int, budget: Int, pieces: [OperatorGraph]) -> Int {
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        let units = pieces.map { ScratchpadFormulation.addressUnit(graph: $0, budget: budget) }
        let step = units.reduce(1) { $0 / gcd($0, $1) * $1 }
        var address = budget / step * step
        while address > 0,
            !units.allSatisfy({ address / $0 + ($0 - 1 + bytes) / $0 <= budget / $0 })
        { address -= step }
        return max(address, 0)
    }

    /// Dynamic programming over the cuts: each piece solved for every pair of states its two cuts
    /// allow (`states(piece before, piece after)` for the tensor crossing between them), the
    /// cheapest consistent sequence taken. `lower`: piece values are ILP bounds (a lower bound);
    /// else plans' objectives, and the chosen plans are stitched.
    static func overStates(
        graph: OperatorGraph, order: [Int], ranges: [Range<Int>], budget: Int, free: Bool,
        states: (Piece, Piece) -> [CutState], lower: Bool,
        options: SolveOptions, solver: any Solver
    ) throws -> (value: Double?, plan: ScratchpadPlan?, proven: Int) {
        var position = [Int](repeating: 0, count: graph.operators.count)
        for (s, o) in order.enumerated() { position[o] = s }
        let pieces = ranges.map { piece(graph, order: order, range: $0, position: position) }
        // State choices per cut; a cut no tensor crosses has one (meaningless) state.
        let cutStates: [[CutState]] = (0..<max(pieces.count - 1, 0)).map { k in
            pieces[k].leaving == nil ? [.spilled] : states(pieces[k], pieces[k + 1])
        }
        let combinations = pieces.indices.reduce(0) { total, i in
            total + (i == 0 ? 1 : (pieces[i].entering == nil ? 1 : cutStates[i - 1].count))
                * (i == pieces.count - 1 || pieces[i].leaving == nil ? 1 : cutStates[i].count)
        }
        // Time shared as it goes: each ILP gets the time left over the ILPs left (at least
        // 0.5 s), so quick pieces leave their share to a hard one.
        let deadline = ContinuousClock.now + .seconds(min(options.timeLimitSeconds ?? 60, 1e9))

        struct Entry {
            var value: Double
            var plan: ScratchpadPlan?
            var optimal: Bool
        }
        var solves = 0
        // best[x]: cheapest cost of pieces 0...i with the state x at cut i; `choice` for the way
        // back.
        var best: [Double] = [0]
        var choices: [[(previous: Int, entry: Entry)]] = []
        for (i, piece) in pieces.enumerated() {
            let entries = i == 0 ? [nil] : cutStates[i - 1].map { Optional($0) }
            let exits = i == pieces.count - 1 ? [nil] : cutStates[i].map { Optional($0) }
            var next = [Double](repeating: .infinity, count: exits.count)
            var choice = [(previous: Int, entry: Entry)](
                repeating: (-1, Entry(value: .infinity, optimal: false)), count: exits.count)
            // Solved once per distinct boundary (a tensor passing a piece by does not change it).
            var cache: [[CutState?]: Entry] = [:]
            for (e, entryState) in entries.enumerated() where best[e] < .infinity {
                for (x, exitState) in exits.enumerated() {
                    let inState = piece.entering == nil ? nil : entryState
                    let outState = piece.leaving == nil ? nil : exitState
                    let entry: Entry
                    if let cached = cache[[inState, outState]] {
                        entry = cached
                    } else {
                        var entering: [Int: CutState] = [:]
                        var leaving: [Int: CutState] = [:]
                        if let l = piece.entering, let inState { entering[l] = inState }
                        if let l = piece.leaving, let outState { leaving[l] = outState }
                        let formulation = try ScratchpadFormulation(
                            graph: piece.graph, budget: budget,
                            fixedOrder: free ? nil : piece.graph.defaultOrder,
                            entering: entering, leaving: leaving, roundSizesDown: lower)
                        var limited = options
                        limited.timeLimitSeconds = max(
                            (deadline - ContinuousClock.now) / .seconds(1)
                                / Double(max(combinations - solves, 1)), 0.5)
                        let solution = try solver.solve(formulation.model, options: limited)
                        solves += 1
                        let optimal = solution.termination == .optimal
                        if lower {
                            let bound =
                                optimal
                                ? solution.objectiveValue ?? 0
                                : (solution.termination == .infeasible
                                    ? .infinity : solution.bestBound ?? 0)
                            entry = Entry(value: max(0, bound), optimal: optimal)
                        } else if let plan = formulation.plan(from: solution) {
                            entry = Entry(
                                value: solution.objectiveValue ?? .infinity, plan: plan,
                                optimal: optimal)
                        } else {
                            entry = Entry(value: .infinity, optimal: false)
                        }
                        cache[[inState, outState]] = entry
                    }
                    if best[e] + entry.value < next[x] {
                        next[x] = best[e] + entry.value
                        choice[x] = (e, entry)
                    }
                }
            }
            best = next
            choices.append(choice)
        }
        guard let value = best.first, value < .infinity else { return (nil, nil, 0) }
        guard !lower else { return (value, nil, 0) }
        // Back along the choices, stitching the pieces' plans.
        var globalOrder: [Int] = []
        var resident: [[ScratchpadPlan.Placement]] = []
        var x = 0
        var proven = 0
        for i in pieces.indices.reversed() {
            let (e, entry) = choices[i][x]
            guard let plan = entry.plan else { return (nil, nil, 0) }
            if entry.optimal { proven += 1 }
            globalOrder = plan.order.map { pieces[i].operators[$0] } + globalOrder
            resident =
                plan.resident.map { step in
                    step.map {
                        ScratchpadPlan.Placement(
                            tensor: pieces[i].global[$0.tensor], address: $0.address)
                    }
                } + resident
            x = e
        }
        return (value, ScratchpadPlan(order: globalOrder, resident: resident), proven)
    }
}
