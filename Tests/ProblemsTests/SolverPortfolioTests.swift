import CBCBackend
import Foundation
import GLPKBackend
import LinearModel
import Problems
import TestSupport
import Testing

/// Every family gives the same answer through GLPK, CBC and the race; the MIP starts DSEKit
/// builds from its own heuristics are feasible points of the model, and the solvers take them.
@Suite struct SolverPortfolioTests {
    static func load(_ relative: String) throws -> any ProblemFamily {
        try ProblemFile.load(packageRoot.appendingPathComponent(relative).path)
    }

    @Test(arguments: [
        "problems/melange/example.yaml", "problems/melange/paper-mixed-tpot40ms.yaml",
        "problems/mixed-precision/hawq-v3-resnet18-size-0.5.yaml",
        "problems/mixed-precision/ohq-resnet18-latency-size.yaml",
        "problems/cosma/toy-spill-fixed.yaml", "problems/cosma/toy-spill-free.yaml",
    ])
    func everyBackendGivesTheSameAnswer(_ file: String) throws {
        let problem = try Self.load(file)
        let answers = try SolverChoice.allCases.map { choice in
            try problem.solve(
                options: SolveOptions(timeLimitSeconds: 60), solver: choice.makeSolver()
            ).envelope
        }
        for answer in answers {
            #expect(answer.status == .optimal, "\(file)")
            let objective = try #require(answer.objective)
            let reference = try #require(answers[0].objective)
            #expect(
                abs(objective - reference) <= 1e-6 * max(1, abs(reference)),
                "\(file): \(objective) vs \(reference)")
        }
    }

    @Test func aSolverNamedInTheFileIsRead() throws {
        let text = try String(
            contentsOf: packageRoot.appendingPathComponent("problems/melange/example.yaml"),
            encoding: .utf8)
        let root = try ProblemFile.root(
            text: text.replacingOccurrences(
                of: "family: melange\n", with: "family: melange\nsolver: race\n"), file: "x.yaml")
        #expect(try SolverChoice.declared(in: root) == .race)
        #expect(
            try SolverChoice.declared(in: try ProblemFile.root(text: text, file: "x.yaml")) == nil)
        let bad = try ProblemFile.root(
            text: text.replacingOccurrences(
                of: "family: melange\n", with: "family: melange\nsolver: gurobi\n"), file: "x.yaml")
        #expect(throws: ProblemFileError.self) { try SolverChoice.declared(in: bad) }
        #expect(MemoryControllerProblem.usesSolver == false && MelangeProblem.usesSolver)
    }

    /// The best single type, as a point of either Mélange formulation: feasible, and its
    /// objective is the single type's cost; both solvers accept it as a start.
    @Test(arguments: [1, 4])
    func melangeStartsFromTheBestSingleType(sliceFactor: Int) throws {
        var instance = try #require(
            try Self.load("problems/melange/paper-mixed-tpot40ms.yaml") as? MelangeProblem
        ).instance
        instance.sliceFactor = .slices(sliceFactor)
        let allocation = try #require(instance.bestSingleTypeAllocation)
        #expect(allocation.problems(instance).isEmpty)
        let single = try #require(instance.bestSingleType)
        for kind in MelangeFormulation.Kind.allCases {
            let formulation = try MelangeFormulation(instance, kind: kind)
            let point = try #require(formulation.point(from: allocation))
            #expect(formulation.model.violations(point).relative <= 1e-9)
            #expect(abs(formulation.model.objectiveValue(point) - single.costPerHour) < 1e-9)
            for solver in [GLPKSolver() as any Solver, CBCSolver()] {
                let solution = try solver.solve(
                    formulation.model, options: SolveOptions(start: point))
                #expect(solution.statistics.startAccepted == true, "\(solver.name) \(kind)")
                #expect((solution.objectiveValue ?? .infinity) <= single.costPerHour + 1e-9)
            }
        }
    }

    /// The greedy allocation honours every tie, pin and budget, is never better than the
    /// optimum (brute force on ResNet-18's 16 groups), and is the start the solvers take.
    @Test(arguments: ["size", "bops", "latency"], ["0.75", "0.25"])
    func theMixedPrecisionGreedyIsFeasibleAndNoBetterThanTheOptimum(
        resource: String, fraction: String
    ) throws {
        let problem = try #require(
            try Self.load("problems/mixed-precision/hawq-v3-resnet18-\(resource)-\(fraction).yaml")
                as? MixedPrecisionProblem)
        let instance = problem.instance
        let greedy = try #require(MixedPrecisionGreedy(instance).configuration())
        #expect(instance.problems(greedy).isEmpty)
        let optimum = try #require(MixedPrecisionTests.bruteForce(instance))
        #expect(instance.objective(greedy) >= optimum.objective - 1e-12)
        let formulation = try MixedPrecisionFormulation(instance)
        let point = try #require(formulation.point(from: greedy))
        #expect(formulation.model.violations(point).relative <= 1e-9)
        for solver in [GLPKSolver() as any Solver, CBCSolver()] {
            let solution = try solver.solve(formulation.model, options: SolveOptions(start: point))
            #expect(solution.statistics.startAccepted == true)
            #expect(
                abs((solution.objectiveValue ?? .nan) - optimum.objective) <= 1e-9
                    * max(1, optimum.objective))
        }
    }

    @Test func theGreedyFindsNothingWhenTheCheapestStartBreaksABudget() throws {
        let problem = try #require(
            try Self.load("problems/mixed-precision/hawq-v3-resnet18-size-0.25.yaml")
                as? MixedPrecisionProblem)
        var instance = problem.instance
        instance.budgets = instance.budgets.map {
            .init(resource: $0.resource, limit: instance.minimumAchievable($0.resource) * 0.5)
        }
        #expect(MixedPrecisionGreedy(instance).configuration() == nil)
    }

    /// A budget below the largest operator's footprint: the conflict names the budget and the
    /// step that cannot fit, through either solver.
    @Test func cosmaNamesTheBudgetAndTheStepThatCannotFit() throws {
        let path = packageRoot.appendingPathComponent("problems/cosma/toy-branching-bytes.yaml")
            .path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let small = text.split(separator: "\n").map {
            $0.hasPrefix("budget_bytes:") ? "budget_bytes: 100000" : String($0)
        }.joined(separator: "\n")
        let problem = try #require(
            try ProblemFile.load(root: try ProblemFile.root(text: small, file: path))
                as? CosmaProblem)
        for solver in [GLPKSolver() as any Solver, CBCSolver()] {
            let conflict = try #require(try problem.explainInfeasibility(solver: solver))
            #expect(conflict.isIrreducible)
            #expect(
                conflict.members.contains {
                    $0.hasPrefix("budget_bytes = 100000: the tensors live at step ")
                })
        }
    }
}
