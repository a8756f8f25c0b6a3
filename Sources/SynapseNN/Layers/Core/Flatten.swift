// Flatten: [batch, d₁, ..., dₖ] → [batch, d₁·...·dₖ] (row-major, as Keras with channels last).
// ∂x = g reshaped back.

/// Flattens each sample to one axis.
public final class Flatten: Layer {
    public static let className = "Flatten"
    public let name: String
    public var trainable = true
    public private(set) var inputShape: [Int]?
    public var isBuilt: Bool { inputShape != nil }
    public var weights: [Weight] { [] }

    public init(name: String? = nil) { self.name = name ?? LayerNames.unique("flatten") }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws { self.inputShape = inputShape }
    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] { [inputShape.reduce(1, *)] }
    public func call(_ x: Tensor, training: Bool) -> Tensor {
        x.reshaped(to: [x.shape.first ?? 1, x.shape.dropFirst().reduce(1, *)])
    }

    public var config: LayerConfig { ["name": .string(name)] }
    public convenience init(config: LayerConfig) throws {
        self.init(name: try ConfigReader(config: config, owner: "Flatten").string("name", default: nil))
    }
}
