import LinearModel
import Testing

/// What the LP writer does to names so that every reader takes the file: CPLEX's rules, less
/// what COIN-OR's reader (CBC's) refuses (`/`, `|`, more than 100 bytes), unique after renaming.
@Suite struct WriterTests {
    @Test func lpNamesAreLegalForCPLEXAndCOINAndStayUnique() throws {
        var model = Model(name: "names")
        let long = String(repeating: "a", count: 150)
        let x = try model.addVariable("w[0:dla/64PE/bw16,0+1]")
        let y = try model.addVariable("p|q")
        let z = try model.addVariable(long + "1")
        let u = try model.addVariable(long + "2")
        try model.addConstraint(x + y + z + u <= 1, name: "cap/" + long)
        try model.minimize(x + y)
        let writer = CPLEXLPWriter()
        let names = writer.columnNames(model)
        #expect(names[0] == "w_0_dla_64PE_bw16,0_1_")
        #expect(names[1] == "p_q")
        #expect(Set(names).count == 4, "names unique after truncation: \(names)")
        let allowed = Set(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!\"#$%&(),.;?@_`'{}~")
        for name in names {
            #expect(name.utf8.count <= 96 && name.allSatisfy(allowed.contains), "\(name)")
        }
        let text = try writer.write(model)
        #expect(!text.contains("cap/") && text.contains(" cap_aaaa"))
    }
}
