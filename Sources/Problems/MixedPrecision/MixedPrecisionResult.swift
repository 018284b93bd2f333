import Foundation
import LinearModel

/// A solved bit allocation: bits per layer, Σ Ω, every resource against its budget, and size and
/// BOPs relative to FP32 and INT8. The configuration has been re-checked against the instance
/// (one choice per layer, ties, pins, budgets, objective); one that fails is withdrawn.
public struct MixedPrecisionResult: ProblemResult {
    /// The instance solved.
    public let instance: MixedPrecisionInstance
    /// The solver's answer (no point, status `error`, when the check failed).
    public let solution: Solution
    /// Choice index per layer, when there is a checked configuration.
    public let configuration: [Int]?
    /// What the independent check found wrong (empty when it passed).
    public let checkProblems: [String]
    /// Why there is no solution, when that is known.
    public let infeasibility: String?

    init(
        instance: MixedPrecisionInstance, solution: Solution, configuration: [Int]?,
        problems: [String], infeasibility: String?
    ) {
        self.instance = instance
        self.checkProblems = problems
        self.infeasibility = solution.termination == .infeasible ? infeasibility : nil
        self.solution = problems.isEmpty ? solution : solution.withdrawingPoint()
        self.configuration = problems.isEmpty ? configuration : nil
    }

    /// Weight bits per layer.
    public var bits: [Int]? { configuration.map { $0.map { instance.choices[$0].weightBits } } }

    /// Resources reported: the budgeted ones, plus size and BOPs always, latency when known.
    var reportedResources: [MixedPrecisionInstance.Resource] {
        MixedPrecisionInstance.Resource.allCases.filter { resource in
            resource != .latency || instance.budgets.contains { $0.resource == .latency }
                || instance.layers.allSatisfy { layer in
                    layer.latencyMs.map { table in layer.allowed.allSatisfy { !table[$0].isNaN } }
                        ?? false
                }
        }
    }

    /// Size or BOPs of the configuration relative to every layer at `bits` × `bits`.
    public func ratio(_ resource: MixedPrecisionInstance.Resource, toUniformBits bits: Int)
        -> Double?
    {
        guard let configuration, resource != .latency else { return nil }
        let reference = instance.layers.reduce(0.0) { total, layer in
            total
                + (resource == .size
                    ? layer.weights * Double(bits) / 8 / 1e6
                    : layer.macs * Double(bits * bits) / 1e9)
        }
        return reference > 0 ? instance.used(resource, configuration) / reference : nil
    }

    /// Status, objective, bound, gap, time, and the family's own JSON in `result`.
    public var envelope: ResultEnvelope {
        ResultEnvelope(family: MixedPrecisionProblem.name, solution: solution, result: resultJSON)
    }

    var resultJSON: JSONValue {
        var members: [(String, JSONValue)] = [
            ("layers", .array(instance.layers.map { .string($0.name) }))
        ]
        members.append(
            (
                "bits",
                configuration.map {
                    .array($0.map { .number(Double(instance.choices[$0].weightBits)) })
                } ?? .array([])
            ))
        if instance.choices.contains(where: { $0.weightBits != $0.activationBits }) {
            members.append(
                (
                    "activation_bits",
                    configuration.map {
                        .array($0.map { .number(Double(instance.choices[$0].activationBits)) })
                    } ?? .array([])
                ))
        }
        members.append(
            (
                "resources",
                .object(
                    reportedResources.map { resource in
                        let budget = instance.budgets.first { $0.resource == resource }
                        return (
                            resource.rawValue,
                            .object([
                                (
                                    "used",
                                    .number(configuration.map { instance.used(resource, $0) })
                                ),
                                ("budget", .number(budget?.limit)),
                                ("unit", .string(resource.unit)),
                            ])
                        )
                    })
            ))
        members.append(("size_vs_fp32", .number(ratio(.size, toUniformBits: 32))))
        members.append(("size_vs_int8", .number(ratio(.size, toUniformBits: 8))))
        members.append(("bops_vs_fp32", .number(ratio(.bops, toUniformBits: 32))))
        members.append(("bops_vs_int8", .number(ratio(.bops, toUniformBits: 8))))
        if let infeasibility { members.append(("message", .string(infeasibility))) }
        if !checkProblems.isEmpty {
            members.append(("check_error", .string(checkProblems.joined(separator: "; "))))
        }
        return .object(members)
    }

    /// One CSV row's cells, in the order of the problem's `resultColumnNames`.
    public var csvColumns: [(String, String)] {
        var columns: [(String, String)] = [
            ("sensitivity", solution.objectiveValue.map { JSONValue.format($0) } ?? "")
        ]
        for resource in reportedResources {
            columns.append(
                (
                    "\(resource.rawValue)_\(resource.unit)",
                    configuration.map { JSONValue.format(instance.used(resource, $0)) } ?? ""
                ))
        }
        columns.append(
            (
                "bits",
                configuration.map {
                    $0.map { instance.choices[$0].description }.joined(separator: " ")
                } ?? ""
            ))
        return columns
    }

    /// The report header's problem line, objective (name, unit, sense), effort and check.
    public var summary: ResultSummary {
        let check: ResultSummary.Check =
            !checkProblems.isEmpty
            ? .failed(checkProblems.joined(separator: "; "))
            : configuration == nil
                ? .noPoint
                : .passed(
                    "one bit width per layer, ties, pins and budgets hold, sensitivity recomputed")
        return ResultSummary(
            problem:
                """
                mixed-precision bit allocation: \(instance.layers.count) layers, bit widths \
                \(instance.choices.map(\.description).joined(separator: ", "))
                """,
            objective: .init("sensitivity Σ Ω over layers", sense: .minimize),
            effort: solution.statistics.effortText,
            check: check, notes: infeasibility.map { [$0] } ?? [])
    }

    /// The report's table, after the common header.
    public var details: String {
        guard let configuration else { return "" }
        var lines: [String] = ["Resources:"]
        for resource in reportedResources {
            let used = instance.used(resource, configuration)
            var line =
                """
                \(resource.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \
                \(format(used)) \(resource.unit)
                """
            if let budget = instance.budgets.first(where: { $0.resource == resource }) {
                line += " of \(format(budget.limit)) \(resource.unit) budget"
                if let fraction = budget.fraction {
                    line += " (fraction \(JSONValue.format(fraction)))"
                }
            }
            lines.append("  " + line)
        }
        if let size32 = ratio(.size, toUniformBits: 32), let size8 = ratio(.size, toUniformBits: 8),
            let bops32 = ratio(.bops, toUniformBits: 32), let bops8 = ratio(.bops, toUniformBits: 8)
        {
            lines.append(
                String(
                    format:
                        """
                          size %.1f %% of FP32, %.1f %% of INT8; BOPs %.2f %% of FP32, %.1f %% \
                        of INT8
                        """,
                    size32 * 100, size8 * 100, bops32 * 100, bops8 * 100))
        }
        lines.append("")
        lines.append("Bits per layer:")
        let width = min(max(instance.layers.map(\.name.count).max() ?? 5, 5), 48)
        for (i, layer) in instance.layers.enumerated() {
            let pin = instance.pins[i] != nil ? " (pinned)" : ""
            lines.append(
                "  " + layer.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + instance.choices[configuration[i]].description + pin)
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double) -> String {
        abs(value) >= 0.01 || value == 0
            ? String(format: "%.4g", value) : String(format: "%.4e", value)
    }
}
