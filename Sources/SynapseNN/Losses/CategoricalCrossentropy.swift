// Categorical cross-entropy over the last axis (classes), with one-hot or soft targets t:
//   from probabilities p (Keras first rescales p to sum to 1, then clips to [ε, 1 − ε]):
//     lᵢ = −Σⱼ tᵢⱼ log pᵢⱼ
//   from logits z (fused with the softmax: Tensor.softmaxCrossEntropy):
//     lᵢ = Σⱼ tᵢⱼ (lseᵢ − zᵢⱼ)       ∂zᵢⱼ = softmaxᵢⱼ Σₖ tᵢₖ − tᵢⱼ

/// Keras's `CategoricalCrossentropy`.
public struct CategoricalCrossentropy: Loss {
    public let name = "categorical_crossentropy"
    public let fromLogits: Bool
    public init(fromLogits: Bool = false) { self.fromLogits = fromLogits }

    public func perSample(yTrue: Tensor, yPred: Tensor) -> Tensor {
        if fromLogits {
            return -(yTrue * logSoftmax(yPred, alongAxis: -1)).sum(alongAxes: -1).flattened()
        }
        let p = clip(yPred / yPred.sum(alongAxes: [-1], keepingDims: true),
                     min: probabilityEpsilon, max: 1 - probabilityEpsilon)
        return -(yTrue * log(p)).sum(alongAxes: -1).flattened()
    }

    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) -> Tensor {
        guard fromLogits else { return reduce(perSample(yTrue: yTrue, yPred: yPred), sampleWeight: sampleWeight) }
        return Tensor.softmaxCrossEntropy(logits: yPred, labels: yTrue, rowWeights: sampleWeight)
    }

    public var config: JSONValue { ["name": .string(name), "from_logits": .bool(fromLogits)] }
}
