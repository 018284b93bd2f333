import CGLPKGuard

/// Facts about the GLPK library this process is linked against.
public enum GLPKLibrary {
    /// GLPK's version, e.g. `"5.0"`.
    public static var version: String {
        String(cString: dse_glpk_version())
    }

    /// The thread-local storage class GLPK was built with (`_Thread_local` on Debian), or `nil`
    /// when GLPK keeps one process-wide environment (then concurrent solves are unsafe).
    public static var threadLocalStorage: String? {
        dse_glpk_thread_local_storage().map { String(cString: $0) }
    }

    /// Whether each thread has its own GLPK environment, so separate threads may solve at once.
    public static var isThreadLocal: Bool { threadLocalStorage != nil }
}
