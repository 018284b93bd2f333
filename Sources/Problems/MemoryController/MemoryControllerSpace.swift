import CostModels
import Search

/// The search space of a memory-controller problem: the ten knobs with the values its
/// `MemoryControllerDesignSpace` lists, minus those the problem pins, minus (when collapsing)
/// those that cannot change the objective for this trace, with
/// values that act alike merged and knobs that only matter under another knob's value made
/// conditional on it.
public struct MemoryControllerSpace: Sendable {
    /// A knob held at one value, and why.
    public struct FixedKnob: Sendable, Equatable {
        /// The knob left out of the search.
        public var knob: String
        /// The value it is held at.
        public var value: String
        /// Why it cannot matter (or that the file pinned it).
        public var reason: String
    }

    /// The searched parameters (one per free knob).
    public let space: SearchSpace
    /// Knob index (agent order) of each search parameter.
    public let knobIndex: [Int]
    /// The configuration every search configuration starts from (pins and fixed knobs set).
    public let base: MemoryControllerConfiguration
    /// The value sets the search draws from.
    public let designSpace: MemoryControllerDesignSpace
    /// Per search parameter, each choice's knob code.
    let codes: [[Int]]
    /// Knobs held fixed, and why.
    public let fixed: [FixedKnob]
    /// (knob, value dropped, the value it acts as, reason).
    public let merged: [(knob: String, value: String, sameAs: String, reason: String)]

    /// The size of the design space before pins and collapsing.
    public var fullSize: Int { designSpace.size }

    /// `pins`: (knob index, knob code) held fixed; a pinned value need not be in the design space.
    public init(
        model: DRAMControllerModel, designSpace: MemoryControllerDesignSpace = .marl,
        pins: [(knob: Int, code: Int)],
        collapse: Bool, usesMeanLatency: Bool
    ) {
        let knobs = MemoryControllerConfiguration.knobs
        var base = MemoryControllerConfiguration.archGymDefault
        var fixed: [FixedKnob] = []
        var pinned = Set<Int>()
        for (knob, code) in pins {
            base.set(knobIndex: knob, code: code)
            pinned.insert(knob)
            fixed.append(
                FixedKnob(
                    knob: knobs[knob].name, value: knobs[knob].value(ofCode: code),
                    reason: "pinned by the problem file"))
        }
        var merged: [(String, String, String, String)] = []
        var dropped: [String: Set<String>] = [:]
        var conditions: [String: (String, [String])] = [:]
        if collapse {
            for (knob, reason) in model.irrelevantKnobs(usesMeanLatency: usesMeanLatency) {
                guard let index = knobs.firstIndex(where: { $0.name == knob }),
                    !pinned.contains(index)
                else { continue }
                pinned.insert(index)
                fixed.append(FixedKnob(knob: knob, value: base.values[index], reason: reason))
            }
            for entry in model.equivalentValues {
                guard let index = knobs.firstIndex(where: { $0.name == entry.knob }),
                    !pinned.contains(index),
                    designSpace.values[index].contains(entry.value),
                    designSpace.values[index].contains(entry.sameAs)
                else { continue }
                dropped[entry.knob, default: []].insert(entry.value)
                merged.append((entry.knob, entry.value, entry.sameAs, entry.reason))
            }
            // Knobs that matter only under some value of another knob.
            // The response queue decides the answer order, which matters to the mean latency
            // unless the Reorder arbiter restores request order anyway, and to everything else
            // only under the Fifo arbiter (the one that counts transactions until answered and
            // does not reorder them itself). With several initiators the Reorder arbiter restores
            // only each one's own order, so there the response queue matters under it too.
            let severalInitiators = model.profile.initiatorCount > 1
            let responseQueue: (knob: String, owner: String, values: [String], reason: String) =
                usesMeanLatency
                ? (
                    "RespQueue", "Arbiter",
                    severalInitiators ? ["Simple", "Fifo", "Reorder"] : ["Simple", "Fifo"],
                    "the Reorder arbiter answers in request order whatever the response queue does"
                )
                : (
                    "RespQueue", "Arbiter", severalInitiators ? ["Fifo", "Reorder"] : ["Fifo"],
                    """
                    the answer order changes the total time and energy only under the arbiters \
                    that count transactions until answered
                    """
                        + (severalInitiators ? "" : " and do not reorder them themselves")
                )
            let dependent: [(knob: String, owner: String, values: [String], reason: String)] = [
                (
                    "RefreshMaxPostponed", "RefreshPolicy", ["AllBank"],
                    "only matters with refresh on"
                ),
                (
                    "RefreshMaxPulledin", "RefreshPolicy", ["AllBank"],
                    "only matters with refresh on"
                ),
                responseQueue,
                (
                    "MaxActiveTransactions", "Arbiter", ["Fifo", "Reorder"],
                    "only the Fifo and Reorder arbiters limit transactions in flight"
                ),
            ]
            for rule in dependent {
                guard let index = knobs.firstIndex(where: { $0.name == rule.knob }),
                    !pinned.contains(index),
                    let owner = knobs.firstIndex(where: { $0.name == rule.owner }),
                    !Set(designSpace.values[owner]).isSubset(of: rule.values)
                else { continue }
                if pinned.contains(owner) {
                    if !rule.values.contains(base.values[owner]) {
                        pinned.insert(index)
                        fixed.append(
                            FixedKnob(
                                knob: rule.knob, value: base.values[index],
                                reason: "\(rule.reason); \(rule.owner) is \(base.values[owner])"))
                    }
                } else {
                    conditions[rule.knob] = (rule.owner, rule.values)
                }
            }
        }
        var parameters: [Parameter] = []
        var indices: [Int] = []
        var codes: [[Int]] = []
        for (index, knob) in knobs.enumerated() where !pinned.contains(index) {
            let kept = zip(designSpace.values[index], designSpace.codes[index]).filter { value, _ in
                !(dropped[knob.name]?.contains(value) ?? false)
            }
            let kind: Parameter.Kind = knob.isInteger ? .ordinal : .categorical
            parameters.append(
                Parameter(
                    knob.name, values: kept.map(\.0), kind: kind,
                    condition: conditions[knob.name].map { parameter, values in
                        (parameter: parameter, values: values)
                    }))
            indices.append(index)
            codes.append(kept.map(\.1))
        }
        // A condition on a knob outside the space would never hold: drop such conditions.
        let names = Set(parameters.map(\.name))
        parameters = parameters.map { parameter in
            var parameter = parameter
            if let condition = parameter.condition, !names.contains(condition.parameter) {
                parameter.condition = nil
            }
            return parameter
        }
        space = SearchSpace(parameters)
        knobIndex = indices
        self.codes = codes
        self.designSpace = designSpace
        self.base = base
        self.fixed = fixed
        self.merged = merged
    }

    /// The controller configuration a search configuration stands for.
    public func configuration(_ choices: Configuration) -> MemoryControllerConfiguration {
        var configuration = base
        for (k, choice) in choices.enumerated() {
            configuration.set(knobIndex: knobIndex[k], code: codes[k][choice])
        }
        return configuration
    }
}
