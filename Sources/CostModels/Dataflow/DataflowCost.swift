/// What one layer costs on one dataflow sub-accelerator: MAESTRO's outputs
/// (``DataflowCostModel/evaluate(_:hardware:)``). Counts are in data elements (MAESTRO calls them
/// bytes); buffer sizes include MAESTRO's double buffering.
public struct DataflowCost: Sendable, Equatable {
    /// Accesses and buffer needs of one tensor (MAESTRO's per-tensor report).
    public struct TensorCounts: Sendable, Equatable {
        /// L1 (PE-local) and L2 (global buffer) accesses, elements.
        public var l1Reads: Int
        /// L1 writes, elements.
        public var l1Writes: Int
        /// L2 reads, elements.
        public var l2Reads: Int
        /// L2 writes, elements.
        public var l2Writes: Int
        /// Elements of this tensor one PE's L1 holds, and the L2 holds (double-buffered).
        public var l1SizeRequired: Int
        /// Elements of this tensor the L2 holds (double-buffered).
        public var l2SizeRequired: Int

        /// Counts with these values.
        public init(
            l1Reads: Int, l1Writes: Int, l2Reads: Int, l2Writes: Int, l1SizeRequired: Int,
            l2SizeRequired: Int
        ) {
            self.l1Reads = l1Reads
            self.l1Writes = l1Writes
            self.l2Reads = l2Reads
            self.l2Writes = l2Writes
            self.l1SizeRequired = l1SizeRequired
            self.l2SizeRequired = l2SizeRequired
        }

        /// MAESTRO's "data reuse factor": L1 reads per L1 write.
        public var reuseFactor: Double { Double(l1Reads) / Double(l1Writes) }
    }

    /// The runtime cycles set by each ``DataflowBound`` (per iteration class, the largest term).
    public struct BoundCycles: Sendable, Equatable {
        /// Cycles set by the PEs' compute.
        public var compute: Int
        /// Cycles set by the NoC's bandwidth.
        public var noc: Int
        /// Cycles set by the off-chip bandwidth.
        public var offChip: Int

        /// The cycles one bound sets.
        public subscript(_ bound: DataflowBound) -> Int {
            switch bound {
            case .compute: return compute
            case .noc: return noc
            case .offChip: return offChip
            }
        }

        /// The bound that sets most cycles (compute on a tie).
        public var largest: DataflowBound {
            DataflowBound.allCases.reduce(DataflowBound.compute) { self[$1] > self[$0] ? $1 : $0 }
        }
    }

    /// Per-iteration delays of the top level, cycles (MAESTRO's min / max / average).
    public struct Delay: Sendable, Equatable {
        /// The shortest iteration, cycles.
        public var min: Int
        /// The longest iteration, cycles.
        public var max: Int
        /// The average iteration, cycles.
        public var average: Int

        /// Delays with these values.
        public init(min: Int, max: Int, average: Int) {
            self.min = min
            self.max = max
            self.average = average
        }
    }

    /// Cycles from the first transfer to the last output written back.
    public var runtimeCycles: Int
    /// The partial sums the mapping computes (MAESTRO's "Num MACs"; on some strided mappings
    /// more than the layer's own MACs).
    public var macs: Int
    /// MAESTRO's "Average number of utilized PEs" (active units averaged over iterations).
    public var averageUtilizedPEs: Double
    /// The input tensor's accesses and buffer needs.
    public var input: TensorCounts
    /// The filter tensor's (weights').
    public var filter: TensorCounts
    /// The output tensor's.
    public var output: TensorCounts
    /// Energy in units of one MAC: 18.61 per L2 access, 1.68 per L1 access, 1 per MAC.
    public var energyUnits: Double
    /// `energyUnits` × ``DataflowCostModel/macEnergyPicojoules``.
    public var energyPicojoules: Double
    /// MAESTRO's area (µm²) and power (mW) of the PEs, L1s, L2 and NoC the layer needs.
    public var areaSquareMicrometres: Double
    /// Total power, mW.
    public var powerMilliwatts: Double
    /// Power of the PEs, mW.
    public var pePowerMilliwatts: Double
    /// Power of the L1s, mW.
    public var l1PowerMilliwatts: Double
    /// Power of the L2, mW.
    public var l2PowerMilliwatts: Double
    /// Power of the NoC, mW.
    public var nocPowerMilliwatts: Double
    /// NoC bandwidth the mapping asks for, elements per cycle: peak and average over iterations.
    public var peakBandwidth: Int
    /// Average NoC bandwidth over iterations, elements per cycle.
    public var averageBandwidth: Double
    /// Off-chip bandwidth the L2 tiles ask for, elements per cycle.
    public var offChipBandwidthRequired: Int
    /// Per-iteration delay of data coming in, cycles.
    public var ingressDelay: Delay
    /// Per-iteration delay of data going out, cycles.
    public var egressDelay: Delay
    /// Per-iteration compute delay, cycles.
    public var computeDelay: Delay
    /// MAESTRO's arithmetic intensity (MACs of the last iteration class per element sent in).
    public var arithmeticIntensity: Double
    /// What sets most of the runtime, and the runtime each bound sets.
    public var bound: DataflowBound
    /// The runtime each bound sets.
    public var boundCycles: BoundCycles
    /// The hardware's PEs.
    public var processingElements: Int
    /// Bytes per element the buffer sizes below are in.
    public var bytesPerElement: Int
    /// Whether the given L1/L2 (if any) hold what the mapping needs.
    public var fitsBuffers: Bool

    /// The three tensors, input, filter, output.
    public var tensors: [TensorCounts] { [input, filter, output] }
    /// L1 reads of all three tensors, elements.
    public var l1Reads: Int { input.l1Reads + filter.l1Reads + output.l1Reads }
    /// L1 writes of all three tensors, elements.
    public var l1Writes: Int { input.l1Writes + filter.l1Writes + output.l1Writes }
    /// L2 reads of all three tensors, elements.
    public var l2Reads: Int { input.l2Reads + filter.l2Reads + output.l2Reads }
    /// L2 writes of all three tensors, elements.
    public var l2Writes: Int { input.l2Writes + filter.l2Writes + output.l2Writes }
    /// L1 elements per PE and L2 elements the mapping needs (MAESTRO's "L1/L2 SRAM Size Req").
    public var l1ElementsRequired: Int {
        input.l1SizeRequired + filter.l1SizeRequired + output.l1SizeRequired
    }
    /// L2 elements the mapping needs (MAESTRO's "L2 SRAM Size Req").
    public var l2ElementsRequired: Int {
        input.l2SizeRequired + filter.l2SizeRequired + output.l2SizeRequired
    }
    /// L1 bytes per PE the mapping needs.
    public var l1BytesRequired: Int { l1ElementsRequired * bytesPerElement }
    /// L2 bytes the mapping needs.
    public var l2BytesRequired: Int { l2ElementsRequired * bytesPerElement }
    /// MACs / (PEs × runtime).
    public var utilization: Double {
        Double(macs) / (Double(processingElements) * Double(runtimeCycles))
    }
    /// MACs per cycle over the runtime.
    public var throughputMACsPerCycle: Double { Double(macs) / Double(runtimeCycles) }
    /// The area in mm².
    public var areaSquareMillimetres: Double { areaSquareMicrometres / 1e6 }
}
