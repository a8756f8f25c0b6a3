// The layer lifecycle, as Keras has it:
//   1. init stores the configuration (units, activation, ...); no weights yet;
//   2. build(inputShape:) creates the weights once the input's shape is known — lazily on the
//      first call, or explicitly (a model builds every layer from its input shape);
//   3. call(_:training:) computes the output (training switches Dropout and the like);
//   4. config returns the configuration; init(config:) rebuilds the layer from it.
// Shapes exclude the batch dimension, as Keras's input_shape does.

import Foundation

/// A weight of a layer: a tensor with a name (`<layer name>/<kernel|bias|...>`), trainable or
/// not, and an optional regularisation penalty added to the loss.
public final class Weight {
    /// `<layer name>/<kernel|bias|...>`.
    public let name: String
    /// The current value; a leaf of the autodiff graph when trainable.
    public var value: Tensor
    /// Whether optimizers update it.
    public let trainable: Bool
    /// The penalty this weight adds to the loss, if any.
    public let regularizer: Regularizer?

    public init(name: String, value: Tensor, trainable: Bool = true, regularizer: Regularizer? = nil) {
        self.name = name
        self.value = trainable ? value.detached().requiringGradient() : value.detached()
        self.trainable = trainable
        self.regularizer = regularizer
    }

    /// Replaces the value (same shape), keeping the weight's place in the autodiff graph.
    public func assign(_ newValue: Tensor) throws {
        guard newValue.shape == value.shape else {
            throw SynapseError.shapeMismatch("weight '\(name)' has shape \(value.shape); got \(newValue.shape)")
        }
        value.withUnsafeMutableBufferPointer { out in
            newValue.withUnsafeBufferPointer { src in _ = out.initialize(from: src) }
        }
    }
}

/// The most values one weight may hold: 2²⁸ (1 GiB of floats, 4 GiB with Adam's two moments and
/// its gradient). Keras layers rarely reach a tenth of it; a config asking for more (a typo in
/// `units` or `filters`) would otherwise end the program when the memory is asked for, so
/// building such a layer throws instead.
public let maximumWeightValues = 1 << 28

/// Throws, naming the layer and the weight, when `shape` holds more than `maximumWeightValues`
/// values (or its size overflows); layers call it before they make a weight.
func checkWeightSize(_ shape: [Int], weight: String, layer: String) throws {
    var count = 1
    for d in shape {
        let (product, overflow) = count.multipliedReportingOverflow(by: Swift.max(d, 0))
        guard !overflow, product <= maximumWeightValues else {
            throw SynapseError.layer(name: layer, reason: "weight '\(weight)' of shape \(shape) would hold more than 2^28 values "
                + "(1 GiB); check the layer's size arguments")
        }
        count = product
    }
}

/// A building block of a model. Conforming types are classes (layers own mutable weights).
public protocol Layer: AnyObject {
    /// Keras's class name ("Dense"); model files use it to rebuild the layer.
    static var className: String { get }
    /// The layer's name, unique in a program run ("dense", "dense_1", ...).
    var name: String { get }
    /// Whether build has created the weights.
    var isBuilt: Bool { get }
    /// Whether the layer's weights are trained (false freezes them).
    var trainable: Bool { get set }
    /// All weights, trainable or not, in a fixed order.
    var weights: [Weight] { get }
    /// The shape of one input sample, once known.
    var inputShape: [Int]? { get }
    /// Throws a `SynapseError.layer` naming the layer when an argument it was made with cannot
    /// work (`Dense(0)`, `Dropout(1.5)`). Initialisers store their arguments without trapping;
    /// `compile`, `build` and the first call check them, as Keras checks them when the layer is
    /// made. The default accepts everything.
    func validateArguments() throws
    /// Creates the weights for inputs of `inputShape` (batch dimension excluded); throws when the
    /// shape does not suit the layer. Random draws come from `generator` unless the layer has
    /// its own seed.
    func build(inputShape: [Int], generator: inout SeededGenerator) throws
    /// The output shape for inputs of `inputShape`, or a thrown error naming the layer.
    func outputShape(forInputShape inputShape: [Int]) throws -> [Int]
    /// The forward pass on a batch.
    func call(_ x: Tensor, training: Bool) -> Tensor
    /// Keras's get_config(): the arguments that recreate the layer.
    var config: LayerConfig { get }
    /// Recreates a layer from `config`.
    init(config: LayerConfig) throws
}

extension Layer {
    /// The weights that optimizers update.
    public var trainableWeights: [Weight] { trainable ? weights.filter(\.trainable) : [] }
    /// The weights that optimizers leave alone.
    public var nonTrainableWeights: [Weight] { trainable ? weights.filter { !$0.trainable } : weights }
    /// The number of scalars in all weights.
    public var parameterCount: Int { weights.reduce(0) { $0 + $1.value.count } }

    public func validateArguments() throws {}

    /// Throws a `SynapseError.layer` naming this layer with `reason` unless `condition` holds
    /// (the checks of `validateArguments`).
    func requireArgument(_ condition: Bool, _ reason: @autoclosure () -> String) throws {
        guard condition else { throw SynapseError.layer(name: name, reason: reason()) }
    }

    /// Builds the layer with the global generator.
    public func build(inputShape: [Int]) throws {
        try validateArguments()
        var generator = Random.makeGenerator()
        try build(inputShape: inputShape, generator: &generator)
    }

    /// Calls the layer on a batch, building it first from the batch's shape if needed. A bad
    /// argument or a shape the layer cannot take stops the program with the layer's message;
    /// `checkedCall` throws it instead, and models check before they call.
    public func callAsFunction(_ x: Tensor, training: Bool = false) -> Tensor {
        do { return try checkedCall(x, training: training) } catch { fatalError("\(error)") }
    }

    /// Calls the layer on a batch, throwing a `SynapseError.layer` naming the layer when one of
    /// its arguments cannot work or the batch's shape does not suit it (the layer is built from
    /// that shape first if needed).
    public func checkedCall(_ x: Tensor, training: Bool = false) throws -> Tensor {
        guard x.rank >= 1 else {
            throw SynapseError.layer(name: name, reason: "expected a batch [batch, ...]; got a scalar")
        }
        let sample = Array(x.shape.dropFirst())
        if !isBuilt { try build(inputShape: sample) }
        _ = try outputShape(forInputShape: sample)
        return call(x, training: training)
    }

    /// The sum of the regularisation penalties of this layer's weights (a scalar).
    public var regularizationLoss: Tensor? {
        let terms = weights.compactMap { w in w.regularizer.map { $0(w.value) } }
        return terms.isEmpty ? nil : terms.dropFirst().reduce(terms[0], +)
    }

    /// The weights' values by name.
    public func weightValues() -> [String: Tensor] {
        Dictionary(weights.map { ($0.name, $0.value.detached()) }, uniquingKeysWith: { a, _ in a })
    }

    /// The full configuration including the class name, as model files store it.
    public var serialized: JSONValue {
        ["class_name": .string(Self.className), "config": .object(config)]
    }
}

/// A layer that can tell, before it runs, whether the values of its input are ones it accepts
/// (Embedding: whole token ids in 0 ..< inputDim). `call` cannot throw, so `Sequential`'s fit,
/// evaluate and predict ask the model's first layer to validate x, and every batch of a batch
/// sequence, before they run it.
public protocol InputValidating: Layer {
    /// Throws a `SynapseError.layer` naming this layer, the row and the value when `input` (a
    /// batch, [batch, ...]) holds a value the layer does not accept.
    func validate(input: Tensor) throws
}

/// Unique default names, as Keras makes them: the snake_case class name, then `_1`, `_2`, ...
public enum LayerNames {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var counts: [String: Int] = [:]

    /// The next unique name for `base` ("dense", then "dense_1", ...).
    public static func unique(_ base: String) -> String {
        lock.lock()
        defer { lock.unlock() }
        let n = counts[base, default: 0]
        counts[base] = n + 1
        return n == 0 ? base : "\(base)_\(n)"
    }

    /// Forgets the names given so far (Keras's `clear_session()`).
    public static func reset() {
        lock.lock()
        defer { lock.unlock() }
        counts = [:]
    }

    /// "Dense" → "dense", "ReLU" → "re_lu", "TerminateOnNaN" → "terminate_on_na_n" (Keras's rule).
    static func snakeCase(_ name: String) -> String {
        var out = ""
        for (i, c) in name.enumerated() {
            if c.isUppercase && i > 0 { out += "_" }
            out += c.lowercased()
        }
        return out
    }
}

/// The layer types that model files can rebuild, by Keras class name.
public enum LayerRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var types: [String: Layer.Type] = [
        Dense.className: Dense.self, Dropout.className: Dropout.self, Flatten.className: Flatten.self,
        Reshape.className: Reshape.self, Activation.className: Activation.self, Input.className: Input.self,
        BatchNormalization.className: BatchNormalization.self, ZeroPadding2D.className: ZeroPadding2D.self,
        SpatialDropout2D.className: SpatialDropout2D.self,
        Conv1D.className: Conv1D.self, Conv2D.className: Conv2D.self,
        MaxPooling1D.className: MaxPooling1D.self, MaxPooling2D.className: MaxPooling2D.self,
        AveragePooling1D.className: AveragePooling1D.self, AveragePooling2D.className: AveragePooling2D.self,
        GlobalAveragePooling1D.className: GlobalAveragePooling1D.self, GlobalMaxPooling1D.className: GlobalMaxPooling1D.self,
        GlobalAveragePooling2D.className: GlobalAveragePooling2D.self, GlobalMaxPooling2D.className: GlobalMaxPooling2D.self,
        SimpleRNN.className: SimpleRNN.self, LSTM.className: LSTM.self, GRU.className: GRU.self,
        Bidirectional.className: Bidirectional.self,
        Embedding.className: Embedding.self, Masking.className: Masking.self,
        TimeDistributed.className: TimeDistributed.self,
        Add.className: Add.self, Subtract.className: Subtract.self, Multiply.className: Multiply.self,
        Average.className: Average.self, Maximum.className: Maximum.self, Minimum.className: Minimum.self,
        Concatenate.className: Concatenate.self, Dot.className: Dot.self,
        Rescaling.className: Rescaling.self, Resizing.className: Resizing.self, CenterCrop.className: CenterCrop.self,
        RandomFlip.className: RandomFlip.self, RandomContrast.className: RandomContrast.self,
        RandomRotation.className: RandomRotation.self, RandomTranslation.className: RandomTranslation.self,
        RandomZoom.className: RandomZoom.self,
    ]

    /// Makes a custom layer type loadable from model files.
    public static func register(_ type: Layer.Type) {
        lock.lock()
        defer { lock.unlock() }
        types[type.className] = type
    }

    /// Whether a layer type is registered under `className`.
    public static func has(_ className: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return types[className] != nil
    }

    /// Rebuilds a layer from `{"class_name": ..., "config": {...}}`.
    public static func layer(from serialized: JSONValue) throws -> Layer {
        guard let object = serialized.objectValue, let className = object["class_name"]?.stringValue,
              let config = object["config"]?.objectValue else {
            throw SynapseError.invalidArgument("a layer's configuration needs 'class_name' and 'config'")
        }
        lock.lock()
        let type = types[className]
        lock.unlock()
        guard let type else {
            throw SynapseError.invalidArgument("unknown layer class '\(className)'; register it with LayerRegistry.register")
        }
        return try type.init(config: config)
    }
}

/// A weight penalty added to the loss: l1·Σ|w| + l2·Σw² (Keras's L1, L2 and L1L2).
public struct Regularizer: Equatable, Sendable {
    public var l1: Float
    public var l2: Float

    public init(l1: Float = 0, l2: Float = 0) {
        self.l1 = l1
        self.l2 = l2
    }
    /// Keras's `L1(l1=0.01)`.
    public static func l1(_ factor: Float = 0.01) -> Regularizer { Regularizer(l1: factor) }
    /// Keras's `L2(l2=0.01)`.
    public static func l2(_ factor: Float = 0.01) -> Regularizer { Regularizer(l2: factor) }

    /// The penalty for `w` (differentiable).
    public func callAsFunction(_ w: Tensor) -> Tensor {
        var penalty = Tensor(Float(0))
        if l1 != 0 { penalty = penalty + abs(w).sum() * l1 }
        if l2 != 0 { penalty = penalty + w.squared().sum() * l2 }
        return penalty
    }

    var config: JSONValue { ["l1": .number(Double(l1)), "l2": .number(Double(l2))] }
    init?(config: JSONValue?) {
        guard let object = config?.objectValue else { return nil }
        self.init(l1: Float(object["l1"]?.doubleValue ?? 0), l2: Float(object["l2"]?.doubleValue ?? 0))
    }
}
