import Foundation
import LinearModel
import Testing

@testable import Experiments

/// The progress line's arithmetic, by hand: the rate counts only the stage's own work since it
/// was first seen, the ETA is what is left at that rate, a MIP's gap is |best − bound| / |best|.
@Suite struct ProgressDisplayTests {
    @Test func rateAndETACountOnlyThisStagesWork() {
        // 40 runs already in the file when the stage began at 2 s; 60 of 100 at 12 s: 20 runs
        // in 10 s = 2/s, 40 left = 20 s.
        let progress = WorkProgress(
            stage: "batch", done: 60, total: 100, unit: "runs", note: "0 failed")
        let line = ProgressDisplay.line(progress, stageStart: ("batch", 40, 2), now: 12)
        #expect(line == "batch · 12.0 s · [=======     ] 60/100 runs · 2/s · ETA 20 s · 0 failed")
    }

    @Test func noRateBeforeASecondOfTheStage() {
        let progress = WorkProgress(stage: "search (tpe)", done: 3, total: 80, unit: "evaluations")
        let line = ProgressDisplay.line(progress, stageStart: ("search (tpe)", 0, 4.5), now: 5)
        #expect(line == "search (tpe) · 5.0 s · [            ] 3/80 evaluations")
    }

    @Test func aMIPShowsIncumbentBoundGapAndNodes() {
        let progress = WorkProgress(stage: "branch and bound", best: 100, bound: 96, nodes: 1234)
        let line = ProgressDisplay.line(progress, stageStart: ("branch and bound", 0, 0), now: 65)
        let expected = [
            "branch and bound", "1 min 5 s", "incumbent 100", "bound 96", "gap 4.00 %",
            "1234 nodes",
        ]
        #expect(line == expected.joined(separator: " · "))
    }

    @Test func durationsAndTruncation() {
        #expect(ProgressDisplay.duration(59.94) == "59.9 s")
        #expect(ProgressDisplay.duration(3725) == "1 h 2 min")
        #expect(ProgressDisplay.duration(.nan) == "?")
        #expect(ProgressDisplay.truncated("abcdef", to: 4) == "abc…")
        #expect(ProgressDisplay.bar(0.5) == "[======      ]")
    }
}
