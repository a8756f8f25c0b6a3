// RandomFlip (Keras's layers.RandomFlip): while training, each image of the batch is mirrored
// with probability 1/2 — left to right ("horizontal"), top to bottom ("vertical"), or both at
// once by the same draw ("horizontal_and_vertical", Keras's default: the image turns 180°).
// At inference y = x. With m the image's draw (0 or 1) and F the flip:
//   y = (1 − m)·x + m·F(x)      ∂x = (1 − m)·g + m·F(g)
// Draws come from the layer's stream (its seed, else the model's generator), one per call.

/// Mirrors images at random while training.
public final class RandomFlip: Layer {
    public static let className = "RandomFlip"
    /// Which way images are mirrored.
    public enum Mode: String, Sendable, CaseIterable {
        case horizontal
        case vertical
        case horizontalAndVertical = "horizontal_and_vertical"
    }

    public let name: String
    public var trainable = true
    public let mode: Mode
    public let seed: UInt64?
    public private(set) var inputShape: [Int]?
    public var isBuilt: Bool { inputShape != nil }
    public var weights: [Weight] { [] }
    private var draws: MaskSeeds

    public init(mode: Mode = .horizontalAndVertical, seed: UInt64? = nil, name: String? = nil) {
        self.mode = mode
        self.seed = seed
        self.name = name ?? LayerNames.unique("random_flip")
        draws = MaskSeeds(seed: seed)
    }

    /// Keras's positional form: `RandomFlip("horizontal")`; throws for another mode's name.
    public convenience init(_ mode: String, seed: UInt64? = nil) throws {
        guard let parsed = Mode(rawValue: mode) else {
            throw SynapseError.invalidArgument("RandomFlip mode must be horizontal, vertical or horizontal_and_vertical; got '\(mode)'")
        }
        self.init(mode: parsed, seed: seed)
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        draws.start(from: &generator)
        self.inputShape = inputShape
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try requireImages(inputShape, layer: name, owner: "RandomFlip")
        return inputShape
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        guard training else { return x }
        var random = SeededGenerator(seed: draws.next())
        let flips = (0..<x.shape[0]).map { _ in Float(random.nextUniform() < 0.5 ? 1 : 0) }
        let m = Tensor(shape: [x.shape[0], 1, 1, 1], scalars: flips)
        var flipped = x
        if mode != .vertical { flipped = flipped.reversed(alongAxis: 2) }
        if mode != .horizontal { flipped = flipped.reversed(alongAxis: 1) }
        return x * (1 - m) + flipped * m
    }

    public var config: LayerConfig {
        ["name": .string(name), "mode": .string(mode.rawValue), "seed": seed.json, "data_format": "channels_last"]
    }

    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "RandomFlip")
        let name = try r.string("name", default: nil)
        try checkImageConfig(r, name: name ?? "RandomFlip")
        let text = try r.string("mode", default: Mode.horizontalAndVertical.rawValue)!
        guard let mode = Mode(rawValue: text) else {
            throw SynapseError.layer(name: name ?? "RandomFlip", reason: "'mode' must be horizontal, vertical or horizontal_and_vertical; got '\(text)'")
        }
        self.init(mode: mode, seed: try r.seed(), name: name)
    }
}
