/// One design parameter: a name and the values it can take.
public struct Parameter: Sendable, Equatable {
    /// How a parameter's values relate: unordered, ordered, or whole numbers in order.
    public enum Kind: String, Sendable { case categorical, ordinal, integer }

    /// The parameter's name (the problem file's key).
    public var name: String
    /// The values, as text (`"Open"`, `"8"`); engines work with their indices.
    public var values: [String]
    /// Categorical, ordinal or integer.
    public var kind: Kind
    /// When set, the parameter only matters if `parameter` takes one of `values`; otherwise its
    /// value is irrelevant and every configuration is stored with index 0 for it.
    public var condition: (parameter: String, values: [String])?

    /// A parameter with these values, optionally active only under `condition`.
    public init(
        _ name: String, values: [String], kind: Kind = .categorical,
        condition: (parameter: String, values: [String])? = nil
    ) {
        self.name = name
        self.values = values
        self.kind = kind
        self.condition = condition
    }

    /// An integer range `low...high`.
    public static func integers(_ name: String, _ range: ClosedRange<Int>) -> Parameter {
        Parameter(name, values: range.map(String.init), kind: .integer)
    }

    /// Parameters are equal when name, values, kind and condition are.
    public static func == (lhs: Parameter, rhs: Parameter) -> Bool {
        lhs.name == rhs.name && lhs.values == rhs.values && lhs.kind == rhs.kind
            && lhs.condition?.parameter == rhs.condition?.parameter
            && lhs.condition?.values == rhs.condition?.values
    }
}

/// A configuration: one value index per parameter, in the space's parameter order.
public typealias Configuration = [Int]

/// A discrete design space.
public struct SearchSpace: Sendable, Equatable {
    /// The parameters, in configuration order.
    public let parameters: [Parameter]

    /// A space of `parameters` (names must be distinct).
    public init(_ parameters: [Parameter]) {
        self.parameters = parameters
    }

    /// Number of configurations (before conditional parameters collapse any).
    public var size: Int { parameters.reduce(1) { $0 * max($1.values.count, 1) } }

    /// Number of canonical configurations (what ``forEachCanonicalConfiguration(_:)`` visits and
    /// an exhaustive search evaluates). Exact when no condition's owner is itself conditional;
    /// otherwise ``size``, an upper bound.
    public var canonicalSize: Int {
        let names = Set(parameters.map(\.name))
        // A condition on a parameter outside the space is ignored (as ``isCanonical(_:)`` does).
        func owner(_ parameter: Parameter) -> String? {
            parameter.condition.map(\.parameter).flatMap { names.contains($0) ? $0 : nil }
        }
        let owners = Set(parameters.compactMap(owner))
        guard parameters.allSatisfy({ !owners.contains($0.name) || owner($0) == nil }) else {
            return size
        }
        var total = 1
        for parameter in parameters where owner(parameter) == nil {
            if owners.contains(parameter.name) {
                let dependents = parameters.filter { owner($0) == parameter.name }
                total *= parameter.values.reduce(0) { sum, value in
                    sum
                        + dependents.reduce(1) {
                            $0
                                * (($1.condition?.values.contains(value) ?? false)
                                    ? max($1.values.count, 1) : 1)
                        }
                }
            } else {
                total *= max(parameter.values.count, 1)
            }
        }
        return total
    }

    /// The configuration with mixed-radix number `index` (parameter 0 varies fastest).
    public func configuration(at index: Int) -> Configuration {
        var rest = index
        return parameters.map { parameter in
            let value = rest % parameter.values.count
            rest /= parameter.values.count
            return value
        }
    }

    /// Whether parameter `k` matters in `configuration`: it has no condition, or the parameter
    /// its condition names takes one of the condition's values.
    public func isActive(_ k: Int, in configuration: Configuration) -> Bool {
        guard let condition = parameters[k].condition,
            let owner = parameters.firstIndex(where: { $0.name == condition.parameter })
        else { return true }
        return condition.values.contains(parameters[owner].values[configuration[owner]])
    }

    /// The same configuration with irrelevant conditional parameters set to index 0, so that
    /// configurations that differ only there count as one (the cache relies on it).
    public func canonical(_ configuration: Configuration) -> Configuration {
        var result = configuration
        for k in parameters.indices where !isActive(k, in: configuration) { result[k] = 0 }
        return result
    }

    /// Whether `configuration` is its own canonical form (every irrelevant conditional parameter
    /// at index 0), without building the canonical form.
    public func isCanonical(_ configuration: Configuration) -> Bool {
        parameters.indices.allSatisfy { configuration[$0] == 0 || isActive($0, in: configuration) }
    }

    /// Calls `body` with every canonical configuration, in index order (parameter 0 fastest),
    /// reusing one buffer.
    public func forEachCanonicalConfiguration(_ body: (Configuration) throws -> Void) rethrows {
        guard !parameters.isEmpty else { return }
        var configuration = Configuration(repeating: 0, count: parameters.count)
        while true {
            if isCanonical(configuration) { try body(configuration) }
            var k = 0
            while k < parameters.count {
                configuration[k] += 1
                if configuration[k] < parameters[k].values.count { break }
                configuration[k] = 0
                k += 1
            }
            if k == parameters.count { return }
        }
    }

    /// Parameter name → value text.
    public func describe(_ configuration: Configuration) -> [(name: String, value: String)] {
        zip(parameters, configuration).map { ($0.name, $0.values[$1]) }
    }

    /// A configuration drawn uniformly, value by value (then made canonical).
    public func random(using rng: inout some RandomNumberGenerator) -> Configuration {
        canonical(parameters.map { Int.random(in: 0..<$0.values.count, using: &rng) })
    }
}
