/// What an error message may quote of an input file or a name taken from one: at most a few
/// dozen characters, with control, format and other unprintable characters escaped, so a
/// message is always one printable line however hostile the input.
public enum InputExcerpt {
    /// At most `limit` characters of `text` (then `…`); unprintable characters become `\u{…}`.
    public static func of(_ text: some StringProtocol, limit: Int = 48) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                out += "…"
                break
            }
            count += 1
            switch scalar.properties.generalCategory {
            case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator,
                .paragraphSeparator:
                out +=
                    scalar == "\t"
                    ? "\\t" : "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` made fit for a one-line error message, whatever it quotes: unprintable characters
    /// (newlines included) escaped, every run of more than `wordLimit` non-space characters cut
    /// to an excerpt, and the whole at most `limit` characters.
    public static func line(_ text: String, wordLimit: Int = 120, limit: Int = 1500) -> String {
        var out = ""
        var word = ""
        func flush() {
            out += word.count > wordLimit ? of(word, limit: wordLimit) : of(word, limit: .max)
            word = ""
        }
        for character in text {
            if character == " " {
                flush()
                out.append(" ")
            } else {
                word.append(character)
            }
        }
        flush()
        return out.count > limit ? String(out.prefix(limit)) + "…" : out
    }
}
