// RMSprop (Keras 3): η = 0.001, ρ = 0.9, momentum μ = 0, ε = 1e-7, centered = false:
//   v ← ρ v + (1 − ρ) g²
//   centered:  a ← ρ a + (1 − ρ) g;  d = v − a² + ε      else d = v + ε
//   Δ = η g / √d
//   μ = 0: w ← w − Δ;    else  m ← μ m + Δ;  w ← w − m
// (ε is inside the square root, as in Keras.)

import CSynapseKernels

/// Keras's `RMSprop`.
public final class RMSprop: Optimizer {
    public var rho: Float
    public var momentum: Float
    public var epsilon: Float
    public var centered: Bool

    public init(learningRate: Float = 0.001, rho: Float = 0.9, momentum: Float = 0, epsilon: Float = 1e-7,
                centered: Bool = false, clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil,
                weightDecay: Float? = nil) {
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm, weightDecay: weightDecay)
    }

    public override var name: String { "rmsprop" }
    public override var slotNames: [String] { ["velocity", "average_gradient", "momentum"] }
    /// The default step's C loop flushes the velocity itself; the other two slots stay unused.
    public override var updateFlushesSlots: Bool { !centered && momentum == 0 }
    public override var hyperparameters: [String: JSONValue] {
        ["rho": .number(Double(rho)), "momentum": .number(Double(momentum)), "epsilon": .number(Double(epsilon)), "centered": .bool(centered)]
    }
    public override func setHyperparameter(_ key: String, _ value: Float) {
        switch key {
        case "rho": rho = value
        case "momentum": momentum = value
        case "epsilon": epsilon = value
        case "centered": centered = value != 0
        default: break
        }
    }

    public override func update(step: Int, learningRate lr: Float, weight w: UnsafeMutablePointer<Float>,
                                gradient g: UnsafePointer<Float>, slots: [UnsafeMutablePointer<Float>], count: Int) {
        let (v, a, m) = (slots[0], slots[1], slots[2])
        if !centered && momentum == 0 {
            // Keras's default: one vectorised C loop in the same order of operations, split
            // across threads for large weights (elementwise, so the split changes nothing).
            let (rho, epsilon) = (rho, epsilon)
            Parallel.forEach(count: count, grain: 1 << 16) { r in
                let i = r.lowerBound
                syn_rmsprop(w + i, g + i, v + i, r.count, lr, rho, epsilon)
            }
            return
        }
        for i in 0..<count {
            v[i] = rho * v[i] + (1 - rho) * g[i] * g[i]
            var d = v[i] + epsilon
            if centered {
                a[i] = rho * a[i] + (1 - rho) * g[i]
                d = v[i] - a[i] * a[i] + epsilon
            }
            let delta = lr * g[i] / d.squareRoot()
            if momentum != 0 {
                m[i] = momentum * m[i] + delta
                w[i] -= m[i]
            } else {
                w[i] -= delta
            }
        }
    }
}
