// Binary cross-entropy, lᵢ = (1/d) Σⱼ ℓᵢⱼ:
//   from probabilities p (Keras clips p to [ε, 1 − ε], ε = 1e-7):
//     ℓ = −(t log p + (1 − t) log(1 − p))          ∂p = (p − t) / (p(1 − p)) inside the clip, else 0
//   from logits z (stable, fused: Tensor.sigmoidCrossEntropy):
//     ℓ = max(z, 0) − z t + log(1 + e^−|z|)        ∂z = σ(z) − t
// A model whose last layer is Dense(sigmoid) trains on the logits form (as Keras's TensorFlow
// backend does when it sees the sigmoid), so the loss never saturates at the clip.

/// Keras's `BinaryCrossentropy`.
public struct BinaryCrossentropy: Loss {
    public let name = "binary_crossentropy"
    /// Whether predictions are logits rather than probabilities.
    public let fromLogits: Bool
    public init(fromLogits: Bool = false) { self.fromLogits = fromLogits }

    public func perSample(yTrue: Tensor, yPred: Tensor) -> Tensor {
        let t = yTrue.reshaped(to: yPred.shape)
        if fromLogits {
            let z = yPred
            return (relu(z) - z * t + log(exp(-abs(z)) + 1)).mean(alongAxes: -1)
        }
        let p = clip(yPred, min: probabilityEpsilon, max: 1 - probabilityEpsilon)
        return (-(t * log(p) + (1 - t) * log(1 - p))).mean(alongAxes: -1)
    }

    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) -> Tensor {
        guard fromLogits else { return reduce(perSample(yTrue: yTrue, yPred: yPred), sampleWeight: sampleWeight) }
        return Tensor.sigmoidCrossEntropy(logits: yPred, labels: yTrue.reshaped(to: yPred.shape), rowWeights: sampleWeight)
    }

    public var config: JSONValue { ["name": .string(name), "from_logits": .bool(fromLogits)] }
}
