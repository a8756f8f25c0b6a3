// Adamax (Keras 3): η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-7, at step t:
//   m ← m + (g − m)(1 − β₁)
//   u ← max(β₂ u, |g|)
//   w ← w − η m / ((1 − β₁ᵗ)(u + ε))

import Foundation

/// Keras's `Adamax`.
public final class Adamax: AdaptiveMomentOptimizer {

    public override init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil,
                weightDecay: Float? = nil) {
        super.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                   clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm, weightDecay: weightDecay)
    }

    public override var name: String { "adamax" }
    public override var slotNames: [String] { ["m", "u"] }

    public override func update(step: Int, learningRate lr: Float, weight w: UnsafeMutablePointer<Float>,
                                gradient g: UnsafePointer<Float>, slots: [UnsafeMutablePointer<Float>], count: Int) {
        let (m, u) = (slots[0], slots[1])
        let correction = 1 - Foundation.pow(beta1, Float(step))
        for i in 0..<count {
            m[i] += (g[i] - m[i]) * (1 - beta1)
            u[i] = Swift.max(beta2 * u[i], Swift.abs(g[i]))
            w[i] -= lr * m[i] / (correction * (u[i] + epsilon))
        }
    }
}
