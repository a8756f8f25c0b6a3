// Adamax (Keras 3): η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-7, at step t:
//   m ← m + (g − m)(1 − β₁)
//   u ← max(β₂ u, |g|)
//   w ← w − η m / ((1 − β₁ᵗ)(u + ε))

import Foundation

/// Keras's `Adamax`.
public final class Adamax: Optimizer {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float

    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm)
    }

    public override var name: String { "adamax" }
    public override var slotNames: [String] { ["m", "u"] }
    public override var hyperparameters: [String: JSONValue] {
        ["beta_1": .number(Double(beta1)), "beta_2": .number(Double(beta2)), "epsilon": .number(Double(epsilon))]
    }
    public override func setHyperparameter(_ key: String, _ value: Float) {
        if key == "beta_1" { beta1 = value }
        if key == "beta_2" { beta2 = value }
        if key == "epsilon" { epsilon = value }
    }

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
