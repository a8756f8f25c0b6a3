// Model: what every kind of model shares (Keras's keras.Model). A model is a function of its
// inputs built from layers; this base type owns compile, fit / evaluate / predict (Training/),
// summary (Summary.swift), save / load (Saving/) and the callbacks' access to the model. The
// kinds differ only in how the layers are wired:
//   Sequential   a stack, y = fₖ(… f₂(f₁(x)));
//   functional   a graph of layers called on symbolic inputs, Model(inputs:outputs:) (Functional.swift);
//   subclassed   a user's subclass that overrides `call(_:training:)`.
// A subclassed model's layers are found among its stored properties when it is built. Sequential
// overrides `build(inputShape:)`, `call(_:training:)`, `config`, and, as its output comes from a
// layer that may hand over its logits, `outputLogitsLayer` with `logits(_:training:)` (the fused
// activation + cross-entropy path of Fit.swift).

import Foundation

/// What training does with a trainable weight that the loss does not depend on (a layer left
/// out of the forward pass, a branch cut by `detached()`): its gradient would be zero forever.
public enum MissingGradientPolicy: Sendable {
    /// Print Keras's warning once per weight, to standard error, and leave the weight unchanged.
    case warn
    /// Throw from `fit`, naming the weights.
    case error
    /// Leave the weight unchanged, silently.
    case ignore
}

/// A layer whose output is `activation(logits)` and which can hand over the logits, so that a
/// cross-entropy loss reads them through the fused, stable kernels (Dense).
public protocol LogitsProviding: Layer {
    /// The activation applied to the logits.
    var activation: ActivationFunction { get }
    /// The pre-activation output for `x`.
    func logits(_ x: Tensor) -> Tensor
}

/// The base of every model: layers, weights, compile settings and training state.
open class Model {
    public let name: String
    /// Every layer of the model, each once, in the order they run.
    public internal(set) var layers: [Layer] = []
    /// When set, initialisation, shuffling and dropout draw from streams derived from it.
    public var seed: UInt64?
    /// Set by callbacks to end `fit` after the current batch / epoch.
    public var stopTraining = false
    public internal(set) var optimizer: Optimizer?
    /// The loss of each output (one for a single-output model), set by compile.
    public internal(set) var losses: [Loss] = []
    /// The weight of each output's loss in the total that training minimises (Keras's loss_weights).
    public internal(set) var lossWeights: [Float] = []
    /// The metrics of each output, set by compile.
    public internal(set) var outputMetrics: [[Metric]] = []
    /// The loss of the (first) output.
    public var loss: Loss? { losses.first }
    /// The metrics of the (first) output.
    public var metrics: [Metric] { outputMetrics.first ?? [] }
    /// The shape of one input sample, once known (the first input's, for several).
    public internal(set) var inputShape: [Int]?
    /// The shape of one output sample, once built (the first output's, for several).
    public internal(set) var outputShape: [Int]?
    /// The metric names given to compile, per output, for the configuration.
    var metricNames: [[String]] = []
    /// The graph of a functional model (`init(inputs:outputs:)`); nil for other kinds.
    var graph: Graph?
    /// What a training step does when a trainable weight gets no gradient from the loss.
    public var missingGradients: MissingGradientPolicy = .warn
    /// The weights already reported as getting no gradient (each is reported once).
    var reportedMissingGradients: Set<String> = []

    /// A model named `name` (a unique "model", "model_1", ... when nil).
    public init(name: String? = nil, seed: UInt64? = nil) {
        self.name = name ?? LayerNames.unique("model")
        self.seed = seed
    }

    /// A functional model: the layers between `inputs` and `outputs` (Keras's
    /// `keras.Model(inputs, outputs)`); throws when an output depends on a value that is not
    /// among the inputs. The layers are built already (calling them on symbolic values did it).
    public init(inputs: [SymbolicValue], outputs: [SymbolicValue], name: String? = nil, seed: UInt64? = nil) throws {
        self.name = name ?? LayerNames.unique("functional")
        self.seed = seed
        let graph = try Graph(inputs: inputs.map(\.symbolic), outputs: outputs.map(\.symbolic), model: self.name)
        self.graph = graph
        layers = graph.layers
        inputShape = graph.inputs[0].shape
        outputShape = graph.outputs[0].shape
    }

    /// A functional model with one input and one output.
    public convenience init(inputs: SymbolicValue, outputs: SymbolicValue, name: String? = nil, seed: UInt64? = nil) throws {
        try self.init(inputs: [inputs], outputs: [outputs], name: name, seed: seed)
    }

    /// A functional model with several inputs and one output.
    public convenience init(inputs: [SymbolicValue], outputs: SymbolicValue, name: String? = nil, seed: UInt64? = nil) throws {
        try self.init(inputs: inputs, outputs: [outputs], name: name, seed: seed)
    }

    /// A functional model with one input and several outputs.
    public convenience init(inputs: SymbolicValue, outputs: [SymbolicValue], name: String? = nil, seed: UInt64? = nil) throws {
        try self.init(inputs: [inputs], outputs: outputs, name: name, seed: seed)
    }

    /// Whether every layer has its weights.
    public var isBuilt: Bool { outputShape != nil }

    /// The names of the model's inputs (their Input layers' names; one "input" for other kinds).
    public var inputNames: [String] { graph?.inputs.map(\.layer.name) ?? [layers.first(where: { $0 is Input })?.name ?? "input"] }
    /// The names of the model's outputs, which name their losses and metrics in the logs
    /// (the layers that make them; the last layer's name for other kinds).
    public var outputNames: [String] { graph?.outputs.map(\.layer.name) ?? [lastLayer?.name ?? "output"] }
    /// The shape of one sample of each input.
    public var inputShapes: [[Int]] { graph?.inputs.map(\.shape) ?? (inputShape.map { [$0] } ?? []) }
    /// The shape of one sample of each output.
    public var outputShapes: [[Int]] { graph?.outputs.map(\.shape) ?? (outputShape.map { [$0] } ?? []) }
    /// The number of outputs.
    public var outputCount: Int { graph?.outputs.count ?? 1 }

    // MARK: - What each kind of model defines

    /// Builds every layer for samples of `inputShape` (batch excluded), checking the shapes, and
    /// sets `inputShape` and `outputShape`.
    open func build(inputShape: [Int]) throws {
        guard let graph else { return try buildSubclassed(inputShape: inputShape) }
        guard inputShape == graph.inputs[0].shape else {
            throw SynapseError.layer(name: graph.inputs[0].layer.name,
                                     reason: "expected input shape \(shapeText(graph.inputs[0].shape)); got \(shapeText(inputShape))")
        }
    }

    /// The forward pass of a built model with one input and one output (inference unless `training`).
    open func call(_ x: Tensor, training: Bool) -> Tensor {
        guard let graph else { fatalError("\(type(of: self)) does not override call(_:training:)") }
        precondition(graph.inputs.count == 1 && graph.outputs.count == 1,
                     "model '\(name)' has \(graph.inputs.count) inputs and \(graph.outputs.count) outputs; call it on an array")
        return graph.run([x], training: training)[0]
    }

    /// The forward pass on a batch of each input, giving a batch of each output.
    open func call(_ xs: [Tensor], training: Bool) -> [Tensor] {
        if let graph { return graph.run(xs, training: training) }
        return [call(xs[0], training: training)]
    }

    /// The layer that makes the model's output, when it can hand over its logits.
    open var outputLogitsLayer: LogitsProviding? {
        guard let graph, graph.outputs.count == 1, graph.outputIsLeaf(0) else { return nil }
        return graph.outputs[0].layer as? LogitsProviding
    }

    /// The logits of `outputLogitsLayer` for `x` (the forward pass without its activation).
    open func logits(_ x: Tensor, training: Bool) -> Tensor {
        guard let graph else { fatalError("\(type(of: self)) has no output layer that hands over logits") }
        return graph.run([x], training: training, logits: [0])[0]
    }

    /// The model's configuration, as model files store it.
    open var config: JSONValue { graph?.config(name: name) ?? ["name": .string(name), "seed": seed.json] }

    /// Builds a subclassed model (one that overrides `call`): runs `call` once on a batch of zeros,
    /// which builds each layer it calls, then finds the layers among the subclass's stored
    /// properties (a `Layer`, or an array of them), as Keras tracks a subclass's attributes.
    private func buildSubclassed(inputShape: [Int]) throws {
        guard inputShape.allSatisfy({ $0 > 0 }) else {
            throw SynapseError.layer(name: name, reason: "expected a positive input shape; got \(shapeText(inputShape))")
        }
        let y = withoutGradients { call(Tensor(shape: [1] + inputShape, repeating: 0), training: false) }
        var found: [Layer] = [], seen: Set<ObjectIdentifier> = []
        var mirror: Mirror? = Mirror(reflecting: self)
        while let m = mirror, m.subjectType != Model.self {
            for child in m.children {
                let values = (child.value as? [Layer]) ?? (child.value as? Layer).map { [$0] } ?? []
                for layer in values where seen.insert(ObjectIdentifier(layer)).inserted { found.append(layer) }
            }
            mirror = m.superclassMirror
        }
        guard !found.isEmpty else {
            throw SynapseError.layer(name: name, reason: "\(type(of: self)) keeps no layers in stored properties; "
                + "keep each layer it calls in a property (let dense = Dense(8)) so that its weights are trained")
        }
        layers = found
        self.inputShape = inputShape
        outputShape = Array(y.shape.dropFirst())
    }

    /// The layer that reads the model's input first (named in input errors; its values are
    /// checked when it is `InputValidating`).
    var firstLayer: Layer? { layers.first(where: { !($0 is Input) }) }
    /// The layer that makes the model's output (named in output and target errors).
    var lastLayer: Layer? { layers.last }

    // MARK: - Shared by every kind

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

    /// Each weight is capped at 2^28 values when it is made; the whole model must also fit the
    /// machine, with room for training (the gradient and two Adam moments beside each weight):
    /// refused with a sentence naming `layer`, not attempted until the allocator fails. `values`
    /// counts the weights up to and including `layer`.
    func checkMemory(values: Int, upTo layer: Layer) throws {
        let training = Double(values) * 4 * 4, memory = Model.memoryBytes
        if training > memory * 0.75 {
            throw SynapseError.layer(name: layer.name, reason: String(format: "the model needs %.1f GB of weights up to this layer "
                + "(%.1f GB to train with Adam); %@ %.1f GB", Double(values) * 4 / 1e9, training / 1e9,
                Model.memoryFromEnvironment ? "SYNAPSE_MEMORY_BYTES allows" : "the machine has", memory / 1e9))
        }
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
        return call(x, training: training)
    }

    /// The forward pass on a batch of each input (inference unless `training`).
    public func callAsFunction(_ xs: [Tensor], training: Bool = false) -> [Tensor] {
        if !isBuilt, let first = xs.first {
            do { try build(inputShape: Array(first.shape.dropFirst())) } catch { fatalError("\(error)") }
        }
        return call(xs, training: training)
    }

    /// All weights, layer by layer (a layer used twice counts once).
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
        try compile(optimizer: optimizer, losses: [loss], lossWeights: nil, metrics: [metrics])
    }

    /// Compiles a model with several outputs: a loss per output name (Keras's dictionary form),
    /// optional weights of the losses in the total (1 each by default) and metrics per output.
    /// The logs name each output's loss and metrics after it: "reg_loss", "cls_accuracy".
    public func compile(optimizer: OptimizerRepresentable = "rmsprop", loss: [String: LossRepresentable],
                        lossWeights: [String: Float]? = nil, metrics: [String: [MetricRepresentable]] = [:]) throws {
        let names = outputNames
        for key in Array(loss.keys) + Array(lossWeights?.keys ?? [:].keys) + Array(metrics.keys) where !names.contains(key) {
            throw SynapseError.invalidArgument("compile names output '\(key)', which model '\(name)' does not have; its outputs are "
                + names.joined(separator: ", "))
        }
        let losses = try names.map { output -> Loss in
            guard let l = loss[output] else { throw SynapseError.invalidArgument("compile gives no loss for output '\(output)' of model '\(name)'") }
            return try l.makeLoss()
        }
        for layer in layers { try layer.validateArguments() }
        let optimizer = try optimizer.makeOptimizer()
        try optimizer.validate()
        try compile(optimizer: optimizer, losses: losses, lossWeights: names.map { lossWeights?[$0] ?? 1 },
                    metrics: names.map { metrics[$0] ?? [] })
    }

    /// Sets the compile settings, one loss and list of metrics per output.
    func compile(optimizer: Optimizer, losses: [Loss], lossWeights: [Float]?, metrics: [[MetricRepresentable]]) throws {
        guard losses.count == outputCount else {
            throw SynapseError.invalidArgument("model '\(name)' has \(outputCount) outputs (\(outputNames.joined(separator: ", "))); "
                + "compile got \(losses.count) loss\(losses.count == 1 ? "" : "es"): give one per output by name")
        }
        self.optimizer = optimizer
        self.losses = losses
        self.lossWeights = lossWeights ?? losses.map { _ in 1 }
        outputMetrics = try zip(losses, metrics).map { loss, list in try list.map { try $0.makeMetric(loss: loss) } }
        metricNames = zip(losses, metrics).map { loss, list in
            list.map { ($0 as? String) ?? (try? $0.makeMetric(loss: loss).name) ?? "" }
        }
    }

}
