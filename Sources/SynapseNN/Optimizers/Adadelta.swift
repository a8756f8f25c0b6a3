// Adadelta (Keras 3): η = 0.001, ρ = 0.95, ε = 1e-7:
//   a ← ρ a + (1 − ρ) g²
//   Δ = −√(d + ε) g / √(a + ε)
//   d ← ρ d + (1 − ρ) Δ²
//   w ← w + η Δ

/// Keras's `Adadelta`.
public final class Adadelta: Optimizer {
    public var rho: Float
    public var epsilon: Float

    public init(learningRate: Float = 0.001, rho: Float = 0.95, epsilon: Float = 1e-7,
                clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil,
                weightDecay: Float? = nil) {
        self.rho = rho
        self.epsilon = epsilon
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm, weightDecay: weightDecay)
    }

    public override var name: String { "adadelta" }
    public override var slotNames: [String] { ["accumulated_grad", "accumulated_delta_var"] }
    public override var hyperparameters: [String: JSONValue] { ["rho": .number(Double(rho)), "epsilon": .number(Double(epsilon))] }
    public override func setHyperparameter(_ key: String, _ value: Float) {
        if key == "rho" { rho = value }
        if key == "epsilon" { epsilon = value }
    }

    public override func update(step: Int, learningRate lr: Float, weight w: UnsafeMutablePointer<Float>,
                                gradient g: UnsafePointer<Float>, slots: [UnsafeMutablePointer<Float>], count: Int) {
        let (a, d) = (slots[0], slots[1])
        for i in 0..<count {
            a[i] = rho * a[i] + (1 - rho) * g[i] * g[i]
            let delta = -(d[i] + epsilon).squareRoot() * g[i] / (a[i] + epsilon).squareRoot()
            d[i] = rho * d[i] + (1 - rho) * delta * delta
            w[i] += lr * delta
        }
    }
}
