import Foundation
import LinearModel
import Problems
import TestSupport
import Testing

@Suite struct MixedPrecisionTests {
    static func load(_ name: String) throws -> MixedPrecisionProblem {
        try #require(
            try ProblemFile.load(
                packageRoot.appendingPathComponent("problems/mixed-precision/\(name)").path)
                as? MixedPrecisionProblem)
    }

    static func solve(_ problem: MixedPrecisionProblem) throws -> MixedPrecisionResult {
        try #require(try problem.solve(options: SolveOptions()) as? MixedPrecisionResult)
    }

    /// The best objective over every configuration that honours ties, pins and budgets, by
    /// enumerating one choice per tie group (2^16 for ResNet-18 with INT4/INT8).
    static func bruteForce(_ instance: MixedPrecisionInstance) -> (
        objective: Double, configuration: [Int]
    )? {
        let groups = instance.groups
        let options = groups.map { group in
            instance.layers[group[0]].allowed.filter { c in
                group.allSatisfy { instance.pins[$0] == nil || instance.pins[$0] == c }
            }
        }
        // Per group and option: objective and resource contributions, precomputed.
        let resources = instance.budgets.map(\.resource)
        let objective = groups.indices.map { g in
            options[g].map { c in groups[g].reduce(0) { $0 + instance.layers[$1].sensitivity[c] } }
        }
        let usage = resources.map { r in
            groups.indices.map { g in
                options[g].map { c in
                    groups[g].reduce(0) { $0 + (instance.cost(r, layer: $1, choice: c) ?? 0) }
                }
            }
        }
        var pick = [Int](repeating: 0, count: groups.count)
        var best: (Double, [Int])?
        while true {
            var total = 0.0
            for g in groups.indices { total += objective[g][pick[g]] }
            if best.map({ total < $0.0 }) ?? true {
                var feasible = true
                for (k, budget) in instance.budgets.enumerated() {
                    var used = 0.0
                    for g in groups.indices { used += usage[k][g][pick[g]] }
                    if used > budget.limit + 1e-9 * max(1, budget.limit) {
                        feasible = false
                        break
                    }
                }
                if feasible { best = (total, pick) }
            }
            var g = 0
            while g < groups.count {
                pick[g] += 1
                if pick[g] < options[g].count { break }
                pick[g] = 0
                g += 1
            }
            if g == groups.count { break }
        }
        guard let (value, picks) = best else { return nil }
        var configuration = [Int](repeating: 0, count: instance.layers.count)
        for g in groups.indices { for i in groups[g] { configuration[i] = options[g][picks[g]] } }
        return (value, configuration)
    }

    @Test(arguments: ["size", "bops", "latency"], ["0.75", "0.5", "0.25"])
    func resnet18SingleBudgetProblemsEqualBruteForce(resource: String, fraction: String) throws {
        let problem = try Self.load("hawq-v3-resnet18-\(resource)-\(fraction).yaml")
        #expect(problem.instance.groups.count == 16, "19 layers, 3 tie pairs")
        let result = try Self.solve(problem)
        #expect(result.solution.termination == .optimal)
        #expect(result.checkProblems.isEmpty)
        let configuration = try #require(result.configuration)
        let (expected, bruteConfiguration) = try #require(Self.bruteForce(problem.instance))
        let objective = try #require(result.solution.objectiveValue)
        #expect(
            abs(objective - expected) <= 1e-9 * max(1, abs(expected)),
            "ILP \(objective) vs brute force \(expected)")
        #expect(problem.instance.problems(configuration).isEmpty)
        #expect(problem.instance.problems(bruteConfiguration).isEmpty)
    }

    /// Three layers, bit widths {2, 4, 8}, a size and a latency budget, solved by hand.
    @Test func tinyCaseWithThreeBitWidthsAndTwoBudgets() throws {
        // Ω: a {2: 10, 4: 4, 8: 1}, b {2: 6, 4: 3, 8: 0}, c {2: 5, 4: 2, 8: 0} weights 1e6 each →
        // size 0.25 / 0.5 / 1 MB at 2 / 4 / 8 bits. latency (ms): a {1, 2, 4}, b {1, 2, 4}, c {1,
        // 1, 5} Budgets: size ≤ 2 MB, latency ≤ 7 ms. Enumerate the promising ones: a8 b8 c* is
        // size ≥ 2.25 — over. Size 2 MB allows e.g. (8, 4, 4): size 2, latency 4 + 2 + 1 = 7, Ω = 1
        // + 3 + 2 = 6. (8, 8, 2): size 2.25 — over. (4, 8, 4): size 2, latency 2 + 4 + 1 = 7, Ω = 4
        // + 0 + 2 = 6. (8, 4, 8) size 2.5 — over. (4, 4, 8): size 2, latency 2 + 2 + 5 = 9 — over.
        // (8, 8, 2) over size; (8, 2, 8) size 2.25. So the optimum is Ω = 6, reached by (8, 4, 4)
        // and (4, 8, 4). Pin a to 8 → (8, 4, 4).
        let text = """
            family: mixed-precision
            bit_widths: [2, 4, 8]
            layers:
              - {name: a, weights: 1000000, macs: 1000000, sensitivity: {2: 10, 4: 4, 8: 1}, \
            latency_ms: {2: 1, 4: 2, 8: 4}}
              - {name: b, weights: 1000000, macs: 1000000, sensitivity: {2: 6, 4: 3, 8: 0}, \
            latency_ms: {2: 1, 4: 2, 8: 4}}
              - {name: c, weights: 1000000, macs: 1000000, sensitivity: {2: 5, 4: 2, 8: 0}, \
            latency_ms: {2: 1, 4: 1, 8: 5}}
            budgets:
              - {resource: size, limit: 2}
              - {resource: latency, limit: 7}
            """
        let path = try writeFile(text, named: "tiny.yaml", in: try makeTemporaryDirectory())
        let problem = try #require(try ProblemFile.load(path) as? MixedPrecisionProblem)
        let result = try Self.solve(problem)
        #expect(result.solution.objectiveValue == 6)
        #expect(Self.bruteForce(problem.instance)?.objective == 6)
        let pinned = try #require(
            try ProblemFile.load(
                try writeFile(
                    text + "\npinned: {a: 8}\n", named: "pinned.yaml",
                    in: try makeTemporaryDirectory())) as? MixedPrecisionProblem)
        let pinnedResult = try Self.solve(pinned)
        #expect(pinnedResult.bits == [8, 4, 4])
        #expect(
            pinnedResult.envelope.json.serialized.contains(
                #""layers":["a","b","c"],"bits":[8,4,4]"#))
        #expect(
            pinnedResult.envelope.json.serialized.contains(
                #""size":{"used":2,"budget":2,"unit":"MB"}"#))
    }

    @Test func budgetFractionsFollowTheHAWQNotebook() throws {
        // Size at fraction f: S4 + f (S8 − S4), with S4 and S8 the all-INT4 and all-INT8 sizes.
        let problem = try Self.load("hawq-v3-resnet18-size-0.25.yaml")
        let instance = problem.instance
        let weights = instance.layers.reduce(0) { $0 + $1.weights }
        let s4 = weights * 4 / 8 / 1e6
        let s8 = weights * 8 / 8 / 1e6
        #expect(abs(instance.budgets[0].limit - (s4 + 0.25 * (s8 - s4))) < 1e-12)
        #expect(instance.tieGroups == [[4, 6], [9, 11], [14, 16]])
        // The HAWQ sensitivity: trace · Δ², e.g. layer 0: 0.06857826 · 6.743 at 4 bits.
        #expect(abs(instance.layers[0].sensitivity[0] - 0.06857826 * 6.743) < 1e-15)
        #expect(abs(instance.layers[0].sensitivity[1] - 0.06857826 * 0.0235) < 1e-15)
    }

    @Test func resnet50ProblemsSolveAndTheMultiBudgetMatchesItsChecks() throws {
        for resource in ["size", "bops", "latency"] {
            for fraction in ["0.75", "0.5", "0.25"] {
                let result = try Self.solve(
                    try Self.load("hawq-v3-resnet50-\(resource)-\(fraction).yaml"))
                #expect(result.solution.termination == .optimal)
                #expect(result.checkProblems.isEmpty)
            }
        }
        let multi = try Self.solve(try Self.load("resnet50-multi-2-4-8.yaml"))
        #expect(multi.solution.termination == .optimal)
        #expect(multi.instance.budgets.count == 3)
        #expect(Set(multi.bits ?? []).isSubset(of: [2, 4, 8]))
        let ohq = try Self.solve(try Self.load("ohq-resnet18-latency-size.yaml"))
        #expect(ohq.solution.termination == .optimal)
        #expect(ohq.instance.budgets.map(\.resource) == [.latency, .size])
    }
}

@Suite struct MixedPrecisionInputTests {
    static let base = """
        family: mixed-precision
        bit_widths: [4, 8]
        layers:
          - {name: a, weights: 1000, macs: 1000, sensitivity: {4: 2, 8: 1}}
          - {name: b, weights: 1000, macs: 1000, sensitivity: {4: 2, 8: 1}}
        budgets:
          - {resource: size, limit: 1}

        """

    static func error(_ old: String, _ new: String) throws -> ProblemFileError {
        #expect(base.contains(old))
        let path = try writeFile(
            base.replacingOccurrences(of: old, with: new), named: "mp.yaml",
            in: try makeTemporaryDirectory())
        return try #require(throws: ProblemFileError.self) { try ProblemFile.load(path) }
    }

    @Test func missingSensitivityNamesTheLayerField() throws {
        let error = try Self.error(
            "sensitivity: {4: 2, 8: 1}}\n  - {name: b", "sensitivity: {4: 2}}\n  - {name: b")
        #expect(error.path == "layers[0].sensitivity")
        #expect(error.message.contains("no sensitivity for 8 bits"))
        #expect(error.line == 4)
    }

    @Test func tieBetweenDifferentBitSets() throws {
        let path = try writeFile(
            Self.base.replacingOccurrences(
                of: "{name: b, weights: 1000, macs: 1000, sensitivity: {4: 2, 8: 1}}",
                with: "{name: b, weights: 1000, macs: 1000, sensitivity: {8: 1}, bit_widths: [8]}")
                + "ties: [[a, b]]\n", named: "tie.yaml", in: try makeTemporaryDirectory())
        let tie = try #require(throws: ProblemFileError.self) { try ProblemFile.load(path) }
        #expect(tie.path == "ties[0]")
        #expect(tie.message.contains("allow different bit widths"))
    }

    @Test func nanAndUnknownNames() throws {
        let nan = try Self.error("{4: 2, 8: 1}}\n  - {name: b", "{4: .nan, 8: 1}}\n  - {name: b")
        #expect(nan.path == "layers[0].sensitivity.4")
        let unknown = try Self.error("budgets:", "ties: [[a, zz]]\nbudgets:")
        #expect(unknown.path == "ties[0][1]")
        #expect(unknown.message.contains("no layer named 'zz'"))
        let resource = try Self.error("resource: size", "resource: power")
        #expect(resource.path == "budgets[0].resource")
        let fraction = try Self.error("limit: 1", "fraction: 1.5")
        #expect(fraction.path == "budgets[0].fraction")
        let latency = try Self.error("resource: size", "resource: latency")
        #expect(latency.message.contains("no latency"))
    }

    @Test func budgetBelowTheMinimumNamesResourceAndMinimum() throws {
        // Two layers of 1,000 weights: at least 2 × 1000 · 4 / 8 bytes = 1,000 bytes = 0.001 MB.
        let path = try writeFile(
            Self.base.replacingOccurrences(of: "limit: 1", with: "limit: 0.0009"),
            named: "low.yaml", in: try makeTemporaryDirectory())
        let problem = try #require(try ProblemFile.load(path) as? MixedPrecisionProblem)
        let result = try #require(
            try problem.solve(options: SolveOptions()) as? MixedPrecisionResult)
        #expect(result.solution.termination == .infeasible)
        #expect(
            result.infeasibility
                == """
                the size budget 0.0009 MB is below the smallest achievable size, 0.001 MB \
                (every layer at its cheapest bit width, ties and pins honoured)
                """
        )
    }
}

@Suite struct MixedPrecisionFrontierTests {
    @Test func frontierIsNonDominatedAndMonotone() throws {
        let problem = try MixedPrecisionTests.load("hawq-v3-resnet18-latency-0.5.yaml")
        let sweep = MixedPrecisionFrontier(problem: problem, resources: [.latency])
        let points = try sweep.frontier(fractions: (0...20).map { Double($0) / 20 })
        #expect(points.count >= 5)
        // Sorted by latency, sensitivity never rises: more budget never hurts.
        for (a, b) in zip(points, points.dropFirst()) {
            #expect(a.used[0] <= b.used[0])
            #expect(b.sensitivity <= a.sensitivity + 1e-12)
        }
        // No point is dominated by another.
        for p in points {
            #expect(
                !points.contains { q in
                    q.bits != p.bits && q.sensitivity <= p.sensitivity && q.used[0] <= p.used[0]
                })
        }
        // The ends: all INT4 at fraction 0, all INT8 at fraction 1.
        #expect(points.first?.bits == Array(repeating: "4", count: 19))
        #expect(points.last?.bits == Array(repeating: "8", count: 19))
        // Every point honours its budget.
        for p in points { #expect(p.used[0] <= p.limits[0] + 1e-9) }
    }

    @Test func twoResourceGridAndCSV() throws {
        let problem = try MixedPrecisionTests.load("hawq-v3-resnet18-size-0.5.yaml")
        let sweep = MixedPrecisionFrontier(problem: problem, resources: [.size, .latency])
        let points = try sweep.frontier(fractions: [0, 0.5, 1])
        for p in points {
            #expect(
                !points.contains { q in
                    q.bits != p.bits && q.sensitivity <= p.sensitivity && q.used[0] <= p.used[0]
                        && q.used[1] <= p.used[1]
                })
        }
        let csv = try sweep.csv(points)
        let lines = csv.split(separator: "\n")
        let header =
            "size_fraction,size_budget_MB,size_used_MB,"
            + "latency_fraction,latency_budget_ms,latency_used_ms,sensitivity,bits"
        #expect(lines.first.map(String.init) == header)
        #expect(lines.count == points.count + 1)
    }
}

@Suite struct MixedPrecisionPairTests {
    @Test func weightActivationPairsCountBOPsAsTheirProduct() throws {
        // One layer, 1e9 MACs: W4A8 is 32 GBOPs, W8A8 64, W4A4 16. A BOPs budget of 40 excludes
        // W8A8; W4A8 has the lower Ω of the two left.
        let text = """
            family: mixed-precision
            bit_pairs: [[4, 4], [4, 8], [8, 8]]
            layers:
              - {name: fc, weights: 1000, macs: 1000000000, sensitivity: {W4A4: 3, W4A8: 2, 8: 1}}
            budgets:
              - {resource: bops, limit: 40}
            """
        let path = try writeFile(text, named: "pairs.yaml", in: try makeTemporaryDirectory())
        let problem = try #require(try ProblemFile.load(path) as? MixedPrecisionProblem)
        #expect(problem.instance.cost(.bops, layer: 0, choice: 1) == 32)
        let result = try MixedPrecisionTests.solve(problem)
        #expect(result.solution.objectiveValue == 2)
        let json = result.envelope.json.serialized
        #expect(json.contains(#""bits":[4],"activation_bits":[8]"#))
        #expect(json.contains(#""bops":{"used":32,"budget":40,"unit":"GBOPs"}"#))
    }
}

/// The published per-layer CSVs are input like any other: a damaged row is exit 3 naming the
/// CSV's own line, never a failed check or a silently accepted value.
@Suite struct PublishedLayerCSVTests {
    /// The ResNet-18 size problem with its CSV edited by `edit` (lines of the CSV, header first).
    static func error(editing edit: (inout [String]) -> Void) throws -> ProblemFileError {
        let directory = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("data"), withIntermediateDirectories: true)
        let source = packageRoot.appendingPathComponent("problems/mixed-precision")
        var lines = try String(
            contentsOf: source.appendingPathComponent("data/hawq-v3-resnet18.csv"), encoding: .utf8
        )
        .split(separator: "\n").map(String.init)
        edit(&lines)
        try writeFile(
            lines.joined(separator: "\n") + "\n", named: "data/hawq-v3-resnet18.csv", in: directory)
        let problem = try writeFile(
            try String(
                contentsOf: source.appendingPathComponent("hawq-v3-resnet18-size-0.5.yaml"),
                encoding: .utf8),
            named: "p.yaml", in: directory)
        return try #require(throws: ProblemFileError.self) { try ProblemFile.load(problem) }
    }

    @Test func aDuplicatedLayerRowNamesBothLines() throws {
        let error = try Self.error { $0.insert($0[3], at: 5) }
        #expect(error.path == "published_layers.hawq_v3_csv")
        #expect(
            error.message.contains(
                """
                hawq-v3-resnet18.csv:6: layer 'stage1.unit2.quant_convbn1' appears twice \
                (first on line 4)
                """
            ), "\(error)")
    }

    @Test func extraColumnsAndNegativeSquaredErrorsAreRefused() throws {
        let extra = try Self.error { $0[2] += ",9" }
        #expect(
            extra.message.contains(
                "hawq-v3-resnet18.csv:3: 11 fields, but the header has 10 columns"), "\(extra)")
        let negative = try Self.error {
            $0[2] = $0[2].replacingOccurrences(of: ",0.0125,", with: ",-0.0125,")
        }
        #expect(
            negative.message.contains(
                "hawq-v3-resnet18.csv:3: delta_w8_sq is -0.0125; it must be at least 0"),
            "\(negative)")
        let quote = try Self.error { $0[4] = "\"" + $0[4] }
        #expect(quote.message.contains("hawq-v3-resnet18.csv:5:"), "\(quote)")
    }
}
