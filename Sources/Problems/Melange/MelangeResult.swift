import Foundation
import LinearModel

/// A solved Mélange problem: GPUs per type, cost, per-type load and utilisation, how each
/// bucket is split, and the saving against the best single GPU type. Its allocation has been
/// re-checked against the instance independently of the solver; one that fails is withdrawn.
public struct MelangeResult: ProblemResult {
    /// The instance solved.
    public let instance: MelangeInstance
    /// The formulation that solved it.
    public let formulation: MelangeFormulation.Kind
    /// The solver's answer (status `error` and no point when the check failed).
    public let solution: Solution
    /// The checked allocation, when there is one.
    public let allocation: MelangeAllocation?
    /// What the independent check found wrong (empty when it passed).
    public let checkProblems: [String]
    /// Why there is no solution, in words, when that is known.
    public let infeasibility: String?

    init(
        instance: MelangeInstance, formulation: MelangeFormulation.Kind, solution: Solution,
        allocation: MelangeAllocation?, problems: [String], infeasibility: String?
    ) {
        self.instance = instance
        self.formulation = formulation
        self.checkProblems = problems
        self.infeasibility = solution.termination == .infeasible ? infeasibility : nil
        self.solution = problems.isEmpty ? solution : solution.withdrawingPoint()
        self.allocation = problems.isEmpty ? allocation : nil
    }

    /// Cost of the allocation, $/hour.
    public var costPerHour: Double? { allocation.map { $0.costPerHour(instance) } }

    /// Saving against the cheapest single-type allocation, as a fraction (0.3 = 30 %).
    public var savingVersusBestSingleType: Double? {
        guard let cost = costPerHour, let single = instance.bestSingleType, single.costPerHour > 0
        else { return nil }
        return (single.costPerHour - cost) / single.costPerHour
    }

    /// Status, objective, bound, gap, time, and the family's own JSON in `result`.
    public var envelope: ResultEnvelope {
        ResultEnvelope(family: MelangeProblem.name, solution: solution, result: resultJSON)
    }

    var resultJSON: JSONValue {
        var members: [(String, JSONValue)] = [("cost_per_hour", .number(costPerHour))]
        let single = instance.bestSingleType
        if let allocation {
            let loads = allocation.loads(instance)
            members.append(
                (
                    "gpus",
                    .object(
                        instance.gpus.indices.map {
                            (instance.gpus[$0].name, .number(Double(allocation.counts[$0])))
                        })
                ))
            members.append(
                (
                    "load_gpus",
                    .object(
                        instance.gpus.indices.map { (instance.gpus[$0].name, .number(loads[$0])) })
                ))
            members.append(
                (
                    "utilization",
                    .object(
                        instance.gpus.indices.map { g in
                            (
                                instance.gpus[g].name,
                                allocation.counts[g] > 0
                                    ? .number(loads[g] / Double(allocation.counts[g])) : .null
                            )
                        })
                ))
            members.append(
                (
                    "bucket_shares",
                    .object(
                        instance.bucketRates.indices.compactMap { b in
                            guard instance.bucketRates[b] > 0 else { return nil }
                            return (
                                instance.bucketLabels[b],
                                .object(
                                    instance.gpus.indices.compactMap { g in
                                        allocation.shares[b][g] > 1e-12
                                            ? (
                                                instance.gpus[g].name,
                                                .number(allocation.shares[b][g])
                                            ) : nil
                                    })
                            )
                        })
                ))
        } else {
            members.append(("gpus", .object([])))
        }
        members.append(
            (
                "best_single_type",
                single.map {
                    .object([
                        ("gpu", .string(instance.gpus[$0.gpu].name)),
                        ("count", .number(Double($0.count))),
                        ("cost_per_hour", .number($0.costPerHour)),
                    ])
                } ?? .null
            ))
        members.append(("saving_vs_best_single_type", .number(savingVersusBestSingleType)))
        switch instance.sliceFactor {
        case .slices(let n): members.append(("slice_factor", .number(Double(n))))
        case .fluid: members.append(("slice_factor", .string("fluid")))
        }
        members.append(("formulation", .string(formulation.rawValue)))
        if let infeasibility { members.append(("message", .string(infeasibility))) }
        if !checkProblems.isEmpty {
            members.append(("check_error", .string(checkProblems.joined(separator: "; "))))
        }
        return .object(members)
    }

    /// One CSV row's cells, in the order of the problem's `resultColumnNames`.
    public var csvColumns: [(String, String)] {
        var columns: [(String, String)] = [
            ("cost_per_hour", costPerHour.map { JSONValue.format($0) } ?? "")
        ]
        for g in instance.gpus.indices {
            columns.append(
                ("gpus.\(instance.gpus[g].name)", allocation.map { String($0.counts[g]) } ?? ""))
        }
        let single = instance.bestSingleType
        columns.append(("best_single_type", single.map { instance.gpus[$0.gpu].name } ?? ""))
        columns.append(
            ("best_single_cost_per_hour", single.map { JSONValue.format($0.costPerHour) } ?? ""))
        columns.append(
            (
                "saving_vs_best_single_type",
                savingVersusBestSingleType.map { JSONValue.format($0) } ?? ""
            ))
        return columns
    }

    /// The report header's problem line, objective (name, unit, sense), effort and check.
    public var summary: ResultSummary {
        let totalRate = instance.bucketRates.reduce(0, +)
        var notes: [String] = []
        if let infeasibility { notes.append(infeasibility) }
        let check: ResultSummary.Check =
            !checkProblems.isEmpty
            ? .failed(checkProblems.joined(separator: "; "))
            : allocation == nil
                ? .noPoint
                : .passed(
                    "every bucket fully assigned, every load within its GPUs, cost recomputed")
        return ResultSummary(
            problem:
                """
                Mélange GPU allocation: \(JSONValue.format(totalRate)) requests/s over \
                \(instance.bucketRates.count) buckets, slice factor \(instance.sliceFactor)
                """,
            objective: .init("cost of the GPUs", unit: "$/h", sense: .minimize),
            effort: solution.statistics.effortText,
            check: check, notes: notes)
    }

    /// The report's table, after the common header.
    public var details: String {
        guard let allocation, let cost = costPerHour else { return "" }
        var lines: [String] = []
        if let single = instance.bestSingleType {
            let saving =
                savingVersusBestSingleType.map { String(format: "%.1f %%", $0 * 100) } ?? "-"
            lines.append(
                """
                Cost \(money(cost)) per hour; the best single type is \(single.count) x \
                \(instance.gpus[single.gpu].name) = 
                """
                    + "\(money(single.costPerHour)) per hour: saving \(saving)")
        } else {
            lines.append("Cost \(money(cost)) per hour; no single GPU type can serve every bucket")
        }
        lines.append("")
        let loads = allocation.loads(instance)
        let width = max(8, instance.gpus.map(\.name.count).max() ?? 8)
        lines.append(
            "  " + "GPU type".padding(toLength: width, withPad: " ", startingAt: 0)
                + "  count   $/hour   load (GPUs)   utilization")
        for g in instance.gpus.indices where allocation.counts[g] > 0 || loads[g] > 1e-12 {
            let gpu = instance.gpus[g]
            let utilization =
                allocation.counts[g] > 0
                ? String(format: "%.1f %%", loads[g] / Double(allocation.counts[g]) * 100) : "-"
            lines.append(
                "  " + gpu.name.padding(toLength: width, withPad: " ", startingAt: 0)
                    + String(
                        format: "  %5ld  %7.2f   %11.3f   ", allocation.counts[g],
                        Double(allocation.counts[g]) * gpu.pricePerHour, loads[g])
                    + String(repeating: " ", count: max(0, 11 - utilization.count)) + utilization)
        }
        lines.append("")
        lines.append("Bucket shares (fraction of each bucket's requests per GPU type):")
        for b in instance.bucketRates.indices where instance.bucketRates[b] > 0 {
            let parts = instance.gpus.indices.compactMap { g -> String? in
                allocation.shares[b][g] > 1e-12
                    ? """
                    \(instance.gpus[g].name) \
                    \(JSONValue.format((allocation.shares[b][g] * 1e6).rounded() / 1e6))
                    """
                    : nil
            }
            lines.append(
                """
                  \(instance.bucketLabels[b]) (\(JSONValue.format(instance.bucketRates[b])) \
                req/s): 
                """
                    + parts.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    private func money(_ value: Double) -> String { String(format: "$%.2f", value) }
}
