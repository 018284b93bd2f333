import CSV
import Foundation
import GLPKBackend
import LinearModel

/// The accuracy-proxy (Σ Ω) versus resource frontier: the problem solved at a grid of budget
/// fractions for one or two resources (other budgets in the file stay), keeping only the
/// non-dominated points (`dse frontier`).
public struct MixedPrecisionFrontier: Sendable {
    /// A non-dominated point of the frontier.
    public struct Point: Sendable, Equatable {
        /// Fraction per swept resource.
        public var fractions: [Double]
        /// The limit each fraction gave.
        public var limits: [Double]
        /// Use of each swept resource.
        public var used: [Double]
        /// Σ Ω of the configuration.
        public var sensitivity: Double
        /// Bit width per layer, as written in results (`4`, `W4A8`).
        public var bits: [String]
    }

    /// The problem whose budgets are varied.
    public let problem: MixedPrecisionProblem
    /// The resources whose budgets vary (one or two).
    public let resources: [MixedPrecisionInstance.Resource]

    /// A frontier of `problem` over `resources`' budgets.
    public init(problem: MixedPrecisionProblem, resources: [MixedPrecisionInstance.Resource]) {
        self.problem = problem
        self.resources = resources
    }

    /// Solves every grid point and returns the non-dominated ones, sorted by the first resource.
    public func frontier(
        fractions: [Double], solver: any Solver = GLPKSolver(),
        options: SolveOptions = SolveOptions()
    ) throws -> [Point] {
        var grid: [[Double]] = [[]]
        for _ in resources { grid = grid.flatMap { prefix in fractions.map { prefix + [$0] } } }
        var points: [Point] = []
        let stage = "budget grid (\(resources.map(\.rawValue).joined(separator: " × ")))"
        options.report(WorkProgress(stage: stage, done: 0, total: grid.count, unit: "solves"))
        for (done, combination) in grid.enumerated() {
            var instance = problem.instance
            var limits: [Double] = []
            for (resource, fraction) in zip(resources, combination) {
                let budget = instance.budget(resource, fraction: fraction)
                instance.budgets.removeAll { $0.resource == resource }
                instance.budgets.append(budget)
                limits.append(budget.limit)
            }
            let result = try MixedPrecisionProblem(instance: instance).solveMixedPrecision(
                options: options.withoutProgressReports, solver: solver)
            options.report(
                WorkProgress(stage: stage, done: done + 1, total: grid.count, unit: "solves"))
            guard let configuration = result.configuration,
                let sensitivity = result.solution.objectiveValue
            else { continue }
            points.append(
                Point(
                    fractions: combination, limits: limits,
                    used: resources.map { instance.used($0, configuration) },
                    sensitivity: sensitivity,
                    bits: configuration.map { instance.choices[$0].description }))
        }
        return Self.nonDominated(points)
    }

    /// Points that no other point beats or equals in sensitivity and every swept resource (one
    /// per distinct outcome), sorted by the first resource.
    static func nonDominated(_ points: [Point]) -> [Point] {
        func dominates(_ q: Point, _ p: Point) -> Bool {
            let noWorse =
                q.sensitivity <= p.sensitivity + 1e-12
                && zip(q.used, p.used).allSatisfy { $0 <= $1 + 1e-12 }
            let better =
                q.sensitivity < p.sensitivity - 1e-12
                || zip(q.used, p.used).contains { $0 < $1 - 1e-12 }
            return noWorse && better
        }
        var kept: [Point] = []
        for p in points where !points.contains(where: { dominates($0, p) }) {
            if !kept.contains(where: { $0.bits == p.bits }) { kept.append(p) }
        }
        return kept.sorted {
            ($0.used.first ?? 0, $0.sensitivity) < ($1.used.first ?? 0, $1.sensitivity)
        }
    }

    /// The frontier as CSV: fractions, limits and use per resource, sensitivity, bits.
    public func csv(_ points: [Point]) throws -> String {
        let writer = try CSVWriter(stream: .toMemory())
        var header: [String] = []
        for resource in resources {
            header += [
                "\(resource.rawValue)_fraction", "\(resource.rawValue)_budget_\(resource.unit)",
                "\(resource.rawValue)_used_\(resource.unit)",
            ]
        }
        header += ["sensitivity", "bits"]
        try writer.write(row: header)
        for point in points {
            var row: [String] = []
            for k in resources.indices {
                row += [
                    JSONValue.format(point.fractions[k]), JSONValue.format(point.limits[k]),
                    JSONValue.format(point.used[k]),
                ]
            }
            row += [JSONValue.format(point.sensitivity), point.bits.joined(separator: " ")]
            try writer.write(row: row)
        }
        writer.stream.close()
        guard let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data
        else { return "" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
