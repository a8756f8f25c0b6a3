// Input: declares the shape of one sample (batch excluded); passes its input through.
// Keras's `keras.Input(shape=...)`: at the start of a Sequential model, or a functional model's
// input (layers are called on it).

/// The shape of the model's inputs: `Input(shape: [30])`.
public final class Input: Layer {
    public static let className = "InputLayer"
    public let name: String
    public var trainable = true
    /// The shape of one sample.
    public let shape: [Int]
    public var inputShape: [Int]? { shape }
    public var isBuilt: Bool { true }
    public var weights: [Weight] { [] }
    /// The symbolic value that layers are called on in a functional model: one object for as
    /// long as anything (a layer's output, a model's graph) refers to it. Held weakly, because
    /// it refers to this layer: a strong reference both ways would never be freed.
    public var output: KerasTensor {
        if let cachedOutput { return cachedOutput }
        let made = KerasTensor(shape: shape, layer: self, inputs: [])
        cachedOutput = made
        return made
    }
    private weak var cachedOutput: KerasTensor?

    public init(shape: [Int], name: String? = nil) {
        self.shape = shape
        self.name = name ?? LayerNames.unique("input_layer")
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
    }

    public func validateArguments() throws {
        try requireArgument(shape.allSatisfy { $0 > 0 }, "Input needs positive dimensions; got \(shapeText(shape))")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        guard inputShape == shape else {
            throw SynapseError.layer(name: name, reason: "expected inputs of shape \(shapeText(shape)); got \(shapeText(inputShape))")
        }
        return shape
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor { x }

    public var config: LayerConfig {
        ["name": .string(name), "batch_shape": .array([.null] + shape.map { .number(Double($0)) })]
    }

    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "InputLayer")
        guard let dims = config["batch_shape"]?.arrayValue?.dropFirst().map({ $0.intValue }),
              dims.allSatisfy({ ($0 ?? 0) > 0 }) else { throw r.missing("batch_shape", "[null, positive integers]") }
        self.init(shape: dims.map { $0! }, name: try r.string("name", default: nil))
    }
}
