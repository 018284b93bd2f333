import CGLPKGuard
import Foundation

/// One GLPK problem object and its guarded calls, used on a single thread and then dropped.
///
/// Not `Sendable` on purpose: GLPK's environment is thread-local, so a session must stay on the
/// thread that made it. Every call goes through the C guard; a GLPK fatal error comes back as
/// ``GLPKError/fatal(operation:message:)`` carrying GLPK's own message.
final class GLPKSession {
    private let handle: OpaquePointer

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

    /// Raw pointer for the few callers that drive the C layer directly (tests of the guard).
    var cHandle: OpaquePointer { handle }

    /// Turns a guard code into Swift control flow.
    func check(_ code: Int32, _ operation: String) throws(GLPKError) {
        switch code {
        case Int32(DSE_GLPK_OK.rawValue): return
        case Int32(DSE_GLPK_FATAL.rawValue): throw .fatal(operation: operation, message: Self.errorMessage(from: output))
        default: throw .misuse(operation: operation)
        }
    }

    func setMemoryLimit(megabytes: Int) throws(GLPKError) {
        try check(dse_glpk_set_memory_limit(handle, Int32(clamping: megabytes)), "glp_mem_limit")
    }

    /// GLPK's fatal message: the text before "Error detected in file …", last lines first trimmed.
    static func errorMessage(from output: String) -> String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard let marker = lines.lastIndex(where: { $0.hasPrefix("Error detected in file") }) else {
            return lines.last ?? "unknown error"
        }
        let message = marker > 0 ? lines[marker - 1].trimmingCharacters(in: .whitespaces) : "unknown error"
        return "\(message) (\(lines[marker]))"
    }
}
