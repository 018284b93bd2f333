/// Finds the statements of a GNU MathProg model that read or write files, before GLPK runs it.
///
/// GLPK's translator executes a model's statements while it generates the problem: `table … IN`
/// reads a CSV (or xBASE, ODBC, MySQL) source into sets and parameters, `table … OUT` writes
/// one, and `printf … > "file"` / `>> "file"` writes or appends to any path. MathProg has no
/// other way to touch a file (no include; `display` has no redirection in GLPK 5.0; a data
/// section only holds data). So a model is safe to translate when no statement is a `table`
/// statement and no `printf` statement redirects.
///
/// The scan follows GLPK's own lexical rules (`mpl1.c`): `#` and `/* */` comments, strings in
/// `'…'` or `"…"` with the quote doubled inside, `>>` as one token, statements ending in `;`,
/// `for` statements with a `{domain}` and a single statement or a `{ … }` block, and the model
/// ending at `data;`, `end;` or the end of the file. Keywords count only where GLPK looks for
/// them — at the start of a statement — so a set named `table` is no statement. In a `printf`
/// statement the redirection is the `>` or `>>` outside all brackets and outside any
/// `if … then` condition: GLPK parses the printf list at a precedence without relational
/// operators, so any other `>` there is a redirection too. When the text does not even tokenize
/// (an unterminated string), the scan stops: GLPK will refuse the model at that point, before
/// it runs anything.
public enum MathProgFileStatements {
    /// A statement that reads or writes a file.
    public struct Finding: Sendable, Equatable, CustomStringConvertible {
        /// `table` or `printf`.
        public var keyword: String
        /// 1-based line of the statement's keyword.
        public var line: Int

        /// A statement `keyword` at `line`.
        public init(keyword: String, line: Int) {
            self.keyword = keyword
            self.line = line
        }

        /// `line N: keyword`.
        public var description: String {
            keyword == "table"
                ? "a table statement reads or writes files"
                : "printf with '>' or '>>' writes to a file"
        }
    }

    /// The first statement of `text` (a model file) that reads or writes a file, if any.
    public static func first(in text: String) -> Finding? {
        var scanner = Scanner(tokens: tokenize(Array(text.utf8)))
        return scanner.statements(until: nil)
    }

    // MARK: Tokens

    enum Kind: Equatable {
        case name(String)
        case punctuation(String)
        case other
    }

    struct Token {
        var kind: Kind
        var line: Int
    }

    /// GLPK's tokens, as far as statement structure needs them; stops at a lexical error.
    static func tokenize(_ bytes: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var k = 0
        var line = 1
        func at(_ offset: Int) -> UInt8? { k + offset < bytes.count ? bytes[k + offset] : nil }
        func isNameStart(_ c: UInt8) -> Bool {
            (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")
                || c == UInt8(ascii: "_")
        }
        func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        while k < bytes.count {
            let c = bytes[k]
            switch c {
            case UInt8(ascii: "\n"):
                line += 1
                k += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                k += 1
            case UInt8(ascii: "#"):
                while k < bytes.count, bytes[k] != UInt8(ascii: "\n") { k += 1 }
            case UInt8(ascii: "/") where at(1) == UInt8(ascii: "*"):
                k += 2
                while k < bytes.count,
                    !(bytes[k] == UInt8(ascii: "*") && at(1) == UInt8(ascii: "/"))
                {
                    if bytes[k] == UInt8(ascii: "\n") { line += 1 }
                    k += 1
                }
                guard k < bytes.count else { return tokens }  // unterminated comment: GLPK refuses
                k += 2
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                let start = line
                k += 1
                while true {
                    // GLPK refuses
                    guard k < bytes.count, bytes[k] != UInt8(ascii: "\n") else { return tokens }
                    if bytes[k] == c {
                        if at(1) == c {
                            k += 2
                            continue
                        }
                        k += 1
                        break
                    }
                    k += 1
                }
                tokens.append(Token(kind: .other, line: start))
            case _ where isNameStart(c):
                let begin = k
                while k < bytes.count, isNameStart(bytes[k]) || isDigit(bytes[k]) { k += 1 }
                tokens.append(
                    Token(
                        kind: .name(String(decoding: bytes[begin..<k], as: UTF8.self)), line: line))
            case _ where isDigit(c):
                // A numeric literal, exponent included (`1e+5`); what follows is irrelevant here.
                while k < bytes.count,
                    isDigit(bytes[k]) || bytes[k] == UInt8(ascii: ".") && at(1) != UInt8(ascii: ".")
                { k += 1 }
                if let e = at(0), e | 0x20 == UInt8(ascii: "e") {
                    k += 1
                    if let sign = at(0), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                        k += 1
                    }
                    while k < bytes.count, isDigit(bytes[k]) { k += 1 }
                }
                tokens.append(Token(kind: .other, line: line))
            case UInt8(ascii: ">"):
                if at(1) == UInt8(ascii: ">") {
                    tokens.append(Token(kind: .punctuation(">>"), line: line))
                    k += 2
                } else if at(1) == UInt8(ascii: "=") {
                    tokens.append(Token(kind: .other, line: line))
                    k += 2
                } else {
                    tokens.append(Token(kind: .punctuation(">"), line: line))
                    k += 1
                }
            case UInt8(ascii: "<"):
                // `<=`, `<>`, `<-` are single tokens; none is a redirection.
                k +=
                    at(1).map {
                        [UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "-")].contains($0)
                    } == true ? 2 : 1
                tokens.append(Token(kind: .other, line: line))
            case UInt8(ascii: ";"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "("),
                UInt8(ascii: ")"),
                UInt8(ascii: "["), UInt8(ascii: "]"):
                tokens.append(Token(kind: .punctuation(String(UnicodeScalar(c))), line: line))
                k += 1
            default:
                tokens.append(Token(kind: .other, line: line))
                k += 1
            }
        }
        return tokens
    }

    // MARK: Statements

    struct Scanner {
        var tokens: [Token]
        var k = 0
        /// Set at `data;` / `end;`: the model section is over.
        var finished = false

        var peek: Kind? { k < tokens.count ? tokens[k].kind : nil }

        /// Statements until `}` (a `for` block) or the end of the model section.
        mutating func statements(until closer: String?) -> Finding? {
            while !finished, let kind = peek {
                if closer != nil, kind == .punctuation("}") {
                    k += 1
                    return nil
                }
                if closer == nil, kind == .name("data") || kind == .name("end") {
                    finished = true
                    return nil
                }
                if let finding = statement() { return finding }
            }
            return nil
        }

        mutating func statement() -> Finding? {
            let token = tokens[k]
            switch token.kind {
            case .punctuation("{"):
                // A `{ … }` block of statements (later GLPK forks); scan it like a for body.
                k += 1
                return statements(until: "}")
            case .name("for"):
                k += 1
                if peek == .punctuation("{") { skipBalanced() }
                if peek == .punctuation("{") {
                    k += 1
                    return statements(until: "}")
                }
                return peek == nil ? nil : statement()
            case .name("table"):
                return Finding(keyword: "table", line: token.line)
            case .name("printf"):
                k += 1
                return skipToSemicolon(redirection: true)
                    ? Finding(keyword: "printf", line: token.line) : nil
            default:
                _ = skipToSemicolon(redirection: false)
                return nil
            }
        }

        /// Skips a balanced `{ … }` starting at the current `{`.
        mutating func skipBalanced() {
            var depth = 0
            while let kind = peek {
                k += 1
                if case .punctuation(let p) = kind {
                    if p == "{" || p == "(" || p == "[" { depth += 1 }
                    if p == "}" || p == ")" || p == "]" {
                        depth -= 1
                        if depth == 0 { return }
                    }
                }
            }
        }

        /// Skips past the `;` that ends this statement (GLPK allows none inside brackets); with
        /// `redirection`, returns whether a `>`/`>>` stood outside all brackets and `if … then`
        /// conditions on the way.
        mutating func skipToSemicolon(redirection: Bool) -> Bool {
            var depth = 0
            var pendingIf = 0
            var redirected = false
            while let kind = peek {
                k += 1
                switch kind {
                case .punctuation("("), .punctuation("["), .punctuation("{"): depth += 1
                case .punctuation(")"), .punctuation("]"), .punctuation("}"):
                    depth = max(depth - 1, 0)
                // at any depth: GLPK ends the statement or fails
                case .punctuation(";"): return redirected
                case .name("if") where depth == 0: pendingIf += 1
                case .name("then") where depth == 0: pendingIf = max(pendingIf - 1, 0)
                case .punctuation(">"), .punctuation(">>"):
                    if redirection, depth == 0, pendingIf == 0 { redirected = true }
                default: break
                }
            }
            return redirected
        }
    }
}
