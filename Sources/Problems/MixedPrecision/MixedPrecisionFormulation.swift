import LinearModel

/// The bit-allocation ILP, as HAWQ-V3 and OHQ pose it: one binary per (layer, allowed choice),
/// exactly one per layer; tied layers take the same choice; pinned layers their pin; every
/// budget a row `Σ cost·y ≤ limit`; minimise `Σ Ω·y`.
public struct MixedPrecisionFormulation: Sendable {
    /// The instance formulated.
    public let instance: MixedPrecisionInstance
    /// The ILP.
    public private(set) var model: Model
    /// `y[i][c]`, nil where layer i does not allow choice c.
    private var y: [[Variable?]] = []

    /// HAWQ-V3's ILP of `instance`: a binary per layer and choice, one choice per layer, ties, pins
    /// and budgets, Σ Ω minimised.
    public init(_ instance: MixedPrecisionInstance) throws(ModelError) {
        self.instance = instance
        model = Model(name: "mixed-precision")
        for (i, layer) in instance.layers.enumerated() {
            var row = [Variable?](repeating: nil, count: instance.choices.count)
            for c in layer.allowed {
                let pinnedElsewhere = instance.pins[i].map { $0 != c } ?? false
                row[c] = try model.addVariable(
                    "y[\(layer.name),\(instance.choices[c])]", kind: .binary,
                    lowerBound: 0, upperBound: pinnedElsewhere ? 0 : 1)
            }
            try model.addConstraint(row.compactMap { $0 }.sum() == 1, name: "one[\(layer.name)]")
            y.append(row)
        }
        for group in instance.tieGroups {
            for other in group.dropFirst() {
                for c in instance.layers[group[0]].allowed {
                    if let a = y[group[0]][c], let b = y[other][c] {
                        try model.addConstraint(
                            a - b == 0,
                            name: "tie[\(instance.layers[other].name),\(instance.choices[c])]")
                    }
                }
            }
        }
        for budget in instance.budgets {
            var used = LinearExpression()
            for i in instance.layers.indices {
                for c in instance.layers[i].allowed {
                    if let v = y[i][c],
                        let cost = instance.cost(budget.resource, layer: i, choice: c), cost != 0
                    {
                        used.add(cost, v)
                    }
                }
            }
            try model.addConstraint(
                used <= budget.limit, name: "budget[\(budget.resource.rawValue)]")
        }
        var objective = LinearExpression()
        for i in instance.layers.indices {
            for c in instance.layers[i].allowed {
                if let v = y[i][c], instance.layers[i].sensitivity[c] != 0 {
                    objective.add(instance.layers[i].sensitivity[c], v)
                }
            }
        }
        try model.minimize(objective)
    }

    /// The model's point for a configuration (a MIP start), or nil when a layer's choice has no
    /// variable here.
    public func point(from configuration: [Int]) -> [Double]? {
        guard configuration.count == y.count else { return nil }
        var values = [Double](repeating: 0, count: model.variableCount)
        for (i, c) in configuration.enumerated() {
            guard y[i].indices.contains(c), let v = y[i][c] else { return nil }
            values[v.index] = 1
        }
        return values
    }

    /// The choice per layer a solution makes, or nil when it has no point.
    public func configuration(from solution: Solution) -> [Int]? {
        guard let values = solution.variableValues else { return nil }
        func value(_ v: Variable?) -> Double { v.map { values[$0.index] } ?? -1 }
        return y.map { row in row.indices.max { value(row[$0]) < value(row[$1]) } ?? 0 }
    }
}

extension MixedPrecisionInstance {
    /// Σ Ω for a configuration (choice index per layer).
    public func objective(_ configuration: [Int]) -> Double {
        layers.indices.reduce(0) { $0 + layers[$1].sensitivity[configuration[$1]] }
    }

    /// A resource summed over a configuration.
    public func used(_ resource: Resource, _ configuration: [Int]) -> Double {
        layers.indices.reduce(0) {
            $0 + (cost(resource, layer: $1, choice: configuration[$1]) ?? 0)
        }
    }

    /// Everything wrong with a configuration, recomputed from the instance alone.
    public func problems(_ configuration: [Int]) -> [String] {
        var found: [String] = []
        guard configuration.count == layers.count else {
            return ["a configuration needs one choice per layer"]
        }
        for (i, c) in configuration.enumerated() where !layers[i].allowed.contains(c) {
            found.append("\(layers[i].name) takes \(choices[c]) bits, which it does not allow")
        }
        for group in tieGroups where Set(group.map { configuration[$0] }).count > 1 {
            found.append(
                "tied layers \(group.map { layers[$0].name }.joined(separator: ", ")) differ")
        }
        for (i, c) in pins where configuration[i] != c {
            found.append(
                """
                \(layers[i].name) is pinned to \(choices[c]) bits but takes \
                \(choices[configuration[i]])
                """
            )
        }
        for budget in budgets {
            let used = used(budget.resource, configuration)
            if used > budget.limit + 1e-9 * max(1, abs(budget.limit)) {
                found.append(
                    """
                    \(budget.resource.rawValue) \(used) exceeds its budget \(budget.limit) \
                    \(budget.resource.unit)
                    """
                )
            }
        }
        return found
    }
}
