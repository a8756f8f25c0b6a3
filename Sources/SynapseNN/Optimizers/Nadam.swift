// Nadam (Keras 3): η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-7, at step t = iterations + 1, with
// the momentum schedule μₜ = β₁ (1 − ½ · 0.96ᵗ) and its running product Πₜ = μ₁ ⋯ μₜ, which
// Keras keeps as a variable updated once per step before the weights (Πₜ = (Πₜ₋₁ · β₁) · (1 − ½ · 0.96ᵗ)):
//   m ← m + (g − m)(1 − β₁)
//   v ← v + (g² − v)(1 − β₂)
//   m̂ = μₜ₊₁ m / (1 − Πₜ μₜ₊₁) + (1 − μₜ) g / (1 − Πₜ)
//   v̂ = v / (1 − β₂ᵗ)
//   w ← w − η m̂ / (√v̂ + ε)

import Foundation

/// Keras's `Nadam`.
public final class Nadam: AdaptiveMomentOptimizer {
    /// Πₜ, updated once per step.
    private var uProduct: Float = 1

    public override init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
                clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil, weightDecay: Float? = nil) {
        super.init(learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon,
                   clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm, weightDecay: weightDecay)
    }

    public override var name: String { "nadam" }
    public override var slotNames: [String] { ["m", "v"] }

    /// μₜ = β₁(1 − ½ · 0.96ᵗ). Keras 3's schedule; Keras 2 and the Dozat paper used 0.96^(0.004 t),
    /// which this file followed before and which left weights 3·10⁻³ (relative) from Keras 3's.
    private func mu(_ t: Int) -> Float { beta1 * (1 - 0.5 * Foundation.pow(Float(0.96), Float(t))) }

    public override func beginStep(_ step: Int) {
        if step == 1 { uProduct = 1 }
        // Keras's order of operations: (Π · β₁) · (1 − ½ · 0.96ᵗ).
        uProduct = uProduct * beta1 * (1 - 0.5 * Foundation.pow(Float(0.96), Float(step)))
    }

    /// Replays Πₜ exactly for the first steps. From step 1 000 on μₜ equals β₁ in Float
    /// (0.96¹⁰⁰⁰ < 2⁻⁵⁸), so the rest is β₁ raised to the remaining count; with the default β₁
    /// the product has long underflowed to 0 by then. The cost is bounded whatever the count.
    public override func restoreStepState(iterations: Int) {
        uProduct = 1
        let exact = Swift.min(iterations, 1_000)
        var step = 1
        while step <= exact && uProduct != 0 && uProduct.isFinite {
            beginStep(step)
            step += 1
        }
        if iterations > exact && uProduct != 0 && uProduct.isFinite {
            uProduct *= Float(Foundation.pow(Double(beta1), Double(iterations - exact)))
        }
    }

    public override func update(step: Int, learningRate lr: Float, weight w: UnsafeMutablePointer<Float>,
                                gradient g: UnsafePointer<Float>, slots: [UnsafeMutablePointer<Float>], count: Int) {
        let (m, v) = (slots[0], slots[1])
        let (uT, uNext) = (mu(step), mu(step + 1))
        let productNext = uProduct * uNext
        let beta2Power = Foundation.pow(beta2, Float(step))
        for i in 0..<count {
            m[i] += (g[i] - m[i]) * (1 - beta1)
            v[i] += (g[i] * g[i] - v[i]) * (1 - beta2)
            let mHat = uNext * m[i] / (1 - productNext) + (1 - uT) * g[i] / (1 - uProduct)
            let vHat = v[i] / (1 - beta2Power)
            w[i] -= lr * mHat / (vHat.squareRoot() + epsilon)
        }
    }
}
