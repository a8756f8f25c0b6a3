// BatchNormalization (Keras's layers.BatchNormalization): normalises each feature of `axis`
// (channels last: the last axis) over every other axis — the batch, and the height and width
// of NHWC images.
//
//   training:   μ_B = mean(x),  σ²_B = mean((x − μ_B)²)        (population variance, as Keras)
//               x̂ = (x − μ_B) / √(σ²_B + ε),   y = γ ⊙ x̂ + β
//               moving_mean ← moving_mean·momentum + μ_B·(1 − momentum)      (once per call,
//               moving_var  ← moving_var·momentum  + σ²_B·(1 − momentum)      outside the graph)
//   inference:  y = γ ⊙ (x − moving_mean) / √(moving_var + ε) + β
//   gradients (m values per feature, g = ∂L/∂y):
//               ∂β = Σ g,   ∂γ = Σ g ⊙ x̂,   ∂x = γ/√(σ²_B + ε) ⊙ (g − mean(g) − x̂ ⊙ mean(g ⊙ x̂))
// The training path is one fused op (Tensor.batchNormalized) with that backward; tests check it
// against the same formula composed from differentiable ops. A layer whose `trainable` is false
// runs in inference mode, as in Keras.

/// Normalises each feature (channel) with the batch's statistics while training and with moving
/// averages of them at inference: `BatchNormalization()` after a Dense or Conv2D layer.
public final class BatchNormalization: Layer {
    public static let className = "BatchNormalization"
    public let name: String
    public var trainable = true
    /// The feature axis, counted with the batch axis (−1: the last).
    public let axis: Int
    /// The weight of the old moving statistics in each update.
    public let momentum: Float
    /// Added to the variance before the square root.
    public let epsilon: Float
    /// Whether the layer has the offset β.
    public let center: Bool
    /// Whether the layer has the scale γ.
    public let scale: Bool

    public private(set) var inputShape: [Int]?
    /// γ [features], `<name>/gamma`, ones; nil without `scale`.
    public private(set) var gamma: Weight?
    /// β [features], `<name>/beta`, zeros; nil without `center`.
    public private(set) var beta: Weight?
    /// The moving mean [features], `<name>/moving_mean`, zeros, not trainable.
    public private(set) var movingMean: Weight?
    /// The moving variance [features], `<name>/moving_variance`, ones, not trainable.
    public private(set) var movingVariance: Weight?

    public var isBuilt: Bool { movingMean != nil }
    public var weights: [Weight] { [gamma, beta, movingMean, movingVariance].compactMap { $0 } }

    /// - Parameters:
    ///   - axis: the feature axis of the input, batch axis included (−1, the last, for Dense
    ///     outputs and NHWC images).
    ///   - momentum: the moving statistics' decay, in [0, 1].
    ///   - epsilon: a positive number added to the variance.
    ///   - center: whether to add the learned offset β.
    ///   - scale: whether to multiply by the learned scale γ.
    public init(axis: Int = -1, momentum: Float = 0.99, epsilon: Float = 0.001, center: Bool = true,
                scale: Bool = true, name: String? = nil) {
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.name = name ?? LayerNames.unique("batch_normalization")
    }

    /// The feature axis counted with the batch axis, for inputs of rank `rank` (batch included).
    private func featureAxis(rank: Int) -> Int? {
        let a = axis < 0 ? axis + rank : axis
        return a >= 1 && a < rank ? a : nil
    }

    public func validateArguments() throws {
        try requireArgument(axis != 0, "BatchNormalization cannot normalise over the batch axis 0")
        try requireArgument(momentum >= 0 && momentum <= 1, "BatchNormalization momentum must be in [0, 1]; got \(momentum)")
        try requireArgument(epsilon > 0, "BatchNormalization epsilon must be positive; got \(epsilon)")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        guard !inputShape.isEmpty, let a = featureAxis(rank: inputShape.count + 1) else {
            throw SynapseError.layer(name: name, reason: "BatchNormalization with axis \(axis) needs inputs with that axis besides the batch; got shape \(shapeText(inputShape))")
        }
        if let built = self.inputShape, built.count != inputShape.count || built[a - 1] != inputShape[a - 1] {
            throw SynapseError.layer(name: name, reason: "expected inputs like \(shapeText(built)); got \(shapeText(inputShape))")
        }
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        let features = inputShape[featureAxis(rank: inputShape.count + 1)! - 1]
        try checkWeightSize([features], weight: "\(name)/moving_mean", layer: name)
        gamma = scale ? Weight(name: "\(name)/gamma", value: Tensor(shape: [features], repeating: 1)) : nil
        beta = center ? Weight(name: "\(name)/beta", value: Tensor(shape: [features], repeating: 0)) : nil
        movingMean = Weight(name: "\(name)/moving_mean", value: Tensor(shape: [features], repeating: 0), trainable: false)
        movingVariance = Weight(name: "\(name)/moving_variance", value: Tensor(shape: [features], repeating: 1), trainable: false)
        self.inputShape = inputShape
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        guard let movingMean, let movingVariance else { fatalError("Layer '\(name)' is called before it is built") }
        guard let a = featureAxis(rank: x.rank), x.shape[a] == movingMean.value.count else {
            fatalError("Layer '\(name)': expected inputs with \(movingMean.value.count) features on axis \(axis); got \(x.shape)")
        }
        guard training && trainable else { return inference(x, axis: a) }
        let (y, batchMean, batchVariance) = Tensor.batchNormalized(x, gamma: gamma?.value, beta: beta?.value,
                                                                   axis: a, epsilon: epsilon)
        updateMovingStatistics(mean: batchMean, variance: batchVariance)
        return y
    }

    /// moving ← moving·momentum + batch·(1 − momentum), in place and unrecorded.
    func updateMovingStatistics(mean: Tensor, variance: Tensor) {
        guard let movingMean, let movingVariance else { return }
        withoutGradients {
            for (weight, batch) in [(movingMean, mean), (movingVariance, variance)] {
                let updated = weight.value * momentum + batch.detached().reshaped(to: weight.value.shape) * (1 - momentum)
                try! weight.assign(updated)   // same shape by construction
            }
        }
    }

    /// y = γ (x − moving_mean)/√(moving_var + ε) + β, as x·a + b with a and b per feature.
    private func inference(_ x: Tensor, axis a: Int) -> Tensor {
        let shape = broadcastShape(rank: x.rank, axis: a, features: x.shape[a])
        let inverseStd = 1 / sqrt(movingVariance!.value + epsilon)
        let factor = gamma.map { $0.value * inverseStd } ?? inverseStd
        var y = x * factor.reshaped(to: shape) - (movingMean!.value * factor).reshaped(to: shape)
        if let beta { y = y + beta.value.reshaped(to: shape) }
        return y
    }

    /// [1, …, features, …, 1]: a per-feature vector that broadcasts along `axis`.
    func broadcastShape(rank: Int, axis a: Int, features: Int) -> [Int] {
        (0..<rank).map { $0 == a ? features : 1 }
    }

    public var config: LayerConfig {
        ["name": .string(name), "trainable": .bool(trainable), "axis": .number(Double(axis)),
         "momentum": .number(Double(momentum)), "epsilon": .number(Double(epsilon)),
         "center": .bool(center), "scale": .bool(scale)]
    }

    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "BatchNormalization")
        let name = try r.string("name", default: nil)
        func fail(_ reason: String) -> SynapseError { .layer(name: name ?? "BatchNormalization", reason: reason) }
        // Keras writes axis as an int, or a one-element list.
        var axis = -1
        if let value = r.value("axis") {
            guard let a = value.intValue ?? (value.arrayValue?.count == 1 ? value.arrayValue?[0].intValue : nil) else {
                throw fail("'axis' must be one whole number (or a list of one); got \(value.jsonString())")
            }
            axis = a
        }
        guard axis != 0 else { throw fail("'axis' cannot be 0, the batch axis") }
        let momentum = try r.double("momentum", default: 0.99)
        guard momentum >= 0 && momentum <= 1 else { throw fail("'momentum' must be in [0, 1]; got \(momentum)") }
        let epsilon = try r.double("epsilon", default: 0.001)
        guard epsilon > 0 && epsilon.isFinite && Float(epsilon) > 0 else { throw fail("'epsilon' must be a positive number; got \(epsilon)") }
        self.init(axis: axis, momentum: Float(momentum), epsilon: Float(epsilon),
                  center: try r.bool("center", default: true), scale: try r.bool("scale", default: true), name: name)
        trainable = try r.bool("trainable", default: true)
    }
}
