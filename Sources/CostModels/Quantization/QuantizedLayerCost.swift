/// Roofline latency of one quantized layer: the longer of computing its MACs at the precision's
/// peak rate and moving its weights and activations at the chosen bit widths.
///
/// `latency = max(MACs / rate(w, a), (weights·w + activations·a) / 8 / bandwidth)`
///
/// Simplifications: peak rates (no kernel efficiency, launch overhead or tiling effects), one
/// pass over weights and activations (activations = the layer's input and output elements, when
/// known; 0 otherwise), no overlap with neighbouring layers.
public struct QuantizedLayerCost: Sendable {
    /// The model; it holds no state.
    public init() {}

    /// Seconds, or nil when the device cannot run these bit widths.
    public func latencySeconds(
        macs: Double, weights: Double, activations: Double = 0,
        weightBits: Int, activationBits: Int, on device: QuantizedDeviceProfile
    ) -> Double? {
        guard
            let rate = device.macsPerSecond(weightBits: weightBits, activationBits: activationBits)
        else { return nil }
        let compute = macs / rate
        let traffic =
            (weights * Double(weightBits) + activations * Double(activationBits)) / 8
            / device.bandwidthBytesPerSecond
        return max(compute, traffic)
    }
}
