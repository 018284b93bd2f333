import Problems
import Testing

@Suite struct JSONValueTests {
    @Test func objectsKeepKeyOrderAndValuesSerializeExactly() {
        let value = JSONValue.object([
            ("z", .number(1)), ("a", .number(-2.5)), ("m", .array([.null, .bool(true), .bool(false)])),
            ("tiny", .number(1e-7)), ("big", .number(1e20)), ("nan", .number(Double.nan)), ("none", .number(nil)),
        ])
        #expect(value.serialized == #"{"z":1,"a":-2.5,"m":[null,true,false],"tiny":1e-07,"big":1e+20,"nan":null,"none":null}"#)
    }

    @Test func stringsAreEscaped() {
        let value = JSONValue.string("a\"b\\c\nd\te\u{01}é")
        #expect(value.serialized == #""a\"b\\c\nd\te\u0001é""#)
    }

    @Test func envelopeHasTheDocumentedKeysInOrder() {
        let envelope = ResultEnvelope(family: "lp", status: "optimal", objective: 6.7, bestBound: 6.7, gap: 0,
                                      solveSeconds: 0.0012345678, result: .object([("variables", .object([]))]))
        #expect(envelope.json.serialized
            == #"{"family":"lp","status":"optimal","objective":6.7,"best_bound":6.7,"gap":0,"solve_seconds":0.001235,"result":{"variables":{}}}"#)
        #expect(envelope.hasSolution)
        let none = ResultEnvelope(family: "lp", status: "infeasible", objective: nil, bestBound: nil, gap: nil,
                                  solveSeconds: 0, result: .object([]))
        #expect(none.json.serialized.contains(#""objective":null,"best_bound":null,"gap":null"#))
        #expect(!none.hasSolution)
    }
}
