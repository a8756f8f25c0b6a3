// Mean absolute error: lᵢ = (1/d) Σⱼ |pᵢⱼ − tᵢⱼ|,   ∂pᵢⱼ = g wᵢ sign(pᵢⱼ − tᵢⱼ) / (n d)

/// Keras's `MeanAbsoluteError` ("mae").
public struct MeanAbsoluteError: Loss {
    public let name = "mean_absolute_error"
    public init() {}

    public func perSample(yTrue: Tensor, yPred: Tensor) -> Tensor {
        abs(yPred - yTrue.reshaped(to: yPred.shape)).mean(alongAxes: -1)
    }
}
