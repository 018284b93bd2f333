import Foundation
import LinearModel
import Problems
import TestSupport
import Testing

// The family template of docs/ARCHITECTURE.md ("Adding a problem family"), verbatim between the
// markers: a test below fails when the page and this code part.

// BEGIN TEMPLATE
/// The `knapsack` family: the most valuable items within a weight capacity.
///
/// ```yaml
/// family: knapsack
/// capacity: 10            # kg
/// items:                  # value ($) and weight (kg) of each item
///   - {value: 10, weight: 5}
///   - {value: 13, weight: 6}
/// ```
public struct KnapsackProblem: ProblemFamily {
    /// The `family:` word.
    public static let name = "knapsack"
    /// One line for `dse families`.
    public static let summary = "0-1 knapsack: the most valuable items within a weight capacity"

    /// Value of each item, $.
    public var values: [Double]
    /// Weight of each item, kg.
    public var weights: [Double]
    /// The most the chosen items may weigh, kg.
    public var capacity: Double

    /// Reads the file: unknown keys, missing fields and bad numbers are errors naming the field.
    public init(spec: SpecNode) throws(ProblemFileError) {
        let keys = ["family", "solver", "description", "capacity", "items"]
        let document = try spec.mapping(allowedKeys: keys)
        capacity = try document.required("capacity").nonNegativeDouble()
        var values: [Double] = []
        var weights: [Double] = []
        for item in try document.required("items").array() {
            let fields = try item.mapping(allowedKeys: ["value", "weight"])
            values.append(try fields.required("value").nonNegativeDouble())
            weights.append(try fields.required("weight").nonNegativeDouble())
        }
        self.values = values
        self.weights = weights
    }

    /// The CSV columns of a batch run, known before solving.
    public var resultColumnNames: [String] { ["value", "weight", "items"] }

    /// What the problem is, in a line (for `dse validate` and the report).
    public var overview: String {
        "knapsack: \(values.count) items, capacity \(JSONValue.format(capacity)) kg"
    }

    /// Builds the ILP, solves it with `solver`, and returns the checked answer.
    public func solve(options: SolveOptions, solver: any Solver) throws -> any ProblemResult {
        var model = Model(name: "knapsack")
        let take = try model.addVariables(values.count, namePrefix: "take", kind: .binary)
        try model.addConstraint(
            LinearExpression(variables: take, coefficients: weights) <= capacity, name: "capacity")
        try model.maximize(LinearExpression(variables: take, coefficients: values))
        let progress = options.reportingSolverProgress(as: "branch and bound")
        let solution = try solver.solve(model, options: progress)
        let chosen = solution.variableValues.map { point in
            take.indices.filter { point[take[$0].index] > 0.5 }
        }
        return KnapsackResult(problem: self, solution: solution, chosen: chosen)
    }
}

/// A knapsack answer, re-checked from the items alone; one that fails is withdrawn.
public struct KnapsackResult: ProblemResult {
    /// The problem this answers.
    public let problem: KnapsackProblem
    /// The solver's answer (no point, status `error`, when the check failed).
    public let solution: Solution
    /// The items taken, when there is a checked answer.
    public let chosen: [Int]?
    /// What the independent check found wrong (empty when it passed).
    public let checkProblems: [String]

    init(problem: KnapsackProblem, solution: Solution, chosen: [Int]?) {
        var problems: [String] = []
        if let chosen, let objective = solution.objectiveValue {
            let weight = chosen.reduce(0) { $0 + problem.weights[$1] }
            let value = chosen.reduce(0) { $0 + problem.values[$1] }
            if weight > problem.capacity * (1 + 1e-9) {
                problems.append("the items weigh \(weight) kg")
            }
            if abs(value - objective) > 1e-6 * max(1, value) {
                problems.append("the solver reports \(objective) but the items are worth \(value)")
            }
        }
        self.problem = problem
        self.checkProblems = problems
        self.solution = problems.isEmpty ? solution : solution.withdrawingPoint()
        self.chosen = problems.isEmpty ? chosen : nil
    }

    /// Status, objective, bound, gap, time, and the items in `result`.
    public var envelope: ResultEnvelope {
        ResultEnvelope(
            family: KnapsackProblem.name, solution: solution,
            result: .object([("items", .array((chosen ?? []).map { .number(Double($0)) }))]))
    }

    /// The report's header: the objective in $, and what the check found.
    public var summary: ResultSummary {
        let check: ResultSummary.Check =
            !checkProblems.isEmpty
            ? .failed(checkProblems.joined(separator: "; "))
            : chosen == nil ? .noPoint : .passed("the items fit the capacity, value recomputed")
        return ResultSummary(
            problem: problem.overview,
            objective: .init("value of the items", unit: "$", sense: .maximize),
            effort: solution.statistics.effortText, check: check)
    }

    /// The report's table: the items taken.
    public var details: String {
        guard let chosen else { return "" }
        return "Items taken: " + chosen.map { String($0) }.joined(separator: ", ")
    }

    /// One CSV row's cells, in the order of `resultColumnNames`.
    public var csvColumns: [(String, String)] {
        let weight = chosen.map { $0.reduce(0) { $0 + problem.weights[$1] } }
        return [
            ("value", solution.objectiveValue.map { JSONValue.format($0) } ?? ""),
            ("weight", weight.map { JSONValue.format($0) } ?? ""),
            ("items", chosen.map { $0.map { String($0) }.joined(separator: " ") } ?? ""),
        ]
    }
}
// END TEMPLATE

@Suite struct FamilyTemplateTests {
    static let file = """
        family: knapsack
        capacity: 10
        items:
          - {value: 10, weight: 5}
          - {value: 13, weight: 6}
          - {value: 7, weight: 4}
          - {value: 8, weight: 3}
        """

    @Test("The template family solves, checks and reports like every other")
    func templateWorks() throws {
        let directory = try makeTemporaryDirectory("template")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try writeFile(Self.file, named: "k.yaml", in: directory)
        let problem = try KnapsackProblem(spec: try ProblemFile.root(of: path))
        let result = try problem.solve(
            options: SolveOptions(), solver: SolverChoice.glpk.makeSolver())
        // Brute force over the 16 subsets: {1, 3} is worth 21.
        let reference = Knapsack(
            values: problem.values, weights: problem.weights, capacity: problem.capacity)
        #expect(result.envelope.objective == reference.bruteForceOptimum)
        #expect(result.envelope.status == .optimal)
        let report = result.report(solver: "glpk").text
        #expect(
            report.hasPrefix(
                """
                Family:     knapsack\nProblem:    knapsack: 4 items, capacity 10 kg\n
                """))
        #expect(report.contains("Objective:  21 $ (value of the items, maximized)"))
        #expect(report.contains("Check:      passed: the items fit the capacity, value recomputed"))
        #expect(report.hasSuffix("\n\nItems taken: 1, 3"))
        #expect(result.csvColumns.map(\.0) == problem.resultColumnNames)
        // Bad input names the field and the line.
        let bad = try writeFile(
            Self.file.replacingOccurrences(of: "weight: 4", with: "wieght: 4"), named: "b.yaml",
            in: directory)
        #expect(throws: ProblemFileError.self) {
            try KnapsackProblem(spec: try ProblemFile.root(of: bad))
        }
        do {
            _ = try KnapsackProblem(spec: try ProblemFile.root(of: bad))
        } catch {
            #expect(
                error.description.contains(
                    """
                    b.yaml:6: items[2].wieght: unknown key 'wieght'; did you mean 'weight'?
                    """))
        }
    }

    @Test("docs/ARCHITECTURE.md shows the template as it is here")
    func documentationQuotesTheTemplate() throws {
        let page = try String(
            contentsOf: packageRoot.appendingPathComponent(
                "docs/ARCHITECTURE.md"), encoding: .utf8)
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let template = try #require(
            source.components(separatedBy: "// BEGIN TEMPLATE\n").last?
                .components(separatedBy: "// END TEMPLATE").first)
        #expect(
            page.contains("```swift\n" + template + "```"),
            "docs/ARCHITECTURE.md's template differs from the tested one")
        // The output the page shows is the report of the doc comment's example (times aside).
        let shown = try #require(
            page.components(
                separatedBy: "prints:\n\n```\n"
            ).last?.components(separatedBy: "```").first)
        let directory = try makeTemporaryDirectory("template-doc")
        defer { try? FileManager.default.removeItem(at: directory) }
        let example = """
            family: knapsack\ncapacity: 10\nitems:\n  - {value: 10, weight: 5}\n  - {value: 13, \
            weight: 6}\n
            """
        let problem = try KnapsackProblem(
            spec: try ProblemFile.root(of: try writeFile(example, named: "e.yaml", in: directory)))
        let report = try problem.solve(
            options: SolveOptions(), solver: SolverChoice.glpk.makeSolver()
        )
        .report(solver: SolverChoice.glpk.description).text
        func withoutTime(_ text: String) -> [Substring] {
            text.split(separator: "\n").filter { !$0.hasPrefix("Time:") }
        }
        #expect(withoutTime(shown) == withoutTime(report), "\(report)")
    }
}
