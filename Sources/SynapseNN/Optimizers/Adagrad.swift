// Adagrad (Keras 3): η = 0.001, initial accumulator 0.1, ε = 1e-7:
//   a ← a + g²
//   w ← w − η g / √(a + ε)

/// Keras's `Adagrad`.
public final class Adagrad: Optimizer {
    public var initialAccumulatorValue: Float
    public var epsilon: Float

    public init(learningRate: Float = 0.001, initialAccumulatorValue: Float = 0.1, epsilon: Float = 1e-7,
                clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil,
                weightDecay: Float? = nil) {
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm, weightDecay: weightDecay)
    }

    public override var name: String { "adagrad" }
    public override var slotNames: [String] { ["accumulator"] }
    public override func initialSlotValue(_ slot: Int) -> Float { initialAccumulatorValue }
    public override var hyperparameters: [String: JSONValue] {
        ["initial_accumulator_value": .number(Double(initialAccumulatorValue)), "epsilon": .number(Double(epsilon))]
    }
    public override func setHyperparameter(_ key: String, _ value: Float) {
        if key == "initial_accumulator_value" { initialAccumulatorValue = value }
        if key == "epsilon" { epsilon = value }
    }

    public override func update(step: Int, learningRate lr: Float, weight w: UnsafeMutablePointer<Float>,
                                gradient g: UnsafePointer<Float>, slots: [UnsafeMutablePointer<Float>], count: Int) {
        let a = slots[0]
        for i in 0..<count {
            a[i] += g[i] * g[i]
            w[i] -= lr * g[i] / (a[i] + epsilon).squareRoot()
        }
    }
}
