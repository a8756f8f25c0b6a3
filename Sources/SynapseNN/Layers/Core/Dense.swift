// Dense: a fully connected layer (Keras's layers.Dense).
//
//   y = f(x·W + b)     x [batch, in], W [in, units] (the kernel), b [units]
//   ∂x = ∂z·Wᵀ   ∂W = xᵀ·∂z   ∂b = Σ_batch ∂z,   ∂z = g ⊙ f′(z)
//
// Inputs of higher rank [batch, ..., in] apply the same kernel to the last axis. Linear, ReLU,
// sigmoid and tanh run fused with the product in one op (Tensor.dense); the other activations
// are applied after it.

/// A fully connected layer: `activation(x·kernel + bias)`.
public final class Dense: LogitsProviding {
    public static let className = "Dense"
    public let name: String
    public var trainable = true
    /// The number of outputs.
    public let units: Int
    public let activation: ActivationFunction
    public let useBias: Bool
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    public let biasRegularizer: Regularizer?
    /// A seed for the initialisers; nil draws from the model's or the global generator.
    public let seed: UInt64?

    public private(set) var inputShape: [Int]?
    /// The kernel [in, units], named `<name>/kernel`.
    public private(set) var kernel: Weight?
    /// The bias [units], named `<name>/bias`.
    public private(set) var bias: Weight?

    public var isBuilt: Bool { kernel != nil }
    public var weights: [Weight] { [kernel, bias].compactMap { $0 } }

    public init(units: Int, activation: ActivationFunction = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                seed: UInt64? = nil, name: String? = nil) {
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
        self.seed = seed
        self.name = name ?? LayerNames.unique("dense")
    }

    /// Keras's positional form: `Dense(30, activation: .relu)`.
    public convenience init(_ units: Int, activation: ActivationFunction = .linear, useBias: Bool = true,
                            kernelInitializer: Initializer = .glorotUniform, name: String? = nil) {
        self.init(units: units, activation: activation, useBias: useBias,
                  kernelInitializer: kernelInitializer, name: name)
    }

    public func validateArguments() throws {
        try requireArgument(units > 0, "Dense needs a positive number of units; got \(units)")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        guard let last = inputShape.last, last > 0 else {
            throw SynapseError.layer(name: name, reason: "Dense needs inputs with a last axis of features; got shape \(shapeText(inputShape))")
        }
        if let built = self.inputShape, built.last != last {
            throw SynapseError.layer(name: name, reason: "expected inputs with \(built.last!) features (shape \(shapeText(built))); got \(shapeText(inputShape))")
        }
        return Array(inputShape.dropLast()) + [units]
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        try Dense.checkBiasInitializer(biasInitializer, useBias: useBias, name: name)
        (kernel, bias) = try Dense.makeKernelAndBias(layer: name, kernelShape: [inputShape.last!, units], units: units,
                                                 useBias: useBias, seed: seed,
                                                 kernelInitializer: kernelInitializer, biasInitializer: biasInitializer,
                                                 kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer,
                                                 generator: &generator)
        self.inputShape = inputShape
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        if let fused = activation.fused {
            return product(x, activation: fused)
        }
        return activation(product(x, activation: .linear))
    }

    /// x·W + b before the activation: the logits that a fused loss reads.
    public func logits(_ x: Tensor) -> Tensor { product(x, activation: .linear) }

    private func product(_ x: Tensor, activation: FusedActivation) -> Tensor {
        guard let kernel else { fatalError("Layer '\(name)' is called before it is built") }
        let features = kernel.value.shape[0]
        guard x.rank >= 2, x.shape.last == features else {
            fatalError("Layer '\(name)': expected inputs [batch, ..., \(features)]; got \(x.shape)")
        }
        if x.rank == 2 {
            return Tensor.dense(x, kernel: kernel.value, bias: bias?.value, activation: activation)
        }
        let flat = x.reshaped(to: [-1, features])
        let y = Tensor.dense(flat, kernel: kernel.value, bias: bias?.value, activation: activation)
        return y.reshaped(to: Array(x.shape.dropLast()) + [units])
    }

    public var config: LayerConfig {
        ["name": .string(name), "trainable": .bool(trainable), "units": .number(Double(units)),
         "activation": activation.config, "use_bias": .bool(useBias),
         "kernel_initializer": .string(kernelInitializer.rawValue),
         "bias_initializer": .string(biasInitializer.rawValue),
         "kernel_regularizer": kernelRegularizer?.config ?? .null,
         "bias_regularizer": biasRegularizer?.config ?? .null, "seed": seed.json]
    }

    /// The orthogonal initialiser needs a matrix; the bias is a vector.
    static func checkBiasInitializer(_ initializer: Initializer, useBias: Bool, name: String) throws {
        if useBias && initializer == .orthogonal {
            throw SynapseError.layer(name: name, reason: "bias_initializer 'orthogonal' needs a weight of rank 2 or more; the bias has rank 1")
        }
    }

    /// The kernel and the bias [units] of a layer (Dense, Conv1D, Conv2D), named `<layer>/kernel` and
    /// `<layer>/bias`, drawn in that order from the layer's own seed or else from `generator`.
    static func makeKernelAndBias(layer: String, kernelShape: [Int], units: Int, useBias: Bool, seed: UInt64?,
                                  kernelInitializer: Initializer, biasInitializer: Initializer,
                                  kernelRegularizer: Regularizer?, biasRegularizer: Regularizer?,
                                  generator: inout SeededGenerator) throws -> (Weight, Weight?) {
        try checkWeightSize(kernelShape, weight: "\(layer)/kernel", layer: layer)
        var own = seed.map { SeededGenerator(seed: $0) }
        let kernelValue = own != nil ? kernelInitializer.make(kernelShape, using: &own!)
            : kernelInitializer.make(kernelShape, using: &generator)
        let kernel = Weight(name: "\(layer)/kernel", value: kernelValue, regularizer: kernelRegularizer)
        guard useBias else { return (kernel, nil) }
        let biasValue = own != nil ? biasInitializer.make([units], using: &own!) : biasInitializer.make([units], using: &generator)
        return (kernel, Weight(name: "\(layer)/bias", value: biasValue, regularizer: biasRegularizer))
    }

    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "Dense")
        let units = try r.int("units")
        let layerName = try r.string("name", default: nil) ?? "Dense"
        guard units > 0 else { throw SynapseError.layer(name: layerName, reason: "'units' must be a positive integer; got \(units)") }
        let useBias = try r.bool("use_bias", default: true)
        func initializer(_ key: String, _ d: Initializer) throws -> Initializer {
            guard let text = try r.string(key, default: nil) else { return d }
            guard let value = Initializer(rawValue: text) else { throw r.missing(key, "an initializer name") }
            return value
        }
        let biasInitializer = try initializer("bias_initializer", .zeros)
        try Dense.checkBiasInitializer(biasInitializer, useBias: useBias, name: layerName)
        self.init(units: units, activation: try ActivationFunction(config: config["activation"] ?? .null),
                  useBias: useBias,
                  kernelInitializer: try initializer("kernel_initializer", .glorotUniform),
                  biasInitializer: biasInitializer,
                  kernelRegularizer: Regularizer(config: config["kernel_regularizer"]),
                  biasRegularizer: Regularizer(config: config["bias_regularizer"]),
                  seed: try r.seed(), name: try r.string("name", default: nil))
        trainable = try r.bool("trainable", default: true)
    }
}

/// A shape as Keras prints it: (None, 30).
func shapeText(_ shape: [Int], batch: Bool = true) -> String {
    let parts = (batch ? ["None"] : []) + shape.map(String.init)
    return "(" + parts.joined(separator: ", ") + (parts.count == 1 ? ",)" : ")")
}
