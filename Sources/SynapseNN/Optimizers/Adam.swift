// Adam (Keras 3): η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-7, at step t:
//   α = η √(1 − β₂ᵗ) / (1 − β₁ᵗ)
//   m ← m + (g − m)(1 − β₁)
//   v ← v + (g² − v)(1 − β₂)
//   amsgrad: v̂ ← max(v̂, v), used in place of v
//   w ← w − α m / (√v + ε)

import CSynapseKernels
import Foundation

/// Keras's `Adam`.
public class Adam: AdaptiveMomentOptimizer {
    public var amsgrad: Bool

    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                amsgrad: Bool = false, clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil,
                weightDecay: Float? = nil) {
        self.amsgrad = amsgrad
        super.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, clipnorm: clipnorm,
                   clipvalue: clipvalue, globalClipnorm: globalClipnorm, weightDecay: weightDecay)
    }

    public override var name: String { "adam" }
    public override var updateFlushesSlots: Bool { !amsgrad }
    public override var slotNames: [String] { amsgrad ? ["m", "v", "v_hat"] : ["m", "v"] }
    public override var hyperparameters: [String: JSONValue] {
        super.hyperparameters.merging(["amsgrad": .bool(amsgrad)]) { _, new in new }
    }
    public override func setHyperparameter(_ key: String, _ value: Float) {
        if key == "amsgrad" { amsgrad = value != 0 } else { super.setHyperparameter(key, value) }
    }

    public override func update(step: Int, learningRate lr: Float, weight w: UnsafeMutablePointer<Float>,
                                gradient g: UnsafePointer<Float>, slots: [UnsafeMutablePointer<Float>], count: Int) {
        let t = Float(step)
        let alpha = lr * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t))
        let (m, v) = (slots[0], slots[1])
        let (b1, b2, eps) = (1 - beta1, 1 - beta2, epsilon)
        if amsgrad {
            let vHat = slots[2]
            for i in 0..<count {
                m[i] += (g[i] - m[i]) * b1
                v[i] += (g[i] * g[i] - v[i]) * b2
                vHat[i] = Swift.max(vHat[i], v[i])
                w[i] -= alpha * m[i] / (vHat[i].squareRoot() + eps)
            }
            return
        }
        // The vectorised kernel (CSynapseKernels): the same arithmetic, slots flushed in the pass;
        // large weights split across threads (elementwise, so the split changes nothing).
        Parallel.forEach(count: count, grain: 1 << 16) { r in
            let i = r.lowerBound
            syn_adam(w + i, g + i, m + i, v + i, r.count, alpha, b1, b2, eps)
        }
    }
}
