import ArgumentParser
import Problems

struct Families: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the problem families `dse solve` understands.")

    func run() {
        let width = FamilyRegistry.listing.map(\.name.count).max() ?? 8
        for (name, summary) in FamilyRegistry.listing {
            print(name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + summary)
        }
    }
}
