/// A validated mixed-precision problem (HAWQ-V3, Yao et al. 2021; OHQ, Huang et al. 2023):
/// one bit-width choice per layer, a sensitivity Ω per layer and choice, resources per layer and
/// choice, tie groups, pinned layers and budgets.
public struct MixedPrecisionInstance: Sendable {
    /// A weight/activation bit-width pair.
    public struct Choice: Sendable, Hashable, CustomStringConvertible {
        /// Weight bits.
        public var weightBits: Int
        /// Activation bits.
        public var activationBits: Int

        /// A choice of these widths.
        public init(weightBits: Int, activationBits: Int) {
            self.weightBits = weightBits
            self.activationBits = activationBits
        }

        /// `8` when both widths agree, else `W4A8`.
        public var description: String {
            weightBits == activationBits ? "\(weightBits)" : "W\(weightBits)A\(activationBits)"
        }
    }

    /// A resource a budget can bound.
    public enum Resource: String, Sendable, CaseIterable {
        /// Weight storage, MB (10⁶ bytes): weights × weight bits / 8.
        case size
        /// Bit operations, GBOPs: MACs × weight bits × activation bits / 10⁹.
        case bops
        /// Latency, ms: from a measured table or the quantized-layer cost model.
        case latency

        /// `MB`, `GBOPs` or `ms`.
        public var unit: String {
            switch self {
            case .size: return "MB"
            case .bops: return "GBOPs"
            case .latency: return "ms"
            }
        }
    }

    /// One layer: its size, work, sensitivity and (optionally) latency per choice.
    public struct Layer: Sendable {
        /// The layer's name.
        public var name: String
        /// Weight count.
        public var weights: Double
        /// Multiply-accumulates for one input.
        public var macs: Double
        /// Indices into ``MixedPrecisionInstance/choices`` this layer may take.
        public var allowed: [Int]
        /// Ω per choice index (same length as ``MixedPrecisionInstance/choices``; unused entries
        /// 0).
        public var sensitivity: [Double]
        /// Latency per choice index, ms, when known.
        public var latencyMs: [Double]?

        /// A layer with these numbers.
        public init(
            name: String, weights: Double, macs: Double, allowed: [Int], sensitivity: [Double],
            latencyMs: [Double]? = nil
        ) {
            self.name = name
            self.weights = weights
            self.macs = macs
            self.allowed = allowed
            self.sensitivity = sensitivity
            self.latencyMs = latencyMs
        }
    }

    /// A limit on one resource.
    public struct Budget: Sendable, Equatable {
        /// The resource limited.
        public var resource: Resource
        /// The limit, in the resource's unit.
        public var limit: Double
        /// The fraction between all-lowest and all-highest it was given as, if any.
        public var fraction: Double?

        /// A budget of `limit` on `resource` (given as `fraction`, if it was).
        public init(resource: Resource, limit: Double, fraction: Double? = nil) {
            self.resource = resource
            self.limit = limit
            self.fraction = fraction
        }
    }

    /// The bit-width choices.
    public var choices: [Choice]
    /// The layers, in network order.
    public var layers: [Layer]
    /// Groups of layer indices that must take the same choice.
    public var tieGroups: [[Int]]
    /// Layer index → choice index.
    public var pins: [Int: Int]
    /// The budgets.
    public var budgets: [Budget]

    /// An instance with these parts.
    public init(
        choices: [Choice], layers: [Layer], tieGroups: [[Int]] = [], pins: [Int: Int] = [:],
        budgets: [Budget] = []
    ) {
        self.choices = choices
        self.layers = layers
        self.tieGroups = tieGroups
        self.pins = pins
        self.budgets = budgets
    }

    /// A budget at `fraction` between the all-lowest and all-highest configurations.
    public func budget(_ resource: Resource, fraction: Double) -> Budget {
        let low = extreme(resource, highest: false)
        let high = extreme(resource, highest: true)
        return Budget(resource: resource, limit: low + fraction * (high - low), fraction: fraction)
    }

    /// The resource of a layer at a choice (nil when unknown, e.g. latency without a table).
    public func cost(_ resource: Resource, layer i: Int, choice c: Int) -> Double? {
        let layer = layers[i]
        let choice = choices[c]
        switch resource {
        case .size: return layer.weights * Double(choice.weightBits) / 8 / 1e6
        case .bops: return layer.macs * Double(choice.weightBits * choice.activationBits) / 1e9
        case .latency: return layer.latencyMs?[c]
        }
    }

    /// The resource with every layer at its lowest (or highest) allowed bit width; pinned
    /// layers at their pin. Budget fractions are measured between these two.
    public func extreme(_ resource: Resource, highest: Bool) -> Double {
        layers.indices.reduce(0) { total, i in
            let c =
                pins[i]
                ?? (highest
                    ? layers[i].allowed.max { bits($0) < bits($1) }
                    : layers[i].allowed.min { bits($0) < bits($1) }) ?? 0
            return total + (cost(resource, layer: i, choice: c) ?? 0)
        }
    }

    private func bits(_ c: Int) -> Int { choices[c].weightBits * 100 + choices[c].activationBits }

    /// The least amount of a resource any configuration can use, honouring ties and pins
    /// (each tie group picks its cheapest common choice).
    public func minimumAchievable(_ resource: Resource) -> Double {
        groups.reduce(0) { total, group in
            let options = layers[group[0]].allowed.filter { c in
                group.allSatisfy { pins[$0] == nil || pins[$0] == c }
            }
            let best =
                options.map { c in
                    group.reduce(0) { $0 + (cost(resource, layer: $1, choice: c) ?? 0) }
                }.min() ?? 0
            return total + best
        }
    }

    /// Every layer in exactly one group: the tie groups plus singletons.
    public var groups: [[Int]] {
        var inGroup = Set<Int>()
        var result: [[Int]] = []
        for group in tieGroups {
            result.append(group)
            inGroup.formUnion(group)
        }
        for i in layers.indices where !inGroup.contains(i) { result.append([i]) }
        return result.sorted { $0[0] < $1[0] }
    }
}
