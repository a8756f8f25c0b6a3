// Bidirectional (Keras's wrapper): one recurrent layer reads the sequence forwards, a copy of it
// (its own weights) reads it backwards, and their outputs are merged:
//   y = merge(forward(x), backward(x))    merge: concat (default), sum, mul, ave
// With return_sequences the backward layer's outputs come in reverse time order; they are
// reversed back first, so that step t of y sees x_1…x_t forwards and x_T…x_t backwards.

/// How `Bidirectional` merges its two outputs.
public enum BidirectionalMerge: String, Sendable, CaseIterable {
    /// [forward, backward] along the last axis (twice the units).
    case concat
    /// forward + backward.
    case sum
    /// forward ⊙ backward.
    case mul
    /// (forward + backward) / 2.
    case ave
}

/// Runs a recurrent layer over the sequence in both directions and merges the two outputs.
public final class Bidirectional: Layer, MaskConsuming, MaskProducing {
    public static let className = "Bidirectional"
    public let name: String
    public var trainable: Bool {
        get { forward.trainable && backward.trainable }
        set { forward.trainable = newValue; backward.trainable = newValue }
    }
    /// The layer that reads forwards, named `forward_<layer>`.
    public let forward: RecurrentLayer
    /// The copy that reads backwards, named `backward_<layer>` (go_backwards flipped).
    public let backward: RecurrentLayer
    public let mergeMode: BidirectionalMerge

    public var inputShape: [Int]? { forward.inputShape }
    public var isBuilt: Bool { forward.isBuilt && backward.isBuilt }
    /// The forward layer's weights, then the backward layer's (Keras's order).
    public var weights: [Weight] { forward.weights + backward.weights }

    /// Wraps `layer` (which supplies the configuration of both directions; it is not used itself).
    public init(_ layer: RecurrentLayer, mergeMode: BidirectionalMerge = .concat, name: String? = nil) throws {
        let ownName = name ?? LayerNames.unique("bidirectional")
        if layer.returnState || layer.stateful {
            throw SynapseError.layer(name: ownName, reason: "Bidirectional does not take return_state or stateful layers")
        }
        func copy(_ prefix: String, flip: Bool) throws -> RecurrentLayer {
            var config = layer.config
            config["name"] = .string("\(prefix)_\(layer.name)")
            if flip { config["go_backwards"] = .bool(!layer.goBackwards) }
            guard let copy = try LayerRegistry.layer(from: ["class_name": .string(type(of: layer).className), "config": .object(config)]) as? RecurrentLayer else {
                throw SynapseError.layer(name: ownName, reason: "could not copy \(layer.name)")
            }
            return copy
        }
        self.name = ownName
        self.mergeMode = mergeMode
        forward = try copy("forward", flip: false)
        backward = try copy("backward", flip: true)
    }

    public func outputShape(forInputShape inputShape: [Int]) throws -> [Int] {
        var shape = try forward.outputShape(forInputShape: inputShape)
        if mergeMode == .concat { shape[shape.count - 1] *= 2 }
        return shape
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws {
        try forward.build(inputShape: inputShape, generator: &generator)
        try backward.build(inputShape: inputShape, generator: &generator)
    }

    public func call(_ x: Tensor, training: Bool) -> Tensor { call(x, mask: nil, training: training) }

    public func call(_ x: Tensor, mask: Tensor?, training: Bool) -> Tensor {
        let a = forward.call(x, mask: mask, training: training)
        var b = backward.call(x, mask: mask, training: training)
        if backward.returnSequences { b = b.reversed(alongAxis: 1) }
        switch mergeMode {
        case .concat: return Tensor.concatenate([a, b], alongAxis: -1)
        case .sum: return a + b
        case .mul: return a * b
        case .ave: return (a + b) * 0.5
        }
    }

    public func computeMask(_ input: Tensor, previous: Tensor?) -> Tensor? {
        forward.returnSequences ? previous : nil
    }

    public var config: LayerConfig {
        var inner = forward.config
        inner["name"] = .string(String((inner["name"]?.stringValue ?? "").dropFirst("forward_".count)))
        return ["name": .string(name), "trainable": .bool(trainable), "merge_mode": .string(mergeMode.rawValue),
                "layer": ["class_name": .string(type(of: forward).className), "config": .object(inner)]]
    }

    public convenience init(config: LayerConfig) throws {
        let r = ConfigReader(config: config, owner: "Bidirectional")
        let name = try r.string("name", default: nil)
        guard let inner = config["layer"], let layer = try LayerRegistry.layer(from: inner) as? RecurrentLayer else {
            throw SynapseError.layer(name: name ?? "Bidirectional", reason: "'layer' must be a SimpleRNN, LSTM or GRU configuration")
        }
        let modeText = try r.string("merge_mode", default: "concat") ?? "concat"
        guard let mode = BidirectionalMerge(rawValue: modeText) else {
            throw SynapseError.layer(name: name ?? "Bidirectional",
                                     reason: "merge_mode '\(modeText)' is not supported; use concat, sum, mul or ave")
        }
        try self.init(layer, mergeMode: mode, name: name)
        trainable = try r.bool("trainable", default: true)
    }
}
