// Huber loss (δ = 1 by default), with e = p − t:
//   ℓ(e) = ½e²             if |e| ≤ δ        ∂e = e
//          δ|e| − ½δ²      otherwise         ∂e = δ·sign(e)
//   lᵢ = (1/d) Σⱼ ℓ(eᵢⱼ)

/// Keras's `Huber` loss.
public struct Huber: Loss {
    public let name = "huber"
    /// Where the loss turns from quadratic to linear.
    public let delta: Float
    public init(delta: Float = 1) { self.delta = delta }

    public func perSample(yTrue: Tensor, yPred: Tensor) -> Tensor {
        let e = yPred - yTrue.reshaped(to: yPred.shape)
        let a = abs(e)
        let quadratic = e.squared() * 0.5
        let linear = a * delta - 0.5 * delta * delta     // Keras's order: δ|e| − ½δ²
        return Tensor.where(a .<= delta, quadratic, linear).mean(alongAxes: -1)
    }

    public var config: JSONValue { ["name": .string(name), "delta": .number(Double(delta))] }
}
