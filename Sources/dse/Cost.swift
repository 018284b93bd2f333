import ArgumentParser

/// `dse cost …`: evaluate one design with an analytical cost model, no search.
struct Cost: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate one design point with an analytical cost model.",
        subcommands: [CostDRAM.self, CostDataflow.self]
    )
}
