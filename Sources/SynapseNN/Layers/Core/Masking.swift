// Masking (Keras's layers.Masking): marks the padded steps of a sequence for the layers after it.
//
//   x [n, T, d];  m[b, t] = 1 if some x[b, t, j] ≠ maskValue, else 0      (the mask, [n, T])
//   y = x ⊙ m (broadcast over the features: a padded step becomes zeros)   ∂x = g ⊙ m
// Composed from a comparison, a max over the features and a product, as Keras computes it.
// The mask flows through Sequential to the recurrent layers, which skip the padded steps.

/// Skips the steps whose features all equal `maskValue`: `Masking(maskValue: 0)` before an LSTM.
public final class Masking: Layer, MaskProducing {
    public static let className = "Masking"
    public let name: String
    public var trainable = true
    /// The value that marks a padded step (in every feature).
    public let maskValue: Float
    public private(set) var inputShape: [Int]?
    public var isBuilt: Bool { inputShape != nil }
    public var weights: [Weight] { [] }

    public init(maskValue: Float = 0, name: String? = nil) {
        self.maskValue = maskValue
        self.name = name ?? LayerNames.unique("masking")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        guard !inputShape.isEmpty else {
            throw SynapseError.layer(name: name, reason: "Masking needs samples with a last axis of features, (steps, features) "
                + "for sequences; got shape \(shapeText(inputShape))")
        }
        return inputShape
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        self.inputShape = inputShape
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        guard x.rank >= 2 else { fatalError("Layer '\(name)': expected inputs [batch, ..., features]; got \(x.shape)") }
        return x * keep(x)
    }

    /// [n, T]: 1 for the steps that have a feature other than `maskValue`.
    public func computeMask(_ input: Tensor, previous: Tensor?) -> Tensor? {
        keep(input).squeezingShape(at: -1)
    }

    /// [n, T, 1]: 1 where some feature differs from `maskValue` (no gradient).
    private func keep(_ x: Tensor) -> Tensor {
        (x .!= maskValue).max(alongAxes: -1, keepingDims: true)
    }

    public var config: LayerConfig {
        ["name": .string(name), "trainable": .bool(trainable), "mask_value": .number(Double(maskValue))]
    }

    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "Masking")
        let layerName = try r.string("name", default: nil)
        self.init(maskValue: Float(try r.double("mask_value", default: 0)), name: layerName)
        trainable = try r.bool("trainable", default: true)
    }
}
