// Sparse categorical cross-entropy: targets are class indices kᵢ instead of one-hot rows.
//   from probabilities (Keras's TensorFlow form: clip to [ε, 1 − ε], then the logits form of
//     zᵢⱼ = log pᵢⱼ, which rescales the clipped row to sum to 1):
//     lᵢ = −log(p̃ᵢ,ₖᵢ / Σⱼ p̃ᵢⱼ),  p̃ = clip(p, ε, 1 − ε)     (the categorical form rescales first, then clips)
//   from logits (fused: Tensor.sparseSoftmaxCrossEntropy): lᵢ = lseᵢ − zᵢ,ₖᵢ,
//     ∂zᵢⱼ = softmaxᵢⱼ − [j = kᵢ]

/// Keras's `SparseCategoricalCrossentropy`.
public struct SparseCategoricalCrossentropy: Loss {
    public let name = "sparse_categorical_crossentropy"
    public let fromLogits: Bool
    public init(fromLogits: Bool = false) { self.fromLogits = fromLogits }

    public func perSample(yTrue: Tensor, yPred: Tensor) -> Tensor {
        let oneHot = oneHotRows(yTrue, classes: yPred.shape.last ?? 1, shape: yPred.shape)
        let logits = fromLogits ? yPred : log(clip(yPred, min: probabilityEpsilon, max: 1 - probabilityEpsilon))
        return CategoricalCrossentropy(fromLogits: true).perSample(yTrue: oneHot, yPred: logits)
    }

    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) -> Tensor {
        guard fromLogits else { return reduce(perSample(yTrue: yTrue, yPred: yPred), sampleWeight: sampleWeight) }
        return Tensor.sparseSoftmaxCrossEntropy(logits: yPred, classes: yTrue, rowWeights: sampleWeight)
    }

    public var config: JSONValue { ["name": .string(name), "from_logits": .bool(fromLogits)] }
}

/// One-hot rows of `shape` from class indices.
func oneHotRows(_ indices: Tensor, classes: Int, shape: [Int]) -> Tensor {
    var scalars = [Float](repeating: 0, count: shape.reduce(1, *))
    for (i, k) in indices.scalars.enumerated() {
        let c = Int(k)
        require(c >= 0 && c < classes, "class index \(c) is outside 0..<\(classes)")
        scalars[i * classes + c] = 1
    }
    return Tensor(shape: shape, scalars: scalars)
}
