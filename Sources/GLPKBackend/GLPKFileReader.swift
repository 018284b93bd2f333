import CGLPKGuard
import Foundation
import LinearModel

/// Reads model files with GLPK's own readers and turns them into `Model`s, so a file
/// is solved, written and checked like any model built in code.
///
/// Formats: CPLEX LP, free and fixed MPS, and GNU MathProg (model file plus optional data file).
/// A syntax error is thrown as ``GLPKError/invalidFile(path:line:message:)`` with the line GLPK
/// names. Rows with no bounds (extra `N` rows in MPS, MathProg's objective row) constrain
/// nothing and are dropped. MathProg statements after `solve;` (`display`, `printf`) are not
/// run: only the model is taken.
///
/// A MathProg model may not read or write files unless ``allowFileIO`` is set: the model text is
/// read once, checked for `table` statements and `printf … >` redirections
/// (``MathProgFileStatements``) and, if clean, handed to GLPK as a private copy, so the text GLPK
/// runs is the text that was checked. ``memoryLimitMegabytes`` caps GLPK's memory while it reads
/// and translates (a huge MathProg set fails cleanly instead of exhausting the machine).
public struct GLPKFileReader: Sendable {
    /// A model file format.
    public enum Format: String, Sendable, CaseIterable {
        case cplexLP = "lp"
        case freeMPS = "freemps"
        case fixedMPS = "fixedmps"
        /// Free MPS if it reads, fixed MPS otherwise.
        case mps = "mps"
        case mathProg = "mathprog"

        /// The format a file name implies: `.lp`, `.mps`, `.mod`/`.model`/`.mathprog`.
        public init?(path: String) {
            switch (path as NSString).pathExtension.lowercased() {
            case "lp": self = .cplexLP
            case "mps", "qps": self = .mps
            case "mod", "model", "mathprog", "gmpl": self = .mathProg
            default: return nil
            }
        }
    }

    /// Let MathProg models read and write files (`table`, `printf … > file`).
    public var allowFileIO: Bool
    /// GLPK's memory limit while reading, in MiB; `nil` for none. Exceeding it throws
    /// ``GLPKError/memoryLimit(operation:megabytes:)``.
    public var memoryLimitMegabytes: Int?

    /// A reader. `allowFileIO`: MathProg statements that read or write files (`table`, `printf >`)
    /// run; by default a model using them is refused. `memoryLimitMegabytes`: GLPK's limit while
    /// reading and translating.
    public init(allowFileIO: Bool = false, memoryLimitMegabytes: Int? = nil) {
        self.allowFileIO = allowFileIO
        self.memoryLimitMegabytes = memoryLimitMegabytes
    }

    /// The largest model file read (GLPK itself would take longer than anyone waits).
    public static let maximumFileBytes = 1 << 30

    /// Reads `path` (and, for MathProg, the optional `dataPath`).
    public func read(_ path: String, format: Format? = nil, dataPath: String? = nil)
        throws(GLPKError) -> Model
    {
        guard let format = format ?? Format(path: path) else { throw .unknownFormat(path: path) }
        try Self.checkReadable(path)
        if let dataPath { try Self.checkReadable(dataPath) }
        switch format {
        case .cplexLP: return try readProblem(path, .cplexLP)
        case .freeMPS: return try readProblem(path, .freeMPS)
        case .fixedMPS: return try readProblem(path, .fixedMPS)
        case .mps:
            do {
                return try readProblem(path, .freeMPS)
            } catch let freeError {
                do {
                    return try readProblem(path, .fixedMPS)
                } catch {
                    // Report whichever reading got further into the file.
                    if case .invalidFile(_, let freeLine, _) = freeError,
                        case .invalidFile(_, let fixedLine, _) = error,
                        (fixedLine ?? 0) > (freeLine ?? 0)
                    {
                        throw error
                    }
                    throw freeError
                }
            }
        case .mathProg: return try readMathProg(path, dataPath: dataPath)
        }
    }

    private func session() throws(GLPKError) -> GLPKSession {
        let session = try GLPKSession()
        if let megabytes = memoryLimitMegabytes { try session.setMemoryLimit(megabytes: megabytes) }
        return session
    }

    private func readProblem(_ path: String, _ format: Format) throws(GLPKError) -> Model {
        let session = try session()
        let cFormat: dse_glpk_format
        switch format {
        case .cplexLP: cFormat = DSE_GLPK_FORMAT_CPLEX_LP
        case .fixedMPS: cFormat = DSE_GLPK_FORMAT_FIXED_MPS
        default: cFormat = DSE_GLPK_FORMAT_FREE_MPS
        }
        var ret: Int32 = 0
        try session.call("reading \(path)") { dse_glpk_read_file($0, cFormat, path, &ret) }
        if ret != 0 { throw Self.fileError(path, session.output) }
        return try extract(session, path: path)
    }

    private func readMathProg(_ path: String, dataPath: String?) throws(GLPKError) -> Model {
        var modelPath = path
        var copy: PrivateCopy?
        if !allowFileIO {
            let data = try Self.contents(of: path)
            if let finding = MathProgFileStatements.first(in: String(decoding: data, as: UTF8.self))
            {
                throw .invalidFile(
                    path: path, line: finding.line,
                    message:
                        """
                        \(finding); model files may not read or write files (allow it with \
                        --allow-file-io)
                        """
                )
            }
            // GLPK reads the checked bytes, not whatever the path holds by then.
            copy = try PrivateCopy(data, named: (path as NSString).lastPathComponent)
            modelPath = copy?.path ?? path
        }
        defer { copy?.remove() }
        let session = try session()
        var stage: Int32 = 0
        try session.call("translating \(path)") { handle in
            if let dataPath { return dse_glpk_read_mathprog(handle, modelPath, dataPath, &stage) }
            return dse_glpk_read_mathprog(handle, modelPath, nil, &stage)
        }
        let output =
            modelPath == path
            ? session.output : session.output.replacingOccurrences(of: modelPath, with: path)
        if stage != 0 { throw Self.fileError(stage == 2 ? (dataPath ?? path) : path, output) }
        return try extract(session, path: path)
    }

    /// The file's bytes, at most ``maximumFileBytes``.
    static func contents(of path: String) throws(GLPKError) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadableFile(path: path, reason: "cannot open it")
        }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: maximumFileBytes + 1) ?? Data() else {
            throw .unreadableFile(path: path, reason: "cannot read it")
        }
        guard data.count <= maximumFileBytes else {
            throw .unreadableFile(path: path, reason: "larger than \(maximumFileBytes >> 20) MiB")
        }
        return data
    }

    /// A copy of a model's text in a fresh folder only this user can enter, under the model's
    /// own file name (GLPK names the problem after it).
    struct PrivateCopy {
        let folder: String
        let path: String

        init(_ data: Data, named name: String) throws(GLPKError) {
            var template = Array(
                (NSTemporaryDirectory() as NSString).appendingPathComponent("dse-model-XXXXXX")
                    .utf8CString)
            guard
                let made = template.withUnsafeMutableBufferPointer({
                    $0.baseAddress.flatMap(mkdtemp)
                })
            else {
                throw .unreadableFile(
                    path: name,
                    reason:
                        "cannot make a private copy for GLPK (\(String(cString: strerror(errno))))")
            }
            folder = String(cString: made)
            path = (folder as NSString).appendingPathComponent(name.isEmpty ? "model.mod" : name)
            guard
                FileManager.default.createFile(
                    atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
            else {
                try? FileManager.default.removeItem(atPath: folder)
                throw .unreadableFile(path: name, reason: "cannot make a private copy for GLPK")
            }
        }

        func remove() { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// Copies GLPK's problem into a Model.
    private func extract(_ session: GLPKSession, path: String) throws(GLPKError) -> Model {
        var rows: Int32 = 0
        var columns: Int32 = 0
        var nonzeros: Int32 = 0
        var maximize: Int32 = 0
        var constant = 0.0
        try session.call("reading dimensions") {
            dse_glpk_dimensions($0, &rows, &columns, &nonzeros, &maximize, &constant)
        }
        let n = Int(columns)
        let m = Int(rows)
        let nz = Int(nonzeros)
        var lower = [Double](repeating: 0, count: n)
        var upper = [Double](repeating: 0, count: n)
        var kinds = [UInt8](repeating: 0, count: n)
        var objective = [Double](repeating: 0, count: n)
        var rowLower = [Double](repeating: 0, count: m)
        var rowUpper = [Double](repeating: 0, count: m)
        var entryRow = [Int32](repeating: 0, count: nz)
        var entryColumn = [Int32](repeating: 0, count: nz)
        var entryValue = [Double](repeating: 0, count: nz)
        try session.call("reading the problem") {
            dse_glpk_extract(
                $0, &lower, &upper, &kinds, &objective, &rowLower, &rowUpper, &entryRow,
                &entryColumn, &entryValue)
        }
        let problemName =
            session.read { dse_glpk_problem_name($0).map { String(cString: $0) } } ?? ""
        var model = Model(
            name: problemName.isEmpty
                ? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                : problemName)
        do {
            var variables: [Variable] = []
            variables.reserveCapacity(n)
            for j in 0..<n {
                let name = session.read {
                    dse_glpk_column_name($0, Int32(j)).map { String(cString: $0) }
                }
                let kind: VariableKind =
                    kinds[j] == UInt8(DSE_GLPK_BINARY)
                    ? .binary : (kinds[j] == UInt8(DSE_GLPK_INTEGER) ? .integer : .continuous)
                variables.append(
                    try model.addVariable(
                        name, kind: kind, lowerBound: lower[j], upperBound: upper[j]))
            }
            var k = 0
            for i in 0..<m {
                var expression = LinearExpression()
                while k < nz, Int(entryRow[k]) == i {
                    expression.add(entryValue[k], variables[Int(entryColumn[k])])
                    k += 1
                }
                if rowLower[i] == -.infinity && rowUpper[i] == .infinity { continue }  // a free row
                let name = session.read {
                    dse_glpk_row_name($0, Int32(i)).map { String(cString: $0) }
                }
                try model.addConstraint(
                    LinearConstraint(expression, lowerBound: rowLower[i], upperBound: rowUpper[i]),
                    name: name)
            }
            let objectiveExpression = LinearExpression(
                terms: (0..<n).compactMap {
                    objective[$0] == 0 ? nil : LinearTerm(objective[$0], variables[$0])
                },
                constant: constant)
            try model.setObjective(maximize != 0 ? .maximize : .minimize, objectiveExpression)
        } catch {
            throw .invalidFile(path: path, line: nil, message: error.description)
        }
        return model
    }

    private static func checkReadable(_ path: String) throws(GLPKError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadableFile(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw .unreadableFile(path: path, reason: "is a directory, not a file")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .unreadableFile(path: path, reason: "permission denied")
        }
    }

    /// GLPK reports file errors as `path:line: message`. Take the first such line that is not a
    /// warning, preferring one that names `path` itself.
    static func fileError(_ path: String, _ output: String) -> GLPKError {
        let lines = output.split(separator: "\n").map(String.init)
        var located: [(file: String, line: Int, message: String)] = []
        for line in lines {
            // "<file>:<line>: <message>", where <file> may itself contain colons.
            let parts = line.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count >= 3 else { continue }
            for split in 1..<(parts.count - 1) {
                guard let number = Int(parts[split]), parts[split + 1].hasPrefix(" ") else {
                    continue
                }
                let message = parts[(split + 1)...].joined(separator: ":").trimmingCharacters(
                    in: .whitespaces)
                if !message.hasPrefix("warning") {
                    located.append((parts[..<split].joined(separator: ":"), number, message))
                }
                break
            }
        }
        if let error = located.first(where: { $0.file == path }) ?? located.first {
            var message = error.message
            if let context = lines.first(where: { $0.hasPrefix("Context:") }) {
                let words = context.dropFirst("Context:".count).split(
                    whereSeparator: \.isWhitespace)
                message += " (near: \(words.joined(separator: " ")))"
            }
            return .invalidFile(
                path: error.file == path ? path : error.file, line: error.line, message: message)
        }
        let meaningful = lines.filter {
            !$0.hasPrefix("Reading") && !$0.hasPrefix("Generating")
                && !$0.contains("processing error") && !$0.contains(": warning")
        }
        return .invalidFile(
            path: path, line: nil,
            message: meaningful.last ?? lines.last ?? "GLPK could not read the file")
    }
}
