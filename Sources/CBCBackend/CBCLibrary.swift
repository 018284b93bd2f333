import CCBCGuard

/// Facts about the CBC library this process is linked against.
public enum CBCLibrary {
    /// CBC's version, e.g. `"2.10.8"`.
    public static var version: String {
        String(cString: dse_cbc_version())
    }
}
