// Mean squared error: lᵢ = (1/d) Σⱼ (pᵢⱼ − tᵢⱼ)²
//   L = Σᵢ wᵢ lᵢ / n,   ∂pᵢⱼ = 2 g wᵢ (pᵢⱼ − tᵢⱼ) / (n d)     (one fused op)

/// Keras's `MeanSquaredError` ("mse").
public struct MeanSquaredError: Loss {
    public let name = "mean_squared_error"
    public init() {}

    public func perSample(yTrue: Tensor, yPred: Tensor) -> Tensor {
        (yPred - yTrue.reshaped(to: yPred.shape)).squared().mean(alongAxes: -1)
    }

    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) -> Tensor {
        let t = yTrue.reshaped(to: yPred.shape)
        let (n, d) = rowsAndWidth(yPred)
        let w = sampleWeight?.scalars
        var total = 0.0
        let diff = Tensor.uninitialized(shape: yPred.shape) { out in
            yPred.withUnsafeBufferPointer { p in
                t.withUnsafeBufferPointer { t in
                    for i in 0..<n {
                        var row: Float = 0
                        for j in (i * d)..<(i * d + d) {
                            out[j] = p[j] - t[j]
                            row += out[j] * out[j]
                        }
                        total += Double(row * (w?[i] ?? 1))
                    }
                }
            }
        }
        let scale = 2 / Float(Swift.max(n * d, 1))
        let loss = Tensor(Float(total / Double(Swift.max(n * d, 1))))
        return Tensor.customOp(loss, inputs: [yPred]) { g in
            let gs = g.scalar * scale
            return [Tensor.uninitialized(shape: yPred.shape) { out in
                diff.withUnsafeBufferPointer { e in
                    for i in 0..<n {
                        let wi = gs * (w?[i] ?? 1)
                        for j in (i * d)..<(i * d + d) { out[j] = wi * e[j] }
                    }
                }
            }]
        }
    }
}
