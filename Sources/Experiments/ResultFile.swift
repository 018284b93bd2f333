import CSV
import Foundation
import Synchronization

/// The CSV a batch writes: the header once, then one row per finished run, each appended in a
/// single write as soon as the run ends, so a killed batch leaves every finished row and no
/// broken one. Reopening for `--resume` cuts a torn last line (a write interrupted mid-row) and
/// reports the run keys already present.
public final class ResultFile: Sendable {
    public let path: String
    public let header: [String]
    private let handle: Mutex<FileHandle>

    /// Run keys the file held when opened.
    public let existingKeys: Set<String>

    public enum OpenError: Error, CustomStringConvertible {
        case exists(String)
        case differentColumns(String, expected: [String], found: [String])
        case unreadable(String, String)

        public var description: String {
            switch self {
            case .exists(let path): return "\(path) already has results; pass --resume to continue it, or choose another --out"
            case .differentColumns(let path, let expected, let found):
                return "\(path) has other columns than this sweep (found \(found.joined(separator: ",")); expected \(expected.joined(separator: ","))): not resuming into it"
            case .unreadable(let path, let reason): return "\(path): \(reason)"
            }
        }
    }

    /// Opens (creating if needed) the file. Without `resume`, an existing non-empty file is an error.
    public init(path: String, header: [String], resume: Bool) throws {
        self.path = path
        self.header = header
        let manager = FileManager.default
        var keys = Set<String>()
        if let data = manager.contents(atPath: path), !data.isEmpty {
            guard resume else { throw OpenError.exists(path) }
            var text = String(decoding: data, as: UTF8.self)
            if !text.hasSuffix("\n") {
                // A torn last line: keep everything up to the last complete row.
                let keep = text.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
                text = String(text[..<keep])
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            }
            let rows = try Self.parse(text)
            if let found = rows.first {
                guard found == header else { throw OpenError.differentColumns(path, expected: header, found: found) }
                let keyColumn = header.firstIndex(of: "run_key") ?? 0
                for row in rows.dropFirst() where row.count > keyColumn { keys.insert(row[keyColumn]) }
            }
        } else {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try manager.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            guard manager.createFile(atPath: path, contents: nil) else { throw OpenError.unreadable(path, "cannot create the file") }
        }
        existingKeys = keys
        guard let handle = FileHandle(forWritingAtPath: path) else { throw OpenError.unreadable(path, "cannot open the file for writing") }
        handle.seekToEndOfFile()
        self.handle = Mutex(handle)
        if keys.isEmpty, (try? manager.attributesOfItem(atPath: path)[.size] as? Int) == 0 {
            try append(header)
        }
    }

    deinit {
        handle.withLock { $0.closeFile() }
    }

    /// Appends one row in one write.
    public func append(_ row: [String]) throws {
        let line = try Self.format(row)
        try handle.withLock { try $0.write(contentsOf: Data(line.utf8)) }
    }

    /// One CSV line (with its newline), quoted as needed.
    static func format(_ row: [String]) throws -> String {
        let writer = try CSVWriter(stream: .toMemory())
        try writer.write(row: row)
        writer.stream.close()
        let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// All rows of CSV text (the header first).
    public static func parse(_ text: String) throws -> [[String]] {
        guard !text.isEmpty else { return [] }
        let reader = try CSVReader(string: text, hasHeaderRow: false)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        return rows
    }
}
