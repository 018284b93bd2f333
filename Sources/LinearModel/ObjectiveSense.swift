/// Whether the objective is minimized or maximized.
public enum ObjectiveSense: String, Sendable, Codable {
    case minimize
    case maximize
}
