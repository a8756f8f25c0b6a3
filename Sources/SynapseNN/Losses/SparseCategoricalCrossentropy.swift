// Sparse categorical cross-entropy: targets are class indices kᵢ instead of one-hot rows.
//   from probabilities (rescaled and clipped as in the categorical form): lᵢ = −log pᵢ,ₖᵢ
//   from logits (fused: Tensor.sparseSoftmaxCrossEntropy): lᵢ = lseᵢ − zᵢ,ₖᵢ,
//     ∂zᵢⱼ = softmaxᵢⱼ − [j = kᵢ]

/// Keras's `SparseCategoricalCrossentropy`.
public struct SparseCategoricalCrossentropy: Loss {
    public let name = "sparse_categorical_crossentropy"
    public let fromLogits: Bool
    public init(fromLogits: Bool = false) { self.fromLogits = fromLogits }

    public func perSample(yTrue: Tensor, yPred: Tensor) -> Tensor {
        let oneHot = oneHotRows(yTrue, classes: yPred.shape.last ?? 1, shape: yPred.shape)
        return CategoricalCrossentropy(fromLogits: fromLogits).perSample(yTrue: oneHot, yPred: yPred)
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
        precondition(c >= 0 && c < classes, "class index \(c) is outside 0..<\(classes)")
        scalars[i * classes + c] = 1
    }
    return Tensor(shape: shape, scalars: scalars)
}
