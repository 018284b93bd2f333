import Foundation
import LinearModel
import Problems
import TestSupport
import Testing

@testable import Reports

@Suite("Pictures of one solve")
struct SolutionFigureTests {
    static func solve(_ file: String) throws -> any ProblemResult {
        let problem = try ProblemFile.load(packageRoot.appendingPathComponent(file).path)
        return try problem.solve(options: SolveOptions(timeLimitSeconds: 30))
    }

    @Test(
        """
        COSMA memory map: one rectangle per tensor and stretch at one address, a mark per \
        spill and retrieval, recounted from the plan
        """
    )
    func memoryMap() throws {
        for file in [
            "problems/cosma/toy-spill-fixed.yaml", "problems/cosma/toy-spill-free.yaml",
            "problems/cosma/resnet50-int8-mr-fixed.yaml",
        ] {
            let result = try #require(try Self.solve(file) as? CosmaResult)
            let plan = try #require(result.plan)
            let traffic = try #require(result.traffic)
            // Independent count: a stretch ends when the tensor leaves or moves.
            var stretches = 0
            for (s, step) in plan.resident.enumerated() {
                for p in step {
                    let before = s > 0 ? plan.resident[s - 1].first { $0.tensor == p.tensor } : nil
                    if before?.address != p.address { stretches += 1 }
                }
            }
            let figure = try #require(try SolutionFigures.figures(envelope: result.envelope).first)
            #expect(figure.rectangles.count == stretches, "\(file)")
            #expect(figure.marks.filter { $0.shape == .down }.count == traffic.spills.count)
            #expect(figure.marks.filter { $0.shape == .up }.count == traffic.retrievals.count)
            // Every rectangle lies inside the budget.
            #expect(
                figure.rectangles.allSatisfy { $0.y0 >= 0 && $0.y1 <= Double(result.budgetBytes) })
            let svg = SVGInspection(SVGRenderer().render([figure]))
            #expect(svg.isWellFormed)
            #expect(svg.count("rect", classes: ["cell"]) == stretches)
            #expect(
                svg.count("polygon", classes: ["mark"]) == traffic.spills.count
                    + traffic.retrievals.count)
        }
    }

    @Test("The toy_spill map by hand: t10 leaves after step 0 and is read back at step 3")
    func toySpillByHand() throws {
        let result = try #require(
            try Self.solve("problems/cosma/toy-spill-fixed.yaml") as? CosmaResult)
        let figure = try #require(try SolutionFigures.figures(envelope: result.envelope).first)
        let t10 = figure.rectangles.filter { $0.text == "t10" }
        #expect(t10.count == 2)
        #expect(t10.map(\.x0).sorted() == [0, 3])
        #expect(figure.marks.count == 2)
    }

    @Test("Mélange allocation: a bar per GPU type with the solved count")
    func allocation() throws {
        let result = try #require(try Self.solve("problems/melange/example.yaml") as? MelangeResult)
        let allocation = try #require(result.allocation)
        let figure = try #require(try SolutionFigures.figures(envelope: result.envelope).first)
        #expect(figure.xCategories == result.instance.gpus.map(\.name))
        #expect(figure.rectangles.map(\.y1) == allocation.counts.map(Double.init))
        #expect(
            SVGInspection(SVGRenderer().render([figure])).count("rect", classes: ["cell"])
                == result.instance.gpus.count)
    }

    @Test("Mixed-precision bit map: a cell per layer coloured by its bits")
    func bitMap() throws {
        let result = try #require(
            try Self.solve("problems/mixed-precision/hawq-v3-resnet18-latency-0.5.yaml")
                as? MixedPrecisionResult)
        let bits = try #require(result.bits)
        let figure = try #require(try SolutionFigures.figures(envelope: result.envelope).first)
        #expect(figure.rectangles.count == bits.count)
        #expect(figure.rectangles.compactMap(\.text) == bits.map(String.init))
        #expect(Set(figure.legend.map(\.name)) == Set(bits.map { "\($0)-bit" }))
        #expect(SVGInspection(SVGRenderer().render([figure])).isWellFormed)
    }

    @Test("A family without a picture, or a result without a plan, is a clear error")
    func errors() throws {
        let lp = ResultEnvelope(
            family: "lp", status: .optimal, objective: 1, bestBound: 1, gap: 0, solveSeconds: 0,
            result: .object([]))
        #expect(throws: ReportError.self) { try SolutionFigures.figures(envelope: lp) }
        let empty = ResultEnvelope(
            family: "cosma", status: .infeasible, objective: nil, bestBound: nil, gap: nil,
            solveSeconds: 0,
            result: .object([("schedule", .array([])), ("memory_map", .array([]))]))
        #expect(throws: ReportError.self) { try SolutionFigures.figures(envelope: empty) }
    }
}
