import CostModels

/// The accelerator half of NASAIC: up to J sub-accelerators, each built from one option
/// (template, PE count, NoC bandwidth) under total PE and bandwidth budgets, each task's DNN
/// mapped to one of them.
public struct NasaicHardwareSpace: Sendable {
    /// One way to build a sub-accelerator: a dataflow template, PEs and NoC bandwidth.
    public struct Option: Sendable, Hashable, CustomStringConvertible {
        /// The dataflow template.
        public var template: DataflowTemplate
        /// Processing elements.
        public var pes: Int
        /// NoC bandwidth, elements per cycle.
        public var nocBandwidth: Int
        /// An option with these parts.
        public init(template: DataflowTemplate, pes: Int, nocBandwidth: Int) {
            self.template = template
            self.pes = pes
            self.nocBandwidth = nocBandwidth
        }
        /// `dla/256PE/bw64`.
        public var description: String { "\(template.rawValue)/\(pes)PE/bw\(nocBandwidth)" }
    }

    /// Sub-accelerators on the chip (the most that may be built).
    public var subAccelerators: Int
    /// The options each may be built as.
    public var options: [Option]
    /// PEs the built sub-accelerators may use in all.
    public var maxTotalPEs: Int
    /// NoC bandwidth they may use in all, elements per cycle.
    public var maxTotalBandwidth: Int
    /// Head latency of a NoC transfer, cycles.
    public var hopLatencyCycles: Int
    /// Bytes per data element.
    public var bytesPerElement: Int

    /// A space with these parts.
    public init(
        subAccelerators: Int, options: [Option], maxTotalPEs: Int, maxTotalBandwidth: Int,
        hopLatencyCycles: Int = 0, bytesPerElement: Int = 1
    ) {
        self.subAccelerators = subAccelerators
        self.options = options
        self.maxTotalPEs = maxTotalPEs
        self.maxTotalBandwidth = maxTotalBandwidth
        self.hopLatencyCycles = hopLatencyCycles
        self.bytesPerElement = bytesPerElement
    }

    /// The cost model's hardware for an option.
    public func hardware(_ option: Option) -> DataflowHardware {
        DataflowHardware(
            processingElements: option.pes, nocBandwidth: option.nocBandwidth,
            hopLatencyCycles: hopLatencyCycles, bytesPerElement: bytesPerElement)
    }
}

/// Design specs: a design meets them when each present limit holds.
public struct NasaicSpecs: Sendable, Equatable {
    /// The latency spec, cycles; nil for none.
    public var latencyCycles: Double?
    /// The energy spec, nJ; nil for none.
    public var energyNanojoules: Double?
    /// The area spec, mm²; nil for none.
    public var areaSquareMillimetres: Double?
    /// Specs with these limits.
    public init(
        latencyCycles: Double? = nil, energyNanojoules: Double? = nil,
        areaSquareMillimetres: Double? = nil
    ) {
        self.latencyCycles = latencyCycles
        self.energyNanojoules = energyNanojoules
        self.areaSquareMillimetres = areaSquareMillimetres
    }

    /// The specs a design's metrics break, in words (empty when it meets them).
    public func violations(
        latencyCycles latency: Double, energyNanojoules energy: Double,
        areaSquareMillimetres area: Double
    ) -> [String] {
        var out: [String] = []
        if let limit = latencyCycles, latency > limit * (1 + 1e-9) {
            out.append(
                """
                latency \(JSONValue.format(latency.rounded())) > \
                \(JSONValue.format(limit.rounded())) cycles
                """
            )
        }
        if let limit = energyNanojoules, energy > limit * (1 + 1e-9) {
            out.append(String(format: "energy %.4g > %.4g nJ", energy, limit))
        }
        if let limit = areaSquareMillimetres, area > limit * (1 + 1e-9) {
            out.append(String(format: "area %.4g > %.4g mm²", area, limit))
        }
        return out
    }
}

/// What one task's network costs on each hardware option (the ILP's coefficients), computed
/// with `DataflowCostModel` layer by layer.
public struct NasaicTaskCosts: Sendable {
    /// Per option: Σ layer runtimes (cycles), Σ energies (nJ), the largest L1 per PE and L2 any
    /// layer needs (bytes).
    public var latencyCycles: [Double]
    /// Per option: Σ layer energies, nJ.
    public var energyNanojoules: [Double]
    /// Per option: the largest L1 per PE any layer needs, bytes.
    public var l1Bytes: [Int]
    /// Per option: the largest L2 any layer needs, bytes.
    public var l2Bytes: [Int]

    /// Tables given directly (one entry per option).
    public init(latencyCycles: [Double], energyNanojoules: [Double], l1Bytes: [Int], l2Bytes: [Int])
    {
        self.latencyCycles = latencyCycles
        self.energyNanojoules = energyNanojoules
        self.l1Bytes = l1Bytes
        self.l2Bytes = l2Bytes
    }

    /// The tables of `network` on every option of `space`; each layer's mapping is analysed once
    /// per (template, PE count) and timed per NoC bandwidth.
    public init(network: NasaicNetwork, space: NasaicHardwareSpace) throws(DataflowMappingError) {
        let count = space.options.count
        var cycles = [Int](repeating: 0, count: count)
        var picojoules = [Double](repeating: 0, count: count)
        var l1 = [Int](repeating: 0, count: count)
        var l2 = [Int](repeating: 0, count: count)
        let templates = DataflowTemplate.allCases.map { template in
            space.options.indices.filter { space.options[$0].template == template }
        }
        for layer in network.layers {
            for (template, indices) in zip(DataflowTemplate.allCases, templates)
            where !indices.isEmpty {
                let costs = try DataflowCostModel.evaluate(
                    layer, template: template,
                    hardware: indices.map { space.hardware(space.options[$0]) })
                for (o, cost) in zip(indices, costs) {
                    cycles[o] += cost.runtimeCycles
                    picojoules[o] += cost.energyPicojoules
                    l1[o] = max(l1[o], cost.l1BytesRequired)
                    l2[o] = max(l2[o], cost.l2BytesRequired)
                }
            }
        }
        latencyCycles = cycles.map(Double.init)
        energyNanojoules = picojoules.map { $0 / 1000 }
        l1Bytes = l1
        l2Bytes = l2
    }
}

/// A chosen accelerator: an option per sub-accelerator (nil = not built) and a sub-accelerator per
/// task.
public struct NasaicDesign: Sendable, Equatable {
    /// The option each sub-accelerator is built as (nil: not built).
    public var optionOfSubAccelerator: [Int?]
    /// The sub-accelerator each task runs on.
    public var subAcceleratorOfTask: [Int]

    /// A design with these choices.
    public init(optionOfSubAccelerator: [Int?], subAcceleratorOfTask: [Int]) {
        self.optionOfSubAccelerator = optionOfSubAccelerator
        self.subAcceleratorOfTask = subAcceleratorOfTask
    }

    /// Latency (tasks on one sub-accelerator run one after another; sub-accelerators in parallel),
    /// energy (sum) and area (each built sub-accelerator, buffers sized for the largest layer it
    /// runs), from the task cost tables.
    public func metrics(_ costs: [NasaicTaskCosts], space: NasaicHardwareSpace) -> (
        latencyCycles: Double, energyNanojoules: Double, areaSquareMillimetres: Double
    )? {
        var busy = [Double](repeating: 0, count: optionOfSubAccelerator.count)
        var l1 = [Int](repeating: 0, count: optionOfSubAccelerator.count)
        var l2 = l1
        var energy = 0.0
        for (t, j) in subAcceleratorOfTask.enumerated() {
            guard optionOfSubAccelerator.indices.contains(j), let o = optionOfSubAccelerator[j]
            else { return nil }
            busy[j] += costs[t].latencyCycles[o]
            energy += costs[t].energyNanojoules[o]
            l1[j] = max(l1[j], costs[t].l1Bytes[o])
            l2[j] = max(l2[j], costs[t].l2Bytes[o])
        }
        var area = 0.0
        for (j, o) in optionOfSubAccelerator.enumerated() {
            guard let o else { continue }
            let option = space.options[o]
            area +=
                DataflowAreaPower.fixedArea(pes: option.pes, nocBandwidth: option.nocBandwidth)
                + DataflowAreaPower.l1Area(pes: option.pes, l1Bytes: l1[j])
                + DataflowAreaPower.l2Area(l2Bytes: l2[j])
        }
        return (busy.max() ?? 0, energy, area / 1e6)
    }

    /// PEs and bandwidth the built sub-accelerators use.
    public func totals(_ space: NasaicHardwareSpace) -> (pes: Int, bandwidth: Int) {
        optionOfSubAccelerator.compactMap { $0 }.reduce((pes: 0, bandwidth: 0)) { total, option in
            (
                total.pes + space.options[option].pes,
                total.bandwidth + space.options[option].nocBandwidth
            )
        }
    }
}
