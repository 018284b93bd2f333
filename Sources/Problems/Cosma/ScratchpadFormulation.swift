import LinearModel

/// COSMA's ILP (Li, Gupta, Malik 2023), as DSEKit builds it for GLPK.
///
/// Steps are operators (one per step). Per tensor and step in its liveness window: resident `r`,
/// retrieved `g`; per tensor: written to host `w`; per resident tensor and step: an address `a`
/// (integer, in units of the GCD of the tensor sizes). Rules: each step's operator has its inputs
/// and outputs resident; a tensor is resident only from its creation to its last use; a tensor
/// present at step s but not at s−1 and not created at s was retrieved (`g ≥ r_s − r_{s−1} −
/// created_s`), and a retrieved tensor that an operator produced was written out once (`w ≥ g`); a
/// tensor kept from s−1 to s keeps its address or moves, paying a read (and a write) as the checker
/// charges a move; two tensors resident at the same step do not overlap (one binary per pair and
/// step, big-M = the budget); Σ size·r ≤ budget per step (a redundant row that tightens the LP
/// bound). Minimise bytes written + bytes read back, less the compulsory first reads of graph
/// inputs. Free schedule: `x[o,s]` places each operator at one step and each step holds one
/// operator, producers before consumers.
///
/// Engineering against GLPK stalling: variables only inside ASAP/ALAP liveness windows (outside
/// them a tensor is forced out, which keeps the pruning sound); pairs that cannot fit together
/// get `r_i + r_j ≤ 1` instead of a disjunction; sizes are scaled by their GCD.
///
/// When the scratchpad spans at most ``discreteAddressLimit`` address units, addresses are
/// discrete instead: a binary `p[t,s,k]` per tensor, step and start unit k (Σ_k p = r), one row per
/// step and unit cell (the tensors covering it sum to ≤ 1) and `p[t,s,k] ≥ p[t,s−1,k] + r[t,s] − 1`
/// for a tensor kept in place. No big-M and no pair disjunctions: the LP relaxation sees
/// fragmentation, which the capacity row cannot (the 22-operator toy spans 9–13 units of 16 KiB).
public struct ScratchpadFormulation: Sendable {
    /// The graph formulated.
    public let graph: OperatorGraph
    /// The budget, bytes.
    public let budget: Int
    /// The fixed order, or nil for a free schedule.
    public let fixedOrder: [Int]?
    /// Divide and conquer's boundary: the state of each tensor entering before step 0.
    public let entering: [Int: CutState]
    /// The ILP.
    public private(set) var model: Model
    /// Address unit (bytes): the GCD of the tensor sizes, or a coarser power-of-two alignment when
    /// the budget would span more than `maximumUnits` units (tensors then take whole units, so the
    /// optimum is over aligned plans) — as coarse as keeps every operator's footprint inside.
    public let unit: Int
    /// Default for `init`'s `maximumUnits`. Big-M rows are only as exact as the solver's
    /// integrality tolerance times M, which argues for few units; coarse units lose plans (at
    /// 1 KiB alignment no zero-traffic plan exists for ResNet-18 with weights, free, at M_H; at
    /// 64 B one does). 65,536 units keep the ResNets at 64 B; every plan is replayed by the
    /// checker anyway, and slack in a big-M row only weakens a bound.
    public static let maximumUnits = 65_536
    /// The largest scratchpad, in address units, given discrete addresses.
    public static let discreteAddressLimit = 64
    /// Whether addresses are discrete start units (`p`) rather than integers with disjunctions.
    public let discreteAddresses: Bool
    /// Sizes rounded down to whole units instead of up (see `init`).
    public let roundsSizesDown: Bool
    /// Whether the optimum (or the ILP's bound) bounds every plan, not only unit-aligned ones:
    /// the unit is the GCD of the sizes (nothing is rounded), or sizes are rounded down.
    public var boundsEveryPlan: Bool { unit == graph.trafficQuantum || roundsSizesDown }

    var x: [[Int: Variable]] = []  // operator → step → variable (free schedule)
    var r: [[Int: Variable]] = []  // tensor → step → resident
    var g: [[Int: Variable]] = []  // tensor → step → retrieved
    var a: [[Int: Variable]] = []  // tensor → step → address (units)
    // tensor → step → start unit → placed there (discrete addresses)
    var p: [[Int: [Variable]]] = []
    var w: [Int: Variable] = [:]  // tensor → written to host
    var below: [(i: Int, j: Int, step: Int, variable: Variable)] = []  // i below j (disjunctions)
    var window: [ClosedRange<Int>?] = []
    /// Σ sizes of graph inputs (their first read is compulsory).
    public private(set) var compulsoryInputBytes = 0

    /// Divide and conquer's boundary (see ``CutState``): `entering` are tensors produced before
    /// this (sub)graph starts, standing as given just before its first step (resident ones may
    /// stay or be written out); `leaving` are tensors produced here and needed after the last
    /// step, standing as given after it (resident ones are resident at the last step).
    /// `discreteAddresses`: nil chooses discrete start units when the scratchpad spans at most
    /// ``discreteAddressLimit`` units; true or false forces one formulation (tests compare them).
    /// `breakMirrorSymmetry`: every plan mirrored (address → capacity − address − size) is a plan
    /// with the same traffic, so the tensor created at step 0 may be confined to the lower half;
    /// skipped when a boundary pins an address or step 0's operator is not known in advance.
    /// `roundSizesDown`: with a unit coarser than the GCD of the sizes, rounding sizes up gives
    /// plans the checker accepts but an optimum over aligned plans only; rounding them down
    /// (and the capacity down) gives a relaxation every plan maps into — byte intervals that do
    /// not overlap still do not overlap as ⌊address/unit⌋ + ⌊size/unit⌋ — so its optimum and
    /// bounds hold for every plan (divide and conquer's lower bound uses it); its own plans may
    /// not fit.
    public init(
        graph: OperatorGraph, budget: Int, fixedOrder: [Int]?, entering: [Int: CutState] = [:],
        leaving: [Int: CutState] = [:],
        discreteAddresses: Bool? = nil, breakMirrorSymmetry: Bool = true,
        roundSizesDown: Bool = false,
        maximumUnits: Int = Self.maximumUnits
    ) throws(ModelError) {
        self.graph = graph
        self.budget = budget
        self.fixedOrder = fixedOrder
        self.entering = entering
        let n = graph.operators.count
        let unit = Self.addressUnit(graph: graph, budget: budget, maximumUnits: maximumUnits)
        self.unit = unit
        let capacity = budget / unit
        let discrete = discreteAddresses ?? (capacity <= Self.discreteAddressLimit)
        self.discreteAddresses = discrete
        self.roundsSizesDown = roundSizesDown
        func units(_ bytes: Int) -> Int {
            roundSizesDown ? bytes / unit : (bytes + unit - 1) / unit
        }
        self.model = Model(name: "cosma")

        // Steps each operator can take.
        var range = [ClosedRange<Int>](repeating: 0...0, count: n)
        if let fixedOrder {
            for (s, o) in fixedOrder.enumerated() { range[o] = s...s }
        } else {
            let ancestors = graph.ancestors
            var descendants = [Int](repeating: 0, count: n)
            for o in 0..<n { for p in ancestors[o] { descendants[p] += 1 } }
            for o in 0..<n { range[o] = ancestors[o].count...(n - 1 - descendants[o]) }
        }
        func isAt(_ o: Int, _ s: Int) -> LinearExpression? {
            guard range[o].contains(s) else { return nil }
            if fixedOrder != nil { return LinearExpression(constant: 1) }
            return x[o][s].map { LinearExpression($0) }
        }

        if fixedOrder == nil {
            x = (0..<n).map { _ in [:] }
            for o in 0..<n {
                for s in range[o] {
                    x[o][s] = try model.addVariable(
                        "x[\(graph.operators[o].id),\(s)]", kind: .binary)
                }
                try model.addConstraint(
                    range[o].compactMap { x[o][$0] }.sum() == 1,
                    name: "once[\(graph.operators[o].id)]")
            }
            for s in 0..<n {
                let here = (0..<n).compactMap { x[$0][s] }
                try model.addConstraint(here.sum() == 1, name: "step[\(s)]")
            }
            for (q, op) in graph.operators.enumerated() {
                for p in Set(op.inputs.compactMap { graph.producer[$0] }).sorted() {
                    var difference = LinearExpression()
                    for s in range[q] { if let v = x[q][s] { difference.add(Double(s), v) } }
                    for s in range[p] { if let v = x[p][s] { difference.add(-Double(s), v) } }
                    try model.addConstraint(
                        difference >= 1,
                        name: "before[\(graph.operators[p].id),\(graph.operators[q].id)]")
                }
            }
        }

        // Liveness windows and residency.
        r = graph.tensors.map { _ in [:] }
        g = graph.tensors.map { _ in [:] }
        a = graph.tensors.map { _ in [:] }
        p = graph.tensors.map { _ in [:] }
        window = graph.tensors.indices.map { t in
            let users = graph.consumers[t]
            var start =
                graph.producer[t].map { range[$0].lowerBound }
                ?? users.map { range[$0].lowerBound }.min()
            var end =
                users.map { range[$0].upperBound }.max()
                ?? graph.producer[t].map { range[$0].upperBound }
            if entering[t] != nil { start = 0 }
            if leaving[t] != nil { end = n - 1 }
            guard let start, let end else { return nil }
            return start...max(start, end)
        }
        var objective = LinearExpression()
        /// A write variable for tensor t, at least every read back, charged in the objective.
        @discardableResult func chargeWrite(_ t: Int) throws(ModelError) -> Variable {
            let written = try model.addVariable(
                "w[\(graph.tensors[t].id)]", lowerBound: 0, upperBound: 1)
            for (_, retrieved) in g[t].sorted(by: { $0.key < $1.key }) {
                try model.addConstraint(LinearExpression(written) - retrieved >= 0)
            }
            objective.add(Double(graph.tensors[t].bytes), written)
            w[t] = written
            return written
        }
        /// Tensor t, when resident at step s, sits at byte `address`.
        func pin(_ t: Int, _ s: Int, at address: Int) throws(ModelError) {
            let size = units(graph.tensors[t].bytes)
            guard address % unit == 0, address / unit + size <= capacity else {
                throw ModelError(
                    "tensor \(graph.tensors[t].id) at byte \(address)",
                    .invalidBounds(lower: Double(address), upper: Double((capacity - size) * unit)))
            }
            let k = address / unit
            guard let resident = r[t][s] else { return }
            if discrete, let start = p[t][s]?[k] {
                try model.addConstraint(LinearExpression(start) - resident == 0)
            } else if let placed = a[t][s] {
                let m = Double(capacity)
                try model.addConstraint(LinearExpression(placed) + m * resident <= Double(k) + m)
                try model.addConstraint(LinearExpression(placed) - m * resident >= Double(k) - m)
            }
        }
        for t in graph.tensors.indices {
            guard let w = window[t] else { continue }
            let tensor = graph.tensors[t]
            let size = Double(units(tensor.bytes))
            for s in w {
                let resident = try model.addVariable("r[\(tensor.id),\(s)]", kind: .binary)
                r[t][s] = resident
                if discrete {
                    // checked: size holds a whole number of units
                    let starts = max(capacity - Int(size) + 1, 0)
                    var placed: [Variable] = []
                    for k in 0..<starts {
                        placed.append(
                            try model.addVariable("p[\(tensor.id),\(s),\(k)]", kind: .binary))
                    }
                    p[t][s] = placed
                    try model.addConstraint(
                        placed.sum() - resident == 0, name: "placed[\(tensor.id),\(s)]")
                } else {
                    a[t][s] = try model.addVariable(
                        "a[\(tensor.id),\(s)]", kind: .integer, lowerBound: 0,
                        upperBound: Double(max(capacity - Int(size), 0)))  // checked: whole units
                }
            }
            let produced = graph.producer[t]
            for s in w {
                guard let resident = r[t][s] else { continue }
                // Needed now: created here, or read by an operator here.
                if let p = produced, let e = isAt(p, s) {
                    try model.addConstraint(LinearExpression(resident) - e >= 0)
                }
                for q in graph.consumers[t] {
                    if let e = isAt(q, s) {
                        try model.addConstraint(LinearExpression(resident) - e >= 0)
                    }
                }
                if fixedOrder == nil {
                    // Not before creation, not after the last use.
                    if let p = produced {
                        var before = LinearExpression(resident)
                        for s2 in range[p] where s2 <= s {
                            if let v = x[p][s2] { before.add(-1, v) }
                        }
                        try model.addConstraint(before <= 0)
                    }
                    if leaving[t] == nil {
                        var later = LinearExpression(resident)
                        let users =
                            graph.consumers[t].isEmpty
                            ? (produced.map { [$0] } ?? []) : graph.consumers[t]
                        for q in users {
                            for s2 in range[q] where s2 >= s {
                                if let v = x[q][s2] { later.add(-1, v) }
                            }
                        }
                        try model.addConstraint(later <= 0)
                    }
                }
                // Retrieval. Binary with integer addresses: a move (below) must pay a whole read,
                // not a fraction.
                let retrieved = try model.addVariable(
                    "g[\(tensor.id),\(s)]", kind: discrete ? .continuous : .binary, lowerBound: 0,
                    upperBound: 1)
                g[t][s] = retrieved
                var arrival = LinearExpression(retrieved) - resident
                if let previous = r[t][s - 1] { arrival = arrival + previous }
                if s == 0, let state = entering[t], state.resident {
                    // Resident just before step 0: no read needed; if kept, kept where it was.
                    arrival = arrival + 1
                    if let address = state.address { try pin(t, s, at: address) }
                }
                if s == n - 1, let state = leaving[t], state.resident {
                    try model.setBounds(of: resident, lower: 1, upper: 1)
                    if let address = state.address { try pin(t, s, at: address) }
                }
                if let p = produced, let e = isAt(p, s) { arrival = arrival + e }
                try model.addConstraint(arrival >= 0)
                objective.add(Double(tensor.bytes), retrieved)
                // Kept from s−1 to s: same address, unless it moves — written out (if host has no
                // copy) and read back at the new address between the steps, as the checker counts
                // it: the move is paid by g (and w ≥ g). Discrete: p[t,s,k] ≥ p[t,s−1,k] + r − 1 −
                // g, which binary p only meets with g = 1 when the start changes.
                if discrete, let previous = p[t][s - 1], let current = p[t][s] {
                    for k in current.indices {
                        try model.addConstraint(
                            LinearExpression(current[k]) - previous[k] - resident + retrieved >= -1)
                    }
                } else if let previous = r[t][s - 1], let before = a[t][s - 1], let now = a[t][s] {
                    let m = Double(capacity)
                    let moved = LinearExpression(now) - before
                    try model.addConstraint(
                        moved + m * resident + m * previous - m * retrieved <= 2 * m)
                    try model.addConstraint(
                        moved - m * resident - m * previous + m * retrieved >= -2 * m)
                }
            }
            if let state = entering[t] {
                // Produced in an earlier piece: written here only if that piece did not write it.
                if state.written != true { try chargeWrite(t) }
            } else if produced != nil {
                let written = try chargeWrite(t)
                if let state = leaving[t], let fixed = state.written {
                    try model.setBounds(of: written, lower: fixed ? 1 : 0, upper: fixed ? 1 : 0)
                }
            } else if !graph.consumers[t].isEmpty {
                compulsoryInputBytes += tensor.bytes
            }
        }

        // Mirror symmetry: the largest tensor created at step 0 sits in the lower half.
        let first = (0..<n).filter { range[$0].contains(0) }
        let pinned = (Array(entering.values) + Array(leaving.values)).contains { $0.address != nil }
        if breakMirrorSymmetry, !pinned, first.count == 1,
            let t = graph.operators[first[0]].outputs.max(by: {
                graph.tensors[$0].bytes < graph.tensors[$1].bytes
            }), r[t][0] != nil
        {
            let half = (capacity - units(graph.tensors[t].bytes)) / 2
            if let starts = p[t][0] {
                for k in starts.indices where k > half {
                    try model.setBounds(of: starts[k], lower: 0, upper: 0)
                }
            } else if let address = a[t][0] {
                try model.setBounds(of: address, lower: 0, upper: Double(max(half, 0)))
            }
        }

        // Capacity and non-overlap per step.
        for s in 0..<n {
            let here = graph.tensors.indices.filter { r[$0][s] != nil }
            var used = LinearExpression()
            for t in here {
                if let resident = r[t][s] {
                    used.add(Double(units(graph.tensors[t].bytes)), resident)
                }
            }
            try model.addConstraint(used <= Double(capacity), name: "capacity[\(s)]")
            if discrete {
                // Each unit cell holds at most one tensor.
                for cell in 0..<capacity {
                    var covering = LinearExpression()
                    for t in here {
                        guard let starts = p[t][s] else { continue }
                        let size = units(graph.tensors[t].bytes)
                        for k in max(0, cell - size + 1)...min(cell, starts.count - 1)
                        where starts.indices.contains(k) { covering.add(1, starts[k]) }
                    }
                    if !covering.terms.isEmpty {
                        try model.addConstraint(covering <= 1, name: "cell[\(s),\(cell)]")
                    }
                }
                continue
            }
            let m = Double(capacity)
            for (k, i) in here.enumerated() {
                for j in here[(k + 1)...] {
                    guard let ri = r[i][s], let rj = r[j][s] else { continue }
                    let si = units(graph.tensors[i].bytes)
                    let sj = units(graph.tensors[j].bytes)
                    if si + sj > capacity {
                        try model.addConstraint(LinearExpression(ri) + rj <= 1)
                        continue
                    }
                    guard let ai = a[i][s], let aj = a[j][s] else { continue }
                    let below = try model.addVariable(
                        "y[\(graph.tensors[i].id),\(graph.tensors[j].id),\(s)]", kind: .binary)
                    self.below.append((i, j, s, below))
                    // i below j when below = 1, j below i otherwise — when both are resident.
                    try model.addConstraint(
                        LinearExpression(ai) - aj + m * below + m * ri + m * rj <= 3 * m
                            - Double(si))
                    try model.addConstraint(
                        LinearExpression(aj) - ai - m * below + m * ri + m * rj <= 2 * m
                            - Double(sj))
                }
            }
        }
        objectiveExpression = objective - Double(compulsoryInputBytes)
        try model.minimize(objectiveExpression)
    }

    /// The address unit for `graph` under `budget` (see ``unit``).
    public static func addressUnit(
        graph: OperatorGraph, budget: Int, maximumUnits: Int = maximumUnits
    ) -> Int {
        var unit = graph.trafficQuantum
        // Big-M rows are only as exact as GLPK's integrality tolerance (1e-5) times M: keep the
        // scratchpad within `maximumUnits` address units, aligning to a power of two.
        // A coarser unit rounds sizes up, so it is taken only while every operator's rounded
        // footprint still fits the budget (else a budget at M_R would become infeasible).
        if budget / unit > maximumUnits {
            var alignment = 1
            while budget / alignment > maximumUnits { alignment *= 2 }
            func fitsEveryOperator(_ a: Int) -> Bool {
                graph.operators.allSatisfy { op in
                    Set(op.inputs + op.outputs).reduce(0) {
                        $0 + (graph.tensors[$1].bytes + a - 1) / a
                    } <= budget / a
                }
            }
            while alignment > 1, !fitsEveryOperator(alignment) { alignment /= 2 }
            if alignment > unit, fitsEveryOperator(alignment) { unit = alignment }
        }
        return unit
    }

    /// The objective (non-compulsory bytes), kept for the improvement cut.
    var objectiveExpression = LinearExpression()

    /// Asks only for plans strictly better than `bytes` non-compulsory bytes: every plan's traffic
    /// is a multiple of the GCD of the tensor sizes, so the row is `objective ≤ bytes − GCD/2`.
    /// Infeasible then proves a plan of `bytes` optimal (when ``boundsEveryPlan``); it also prunes
    /// every node that cannot beat the incumbent by a whole quantum, which a MIP start
    /// (`SolveOptions.start`) cannot say — measured slower, see problems/cosma/README.md.
    public mutating func requireImprovement(on bytes: Int) throws(ModelError) {
        let step = graph.trafficQuantum
        try model.addConstraint(
            objectiveExpression <= Double(bytes) - Double(step) / 2, name: "improvement")
    }

    /// The model's point for a plan (a MIP start), or nil when the plan lies outside this
    /// formulation: another order than the fixed one, a tensor resident outside its window,
    /// an address off the unit grid, or a row the point breaks (checked against the model).
    /// Reads back are set where a tensor appears without being created, writes where it is read
    /// back. A plan the mirror-symmetry row excludes is taken as its mirror image (same traffic).
    public func point(from plan: ScratchpadPlan) -> [Double]? {
        point(from: plan, mirrored: false) ?? point(from: plan, mirrored: true)
    }

    private func point(from plan: ScratchpadPlan, mirrored: Bool) -> [Double]? {
        let n = graph.operators.count
        let capacity = budget / unit
        guard plan.order.count == n, plan.resident.count == n,
            fixedOrder.map({ $0 == plan.order }) ?? true
        else { return nil }
        var values = [Double](repeating: 0, count: model.variableCount)
        for (s, o) in plan.order.enumerated() {
            if fixedOrder == nil {
                guard let variable = x[o][s] else { return nil }
                values[variable.index] = 1
            }
        }
        var address: [[Int: Int]] = Array(repeating: [:], count: n)  // step → tensor → unit
        for (s, step) in plan.resident.enumerated() {
            for placement in step {
                let t = placement.tensor
                guard graph.tensors.indices.contains(t), let resident = r[t][s],
                    placement.address % unit == 0
                else { return nil }
                let size = (graph.tensors[t].bytes + unit - 1) / unit
                let k =
                    mirrored ? capacity - size - placement.address / unit : placement.address / unit
                guard k >= 0 else { return nil }
                values[resident.index] = 1
                address[s][t] = k
                if let starts = p[t][s] {
                    guard starts.indices.contains(k) else { return nil }
                    values[starts[k].index] = 1
                } else if let a = a[t][s] {
                    values[a.index] = Double(k)
                }
            }
        }
        for t in graph.tensors.indices {
            guard let window = window[t] else { continue }
            var readBack = false
            for s in window {
                guard let retrieved = g[t][s], address[s][t] != nil else { continue }
                let created = graph.producer[t].map { plan.order[s] == $0 } ?? false
                let kept = s > 0 && address[s - 1][t] != nil && address[s - 1][t] == address[s][t]
                if !created && !kept && !(s == 0 && (entering[t]?.resident ?? false)) {
                    values[retrieved.index] = 1
                    readBack = true
                }
            }
            if let written = w[t] {
                values[written.index] = readBack ? 1 : max(0, model.lowerBound(of: written))
            }
        }
        for (i, j, s, variable) in below {
            if let ai = address[s][i], let aj = address[s][j], ai < aj {
                values[variable.index] = 1
            }
        }
        return model.violations(values).relative <= 1e-9 ? values : nil
    }

    /// The plan a solution describes (order, residency, byte addresses), or nil without a point.
    public func plan(from solution: Solution) -> ScratchpadPlan? {
        guard let values = solution.variableValues else { return nil }
        let n = graph.operators.count
        var order = fixedOrder ?? []
        if fixedOrder == nil {
            order = (0..<n).map { s in
                (0..<n).first { o in x[o][s].map { values[$0.index] > 0.5 } ?? false } ?? -1
            }
            guard !order.contains(-1) else { return nil }
        }
        let resident: [[ScratchpadPlan.Placement]] = (0..<n).map { s in
            graph.tensors.indices.compactMap { t in
                guard let v = r[t][s], values[v.index] > 0.5 else { return nil }
                if let starts = p[t][s] {
                    guard let k = starts.firstIndex(where: { values[$0.index] > 0.5 }) else {
                        return nil
                    }
                    return ScratchpadPlan.Placement(tensor: t, address: k * unit)
                }
                guard let address = a[t][s] else { return nil }
                // Within the variable's bounds [0, capacity − size] (a value outside, from a solver
                // failure, is clamped; the independent plan check then judges the plan).
                let slot = min(max(values[address.index].rounded(), 0), Double(budget / unit))
                // checked: clamped to [0, budget / unit]
                return ScratchpadPlan.Placement(tensor: t, address: Int(slot) * unit)
            }.sorted { $0.address < $1.address }
        }
        return ScratchpadPlan(order: order, resident: resident)
    }
}
