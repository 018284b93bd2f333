import CostModels
import Foundation
import GLPKBackend
import LinearModel
import Problems

func runMixedPrecisionBenchmarks() throws {
    let folder = repositoryRoot.appendingPathComponent("problems/mixed-precision")
    print(
        """
        Mixed precision: end to end (read the file + published data, build, solve, check), \
        median of 7
        """
    )
    print("")
    var files: [String] = []
    for resource in ["size", "bops", "latency"] {
        for f in ["0.75", "0.5", "0.25"] { files.append("hawq-v3-resnet50-\(resource)-\(f).yaml") }
    }
    files += ["resnet50-multi-2-4-8.yaml", "ohq-resnet18-latency-size.yaml"]
    for file in files {
        var times: [Double] = []
        var last: MixedPrecisionResult?
        for _ in 0..<7 {
            let (result, seconds) = try time {
                try ProblemFile.load(folder.appendingPathComponent(file).path).solve(
                    options: SolveOptions())
            }
            times.append(seconds)
            last = result as? MixedPrecisionResult
        }
        print(
            String(
                format: "  %-36@ %7.1f ms   %@, Σ Ω %.5g", file as NSString, median(times) * 1000,
                (last?.solution.status.rawValue ?? "?") as NSString,
                last?.solution.objectiveValue ?? .nan))
    }

    // A synthetic 1,000-layer network, six bit widths, three budgets.
    var rng = LCG(state: 11)
    let bitWidths = [2, 3, 4, 5, 6, 8]
    let choices = bitWidths.map {
        MixedPrecisionInstance.Choice(weightBits: $0, activationBits: $0)
    }
    let device = QuantizedDeviceCatalog.profile(named: "bit-serial")!
    var layers: [MixedPrecisionInstance.Layer] = []
    for i in 0..<1000 {
        let weights = Double(rng.int(1...64) * 4096)
        let macs = weights * Double(rng.int(16...3136))
        let scale = Double(rng.int(1...1000)) / 100
        let sensitivity = bitWidths.map {
            scale * pow(4, Double(4 - $0)) * (0.8 + Double(rng.int(0...40)) / 100)
        }
        let latency = bitWidths.map {
            QuantizedLayerCost().latencySeconds(
                macs: macs, weights: weights, weightBits: $0, activationBits: $0, on: device)!
                * 1000
        }
        layers.append(
            .init(
                name: "layer\(i)", weights: weights, macs: macs, allowed: Array(choices.indices),
                sensitivity: sensitivity, latencyMs: latency))
    }
    var instance = MixedPrecisionInstance(choices: choices, layers: layers)
    instance.budgets = [
        instance.budget(.size, fraction: 0.45), instance.budget(.bops, fraction: 0.4),
        instance.budget(.latency, fraction: 0.35),
    ]
    print(
        """
        \nSynthetic: 1,000 layers x 6 bit widths (2, 3, 4, 5, 6, 8) x 3 budgets (size 0.45, \
        BOPs 0.4, latency 0.35)
        """
    )
    for gap in [0.001, 0.0] {
        let (result, seconds) = try time {
            try MixedPrecisionProblem(instance: instance).solveMixedPrecision(
                options: SolveOptions(timeLimitSeconds: 60, relativeGap: gap > 0 ? gap : nil),
                solver: GLPKSolver())
        }
        print(
            String(
                format: "  gap target %-6@ %8.3f s   %@, gap %.2e, %d nodes, check %@",
                gap > 0 ? "0.1 %" as NSString : "proof" as NSString, seconds,
                result.solution.status.rawValue as NSString, result.solution.relativeGap ?? .nan,
                result.solution.statistics.branchAndBoundNodes ?? 0,
                (result.checkProblems.isEmpty ? "passed" : "FAILED") as NSString))
    }

    // Calibration: the cost model on the T4 profile against HAWQ-V3's measured T4 latencies.
    let resnet18 =
        try ProblemFile.load(
            folder.appendingPathComponent("hawq-v3-resnet18-latency-0.5.yaml").path)
        as! MixedPrecisionProblem
    let t4 = QuantizedDeviceCatalog.profile(named: "t4")!
    var ratios: [Double] = []
    print(
        """
        \nCalibration (not a test): T4 roofline vs HAWQ-V3's measured T4 per-layer latency, \
        ResNet-18
        """
    )
    print("  layer                                model INT4  meas. INT4   model INT8  meas. INT8")
    for layer in resnet18.instance.layers {
        var cells: [String] = []
        for (c, bits) in [(0, 4), (1, 8)] {
            let model =
                QuantizedLayerCost().latencySeconds(
                    macs: layer.macs, weights: layer.weights, weightBits: bits,
                    activationBits: bits, on: t4)! * 1000
            let measured = layer.latencyMs?[c] ?? .nan
            ratios.append(measured / model)
            cells.append(String(format: "%9.4f ms %9.4f ms", model, measured))
        }
        print(
            "  " + layer.name.padding(toLength: 36, withPad: " ", startingAt: 0)
                + cells.joined(separator: "  "))
    }
    ratios.sort()
    print(
        String(
            format: "  measured / model: median %.0fx, range %.0fx to %.0fx",
            ratios[ratios.count / 2], ratios.first!, ratios.last!))
}
