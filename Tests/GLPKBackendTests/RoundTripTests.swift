import Foundation
import GLPKBackend
import LinearModel
import TestSupport
import Testing

/// Model → file → GLPK's reader → solve gives the same answer as solving the model directly.
@Suite struct RoundTripTests {
    /// A random bounded model with ranged rows, equalities, free and negative-bounded columns,
    /// integers, binaries and an objective constant.
    static func randomModel(seed: UInt64, integers: Bool) throws -> Model {
        var rng = SplitMix64(seed: seed)
        var model = Model(name: "random \(seed)")
        var x: [Variable] = []
        for j in 0..<12 {
            let kind: VariableKind =
                !integers
                ? .continuous : (j % 3 == 0 ? .binary : (j % 3 == 1 ? .integer : .continuous))
            switch (kind, j % 4) {
            case (.binary, _): x.append(try model.addVariable("b\(j)", kind: .binary))
            case (_, 0):
                x.append(try model.addVariable("v\(j)", kind: kind, lowerBound: -5, upperBound: 5))
            case (_, 1):
                x.append(try model.addVariable("v\(j)", kind: kind, lowerBound: 0, upperBound: 8))
            case (_, 2):
                x.append(
                    try model.addVariable("v\(j)", kind: kind, lowerBound: -3.5, upperBound: 2.25))
            default:
                x.append(try model.addVariable("v\(j)", kind: kind, lowerBound: 1, upperBound: 1))
            }
        }
        for r in 0..<8 {
            var e = LinearExpression()
            for _ in 0..<5 {
                e.add(
                    Double(Int.random(in: -6...6, using: &rng)) / 2,
                    x[Int.random(in: 0..<x.count, using: &rng)])
            }
            let rhs = Double(Int.random(in: -4...10, using: &rng))
            switch r % 4 {
            case 0: try model.addConstraint(e <= rhs, name: "le\(r)")
            case 1: try model.addConstraint(e >= -rhs, name: "ge\(r)")
            case 2:
                try model.addConstraint(
                    LinearConstraint(e, lowerBound: -abs(rhs) - 3, upperBound: abs(rhs) + 3),
                    name: "range\(r)")
            default:
                try model.addConstraint(
                    LinearConstraint(e, lowerBound: -20, upperBound: 20), name: "wide\(r)")
            }
        }
        let objective = LinearExpression(
            variables: x, coefficients: x.map { _ in Double(Int.random(in: -9...9, using: &rng)) })
        try model.setObjective(seed % 2 == 0 ? .minimize : .maximize, objective + 3.25)
        return model
    }

    private func solve(_ model: Model) throws -> Solution {
        try GLPKSolver().solve(model)
    }

    private func sameAnswer(_ a: Solution, _ b: Solution, negated: Bool = false) {
        #expect(a.termination == b.termination)
        if let x = a.objectiveValue, let y = b.objectiveValue {
            #expect(abs(x - (negated ? -y : y)) <= 1e-7 * max(1, abs(x)))
        } else {
            #expect(a.objectiveValue == nil && b.objectiveValue == nil)
        }
    }

    @Test(arguments: 0..<12)
    func cplexLPRoundTripGivesTheSameOptimum(seed: Int) throws {
        let directory = try makeTemporaryDirectory()
        for integers in [false, true] {
            let model = try Self.randomModel(seed: UInt64(seed), integers: integers)
            let path = try writeFile(
                CPLEXLPWriter().write(model), named: "m\(integers).lp", in: directory)
            let read = try GLPKFileReader().read(path)
            #expect(read.objectiveSense == model.objectiveSense)
            #expect(read.integerVariableCount == model.integerVariableCount + 0)
            // Model columns come first and keep their names.
            for v in model.variables { #expect(read.name(of: v) == model.name(of: v)) }
            sameAnswer(try solve(model), try solve(read))
        }
    }

    @Test(arguments: 0..<12)
    func freeMPSRoundTripGivesTheSameOptimumNegatedForMaximization(seed: Int) throws {
        let directory = try makeTemporaryDirectory()
        for integers in [false, true] {
            let model = try Self.randomModel(seed: UInt64(seed), integers: integers)
            let path = try writeFile(try MPSWriter().write(model), named: "m.mps", in: directory)
            let read = try GLPKFileReader().read(path, format: .freeMPS)
            #expect(read.objectiveSense == .minimize)
            sameAnswer(
                try solve(model), try solve(read), negated: model.objectiveSense == .maximize)
        }
    }

    @Test func readModelWritesBackToIdenticalBytes() throws {
        let directory = try makeTemporaryDirectory()
        let model = try Self.randomModel(seed: 5, integers: true)
        let first = CPLEXLPWriter().write(model)
        let path = try writeFile(first, named: "a.lp", in: directory)
        let again = CPLEXLPWriter().write(try GLPKFileReader().read(path))
        // Reading adds the explicit slack and constant columns as ordinary columns, so compare
        // the answers of a second round trip, and bytes of the third against the second.
        let path2 = try writeFile(again, named: "b.lp", in: directory)
        let third = CPLEXLPWriter().write(try GLPKFileReader().read(path2))
        #expect(
            third.split(separator: "\n").dropFirst(2) == again.split(separator: "\n").dropFirst(2))
        sameAnswer(try solve(model), try solve(try GLPKFileReader().read(path2)))
    }

    @Test func fixedMPSIsRead() throws {
        let directory = try makeTemporaryDirectory()
        // Fixed MPS fields start in columns 2, 5, 15, 25, 40 and 50.
        // min x + 2y, x + y >= 2, x <= 1.5 → x = 1.5, y = 0.5, objective 2.5.
        func record(_ fields: [String]) -> String {
            var line = ""
            for (field, column) in zip(fields, [1, 4, 14, 24, 39, 49]) {
                line += String(repeating: " ", count: max(column - line.count, 0)) + field
            }
            return line
        }
        let text = [
            "NAME          FIXED", "ROWS", record(["N", "COST"]), record(["G", "LIM1"]), "COLUMNS",
            record(["", "X", "COST", "1.0", "LIM1", "1.0"]),
            record(["", "Y", "COST", "2.0", "LIM1", "1.0"]),
            "RHS", record(["", "RHS", "LIM1", "2.0"]), "BOUNDS", record(["UP", "BND", "X", "1.5"]),
            "ENDATA", "",
        ].joined(separator: "\n")
        let path = try writeFile(text, named: "fixed.mps", in: directory)
        let solution = try solve(try GLPKFileReader().read(path, format: .fixedMPS))
        #expect(solution.objectiveValue == 2.5)
        // Auto-detection (free first, then fixed) reads it too.
        #expect(try solve(try GLPKFileReader().read(path)).objectiveValue == 2.5)
    }
}
