// Conv1D: a 1-D convolution over sequences, channels last (Keras's layers.Conv1D).
//
//   y[i, t, :] = f(Σ_{u, ch} x[i, t·s + u·d − pad, ch] · K[u, ch, :] + b)
//   x [batch, steps, in], K [k, in, filters] (the kernel), b [filters]
//
// It is Conv2D on images one row high: x is viewed as [batch, 1, steps, in] and K as
// [1, k, in, filters] (reshapes share storage), so the 2-D kernel and its backward pass do the work.

/// A 1-D convolution layer: `activation(conv(x, kernel) + bias)` on [batch, steps, channels].
public final class Conv1D: Layer {
    public static let className = "Conv1D"
    public let name: String
    public var trainable = true
    /// The number of output channels.
    public let filters: Int
    /// The window length.
    public let kernelSize: Int
    /// The step between windows.
    public let strides: Int
    public let padding: Padding
    /// The step between a window's taps.
    public let dilationRate: Int
    public let activation: ActivationFunction
    public let useBias: Bool
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    public let biasRegularizer: Regularizer?
    /// A seed for the initialisers; nil draws from the model's or the global generator.
    public let seed: UInt64?

    public private(set) var inputShape: [Int]?
    /// The kernel [k, in, filters], named `<name>/kernel`.
    public private(set) var kernel: Weight?
    /// The bias [filters], named `<name>/bias`.
    public private(set) var bias: Weight?

    public var isBuilt: Bool { kernel != nil }
    public var weights: [Weight] { [kernel, bias].compactMap { $0 } }

    public init(filters: Int, kernelSize: Int, strides: Int = 1, padding: Padding = .valid, dilationRate: Int = 1,
                activation: ActivationFunction = .linear, useBias: Bool = true,
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
        self.name = name ?? LayerNames.unique("conv1d")
    }

    /// Keras's positional form: `Conv1D(16, kernelSize: 3, activation: .relu)`.
    public convenience init(_ filters: Int, kernelSize: Int, strides: Int = 1, padding: Padding = .valid,
                            activation: ActivationFunction = .linear, name: String? = nil) {
        self.init(filters: filters, kernelSize: kernelSize, strides: strides, padding: padding,
                  dilationRate: 1, activation: activation, name: name)
    }

    public func validateArguments() throws {
        try requireArgument(filters > 0, "Conv1D needs a positive number of filters; got \(filters)")
        try requireArgument(kernelSize > 0, "Conv1D needs a positive kernel size; got \(kernelSize)")
        try requireArgument(strides > 0, "Conv1D needs positive strides; got \(strides)")
        try requireArgument(dilationRate > 0, "Conv1D needs a positive dilation rate; got \(dilationRate)")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        guard inputShape.count == 2, inputShape.allSatisfy({ $0 > 0 }) else {
            throw SynapseError.layer(name: name, reason: "Conv1D needs sequences (steps, channels); got shape \(shapeText(inputShape))")
        }
        if let built = self.inputShape, built[1] != inputShape[1] {
            throw SynapseError.layer(name: name, reason: "expected sequences with \(built[1]) channels (shape \(shapeText(built))); got \(shapeText(inputShape))")
        }
        let span = (kernelSize - 1) * dilationRate + 1
        if padding == .valid && span > inputShape[0] {
            let dilated = span != kernelSize ? " (dilated to \(span))" : ""
            throw SynapseError.layer(name: name, reason: "kernel \(kernelSize)\(dilated) is longer than the \(inputShape[0]) input steps; use a smaller kernel, padding 'same' or longer inputs")
        }
        return [padding.outputLength(input: inputShape[0], window: kernelSize, stride: strides, dilation: dilationRate), filters]
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        try Dense.checkBiasInitializer(biasInitializer, useBias: useBias, name: name)
        (kernel, bias) = try Dense.makeKernelAndBias(layer: name, kernelShape: [kernelSize, inputShape[1], filters],
                                                   units: filters, useBias: useBias, seed: seed,
                                                   kernelInitializer: kernelInitializer, biasInitializer: biasInitializer,
                                                   kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer,
                                                   generator: &generator)
        self.inputShape = inputShape
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        guard let kernel else { fatalError("Layer '\(name)' is called before it is built") }
        let channels = kernel.value.shape[1]
        guard x.rank == 3, x.shape[2] == channels else {
            fatalError("Layer '\(name)': expected sequences [batch, steps, \(channels)]; got \(x.shape)")
        }
        let images = x.reshaped(to: [x.shape[0], 1, x.shape[1], channels])
        let kernel2D = kernel.value.reshaped(to: [1, kernelSize, channels, filters])
        let y = Tensor.conv2D(images, kernel: kernel2D, bias: bias?.value, strides: (1, strides), padding: padding,
                              dilation: (1, dilationRate), activation: activation.fused ?? .linear)
        let sequences = y.reshaped(to: [y.shape[0], y.shape[2], filters])
        return activation.fused == nil ? activation(sequences) : sequences
    }

    public var config: LayerConfig {
        ["name": .string(name), "trainable": .bool(trainable), "filters": .number(Double(filters)),
         "kernel_size": [.number(Double(kernelSize))], "strides": [.number(Double(strides))],
         "padding": .string(padding.rawValue), "data_format": "channels_last",
         "dilation_rate": [.number(Double(dilationRate))],
         "activation": activation.config, "use_bias": .bool(useBias),
         "kernel_initializer": .string(kernelInitializer.rawValue),
         "bias_initializer": .string(biasInitializer.rawValue),
         "kernel_regularizer": kernelRegularizer?.config ?? .null,
         "bias_regularizer": biasRegularizer?.config ?? .null, "seed": seed.json]
    }

    public convenience init(config: LayerConfig) throws {
        let r = ConvolutionConfigReader(config: config, className: "Conv1D", rank: 1)
        try r.checkSupported()
        self.init(filters: try r.positive("filters"), kernelSize: try r.window("kernel_size", default: nil)[0],
                  strides: try r.window("strides", default: 1)[0], padding: try r.padding(),
                  dilationRate: try r.window("dilation_rate", default: 1)[0],
                  activation: try r.activation(), useBias: try r.useBias(),
                  kernelInitializer: try r.initializer("kernel_initializer", .glorotUniform),
                  biasInitializer: try r.biasInitializer(),
                  kernelRegularizer: Regularizer(config: config["kernel_regularizer"]),
                  biasRegularizer: Regularizer(config: config["bias_regularizer"]),
                  seed: try r.reader.seed(), name: r.name)
        trainable = try r.reader.bool("trainable", default: true)
    }
}
