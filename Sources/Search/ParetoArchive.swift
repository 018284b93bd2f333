/// The non-dominated points seen so far, all objectives minimised, with their configurations.
public struct ParetoArchive: Sendable {
    /// A non-dominated configuration and its objective values.
    public struct Entry: Sendable, Equatable {
        /// The configuration (value indices).
        public var configuration: Configuration
        /// Its objective values, each minimised, in the objective's order.
        public var objectives: [Double]
    }

    /// The non-dominated entries, in the order they entered.
    public private(set) var entries: [Entry] = []

    /// An empty archive.
    public init() {}

    /// Whether `a` is no worse in every objective and better in one.
    public static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        zip(a, b).allSatisfy { $0 <= $1 } && zip(a, b).contains { $0 < $1 }
    }

    /// Adds a point unless dominated (or equal to one kept); drops the points it dominates.
    /// Returns whether it was kept.
    @discardableResult
    public mutating func insert(_ configuration: Configuration, _ objectives: [Double]) -> Bool {
        guard objectives.allSatisfy(\.isFinite) else { return false }
        if entries.contains(where: {
            Self.dominates($0.objectives, objectives) || $0.objectives == objectives
        }) {
            return false
        }
        entries.removeAll { Self.dominates(objectives, $0.objectives) }
        entries.append(Entry(configuration: configuration, objectives: objectives))
        return true
    }

    /// The volume dominated by the archive and bounded by `reference` (2 or 3 objectives).
    public func hypervolume(reference: [Double]) -> Double {
        let points = entries.map(\.objectives).filter { zip($0, reference).allSatisfy { $0 < $1 } }
        switch reference.count {
        case 2: return Self.hypervolume2D(points, reference)
        case 3:
            // Slice along the third objective: between consecutive z levels, the area of the 2-D
            // front of the points at or below that level.
            let levels = Array(Set(points.map { $0[2] })).sorted()
            var volume = 0.0
            for (k, z) in levels.enumerated() {
                let next = k + 1 < levels.count ? levels[k + 1] : reference[2]
                let slice = points.filter { $0[2] <= z }.map { Array($0.prefix(2)) }
                volume += Self.hypervolume2D(slice, Array(reference.prefix(2))) * (next - z)
            }
            return volume
        default: return .nan
        }
    }

    static func hypervolume2D(_ points: [[Double]], _ reference: [Double]) -> Double {
        var area = 0.0
        var bestY = reference[1]
        for point in points.sorted(by: { ($0[0], $0[1]) < ($1[0], $1[1]) }) where point[1] < bestY {
            area += (reference[0] - point[0]) * (bestY - point[1])
            bestY = point[1]
        }
        return area
    }
}
