import GLPKBackend
import LinearModel
import TestSupport
import Testing

@Suite struct ExactOptimaTests {
    let solver = GLPKSolver()

    @Test(arguments: 0..<24)
    func knapsackMatchesBruteForce(seed: Int) throws {
        let knapsack = Knapsack.random(items: 12, seed: UInt64(seed))
        let (model, x) = try knapsack.model()
        let solution = try solver.solve(model)
        #expect(solution.termination == .optimal)
        #expect(solution.objectiveValue == knapsack.bruteForceOptimum)
        #expect(solution.bestBound == solution.objectiveValue)
        // The point itself: recompute value and weight from the chosen items.
        let chosen = x.filter { (solution.value($0) ?? 0) > 0.5 }
        #expect(chosen.reduce(0) { $0 + knapsack.values[$1.index] } == knapsack.bruteForceOptimum)
        #expect(chosen.reduce(0) { $0 + knapsack.weights[$1.index] } <= knapsack.capacity)
        #expect(model.maximumViolation(solution.variableValues ?? []) <= 1e-9)
    }

    @Test(arguments: 0..<8)
    func assignmentMatchesBruteForceAsMIPAndAsLP(seed: Int) throws {
        let assignment = Assignment.random(size: 6, seed: UInt64(100 + seed))
        let expected = assignment.bruteForceOptimum
        let mip = try solver.solve(try assignment.model(kind: .binary))
        #expect(mip.termination == .optimal)
        #expect(mip.objectiveValue == expected)
        // The constraint matrix is totally unimodular: the LP relaxation is integral too.
        let lp = try solver.solve(try assignment.model(kind: .continuous))
        #expect(lp.termination == .optimal)
        #expect(abs((lp.objectiveValue ?? 0) - expected) < 1e-9)
    }

    /// Hillier & Lieberman's Wyndor Glass LP: max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18.
    /// Optimum 36 at (2, 6); shadow prices (0, 3/2, 1); both reduced costs 0.
    @Test func textbookLPHasTheKnownOptimumAndDuals() throws {
        var model = Model(name: "wyndor")
        let x = try model.addVariable("x")
        let y = try model.addVariable("y")
        let plant1 = try model.addConstraint(x <= 4, name: "plant1")
        let plant2 = try model.addConstraint(2 * y <= 12, name: "plant2")
        let plant3 = try model.addConstraint(3 * x + 2 * y <= 18, name: "plant3")
        try model.maximize(3 * x + 5 * y)
        for presolve in [true, false] {
            let solution = try solver.solve(model, options: SolveOptions(presolve: presolve))
            #expect(solution.termination == .optimal)
            #expect(solution.objectiveValue == 36)
            #expect(solution.value(x) == 2)
            #expect(solution.value(y) == 6)
            #expect(abs((solution.dual(plant1) ?? .nan) - 0) < 1e-12)
            #expect(abs((solution.dual(plant2) ?? .nan) - 1.5) < 1e-12)
            #expect(abs((solution.dual(plant3) ?? .nan) - 1) < 1e-12)
            #expect(solution.reducedCosts?.map { abs($0) < 1e-12 } == [true, true])
            #expect(solution.constraintActivities == [2, 12, 18])
        }
    }

    @Test func objectiveConstantIsPartOfTheObjective() throws {
        var model = Model()
        let x = try model.addVariable("x", lowerBound: 1, upperBound: 5)
        try model.minimize(2 * x + 10)
        let solution = try solver.solve(model)
        #expect(solution.objectiveValue == 12)
    }

    @Test(arguments: [true, false])
    func infeasibleLPReportsNoPoint(presolve: Bool) throws {
        var model = Model()
        let x = try model.addVariable("x")
        let y = try model.addVariable("y")
        try model.addConstraint(x + y >= 5)
        try model.addConstraint(x + y <= 3)
        try model.minimize(x)
        let solution = try solver.solve(model, options: SolveOptions(presolve: presolve))
        #expect(solution.termination == .infeasible)
        #expect(!solution.hasFeasiblePoint)
        #expect(solution.objectiveValue == nil)
        #expect(solution.variableValues == nil)
        #expect(solution.constraintDuals == nil)
        #expect(solution.status == .infeasible)
    }

    @Test(arguments: [true, false])
    func unboundedLP(presolve: Bool) throws {
        var model = Model()
        let x = try model.addVariable("x")
        let y = try model.addVariable("y")
        try model.addConstraint(x - y <= 1)
        try model.maximize(x + y)
        let solution = try solver.solve(model, options: SolveOptions(presolve: presolve))
        #expect(solution.termination == .unbounded)
        #expect(solution.objectiveValue == nil)
        #expect(solution.status == .unbounded)
    }

    @Test(arguments: [true, false])
    func infeasibleMIPWithFeasibleRelaxation(presolve: Bool) throws {
        // 2x = 1 with x integer: the relaxation has x = 0.5.
        var model = Model()
        let x = try model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 10)
        try model.addConstraint(2 * x == 1)
        try model.minimize(x)
        let solution = try solver.solve(model, options: SolveOptions(presolve: presolve))
        #expect(solution.termination == .infeasible)
        #expect(solution.variableValues == nil)
    }

    @Test(arguments: [true, false])
    func unboundedMIP(presolve: Bool) throws {
        var model = Model()
        let x = try model.addVariable("x", kind: .integer)
        let y = try model.addVariable("y", kind: .integer)
        try model.addConstraint(x - y <= 1)
        try model.maximize(x + y)
        let solution = try solver.solve(model, options: SolveOptions(presolve: presolve))
        #expect(solution.termination == .unbounded)
    }

    @Test(arguments: [true, false])
    func infeasibleMIPWhoseRelaxationIsUnbounded(presolve: Bool) throws {
        // y unbounded in the objective, but 2x = 1 has no integer solution: infeasible, not
        // unbounded.
        var model = Model()
        let x = try model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 10)
        let y = try model.addVariable("y")
        try model.addConstraint(2 * x == 1)
        try model.maximize(y)
        let solution = try solver.solve(model, options: SolveOptions(presolve: presolve))
        #expect(solution.termination == .infeasible)
    }

    @Test func emptyModelSolves() throws {
        var model = Model()
        try model.minimize(LinearExpression(constant: 3))
        let solution = try solver.solve(model)
        #expect(solution.termination == .optimal)
        #expect(solution.objectiveValue == 3)
        #expect(solution.variableValues == [])
    }

    @Test func integerBoundsAndNegativeValues() throws {
        // min x + y with x ∈ {−5..5} integer, y ≥ −2.5 continuous, x + 2y ≥ −9.2 → x = −5, y =
        // −2.1.
        var model = Model()
        let x = try model.addVariable("x", kind: .integer, lowerBound: -5, upperBound: 5)
        let y = try model.addVariable("y", lowerBound: -2.5)
        try model.addConstraint(x + 2 * y >= -9.2)
        try model.minimize(x + y)
        let solution = try solver.solve(model)
        #expect(solution.value(x) == -5)
        #expect(abs((solution.value(y) ?? 0) + 2.1) < 1e-9)
        #expect(abs((solution.objectiveValue ?? 0) + 7.1) < 1e-9)
    }
}

/// Integer columns with fractional bounds: `glp_intopt` refuses them outright (GLP_EBOUND, which
/// once came out as "numerical failure"); the loader rounds them inward, which keeps exactly
/// the same integer points.
@Suite struct FractionalIntegerBoundsTests {
    @Test func theReportedBinaryWithABoundBelowOneIsOptimalAtZero() throws {
        let path = try writeFile(
            "Maximize\n obj: x\nSubject To\n c: x <= 10\nBounds\n x <= 0.5\nBinary\n x\nEnd\n",
            named: "b.lp", in: try makeTemporaryDirectory())
        let model = try GLPKFileReader().read(path)
        for presolve in [true, false] {
            let solution = try GLPKSolver().solve(model, options: SolveOptions(presolve: presolve))
            #expect(solution.termination == .optimal)
            #expect(solution.objectiveValue == 0)
            #expect(solution.variableValues == [0])
        }
    }

    /// GLPK 5.0's MIP presolver fails fatally on a problem it reduces to nothing
    /// ("glp_add_cols: ncs = 0"); the solver retries without it. LPs are unaffected.
    @Test(arguments: [VariableKind.integer, .continuous])
    func everyColumnFixedSolves(kind: VariableKind) throws {
        var model = Model()
        let x = try model.addVariable("x", kind: kind, lowerBound: 1, upperBound: 1)
        let y = try model.addVariable(
            "y", kind: kind, lowerBound: 2.0000000001,
            upperBound: kind == .integer ? 2.9 : 2.0000000001)
        try model.addConstraint(x + y <= 10)
        try model.maximize(x + 2 * y)
        let solution = try GLPKSolver().solve(model)
        #expect(solution.termination == .optimal)
        #expect(abs((solution.objectiveValue ?? 0) - (kind == .integer ? 5 : 5.0000000002)) <= 1e-9)
    }

    @Test func noWholeNumberBetweenTheBoundsIsInfeasible() throws {
        var model = Model()
        let x = try model.addVariable("x", kind: .integer, lowerBound: 0.2, upperBound: 0.8)
        try model.maximize(LinearExpression(x))
        #expect(try GLPKSolver().solve(model).termination == .infeasible)
    }

    /// Three integer columns with random fractional bounds and two random rows, against
    /// enumerating every integer point inside the bounds.
    @Test(arguments: 0..<40)
    func randomFractionalBoundsMatchEnumeration(seed: Int) throws {
        var rng = SplitMix64(seed: UInt64(900 + seed))
        func uniform(_ low: Double, _ high: Double) -> Double {
            low + (high - low) * Double(rng.next() % 1_000_000) / 1_000_000
        }
        var model = Model()
        var bounds: [(Double, Double)] = []
        var x: [Variable] = []
        for j in 0..<3 {
            let lower = uniform(-3.7, 1.2)
            let upper = lower + uniform(0, 4.5)
            bounds.append((lower, upper))
            x.append(
                try model.addVariable("x\(j)", kind: .integer, lowerBound: lower, upperBound: upper)
            )
        }
        let rows = (0..<2).map { _ in ((0..<3).map { _ in uniform(-2, 2) }, uniform(-3, 3)) }
        for (a, b) in rows {
            try model.addConstraint(LinearExpression(variables: x, coefficients: a) <= b)
        }
        let c = (0..<3).map { _ in uniform(-1, 1) }
        try model.maximize(LinearExpression(variables: x, coefficients: c))

        var best: Double?
        let ranges: [[Int]] = bounds.map { lower, upper in
            let first = Int(lower.rounded(.up))
            let last = Int(upper.rounded(.down))  // checked: bounds within ±9
            return first <= last ? Array(first...last) : []
        }
        if ranges.allSatisfy({ !$0.isEmpty }) {
            for p in ranges[0] {
                for q in ranges[1] {
                    for r in ranges[2] {
                        let point = [Double(p), Double(q), Double(r)]
                        guard
                            rows.allSatisfy({ a, b in
                                zip(a, point).reduce(0) { $0 + $1.0 * $1.1 } <= b + 1e-9
                            })
                        else { continue }
                        let value = zip(c, point).reduce(0) { $0 + $1.0 * $1.1 }
                        best = max(best ?? -.infinity, value)
                    }
                }
            }
        }
        let solution = try GLPKSolver().solve(model)
        if let best {
            #expect(solution.termination == .optimal, "seed \(seed)")
            #expect(abs((solution.objectiveValue ?? .nan) - best) <= 1e-7, "seed \(seed)")
        } else {
            #expect(solution.termination == .infeasible, "seed \(seed)")
        }
    }
}
