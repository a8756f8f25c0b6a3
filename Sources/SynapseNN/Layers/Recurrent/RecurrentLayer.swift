// SimpleRNN, LSTM and GRU (Keras's layers of those names) over [batch, steps, features].
//
// The three share everything but the cell, so they share this class: the configuration, the
// weights (`<name>/kernel` [features, G·units], `<name>/recurrent_kernel` [units, G·units],
// `<name>/bias` — Keras's shapes, gate orders and names, so Keras weights load unchanged), masks,
// dropout and state handling. The whole sequence runs as one operation, `Tensor.recurrent`
// (SynapseTensor/Ops/Recurrent.swift), whose header writes out the equations and
// backpropagation through time.
//
// Dropout, as Keras: `dropout` drops input features and `recurrentDropout` drops units of
// h_{t−1} where it meets the recurrent kernel, each with one mask per sample for the whole
// sequence (Keras draws one mask per gate when recurrent dropout is on; Synapse shares one mask
// between the gates — the same regulariser in expectation, and what cuDNN-style kernels do).

/// The mask of padded steps, [batch, steps] (1 keep, 0 skip), flows through a `Sequential`
/// model from the layer that makes it (Embedding with `maskZero`, Masking) to the layers that
/// read it (the recurrent layers), as Keras's masks do.
public protocol MaskConsuming: Layer {
    /// The forward pass given the mask of the input's steps (nil: every step counts).
    func call(_ x: Tensor, mask: Tensor?, training: Bool) -> Tensor
}

/// A layer that makes a mask, or changes the one it receives.
public protocol MaskProducing: Layer {
    /// The mask of this layer's output, from its input and the input's mask.
    func computeMask(_ input: Tensor, previous: Tensor?) -> Tensor?
}

extension ActivationFunction {
    /// Whether recurrent layers take it: linear, relu, sigmoid or tanh (their fused kernels).
    public var isRecurrentActivation: Bool { fused != nil }
}

/// A recurrent layer: SimpleRNN, LSTM or GRU (use those subclasses).
public class RecurrentLayer: Layer, MaskConsuming, MaskProducing {
    public class var className: String { "RNN" }
    /// Which recurrence runs.
    public let cell: RecurrentCell
    public let name: String
    public var trainable = true
    /// The size of the hidden state h (and of c for LSTM).
    public let units: Int
    /// f: the activation of the state (tanh by default; the seed's LSTMs use relu).
    public let activation: ActivationFunction
    /// σ: the gates' activation (sigmoid by default); unused by SimpleRNN.
    public let recurrentActivation: ActivationFunction
    public let useBias: Bool
    public let kernelInitializer: Initializer
    public let recurrentInitializer: Initializer
    public let biasInitializer: Initializer
    /// LSTM: start the forget gate's bias at 1 (Keras's default), so that early training keeps c.
    public let unitForgetBias: Bool
    public let kernelRegularizer: Regularizer?
    public let recurrentRegularizer: Regularizer?
    public let biasRegularizer: Regularizer?
    /// The fraction of input features dropped while training.
    public let dropout: Float
    /// The fraction of h_{t−1}'s units dropped in the recurrent product while training.
    public let recurrentDropout: Float
    /// Return h for every step ([batch, steps, units]) instead of the last ([batch, units]).
    public let returnSequences: Bool
    /// `callWithStates` also returns the final states (Keras's `return_state`).
    public let returnState: Bool
    /// Process the steps from last to first (the output sequence comes back in that order).
    public let goBackwards: Bool
    /// Carry the final states of one batch over as the initial states of the next.
    public let stateful: Bool
    /// A seed for the initialisers and dropout masks; nil draws from the model's generator.
    public let seed: UInt64?

    public private(set) var inputShape: [Int]?
    /// The input kernel W [features, G·units], `<name>/kernel`.
    public private(set) var kernel: Weight?
    /// The recurrent kernel U [units, G·units], `<name>/recurrent_kernel`.
    public private(set) var recurrentKernel: Weight?
    /// The bias [G·units] ([2, 3·units] for GRU with `resetAfter`), `<name>/bias`.
    public private(set) var bias: Weight?
    /// The states carried between batches by a stateful layer (nil before the first batch).
    public private(set) var states: [Tensor]?
    private var masks = MaskSeeds(seed: nil)

    public var isBuilt: Bool { kernel != nil }
    public var weights: [Weight] { [kernel, recurrentKernel, bias].compactMap { $0 } }

    init(cell: RecurrentCell, units: Int, activation: ActivationFunction, recurrentActivation: ActivationFunction,
         useBias: Bool, kernelInitializer: Initializer, recurrentInitializer: Initializer, biasInitializer: Initializer,
         unitForgetBias: Bool, kernelRegularizer: Regularizer?, recurrentRegularizer: Regularizer?,
         biasRegularizer: Regularizer?, dropout: Float, recurrentDropout: Float, returnSequences: Bool,
         returnState: Bool, goBackwards: Bool, stateful: Bool, seed: UInt64?, name: String?, defaultName: String) {
        self.cell = cell
        self.units = units
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.recurrentInitializer = recurrentInitializer
        self.biasInitializer = biasInitializer
        self.unitForgetBias = unitForgetBias
        self.kernelRegularizer = kernelRegularizer
        self.recurrentRegularizer = recurrentRegularizer
        self.biasRegularizer = biasRegularizer
        self.dropout = dropout
        self.recurrentDropout = recurrentDropout
        self.returnSequences = returnSequences
        self.returnState = returnState
        self.goBackwards = goBackwards
        self.stateful = stateful
        self.seed = seed
        self.name = name ?? LayerNames.unique(defaultName)
        masks = MaskSeeds(seed: seed.map { $0 &+ 1 })
    }

    public func validateArguments() throws {
        let kind = Self.className
        try requireArgument(units > 0, "\(kind) needs a positive number of units; got \(units)")
        try requireArgument(activation.fused != nil && recurrentActivation.fused != nil,
                            "\(kind) takes the activations linear, relu, sigmoid and tanh; got \(activation.config.jsonString()), \(recurrentActivation.config.jsonString())")
        try requireArgument((0..<1).contains(dropout) && (0..<1).contains(recurrentDropout),
                            "\(kind) dropout rates must be in [0, 1); got \(dropout), \(recurrentDropout)")
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        guard inputShape.count == 2, inputShape.allSatisfy({ $0 > 0 }) else {
            throw SynapseError.layer(name: name, reason: "\(Self.className) needs sequences (steps, features); got shape \(shapeText(inputShape))"
                + (inputShape.count == 1 ? "; reshape a series to (steps, 1)" : ""))
        }
        if let built = self.inputShape, built[1] != inputShape[1] {
            throw SynapseError.layer(name: name, reason: "expected sequences with \(built[1]) features (shape \(shapeText(built))); got \(shapeText(inputShape))")
        }
        return returnSequences ? [inputShape[0], units] : [units]
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        let g = cell.gateCount, features = inputShape[1]
        try checkWeightSize([features, g * units], weight: "\(name)/kernel", layer: name)
        try checkWeightSize([units, g * units], weight: "\(name)/recurrent_kernel", layer: name)
        try Dense.checkBiasInitializer(biasInitializer, useBias: useBias, name: name)
        var own = seed.map { SeededGenerator(seed: $0) }
        func draw(_ initializer: Initializer, _ shape: [Int]) -> Tensor {
            own != nil ? initializer.make(shape, using: &own!) : initializer.make(shape, using: &generator)
        }
        kernel = Weight(name: "\(name)/kernel", value: draw(kernelInitializer, [features, g * units]), regularizer: kernelRegularizer)
        recurrentKernel = Weight(name: "\(name)/recurrent_kernel", value: draw(recurrentInitializer, [units, g * units]),
                                 regularizer: recurrentRegularizer)
        if useBias {
            var value = draw(biasInitializer, cell.biasShape(units: units))
            if cell == .lstm && unitForgetBias {
                // Keras: [b_i, 1, b_c, b_o] — the forget block starts at one.
                value.withUnsafeMutableBufferPointer { b in
                    for k in units..<(2 * units) { b[k] = 1 }
                }
            }
            bias = Weight(name: "\(name)/bias", value: value, regularizer: biasRegularizer)
        }
        if own != nil { masks.start(from: &own!) } else { masks.start(from: &generator) }
        self.inputShape = inputShape
        states = nil
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor {
        callWithStates(x, training: training).output
    }

    public func call(_ x: Tensor, mask: Tensor?, training: Bool) -> Tensor {
        callWithStates(x, mask: mask, training: training).output
    }

    /// The output and the final states (h, and c for LSTM) — Keras's `return_state=True` call.
    /// - Parameters:
    ///   - initialStates: h_0 (and c_0), each [batch, units]; zeros (or a stateful layer's
    ///     carried states) when nil.
    ///   - mask: [batch, steps], 0 at padded steps.
    public func callWithStates(_ x: Tensor, initialStates: [Tensor]? = nil, mask: Tensor? = nil,
                               training: Bool = false) -> (output: Tensor, states: [Tensor]) {
        guard let kernel, let recurrentKernel else { fatalError("Layer '\(name)' is called before it is built") }
        let features = kernel.value.shape[0]
        guard x.rank == 3, x.shape[1] >= 1, x.shape[2] == features else {
            fatalError("Layer '\(name)': expected sequences [batch, steps, \(features)]; got \(x.shape)")
        }
        let n = x.shape[0]
        var initial = initialStates ?? []
        if initial.isEmpty, stateful, let carried = states, carried.first?.shape[0] == n { initial = carried }
        var input = x
        var recurrentMask: Tensor?
        if training && dropout > 0 {
            input = x * Dropout.mask(shape: [n, 1, features], rate: dropout, callSeed: masks.next())
        }
        if training && recurrentDropout > 0 {
            recurrentMask = Dropout.mask(shape: [n, units], rate: recurrentDropout, callSeed: masks.next())
        }
        let options = RecurrentOptions(activation: activation.fused!, recurrentActivation: recurrentActivation.fused!,
                                       returnSequences: returnSequences, goBackwards: goBackwards,
                                       returnStates: returnState || stateful)
        let result = Tensor.recurrent(cell, input: input, kernel: kernel.value, recurrentKernel: recurrentKernel.value,
                                      bias: bias?.value, initialStates: initial, mask: mask,
                                      recurrentDropoutMask: recurrentMask, options: options)
        if stateful { states = result.states.map { $0.detached() } }
        return result
    }

    public func computeMask(_ input: Tensor, previous: Tensor?) -> Tensor? {
        returnSequences ? previous : nil
    }

    /// Forgets the carried states of a stateful layer (Keras's `reset_states()`).
    public func resetStates() { states = nil }

    public var config: LayerConfig {
        var config: LayerConfig = [
            "name": .string(name), "trainable": .bool(trainable), "units": .number(Double(units)),
            "activation": activation.config, "use_bias": .bool(useBias),
            "kernel_initializer": .string(kernelInitializer.rawValue),
            "recurrent_initializer": .string(recurrentInitializer.rawValue),
            "bias_initializer": .string(biasInitializer.rawValue),
            "kernel_regularizer": kernelRegularizer?.config ?? .null,
            "recurrent_regularizer": recurrentRegularizer?.config ?? .null,
            "bias_regularizer": biasRegularizer?.config ?? .null,
            "dropout": .number(Double(dropout)), "recurrent_dropout": .number(Double(recurrentDropout)),
            "return_sequences": .bool(returnSequences), "return_state": .bool(returnState),
            "go_backwards": .bool(goBackwards), "stateful": .bool(stateful), "seed": seed.json,
        ]
        if cell != .simple { config["recurrent_activation"] = recurrentActivation.config }
        if cell == .lstm { config["unit_forget_bias"] = .bool(unitForgetBias) }
        if case .gru(let resetAfter) = cell { config["reset_after"] = .bool(resetAfter) }
        return config
    }

    public required convenience init(config: LayerConfig) throws {
        let className = Self.className
        let r = ConfigReader(config: config, owner: className)
        let layerName = try r.string("name", default: nil)
        func fail(_ reason: String) -> SynapseError { .layer(name: layerName ?? className, reason: reason) }
        let units = try r.int("units")
        guard units > 0 else { throw fail("'units' must be a positive integer; got \(units)") }
        func activation(_ key: String, _ d: ActivationFunction) throws -> ActivationFunction {
            guard let value = config[key], value != .null else { return d }
            let f: ActivationFunction
            do { f = try ActivationFunction(config: value) } catch { throw fail("\(error)") }
            guard f.fused != nil else { throw fail("'\(key)' \(value.jsonString()) is not supported in recurrent layers; use linear, relu, sigmoid or tanh") }
            return f
        }
        func initializer(_ key: String, _ d: Initializer) throws -> Initializer {
            guard let text = try r.string(key, default: nil) else { return d }
            guard let value = Initializer(rawValue: text) else { throw fail("unknown \(key) '\(text)'") }
            return value
        }
        func rate(_ key: String) throws -> Float {
            let value = try r.double(key, default: 0)
            guard (0..<1).contains(value) else { throw fail("'\(key)' must be in [0, 1); got \(value)") }
            return Float(value)
        }
        let cell: RecurrentCell
        switch className {
        case "LSTM": cell = .lstm
        case "GRU": cell = .gru(resetAfter: try r.bool("reset_after", default: true))
        default: cell = .simple
        }
        let useBias = try r.bool("use_bias", default: true)
        let biasInitializer = try initializer("bias_initializer", .zeros)
        try Dense.checkBiasInitializer(biasInitializer, useBias: useBias, name: layerName ?? className)
        self.init(cell: cell, units: units, activation: try activation("activation", .tanh),
                  recurrentActivation: try activation("recurrent_activation", .sigmoid), useBias: useBias,
                  kernelInitializer: try initializer("kernel_initializer", .glorotUniform),
                  recurrentInitializer: try initializer("recurrent_initializer", .orthogonal),
                  biasInitializer: biasInitializer, unitForgetBias: try r.bool("unit_forget_bias", default: true),
                  kernelRegularizer: Regularizer(config: config["kernel_regularizer"]),
                  recurrentRegularizer: Regularizer(config: config["recurrent_regularizer"]),
                  biasRegularizer: Regularizer(config: config["bias_regularizer"]),
                  dropout: try rate("dropout"), recurrentDropout: try rate("recurrent_dropout"),
                  returnSequences: try r.bool("return_sequences", default: false),
                  returnState: try r.bool("return_state", default: false),
                  goBackwards: try r.bool("go_backwards", default: false),
                  stateful: try r.bool("stateful", default: false), seed: try r.seed(), name: layerName,
                  defaultName: className == "SimpleRNN" ? "simple_rnn" : className.lowercased())
        trainable = try r.bool("trainable", default: true)
    }
}

/// A fully connected recurrence, h_t = f(x_t W + h_{t−1} U + b) (Keras's `SimpleRNN`).
public final class SimpleRNN: RecurrentLayer {
    public override class var className: String { "SimpleRNN" }

    public convenience init(_ units: Int, activation: ActivationFunction = .tanh, useBias: Bool = true,
                            kernelInitializer: Initializer = .glorotUniform, recurrentInitializer: Initializer = .orthogonal,
                            biasInitializer: Initializer = .zeros, kernelRegularizer: Regularizer? = nil,
                            recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            dropout: Float = 0, recurrentDropout: Float = 0, returnSequences: Bool = false,
                            returnState: Bool = false, goBackwards: Bool = false, stateful: Bool = false,
                            seed: UInt64? = nil, name: String? = nil) {
        self.init(cell: .simple, units: units, activation: activation, recurrentActivation: .sigmoid, useBias: useBias,
                  kernelInitializer: kernelInitializer, recurrentInitializer: recurrentInitializer,
                  biasInitializer: biasInitializer, unitForgetBias: false, kernelRegularizer: kernelRegularizer,
                  recurrentRegularizer: recurrentRegularizer, biasRegularizer: biasRegularizer, dropout: dropout,
                  recurrentDropout: recurrentDropout, returnSequences: returnSequences, returnState: returnState,
                  goBackwards: goBackwards, stateful: stateful, seed: seed, name: name, defaultName: "simple_rnn")
    }
}

/// Long short-term memory (Keras's `LSTM`): input, forget and output gates around a cell state.
public final class LSTM: RecurrentLayer {
    public override class var className: String { "LSTM" }

    public convenience init(_ units: Int, activation: ActivationFunction = .tanh,
                            recurrentActivation: ActivationFunction = .sigmoid, useBias: Bool = true,
                            kernelInitializer: Initializer = .glorotUniform, recurrentInitializer: Initializer = .orthogonal,
                            biasInitializer: Initializer = .zeros, unitForgetBias: Bool = true,
                            kernelRegularizer: Regularizer? = nil, recurrentRegularizer: Regularizer? = nil,
                            biasRegularizer: Regularizer? = nil, dropout: Float = 0, recurrentDropout: Float = 0,
                            returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                            stateful: Bool = false, seed: UInt64? = nil, name: String? = nil) {
        self.init(cell: .lstm, units: units, activation: activation, recurrentActivation: recurrentActivation,
                  useBias: useBias, kernelInitializer: kernelInitializer, recurrentInitializer: recurrentInitializer,
                  biasInitializer: biasInitializer, unitForgetBias: unitForgetBias, kernelRegularizer: kernelRegularizer,
                  recurrentRegularizer: recurrentRegularizer, biasRegularizer: biasRegularizer, dropout: dropout,
                  recurrentDropout: recurrentDropout, returnSequences: returnSequences, returnState: returnState,
                  goBackwards: goBackwards, stateful: stateful, seed: seed, name: name, defaultName: "lstm")
    }
}

/// Gated recurrent unit (Keras's `GRU`): update and reset gates; `resetAfter` (the default, as
/// Keras 3 and cuDNN) applies the reset gate after the recurrent product.
public final class GRU: RecurrentLayer {
    public override class var className: String { "GRU" }

    /// Whether the reset gate multiplies h_{t−1}·U (true) or h_{t−1} (false).
    public var resetAfter: Bool { cell == .gru(resetAfter: true) }

    public convenience init(_ units: Int, activation: ActivationFunction = .tanh,
                            recurrentActivation: ActivationFunction = .sigmoid, useBias: Bool = true,
                            kernelInitializer: Initializer = .glorotUniform, recurrentInitializer: Initializer = .orthogonal,
                            biasInitializer: Initializer = .zeros, kernelRegularizer: Regularizer? = nil,
                            recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                            dropout: Float = 0, recurrentDropout: Float = 0, returnSequences: Bool = false,
                            returnState: Bool = false, goBackwards: Bool = false, stateful: Bool = false,
                            resetAfter: Bool = true, seed: UInt64? = nil, name: String? = nil) {
        self.init(cell: .gru(resetAfter: resetAfter), units: units, activation: activation,
                  recurrentActivation: recurrentActivation, useBias: useBias, kernelInitializer: kernelInitializer,
                  recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer, unitForgetBias: false,
                  kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer,
                  biasRegularizer: biasRegularizer, dropout: dropout, recurrentDropout: recurrentDropout,
                  returnSequences: returnSequences, returnState: returnState, goBackwards: goBackwards,
                  stateful: stateful, seed: seed, name: name, defaultName: "gru")
    }
}
