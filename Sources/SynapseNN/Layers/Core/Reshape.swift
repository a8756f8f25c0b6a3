// Reshape: each sample to `targetShape` (one dimension may be −1, inferred), batch kept.
// ∂x = g reshaped back.

/// Reshapes each sample: `Reshape([28, 28, 1])`.
public final class Reshape: Layer {
    public static let className = "Reshape"
    public let name: String
    public var trainable = true
    public let targetShape: [Int]
    public private(set) var inputShape: [Int]?
    public var isBuilt: Bool { inputShape != nil }
    public var weights: [Weight] { [] }

    public init(_ targetShape: [Int], name: String? = nil) {
        self.targetShape = targetShape
        self.name = name ?? LayerNames.unique("reshape")
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        self.inputShape = inputShape
    }

    public func validateArguments() throws {
        try requireArgument(targetShape.filter { $0 == -1 }.count <= 1 && targetShape.allSatisfy { $0 > 0 || $0 == -1 },
                            "Reshape target \(targetShape) needs positive sizes and at most one -1")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        let count = inputShape.reduce(1, *)
        let known = targetShape.filter { $0 != -1 }.reduce(1, *)
        let fits = targetShape.contains(-1) ? known > 0 && count % known == 0 : known == count
        guard fits else {
            throw SynapseError.layer(name: name, reason: "cannot reshape inputs of shape \(shapeText(inputShape)) (\(count) values) to \(targetShape)")
        }
        return targetShape.map { $0 == -1 ? count / known : $0 }
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        x.reshaped(to: [x.shape.first ?? 1] + targetShape)
    }

    public var config: LayerConfig { ["name": .string(name), "target_shape": .array(targetShape.map { .number(Double($0)) })] }
    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "Reshape")
        let name = try r.string("name", default: nil)
        let target = try r.ints("target_shape")
        guard target.filter({ $0 == -1 }).count <= 1 && target.allSatisfy({ $0 > 0 || $0 == -1 }) else {
            throw SynapseError.layer(name: name ?? "Reshape",
                                     reason: "'target_shape' \(target) needs positive sizes and at most one -1")
        }
        self.init(target, name: name)
    }
}
