import CBCBackend
import GLPKBackend
import LinearModel
import TestSupport
import Testing

/// The deletion filter's subset is infeasible, and each one-element-smaller subset is feasible
/// — checked by the other solver, independently of the one that drove the filter.
@Suite struct InfeasibilityExplainerTests {
    /// Random small models made infeasible by a covering row that asks too much.
    static func infeasibleModel(seed: UInt64, integral: Bool) throws -> Model {
        var rng = SplitMix64(seed: seed)
        var model = Model(name: "random-infeasible")
        let n = Int.random(in: 3...6, using: &rng)
        let x = try model.addVariables(
            n, namePrefix: "x", kind: integral ? .integer : .continuous,
            upperBound: Double(Int.random(in: 2...5, using: &rng)))
        for r in 0..<Int.random(in: 2...5, using: &rng) {
            let weights = x.map { _ in Double(Int.random(in: 0...4, using: &rng)) }
            try model.addConstraint(
                LinearExpression(variables: x, coefficients: weights)
                    <= Double(Int.random(in: 3...12, using: &rng)), name: "cap\(r)")
        }
        // Ask for more than the bounds allow: Σx ≥ Σ upper + 1.
        try model.addConstraint(x.sum() >= Double(x.count * 5 + 1), name: "demand")
        try model.minimize(x.sum())
        return model
    }

    @Test(arguments: 0..<10)
    func theSubsetIsInfeasibleAndIrreducible(seed: Int) throws {
        for integral in [false, true] {
            let model = try Self.infeasibleModel(seed: UInt64(seed), integral: integral)
            for (driver, checker) in [
                (GLPKSolver() as any Solver, CBCSolver() as any Solver),
                (CBCSolver(), GLPKSolver()),
            ] {
                let subset = try #require(try InfeasibilityExplainer(solver: driver).explain(model))
                #expect(subset.isIrreducible)
                #expect(
                    subset.elements.contains(
                        .constraint(try #require(model.constraint(named: "demand")))))
                #expect(
                    try checker.solve(
                        InfeasibilityExplainer.restrict(model, to: subset.elements),
                        options: SolveOptions()
                    ).termination == .infeasible)
                for k in subset.elements.indices {
                    var fewer = subset.elements
                    fewer.remove(at: k)
                    #expect(
                        try checker.solve(
                            InfeasibilityExplainer.restrict(model, to: fewer),
                            options: SolveOptions()
                        ).termination == .optimal, "seed \(seed): \(subset.elements[k])")
                }
            }
        }
    }

    @Test func aFeasibleModelHasNoConflict() throws {
        let (model, _) = try Knapsack.random(items: 8, seed: 3).model()
        #expect(try InfeasibilityExplainer(solver: GLPKSolver()).explain(model) == nil)
    }

    /// The hand-made case: x + y ≥ 5 with x ≤ 3 and x + 3y ≤ 6 (y ≥ 2, so x + 3y ≥ 9 − … > 6).
    @Test func theHandMadeCaseNamesItsRowsAndBound() throws {
        var model = Model()
        let x = try model.addVariable("x", upperBound: 3)
        let y = try model.addVariable("y")
        try model.addConstraint(x + 3 * y <= 6, name: "plant2")
        try model.addConstraint(x + y >= 5, name: "demand")
        try model.addConstraint(x - y <= 10, name: "extra")
        try model.maximize(3 * x + 2 * y)
        let subset = try #require(try InfeasibilityExplainer(solver: CBCSolver()).explain(model))
        #expect(
            subset.descriptions(model) == [
                "plant2: x + 3 y ≤ 6", "demand: x + y ≥ 5", "bound x ≤ 3",
            ])
    }
}
