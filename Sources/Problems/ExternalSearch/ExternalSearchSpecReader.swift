import ExternalEvaluation
import Foundation
import Search

/// Reads a `search` problem file:
///
/// ```yaml
/// family: search
/// space:                                   # parameter → its values
///   page_policy: [Open, Closed, OpenAdaptive]          # a list: categorical
///   banks: {min: 1, max: 16}                           # whole numbers: integer (ordered)
///   queue_depth: {values: [4, 8, 16, 32], kind: ordinal}
///   refresh: {values: [Fifo, Bankwise], when: {page_policy: [Closed]}}   # only matters then
/// evaluator:
///   command: [./simulate.sh, "--policy={page_policy}", "{banks}"]   # argv; no shell
///   metrics: [latency_ns, power_mw]        # what it reports (JSON on stdout, or {metrics_file})
///   timeout_s: 600                         # per evaluation (default 600)
///   working_directory: .                   # default: this file's folder
/// objective: {minimize: latency_ns}        # as the memory-controller family's
/// constraints: [{metric: power_mw, at_most: 900}]
/// engine: tpe                              # default tpe; any engine
/// budget: 100                              # evaluations
/// seed: 1
/// jobs: 1                                  # evaluations at a time (dse solve --jobs)
/// log: search.evaluations.jsonl            # default: FILE-STEM.DIGEST.evaluations.jsonl
///                                          # in the working directory
/// time_limit_s: 3600
/// ```
enum ExternalSearchSpecReader {
    static let keys = [
        "family", "description", "space", "evaluator", "objective", "constraints", "engine",
        "budget", "seed", "jobs", "log", "time_limit_s",
    ]

    static func read(_ root: SpecNode) throws(ProblemFileError) -> ExternalSearchProblem {
        let spec = try root.mapping(allowedKeys: keys)
        let space = try readSpace(try spec.required("space"))
        let evaluatorNode = try spec.required("evaluator")
        let evaluator = try evaluatorNode.mapping(allowedKeys: [
            "command", "metrics", "timeout_s", "working_directory",
        ])
        let commandNode = try evaluator.required("command")
        let names = Set(space.parameters.map(\.name))
        var arguments: [[EvaluatorCommand.Piece]] = []
        var words: [String] = []
        let items = try commandNode.array()
        guard !items.isEmpty else {
            throw commandNode.error(
                "give the program and its arguments as a list, e.g. [./simulate.sh, \"{banks}\"]")
        }
        for item in items {
            let word = try item.string()
            guard !word.utf8.contains(0) else { throw item.error("contains a NUL byte") }
            do throws(EvaluatorCommand.TemplateError) {
                arguments.append(try EvaluatorCommand.parse(word, parameters: names))
            } catch {
                throw item.error(error.description)
            }
            words.append(word)
        }
        if case .text(let program) = arguments[0].first, arguments[0].count == 1, program.isEmpty {
            throw items[0].error("the program name is empty")
        }
        let metricsNode = try evaluator.required("metrics")
        var metrics: [String] = []
        for item in try metricsNode.array() {
            let name = try item.string()
            guard !name.isEmpty, !metrics.contains(name) else {
                throw item.error(
                    name.isEmpty ? "a metric needs a name" : "'\(name)' is listed twice")
            }
            metrics.append(name)
        }
        guard !metrics.isEmpty else {
            throw metricsNode.error("list the metrics the program reports")
        }
        let timeout =
            try evaluator.optional("timeout_s").map { node throws(ProblemFileError) in
                try node.timeLimitSeconds()
            } ?? 600
        let folder: String
        if let node = evaluator.optional("working_directory") {
            let path = try node.inputPath(what: "folder")
            guard FileAccess.realFolder(path) != nil else {
                throw node.error("'\(try node.string())' is not a folder")
            }
            folder = path
        } else {
            folder =
                FileAccess.realFolder(FileAccess.folder(of: root.file))
                ?? FileAccess.folder(of: root.file)
        }
        let (objective, text) = try SearchObjectiveSpec.read(
            objective: try spec.required("objective"), constraints: spec.optional("constraints"),
            metrics: metrics, shorthands: [:])
        let engine =
            try spec.optional("engine").map { node throws(ProblemFileError) in
                try SearchEngineSpec.read(node)
            } ?? SearchEngineSpec(kind: .tpe)
        let budget =
            try spec.optional("budget").map { node throws(ProblemFileError) in
                try node.int(in: 1...10_000_000, unit: "evaluations")
            } ?? 100
        let seed =
            try spec.optional("seed").map { node throws(ProblemFileError) in
                UInt64(try node.int(in: 0...Int.max))
            } ?? 1
        let jobs =
            try spec.optional("jobs").map { node throws(ProblemFileError) in
                try node.int(in: 1...256)
            } ?? 1
        let log = try spec.optional("log").map { node throws(ProblemFileError) in
            try node.outputPath()
        }
        let timeLimit = try spec.optional("time_limit_s").map { node throws(ProblemFileError) in
            try node.timeLimitSeconds()
        }
        let stem = ((root.file as NSString).lastPathComponent as NSString).deletingPathExtension
        return ExternalSearchProblem(
            space: space,
            command: EvaluatorCommand(
                arguments: arguments, workingDirectory: folder, timeoutSeconds: timeout,
                requiredMetrics: metrics),
            commandText: words.joined(separator: " "), mayRunCommands: root.access.runsCommands,
            metrics: metrics, objective: objective, objectiveText: text,
            engine: engine, budget: budget, seed: seed, jobs: jobs,
            logPath: log, fileStem: stem,
            timeLimitSeconds: timeLimit)
    }

    /// `space:` — parameter name → a list, `{min, max}`, or `{values, kind, when}`.
    static func readSpace(_ node: SpecNode) throws(ProblemFileError) -> SearchSpace {
        var parameters: [Parameter] = []
        var conditions: [(index: Int, node: SpecNode, owner: String, values: [SpecNode])] = []
        for entry in try node.namedEntries() {
            guard !entry.name.isEmpty, !entry.name.contains("{"), !entry.name.contains("}") else {
                throw entry.node.error("a parameter name may not be empty or hold braces")
            }
            var kind = Parameter.Kind.categorical
            var values: [String] = []
            var valuesNode = entry.node
            if entry.node.isMapping {
                let mapping = try entry.node.mapping(allowedKeys: [
                    "min", "max", "values", "kind", "when",
                ])
                if mapping.contains("min") || mapping.contains("max") {
                    guard !mapping.contains("values") else {
                        throw entry.node.error("give either min:/max: or values:, not both")
                    }
                    let low = try mapping.required("min").int(in: -1_000_000_000...1_000_000_000)
                    let highNode = try mapping.required("max")
                    let high = try highNode.int(in: -1_000_000_000...1_000_000_000)
                    guard low <= high else {
                        throw highNode.error("max (\(high)) is below min (\(low))")
                    }
                    guard high - low < 1_000_000 else {
                        throw highNode.error(
                            "a range of more than 1,000,000 values is not a search space")
                    }
                    values = (low...high).map(String.init)
                    kind = .integer
                } else {
                    valuesNode = try mapping.required("values")
                }
                if let kindNode = mapping.optional("kind") {
                    let word = try kindNode.string()
                    guard let given = Parameter.Kind(rawValue: word) else {
                        throw kindNode.error("kind must be categorical, ordinal or integer")
                    }
                    kind = given
                }
                if let when = mapping.optional("when") {
                    let owners = try when.namedEntries()
                    guard owners.count == 1, let owner = owners.first else {
                        throw when.error(
                            "name one parameter and the values it must take: {other: [a, b]}")
                    }
                    conditions.append(
                        (parameters.count, owner.node, owner.name, try owner.node.array()))
                }
            }
            if values.isEmpty {
                for item in try valuesNode.array() {
                    let value = try item.string()
                    guard !values.contains(value) else {
                        throw item.error("'\(value)' is listed twice")
                    }
                    values.append(value)
                }
            }
            guard !values.isEmpty else {
                throw valuesNode.error("a parameter needs at least one value")
            }
            guard !parameters.contains(where: { $0.name == entry.name }) else {
                throw entry.node.error("'\(entry.name)' is defined twice")
            }
            parameters.append(Parameter(entry.name, values: values, kind: kind))
        }
        guard !parameters.isEmpty else { throw node.error("name at least one parameter") }
        for condition in conditions {
            guard let owner = parameters.first(where: { $0.name == condition.owner }),
                owner.name != parameters[condition.index].name
            else {
                throw condition.node.error(
                    "'\(condition.owner)' is not another parameter of the space")
            }
            var values: [String] = []
            for item in condition.values {
                let value = try item.string()
                guard owner.values.contains(value) else {
                    throw item.error("'\(value)' is not a value of \(owner.name)")
                }
                values.append(value)
            }
            parameters[condition.index].condition = (owner.name, values)
        }
        let size = parameters.reduce(1.0) { $0 * Double($1.values.count) }
        guard size < 9e18 else { throw node.error("the space has more than 9·10¹⁸ configurations") }
        return SearchSpace(parameters)
    }
}
