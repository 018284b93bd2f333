import Foundation

/// Why a model has no feasible point: an irreducible infeasible subset (IIS) of its rows and
/// variable bounds — infeasible together, and feasible once any one of them is dropped — found
/// by a deletion filter that any ``Solver`` can drive (Chinneck, *Feasibility and Infeasibility
/// in Optimization*, 2008, ch. 2), with integrality kept throughout.
///
/// The filter drops blocks of elements at a time and halves a block that cannot go (divide and
/// conquer, as QuickXplain does), so it needs about |IIS| · log₂(elements) feasibility solves
/// rather than one per element. Every subset it keeps has been proven infeasible by the solver;
/// a solve that ends undecided (time limit) keeps its block, so the answer is always an
/// infeasible subset, and ``IrreducibleInfeasibleSubset/isIrreducible`` says whether the filter
/// finished.
public struct InfeasibilityExplainer: Sendable {
    /// The solver that decides each candidate subset's feasibility.
    public var solver: any Solver
    /// Wall-clock seconds for the whole filter.
    public var timeLimitSeconds: Double
    /// Stops the filter (and its current solve) from another thread; what is kept so far is
    /// returned, not irreducible.
    public var cancellation: CancellationToken?

    /// An explainer that solves with `solver`, stops after `timeLimitSeconds` (then the subset
    /// found so far is returned, not necessarily irreducible) or when `cancellation` is raised.
    public init(
        solver: any Solver, timeLimitSeconds: Double = 30, cancellation: CancellationToken? = nil
    ) {
        self.solver = solver
        self.timeLimitSeconds = timeLimitSeconds
        self.cancellation = cancellation
    }

    /// One row or one side of a variable's bounds.
    public enum Element: Hashable, Sendable {
        case constraint(Constraint)
        case lowerBound(Variable)
        case upperBound(Variable)
    }

    /// The IIS, or nil when the model is feasible (or the solver cannot tell in time).
    public func explain(_ model: Model) throws -> IrreducibleInfeasibleSubset? {
        let began = ContinuousClock.now
        func remaining() -> Double {
            if cancellation?.isCancelled ?? false { return 0 }
            return timeLimitSeconds - (ContinuousClock.now - began) / .seconds(1)
        }
        var elements: [Element] = model.constraints.map { .constraint($0) }
        for v in model.variables {
            if model.lowerBound(of: v).isFinite { elements.append(.lowerBound(v)) }
            if model.upperBound(of: v).isFinite { elements.append(.upperBound(v)) }
        }
        var solves = 0
        /// Whether the model restricted to `kept` is proven infeasible.
        func infeasible(_ kept: [Element]) throws -> Bool {
            let time = remaining()
            guard time > 0 else { return false }
            solves += 1
            let options = SolveOptions(
                timeLimitSeconds: time, verbosity: .quiet, cancellation: cancellation)
            let solution = try solver.solve(Self.restrict(model, to: kept), options: options)
            return solution.termination == .infeasible
        }
        guard try infeasible(elements) else { return nil }
        // Deletion filter over blocks: `needed` are proven members, `candidates` still open.
        var needed: [Element] = []
        var blocks: [[Element]] = [elements]
        while let block = blocks.popLast() {
            let others = blocks.flatMap { $0 }
            if try infeasible(needed + others) {
                continue  // the whole block can go
            }
            if block.count == 1 {
                needed.append(block[0])
            } else if remaining() > 0 {
                let half = block.count / 2
                blocks.append(Array(block[half...]))
                blocks.append(Array(block[..<half]))
            } else {
                needed.append(contentsOf: block)  // out of time: keep it whole
            }
        }
        let finished = remaining() > 0
        return IrreducibleInfeasibleSubset(
            elements: Self.ordered(needed, in: elements), isIrreducible: finished,
            feasibilitySolves: solves)
    }

    /// The model with only `kept`'s rows and bounds, a zero objective, integrality unchanged
    /// (a binary whose bound is dropped becomes a general integer).
    public static func restrict(_ model: Model, to kept: [Element]) throws -> Model {
        let keep = Set(kept)
        var restricted = Model(name: model.name)
        for v in model.variables {
            let lower = keep.contains(.lowerBound(v)) ? model.lowerBound(of: v) : -.infinity
            let upper = keep.contains(.upperBound(v)) ? model.upperBound(of: v) : .infinity
            var kind = model.kind(of: v)
            if kind == .binary, lower != 0 || upper != 1 { kind = .integer }
            try restricted.addVariable(nil, kind: kind, lowerBound: lower, upperBound: upper)
        }
        for c in model.constraints where keep.contains(.constraint(c)) {
            try restricted.addConstraint(model.constraint(c))
        }
        try restricted.minimize(LinearExpression())
        return restricted
    }

    private static func ordered(_ subset: [Element], in all: [Element]) -> [Element] {
        let members = Set(subset)
        return all.filter(members.contains)
    }
}

/// An infeasible subset of a model's rows and bounds; irreducible when the filter finished.
public struct IrreducibleInfeasibleSubset: Sendable {
    /// The rows and bounds of the subset, in the model's order.
    public var elements: [InfeasibilityExplainer.Element]
    /// Whether dropping any one element makes the rest feasible (false when time ran out).
    public var isIrreducible: Bool
    /// Solves the filter used.
    public var feasibilitySolves: Int

    /// Each element as the model states it: `plant2: x + 3 y ≤ 6`, `bound x ≤ 3`.
    public func descriptions(_ model: Model) -> [String] {
        func name(_ v: Variable) -> String { model.name(of: v) ?? "x\(v.index + 1)" }
        return elements.map { element in
            switch element {
            case .constraint(let c):
                let l = model.lowerBound(of: c)
                let u = model.upperBound(of: c)
                var terms = ""
                for (k, term) in model.terms(of: c).prefix(12).enumerated() {
                    let magnitude =
                        abs(term.coefficient) == 1 ? "" : formatNumber(abs(term.coefficient)) + " "
                    terms +=
                        (k == 0
                            ? (term.coefficient < 0 ? "-" : "")
                            : (term.coefficient < 0 ? " - " : " + ")) + magnitude
                        + name(term.variable)
                }
                if model.terms(of: c).count > 12 {
                    terms += " + … (\(model.terms(of: c).count) terms)"
                }
                let sense =
                    l == u
                    ? "= \(formatNumber(l))"
                    : (l.isFinite && u.isFinite
                        ? "in [\(formatNumber(l)), \(formatNumber(u))]"
                        : (u.isFinite ? "≤ \(formatNumber(u))" : "≥ \(formatNumber(l))"))
                return
                    """
                    \(model.name(of: c) ?? "row \(c.index + 1)"): \
                    \(terms.isEmpty ? "0" : terms) \(sense)
                    """
            case .lowerBound(let v):
                return "bound \(name(v)) ≥ \(formatNumber(model.lowerBound(of: v)))"
            case .upperBound(let v):
                return "bound \(name(v)) ≤ \(formatNumber(model.upperBound(of: v)))"
            }
        }
    }
}
