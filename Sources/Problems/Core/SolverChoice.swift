import CBCBackend
import GLPKBackend
import LinearModel

/// Which MIP/LP backend solves a family's models: `solver: glpk|cbc|race` in a problem file,
/// `--solver` on `dse solve` and `dse batch`.
public enum SolverChoice: String, CaseIterable, Sendable {
    /// GLPK 5.0, in-process (`GLPKSolver`).
    case glpk
    /// COIN-OR CBC 2.10, in-process (`CBCSolver`).
    case cbc
    /// Both at once on separate threads; the first proven answer wins
    /// (`RacingSolver`).
    case race

    /// A solver for this choice.
    public func makeSolver() -> any Solver {
        switch self {
        case .glpk: return GLPKSolver()
        case .cbc: return CBCSolver()
        case .race: return RacingSolver([GLPKSolver(), CBCSolver()])
        }
    }

    /// The backend and its library version, for reports: `cbc (CBC 2.10.8)`.
    public var description: String {
        switch self {
        case .glpk: return "glpk (GLPK \(GLPKLibrary.version))"
        case .cbc: return "cbc (CBC \(CBCLibrary.version))"
        case .race:
            return "race (GLPK \(GLPKLibrary.version) and CBC \(CBCLibrary.version) at once)"
        }
    }

    /// The names, for help texts and messages.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Reads a name, with a suggestion for a misspelt one.
    public init(named name: String) throws(SolverChoiceError) {
        guard let choice = SolverChoice(rawValue: name.lowercased()) else {
            throw SolverChoiceError(name: name)
        }
        self = choice
    }

    /// The `solver:` key of a problem file's root, if it has one.
    public static func declared(in root: SpecNode) throws(ProblemFileError) -> SolverChoice? {
        guard let node = try root.namedEntries().first(where: { $0.name == "solver" })?.node,
            !node.isNull
        else { return nil }
        let name = try node.string()
        guard let choice = SolverChoice(rawValue: name.lowercased()) else {
            throw node.error(SolverChoiceError(name: name).description)
        }
        return choice
    }
}

/// A solver name that is not one of ``SolverChoice``'s.
public struct SolverChoiceError: Error, CustomStringConvertible, Sendable {
    /// The name given.
    public var name: String

    /// `unknown solver 'NAME'`, with a suggestion when one is close.
    public var description: String {
        "unknown solver '\(name)'"
            + Suggestion.hint(for: name.lowercased(), among: SolverChoice.allCases.map(\.rawValue))
            + " (one of: \(SolverChoice.names))"
    }
}
