// RandomRotation, RandomTranslation and RandomZoom (Keras's layers of those names): while
// training, each image of the batch is resampled through an affine transform drawn for it
// (Tensor.affineTransformed: bilinear, points outside filled by `fillMode`, Keras's default
// reflect); at inference y = x. For an image h × w, output pixel (x, y) reads the input at
//   rotation by θ = 2π·U[lower, upper] about the centre:
//     x' = cos θ·x − sin θ·y + ((w−1) − (cos θ·(w−1) − sin θ·(h−1)))/2
//     y' = sin θ·x + cos θ·y + ((h−1) − (sin θ·(w−1) + cos θ·(h−1)))/2
//   translation by dx = w·U[wl, wu], dy = h·U[hl, hu] pixels:   x' = x − dx,  y' = y − dy
//   zoom by zx = 1 + U[wl, wu], zy = 1 + U[hl, hu] about the centre (zx > 1 shows more of
//   the picture, smaller):   x' = zx·x + (w−1)/2·(1 − zx),  y' = zy·y + (h−1)/2·(1 − zy)
// A factor f given alone means [−f, f]. Draws come from the layer's stream (its seed, else the
// model's generator), one per call.

import Foundation

/// What the three affine augmentations share: the random stream, the fill, the config keys.
public class RandomAffineLayer {
    public let name: String
    public var trainable = true
    /// How points outside the image are filled (reflect, wrap, nearest, constant).
    public let fillMode: FillMode
    /// The value of `constant` fill (and of neighbours outside the image).
    public let fillValue: Float
    public let seed: UInt64?
    public private(set) var inputShape: [Int]?
    public var isBuilt: Bool { inputShape != nil }
    public var weights: [Weight] { [] }
    private var draws: MaskSeeds

    init(name: String, fillMode: FillMode, fillValue: Float, seed: UInt64?) {
        self.name = name
        self.fillMode = fillMode
        self.fillValue = fillValue
        self.seed = seed
        draws = MaskSeeds(seed: seed)
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        try requireImages(inputShape, layer: name, owner: String(describing: type(of: self)))
        draws.start(from: &generator)
        self.inputShape = inputShape
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try requireImages(inputShape, layer: name, owner: String(describing: type(of: self)))
        return inputShape
    }

    /// The transform of one image h × w from the draw `u` (uniform numbers in [0, 1)).
    func transform(height h: Float, width w: Float, _ u: inout SeededGenerator) -> [Float] { fatalError("subclass") }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        guard training else { return x }
        var random = SeededGenerator(seed: draws.next())
        let (h, w) = (Float(x.shape[1]), Float(x.shape[2]))
        let transforms = (0..<x.shape[0]).map { _ in transform(height: h, width: w, &random) }
        return x.affineTransformed(transforms, fillMode: fillMode, fillValue: fillValue)
    }

    var commonConfig: LayerConfig {
        ["name": .string(name), "fill_mode": .string(fillMode.rawValue), "fill_value": .number(Double(fillValue)),
         "interpolation": "bilinear", "seed": seed.json, "data_format": "channels_last"]
    }

    /// Reads name, fill_mode, fill_value, interpolation (bilinear only), seed and data_format.
    static func commonArguments(_ r: ConfigReader, owner: String) throws -> (name: String?, fill: FillMode, value: Float, seed: UInt64?) {
        let name = try r.string("name", default: nil)
        try checkImageConfig(r, name: name ?? owner)
        let text = try r.string("fill_mode", default: "reflect")!
        guard let fill = FillMode(rawValue: text) else {
            throw SynapseError.layer(name: name ?? owner, reason: "'fill_mode' must be reflect, wrap, nearest or constant; got '\(text)'")
        }
        if let interpolation = try r.string("interpolation", default: nil), interpolation != "bilinear" {
            throw SynapseError.layer(name: name ?? owner, reason: "only 'bilinear' interpolation is supported; got '\(interpolation)'")
        }
        return (name, fill, Float(try r.double("fill_value", default: 0)), try r.seed())
    }

    /// A factor as Keras takes it: f alone means [−f, f]; [a, b] is sorted. Each must be in (−1, 1].
    static func range(_ value: JSONValue?, key: String, owner: String, name: String?) throws -> (Float, Float)? {
        guard let value, value != .null else { return nil }
        let fail = SynapseError.layer(name: name ?? owner, reason: "'\(key)' must be a number or [lower, upper] in (-1, 1]; got \(value.jsonString())")
        let bounds: (Float, Float)
        if let f = value.doubleValue {
            bounds = (-Float(abs(f)), Float(abs(f)))
        } else if let pair = value.arrayValue, pair.count == 2, let a = pair[0].doubleValue, let b = pair[1].doubleValue {
            bounds = (Float(Swift.min(a, b)), Float(Swift.max(a, b)))
        } else {
            throw fail
        }
        guard bounds.0 > -1, bounds.1 <= 1 else { throw fail }
        return bounds
    }

    static func json(_ range: (Float, Float)) -> JSONValue { [.number(Double(range.0)), .number(Double(range.1))] }
}

extension SeededGenerator {
    /// A uniform draw in [lower, upper).
    mutating func uniform(_ range: (Float, Float)) -> Float { range.0 + (range.1 - range.0) * nextUniform() }
}

/// Turns images by a random angle while training: `RandomRotation(0.1)` turns by up to ±36°.
public final class RandomRotation: RandomAffineLayer, Layer {
    public static let className = "RandomRotation"
    /// The angle's range, in turns (fractions of 2π).
    public let factor: (lower: Float, upper: Float)

    public init(factor: (lower: Float, upper: Float), fillMode: FillMode = .reflect, fillValue: Float = 0, seed: UInt64? = nil, name: String? = nil) {
        self.factor = factor
        super.init(name: name ?? LayerNames.unique("random_rotation"), fillMode: fillMode, fillValue: fillValue, seed: seed)
    }

    /// Keras's positional form: `RandomRotation(0.1)`, angles in ±0.1 turn.
    public convenience init(_ factor: Float, fillMode: FillMode = .reflect, seed: UInt64? = nil) {
        self.init(factor: (-abs(factor), abs(factor)), fillMode: fillMode, seed: seed)
    }

    override func transform(height h: Float, width w: Float, _ u: inout SeededGenerator) -> [Float] {
        let angle = 2 * Float.pi * u.uniform(factor)
        let (c, s) = (cos(angle), sin(angle))
        return [c, -s, ((w - 1) - (c * (w - 1) - s * (h - 1))) / 2, s, c, ((h - 1) - (s * (w - 1) + c * (h - 1))) / 2]
    }

    public var config: LayerConfig { commonConfig.merging(["factor": Self.json(factor)]) { $1 } }

    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "RandomRotation")
        let common = try Self.commonArguments(r, owner: "RandomRotation")
        guard let factor = try Self.range(r.value("factor"), key: "factor", owner: "RandomRotation", name: common.name) else {
            throw r.missing("factor", "a number or [lower, upper]")
        }
        self.init(factor: factor, fillMode: common.fill, fillValue: common.value, seed: common.seed, name: common.name)
    }
}

/// Shifts images by a random fraction of their size while training:
/// `RandomTranslation(0.1, 0.2)` moves up to ±10% of the height and ±20% of the width.
public final class RandomTranslation: RandomAffineLayer, Layer {
    public static let className = "RandomTranslation"
    public let heightFactor: (lower: Float, upper: Float)
    public let widthFactor: (lower: Float, upper: Float)

    public init(heightFactor: (lower: Float, upper: Float), widthFactor: (lower: Float, upper: Float), fillMode: FillMode = .reflect,
                fillValue: Float = 0, seed: UInt64? = nil, name: String? = nil) {
        self.heightFactor = heightFactor
        self.widthFactor = widthFactor
        super.init(name: name ?? LayerNames.unique("random_translation"), fillMode: fillMode, fillValue: fillValue, seed: seed)
    }

    /// Keras's positional form: `RandomTranslation(0.1, 0.1)`.
    public convenience init(_ heightFactor: Float, _ widthFactor: Float, fillMode: FillMode = .reflect, seed: UInt64? = nil) {
        self.init(heightFactor: (-abs(heightFactor), abs(heightFactor)), widthFactor: (-abs(widthFactor), abs(widthFactor)),
                  fillMode: fillMode, seed: seed)
    }

    override func transform(height h: Float, width w: Float, _ u: inout SeededGenerator) -> [Float] {
        let dy = h * u.uniform(heightFactor), dx = w * u.uniform(widthFactor)
        return [1, 0, -dx, 0, 1, -dy]
    }

    public var config: LayerConfig {
        commonConfig.merging(["height_factor": Self.json(heightFactor), "width_factor": Self.json(widthFactor)]) { $1 }
    }

    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "RandomTranslation")
        let common = try Self.commonArguments(r, owner: "RandomTranslation")
        guard let height = try Self.range(r.value("height_factor"), key: "height_factor", owner: "RandomTranslation", name: common.name),
              let width = try Self.range(r.value("width_factor"), key: "width_factor", owner: "RandomTranslation", name: common.name) else {
            throw r.missing("height_factor", "height_factor and width_factor: numbers or [lower, upper]")
        }
        self.init(heightFactor: height, widthFactor: width, fillMode: common.fill, fillValue: common.value, seed: common.seed, name: common.name)
    }
}

/// Zooms images in or out at random while training: `RandomZoom(0.2)` scales by 0.8 ... 1.2
/// (the same on both axes unless a width factor is given).
public final class RandomZoom: RandomAffineLayer, Layer {
    public static let className = "RandomZoom"
    public let heightFactor: (lower: Float, upper: Float)
    /// nil: the width zooms as the height, keeping the aspect ratio.
    public let widthFactor: (lower: Float, upper: Float)?

    public init(heightFactor: (lower: Float, upper: Float), widthFactor: (lower: Float, upper: Float)? = nil, fillMode: FillMode = .reflect,
                fillValue: Float = 0, seed: UInt64? = nil, name: String? = nil) {
        self.heightFactor = heightFactor
        self.widthFactor = widthFactor
        super.init(name: name ?? LayerNames.unique("random_zoom"), fillMode: fillMode, fillValue: fillValue, seed: seed)
    }

    /// Keras's positional form: `RandomZoom(0.2)`.
    public convenience init(_ heightFactor: Float, _ widthFactor: Float? = nil, fillMode: FillMode = .reflect, seed: UInt64? = nil) {
        self.init(heightFactor: (-abs(heightFactor), abs(heightFactor)), widthFactor: widthFactor.map { (-abs($0), abs($0)) },
                  fillMode: fillMode, seed: seed)
    }

    override func transform(height h: Float, width w: Float, _ u: inout SeededGenerator) -> [Float] {
        let zy = 1 + u.uniform(heightFactor)
        let zx = widthFactor.map { 1 + u.uniform($0) } ?? zy
        return [zx, 0, (w - 1) / 2 * (1 - zx), 0, zy, (h - 1) / 2 * (1 - zy)]
    }

    public var config: LayerConfig {
        commonConfig.merging(["height_factor": Self.json(heightFactor), "width_factor": widthFactor.map(Self.json) ?? .null]) { $1 }
    }

    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "RandomZoom")
        let common = try Self.commonArguments(r, owner: "RandomZoom")
        guard let height = try Self.range(r.value("height_factor"), key: "height_factor", owner: "RandomZoom", name: common.name) else {
            throw r.missing("height_factor", "a number or [lower, upper]")
        }
        let width = try Self.range(r.value("width_factor"), key: "width_factor", owner: "RandomZoom", name: common.name)
        self.init(heightFactor: height, widthFactor: width, fillMode: common.fill, fillValue: common.value, seed: common.seed, name: common.name)
    }
}
