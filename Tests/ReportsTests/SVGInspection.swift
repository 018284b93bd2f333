import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Parses an SVG as XML (failing on anything not well-formed) and counts elements by class.
final class SVGInspection: NSObject, XMLParserDelegate {
    private(set) var elements: [(name: String, classes: [String], attributes: [String: String])] =
        []
    private(set) var texts: [String] = []
    private var currentText = ""
    let parseError: Error?

    init(_ svg: String) {
        let parser = XMLParser(data: Data(svg.utf8))
        let collector = Collector()
        parser.delegate = collector
        let ok = parser.parse()
        parseError = ok ? nil : (parser.parserError ?? NSError(domain: "SVG", code: 1))
        super.init()
        elements = collector.elements
        texts = collector.texts
    }

    var isWellFormed: Bool { parseError == nil }

    /// Elements with the given name carrying the class (all of `classes`).
    func count(_ name: String, classes: [String] = []) -> Int {
        elements.filter { $0.name == name && classes.allSatisfy($0.classes.contains) }.count
    }

    func elements(_ name: String, classes: [String]) -> [[String: String]] {
        elements.filter { $0.name == name && classes.allSatisfy($0.classes.contains) }.map(
            \.attributes)
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, classes: [String], attributes: [String: String])] = []
        var texts: [String] = []
        var buffer = ""
        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
            qualifiedName: String?, attributes: [String: String] = [:]
        ) {
            elements.append(
                (
                    elementName, (attributes["class"] ?? "").split(separator: " ").map(String.init),
                    attributes
                ))
            buffer = ""
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { buffer += string }
        func parser(
            _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
            qualifiedName: String?
        ) {
            let text = buffer.trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { texts.append(text) }
            buffer = ""
        }
    }
}
