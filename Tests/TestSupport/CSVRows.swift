import Foundation

/// The rows of a CSV file (RFC 4180 quoting, `""` for a quote) as dictionaries keyed by the
/// header, for tests that read reference data. Rows of the wrong length are dropped.
public func csvRows(_ url: URL) throws -> [[String: String]] {
    let text = Array(try String(contentsOf: url, encoding: .utf8).unicodeScalars)
    var records: [[String]] = []
    var record: [String] = []
    var field = String.UnicodeScalarView()
    var quoted = false
    var i = 0
    func endField() {
        record.append(String(field))
        field = String.UnicodeScalarView()
    }
    while i < text.count {
        let c = text[i]
        i += 1
        if quoted {
            if c == "\"" {
                if i < text.count, text[i] == "\"" {
                    field.append(c)
                    i += 1
                } else {
                    quoted = false
                }
            } else {
                field.append(c)
            }
            continue
        }
        switch c {
        case "\"": quoted = true
        case ",": endField()
        case "\n":
            endField()
            records.append(record)
            record = []
        case "\r": continue
        default: field.append(c)
        }
    }
    if !field.isEmpty || !record.isEmpty {
        endField()
        records.append(record)
    }
    guard let header = records.first else { return [] }
    return records.dropFirst().filter { $0.count == header.count }.map {
        Dictionary(uniqueKeysWithValues: zip(header, $0))
    }
}
