/// Maps the `family:` name of a problem file to its type.
public enum FamilyRegistry {
    /// Every family, in the order `dse families` lists them.
    public static let families: [any ProblemFamily.Type] = [
        MelangeProblem.self, MixedPrecisionProblem.self, MemoryControllerProblem.self,
        CosmaProblem.self, NasaicProblem.self, ExternalSearchProblem.self,
    ]

    /// The families whose ILP can be exported and read back (``ModelExporting``), as a list.
    public static var exportingNames: String {
        families.filter { $0 is any ModelExporting.Type }.map { $0.name }.joined(separator: ", ")
    }

    /// The family whose `family:` word is `name`, if any.
    public static func family(named name: String) -> (any ProblemFamily.Type)? {
        families.first { $0.name == name }
    }

    /// Names and one-line summaries, including the `lp` family of model files.
    public static var listing: [(name: String, summary: String)] {
        [(LinearProgramFile.family, "a CPLEX LP, MPS or GNU MathProg model file, solved as it is")]
            + families.map { ($0.name, $0.summary) }
    }
}
