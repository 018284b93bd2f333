/// Reads the operator-graph JSON of `../shared/data/cosma/` (`name`, `tensors` [{id, bytes}],
/// `operators` [{id, kind, inputs, outputs}], `graph_inputs`, `graph_outputs`, `default_order`),
/// checking ids, references, single producers, acyclicity and the order, with errors naming the
/// file, the field and the line.
public enum OperatorGraphReader {
    /// The graph in the JSON file at `path`.
    public static func read(path: String) throws(ProblemFileError) -> OperatorGraph {
        try read(try ProblemFile.root(of: path))
    }

    /// The graph in a parsed document.
    public static func read(_ root: SpecNode) throws(ProblemFileError) -> OperatorGraph {
        let spec = try root.mapping(allowedKeys: [
            "name", "description", "tensors", "operators", "graph_inputs", "graph_outputs",
            "default_order",
        ])
        let name = try spec.optional("name")?.string() ?? "graph"
        var tensors: [OperatorGraph.Tensor] = []
        var tensorIndex: [Int: Int] = [:]
        for node in try spec.required("tensors").array() {
            let entry = try node.mapping(allowedKeys: ["id", "bytes", "weight", "shape"])
            let idNode = try entry.required("id")
            let id = try idNode.int()
            guard tensorIndex[id] == nil else {
                throw idNode.error("tensor id \(id) appears twice")
            }
            let bytesNode = try entry.required("bytes")
            // At most 2^40 bytes (a terabyte) each, so sums over a whole graph stay exact.
            let bytes = try bytesNode.int(in: 1...(1 << 40), unit: "bytes")
            tensorIndex[id] = tensors.count
            tensors.append(
                .init(id: id, bytes: bytes, isWeight: try entry.optional("weight")?.bool() ?? false)
            )
        }
        guard !tensors.isEmpty else {
            throw try spec.required("tensors").error("the graph has no tensors")
        }
        func tensorList(_ node: SpecNode) throws(ProblemFileError) -> [Int] {
            var list: [Int] = []
            for item in try node.array() {
                let id = try item.int()
                guard let index = tensorIndex[id] else {
                    throw item.error("no tensor has id \(id)")
                }
                list.append(index)
            }
            return list
        }
        var operators: [OperatorGraph.Operator] = []
        var operatorIndex: [Int: Int] = [:]
        var producerOf: [Int: Int] = [:]
        for node in try spec.required("operators").array() {
            let entry = try node.mapping(allowedKeys: ["id", "kind", "inputs", "outputs", "name"])
            let idNode = try entry.required("id")
            let id = try idNode.int()
            guard operatorIndex[id] == nil else {
                throw idNode.error("operator id \(id) appears twice")
            }
            let outputsNode = try entry.required("outputs")
            let outputs = try tensorList(outputsNode)
            guard !outputs.isEmpty else {
                throw outputsNode.error("an operator must produce at least one tensor")
            }
            for t in outputs {
                if let other = producerOf[t] {
                    throw outputsNode.error(
                        """
                        tensor \(tensors[t].id) is already produced by operator \
                        \(operators[other].id)
                        """
                    )
                }
                producerOf[t] = operators.count
            }
            operatorIndex[id] = operators.count
            operators.append(
                .init(
                    id: id, kind: try entry.optional("kind")?.string() ?? "",
                    inputs: try tensorList(try entry.required("inputs")), outputs: outputs))
        }
        guard !operators.isEmpty else {
            throw try spec.required("operators").error("the graph has no operators")
        }
        let inputsNode = spec.optional("graph_inputs")
        let graphInputs =
            try inputsNode.map { node throws(ProblemFileError) in try tensorList(node) } ?? []
        if let inputsNode {
            for t in graphInputs {
                guard let producer = producerOf[t] else { continue }
                let id = operators[producer].id
                throw inputsNode.error(
                    "tensor \(tensors[t].id) is a graph input but operator \(id) produces it")
            }
        }
        for t in tensors.indices
        where producerOf[t] == nil && !graphInputs.contains(t) && !tensors[t].isWeight {
            throw (inputsNode ?? root).error(
                "tensor \(tensors[t].id) has no producer; list it in graph_inputs")
        }
        let outputsNode = spec.optional("graph_outputs")
        let graphOutputs =
            try outputsNode.map { node throws(ProblemFileError) in try tensorList(node) } ?? []
        var order: [Int] = []
        let orderNode = spec.optional("default_order")
        if let orderNode {
            for item in try orderNode.array() {
                let id = try item.int()
                guard let index = operatorIndex[id] else {
                    throw item.error("no operator has id \(id)")
                }
                order.append(index)
            }
        }
        let graph = OperatorGraph(
            name: name, tensors: tensors, operators: operators, graphInputs: graphInputs,
            graphOutputs: graphOutputs, defaultOrder: order)
        let topological = OperatorGraph.kahn(graph)
        guard topological.count == operators.count else {
            throw (try spec.required("operators")).error("the operators form a cycle")
        }
        if let orderNode {
            guard graph.isTopological(order) else {
                throw orderNode.error(
                    "must list every operator once, each after the producers of its inputs")
            }
            return graph
        }
        return OperatorGraph(
            name: name, tensors: tensors, operators: operators, graphInputs: graphInputs,
            graphOutputs: graphOutputs, defaultOrder: topological)
    }
}
