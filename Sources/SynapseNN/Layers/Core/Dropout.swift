// Dropout (inverted, as Keras): while training, each element is kept with probability 1 − r
// and scaled by 1/(1 − r), so the expected output equals the input; at inference y = x.
//   training: y = x ⊙ m / (1 − r),  mᵢ ~ Bernoulli(1 − r)     ∂x = g ⊙ m / (1 − r)
// A mask is drawn in the parallel-for's chunks (SynapseTensor's Parallel): each call takes one
// number from the layer's stream, and chunk c draws from a generator seeded with that number and
// c. The chunks depend only on the mask's size, so a seeded run draws the same masks with 1, 2
// or 8 threads.

/// Randomly zeroes a fraction `rate` of the inputs while training.
public final class Dropout: Layer {
    public static let className = "Dropout"
    public let name: String
    public var trainable = true
    /// The fraction of inputs dropped, in [0, 1).
    public let rate: Float
    /// A seed for the masks; nil draws the layer's stream from the model's or the global generator.
    public let seed: UInt64?
    public private(set) var inputShape: [Int]?
    public var isBuilt: Bool { inputShape != nil }
    public var weights: [Weight] { [] }
    private var masks: MaskSeeds

    public init(rate: Float, seed: UInt64? = nil, name: String? = nil) {
        self.rate = rate
        self.seed = seed
        self.name = name ?? LayerNames.unique("dropout")
        masks = MaskSeeds(seed: seed)
    }

    /// Keras's positional form: `Dropout(0.5)`.
    public convenience init(_ rate: Float, seed: UInt64? = nil) { self.init(rate: rate, seed: seed) }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        masks.start(from: &generator)
        self.inputShape = inputShape
    }
    public func validateArguments() throws {
        try requireArgument(rate >= 0 && rate < 1, "Dropout rate must be in [0, 1); got \(rate)")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        return inputShape
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        guard training, rate > 0 else { return x }
        return x * Dropout.mask(shape: x.shape, rate: rate, callSeed: masks.next())
    }

    /// An inverted-dropout mask of `shape`: 1/(1 − rate) with probability 1 − rate, else 0,
    /// drawn per parallel chunk from `callSeed` (so the same for any thread count).
    static func mask(shape: [Int], rate: Float, callSeed: UInt64) -> Tensor {
        let scale = 1 / (1 - rate)
        return Tensor.uninitialized(shape: shape) { out in
            let p = out.baseAddress!
            Parallel.forEach(count: out.count, grain: 1 << 14) { chunk, range in
                var draws = SeededGenerator(seed: callSeed &+ UInt64(chunk) &* 0x9E37_79B9_7F4A_7C15)
                for i in range { p[i] = draws.nextUniform() >= rate ? scale : 0 }
            }
        }
    }

    public var config: LayerConfig { ["name": .string(name), "rate": .number(Double(rate)), "seed": seed.json] }

    public convenience init(config: LayerConfig) throws {
        let (rate, seed, name) = try Dropout.rateSeedAndName(from: config, owner: "Dropout")
        self.init(rate: rate, seed: seed, name: name)
    }

    /// Reads `rate` (in [0, 1)), `seed` and `name`: the configuration of Dropout and SpatialDropout2D.
    static func rateSeedAndName(from config: LayerConfig, owner: String) throws -> (Float, UInt64?, String?) {
        let r = ConfigReader(config: config, owner: owner)
        let name = try r.string("name", default: nil)
        guard let value = r.value("rate") else { throw r.missing("rate", "a number in [0, 1)") }
        guard let rate = value.doubleValue.map(Float.init), rate >= 0 && rate < 1 else {
            throw SynapseError.layer(name: name ?? owner, reason: "'rate' must be a number in [0, 1); got \(value.jsonString())")
        }
        return (rate, try r.seed(), name)
    }
}

/// The stream a dropout layer draws one number from per call (the masks' seed): the layer's own
/// seed, else seeded from the generator that builds it, else from the global generator.
struct MaskSeeds {
    private var generator: SeededGenerator?

    init(seed: UInt64?) { generator = seed.map { SeededGenerator(seed: $0) } }

    /// Seeds the stream from `generator` unless it already has one.
    mutating func start(from generator: inout SeededGenerator) {
        if self.generator == nil { self.generator = SeededGenerator(seed: generator.next()) }
    }

    mutating func next() -> UInt64 {
        if generator == nil { generator = Random.makeGenerator() }
        return generator!.next()
    }
}
