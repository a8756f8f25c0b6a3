// Activation: applies an activation function as a layer of its own (Keras's layers.Activation).
//   y = f(x), ∂x = g ⊙ f′(x) — see Activations.swift for each f.

/// A layer that applies `activation` to its input.
public final class Activation: Layer {
    public static let className = "Activation"
    public let name: String
    public var trainable = true
    public let activation: ActivationFunction
    public private(set) var inputShape: [Int]?
    public var isBuilt: Bool { inputShape != nil }
    public var weights: [Weight] { [] }

    public init(_ activation: ActivationFunction, name: String? = nil) {
        self.activation = activation
        self.name = name ?? LayerNames.unique("activation")
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws { self.inputShape = inputShape }
    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] { inputShape }
    public func call(_ x: Tensor, training: Bool) -> Tensor { activation(x) }

    public var config: LayerConfig { ["name": .string(name), "activation": activation.config] }

    public convenience init(config: LayerConfig) throws {
        self.init(try ActivationFunction(config: config["activation"] ?? .null),
                  name: try ConfigReader(config: config, owner: "Activation").string("name", default: nil))
    }
}
