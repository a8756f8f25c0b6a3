// Sequential: a stack of layers, each feeding the next (Keras's keras.Sequential).
//   y = fₖ(… f₂(f₁(x)))
// The model builds every layer from the input shape (declared by an Input layer, or taken from
// the first data it sees), checking each layer's shape on the way and naming the layer that
// does not fit. compile, fit, evaluate, predict, summary and save come from Model.

import Foundation

/// A stack of layers: `Sequential { Input(shape: [30]); Dense(30, activation: .relu); ... }`.
public final class Sequential: Model {
    /// An empty model or one with the given layers.
    public init(_ layers: [Layer] = [], name: String? = nil, seed: UInt64? = nil) {
        super.init(name: name ?? LayerNames.unique("sequential"), seed: seed)
        for layer in layers { add(layer) }
    }

    /// A model from a builder block of layers.
    public convenience init(name: String? = nil, seed: UInt64? = nil, @LayerBuilder _ layers: () -> [Layer]) {
        self.init(layers(), name: name, seed: seed)
    }

    /// Adds a layer on top of the stack.
    public func add(_ layer: Layer) {
        if let input = layer as? Input {
            inputShape = input.shape
        }
        layers.append(layer)
        outputShape = nil
    }

    /// Builds every layer for samples of `inputShape` (batch excluded), checking the shapes.
    public override func build(inputShape: [Int]) throws {
        if let declared = self.inputShape, declared != inputShape {
            throw SynapseError.layer(name: layers.first?.name ?? name,
                                     reason: "expected input shape \(shapeText(declared)); got \(shapeText(inputShape))")
        }
        var generator = seed.map { SeededGenerator(seed: $0) } ?? Random.makeGenerator()
        var shape = inputShape
        var values = 0
        for layer in layers {
            if !layer.isBuilt || layer is Input { try layer.build(inputShape: shape, generator: &generator) }
            shape = try layer.outputShape(forInputShape: shape)
            values += layer.parameterCount
            try checkMemory(values: values, upTo: layer)
        }
        self.inputShape = inputShape
        outputShape = shape
    }

    public override func call(_ x: Tensor, training: Bool) -> Tensor {
        Sequential.forward(x, through: layers[...], training: training)
    }

    public override var outputLogitsLayer: LogitsProviding? { layers.last as? LogitsProviding }

    public override func logits(_ x: Tensor, training: Bool) -> Tensor {
        let hidden = Sequential.forward(x, through: layers.dropLast(), training: training)
        return outputLogitsLayer!.logits(hidden)
    }

    /// Runs `layers` in turn, carrying the mask of padded steps from the layer that makes it
    /// (Embedding with maskZero, Masking) to those that read it (the recurrent layers). A mask
    /// [batch, steps] stays while the outputs keep those two leading dimensions (Dense, Dropout
    /// and the like act per step, as Keras's masking-aware layers do) and is dropped otherwise.
    static func forward(_ x: Tensor, through layers: ArraySlice<Layer>, training: Bool) -> Tensor {
        var mask: Tensor?
        var h = x
        for layer in layers {
            let input = h
            if let consumer = layer as? MaskConsuming {
                h = consumer.call(h, mask: mask, training: training)
            } else {
                h = layer.call(h, training: training)
            }
            if let producer = layer as? MaskProducing {
                mask = producer.computeMask(input, previous: mask)
            } else if let m = mask, h.rank < 3 || Array(h.shape.prefix(2)) != m.shape {
                mask = nil
            }
        }
        return h
    }

    /// The model's configuration: its name and each layer's class and config.
    public override var config: JSONValue {
        ["name": .string(name), "seed": seed.json, "layers": .array(layers.map(\.serialized))]
    }
}

/// Collects the layers of a `Sequential { ... }` block.
@resultBuilder
public enum LayerBuilder {
    public static func buildExpression(_ layer: Layer) -> [Layer] { [layer] }
    public static func buildExpression(_ layers: [Layer]) -> [Layer] { layers }
    public static func buildBlock(_ parts: [Layer]...) -> [Layer] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Layer]?) -> [Layer] { part ?? [] }
    public static func buildEither(first part: [Layer]) -> [Layer] { part }
    public static func buildEither(second part: [Layer]) -> [Layer] { part }
    public static func buildArray(_ parts: [[Layer]]) -> [Layer] { parts.flatMap { $0 } }
}
