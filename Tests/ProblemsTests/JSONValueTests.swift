import LinearModel
import Problems
import Testing

@Suite struct JSONValueTests {
    @Test func objectsKeepKeyOrderAndValuesSerializeExactly() {
        let value = JSONValue.object([
            ("z", .number(1)), ("a", .number(-2.5)),
            ("m", .array([.null, .bool(true), .bool(false)])),
            ("tiny", .number(1e-7)), ("big", .number(1e20)), ("nan", .number(Double.nan)),
            ("none", .number(nil)),
        ])
        #expect(
            value.serialized
                == #"{"z":1,"a":-2.5,"m":[null,true,false],"tiny":1e-07,"big":1e+20,"#
                + #""nan":null,"none":null}"#
        )
    }

    @Test func stringsAreEscaped() {
        let value = JSONValue.string("a\"b\\c\nd\te\u{01}é")
        #expect(value.serialized == #""a\"b\\c\nd\te\u0001é""#)
    }

    @Test func envelopeHasTheDocumentedKeysInOrder() {
        let envelope = ResultEnvelope(
            family: "lp", status: .optimal, objective: 6.7, bestBound: 6.7, gap: 0,
            solveSeconds: 0.0012345678, result: .object([("variables", .object([]))]))
        #expect(
            envelope.json.serialized
                == #"{"family":"lp","status":"optimal","objective":6.7,"best_bound":6.7,"gap":0,"#
                + #""solve_seconds":0.001235,"result":{"variables":{}}}"#
        )
        #expect(envelope.hasSolution)
        let none = ResultEnvelope(
            family: "lp", status: .infeasible, objective: nil, bestBound: nil, gap: nil,
            solveSeconds: 0, result: .object([]))
        #expect(none.json.serialized.contains(#""objective":null,"best_bound":null,"gap":null"#))
        #expect(!none.hasSolution)
    }

    @Test(
        """
        Numbers in JSON and CSV: shortest form of the value to 15 significant digits, no float \
        noise
        """
    )
    func numbersAreClean() {
        #expect(0.1 + 0.2 != 0.3)  // the noise this removes
        #expect(JSONValue.format(0.1 + 0.2) == "0.3")
        #expect(JSONValue.format(0.45 + 0.3) == "0.75")
        #expect(JSONValue.format(1.0 / 3.0) == "0.333333333333333")
        #expect(JSONValue.format(123456.789) == "123456.789")
        #expect(JSONValue.format(6.7) == "6.7")
        #expect(JSONValue.format(3) == "3")
        #expect(JSONValue.format(-2.5e-300) == "-2.5e-300")
        #expect(JSONValue.format(1e20) == "1e+20")
        #expect(JSONValue.format(.infinity) == "null")
        #expect(JSONValue.number(0.1 + 0.2).serialized == "0.3")
        // Within 15 digits the value is kept exactly: a measured 0.123456789012345 stays so.
        #expect(JSONValue.format(0.123456789012345) == "0.123456789012345")
    }

    @Test("The status words on the wire are the documented ones")
    func statusWords() {
        #expect(
            ResultStatus.allCases.map(\.rawValue)
                == [
                    "optimal", "feasible", "infeasible", "unbounded", "time_limit", "gap_limit",
                    "interrupted", "memory_limit", "error",
                ])
        let envelope = ResultEnvelope(
            family: "x", status: .timeLimit, objective: 2, bestBound: nil, gap: nil,
            solveSeconds: 1, result: .null)
        #expect(envelope.json.serialized.contains(#""status":"time_limit""#))
        #expect(envelope.hasSolution)
        #expect(
            !ResultEnvelope(
                family: "x", status: .timeLimit, objective: nil, bestBound: nil, gap: nil,
                solveSeconds: 1, result: .null
            ).hasSolution)
    }
}
