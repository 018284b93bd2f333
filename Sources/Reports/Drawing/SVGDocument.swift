import Foundation

/// A minimal SVG writer: elements appended as text with attribute values and text escaped, so
/// the result is always well-formed XML.
struct SVGDocument {
    private(set) var body: [String] = []
    let width: Double
    let height: Double

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 forbids most control characters.
                if let scalar = character.unicodeScalars.first, scalar.value < 0x20,
                    character != "\n", character != "\t"
                {
                    continue
                }
                out.append(character)
            }
        }
        return out
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        // exact below 2^53
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        return String(format: "%.2f", rounded)
    }

    /// `<name a="v" …>` + children/text + `</name>` (or self-closing).
    mutating func element(
        _ name: String, _ attributes: [(name: String, value: String)], text: String? = nil,
        title: String? = nil
    ) {
        let attributeText = attributes.map { " \($0.name)=\"\(Self.escape($0.value))\"" }.joined()
        var inner = ""
        if let title { inner += "<title>\(Self.escape(title))</title>" }
        if let text { inner += Self.escape(text) }
        body.append(
            inner.isEmpty
                ? "<\(name)\(attributeText)/>" : "<\(name)\(attributeText)>\(inner)</\(name)>")
    }

    mutating func open(_ name: String, _ attributes: [(name: String, value: String)]) {
        body.append(
            "<\(name)" + attributes.map { " \($0.name)=\"\(Self.escape($0.value))\"" }.joined()
                + ">")
    }

    mutating func close(_ name: String) { body.append("</\(name)>") }

    var text: String {
        let header = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Self.number(width))" \
            height="\(Self.number(height))" viewBox="0 0 \(Self.number(width)) \
            \(Self.number(height))" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" \
            font-size="12">
            """
        return header + "\n" + body.joined(separator: "\n") + "\n</svg>\n"
    }
}
