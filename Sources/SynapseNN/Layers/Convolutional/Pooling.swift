// Pooling layers (Keras's MaxPooling1D/2D, AveragePooling1D/2D and the global poolings).
//
//   max      y[i, p, q, ch] = max over the window W(p, q) of x[i, r, s, ch]
//   average  y[i, p, q, ch] = mean over W(p, q) of x[i, r, s, ch]
//   W(p, q): rows p·sh − pt ..< p·sh − pt + kh, columns likewise, clipped to the input ("same"
//   padding never counts: not in the maximum, not in the average's divisor — Keras's rule)
//   global   y[i, ch] = max or mean over every position of x[i, ·, ·, ch]
//
// Tensor.maxPool2D / averagePool2D compute the windows with their backward passes; the 1-D
// layers view [batch, steps, ch] as images one row high. The global poolings are reductions.

/// What a pooling layer computes: a window (`PoolingWindow`) or a reduction (`GlobalPooling`).
protocol PoolingOperation {
    func outputShape(_ inputShape: [Int], layer: String, className: String) throws -> [Int]
    func callAsFunction(_ x: Tensor, layer: String) -> Tensor
    func config(name: String, trainable: Bool) -> LayerConfig
}

/// The lifecycle the eight pooling layers share: no weights, built once the input shape is
/// checked, `operation` computes the output and writes the configuration.
protocol PoolingLayer: Layer {
    associatedtype Operation: PoolingOperation
    var operation: Operation { get }
    var inputShape: [Int]? { get set }
}

extension PoolingLayer {
    public var isBuilt: Bool { inputShape != nil }
    public var weights: [Weight] { [] }

    public func validateArguments() throws {
        guard let window = operation as? PoolingWindow else { return }
        try requireArgument(window.poolSize.0 > 0 && window.poolSize.1 > 0,
                            "\(Self.className) needs a positive pool size; got \(window.rank == 1 ? "\(window.poolSize.1)" : "\(window.poolSize)")")
        try requireArgument(window.strides.0 > 0 && window.strides.1 > 0,
                            "\(Self.className) needs positive strides; got \(window.rank == 1 ? "\(window.strides.1)" : "\(window.strides)")")
    }
    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        try validateArguments()
        return try operation.outputShape(inputShape, layer: name, className: Self.className)
    }
    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        _ = try outputShape(forInputShape: inputShape)
        self.inputShape = inputShape
    }
    public func call(_ x: Tensor, training: Bool) -> Tensor { operation(x, layer: name) }
    public var config: LayerConfig { operation.config(name: name, trainable: trainable) }

    /// The name (a unique `defaultName` when the configuration has none) and trainable flag.
    static func nameAndTrainable(from config: LayerConfig, defaultName: String) throws -> (String, Bool) {
        let name = config["name"]?.stringValue ?? LayerNames.unique(defaultName)
        return (name, try ConfigReader(config: config, owner: className).bool("trainable", default: true))
    }
}

/// The window of a pooling layer, shared by the four windowed pooling layers.
struct PoolingWindow: PoolingOperation {
    enum Kind { case max, average }
    let kind: Kind
    /// 1 for sequences [steps, ch], 2 for images [h, w, ch].
    let rank: Int
    let poolSize: (Int, Int)
    let strides: (Int, Int)
    let padding: Padding

    func outputShape(_ inputShape: [Int], layer: String, className: String) throws -> [Int] {
        guard inputShape.count == rank + 1, inputShape.allSatisfy({ $0 > 0 }) else {
            let expected = rank == 1 ? "sequences (steps, channels)" : "images (height, width, channels)"
            throw SynapseError.layer(name: layer, reason: "\(className) needs \(expected); got shape \(shapeText(inputShape))")
        }
        if rank == 1 {
            if padding == .valid && poolSize.1 > inputShape[0] {
                throw SynapseError.layer(name: layer, reason: "pool size \(poolSize.1) is longer than the \(inputShape[0]) input steps; use a smaller pool, padding 'same' or longer inputs")
            }
            return [padding.outputLength(input: inputShape[0], window: poolSize.1, stride: strides.1), inputShape[1]]
        }
        let (oh, ow) = try slidingWindowOutput(layer: layer, input: (inputShape[0], inputShape[1]), window: poolSize,
                                               strides: strides, dilation: (1, 1), padding: padding, what: "pool size")
        return [oh, ow, inputShape[2]]
    }

    func callAsFunction(_ x: Tensor, layer: String) -> Tensor {
        guard x.rank == rank + 2 else {
            fatalError("Layer '\(layer)': expected inputs of rank \(rank + 2) (batch included); got \(x.shape)")
        }
        let images = rank == 1 ? x.reshaped(to: [x.shape[0], 1, x.shape[1], x.shape[2]]) : x
        let y = kind == .max
            ? Tensor.maxPool2D(images, poolSize: poolSize, strides: strides, padding: padding)
            : Tensor.averagePool2D(images, poolSize: poolSize, strides: strides, padding: padding)
        return rank == 1 ? y.reshaped(to: [y.shape[0], y.shape[2], y.shape[3]]) : y
    }

    func config(name: String, trainable: Bool) -> LayerConfig {
        let size: JSONValue = rank == 1 ? [.number(Double(poolSize.1))] : pairJSON(poolSize)
        let step: JSONValue = rank == 1 ? [.number(Double(strides.1))] : pairJSON(strides)
        return ["name": .string(name), "trainable": .bool(trainable), "pool_size": size, "strides": step,
                "padding": .string(padding.rawValue), "data_format": "channels_last"]
    }

    /// Reads pool_size, strides (defaulting to the pool size, as Keras) and padding.
    init(config: LayerConfig, className: String, kind: Kind, rank: Int) throws {
        let r = ConvolutionConfigReader(config: config, className: className, rank: rank)
        try r.checkSupported()
        let size = try r.window("pool_size", default: 2)
        let step = (config["strides"] ?? .null) == .null ? size : try r.window("strides", default: nil)
        let padding = try r.padding()
        self.init(kind: kind, rank: rank, poolSize: rank == 1 ? (1, size[0]) : size.pair,
                  strides: rank == 1 ? (1, step[0]) : step.pair, padding: padding)
    }

    init(kind: Kind, rank: Int, poolSize: (Int, Int), strides: (Int, Int), padding: Padding) {
        self.kind = kind
        self.rank = rank
        self.poolSize = poolSize
        self.strides = strides
        self.padding = padding
    }

    static func checked(_ kind: Kind, _ className: String, poolSize: (Int, Int), strides: (Int, Int)?,
                        padding: Padding, rank: Int) -> PoolingWindow {
        let strides = strides ?? poolSize
        return PoolingWindow(kind: kind, rank: rank, poolSize: poolSize, strides: strides, padding: padding)
    }
}

// MARK: - 2-D

/// The largest value of each window of an image (Keras's MaxPooling2D).
public final class MaxPooling2D: PoolingLayer {
    public static let className = "MaxPooling2D"
    public let name: String
    public var trainable = true
    public internal(set) var inputShape: [Int]?
    let operation: PoolingWindow
    /// The window, (rows, columns).
    public var poolSize: (Int, Int) { operation.poolSize }
    /// The step between windows (the pool size unless given).
    public var strides: (Int, Int) { operation.strides }
    public var padding: Padding { operation.padding }

    public init(poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil, padding: Padding = .valid, name: String? = nil) {
        operation = .checked(.max, Self.className, poolSize: poolSize, strides: strides, padding: padding, rank: 2)
        self.name = name ?? LayerNames.unique("max_pooling2d")
    }

    /// Keras's square shorthand: `MaxPooling2D(2)`.
    public convenience init(_ size: Int, strides: Int? = nil, padding: Padding = .valid, name: String? = nil) {
        self.init(poolSize: (size, size), strides: strides.map { ($0, $0) }, padding: padding, name: name)
    }

    public init(config: LayerConfig) throws {
        operation = try PoolingWindow(config: config, className: Self.className, kind: .max, rank: 2)
        (name, trainable) = try Self.nameAndTrainable(from: config, defaultName: "max_pooling2d")
    }
}

/// The mean of each window of an image (Keras's AveragePooling2D).
public final class AveragePooling2D: PoolingLayer {
    public static let className = "AveragePooling2D"
    public let name: String
    public var trainable = true
    public internal(set) var inputShape: [Int]?
    let operation: PoolingWindow
    /// The window, (rows, columns).
    public var poolSize: (Int, Int) { operation.poolSize }
    /// The step between windows (the pool size unless given).
    public var strides: (Int, Int) { operation.strides }
    public var padding: Padding { operation.padding }

    public init(poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil, padding: Padding = .valid, name: String? = nil) {
        operation = .checked(.average, Self.className, poolSize: poolSize, strides: strides, padding: padding, rank: 2)
        self.name = name ?? LayerNames.unique("average_pooling2d")
    }

    /// Keras's square shorthand: `AveragePooling2D(2)`.
    public convenience init(_ size: Int, strides: Int? = nil, padding: Padding = .valid, name: String? = nil) {
        self.init(poolSize: (size, size), strides: strides.map { ($0, $0) }, padding: padding, name: name)
    }

    public init(config: LayerConfig) throws {
        operation = try PoolingWindow(config: config, className: Self.className, kind: .average, rank: 2)
        (name, trainable) = try Self.nameAndTrainable(from: config, defaultName: "average_pooling2d")
    }
}

// MARK: - 1-D

/// The largest value of each window of a sequence (Keras's MaxPooling1D).
public final class MaxPooling1D: PoolingLayer {
    public static let className = "MaxPooling1D"
    public let name: String
    public var trainable = true
    public internal(set) var inputShape: [Int]?
    let operation: PoolingWindow
    /// The window length.
    public var poolSize: Int { operation.poolSize.1 }
    /// The step between windows (the pool size unless given).
    public var strides: Int { operation.strides.1 }
    public var padding: Padding { operation.padding }

    public init(poolSize: Int = 2, strides: Int? = nil, padding: Padding = .valid, name: String? = nil) {
        operation = .checked(.max, Self.className, poolSize: (1, poolSize), strides: strides.map { (1, $0) },
                             padding: padding, rank: 1)
        self.name = name ?? LayerNames.unique("max_pooling1d")
    }

    public init(config: LayerConfig) throws {
        operation = try PoolingWindow(config: config, className: Self.className, kind: .max, rank: 1)
        (name, trainable) = try Self.nameAndTrainable(from: config, defaultName: "max_pooling1d")
    }
}

/// The mean of each window of a sequence (Keras's AveragePooling1D).
public final class AveragePooling1D: PoolingLayer {
    public static let className = "AveragePooling1D"
    public let name: String
    public var trainable = true
    public internal(set) var inputShape: [Int]?
    let operation: PoolingWindow
    /// The window length.
    public var poolSize: Int { operation.poolSize.1 }
    /// The step between windows (the pool size unless given).
    public var strides: Int { operation.strides.1 }
    public var padding: Padding { operation.padding }

    public init(poolSize: Int = 2, strides: Int? = nil, padding: Padding = .valid, name: String? = nil) {
        operation = .checked(.average, Self.className, poolSize: (1, poolSize), strides: strides.map { (1, $0) },
                             padding: padding, rank: 1)
        self.name = name ?? LayerNames.unique("average_pooling1d")
    }

    public init(config: LayerConfig) throws {
        operation = try PoolingWindow(config: config, className: Self.className, kind: .average, rank: 1)
        (name, trainable) = try Self.nameAndTrainable(from: config, defaultName: "average_pooling1d")
    }
}

// MARK: - Global

/// What the four global pooling layers share: a reduction over every position, per channel.
struct GlobalPooling: PoolingOperation {
    let kind: PoolingWindow.Kind
    /// 1 for sequences [steps, ch], 2 for images [h, w, ch].
    let rank: Int
    let keepDims: Bool

    func outputShape(_ inputShape: [Int], layer: String, className: String) throws -> [Int] {
        guard inputShape.count == rank + 1, inputShape.allSatisfy({ $0 > 0 }) else {
            let expected = rank == 1 ? "sequences (steps, channels)" : "images (height, width, channels)"
            throw SynapseError.layer(name: layer, reason: "\(className) needs \(expected); got shape \(shapeText(inputShape))")
        }
        return keepDims ? Array(repeating: 1, count: rank) + [inputShape[rank]] : [inputShape[rank]]
    }

    func callAsFunction(_ x: Tensor, layer: String) -> Tensor {
        guard x.rank == rank + 2 else {
            fatalError("Layer '\(layer)': expected inputs of rank \(rank + 2) (batch included); got \(x.shape)")
        }
        let axes = Array(1...rank)
        return kind == .max ? x.max(alongAxes: axes, keepingDims: keepDims) : x.mean(alongAxes: axes, keepingDims: keepDims)
    }

    func config(name: String, trainable: Bool) -> LayerConfig {
        ["name": .string(name), "trainable": .bool(trainable), "data_format": "channels_last", "keepdims": .bool(keepDims)]
    }

    init(kind: PoolingWindow.Kind, rank: Int, keepDims: Bool) {
        self.kind = kind
        self.rank = rank
        self.keepDims = keepDims
    }

    init(config: LayerConfig, className: String, kind: PoolingWindow.Kind, rank: Int) throws {
        let r = ConvolutionConfigReader(config: config, className: className, rank: rank)
        try r.checkSupported()
        self.init(kind: kind, rank: rank, keepDims: try r.reader.bool("keepdims", default: false))
    }
}

/// The mean of every position of an image, per channel (Keras's GlobalAveragePooling2D):
/// [h, w, ch] → [ch] ([1, 1, ch] with `keepDims`).
public final class GlobalAveragePooling2D: PoolingLayer {
    public static let className = "GlobalAveragePooling2D"
    public let name: String
    public var trainable = true
    public internal(set) var inputShape: [Int]?
    let operation: GlobalPooling
    /// Whether the output keeps the spatial axes with size 1.
    public var keepDims: Bool { operation.keepDims }

    public init(keepDims: Bool = false, name: String? = nil) {
        operation = GlobalPooling(kind: .average, rank: 2, keepDims: keepDims)
        self.name = name ?? LayerNames.unique("global_average_pooling2d")
    }
    public init(config: LayerConfig) throws {
        operation = try GlobalPooling(config: config, className: Self.className, kind: .average, rank: 2)
        (name, trainable) = try Self.nameAndTrainable(from: config, defaultName: "global_average_pooling2d")
    }
}

/// The largest value over every position of an image, per channel (Keras's GlobalMaxPooling2D).
public final class GlobalMaxPooling2D: PoolingLayer {
    public static let className = "GlobalMaxPooling2D"
    public let name: String
    public var trainable = true
    public internal(set) var inputShape: [Int]?
    let operation: GlobalPooling
    /// Whether the output keeps the spatial axes with size 1.
    public var keepDims: Bool { operation.keepDims }

    public init(keepDims: Bool = false, name: String? = nil) {
        operation = GlobalPooling(kind: .max, rank: 2, keepDims: keepDims)
        self.name = name ?? LayerNames.unique("global_max_pooling2d")
    }
    public init(config: LayerConfig) throws {
        operation = try GlobalPooling(config: config, className: Self.className, kind: .max, rank: 2)
        (name, trainable) = try Self.nameAndTrainable(from: config, defaultName: "global_max_pooling2d")
    }
}

/// The mean over every step of a sequence, per channel (Keras's GlobalAveragePooling1D).
public final class GlobalAveragePooling1D: PoolingLayer {
    public static let className = "GlobalAveragePooling1D"
    public let name: String
    public var trainable = true
    public internal(set) var inputShape: [Int]?
    let operation: GlobalPooling
    /// Whether the output keeps the steps axis with size 1.
    public var keepDims: Bool { operation.keepDims }

    public init(keepDims: Bool = false, name: String? = nil) {
        operation = GlobalPooling(kind: .average, rank: 1, keepDims: keepDims)
        self.name = name ?? LayerNames.unique("global_average_pooling1d")
    }
    public init(config: LayerConfig) throws {
        operation = try GlobalPooling(config: config, className: Self.className, kind: .average, rank: 1)
        (name, trainable) = try Self.nameAndTrainable(from: config, defaultName: "global_average_pooling1d")
    }
}

/// The largest value over every step of a sequence, per channel (Keras's GlobalMaxPooling1D).
public final class GlobalMaxPooling1D: PoolingLayer {
    public static let className = "GlobalMaxPooling1D"
    public let name: String
    public var trainable = true
    public internal(set) var inputShape: [Int]?
    let operation: GlobalPooling
    /// Whether the output keeps the steps axis with size 1.
    public var keepDims: Bool { operation.keepDims }

    public init(keepDims: Bool = false, name: String? = nil) {
        operation = GlobalPooling(kind: .max, rank: 1, keepDims: keepDims)
        self.name = name ?? LayerNames.unique("global_max_pooling1d")
    }
    public init(config: LayerConfig) throws {
        operation = try GlobalPooling(config: config, className: Self.className, kind: .max, rank: 1)
        (name, trainable) = try Self.nameAndTrainable(from: config, defaultName: "global_max_pooling1d")
    }
}
