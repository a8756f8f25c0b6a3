// The compact layer spec of `synapse train --layers`: layers separated by commas, each
// `kind:arguments` (kinds are case-insensitive; [..] is optional):
//   dense:UNITS[:ACTIVATION]                                 Dense, linear by default
//   dropout:RATE                                             Dropout, 0 <= RATE < 1
//   activation:NAME                                          Activation
//   conv2d:FILTERS:KERNEL[:ACTIVATION][:STRIDE][:same|valid] Conv2D, square kernel and stride
//   conv1d:FILTERS:KERNEL[:ACTIVATION][:STRIDE][:same|valid] Conv1D
//   maxpool2d:SIZE[:STRIDE], avgpool2d:SIZE[:STRIDE]         MaxPooling2D, AveragePooling2D
//   maxpool1d:SIZE, avgpool1d:SIZE                           MaxPooling1D, AveragePooling1D
//   globalavgpool2d, globalmaxpool2d                         GlobalAverage/MaxPooling2D
//   batchnorm                                                BatchNormalization
//   zeropad2d:P                                              ZeroPadding2D(P)
//   spatialdropout2d:RATE                                    SpatialDropout2D, 0 <= RATE < 1
//   flatten                                                  Flatten
//   lstm:UNITS[:ACTIVATION][:seq], gru:..., simplernn:...    LSTM, GRU, SimpleRNN (tanh by default;
//                                                            linear, relu, sigmoid or tanh); `seq`
//                                                            returns every step (to stack them)
//   bilstm:UNITS[:ACTIVATION][:seq], bigru:...               Bidirectional(LSTM / GRU), concatenated
//   embedding:INPUT_DIM:OUTPUT_DIM[:maskzero]                Embedding of token ids (0 pads with maskzero)
//   rescaling:SCALE[:OFFSET]                                 Rescaling, e.g. rescaling:0.00392156862745098
//   resizing:H:W, centercrop:H:W                             Resizing (bilinear), CenterCrop
//   randomflip[:horizontal|vertical|horizontal_and_vertical] RandomFlip (training only; default both)
//   randomrotation:F, randomzoom:F, randomcontrast:F         RandomRotation (F turns), RandomZoom, RandomContrast
//   randomtranslation:FH[:FW]                                RandomTranslation (FW defaults to FH)
// e.g. `conv2d:16:3:relu:1:same,maxpool2d:2,flatten,dense:10:softmax`. The optional parts of a
// convolution keep their order; each may be left out. Parsing gives `LayerSpecItem`s, and
// `makeLayer` turns each into a layer. An Input layer (the feature columns, or --input-shape)
// is put in front by the caller.

import Foundation
import Synapse

/// One parsed piece of a `--layers` spec: what layer to make, with its arguments checked.
enum LayerSpecItem: Equatable {
    case dense(units: Int, activation: SynapseNN.ActivationFunction)
    case dropout(rate: Float)
    case activation(SynapseNN.ActivationFunction)
    /// `padding` is "valid" or "same".
    case conv2D(filters: Int, kernelSize: Int, activation: SynapseNN.ActivationFunction, strides: Int, padding: String)
    case conv1D(filters: Int, kernelSize: Int, activation: SynapseNN.ActivationFunction, strides: Int, padding: String)
    /// `strides` nil: the pool size, as Keras.
    case maxPool2D(size: Int, strides: Int?)
    case averagePool2D(size: Int, strides: Int?)
    case maxPool1D(size: Int)
    case averagePool1D(size: Int)
    case globalAveragePool2D
    case globalMaxPool2D
    case batchNormalization
    case zeroPadding2D(Int)
    case spatialDropout2D(rate: Float)
    case flatten
    /// `kind` is "lstm", "gru" or "simplernn".
    case embedding(inputDim: Int, outputDim: Int, maskZero: Bool)
    case recurrent(kind: String, units: Int, activation: SynapseNN.ActivationFunction, returnSequences: Bool, bidirectional: Bool)
    case rescaling(scale: Float, offset: Float)
    case resizing(height: Int, width: Int)
    case centerCrop(height: Int, width: Int)
    case randomFlip(mode: String)
    case randomRotation(Float)
    case randomZoom(Float)
    case randomContrast(Float)
    case randomTranslation(height: Float, width: Float)
}

enum LayerSpec {
    /// The layers of `spec`, or an error that names the piece that does not parse.
    static func parse(_ spec: String) throws -> [Layer] {
        try items(spec).map(makeLayer)
    }

    /// The parsed pieces of `spec`; a piece that does not parse is one sentence naming it.
    static func items(_ spec: String) throws -> [LayerSpecItem] {
        guard !spec.trimmingCharacters(in: .whitespaces).isEmpty else { throw CLIError("--layers is empty; give layers such as dense:30:relu,dense:1:sigmoid.") }
        let pieces = spec.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        return try pieces.map(item)
    }

    static let kinds = "dense, dropout, activation, conv2d, conv1d, maxpool2d, avgpool2d, maxpool1d, avgpool1d, "
        + "globalavgpool2d, globalmaxpool2d, batchnorm, zeropad2d, spatialdropout2d, flatten, lstm, gru, simplernn, bilstm, bigru, embedding, "
        + "rescaling, resizing, centercrop, randomflip, randomrotation, randomzoom, randomtranslation or randomcontrast"

    /// One piece, `kind:arguments`.
    static func item(_ piece: String) throws -> LayerSpecItem {
        let parts = piece.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let kind = parts[0].lowercased()
        let arguments = Array(parts.dropFirst())
        func fail(_ problem: String) -> CLIError {
            CLIError("Cannot read '\(piece)' in --layers: \(problem).")
        }
        func count(_ allowed: ClosedRange<Int>, _ form: String) throws {
            guard allowed.contains(arguments.count) else { throw fail("expected \(form)") }
        }
        func positive(_ text: String, _ label: String, _ form: String) throws -> Int {
            guard let n = Int(text), n > 0 else { throw fail("\(label) must be a positive whole number, not '\(text)' (\(form))") }
            return n
        }
        func rate(_ form: String) throws -> Float {
            guard arguments.count == 1, let r = Float(arguments[0]), r >= 0, r < 1 else { throw fail("expected \(form) with 0 <= RATE < 1") }
            return r
        }
        func activation(_ name: String) throws -> SynapseNN.ActivationFunction {
            guard let function = try? SynapseNN.ActivationFunction(name: name) else {
                throw fail("'\(name)' is not a known activation (relu, sigmoid, tanh, softmax, linear, elu, selu, gelu, swish, ...)")
            }
            return function
        }

        switch kind {
        case "dense":
            let form = "dense:UNITS[:ACTIVATION]"
            try count(1...2, form)
            return .dense(units: try positive(arguments[0], "UNITS", form),
                          activation: arguments.count == 2 ? try activation(arguments[1]) : .linear)
        case "dropout":
            return .dropout(rate: try rate("dropout:RATE"))
        case "activation":
            try count(1...1, "activation:NAME")
            return .activation(try activation(arguments[0]))
        case "conv2d", "conv1d":
            let form = "\(kind):FILTERS:KERNEL[:ACTIVATION][:STRIDE][:same|valid]"
            try count(2...5, form)
            let filters = try positive(arguments[0], "FILTERS", form)
            let kernel = try positive(arguments[1], "KERNEL", form)
            // The optional parts, told apart by what they look like, in their order.
            var (function, strides, padding) = (SynapseNN.ActivationFunction.linear, 1, "valid")
            var position = 0
            for part in arguments.dropFirst(2) {
                let lower = part.lowercased()
                let slot: Int
                if lower == "same" || lower == "valid" {
                    slot = 3
                    padding = lower
                } else if Int(part) != nil || Double(part) != nil {
                    slot = 2
                    strides = try positive(part, "STRIDE", form)
                } else {
                    slot = 1
                    function = try activation(part)
                }
                guard slot > position else { throw fail("the optional parts go in the order \(form), each at most once") }
                position = slot
            }
            return kind == "conv2d"
                ? .conv2D(filters: filters, kernelSize: kernel, activation: function, strides: strides, padding: padding)
                : .conv1D(filters: filters, kernelSize: kernel, activation: function, strides: strides, padding: padding)
        case "maxpool2d", "avgpool2d":
            let form = "\(kind):SIZE[:STRIDE]"
            try count(1...2, form)
            let size = try positive(arguments[0], "SIZE", form)
            let strides = arguments.count == 2 ? try positive(arguments[1], "STRIDE", form) : nil
            return kind == "maxpool2d" ? .maxPool2D(size: size, strides: strides) : .averagePool2D(size: size, strides: strides)
        case "maxpool1d", "avgpool1d":
            let form = "\(kind):SIZE"
            try count(1...1, form)
            let size = try positive(arguments[0], "SIZE", form)
            return kind == "maxpool1d" ? .maxPool1D(size: size) : .averagePool1D(size: size)
        case "globalavgpool2d", "globalmaxpool2d", "batchnorm", "flatten":
            try count(0...0, "\(kind) without arguments")
            switch kind {
            case "globalavgpool2d": return .globalAveragePool2D
            case "globalmaxpool2d": return .globalMaxPool2D
            case "batchnorm": return .batchNormalization
            default: return .flatten
            }
        case "zeropad2d":
            let form = "zeropad2d:P"
            try count(1...1, form)
            guard let p = Int(arguments[0]), p >= 0, p <= 1 << 16 else {
                throw fail("P must be a whole number from 0 to 65536, not '\(arguments[0])' (\(form))")
            }
            return .zeroPadding2D(p)
        case "spatialdropout2d":
            return .spatialDropout2D(rate: try rate("spatialdropout2d:RATE"))
        case "embedding":
            let form = "embedding:INPUT_DIM:OUTPUT_DIM[:maskzero]"
            try count(2...3, form)
            let inputDim = try positive(arguments[0], "INPUT_DIM", form), outputDim = try positive(arguments[1], "OUTPUT_DIM", form)
            guard inputDim <= 1 << 24 else { throw fail("INPUT_DIM must be at most 16777216 (\(form))") }
            if arguments.count == 3 && arguments[2].lowercased() != "maskzero" { throw fail("expected \(form)") }
            return .embedding(inputDim: inputDim, outputDim: outputDim, maskZero: arguments.count == 3)
        case "lstm", "gru", "simplernn", "bilstm", "bigru":
            let form = "\(kind):UNITS[:ACTIVATION][:seq]"
            try count(1...3, form)
            let units = try positive(arguments[0], "UNITS", form)
            var function = SynapseNN.ActivationFunction.tanh, sequences = false
            for (position, part) in arguments.dropFirst().enumerated() {
                if part.lowercased() == "seq" {
                    sequences = true
                } else if position == 0 {
                    function = try activation(part)
                    guard function.isRecurrentActivation else {
                        throw fail("a recurrent layer's activation is linear, relu, sigmoid or tanh, not '\(part)' (\(form))")
                    }
                } else {
                    throw fail("expected \(form)")
                }
            }
            let bidirectional = kind.hasPrefix("bi")
            return .recurrent(kind: bidirectional ? String(kind.dropFirst(2)) : kind, units: units, activation: function,
                              returnSequences: sequences, bidirectional: bidirectional)
        case "rescaling":
            let form = "rescaling:SCALE[:OFFSET]"
            try count(1...2, form)
            guard let scale = Float(arguments[0]), scale.isFinite, let offset = Float(arguments.count == 2 ? arguments[1] : "0"), offset.isFinite else {
                throw fail("expected \(form) with numbers")
            }
            return .rescaling(scale: scale, offset: offset)
        case "resizing", "centercrop":
            let form = "\(kind):H:W"
            try count(2...2, form)
            let (h, w) = (try positive(arguments[0], "H", form), try positive(arguments[1], "W", form))
            guard h <= 1 << 14, w <= 1 << 14 else { throw fail("H and W must be at most 16384 (\(form))") }
            return kind == "resizing" ? .resizing(height: h, width: w) : .centerCrop(height: h, width: w)
        case "randomflip":
            let form = "randomflip[:horizontal|vertical|horizontal_and_vertical]"
            try count(0...1, form)
            let mode = arguments.first?.lowercased() ?? "horizontal_and_vertical"
            guard RandomFlip.Mode(rawValue: mode) != nil else { throw fail("expected \(form)") }
            return .randomFlip(mode: mode)
        case "randomrotation", "randomzoom", "randomcontrast", "randomtranslation":
            let form = kind == "randomtranslation" ? "randomtranslation:FH[:FW]" : "\(kind):F"
            try count(1...(kind == "randomtranslation" ? 2 : 1), form)
            let factors = arguments.compactMap(Float.init)
            guard factors.count == arguments.count, factors.allSatisfy({ $0 >= 0 && $0 < 1 }) else {
                throw fail("F must be a number from 0 to below 1 (\(form))")
            }
            switch kind {
            case "randomrotation": return .randomRotation(factors[0])
            case "randomzoom": return .randomZoom(factors[0])
            case "randomcontrast": return .randomContrast(factors[0])
            default: return .randomTranslation(height: factors[0], width: factors.count == 2 ? factors[1] : factors[0])
            }
        default:
            throw fail("'\(parts[0])' is not a layer kind; use \(kinds)")
        }
    }

    /// The layer an item describes.
    static func makeLayer(_ item: LayerSpecItem) -> Layer {
        switch item {
        case let .dense(units, activation): return Dense(units, activation: activation)
        case let .dropout(rate): return Dropout(rate)
        case let .activation(function): return Activation(function)
        case .batchNormalization: return BatchNormalization()
        case let .zeroPadding2D(p): return ZeroPadding2D(p)
        case let .spatialDropout2D(rate): return SpatialDropout2D(rate)
        case .flatten: return Flatten()
        case let .conv2D(filters, kernelSize, activation, strides, padding): return Conv2D(filters, kernelSize: kernelSize, strides: strides, padding: Padding(rawValue: padding) ?? .valid, activation: activation)
        case let .conv1D(filters, kernelSize, activation, strides, padding): return Conv1D(filters: filters, kernelSize: kernelSize, strides: strides, padding: Padding(rawValue: padding) ?? .valid, activation: activation)
        case let .maxPool2D(size, strides): return MaxPooling2D(poolSize: (size, size), strides: strides.map { ($0, $0) }, padding: .valid)
        case let .averagePool2D(size, strides): return AveragePooling2D(poolSize: (size, size), strides: strides.map { ($0, $0) }, padding: .valid)
        case let .maxPool1D(size): return MaxPooling1D(poolSize: size, strides: nil, padding: .valid)
        case let .averagePool1D(size): return AveragePooling1D(poolSize: size, strides: nil, padding: .valid)
        case .globalAveragePool2D: return GlobalAveragePooling2D()
        case .globalMaxPool2D: return GlobalMaxPooling2D()
        case let .embedding(inputDim, outputDim, maskZero): return Embedding(inputDim, outputDim, maskZero: maskZero)
        case let .recurrent(kind, units, activation, sequences, bidirectional):
            let layer: RecurrentLayer = kind == "lstm" ? LSTM(units, activation: activation, returnSequences: sequences)
                : kind == "gru" ? GRU(units, activation: activation, returnSequences: sequences)
                : SimpleRNN(units, activation: activation, returnSequences: sequences)
            // A fresh LSTM or GRU without state or return_state always wraps.
            return bidirectional ? try! Bidirectional(layer) : layer
        case let .rescaling(scale, offset): return Rescaling(scale, offset: offset)
        case let .resizing(h, w): return Resizing(h, w)
        case let .centerCrop(h, w): return CenterCrop(h, w)
        case let .randomFlip(mode): return RandomFlip(mode: RandomFlip.Mode(rawValue: mode) ?? .horizontalAndVertical)
        case let .randomRotation(f): return RandomRotation(f)
        case let .randomZoom(f): return RandomZoom(f)
        case let .randomContrast(f): return RandomContrast(f)
        case let .randomTranslation(h, w): return RandomTranslation(h, w)
        }
    }

    /// The layers of a model config as a model file stores it (`{"name", "seed", "layers": [...]}`),
    /// or a plain array of layer configs.
    static func layers(configFile path: String) throws -> (layers: [Layer], seed: UInt64?) {
        let data: Data
        do { data = try FileIO.read(path) } catch {
            throw CLIError("Cannot read the model config: \(error)")
        }
        let json: JSONValue
        do { json = try JSONValue.parse(String(decoding: data, as: UTF8.self)) } catch {
            throw CLIError("The model config '\(path)' is not JSON; --model takes the model_config JSON that a Synapse model file stores.")
        }
        guard let list = json.objectValue?["layers"]?.arrayValue ?? json.arrayValue else {
            throw CLIError("The model config '\(path)' has no list of layers; --model takes the model_config JSON that a Synapse model file stores.")
        }
        let seed = try seed(json.objectValue?["seed"], configFile: path)
        do {
            return (try list.map { try LayerRegistry.layer(from: $0) }, seed)
        } catch {
            throw CLIError("The model config '\(path)' describes a layer Synapse cannot build: \(error)")
        }
    }

    /// A model config's seed: a whole number 0 ≤ seed < 2^64, written as a JSON number or as a
    /// string of digits (exact beyond 2^53); absent or null means none.
    static func seed(_ value: JSONValue?, configFile path: String) throws -> UInt64? {
        guard let value else { return nil }
        if case .null = value { return nil }
        if let seed = value.seedValue { return seed }
        let shown: String
        switch value {
        case let .number(n): shown = shortText(n)
        case let .string(text): shown = "'\(text)'"
        default: shown = value.jsonString()
        }
        throw CLIError("The model config '\(path)' has the seed \(shown); a seed is a whole number from 0 to \(UInt64.max), as a number or a string.")
    }

    private static func shortText(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : "\(n)"
    }
}
