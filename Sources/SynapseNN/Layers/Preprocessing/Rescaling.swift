// Rescaling (Keras's layers.Rescaling): y = x·scale + offset, in training and inference alike —
// `Rescaling(1.0 / 255)` maps pixels 0...255 to 0...1.   ∂x = g·scale

/// Multiplies the inputs by `scale` and adds `offset`.
public final class Rescaling: Layer {
    public static let className = "Rescaling"
    public let name: String
    public var trainable = true
    public let scale: Float
    public let offset: Float
    public private(set) var inputShape: [Int]?
    public var isBuilt: Bool { inputShape != nil }
    public var weights: [Weight] { [] }

    public init(scale: Float, offset: Float = 0, name: String? = nil) {
        self.scale = scale
        self.offset = offset
        self.name = name ?? LayerNames.unique("rescaling")
    }

    /// Keras's positional form: `Rescaling(1.0 / 255)`.
    public convenience init(_ scale: Float, offset: Float = 0) { self.init(scale: scale, offset: offset) }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws { self.inputShape = inputShape }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] { inputShape }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        offset == 0 ? x * scale : x * scale + offset
    }

    public var config: LayerConfig {
        ["name": .string(name), "scale": .number(Double(scale)), "offset": .number(Double(offset))]
    }

    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "Rescaling")
        guard r.value("scale") != nil else { throw r.missing("scale", "a number") }
        self.init(scale: Float(try r.double("scale", default: 1)), offset: Float(try r.double("offset", default: 0)),
                  name: try r.string("name", default: nil))
    }
}
