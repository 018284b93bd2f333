/// DSEKit's version.
public enum DSEKitVersion {
    /// The version, as `dse --version` prints it.
    public static let current = "0.1.0"
}
