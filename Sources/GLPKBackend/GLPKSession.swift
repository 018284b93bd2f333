import CGLPKGuard
import Foundation

/// One GLPK problem object and its guarded calls, used on a single thread and then dropped.
///
/// Not `Sendable` on purpose: GLPK's environment is thread-local, so a session must stay on the
/// thread that made it. Every call goes through the C guard; a GLPK fatal error comes back as
/// ``GLPKError/fatal(operation:message:)`` carrying GLPK's own message.
final class GLPKSession {
    private let handle: OpaquePointer
    /// The memory limit set on this session, in MiB.
    private(set) var memoryLimitMegabytes: Int?

    /// - Parameter outputLimit: bytes of GLPK terminal output to keep.
    init(outputLimit: Int = 4 << 20) throws(GLPKError) {
        guard let handle = dse_glpk_session_create(outputLimit) else {
            throw .fatal(operation: "session", message: "out of memory")
        }
        self.handle = handle
    }

    deinit {
        dse_glpk_session_destroy(handle)
    }

    /// Everything GLPK printed so far.
    var output: String { String(cString: dse_glpk_session_output(handle)) }

    var isDead: Bool { dse_glpk_session_is_dead(handle) != 0 }

    /// Makes a guarded C call with the session's handle and turns its code into Swift control
    /// flow. The session is kept alive for the whole call: Swift may otherwise end an object's
    /// lifetime after its last use, which would destroy the C session while C still uses it.
    func call(_ operation: String, _ body: (OpaquePointer) -> Int32) throws(GLPKError) {
        let code = withExtendedLifetime(self) { body(handle) }
        try check(code, operation)
    }

    /// Reads from the C session (names, statistics) while the session is certainly alive.
    func read<T>(_ body: (OpaquePointer) -> T) -> T {
        withExtendedLifetime(self) { body(handle) }
    }

    /// Turns a guard code into Swift control flow.
    private func check(_ code: Int32, _ operation: String) throws(GLPKError) {
        switch code {
        case Int32(DSE_GLPK_OK.rawValue): return
        case Int32(DSE_GLPK_FATAL.rawValue):
            let message = Self.errorMessage(from: output)
            // GLPK's allocator: "<function>: memory allocation limit exceeded".
            if let megabytes = memoryLimitMegabytes,
                message.contains("memory allocation limit exceeded")
            {
                throw .memoryLimit(operation: operation, megabytes: megabytes)
            }
            throw .fatal(operation: operation, message: message)
        default: throw .misuse(operation: operation)
        }
    }

    func setMemoryLimit(megabytes: Int) throws(GLPKError) {
        try call("glp_mem_limit") { dse_glpk_set_memory_limit($0, Int32(clamping: megabytes)) }
        memoryLimitMegabytes = megabytes
    }

    /// GLPK's fatal message: the text before "Error detected in file …", last lines first trimmed.
    static func errorMessage(from output: String) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let marker = lines.lastIndex(where: { $0.hasPrefix("Error detected in file") }) else {
            return lines.last ?? "unknown error"
        }
        let message =
            marker > 0 ? lines[marker - 1].trimmingCharacters(in: .whitespaces) : "unknown error"
        return "\(message) (\(lines[marker]))"
    }
}
