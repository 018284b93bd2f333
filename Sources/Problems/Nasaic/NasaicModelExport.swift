import CostModels
import LinearModel

/// NASAIC's ILP is the hardware half for one set of networks; the set a problem file fixes on
/// its own is the most accurate networks (the successive baseline's, judged against the specs
/// here). `--write-lp/--write-mps` write that ILP, `--solution` reads a point of it back and
/// checks the design it stands for, and `--explain` says which specs and budgets those networks
/// cannot meet together.
extension NasaicProblem: ModelExporting {
    /// The hardware formulation for the most accurate networks under the file's specs.
    func mostAccurateFormulation() throws -> (
        networks: [NasaicNetwork], formulation: NasaicHardwareFormulation
    ) {
        guard let networks = mostAccurateNetworks() else {
            throw NasaicExportError.noNetworkWithAccuracy
        }
        let costs = try networks.map { network throws(DataflowMappingError) in
            try NasaicTaskCosts(network: network, space: hardware)
        }
        return (
            networks,
            NasaicHardwareFormulation(space: hardware, costs: costs, specs: specs, goal: goal)
        )
    }

    /// The ILP this file poses, as the family builds it (``ModelExporting``).
    public func exportedModel() throws -> Model {
        try mostAccurateFormulation().formulation.buildModel(complete: true).model
    }

    /// The family's checked result for a point of ``exportedModel()`` found by another solver.
    public func result(importing solution: Solution) throws -> any ProblemResult {
        let (networks, formulation) = try mostAccurateFormulation()
        let built = try formulation.buildModel(complete: true)
        var result = NasaicResult(problem: self)
        result.importedHardware = solution
        guard let values = solution.variableValues else { return result }
        // The point must stand for a design: each task in exactly one chosen pattern, at most
        // one pattern per sub-accelerator.
        let chosen = built.patterns.indices.filter { values[built.usesPattern[$0].index] > 0.5 }
        for (t, task) in tasks.enumerated() {
            let holders = chosen.filter { built.patterns[$0].tasks.contains(t) }.count
            if holders != 1 {
                result.checkProblems.append(
                    "task \(task.name) is on \(holders) chosen sub-accelerators, not 1")
            }
        }
        if chosen.count > hardware.subAccelerators {
            result.checkProblems.append(
                """
                \(chosen.count) sub-accelerators chosen; accelerator.sub_accelerators = \
                \(hardware.subAccelerators)
                """
            )
        }
        guard result.checkProblems.isEmpty,
            let design = formulation.answer(solution, of: built).design,
            let metrics = design.metrics(formulation.costs, space: hardware)
        else { return result }
        let accuracies = zip(tasks, networks).map { task, network in
            task.accuracy.accuracy(of: network) ?? 0
        }
        let point = NasaicResult.Point(
            networks: networks, accuracies: accuracies, weightedAccuracy: weighted(accuracies) ?? 0,
            design: design,
            metrics: metrics, violations: [], costs: formulation.costs)
        let fresh = try networks.map { network throws(DataflowMappingError) in
            try NasaicTaskCosts(network: network, space: hardware)
        }
        result.checkProblems = check(point, freshCosts: fresh)
        result.best = point
        return result
    }

    /// The infeasible subset in the family's terms: the fields of the problem file it comes from.
    public func conflict(_ subset: IrreducibleInfeasibleSubset, in model: Model) -> [String] {
        let formatted = { (value: Double?) in value.map { JSONValue.format($0) } ?? "none" }
        var members: [String] = []
        var latencyRows = 0
        var bounds = 0
        for element in subset.elements {
            switch element {
            case .constraint(let c):
                let name = model.name(of: c) ?? ""
                if name.hasPrefix("mapped["),
                    let t = Int(name.dropFirst("mapped[".count).dropLast()),
                    tasks.indices.contains(t)
                {
                    members.append(
                        model.terms(of: c).isEmpty
                            ? """
                            tasks[\(t)] (\(tasks[t].name)): no hardware option fits the PE and \
                            bandwidth budgets
                            """
                            : "tasks[\(t)] (\(tasks[t].name)) must run on one sub-accelerator")
                } else if name == "sub-accelerators" {
                    members.append("accelerator.sub_accelerators = \(hardware.subAccelerators)")
                } else if name == "energy-spec" {
                    members.append("specs.energy_nj = \(formatted(specs.energyNanojoules))")
                } else if name == "area-spec" {
                    members.append("specs.area_mm2 = \(formatted(specs.areaSquareMillimetres))")
                } else if name == "pe-budget" {
                    members.append("accelerator.max_total_pes = \(hardware.maxTotalPEs)")
                } else if name == "bandwidth-budget" {
                    members.append("accelerator.max_total_noc_bw = \(hardware.maxTotalBandwidth)")
                } else if name.hasPrefix("latency[") {
                    latencyRows += 1
                } else {
                    members.append("row \(model.describe(c))")
                }
            case .upperBound(let v) where model.name(of: v) == "T_scaled":
                members.append("specs.latency_cycles = \(formatted(specs.latencyCycles))")
            case .upperBound, .lowerBound:
                bounds += 1
            }
        }
        let structural = [
            latencyRows > 0
                ? "\(latencyRows) rows making the latency the slowest sub-accelerator's" : nil,
            bounds > 0 ? "\(bounds) bounds keeping each sub-accelerator choice 0 or 1" : nil,
        ].compactMap { $0 }
        if !structural.isEmpty {
            members.append(
                "(with \(structural.joined(separator: " and ")), which every design has)")
        }
        return members.map { "for the most accurate networks: \($0)" }
    }
}

/// Why NASAIC's ILP cannot be written.
enum NasaicExportError: Error, CustomStringConvertible {
    case noNetworkWithAccuracy

    var description: String {
        """
        no single ILP: some task's accuracy source knows none of its networks, so there are no \
        most accurate networks to build the hardware for
        """
    }
}
