import Search

/// The `objective:` and `constraints:` of a search problem.
///
/// ```yaml
/// objective: latency                         # a shorthand the family defines
///                                            # (→ minimize latency_us)
/// objective: {minimize: energy_uj}
/// objective: {maximize: bandwidth_gbps}
/// objective: {target: {metric: power_w, value: 1.0}}   # ArchGym's target-seeking reward
/// objective: {weighted: {latency_us: 1, power_w: 20}}
/// objective: {pareto: [latency_us, energy_uj]}
/// constraints: [{metric: power_w, at_most: 1.2}]
/// ```
public enum SearchObjectiveSpec {
    /// `metrics`: the names the family's evaluator reports; `shorthands`: word → metric minimised.
    public static func read(
        objective node: SpecNode, constraints: SpecNode?, metrics: [String],
        shorthands: [String: String]
    ) throws(ProblemFileError) -> (objective: SearchObjective, text: String) {
        func metric(_ node: SpecNode) throws(ProblemFileError) -> String {
            let name = try node.string()
            guard metrics.contains(name) else {
                throw node.error(
                    "unknown metric '\(name)'" + Suggestion.hint(for: name, among: metrics)
                        + " (metrics: \(metrics.joined(separator: ", ")))")
            }
            return name
        }
        let goal: SearchObjective.Goal
        let text: String
        if let word = try? node.string() {
            guard let name = shorthands[word] ?? (metrics.contains(word) ? word : nil) else {
                throw node.error(
                    """
                    unknown objective '\(word)' (use \
                    \(shorthands.keys.sorted().joined(separator: ", ")), or minimize:, \
                    maximize:, target:, weighted:, pareto:)
                    """
                )
            }
            goal = .minimize(name)
            text = "minimize \(name)"
        } else {
            let mapping = try node.mapping(allowedKeys: [
                "minimize", "maximize", "target", "weighted", "pareto",
            ])
            let given = ["minimize", "maximize", "target", "weighted", "pareto"].filter(
                mapping.contains)
            guard given.count == 1 else {
                throw node.error(
                    "give exactly one of minimize:, maximize:, target:, weighted:, pareto:")
            }
            let value = try mapping.required(given[0])
            switch given[0] {
            case "minimize":
                let name = try metric(value)
                goal = .minimize(name)
                text = "minimize \(name)"
            case "maximize":
                let name = try metric(value)
                goal = .maximize(name)
                text = "maximize \(name)"
            case "target":
                let target = try value.mapping(allowedKeys: ["metric", "value"])
                let name = try metric(try target.required("metric"))
                let number = try target.required("value").double()
                goal = .target(name, number)
                text = "get \(name) to \(JSONValue.format(number))"
            case "weighted":
                var terms: [(metric: String, weight: Double)] = []
                for entry in try value.namedEntries() {
                    guard metrics.contains(entry.name) else {
                        throw entry.node.error(
                            """
                            unknown metric '\(entry.name)' (metrics: \
                            \(metrics.joined(separator: ", ")))
                            """
                        )
                    }
                    terms.append((entry.name, try entry.node.double()))
                }
                guard !terms.isEmpty else { throw value.error("give at least one metric: weight") }
                goal = .weighted(terms)
                text =
                    "minimize "
                    + terms.map { "\(JSONValue.format($0.weight))·\($0.metric)" }.joined(
                        separator: " + ")
            default:
                var names: [String] = []
                for item in try value.array() { names.append(try metric(item)) }
                guard (2...3).contains(names.count), Set(names).count == names.count else {
                    throw value.error("list two or three different metrics")
                }
                goal = .pareto(names)
                text = "Pareto front of " + names.joined(separator: " × ")
            }
        }
        var list: [SearchObjective.Constraint] = []
        if let constraints {
            for item in try constraints.array() {
                let entry = try item.mapping(allowedKeys: ["metric", "at_most", "at_least"])
                let name = try metric(try entry.required("metric"))
                switch (entry.optional("at_most"), entry.optional("at_least")) {
                case (let most?, nil): list.append(.init(name, atMost: try most.double()))
                case (nil, let least?): list.append(.init(name, atLeast: try least.double()))
                default: throw item.error("give exactly one of at_most: or at_least:")
                }
            }
        }
        let constraintText = list.map {
            "\($0.metric) \($0.atLeast ? "≥" : "≤") \(JSONValue.format($0.limit))"
        }
        return (
            SearchObjective(goal, constraints: list),
            constraintText.isEmpty
                ? text : text + " subject to " + constraintText.joined(separator: ", ")
        )
    }
}
