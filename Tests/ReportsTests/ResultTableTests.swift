import Foundation
import Testing

@testable import Reports

@Suite("Results tables: reading and the errors for bad files")
struct ResultTableTests {
    @Test("Reads columns, rows and line numbers, with quoted cells spanning lines")
    func reads() throws {
        let table = try ResultTable(
            text:
                "a,b,run_key,family\n1,x,k1,melange\n2,\"two\nlines\",k2,melange\n3,z,k3,melange\n",
            path: "t.csv")
        #expect(table.columns == ["a", "b", "run_key", "family"])
        #expect(table.rows.count == 3)
        #expect(table.lines == [2, 3, 5])
        #expect(try table.numbers("a") == [1, 2, 3])
        #expect(table.parameterColumns == ["a", "b"])
        #expect(table.family == "melange")
        #expect(try table.distinct("b") == ["x", "two\nlines", "z"])
    }

    @Test("An empty file, a header alone and whitespace are 'no rows', not an empty picture")
    func empty() {
        for text in ["", "\n\n", "a,b\n"] {
            #expect(throws: ReportError.empty(path: "e.csv")) {
                try ResultTable(text: text, path: "e.csv")
            }
        }
    }

    @Test("A ragged row names its line; a repeated or empty column name is malformed")
    func malformed() {
        #expect(
            throws: ReportError.malformed(
                path: "m.csv", line: 3, reason: "3 cells, but the header has 2 columns")
        ) {
            try ResultTable(text: "a,b\n1,2\n3,4,5\n", path: "m.csv")
        }
        #expect(
            throws: ReportError.malformed(
                path: "m.csv", line: 1, reason: "the header names column 'a' twice")
        ) {
            try ResultTable(text: "a,a\n1,2\n", path: "m.csv")
        }
        #expect(
            throws: ReportError.malformed(
                path: "m.csv", line: 1, reason: "the header has an empty column name")
        ) {
            try ResultTable(text: "a,,c\n1,2,3\n", path: "m.csv")
        }
    }

    @Test("A text cell in a plotted column names the line; an unknown column lists the columns")
    func numbersAndColumns() throws {
        let table = try ResultTable(text: "x,y\n1,2\n2,oops\n", path: "n.csv")
        #expect(throws: ReportError.notNumeric(path: "n.csv", column: "y", line: 3, value: "oops"))
        { try table.numbers("y") }
        #expect(
            throws: ReportError.unknownColumn(path: "n.csv", column: "z", available: ["x", "y"])
        ) { try table.numbers("z") }
        #expect(
            ReportError.notNumeric(path: "n.csv", column: "y", line: 3, value: "oops").description
                == "n.csv:3: column 'y' must be a number here, found 'oops'")
    }

    @Test("A missing file says so")
    func missing() {
        #expect(throws: ReportError.unreadable(path: "/nonexistent/r.csv", reason: "no such file"))
        { try ResultTable(path: "/nonexistent/r.csv") }
    }

    @Test("Axis labels carry the unit from the column name")
    func labels() {
        #expect(ColumnLabel(column: "latency_ms").text == "latency (ms)")
        #expect(ColumnLabel(column: "cost_per_hour").text == "cost ($/h)")
        #expect(ColumnLabel(column: "best_single_cost_per_hour").text == "best single cost ($/h)")
        #expect(ColumnLabel(column: "offchip_bytes").text == "offchip (bytes)")
        #expect(ColumnLabel(column: "total_request_rate_rps").text == "total request rate (req/s)")
        #expect(ColumnLabel(column: "size_MB").text == "size (MB)")
        #expect(ColumnLabel(column: "sensitivity").text == "sensitivity")
        #expect(ColumnLabel(column: "latency_cycles").text == "latency (cycles)")
        #expect(ColumnLabel(column: "area_mm2").text == "area (mm²)")
        #expect(ColumnLabel(column: "energy_nj").text == "energy (nJ)")
        #expect(ColumnLabel(column: "budgets[0].fraction").text == "budgets fraction")
    }
}
