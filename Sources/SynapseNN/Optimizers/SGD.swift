// Stochastic gradient descent (Keras 3), learning rate η = 0.01, momentum μ = 0:
//   μ = 0:       w ← w − η g
//   momentum:    m ← μ m − η g;  w ← w + m
//   Nesterov:    m ← μ m − η g;  w ← w + μ m − η g

/// Keras's `SGD`.
public final class SGD: Optimizer {
    public var momentum: Float
    public var nesterov: Bool

    public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false,
                clipnorm: Float? = nil, clipvalue: Float? = nil, globalClipnorm: Float? = nil,
                weightDecay: Float? = nil) {
        self.momentum = momentum
        self.nesterov = nesterov
        super.init(learningRate: learningRate, clipnorm: clipnorm, clipvalue: clipvalue, globalClipnorm: globalClipnorm, weightDecay: weightDecay)
    }

    public override var name: String { "sgd" }
    public override var slotNames: [String] { momentum != 0 ? ["momentum"] : [] }
    public override var hyperparameters: [String: JSONValue] { ["momentum": .number(Double(momentum)), "nesterov": .bool(nesterov)] }
    public override func setHyperparameter(_ key: String, _ value: Float) {
        if key == "momentum" { momentum = value }
        if key == "nesterov" { nesterov = value != 0 }
    }

    public override func update(step: Int, learningRate lr: Float, weight w: UnsafeMutablePointer<Float>,
                                gradient g: UnsafePointer<Float>, slots: [UnsafeMutablePointer<Float>], count: Int) {
        guard momentum != 0 else {
            for i in 0..<count { w[i] -= lr * g[i] }
            return
        }
        let m = slots[0]
        for i in 0..<count {
            m[i] = momentum * m[i] - lr * g[i]
            w[i] += nesterov ? momentum * m[i] - lr * g[i] : m[i]
        }
    }
}
