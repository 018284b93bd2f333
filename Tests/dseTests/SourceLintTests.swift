import Foundation
import TestSupport
import Testing

/// Greps the package's sources for conversions that trap on hostile input.
///
/// `Int(someDouble)` (and `Int64(…)`, `UInt64(…)`, …) traps — SIGILL, a Swift backtrace — when
/// the value is NaN, infinite or out of range, which a problem file can arrange (`1e308`). A
/// conversion whose argument looks floating-point (rounding, `Double(`, decimal literals, time
/// and rate arithmetic) must be `Int(exactly:)`, or carry a `// checked:` comment, on its line
/// or alone on the line above, saying why the value is in range.
@Suite("Source lint")
struct SourceLintTests {
    static let conversion = try! NSRegularExpression(pattern: #"\b(U?Int(8|16|32|64)?)\("#)
    static let labelled = try! NSRegularExpression(
        pattern: #"^(clamping|exactly|truncatingIfNeeded|bitPattern|ascii|littleEndian|bigEndian):"#
    )
    static let floatingLooking = try! NSRegularExpression(
        pattern: [
            #"\.rounded\b"#, #"\b(floor|ceil|round|trunc|sqrt|pow|log|log2|log10|exp)\("#,
            #"\.squareRoot\("#,
            #"\b(Double|Float|CGFloat)\("#, #"\d\.\d"#, #"\d[eE][-+]?\d"#, #"\.double\("#,
            #"\bnumber\("#,
            #"[Ss]econds"#, #"[Ff]raction"#, #"[Rr]atio\b"#, #"[Aa]verage"#, #"\blimit\s*\*"#,
            #"\bpositive\("#,
        ].joined(separator: "|"))

    /// The argument text of the call whose `(` is at `open`, up to the matching `)`.
    static func argument(_ line: [Character], from open: Int) -> String {
        var depth = 0
        var k = open
        while k < line.count {
            if line[k] == "(" { depth += 1 }
            if line[k] == ")" {
                depth -= 1
                if depth == 0 { break }
            }
            k += 1
        }
        return String(line[(open + 1)..<min(k, line.count)])
    }

    /// `file:line: text` for every unchecked conversion of a floating-looking value in `text`.
    static func findings(in text: String, file: String) -> [String] {
        var found: [String] = []
        let lines = text.components(separatedBy: "\n")
        for (number, line) in lines.enumerated() {
            let code = line.components(separatedBy: "//").first ?? line
            // The reason sits at the end of the line, or on a comment line just above it.
            let above = number > 0 ? lines[number - 1].trimmingCharacters(in: .whitespaces) : ""
            if line.contains("// checked:") || above.hasPrefix("// checked:")
                || code.trimmingCharacters(in: .whitespaces).hasPrefix("///")
            {
                continue
            }
            let characters = Array(code)
            let ns = code as NSString
            for match in conversion.matches(
                in: code, range: NSRange(location: 0, length: ns.length))
            {
                let open =
                    (ns.substring(to: match.range.location + match.range.length) as String).count
                    - 1
                let argument = Self.argument(characters, from: open)
                let range = NSRange(location: 0, length: (argument as NSString).length)
                if labelled.firstMatch(in: argument, range: range) != nil { continue }
                if floatingLooking.firstMatch(in: argument, range: range) != nil {
                    found.append(
                        "\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        return found
    }

    @Test("No unchecked Double → Int conversion in Sources")
    func noUncheckedConversions() throws {
        let sources = packageRoot.appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources.path))
        var found: [String] = []
        var files = 0
        for case let relative as String in enumerator where relative.hasSuffix(".swift") {
            let text = try String(
                contentsOf: sources.appendingPathComponent(relative), encoding: .utf8)
            files += 1
            found += Self.findings(in: text, file: "Sources/" + relative)
        }
        #expect(files > 50)
        #expect(
            found.isEmpty,
            """
            unchecked conversions (use Int(exactly:) or add '// checked: \
            why'):\n\(found.joined(separator: "\n"))
            """
        )
    }

    /// `String(format: "%d", someInt)` prints the low 32 bits of a 64-bit Int on Linux (a layer's
    /// 4,199,040,000 MACs came out as -95,927,296): Int takes `%ld`.
    @Test("No %d in format strings (Int needs %ld)")
    func noThirtyTwoBitFormats() throws {
        let sources = packageRoot.appendingPathComponent("Sources")
        let enumerator = try #require(FileManager.default.enumerator(atPath: sources.path))
        let pattern = try NSRegularExpression(pattern: #"%[-+ 0#]*[0-9]*d"#)
        var found: [String] = []
        for case let relative as String in enumerator where relative.hasSuffix(".swift") {
            let text = try String(
                contentsOf: sources.appendingPathComponent(relative), encoding: .utf8)
            for (number, line) in text.components(separatedBy: "\n").enumerated()
            where line.contains("format:") {
                if pattern.firstMatch(
                    in: line, range: NSRange(location: 0, length: (line as NSString).length)) != nil
                {
                    found.append("Sources/\(relative):\(number + 1)")
                }
            }
        }
        #expect(found.isEmpty, "use %ld for Int: \(found)")
    }

    @Test("The lint finds the conversions that trapped, and passes their fixes")
    func theLintCanFail() {
        let trapped = """
            let cycle = Int((time * scale).rounded())
            let count = Int(try positive("layers"))
            let ms = Int64(limit * 1000)
            """
        #expect(Self.findings(in: trapped, file: "x.swift").count == 3)
        let fixed = """
            guard let cycle = Int(exactly: (time * scale).rounded()) else { throw error }
            let bin = Int(min(max(x, 0), 9))   // checked: clamped to 0…9
            let n = Int(text)
            let k = Int(entryColumns[k])
            """
        #expect(Self.findings(in: fixed, file: "x.swift").isEmpty)
    }
}
