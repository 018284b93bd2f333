/// DSEKit's version.
public enum DSEKitVersion {
    public static let current = "0.1.0"
}
