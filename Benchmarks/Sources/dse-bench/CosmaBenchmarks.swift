import Foundation
import GLPKBackend
import LinearModel
import Problems

/// COSMA: the 22-operator toy at every budget from M_R to its fixed-order peak in 16 KiB steps,
/// and ResNet-18 / ResNet-50 (int8, activations only and with weights) at M_R, M_H and M_P;
/// fixed and free schedules; status, time, gap and traffic against the best baseline.
func runCosmaBenchmark() throws {
    let limit = arguments.firstIndex(of: "--time-limit").flatMap { Double(arguments[$0 + 1]) } ?? 60
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../problems/cosma").standardized
    let toy = try OperatorGraphReader.read(path: folder.appendingPathComponent("toy_branching.json").path)
    var cases: [(String, CosmaProblem)] = []
    let high = toy.peakLiveBytes(order: toy.defaultOrder)
    for budget in stride(from: toy.largestOperatorFootprint, through: high, by: 16_384) {
        for free in [false, true] {
            cases.append(("toy_branching \(budget) B", CosmaProblem(graph: toy, graphSource: "toy_branching.json", budget: .bytes(budget), freeSchedule: free)))
        }
    }
    for name in ["resnet18", "resnet50", "mobilenetv2", "densenet121-block1", "bert-base-encoder"] {
        for weights in [false, true] {
            let graph = NetworkGraphs.build(name, dtype: .int8, includeWeights: weights)!
            for symbol in ["M_R", "M_H", "M_P"] {
                for free in [false, true] {
                    cases.append(("\(graph.name) \(symbol)", CosmaProblem(graph: graph, graphSource: name, budget: .symbol(symbol), freeSchedule: free)))
                }
            }
        }
    }
    print("COSMA, time limit \(Int(limit)) s per problem: non-compulsory bytes of the best checked plan vs the best baseline")
    print("problem                              schedule  status       seconds   gap      off-chip      best baseline  reduction  plan from")
    var reductions: [Double] = []
    for (label, problem) in cases {
        let result = try problem.solveCosma(options: SolveOptions(timeLimitSeconds: limit))
        let reduction = result.reductionVersusBestBaseline
        if let reduction, label.contains("M_R") { reductions.append(reduction) }
        let schedule = problem.freeSchedule ? "free      " : "fixed     "
        let status = result.status.padding(toLength: 13, withPad: " ", startingAt: 0)
        let seconds = String(format: "%7.2f  ", result.seconds)
        let gap: String = result.gap.map { String(format: "%6.1f %%", $0 * 100) } ?? "     – "
        let offchip = String(result.offchipBytes ?? -1).leftPadded(14)
        let baseline = String(result.bestBaselineBytes ?? -1).leftPadded(15)
        let reductionText: String = reduction.map { String(format: "%9.1f %%", $0 * 100) } ?? "        – "
        let name = label.padding(toLength: 37, withPad: " ", startingAt: 0)
        print(name + schedule + status + seconds + gap + offchip + baseline + reductionText + "  " + result.planSource)
    }
    if !reductions.isEmpty {
        print(String(format: "mean reduction against the best baseline at M_R (where a baseline has traffic): %.1f %% (the paper: 84 %% on average)",
                     reductions.reduce(0, +) / Double(reductions.count) * 100))
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
