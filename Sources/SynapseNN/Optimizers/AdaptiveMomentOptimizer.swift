// The settings that Adam, Adamax and Nadam share: β₁ (decay of the first moment m, the running
// mean of the gradients), β₂ (decay of the second moment, the running mean of g² — or, for
// Adamax, the running max of |g|) and ε (kept out of the denominator's zero). Each subclass
// states its own update rule in its own file.

/// The base of the Adam family: β₁, β₂ and ε with Keras's defaults and config names.
open class AdaptiveMomentOptimizer: Optimizer {
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float

    public init(learningRate: Float, beta1: Float, beta2: Float, epsilon: Float,
                clipnorm: Float?, clipvalue: Float?, globalClipnorm: Float?, weightDecay: Float? = nil) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue,
                   globalClipnorm: globalClipnorm, weightDecay: weightDecay)
    }

    open override var hyperparameters: [String: JSONValue] {
        ["beta_1": .number(Double(beta1)), "beta_2": .number(Double(beta2)), "epsilon": .number(Double(epsilon))]
    }

    open override func setHyperparameter(_ key: String, _ value: Float) {
        switch key {
        case "beta_1": beta1 = value
        case "beta_2": beta2 = value
        case "epsilon": epsilon = value
        default: break
        }
    }
}
