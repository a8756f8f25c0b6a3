// Merge layers: one output from several inputs of a functional model (Keras's layers.Add, ...).
//   Add       y = Σᵢ xᵢ                 ∂xᵢ = g
//   Subtract  y = x₁ − x₂               ∂x₁ = g, ∂x₂ = −g
//   Multiply  y = Πᵢ xᵢ                 ∂xᵢ = g ⊙ Πⱼ≠ᵢ xⱼ
//   Average   y = (1/n) Σᵢ xᵢ           ∂xᵢ = g / n
//   Maximum   y = max(x₁, …, xₙ)        g flows to the largest (the first of equals)
//   Minimum   y = min(x₁, …, xₙ)        g flows to the smallest (the first of equals)
//   Concatenate(axis)  inputs joined along `axis` (−1: the features); g is split back
//   Dot(axes: 1)       y = Σⱼ aⱼ bⱼ per row, [batch, 1]; with normalize, each input is first
//                      divided by its L2 norm √max(Σ x², 1e−12), as Keras does
// The gradients are the ops' own (SynapseTensor); the layers only check shapes and compose.
// They have no weights. Called on symbolic values (`Add()([a, b])`) they join a functional
// model's graph; on tensors, `merge(_:)` computes them directly.

import Foundation

/// A layer that combines several inputs into one.
public protocol MergeLayer: Layer {
    /// The output shape for inputs of `shapes` (batch excluded), or an error naming the layer.
    func outputShape(forInputShapes shapes: [[Int]]) throws -> [Int]
    /// The forward pass on a batch of each input.
    func merge(_ inputs: [Tensor]) -> Tensor
}

/// What the merge layers share: a name, no weights, and the Layer requirements that take one
/// input (a merge layer called on one tensor is a programming error, stopped with a sentence).
public class Merge: MergeLayer {
    public class var className: String { "Merge" }
    public let name: String
    public var trainable = true
    /// The shapes of the inputs, once built.
    public private(set) var inputShapes: [[Int]]?
    public var inputShape: [Int]? { inputShapes?.first }
    public var isBuilt: Bool { inputShapes != nil }
    public var weights: [Weight] { [] }

    init(name: String?, base: String) {
        self.name = name ?? LayerNames.unique(base)
    }

    public required convenience init(config: LayerConfig) throws {
        self.init(name: try ConfigReader(config: config, owner: Self.className).string("name", default: nil),
                  base: LayerNames.snakeCase(Self.className))
    }

    public var config: LayerConfig { ["name": .string(name), "trainable": .bool(trainable)] }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        throw SynapseError.layer(name: name, reason: "\(Self.className) merges a list of inputs; call it on [a, b, ...]")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        throw SynapseError.layer(name: name, reason: "\(Self.className) merges a list of inputs; call it on [a, b, ...]")
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        fatalError("Layer '\(name)': \(Self.className) merges a list of inputs; call merge([a, b, ...])")
    }

    /// Records the input shapes once they are checked.
    func build(inputShapes shapes: [[Int]]) throws {
        _ = try outputShape(forInputShapes: shapes)
        inputShapes = shapes
    }

    open func outputShape(forInputShapes shapes: [[Int]]) throws -> [Int] {
        try requireArgument(shapes.count >= 2, "\(Self.className) needs at least 2 inputs; got \(shapes.count)")
        for shape in shapes.dropFirst() where shape != shapes[0] {
            throw SynapseError.layer(name: name, reason: "\(Self.className) needs inputs of one shape; got "
                + shapes.map { shapeText($0) }.joined(separator: " and "))
        }
        return shapes[0]
    }

    open func merge(_ inputs: [Tensor]) -> Tensor { fatalError("\(Self.className) does not override merge") }
}

/// Keras's `Add`: the sum of the inputs.
public final class Add: Merge {
    public override class var className: String { "Add" }
    public convenience init(name: String? = nil) { self.init(name: name, base: "add") }
    public override func merge(_ inputs: [Tensor]) -> Tensor { inputs.dropFirst().reduce(inputs[0], +) }
}

/// Keras's `Subtract`: the first input minus the second.
public final class Subtract: Merge {
    public override class var className: String { "Subtract" }
    public convenience init(name: String? = nil) { self.init(name: name, base: "subtract") }
    public override func outputShape(forInputShapes shapes: [[Int]]) throws -> [Int] {
        try requireArgument(shapes.count == 2, "Subtract needs exactly 2 inputs; got \(shapes.count)")
        return try super.outputShape(forInputShapes: shapes)
    }
    public override func merge(_ inputs: [Tensor]) -> Tensor { inputs[0] - inputs[1] }
}

/// Keras's `Multiply`: the elementwise product of the inputs.
public final class Multiply: Merge {
    public override class var className: String { "Multiply" }
    public convenience init(name: String? = nil) { self.init(name: name, base: "multiply") }
    public override func merge(_ inputs: [Tensor]) -> Tensor { inputs.dropFirst().reduce(inputs[0], *) }
}

/// Keras's `Average`: the elementwise mean of the inputs.
public final class Average: Merge {
    public override class var className: String { "Average" }
    public convenience init(name: String? = nil) { self.init(name: name, base: "average") }
    public override func merge(_ inputs: [Tensor]) -> Tensor {
        inputs.dropFirst().reduce(inputs[0], +) * (1 / Float(inputs.count))
    }
}

/// Keras's `Maximum`: the elementwise largest input.
public final class Maximum: Merge {
    public override class var className: String { "Maximum" }
    public convenience init(name: String? = nil) { self.init(name: name, base: "maximum") }
    public override func merge(_ inputs: [Tensor]) -> Tensor { inputs.dropFirst().reduce(inputs[0]) { maximum($0, $1) } }
}

/// Keras's `Minimum`: the elementwise smallest input.
public final class Minimum: Merge {
    public override class var className: String { "Minimum" }
    public convenience init(name: String? = nil) { self.init(name: name, base: "minimum") }
    public override func merge(_ inputs: [Tensor]) -> Tensor { inputs.dropFirst().reduce(inputs[0]) { minimum($0, $1) } }
}

/// Keras's `Concatenate`: the inputs joined along `axis` (Keras's axes: 0 is the batch, −1 the last).
public final class Concatenate: Merge {
    public override class var className: String { "Concatenate" }
    public let axis: Int
    public init(axis: Int = -1, name: String? = nil) {
        self.axis = axis
        super.init(name: name, base: "concatenate")
    }
    public required convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "Concatenate")
        self.init(axis: try r.int("axis", default: -1) ?? -1, name: try r.string("name", default: nil))
    }
    public override var config: LayerConfig {
        ["name": .string(name), "trainable": .bool(trainable), "axis": .number(Double(axis))]
    }

    /// The axis of a sample (batch excluded) for inputs of rank `rank` (batch included).
    private func sampleAxis(rank: Int) throws -> Int {
        let a = axis < 0 ? rank + axis : axis
        try requireArgument(a >= 1 && a < rank, "Concatenate axis \(axis) is not a feature axis of inputs of rank \(rank) (batch included)")
        return a - 1
    }

    public override func outputShape(forInputShapes shapes: [[Int]]) throws -> [Int] {
        try requireArgument(shapes.count >= 2, "Concatenate needs at least 2 inputs; got \(shapes.count)")
        let a = try sampleAxis(rank: shapes[0].count + 1)
        var out = shapes[0]
        for shape in shapes.dropFirst() {
            var (x, y) = (shape, shapes[0])
            guard x.count == y.count else {
                throw SynapseError.layer(name: name, reason: "Concatenate needs inputs of one rank; got "
                    + shapes.map { shapeText($0) }.joined(separator: " and "))
            }
            x.remove(at: a); y.remove(at: a)
            guard x == y else {
                throw SynapseError.layer(name: name, reason: "Concatenate along axis \(axis) needs inputs that agree on the other axes; got "
                    + shapes.map { shapeText($0) }.joined(separator: " and "))
            }
            out[a] += shape[a]
        }
        return out
    }

    public override func merge(_ inputs: [Tensor]) -> Tensor {
        Tensor.concatenate(inputs, alongAxis: axis < 0 ? inputs[0].rank + axis : axis)
    }
}

/// Keras's `Dot(axes: 1)` on two inputs [batch, n]: the dot product of each pair of rows,
/// [batch, 1]; `normalize` takes the cosine similarity instead.
public final class Dot: Merge {
    public override class var className: String { "Dot" }
    public let axes: Int
    public let normalize: Bool
    public init(axes: Int, normalize: Bool = false, name: String? = nil) {
        self.axes = axes
        self.normalize = normalize
        super.init(name: name, base: "dot")
    }
    public required convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "Dot")
        guard let axes = config["axes"]?.intValue ?? config["axes"]?.arrayValue?.first?.intValue else { throw r.missing("axes", "an integer") }
        self.init(axes: axes, normalize: try r.bool("normalize", default: false), name: try r.string("name", default: nil))
    }
    public override var config: LayerConfig {
        ["name": .string(name), "trainable": .bool(trainable), "axes": .number(Double(axes)), "normalize": .bool(normalize)]
    }

    public override func outputShape(forInputShapes shapes: [[Int]]) throws -> [Int] {
        try requireArgument(shapes.count == 2, "Dot needs exactly 2 inputs; got \(shapes.count)")
        try requireArgument(shapes[0].count == 1 && shapes[0] == shapes[1] && (axes == 1 || axes == -1),
                            "Synapse's Dot takes two inputs [batch, n] of one shape with axes 1; got "
                                + shapes.map { shapeText($0) }.joined(separator: " and ") + " with axes \(axes)")
        return [1]
    }

    public override func merge(_ inputs: [Tensor]) -> Tensor {
        func unit(_ x: Tensor) -> Tensor {
            x / sqrt(maximum(x.squared().sum(alongAxes: [1], keepingDims: true), Tensor(Float(1e-12))))
        }
        let (a, b) = normalize ? (unit(inputs[0]), unit(inputs[1])) : (inputs[0], inputs[1])
        return (a * b).sum(alongAxes: [1], keepingDims: true)
    }
}
