// RandomContrast (Keras's layers.RandomContrast): while training, each image's contrast is
// scaled by a factor f drawn uniformly from [1 − lower, 1 + upper], around the mean μ of each of
// its channels over height and width, then clipped to the value range [a, b]:
//   y = clip((x − μ)·f + μ, a, b)
// At inference y = x. `RandomContrast(0.2)` draws f from [0.8, 1.2]. Draws come from the layer's
// stream (its seed, else the model's generator), one per call.

/// Changes the contrast of images at random while training.
public final class RandomContrast: Layer {
    public static let className = "RandomContrast"
    public let name: String
    public var trainable = true
    /// f is drawn from [1 − lower, 1 + upper]; each in [0, 1].
    public let lower: Float, upper: Float
    /// The range the images' values lie in, and outputs are clipped to.
    public let valueRange: (low: Float, high: Float)
    public let seed: UInt64?
    public private(set) var inputShape: [Int]?
    public var isBuilt: Bool { inputShape != nil }
    public var weights: [Weight] { [] }
    private var draws: MaskSeeds

    public init(lower: Float, upper: Float, valueRange: (low: Float, high: Float) = (0, 255), seed: UInt64? = nil, name: String? = nil) {
        self.lower = lower
        self.upper = upper
        self.valueRange = valueRange
        self.seed = seed
        self.name = name ?? LayerNames.unique("random_contrast")
        draws = MaskSeeds(seed: seed)
    }

    /// Keras's positional form: `RandomContrast(0.2)`, f in [0.8, 1.2].
    public convenience init(_ factor: Float, valueRange: (low: Float, high: Float) = (0, 255), seed: UInt64? = nil) {
        self.init(lower: abs(factor), upper: abs(factor), valueRange: valueRange, seed: seed)
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        draws.start(from: &generator)
        self.inputShape = inputShape
    }

    public func validateArguments() throws {
        try requireArgument((0...1).contains(lower) && (0...1).contains(upper),
                            "RandomContrast factor must be in [0, 1]; got lower \(lower), upper \(upper)")
        try requireArgument(valueRange.low < valueRange.high, "RandomContrast value_range must be increasing; got \(valueRange)")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        try requireImages(inputShape, layer: name, owner: "RandomContrast")
        return inputShape
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        guard training else { return x }
        var random = SeededGenerator(seed: draws.next())
        let factors = (0..<x.shape[0]).map { _ in 1 - lower + (lower + upper) * random.nextUniform() }
        let f = Tensor(shape: [x.shape[0], 1, 1, 1], scalars: factors)
        let mean = x.mean(alongAxes: [1, 2], keepingDims: true)
        return clip((x - mean) * f + mean, min: valueRange.low, max: valueRange.high)
    }

    public var config: LayerConfig {
        ["name": .string(name), "factor": [.number(Double(lower)), .number(Double(upper))],
         "value_range": [.number(Double(valueRange.low)), .number(Double(valueRange.high))], "seed": seed.json]
    }

    /// Reads Keras's `factor` (a number, or [lower, upper]), `value_range` and `seed`.
    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "RandomContrast")
        let name = try r.string("name", default: nil)
        func fail(_ reason: String) -> SynapseError { .layer(name: name ?? "RandomContrast", reason: reason) }
        guard let factor = r.value("factor") else { throw r.missing("factor", "a number or [lower, upper] in [0, 1]") }
        let bounds: (Float, Float)
        if let f = factor.doubleValue {
            bounds = (Float(abs(f)), Float(abs(f)))
        } else if let pair = factor.arrayValue, pair.count == 2, let a = pair[0].doubleValue, let b = pair[1].doubleValue {
            bounds = (Float(a), Float(b))
        } else {
            throw fail("'factor' must be a number or [lower, upper]; got \(factor.jsonString())")
        }
        var range: (Float, Float) = (0, 255)
        if let value = r.value("value_range") {
            guard let pair = value.arrayValue, pair.count == 2, let a = pair[0].doubleValue, let b = pair[1].doubleValue else {
                throw fail("'value_range' must be [low, high]; got \(value.jsonString())")
            }
            range = (Float(a), Float(b))
        }
        self.init(lower: bounds.0, upper: bounds.1, valueRange: range, seed: try r.seed(), name: name)
    }
}
