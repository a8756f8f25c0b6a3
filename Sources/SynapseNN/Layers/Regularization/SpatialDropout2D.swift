// SpatialDropout2D (Keras's layers.SpatialDropout2D): dropout of whole feature maps. On NHWC
// inputs [n, h, w, c], while training, each (sample, channel) pair is kept with probability
// 1 − r and scaled by 1/(1 − r); at inference y = x.
//   training: y = x ⊙ m / (1 − r),  m [n, 1, 1, c],  mₙ꜀ ~ Bernoulli(1 − r)    ∂x = g ⊙ m / (1 − r)
// Neighbouring pixels of a feature map are strongly correlated, so dropping single pixels
// (Dropout) barely regularises a convolutional layer; dropping the map does. The mask is drawn
// as Dropout draws its masks (one number per call from the layer's stream, then per parallel
// chunk), so a seeded run gives the same masks for any thread count.

/// Drops whole channels of NHWC images while training: `SpatialDropout2D(rate: 0.2)`.
public final class SpatialDropout2D: Layer {
    public static let className = "SpatialDropout2D"
    public let name: String
    public var trainable = true
    /// The fraction of channels dropped, in [0, 1).
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
        self.name = name ?? LayerNames.unique("spatial_dropout2d")
        masks = MaskSeeds(seed: seed)
    }

    /// Keras's positional form: `SpatialDropout2D(0.2)`.
    public convenience init(_ rate: Float, seed: UInt64? = nil) { self.init(rate: rate, seed: seed) }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        masks.start(from: &generator)
        self.inputShape = inputShape
    }

    public func validateArguments() throws {
        try requireArgument(rate >= 0 && rate < 1, "SpatialDropout2D rate must be in [0, 1); got \(rate)")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        guard inputShape.count == 3 else {
            throw SynapseError.layer(name: name, reason: "SpatialDropout2D needs images [height, width, channels] (rank 4 with the batch); got shape \(shapeText(inputShape))")
        }
        return inputShape
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        guard training, rate > 0 else { return x }
        guard x.rank == 4 else { fatalError("Layer '\(name)': expected NHWC inputs of rank 4; got \(x.shape)") }
        let mask = Dropout.mask(shape: [x.shape[0], 1, 1, x.shape[3]], rate: rate, callSeed: masks.next())
        return x * mask
    }

    public var config: LayerConfig { ["name": .string(name), "rate": .number(Double(rate)), "seed": seed.json] }

    public convenience init(config: LayerConfig) throws {
        let (rate, seed, name) = try Dropout.rateSeedAndName(from: config, owner: "SpatialDropout2D")
        self.init(rate: rate, seed: seed, name: name)
    }
}
