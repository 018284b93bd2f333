import LinearModel
import Testing

@Suite struct ModelTests {
    @Test func operatorsBuildTheExpectedTermsAndConstant() throws {
        var model = Model()
        let x = try model.addVariable("x")
        let y = try model.addVariable("y")
        let e = 2 * x + y - 3 + 0.5 * (x - 4 * y) - (-x) + 7
        #expect(e.terms.map(\.variable) == [x, y, x, y, x])
        #expect(e.terms.map(\.coefficient) == [2, 1, 0.5, -2, 1])
        #expect(e.constant == 4)
        let expected: Double = 2 + 10 - 3 + 0.5 * (1 - 40) + 1 + 7
        #expect(e.value([1, 10]) == expected)
    }

    @Test func addingAConstraintMergesRepeatsInFirstAppearanceOrderAndMovesConstants() throws {
        var model = Model()
        let x = try model.addVariable("x")
        let y = try model.addVariable("y")
        let z = try model.addVariable("z")
        let c = try model.addConstraint(
            3 * z + x + 2 * y - z - 2 * y + 5 <= 2 * x + 10, name: "row")
        let stored = model.constraint(c)
        // z first (3 − 1), then x (1 − 2); y cancels and is dropped.
        #expect(stored.expression.terms.map(\.variable) == [z, x])
        #expect(stored.expression.terms.map(\.coefficient) == [2, -1])
        #expect(stored.lowerBound == -.infinity)
        #expect(stored.upperBound == 5)
        #expect(model.nonzeroCount == 2)
    }

    @Test func longRowsMergeThroughTheHashedPathToo() throws {
        var model = Model()
        let x = try model.addVariables(30, namePrefix: "x")
        var e = LinearExpression()
        for v in x.reversed() { e += v }
        for v in x { e += 2 * v }
        let c = try model.addConstraint(e >= 1)
        let terms = model.terms(of: c)
        #expect(terms.map(\.variable) == x.reversed())
        #expect(terms.allSatisfy { $0.coefficient == 3 })
    }

    @Test func rejectsNonFiniteCoefficientsNamingTheConstraintAndVariable() throws {
        var model = Model()
        let x = try model.addVariable("x")
        let nanError = #expect(throws: ModelError.self) {
            try model.addConstraint(Double.nan * x <= 1, name: "cap")
        }
        #expect(
            nanError?.description
                == "constraint 'cap', coefficient of variable 'x': nan is not a finite number")
        #expect(
            throws: ModelError(
                "constraint 'cap', coefficient of variable 'x'", .nonFiniteNumber(.infinity))
        ) {
            try model.addConstraint(Double.infinity * x <= 1, name: "cap")
        }
        let error = #expect(throws: ModelError.self) { try model.minimize(Double.nan * x) }
        #expect(error?.description.contains("objective") == true)
        #expect(throws: ModelError.self) { try model.addConstraint(x <= .nan) }
        #expect(throws: ModelError.self) { try model.addVariable("y", lowerBound: .nan) }
        #expect(model.constraintCount == 0, "a refused constraint leaves the model unchanged")
    }

    @Test func rejectsBadBoundsAndConstraintsWithoutFiniteBound() throws {
        var model = Model()
        #expect(throws: ModelError("variable 'x'", .invalidBounds(lower: 2, upper: 1))) {
            try model.addVariable("x", lowerBound: 2, upperBound: 1)
        }
        #expect(throws: ModelError.self) { try model.addVariable("x", lowerBound: .infinity) }
        #expect(throws: ModelError.self) {
            try model.addVariable("b", kind: .binary, lowerBound: 0, upperBound: 2)
        }
        let x = try model.addVariable("x")
        #expect(throws: ModelError("constraint 'free'", .noFiniteBound)) {
            try model.addConstraint(
                LinearConstraint(
                    LinearExpression(x), lowerBound: -.infinity, upperBound: .infinity),
                name: "free")
        }
        #expect(throws: ModelError.self) { try model.setBounds(of: x, lower: 3, upper: 2) }
    }

    @Test func rejectsInvalidAndDuplicateNames() throws {
        var model = Model()
        try model.addVariable("x")
        #expect(throws: ModelError("variable 1", .duplicateName("x"))) {
            try model.addVariable("x")
        }
        #expect(throws: ModelError.self) { try model.addVariable("") }
        #expect(throws: ModelError.self) { try model.addVariable("tab\there") }
        #expect(throws: ModelError.self) {
            try model.addVariable(String(repeating: "a", count: 256))
        }
        try model.addVariable(String(repeating: "a", count: 255))
        try model.addConstraint(LinearExpression(Variable(index: 0)) <= 1, name: "c")
        #expect(throws: ModelError("constraint 1", .duplicateName("c"))) {
            try model.addConstraint(LinearExpression(Variable(index: 0)) <= 1, name: "c")
        }
        #expect(model.variableCount == 2)
    }

    @Test func rejectsVariablesFromOutsideTheModel() throws {
        var model = Model()
        try model.addVariable("x")
        #expect(throws: ModelError("constraint 0", .unknownVariable(index: 5, variableCount: 1))) {
            try model.addConstraint(Variable(index: 5) <= 1)
        }
        #expect(throws: ModelError.self) { try model.minimize(Variable(index: -1)) }
    }

    @Test func aRefusedConstraintLeavesNoTraceInTheNextOne() throws {
        var model = Model()
        let x = try model.addVariables(3, namePrefix: "x")
        #expect(throws: ModelError.self) {
            try model.addConstraint(x[0] + x[1] + Double.nan * x[2] <= 1)
        }
        let c = try model.addConstraint(x[2] + x[1] + x[0] + x[1] <= 1)
        #expect(model.terms(of: c).map(\.variable) == [x[2], x[1], x[0]])
        #expect(model.terms(of: c).map(\.coefficient) == [1, 2, 1])
    }

    @Test func objectiveSumsRepeatsAndKeepsTheConstant() throws {
        var model = Model()
        let x = try model.addVariable("x")
        let y = try model.addVariable("y")
        try model.maximize(x + 2 * y + x + 5)
        #expect(model.objectiveSense == .maximize)
        #expect(model.objectiveCoefficients == [2, 2])
        #expect(model.objectiveConstant == 5)
        #expect(model.objectiveValue([1, 3]) == 13)
    }

    @Test func maximumViolationMeasuresBoundsRowsAndIntegrality() throws {
        var model = Model()
        let x = try model.addVariable("x", kind: .integer, lowerBound: 0, upperBound: 10)
        let y = try model.addVariable("y", lowerBound: -1, upperBound: 1)
        try model.addConstraint(x + y <= 4)
        try model.addConstraint(LinearConstraint(x - y, lowerBound: 1, upperBound: 2))
        #expect(model.maximumViolation([2, 0]) == 0)
        #expect(model.maximumViolation([2.5, 0]) == 0.5)  // integrality (and row 2 by 0.5)
        #expect(model.maximumViolation([4, 1]) == 1)  // row 1: 5 > 4
        #expect(model.maximumViolation([1, -1.5]) == 0.5)  // y below −1 (and row 2 at 2.5)
        #expect(model.maximumViolation([1]) == .infinity)  // wrong length
    }

    @Test func copiesAreIndependentValues() throws {
        var a = Model(name: "a")
        let x = try a.addVariable("x")
        var b = a
        try b.addConstraint(x <= 1)
        #expect(a.constraintCount == 0)
        #expect(b.constraintCount == 1)
    }
}

@Suite struct SolutionCheckTests {
    @Test func relativeViolationScalesWithTheRow() throws {
        var model = Model()
        let x = try model.addVariable("x")
        try model.addConstraint(1_000_000 * x <= 2_000_000, name: "bytes")
        try model.addConstraint(x <= 2.5, name: "small")
        // 2.0000001: the big row is over by 0.1 absolute, 5e-8 relative to its 2e6 size.
        let v = model.violations([2.0000001])
        #expect(abs(v.absolute - 0.1) < 1e-6)
        #expect(abs(v.relative - 0.1 / 2_000_000.1) < 1e-12)
        // A bound violated by 0.5 on a quantity of size 2.5 is relatively 0.2.
        #expect(abs(model.violations([3]).relative - 1_000_000 / 3_000_000) < 1e-12)
    }

    @Test func checkPassesTolerableAndRejectsRealViolations() throws {
        var model = Model()
        let x = try model.addVariable("x", kind: .integer, upperBound: 10)
        try model.addConstraint(1_000_000 * x <= 2_000_000)
        try model.maximize(x)
        let fine = try #require(
            SolutionCheck(
                model: model,
                solution: Solution(
                    termination: .optimal, objectiveValue: 2.0000001, variableValues: [2.0000001])))
        #expect(fine.isFeasible)
        let fractional = try #require(
            SolutionCheck(
                model: model,
                solution: Solution(
                    termination: .optimal, objectiveValue: 1.5, variableValues: [1.5])))
        #expect(!fractional.isFeasible)
        let over = try #require(
            SolutionCheck(
                model: model,
                solution: Solution(termination: .optimal, objectiveValue: 3, variableValues: [3])))
        #expect(!over.isFeasible)
        #expect(SolutionCheck(model: model, solution: Solution(termination: .infeasible)) == nil)
    }
}
