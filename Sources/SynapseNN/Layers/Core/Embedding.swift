// Embedding (Keras's layers.Embedding): token ids to dense vectors, the rows of a trained table.
//
//   ids [batch, steps] (whole numbers in 0 ..< V, stored as Float), E [V, D] (`<name>/embeddings`)
//   y[b, t, :] = E[ids[b, t], :]                 y [batch, steps, D]
//   ∂E[v, :] = Σ_{(b, t) : ids[b, t] = v} g[b, t, :]      the ids get no gradient
// One op, Tensor.embeddingLookup (SynapseTensor/Ops/Embedding.swift), with its scatter-add backward.
//
// `call` cannot throw, so the op gives a zero vector for an id it cannot use (out of range,
// fractional, NaN); `validate(input:)` finds such ids and names them, and Sequential's fit,
// evaluate and predict call it on the model's input first. With `maskZero`, id 0 is padding:
// the layer also produces the mask [batch, steps] (1 where id ≠ 0) that recurrent layers read,
// and 0 is not a word of the vocabulary (inputDim = vocabulary size + 1, as in Keras).

/// Turns token ids into dense vectors of `outputDim` values: `Embedding(10_000, 64, maskZero: true)`.
public final class Embedding: Layer, MaskProducing, InputValidating {
    public static let className = "Embedding"
    /// The most rows a table may have: ids are stored as Float, whose whole numbers are exact
    /// only up to 2²⁴.
    public static let maximumInputDim = 1 << 24

    public let name: String
    public var trainable = true
    /// The vocabulary size: ids are whole numbers in 0 ..< inputDim.
    public let inputDim: Int
    /// The length of each vector.
    public let outputDim: Int
    public let embeddingsInitializer: Initializer
    public let embeddingsRegularizer: Regularizer?
    /// Id 0 is padding: the layer produces a mask of the steps whose id is not 0.
    public let maskZero: Bool
    /// A seed for the initialiser; nil draws from the model's or the global generator.
    public let seed: UInt64?

    public private(set) var inputShape: [Int]?
    /// The table [inputDim, outputDim], named `<name>/embeddings`.
    public private(set) var embeddings: Weight?

    public var isBuilt: Bool { embeddings != nil }
    public var weights: [Weight] { embeddings.map { [$0] } ?? [] }

    /// - Parameters:
    ///   - inputDim: the vocabulary size (largest id + 1), at most 2²⁴.
    ///   - outputDim: the length of each vector.
    ///   - embeddingsInitializer: Keras's default, `.uniform`, draws from U(−0.05, 0.05).
    ///   - maskZero: treat id 0 as padding and produce the mask of the other steps.
    public init(inputDim: Int, outputDim: Int, embeddingsInitializer: Initializer = .uniform,
                embeddingsRegularizer: Regularizer? = nil, maskZero: Bool = false, seed: UInt64? = nil,
                name: String? = nil) {
        self.inputDim = inputDim
        self.outputDim = outputDim
        self.embeddingsInitializer = embeddingsInitializer
        self.embeddingsRegularizer = embeddingsRegularizer
        self.maskZero = maskZero
        self.seed = seed
        self.name = name ?? LayerNames.unique("embedding")
    }

    /// Keras's positional form: `Embedding(10_000, 64, maskZero: true)`.
    public convenience init(_ inputDim: Int, _ outputDim: Int, maskZero: Bool = false, name: String? = nil) {
        self.init(inputDim: inputDim, outputDim: outputDim, maskZero: maskZero, name: name)
    }

    /// Ids of any shape: each becomes a vector of `outputDim` values.
    public func validateArguments() throws {
        try requireArgument(inputDim > 0 && inputDim <= Embedding.maximumInputDim, "Embedding needs inputDim in 1...2^24; got \(inputDim)")
        try requireArgument(outputDim > 0, "Embedding needs a positive outputDim; got \(outputDim)")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        return inputShape + [outputDim]
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        let shape = [inputDim, outputDim]
        try checkWeightSize(shape, weight: "\(name)/embeddings", layer: name)
        var own = seed.map { SeededGenerator(seed: $0) }
        let value = own != nil ? embeddingsInitializer.make(shape, using: &own!)
            : embeddingsInitializer.make(shape, using: &generator)
        embeddings = Weight(name: "\(name)/embeddings", value: value, regularizer: embeddingsRegularizer)
        self.inputShape = inputShape
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        guard let embeddings else { fatalError("Layer '\(name)' is called before it is built") }
        return Tensor.embeddingLookup(indices: x, table: embeddings.value)
    }

    /// With `maskZero`, 1 where the id is not 0 (the ids' shape); nil otherwise (an Embedding
    /// starts a new mask, as Keras's does).
    public func computeMask(_ input: Tensor, previous: Tensor?) -> Tensor? {
        maskZero ? input .!= 0 : nil
    }

    /// Throws, naming the first id (in row-major order) that is not a whole number in
    /// 0 ..< inputDim, its row and its step.
    public func validate(input: Tensor) throws {
        let rows = inputDim
        try input.withUnsafeBufferPointer { ids in
            for (i, value) in ids.enumerated() where Tensor.embeddingRow(value, rows: rows) == nil {
                throw SynapseError.layer(name: name, reason: "token \(Embedding.text(value)) at \(Embedding.position(i, in: input.shape)) "
                    + Embedding.problem(value, inputDim: rows))
            }
        }
    }

    /// "12", "2.5", "nan": whole numbers without a decimal point.
    private static func text(_ value: Float) -> String {
        value.isFinite && value == value.rounded() && Swift.abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// "row 3, step 4" for [batch, steps] ids; "row 3" for [batch]; "row 3, position [1, 2]" above.
    private static func position(_ flat: Int, in shape: [Int]) -> String {
        let sample = shape.dropFirst().reduce(1, *)
        let row = flat / Swift.max(sample, 1)
        var rest = flat % Swift.max(sample, 1)
        switch shape.count {
        case ...1: return "row \(row)"
        case 2: return "row \(row), step \(rest)"
        default:
            var index: [Int] = []
            for size in shape.dropFirst().reversed() {
                index.insert(rest % size, at: 0)
                rest /= size
            }
            return "row \(row), position \(index)"
        }
    }

    private static func problem(_ value: Float, inputDim: Int) -> String {
        let range = "0..<\(inputDim)"
        if value.isNaN { return "is not a number; token ids are whole numbers in \(range)" }
        if value.isFinite && value != value.rounded() { return "is not a whole number; token ids are whole numbers in \(range)" }
        return "is outside \(range) (input_dim \(inputDim))"
    }

    public var config: LayerConfig {
        ["name": .string(name), "trainable": .bool(trainable), "input_dim": .number(Double(inputDim)),
         "output_dim": .number(Double(outputDim)), "embeddings_initializer": .string(embeddingsInitializer.rawValue),
         "embeddings_regularizer": embeddingsRegularizer?.config ?? .null, "mask_zero": .bool(maskZero), "seed": seed.json]
    }

    /// Reads Keras's configuration; `input_length` (deprecated in Keras 3) is ignored.
    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "Embedding")
        let layerName = try r.string("name", default: nil)
        func fail(_ reason: String) -> SynapseError { .layer(name: layerName ?? "Embedding", reason: reason) }
        let inputDim = try r.int("input_dim"), outputDim = try r.int("output_dim")
        guard inputDim > 0 && inputDim <= Embedding.maximumInputDim else {
            throw fail("'input_dim' must be a whole number in 1...\(Embedding.maximumInputDim) (ids are stored as Float, "
                + "exact up to 2^24); got \(inputDim)")
        }
        guard outputDim > 0 else { throw fail("'output_dim' must be a positive integer; got \(outputDim)") }
        var initializer = Initializer.uniform
        if let text = try r.string("embeddings_initializer", default: nil) {
            guard let value = Initializer(rawValue: text) else { throw fail("unknown embeddings_initializer '\(text)'") }
            initializer = value
        }
        self.init(inputDim: inputDim, outputDim: outputDim, embeddingsInitializer: initializer,
                  embeddingsRegularizer: Regularizer(config: config["embeddings_regularizer"]),
                  maskZero: try r.bool("mask_zero", default: false), seed: try r.seed(), name: layerName)
        trainable = try r.bool("trainable", default: true)
    }
}
