// Learning-rate schedules (Keras's keras.optimizers.schedules), evaluated at the step count s
// before the update (Keras passes optimizer.iterations), in float32 as Keras evaluates them (the
// tail of a cosine decay, 1 + cos(π·s/S) near 0, keeps float32's rounding):
//   ExponentialDecay:        η₀ · r^(s / S)          (s / S floored when staircase)
//   PiecewiseConstantDecay:  vᵢ for bᵢ₋₁ < s ≤ bᵢ   (v₀ for s ≤ b₀, the last value after the last boundary)
//   CosineDecay:             η₀ · ((1 − α) · ½(1 + cos(π · min(s, S)/S)) + α)

import Foundation

/// A learning rate that changes with the step count.
public protocol LearningRateSchedule {
    /// The learning rate at `step` (0 for the first update).
    func callAsFunction(step: Int) -> Float
    /// The configuration (`{"class_name": ..., "config": {...}}`).
    var config: JSONValue { get }
}

/// η₀ · decayRate^(step / decaySteps).
public struct ExponentialDecay: LearningRateSchedule {
    public var initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool
    public init(initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false) {
        require(decaySteps > 0, "ExponentialDecay needs positive decaySteps")
        (self.initialLearningRate, self.decaySteps, self.decayRate, self.staircase) = (initialLearningRate, decaySteps, decayRate, staircase)
    }
    public func callAsFunction(step: Int) -> Float {
        var p = Float(step) / Float(decaySteps)
        if staircase { p.round(.down) }
        return initialLearningRate * Foundation.pow(decayRate, p)
    }
    public var config: JSONValue {
        ["class_name": "ExponentialDecay", "config": ["initial_learning_rate": .number(Double(initialLearningRate)),
            "decay_steps": .number(Double(decaySteps)), "decay_rate": .number(Double(decayRate)), "staircase": .bool(staircase)]]
    }
}

/// Constant pieces: `values[i]` up to and including `boundaries[i]`.
public struct PiecewiseConstantDecay: LearningRateSchedule {
    public var boundaries: [Int], values: [Float]
    public init(boundaries: [Int], values: [Float]) {
        require(values.count == boundaries.count + 1, "PiecewiseConstantDecay needs one more value than boundaries")
        (self.boundaries, self.values) = (boundaries, values)
    }
    public func callAsFunction(step: Int) -> Float {
        for (i, b) in boundaries.enumerated() where step <= b { return values[i] }
        return values[values.count - 1]
    }
    public var config: JSONValue {
        ["class_name": "PiecewiseConstantDecay", "config": ["boundaries": .array(boundaries.map { .number(Double($0)) }),
            "values": .array(values.map { .number(Double($0)) })]]
    }
}

/// Cosine decay from η₀ to α·η₀ over `decaySteps`.
public struct CosineDecay: LearningRateSchedule {
    public var initialLearningRate: Float, decaySteps: Int, alpha: Float
    public init(initialLearningRate: Float, decaySteps: Int, alpha: Float = 0) {
        require(decaySteps > 0, "CosineDecay needs positive decaySteps")
        (self.initialLearningRate, self.decaySteps, self.alpha) = (initialLearningRate, decaySteps, alpha)
    }
    public func callAsFunction(step: Int) -> Float {
        let progress = Float(Swift.min(step, decaySteps)) / Float(decaySteps)
        let cosine = 0.5 * (1 + Foundation.cos(Float.pi * progress))
        return initialLearningRate * ((1 - alpha) * cosine + alpha)
    }
    public var config: JSONValue {
        ["class_name": "CosineDecay", "config": ["initial_learning_rate": .number(Double(initialLearningRate)),
            "decay_steps": .number(Double(decaySteps)), "alpha": .number(Double(alpha))]]
    }
}

/// Rebuilds a schedule from its configuration.
func makeSchedule(config: JSONValue) throws -> LearningRateSchedule {
    guard let o = config.objectValue, let name = o["class_name"]?.stringValue, let c = o["config"]?.objectValue else {
        throw SynapseError.invalidArgument("a learning-rate schedule needs 'class_name' and 'config'")
    }
    let r = ConfigReader(config: c, owner: name)
    func decaySteps() throws -> Int {
        let steps = try r.int("decay_steps")
        guard steps > 0 else { throw SynapseError.invalidArgument("\(name): 'decay_steps' must be a positive integer; got \(steps)") }
        return steps
    }
    switch name {
    case "ExponentialDecay":
        return ExponentialDecay(initialLearningRate: Float(try r.double("initial_learning_rate", default: 0.01)),
                                decaySteps: try decaySteps(), decayRate: Float(try r.double("decay_rate", default: 0.96)),
                                staircase: try r.bool("staircase", default: false))
    case "PiecewiseConstantDecay":
        let list = c["values"]?.arrayValue ?? []
        let values = list.compactMap { $0.doubleValue.map(Float.init) }
        guard !list.isEmpty && values.count == list.count else { throw r.missing("values", "a list of numbers") }
        let boundaries = try r.ints("boundaries")
        guard values.count == boundaries.count + 1 else {
            throw SynapseError.invalidArgument("PiecewiseConstantDecay needs one more value than boundaries; "
                + "got \(values.count) values for \(boundaries.count) boundaries")
        }
        return PiecewiseConstantDecay(boundaries: boundaries, values: values)
    case "CosineDecay":
        return CosineDecay(initialLearningRate: Float(try r.double("initial_learning_rate", default: 0.01)),
                           decaySteps: try decaySteps(), alpha: Float(try r.double("alpha", default: 0)))
    default:
        throw SynapseError.invalidArgument("unknown learning-rate schedule '\(name)'")
    }
}
