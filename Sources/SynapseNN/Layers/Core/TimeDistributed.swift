// TimeDistributed (Keras's layers.TimeDistributed): one layer applied to every step of a sequence.
//
//   x [n, T, …]  →  reshape to [n·T, …]  →  y′ = layer(x′)  →  reshape to [n, T, …′]
//   ∂x = the inner layer's input gradient, reshaped back (the reshapes record their backward)
// The weights are the inner layer's, shared by every step, under the inner layer's names
// (`dense/kernel`), so a model file rebuilds them through the inner layer's configuration.
// The output keeps [n, T] in front, so a mask of the steps passes through Sequential unchanged.

/// Applies `layer` to each step of [batch, steps, ...] inputs: `TimeDistributed(Dense(3))`.
public final class TimeDistributed: Layer {
    public static let className = "TimeDistributed"
    public let name: String
    /// The layer applied to every step; it sees inputs of the per-step shape.
    public let layer: Layer
    /// The inner layer's: freezing the wrapper freezes the layer it wraps (as Keras).
    public var trainable: Bool {
        get { layer.trainable }
        set { layer.trainable = newValue }
    }
    public private(set) var inputShape: [Int]?
    public var isBuilt: Bool { inputShape != nil }
    public var weights: [Weight] { layer.weights }

    public init(_ layer: Layer, name: String? = nil) {
        self.layer = layer
        self.name = name ?? LayerNames.unique("time_distributed")
    }

    /// [steps] followed by the inner layer's output shape for one step.
    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        guard inputShape.count >= 2, inputShape[0] > 0 else {
            throw SynapseError.layer(name: name, reason: "TimeDistributed needs sequences (steps, ...) with at least one axis per step; "
                + "got shape \(shapeText(inputShape))")
        }
        return [inputShape[0]] + (try layer.outputShape(forInputShape: Array(inputShape.dropFirst())))
    }

    /// Builds the inner layer for one step's shape, unless it is built already (then the shape
    /// must suit it).
    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        if !layer.isBuilt { try layer.build(inputShape: Array(inputShape.dropFirst()), generator: &generator) }
        self.inputShape = inputShape
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        guard x.rank >= 3 else { fatalError("Layer '\(name)': expected sequences [batch, steps, ...]; got \(x.shape)") }
        let (n, steps) = (x.shape[0], x.shape[1])
        let y = layer.call(x.reshaped(to: [n * steps] + x.shape.dropFirst(2)), training: training)
        return y.reshaped(to: [n, steps] + y.shape.dropFirst())
    }

    public var config: LayerConfig {
        ["name": .string(name), "trainable": .bool(trainable), "layer": layer.serialized]
    }

    /// Reads `{"layer": {"class_name": ..., "config": {...}}}` and rebuilds the inner layer
    /// through `LayerRegistry`.
    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "TimeDistributed")
        let layerName = try r.string("name", default: nil)
        guard let inner = r.value("layer") else {
            throw SynapseError.layer(name: layerName ?? "TimeDistributed",
                                     reason: "the configuration needs 'layer' as {\"class_name\": ..., \"config\": {...}}")
        }
        let layer: Layer
        do {
            layer = try LayerRegistry.layer(from: inner)
        } catch {
            throw SynapseError.layer(name: layerName ?? "TimeDistributed", reason: "cannot rebuild the wrapped layer: \(error)")
        }
        self.init(layer, name: layerName)
        if r.value("trainable") != nil { trainable = try r.bool("trainable", default: true) }
    }
}
