// Conv2D: a 2-D convolution over images, channels last (Keras's layers.Conv2D).
//
//   y[i, p, q, :] = f(Σ_{u, v, ch} x[i, p·sh + u·dh − pt, q·sw + v·dw − pl, ch] · K[u, v, ch, :] + b)
//   x [batch, h, w, in], K [kh, kw, in, filters] (the kernel), b [filters]
//
// Tensor.conv2D computes it (im2col + one GEMM) with its hand-written backward pass; linear,
// ReLU, sigmoid and tanh are fused into it, other activations are applied after, as Dense does.

/// A 2-D convolution layer: `activation(conv(x, kernel) + bias)` on [batch, h, w, channels].
public final class Conv2D: Layer {
    public static let className = "Conv2D"
    public let name: String
    public var trainable = true
    /// The number of output channels.
    public let filters: Int
    /// The window, (rows, columns).
    public let kernelSize: (Int, Int)
    /// The step between windows, (rows, columns).
    public let strides: (Int, Int)
    public let padding: Padding
    /// The step between a window's taps, (rows, columns).
    public let dilationRate: (Int, Int)
    public let activation: ActivationFunction
    public let useBias: Bool
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    public let biasRegularizer: Regularizer?
    /// A seed for the initialisers; nil draws from the model's or the global generator.
    public let seed: UInt64?

    public private(set) var inputShape: [Int]?
    /// The kernel [kh, kw, in, filters], named `<name>/kernel`.
    public private(set) var kernel: Weight?
    /// The bias [filters], named `<name>/bias`.
    public private(set) var bias: Weight?

    public var isBuilt: Bool { kernel != nil }
    public var weights: [Weight] { [kernel, bias].compactMap { $0 } }

    public init(filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: Padding = .valid,
                dilationRate: (Int, Int) = (1, 1), activation: ActivationFunction = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                seed: UInt64? = nil, name: String? = nil) {
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.dilationRate = dilationRate
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
        self.seed = seed
        self.name = name ?? LayerNames.unique("conv2d")
    }

    /// Keras's square shorthand: `Conv2D(32, kernelSize: 4, activation: .relu)`.
    public convenience init(_ filters: Int, kernelSize: Int, strides: Int = 1, padding: Padding = .valid,
                            activation: ActivationFunction = .linear, name: String? = nil) {
        self.init(filters: filters, kernelSize: (kernelSize, kernelSize), strides: (strides, strides),
                  padding: padding, activation: activation, name: name)
    }

    public func validateArguments() throws {
        try requireArgument(filters > 0, "Conv2D needs a positive number of filters; got \(filters)")
        try requireArgument(kernelSize.0 > 0 && kernelSize.1 > 0, "Conv2D needs a positive kernel size; got \(kernelSize)")
        try requireArgument(strides.0 > 0 && strides.1 > 0, "Conv2D needs positive strides; got \(strides)")
        try requireArgument(dilationRate.0 > 0 && dilationRate.1 > 0, "Conv2D needs a positive dilation rate; got \(dilationRate)")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        guard inputShape.count == 3, inputShape.allSatisfy({ $0 > 0 }) else {
            throw SynapseError.layer(name: name, reason: "Conv2D needs images (height, width, channels); got shape \(shapeText(inputShape))")
        }
        if let built = self.inputShape, built[2] != inputShape[2] {
            throw SynapseError.layer(name: name, reason: "expected images with \(built[2]) channels (shape \(shapeText(built))); got \(shapeText(inputShape))")
        }
        let (oh, ow) = try slidingWindowOutput(layer: name, input: (inputShape[0], inputShape[1]), window: kernelSize,
                                               strides: strides, dilation: dilationRate, padding: padding, what: "kernel")
        return [oh, ow, filters]
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        try Dense.checkBiasInitializer(biasInitializer, useBias: useBias, name: name)
        (kernel, bias) = try Dense.makeKernelAndBias(layer: name, kernelShape: [kernelSize.0, kernelSize.1, inputShape[2], filters],
                                                   units: filters, useBias: useBias, seed: seed,
                                                   kernelInitializer: kernelInitializer, biasInitializer: biasInitializer,
                                                   kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer,
                                                   generator: &generator)
        self.inputShape = inputShape
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        guard let kernel else { fatalError("Layer '\(name)' is called before it is built") }
        let channels = kernel.value.shape[2]
        guard x.rank == 4, x.shape[3] == channels else {
            fatalError("Layer '\(name)': expected images [batch, height, width, \(channels)]; got \(x.shape)")
        }
        let fused = activation.fused ?? .linear
        let y = Tensor.conv2D(x, kernel: kernel.value, bias: bias?.value, strides: strides, padding: padding,
                              dilation: dilationRate, activation: fused)
        return activation.fused == nil ? activation(y) : y
    }

    public var config: LayerConfig {
        ["name": .string(name), "trainable": .bool(trainable), "filters": .number(Double(filters)),
         "kernel_size": pairJSON(kernelSize), "strides": pairJSON(strides), "padding": .string(padding.rawValue),
         "data_format": "channels_last", "dilation_rate": pairJSON(dilationRate),
         "activation": activation.config, "use_bias": .bool(useBias),
         "kernel_initializer": .string(kernelInitializer.rawValue),
         "bias_initializer": .string(biasInitializer.rawValue),
         "kernel_regularizer": kernelRegularizer?.config ?? .null,
         "bias_regularizer": biasRegularizer?.config ?? .null, "seed": seed.json]
    }

    public convenience init(config: LayerConfig) throws {
        let r = ConvolutionConfigReader(config: config, className: "Conv2D", rank: 2)
        try r.checkSupported()
        let filters = try r.positive("filters")
        let kernelSize = try r.window("kernel_size", default: nil)
        self.init(filters: filters, kernelSize: (kernelSize[0], kernelSize[1]),
                  strides: try r.window("strides", default: 1).pair,
                  padding: try r.padding(), dilationRate: try r.window("dilation_rate", default: 1).pair,
                  activation: try r.activation(), useBias: try r.useBias(),
                  kernelInitializer: try r.initializer("kernel_initializer", .glorotUniform),
                  biasInitializer: try r.biasInitializer(),
                  kernelRegularizer: Regularizer(config: config["kernel_regularizer"]),
                  biasRegularizer: Regularizer(config: config["bias_regularizer"]),
                  seed: try r.reader.seed(), name: r.name)
        trainable = try r.reader.bool("trainable", default: true)
    }
}

// MARK: - Shared by the convolution and pooling layers

/// (rows, columns) as a JSON list, as Keras writes tuples.
func pairJSON(_ pair: (Int, Int)) -> JSONValue { [.number(Double(pair.0)), .number(Double(pair.1))] }

extension Array where Element == Int {
    /// The first two elements as a tuple.
    var pair: (Int, Int) { (self[0], self[1]) }
}

/// The output size of a sliding window over (height, width), or an error naming the layer when a
/// valid window does not fit: "kernel 5×5 is larger than the 4×4 input".
func slidingWindowOutput(layer: String, input: (Int, Int), window: (Int, Int), strides: (Int, Int),
                         dilation: (Int, Int), padding: Padding, what: String) throws -> (Int, Int) {
    let span = ((window.0 - 1) * dilation.0 + 1, (window.1 - 1) * dilation.1 + 1)
    if padding == .valid && (span.0 > input.0 || span.1 > input.1) {
        let dilated = span != window ? " (dilated to \(span.0)×\(span.1))" : ""
        throw SynapseError.layer(name: layer, reason: "\(what) \(window.0)×\(window.1)\(dilated) is larger than the \(input.0)×\(input.1) input; use smaller windows, padding 'same' or larger inputs")
    }
    return (padding.outputLength(input: input.0, window: window.0, stride: strides.0, dilation: dilation.0),
            padding.outputLength(input: input.1, window: window.1, stride: strides.1, dilation: dilation.1))
}

/// Reads the configuration of a convolution or pooling layer, turning every bad value into a
/// `SynapseError.layer` that names the layer.
struct ConvolutionConfigReader {
    let reader: ConfigReader
    let config: LayerConfig
    /// The layer's name from the configuration, if any.
    let name: String?
    /// The name errors use: the configured name or the class name.
    let errorName: String
    /// 1 for the 1-D layers, 2 for the 2-D ones.
    let rank: Int

    init(config: LayerConfig, className: String, rank: Int) {
        self.reader = ConfigReader(config: config, owner: className)
        self.config = config
        self.name = config["name"]?.stringValue
        self.errorName = name ?? className
        self.rank = rank
    }

    func fail(_ reason: String) -> SynapseError { .layer(name: errorName, reason: reason) }

    /// A positive integer.
    func positive(_ key: String) throws -> Int {
        guard let value = config[key]?.intValue else { throw fail("'\(key)' must be a positive integer; got \(config[key]?.jsonString() ?? "nothing")") }
        guard value > 0 else { throw fail("'\(key)' must be a positive integer; got \(value)") }
        return value
    }

    /// A window size, stride or dilation: one positive integer or a list of `rank` of them
    /// (Keras accepts both). Returns `rank` values, or `default` repeated when the key is absent.
    func window(_ key: String, default d: Int?) throws -> [Int] {
        let value = config[key] ?? .null
        if value == .null, let d { return Array(repeating: d, count: rank) }
        let values: [Int]?
        if let single = value.intValue {
            values = Array(repeating: single, count: rank)
        } else if let list = value.arrayValue, list.count == rank {
            let ints = list.compactMap(\.intValue)
            values = ints.count == rank ? ints : nil
        } else {
            values = nil
        }
        guard let values, values.allSatisfy({ $0 > 0 }) else {
            throw fail("'\(key)' must be a positive integer or a list of \(rank) positive integers; got \(value.jsonString())")
        }
        return values
    }

    /// "valid" or "same" (either case); other values (Keras's "causal" too) are errors.
    func padding() throws -> Padding {
        guard let text = try reader.string("padding", default: "valid") else { return .valid }
        guard let padding = Padding(rawValue: text.lowercased()) else {
            throw fail("unknown padding '\(text)'; expected 'valid' or 'same'")
        }
        return padding
    }

    /// Throws for Keras options that Synapse does not implement (channels-first data, grouped
    /// convolutions), rather than quietly computing something else.
    func checkSupported() throws {
        if let format = config["data_format"], format != .null, format.stringValue != "channels_last" {
            throw fail("data_format \(format.jsonString()) is not supported; Synapse's data are channels_last")
        }
        if let groups = config["groups"], groups != .null, groups.intValue != 1 {
            throw fail("groups \(groups.jsonString()) is not supported; only groups = 1")
        }
    }

    func activation() throws -> ActivationFunction {
        do { return try ActivationFunction(config: config["activation"] ?? .null) } catch { throw fail("\(error)") }
    }

    func useBias() throws -> Bool { try reader.bool("use_bias", default: true) }

    func initializer(_ key: String, _ d: Initializer) throws -> Initializer {
        guard let text = try reader.string(key, default: nil) else { return d }
        guard let value = Initializer(rawValue: text) else { throw fail("unknown \(key) '\(text)'") }
        return value
    }

    func biasInitializer() throws -> Initializer {
        let value = try initializer("bias_initializer", .zeros)
        try Dense.checkBiasInitializer(value, useBias: try useBias(), name: errorName)
        return value
    }
}
