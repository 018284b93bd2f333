import Testing

@testable import Reports

@Suite("Axis scales and tick labels")
struct AxisScaleTests {
    @Test("Linear ticks at 1, 2, 5 × 10ᵏ covering the data")
    func linear() {
        let scale = AxisScale(kind: .linear, covering: [0.3, 7.3])
        #expect(scale.ticks == [0, 2, 4, 6, 8])
        #expect(scale.lower == 0 && scale.upper == 8)
        #expect(scale.fraction(4) == 0.5)
        let tight = AxisScale(kind: .linear, covering: [50.03, 51.8])
        #expect(tight.ticks.first! <= 50.03 && tight.ticks.last! >= 51.8)
        #expect(
            zip(tight.ticks, tight.ticks.dropFirst()).allSatisfy { abs(($1 - $0) - 0.5) < 1e-9 })
    }

    @Test("All zeros with zero included gives 0 to 1, not a range around zero")
    func zeros() {
        let scale = AxisScale(kind: .linear, covering: [0, 0, 0], includeZero: true)
        #expect(scale.lower == 0 && scale.upper == 1)
    }

    @Test("Log bounds at the nearest 1-2-5 values; 2 and 5 ticks only on short axes")
    func log() {
        let short = AxisScale(kind: .log, covering: [1, 32])
        #expect(short.lower == 1 && short.upper == 50)
        #expect(short.ticks == [1, 2, 5, 10, 20, 50])
        let long = AxisScale(kind: .log, covering: [10, 1000])
        #expect(long.ticks == [10, 100, 1000])
        #expect(abs(long.fraction(100) - 0.5) < 1e-12)
        #expect(!long.canShow(0))
    }

    @Test("Tick labels: four significant digits, k/M/G for large numbers")
    func labels() {
        #expect(AxisScale.label(0) == "0")
        #expect(AxisScale.label(0.25) == "0.25")
        #expect(AxisScale.label(1500) == "1500")
        #expect(AxisScale.label(20_000) == "20k")
        #expect(AxisScale.label(2_408_448) == "2.408M")
        #expect(AxisScale.label(-5e9) == "-5G")
    }
}
