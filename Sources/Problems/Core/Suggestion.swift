/// "Did you mean …?": the closest of some names to a misspelt one.
public enum Suggestion {
    /// The name among `candidates` at most two edits (Levenshtein) from `name`, or nil.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        guard let best = candidates.min(by: { distance(name, $0) < distance(name, $1) }),
            distance(name, best) <= 2
        else { return nil }
        return best
    }

    /// `"; did you mean 'x'?"` when a name among `candidates` is close to `name`, else empty.
    public static func hint(for name: String, among candidates: [String]) -> String {
        closest(to: name, among: candidates).map { "; did you mean '\($0)'?" } ?? ""
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(
                    previous[j] + 1, current[j - 1] + 1,
                    previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
