// Sequential: a stack of layers, each feeding the next (Keras's keras.Sequential).
//   y = fₖ(… f₂(f₁(x)))
// The model builds every layer from the input shape (declared by an Input layer, or taken from
// the first data it sees), checking each layer's shape on the way and naming the layer that
// does not fit. compile sets the optimizer, loss and metrics; fit, evaluate and predict are in
// Training/.

/// What training does with a trainable weight that the loss does not depend on (a layer left
/// out of the forward pass, a branch cut by `detached()`): its gradient would be zero forever.
import Foundation

public enum MissingGradientPolicy: Sendable {
    /// Print Keras's warning once per weight, to standard error, and leave the weight unchanged.
    case warn
    /// Throw from `fit`, naming the weights.
    case error
    /// Leave the weight unchanged, silently.
    case ignore
}

/// A stack of layers: `Sequential { Input(shape: [30]); Dense(30, activation: .relu); ... }`.
public final class Sequential {
    public let name: String
    public private(set) var layers: [Layer] = []
    /// When set, initialisation, shuffling and dropout draw from streams derived from it.
    public var seed: UInt64?
    /// Set by callbacks to end `fit` after the current batch / epoch.
    public var stopTraining = false
    public internal(set) var optimizer: Optimizer?
    public internal(set) var loss: Loss?
    public internal(set) var metrics: [Metric] = []
    /// The shape of one input sample, once known.
    public private(set) var inputShape: [Int]?
    /// The shape of one output sample, once built.
    public private(set) var outputShape: [Int]?
    /// The metric names given to compile, for the configuration.
    var metricNames: [String] = []
    /// What a training step does when a trainable weight gets no gradient from the loss.
    public var missingGradients: MissingGradientPolicy = .warn
    /// The weights already reported as getting no gradient (each is reported once).
    var reportedMissingGradients: Set<String> = []

    /// An empty model or one with the given layers.
    public init(_ layers: [Layer] = [], name: String? = nil, seed: UInt64? = nil) {
        self.name = name ?? LayerNames.unique("sequential")
        self.seed = seed
        for layer in layers { add(layer) }
    }

    /// A model from a builder block of layers.
    public convenience init(name: String? = nil, seed: UInt64? = nil, @LayerBuilder _ layers: () -> [Layer]) {
        self.init(layers(), name: name, seed: seed)
    }

    /// Adds a layer on top of the stack.
    public func add(_ layer: Layer) {
        if let input = layer as? Input {
            inputShape = input.shape
        }
        layers.append(layer)
        outputShape = nil
    }

    /// Whether every layer has its weights.
    public var isBuilt: Bool { outputShape != nil }

    /// The memory a model may plan for: the machine's, or `SYNAPSE_MEMORY_BYTES` at start-up.
    static let memoryBytes: Double = {
        if memoryFromEnvironment, let text = ProcessInfo.processInfo.environment["SYNAPSE_MEMORY_BYTES"], let bytes = Double(text) { return bytes }
        return Double(ProcessInfo.processInfo.physicalMemory)
    }()

    /// Whether `SYNAPSE_MEMORY_BYTES` holds a positive number.
    static let memoryFromEnvironment: Bool = {
        guard let text = ProcessInfo.processInfo.environment["SYNAPSE_MEMORY_BYTES"], let bytes = Double(text) else { return false }
        return bytes > 0 && bytes.isFinite
    }()

    /// Builds every layer for samples of `inputShape` (batch excluded), checking the shapes.
    public func build(inputShape: [Int]) throws {
        if let declared = self.inputShape, declared != inputShape {
            throw SynapseError.layer(name: layers.first?.name ?? name,
                                     reason: "expected input shape \(shapeText(declared)); got \(shapeText(inputShape))")
        }
        var generator = seed.map { SeededGenerator(seed: $0) } ?? Random.makeGenerator()
        var shape = inputShape
        var values = 0
        for layer in layers {
            if !layer.isBuilt || layer is Input { try layer.build(inputShape: shape, generator: &generator) }
            shape = try layer.outputShape(forInputShape: shape)
            // Each weight is capped at 2^28 values when it is made; the whole model must also fit
            // the machine, with room for training (the gradient and two Adam moments beside each
            // weight): refused with a sentence, not attempted until the allocator fails.
            values += layer.parameterCount
            let training = Double(values) * 4 * 4, memory = Sequential.memoryBytes
            if training > memory * 0.75 {
                throw SynapseError.layer(name: layer.name, reason: String(format: "the model needs %.1f GB of weights up to this layer "
                    + "(%.1f GB to train with Adam); %@ %.1f GB", Double(values) * 4 / 1e9, training / 1e9,
                    Sequential.memoryFromEnvironment ? "SYNAPSE_MEMORY_BYTES allows" : "the machine has", memory / 1e9))
            }
        }
        self.inputShape = inputShape
        outputShape = shape
    }

    /// Builds from the declared input shape, if not yet built.
    func buildIfNeeded(sampleShape: [Int]?) throws {
        if isBuilt { return }
        guard let shape = inputShape ?? sampleShape else {
            throw SynapseError.layer(name: name, reason: "the model has no input shape yet; start it with Input(shape:) or call build(inputShape:)")
        }
        try build(inputShape: shape)
    }

    /// The forward pass (inference unless `training`); builds the model on first use.
    public func callAsFunction(_ x: Tensor, training: Bool = false) -> Tensor {
        if !isBuilt {
            do { try build(inputShape: Array(x.shape.dropFirst())) } catch { fatalError("\(error)") }
        }
        return Sequential.forward(x, through: layers[...], training: training)
    }

    /// Runs `layers` in turn, carrying the mask of padded steps from the layer that makes it
    /// (Embedding with maskZero, Masking) to those that read it (the recurrent layers). A mask
    /// [batch, steps] stays while the outputs keep those two leading dimensions (Dense, Dropout
    /// and the like act per step, as Keras's masking-aware layers do) and is dropped otherwise.
    static func forward(_ x: Tensor, through layers: ArraySlice<Layer>, training: Bool) -> Tensor {
        var mask: Tensor?
        var h = x
        for layer in layers {
            let input = h
            if let consumer = layer as? MaskConsuming {
                h = consumer.call(h, mask: mask, training: training)
            } else {
                h = layer.call(h, training: training)
            }
            if let producer = layer as? MaskProducing {
                mask = producer.computeMask(input, previous: mask)
            } else if let m = mask, h.rank < 3 || Array(h.shape.prefix(2)) != m.shape {
                mask = nil
            }
        }
        return h
    }

    /// All weights, layer by layer.
    public var weights: [Weight] { layers.flatMap(\.weights) }
    /// The weights optimizers update.
    public var trainableWeights: [Weight] { layers.flatMap(\.trainableWeights) }
    /// The weights optimizers leave alone.
    public var nonTrainableWeights: [Weight] { layers.flatMap(\.nonTrainableWeights) }
    /// The number of scalars in all weights.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.parameterCount } }

    /// Keras's `count_params()`: the number of scalars in all weights (building the model first
    /// when its input shape is known, as Keras has built a model that starts with an Input).
    public func countParams() -> Int {
        if !isBuilt, let inputShape { try? build(inputShape: inputShape) }
        return parameterCount
    }

    /// Copies of the weights' values, in order (Keras's get_weights()).
    public func getWeights() -> [Tensor] { weights.map { $0.value.detached() } }

    /// Sets the weights' values, in the order of `getWeights()`.
    public func setWeights(_ values: [Tensor]) throws {
        let weights = self.weights
        guard values.count == weights.count else {
            throw SynapseError.shapeMismatch("model '\(name)' has \(weights.count) weights; got \(values.count) values")
        }
        for (weight, value) in zip(weights, values) { try weight.assign(value) }
    }

    /// Sets the optimizer, the loss and the metrics, by name or by value:
    /// `compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"])`.
    public func compile(optimizer: OptimizerRepresentable = "rmsprop", loss: LossRepresentable,
                        metrics: [MetricRepresentable] = []) throws {
        for layer in layers { try layer.validateArguments() }
        let loss = try loss.makeLoss()
        let optimizer = try optimizer.makeOptimizer()
        try optimizer.validate()
        self.optimizer = optimizer
        self.loss = loss
        self.metrics = try metrics.map { try $0.makeMetric(loss: loss) }
        metricNames = metrics.map { ($0 as? String) ?? (try? $0.makeMetric(loss: loss).name) ?? "" }
    }

    /// The model's configuration: its name and each layer's class and config.
    public var config: JSONValue {
        ["name": .string(name), "seed": seed.json, "layers": .array(layers.map(\.serialized))]
    }
}

/// Collects the layers of a `Sequential { ... }` block.
@resultBuilder
public enum LayerBuilder {
    public static func buildExpression(_ layer: Layer) -> [Layer] { [layer] }
    public static func buildExpression(_ layers: [Layer]) -> [Layer] { layers }
    public static func buildBlock(_ parts: [Layer]...) -> [Layer] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [Layer]?) -> [Layer] { part ?? [] }
    public static func buildEither(first part: [Layer]) -> [Layer] { part }
    public static func buildEither(second part: [Layer]) -> [Layer] { part }
    public static func buildArray(_ parts: [[Layer]]) -> [Layer] { parts.flatMap { $0 } }
}
