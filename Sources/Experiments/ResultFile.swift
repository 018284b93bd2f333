import CSV
import Foundation
import Problems
import Synchronization

/// The CSV a batch writes: the header once, then one row per finished run, each appended in a
/// single write as soon as the run ends, so a killed batch leaves every finished row and no
/// broken one. The file is locked (``ResultFileLock``) while it is open, so two batches never
/// write into one file.
///
/// Reopening for `--resume` checks the whole file (strict CSV, `CSVRecords`): a torn
/// last line, lines that are not valid CSV, rows with another number of fields than the header
/// and repeated run keys are taken out — the file is rewritten through a temporary file and an
/// atomic rename, the original kept beside it as `FILE.bak` — and ``repair`` says what went.
/// A file whose header is not this sweep's is refused.
public final class ResultFile: Sendable {
    /// The CSV's path.
    public let path: String
    /// Its columns.
    public let header: [String]
    private let handle: Mutex<FileHandle?>
    private let lock: ResultFileLock

    /// Run keys the file held when opened.
    public let existingKeys: Set<String>
    /// What `--resume` took out of the file, if anything.
    public let repair: Repair?

    /// What a resume took out of a damaged file.
    public struct Repair: Sendable, Equatable, CustomStringConvertible {
        /// The last line had no line break (a write cut short).
        public var tornLastLine: Bool
        /// Lines that were not valid CSV (each dropped with the record starting on it).
        public var invalidLines: [Int]
        /// Rows with another number of fields than the header.
        public var wrongWidthLines: [Int]
        /// Rows repeating a run key seen on an earlier line (the first is kept).
        public var duplicateLines: [Int]
        /// Where the file as it was is kept.
        public var backupPath: String

        /// What was repaired, in a sentence.
        public var description: String {
            func lines(_ numbers: [Int]) -> String {
                numbers.prefix(8).map(String.init).joined(separator: ", ")
                    + (numbers.count > 8 ? " and \(numbers.count - 8) more" : "")
            }
            var parts: [String] = []
            if tornLastLine { parts.append("a torn last line") }
            if !invalidLines.isEmpty {
                parts.append(
                    """
                    \(invalidLines.count) lines that are not valid CSV (line \
                    \(lines(invalidLines)))
                    """
                )
            }
            if !wrongWidthLines.isEmpty {
                parts.append(
                    """
                    \(wrongWidthLines.count) rows with the wrong number of fields (line \
                    \(lines(wrongWidthLines)))
                    """
                )
            }
            if !duplicateLines.isEmpty {
                parts.append(
                    "\(duplicateLines.count) repeated run keys (line \(lines(duplicateLines)))")
            }
            return "took out " + parts.joined(separator: ", ")
                + "; the original is kept as \(backupPath)"
        }
    }

    /// Why a results file cannot be opened for this batch.
    public enum OpenError: Error, CustomStringConvertible {
        case exists(String)
        case differentColumns(String, expected: [String], found: [String])
        case unreadable(String, String)

        /// The reason, naming the file and what to do.
        public var description: String {
            switch self {
            case .exists(let path):
                return
                    """
                    \(path) already has results; pass --resume to continue it, or choose \
                    another --out
                    """
            case .differentColumns(let path, let expected, let found):
                return
                    """
                    \(path):1: other columns than this sweep (found \
                    \(found.joined(separator: ",")); expected \
                    \(expected.joined(separator: ","))): not resuming into it
                    """
            case .unreadable(let path, let reason): return "\(path): \(reason)"
            }
        }
    }

    /// Opens (creating if needed) and locks the file. Without `resume`, an existing non-empty
    /// file is an error; with it, the file is checked and repaired (see the type's notes).
    /// Throws ``ResultFileLock/Held`` when another batch has the file open.
    public init(path: String, header: [String], resume: Bool) throws {
        self.path = path
        self.header = header
        let manager = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !manager.fileExists(atPath: folder) {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        lock = try ResultFileLock(resultsPath: path)
        var keys = Set<String>()
        var repair: Repair?
        if let data = manager.contents(atPath: path), !data.isEmpty {
            guard resume else { throw OpenError.exists(path) }
            (keys, repair) = try Self.resume(data, path: path, header: header)
        } else if !manager.fileExists(atPath: path) {
            guard manager.createFile(atPath: path, contents: nil) else {
                throw OpenError.unreadable(path, "cannot create the file")
            }
        }
        existingKeys = keys
        self.repair = repair
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw OpenError.unreadable(path, "cannot open the file for writing")
        }
        handle.seekToEndOfFile()
        self.handle = Mutex(handle)
        if keys.isEmpty, (try? manager.attributesOfItem(atPath: path)[.size] as? Int) == 0 {
            try append(header)
        }
    }

    /// The run keys of an existing file, after taking out whatever is damaged.
    private static func resume(_ data: Data, path: String, header: [String]) throws -> (
        Set<String>, Repair?
    ) {
        let bytes = Array(data)
        let (records, invalid) = CSVRecords.recover(bytes: bytes)
        var rows = records.records.filter { !$0.isBlank }
        guard let first = rows.first else { return ([], nil) }
        guard first.line == 1, first.fields == header else {
            throw OpenError.differentColumns(path, expected: header, found: first.fields)
        }
        rows.removeFirst()
        let torn = !records.endsWithLineBreak
        if torn, let last = rows.last, last.bytes.upperBound == bytes.count { rows.removeLast() }
        let keyColumn = header.firstIndex(of: "run_key") ?? 0
        var keys = Set<String>()
        var kept: [CSVRecords.Record] = []
        var wrongWidth: [Int] = []
        var duplicates: [Int] = []
        for row in rows {
            guard row.fields.count == header.count else {
                wrongWidth.append(row.line)
                continue
            }
            guard keys.insert(row.fields[keyColumn]).inserted else {
                duplicates.append(row.line)
                continue
            }
            kept.append(row)
        }
        guard torn || !invalid.isEmpty || !wrongWidth.isEmpty || !duplicates.isEmpty else {
            return (keys, nil)
        }
        // Rewrite: the header and the kept rows, byte for byte, through a temporary file.
        var repaired = Data(bytes[first.bytes])
        if repaired.last != UInt8(ascii: "\n") { repaired.append(UInt8(ascii: "\n")) }
        for row in kept {
            repaired.append(contentsOf: bytes[row.bytes])
            if repaired.last != UInt8(ascii: "\n") { repaired.append(UInt8(ascii: "\n")) }
        }
        let backup = try Self.keepBackup(data, of: path)
        try Self.replace(path, with: repaired)
        return (
            keys,
            Repair(
                tornLastLine: torn, invalidLines: invalid, wrongWidthLines: wrongWidth,
                duplicateLines: duplicates, backupPath: backup)
        )
    }

    /// Writes `data` to the first free `path.bak`, `path.bak2`, … and returns its path.
    private static func keepBackup(_ data: Data, of path: String) throws -> String {
        var candidate = path + ".bak"
        var n = 1
        while FileManager.default.fileExists(atPath: candidate) {
            n += 1
            candidate = path + ".bak\(n)"
        }
        try data.write(to: URL(fileURLWithPath: candidate), options: .withoutOverwriting)
        return candidate
    }

    /// Replaces the file at `path` with `data` atomically (a temporary file beside it, synced,
    /// then renamed over it).
    private static func replace(_ path: String, with data: Data) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data),
            let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw OpenError.unreadable(path, "cannot write the repaired file \(temporary)")
        }
        try? handle.synchronize()
        try? handle.close()
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw OpenError.unreadable(
                path,
                "cannot replace it with the repaired file (\(String(cString: strerror(errno))))")
        }
    }

    /// Closes the file and releases its lock at once; a batch calls it when it is done, since a
    /// worker thread may keep a reference to the file a moment after the batch has returned.
    /// Appending after closing throws; closing twice does nothing.
    public func close() {
        handle.withLock { handle in
            guard let open = handle else { return }
            open.closeFile()
            handle = nil
        }
        lock.release()
    }

    deinit {
        close()
    }

    /// Appends one row in one write.
    public func append(_ row: [String]) throws {
        let line = try Self.format(row)
        try handle.withLock { handle in
            guard let open = handle else {
                throw OpenError.unreadable(path, "already closed; no more rows can be written")
            }
            try open.write(contentsOf: Data(line.utf8))
        }
    }

    /// One CSV line (with its newline), quoted as needed.
    static func format(_ row: [String]) throws -> String {
        let writer = try CSVWriter(stream: .toMemory())
        try writer.write(row: row)
        writer.stream.close()
        let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// All rows of CSV text (the header first), read strictly (`CSVRecords`); blank
    /// lines are skipped.
    public static func parse(_ text: String) throws -> [[String]] {
        try CSVRecords(text).records.filter { !$0.isBlank }.map(\.fields)
    }
}
