import Foundation
import Search
import Testing

@Suite struct BanditTests {
    static let means = [0.2, 0.35, 0.5, 0.6, 0.7]
    static let pulls = 10_000

    /// Pseudo-regret Σ (μ* − μ_arm) over `pulls` pulls of Bernoulli arms.
    static func regret<B: Bandit>(_ bandit: B, seed: UInt64) -> Double {
        var bandit = bandit
        var rng = SeededRandomNumberGenerator(seed: seed)
        let best = means.max() ?? 0
        var regret = 0.0
        for _ in 0..<pulls {
            let arm = bandit.select(using: &rng)
            regret += best - means[arm]
            bandit.update(
                arm: arm, reward: Double.random(in: 0..<1, using: &rng) < means[arm] ? 1 : 0)
        }
        return regret
    }

    @Test func ucb1AndThompsonBeatEpsilonGreedyAndStayUnderTheLogBound() {
        // Auer et al. (2002), Theorem 1: E[regret] ≤ Σ 8 ln n / Δᵢ + (1 + π²/3) Σ Δᵢ.
        let gaps = Self.means.map { (Self.means.max() ?? 0) - $0 }.filter { $0 > 0 }
        let bound =
            gaps.reduce(0) { $0 + 8 * log(Double(Self.pulls)) / $1 }
            + (1 + Double.pi * Double.pi / 3) * gaps.reduce(0, +)
        let greedy = Self.regret(EpsilonGreedy(arms: 5, epsilon: 0.5), seed: 1)
        let ucb = Self.regret(UCB1(arms: 5), seed: 1)
        let thompson = Self.regret(ThompsonSampling(arms: 5), seed: 1)
        // ε = 0.5 explores half the time: about 0.5 · n · mean gap = 1,150 regret.
        #expect(greedy > 900)
        #expect(ucb < greedy / 2, "UCB1 \(ucb) vs ε-greedy \(greedy)")
        #expect(thompson < greedy / 4, "Thompson \(thompson) vs ε-greedy \(greedy)")
        #expect(ucb < bound, "UCB1 \(ucb) vs bound \(bound)")
        #expect(thompson < bound)
    }

    @Test func exp3KeepsUpWithTheBestFixedArmAgainstAnAdversary() {
        // Rewards switch between the two arms every 1,000 pulls; the best fixed arm earns 5,000.
        // EXP3 with tuned γ: regret ≤ 2.63 √(g K ln K) with g = n (Auer et al. 2002, Cor. 3.2).
        let n = 10_000
        let k = 2
        var bandit = EXP3(arms: k, gamma: EXP3.tunedGamma(arms: k, horizon: n))
        var rng = SeededRandomNumberGenerator(seed: 3)
        var earned = 0.0
        for t in 0..<n {
            let good = (t / 1000) % 2
            let arm = bandit.select(using: &rng)
            let reward = arm == good ? 1.0 : 0.0
            earned += reward
            bandit.update(arm: arm, reward: reward)
        }
        let bound = 2.63 * (Double(n) * Double(k) * log(Double(k))).squareRoot()
        #expect(earned >= 5000 - bound, "EXP3 earned \(earned), bound allows \(5000 - bound)")
    }

    /// The best arm (0.9) degrades to 0.4 while the other stays at 0.6. UCB1's estimate of the old
    /// best is anchored by thousands of samples and takes thousands more to fall; the windowed
    /// and discounted variants forget it within a few hundred pulls.
    @Test func slidingWindowUCBRecoversAfterAChangePoint() {
        func shareOfNewBest<B: Bandit>(_ bandit: B) -> Double {
            var bandit = bandit
            var rng = SeededRandomNumberGenerator(seed: 5)
            var late = 0
            for t in 0..<10_000 {
                let p = t < 5000 ? [0.9, 0.6] : [0.4, 0.6]
                let arm = bandit.select(using: &rng)
                // Recovery speed: the share of the new best arm 500 to 1,500 pulls after the
                // change.
                if (5500..<6500).contains(t), arm == 1 { late += 1 }
                bandit.update(
                    arm: arm, reward: Double.random(in: 0..<1, using: &rng) < p[arm] ? 1 : 0)
            }
            return Double(late) / 1000
        }
        let window = shareOfNewBest(SlidingWindowUCB(arms: 2, window: 500))
        let discounted = shareOfNewBest(DiscountedUCB(arms: 2, discount: 0.99))
        let plain = shareOfNewBest(UCB1(arms: 2))
        #expect(window > 0.8, "sliding window: \(window)")
        #expect(discounted > 0.6, "discounted: \(discounted)")
        #expect(window > plain + 0.5, "sliding window \(window) vs UCB1 \(plain)")
    }

    @Test func armResetForgetsAStaleArm() {
        var bandit = ArmResetting(UCB1(arms: 2), patience: 3)
        bandit.update(arm: 0, reward: 1)
        for _ in 0..<2 { bandit.update(arm: 0, reward: 0.5) }
        #expect(bandit.resets == 0)
        bandit.update(arm: 0, reward: 0.5)  // third pull without beating 1: reset
        #expect(bandit.resets == 1)
        var rng = SeededRandomNumberGenerator(seed: 1)
        // The reset arm restarts pessimistic (one pull of 0), so the never-tried arm 1 comes first,
        // then arm 0 is as good as forgotten: its mean is 0, not the 1 it had.
        #expect(bandit.select(using: &rng) == 1)
        bandit.update(arm: 1, reward: 0.2)
        #expect(bandit.select(using: &rng) == 1, "arm 0's old reward of 1 is forgotten")
    }

    /// Records the rewards it is given, to see what a wrapper passes on.
    struct RecordingBandit: Bandit {
        let armCount = 2
        var received: [Double] = []
        func select(using rng: inout SeededRandomNumberGenerator) -> Int { 0 }
        mutating func update(arm: Int, reward: Double) { received.append(reward) }
        mutating func reset(arm: Int) {}
    }

    @Test func rewardNormalizingMapsByTheRunningRange() {
        var bandit = RewardNormalizing(RecordingBandit())
        for reward in [100.0, 300, 200, 500, 100] { bandit.update(arm: 0, reward: reward) }
        // Range so far: {100} → 0.5 (no spread yet); [100, 300] → 1; 200 in [100, 300] → 0.5;
        // [100, 500] → 1; 100 in [100, 500] → 0.
        #expect(bandit.base.received == [0.5, 1, 0.5, 1, 0])
    }
}
