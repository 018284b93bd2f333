import Foundation
import Problems
import Search
import Yams

/// A sweep file (`problems/sweeps/*.yaml`): a base problem file and the values to vary.
///
/// ```yaml
/// base: ../melange/paper-arena-tpot120ms.yaml   # relative to the sweep file
/// grid:                                         # field path → values; several paths: cross
///                                               # product
///   total_request_rate_rps: [1, 2, 4, 8, 16, 32]
///   tpot_slo_ms: [40, 120]
/// zip:                                          # optional: lists of equal length, taken together
///   gpus[0].price_per_hour: [0.7, 0.8]
///   gpus[1].price_per_hour: [1.01, 1.2]
/// samples:                                      # optional: seeded random draws
///   count: 10
///   seed: 7
///   values: {slice_factor: [1, 2, 4], total_request_rate_rps: {min: 1, max: 32}}
/// seeds: [1, 2, 3]                              # optional: repeats (a column; a base with `seed:`
///                                               # gets each)
/// time_limit_s: 30                              # optional: per run
/// out: ../../results/melange-arena.csv          # optional (relative to this file); default:
///                                               # NAME.csv in the working directory
/// ```
public struct SweepFile: Sendable {
    /// The sweep file's path.
    public let path: String
    /// The base problem file's path (resolved).
    public let basePath: String
    /// Which files the sweep and its base problem may use.
    public let access: FileAccess
    /// The varied field paths, in column order.
    public let parameters: [FieldPath]
    /// Every run, in a fixed order.
    public let runs: [SweepRun]
    /// Seconds each run may take (`time_limit_s:`), if the file sets a limit.
    public let timeLimitSeconds: Double?
    /// The CSV path (resolved), when the file names one.
    public let outputPath: String?
    /// Whether the sweep repeats runs over seeds (then there is a `seed` column).
    public let hasSeeds: Bool

    /// The keys a sweep file may have (`report:` is read by the Reports module).
    public static let keys = [
        "base", "grid", "zip", "samples", "seeds", "time_limit_s", "out", "description", "report",
    ]

    /// Reads the sweep file at `path`; `access` says which files it (and its base problem) may use.
    public init(path: String, access: FileAccess = .confined) throws(ProblemFileError) {
        self.path = path
        self.access = access
        let root = try ProblemFile.root(of: path, access: access)
        let document = try root.mapping(allowedKeys: Self.keys)
        let baseNode = try document.required("base")
        let resolvedBase = try baseNode.inputPath(what: "base problem file")
        basePath = resolvedBase
        let base: SpecNode
        do {
            base = try ProblemFile.root(of: resolvedBase, access: access)
        } catch {
            throw baseNode.error("cannot use the base problem file: \(error.description)")
        }
        let baseDocument = base.yamlNode

        // Each dimension is a list of assignments (path → value); runs are their cross product.
        var varied: [FieldPath] = []
        var dimensions: [[[(path: FieldPath, value: Node)]]] = []
        func checkedPath(_ name: String, _ node: SpecNode) throws(ProblemFileError) -> FieldPath {
            guard let fieldPath = FieldPath(name) else {
                throw node.error(
                    "'\(name)' is not a field path (keys joined by dots, [n] for list items)")
            }
            guard baseDocument.flatMap({ fieldPath.value(in: $0) }) != nil else {
                throw node.error("no field '\(name)' in the base file \(resolvedBase)")
            }
            guard !varied.contains(fieldPath) else { throw node.error("'\(name)' is varied twice") }
            varied.append(fieldPath)
            return fieldPath
        }
        func checkedValues(_ fieldPath: FieldPath, _ node: SpecNode) throws(ProblemFileError)
            -> [Node]
        {
            let items = try node.array()
            guard !items.isEmpty else { throw node.error("has no values") }
            let original = baseDocument.flatMap { fieldPath.value(in: $0) }
            for item in items where original.map({ $0.shape != item.yamlNode?.shape }) ?? false {
                throw item.error(
                    """
                    is \(item.yamlNode?.shape ?? "?") but \(fieldPath) in the base file is \
                    \(original?.shape ?? "?")
                    """
                )
            }
            return items.compactMap(\.yamlNode)
        }
        if let gridNode = document.optional("grid") {
            let entries = try gridNode.namedEntries()
            guard !entries.isEmpty else { throw gridNode.error("is empty") }
            for (name, node, _) in entries {
                let fieldPath = try checkedPath(name, node)
                dimensions.append(try checkedValues(fieldPath, node).map { [(fieldPath, $0)] })
            }
        }
        if let zipNode = document.optional("zip") {
            var columns: [(path: FieldPath, values: [Node])] = []
            for (name, node, _) in try zipNode.namedEntries() {
                let fieldPath = try checkedPath(name, node)
                let values = try checkedValues(fieldPath, node)
                if let first = columns.first, first.1.count != values.count {
                    throw node.error(
                        """
                        has \(values.count) values but \(first.0) has \(first.1.count): zipped \
                        lists must be equally long
                        """
                    )
                }
                columns.append((fieldPath, values))
            }
            guard let count = columns.first?.values.count else { throw zipNode.error("is empty") }
            dimensions.append((0..<count).map { k in columns.map { ($0.path, $0.values[k]) } })
        }
        if let samplesNode = document.optional("samples") {
            dimensions.append(try Self.samples(samplesNode, checkedPath: checkedPath))
        }
        guard !dimensions.isEmpty else {
            throw root.error("needs grid, zip or samples: something to vary")
        }

        var seeds: [Int?] = [nil]
        if let seedsNode = document.optional("seeds") {
            var values: [Int?] = []
            for item in try seedsNode.array() { values.append(try item.int()) }
            guard !values.isEmpty else { throw seedsNode.error("has no values") }
            seeds = values
        }
        hasSeeds = seeds.contains { $0 != nil }
        var timeLimit: Double?
        if let node = document.optional("time_limit_s") {
            timeLimit = try node.timeLimitSeconds()
        }
        timeLimitSeconds = timeLimit
        outputPath = try document.optional("out").map { node throws(ProblemFileError) in
            try node.outputPath()
        }
        parameters = varied

        var assignments: [[(path: FieldPath, value: Node)]] = [[]]
        for dimension in dimensions {
            assignments = assignments.flatMap { prefix in dimension.map { prefix + $0 } }
        }
        var runs: [SweepRun] = []
        for assignment in assignments {
            guard var document = baseDocument else { break }
            for (fieldPath, value) in assignment {
                guard let replaced = fieldPath.replacing(in: document, with: value) else {
                    continue
                }
                document = replaced
            }
            let text = (try? Yams.serialize(node: document)) ?? ""
            let values = varied.map { p in
                assignment.first { $0.path == p }?.value.compactText ?? ""
            }
            for seed in seeds {
                // A base with its own `seed:` (a search problem) gets each repeat's seed there.
                var seeded = text
                if let seed, let path = FieldPath("seed"),
                    let replaced = path.replacing(in: document, with: Node(String(seed)))
                {
                    seeded = (try? Yams.serialize(node: replaced)) ?? text
                }
                runs.append(
                    SweepRun(
                        index: runs.count, parameterValues: values, seed: seed, problemText: seeded)
                )
            }
        }
        self.runs = runs
    }

    /// `samples: {count, seed, values: {path: [choices] | {min, max}}}`
    static func samples(
        _ node: SpecNode, checkedPath: (String, SpecNode) throws(ProblemFileError) -> FieldPath
    ) throws(ProblemFileError) -> [[(path: FieldPath, value: Node)]] {
        let spec = try node.mapping(allowedKeys: ["count", "seed", "values"])
        let count = try spec.required("count").int()
        guard count >= 1 else { throw try spec.required("count").error("must be at least 1") }
        var rng = SeededRandomNumberGenerator(
            seed: UInt64(bitPattern: Int64(try spec.required("seed").int())))
        var draws: [(path: FieldPath, draw: (inout SeededRandomNumberGenerator) -> Node)] = []
        for (name, valueNode, _) in try spec.required("values").namedEntries() {
            let fieldPath = try checkedPath(name, valueNode)
            if let choices = try? valueNode.array() {
                let nodes = choices.compactMap(\.yamlNode)
                guard !nodes.isEmpty else { throw valueNode.error("has no values") }
                draws.append((fieldPath, { nodes[Int.random(in: 0..<nodes.count, using: &$0)] }))
            } else {
                let range = try valueNode.mapping(allowedKeys: ["min", "max"])
                let low = try range.required("min").double()
                let high = try range.required("max").double()
                guard low <= high else { throw valueNode.error("min must not exceed max") }
                draws.append(
                    (
                        fieldPath,
                        { Node(JSONValue.format(Double.random(in: low...high, using: &$0))) }
                    ))
            }
        }
        return (0..<count).map { _ in draws.map { ($0.path, $0.draw(&rng)) } }
    }
}

/// One resolved run of a sweep.
public struct SweepRun: Sendable {
    /// Position in the sweep's fixed order.
    public let index: Int
    /// The varied values, as text, in ``SweepFile/parameters`` order.
    public let parameterValues: [String]
    /// The run's seed, when the sweep repeats over `seeds:`.
    public let seed: Int?
    /// The resolved problem document (YAML).
    public let problemText: String

    /// A stable key: FNV-1a 64 of the resolved problem and the seed, as 16 hex digits.
    public var key: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (problemText + "\nseed=\(seed.map(String.init) ?? "")").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
