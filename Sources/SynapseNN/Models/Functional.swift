// The functional API (Keras's keras.Input, layer(x), keras.Model(inputs, outputs)).
//   let a = Input(shape: [4]), b = Input(shape: [3])
//   let h = Add()([Dense(5)(a), Dense(5)(b)])
//   let model = try Model(inputs: [a, b], outputs: [Dense(1)(h), Dense(3, activation: .softmax)(h)])
// Calling a layer on symbolic values builds it (its weights exist from then on) and records a
// node: the layer and the values it was called on. The model is the graph of nodes between its
// inputs and outputs, run in topological order; a layer called twice is two nodes over one set
// of weights, so its gradient is the sum of both uses (the chain rule through each node).
// Masks of padded steps travel along the graph's edges as along a Sequential stack (`run`).

import Foundation

/// A value of a functional model under construction: an `Input`, or a layer's output.
public protocol SymbolicValue {
    /// The value as a node of the graph.
    var symbolic: KerasTensor { get }
}

/// The output of a layer called on symbolic values (Keras's KerasTensor): a shape, and the call
/// that makes it.
public final class KerasTensor: SymbolicValue {
    /// The shape of one sample (batch excluded).
    public let shape: [Int]
    /// The layer whose output this is (the `Input` itself for a model input).
    public let layer: Layer
    /// The values the layer was called on (none for an input).
    public let inputs: [KerasTensor]

    init(shape: [Int], layer: Layer, inputs: [KerasTensor]) {
        self.shape = shape
        self.layer = layer
        self.inputs = inputs
    }

    public var symbolic: KerasTensor { self }
}

extension Input: SymbolicValue {
    public var symbolic: KerasTensor { output }
}

extension Layer {
    /// Calls the layer on a symbolic value: builds the layer for its shape and returns the
    /// symbolic output. A shape the layer cannot take stops the program with the layer's message.
    public func callAsFunction(_ x: SymbolicValue) -> KerasTensor {
        do { return try symbolicCall(x) } catch { fatalError("\(error)") }
    }

    /// `callAsFunction` that throws instead of stopping.
    public func symbolicCall(_ x: SymbolicValue) throws -> KerasTensor {
        let input = x.symbolic
        if self is MergeLayer {
            throw SynapseError.layer(name: name, reason: "\(Self.className) merges a list of inputs; call it on [a, b, ...]")
        }
        if !isBuilt { try build(inputShape: input.shape) }
        return KerasTensor(shape: try outputShape(forInputShape: input.shape), layer: self, inputs: [input])
    }
}

extension MergeLayer {
    /// Calls the merge layer on symbolic values: checks their shapes and returns the output.
    public func callAsFunction(_ xs: [SymbolicValue]) -> KerasTensor {
        do { return try symbolicCall(xs) } catch { fatalError("\(error)") }
    }

    /// `callAsFunction` that throws instead of stopping.
    public func symbolicCall(_ xs: [SymbolicValue]) throws -> KerasTensor {
        let inputs = xs.map(\.symbolic)
        let shape = try outputShape(forInputShapes: inputs.map(\.shape))
        if let merge = self as? Merge, !merge.isBuilt { try merge.build(inputShapes: inputs.map(\.shape)) }
        return KerasTensor(shape: shape, layer: self, inputs: inputs)
    }
}

/// The nodes of a functional model between its inputs and outputs, in the order they run.
struct Graph {
    let inputs: [KerasTensor]
    let outputs: [KerasTensor]
    /// Every non-input node reachable from the outputs, each after the nodes it reads.
    let nodes: [KerasTensor]

    init(inputs: [KerasTensor], outputs: [KerasTensor], model: String) throws {
        guard !inputs.isEmpty, !outputs.isEmpty else {
            throw SynapseError.layer(name: model, reason: "a functional model needs at least one input and one output")
        }
        for input in inputs where !(input.layer is Input) {
            throw SynapseError.layer(name: model, reason: "the model's inputs must be Input values; '\(input.layer.name)' is a \(type(of: input.layer).className) output")
        }
        let inputIDs = Set(inputs.map(ObjectIdentifier.init))
        var seen: Set<ObjectIdentifier> = [], order: [KerasTensor] = []
        func visit(_ t: KerasTensor) throws {
            let id = ObjectIdentifier(t)
            if seen.contains(id) { return }
            seen.insert(id)
            if t.layer is Input {
                guard inputIDs.contains(id) else {
                    throw SynapseError.layer(name: model, reason: "an output depends on input '\(t.layer.name)', which is not among the model's inputs")
                }
                return
            }
            for i in t.inputs { try visit(i) }
            order.append(t)
        }
        for output in outputs { try visit(output) }
        self.inputs = inputs
        self.outputs = outputs
        self.nodes = order
    }

    /// Each distinct layer once, inputs first, in the order of their first node.
    var layers: [Layer] {
        var seen: Set<ObjectIdentifier> = [], out: [Layer] = []
        for layer in inputs.map(\.layer) + nodes.map(\.layer) where seen.insert(ObjectIdentifier(layer)).inserted {
            out.append(layer)
        }
        return out
    }

    /// Runs the graph on a batch of each input. Outputs at `logits` (their layers hand over
    /// logits, and no other node reads them) are returned as logits.
    /// The mask of padded steps [batch, steps] travels along the edges by Sequential's rule: made
    /// by a MaskProducing layer, read by a MaskConsuming one, kept while an output keeps the
    /// [batch, steps] leading dimensions; a merge layer's is the product (logical and) of its
    /// inputs' masks, as Keras's Merge.compute_mask.
    func run(_ xs: [Tensor], training: Bool, logits: Set<Int> = []) -> [Tensor] {
        var values: [ObjectIdentifier: Tensor] = [:], masks: [ObjectIdentifier: Tensor] = [:]
        for (t, x) in zip(inputs, xs) { values[ObjectIdentifier(t)] = x }
        let logitNodes = Set(logits.map { ObjectIdentifier(outputs[$0]) })
        for node in nodes {
            let args = node.inputs.map { values[ObjectIdentifier($0)]! }
            let argMasks = node.inputs.compactMap { masks[ObjectIdentifier($0)] }
            let id = ObjectIdentifier(node)
            let mask: Tensor? = node.layer is MergeLayer ? argMasks.first.map { argMasks.dropFirst().reduce($0, *) }
                : masks[ObjectIdentifier(node.inputs[0])]
            let output: Tensor
            if let merge = node.layer as? MergeLayer {
                output = merge.merge(args)
            } else if logitNodes.contains(id), let layer = node.layer as? LogitsProviding {
                output = layer.logits(args[0])
            } else if let consumer = node.layer as? MaskConsuming {
                output = consumer.call(args[0], mask: mask, training: training)
            } else {
                output = node.layer.call(args[0], training: training)
            }
            values[id] = output
            if let producer = node.layer as? MaskProducing {
                masks[id] = producer.computeMask(args[0], previous: mask)
            } else if let mask, output.rank >= 3, Array(output.shape.prefix(2)) == mask.shape {
                masks[id] = mask
            }
        }
        return outputs.map { values[ObjectIdentifier($0)]! }
    }

    /// Whether output `i` is read by no node of the graph (so its logits may replace it).
    func outputIsLeaf(_ i: Int) -> Bool {
        let id = ObjectIdentifier(outputs[i])
        return !nodes.contains { $0.inputs.contains { ObjectIdentifier($0) == id } }
    }

    /// The configuration: each node as Keras's functional config lists it (a layer's config once,
    /// with the calls it makes as [layer name, call index] references).
    func config(name: String) -> JSONValue {
        var callIndex: [ObjectIdentifier: (String, Int)] = [:]
        var calls: [ObjectIdentifier: Int] = [:]
        func ref(_ t: KerasTensor) -> JSONValue {
            let (layer, index) = callIndex[ObjectIdentifier(t)]!
            return .array([.string(layer), .number(Double(index)), .number(0)])
        }
        for t in inputs { callIndex[ObjectIdentifier(t)] = (t.layer.name, 0) }
        var inboundByLayer: [ObjectIdentifier: [JSONValue]] = [:]
        for node in nodes {
            let lid = ObjectIdentifier(node.layer)
            let index = calls[lid, default: 0]
            calls[lid] = index + 1
            callIndex[ObjectIdentifier(node)] = (node.layer.name, index)
            inboundByLayer[lid, default: []].append(.array(node.inputs.map(ref)))
        }
        let layerConfigs: [JSONValue] = layers.map { layer in
            ["class_name": .string(type(of: layer).className), "name": .string(layer.name), "config": .object(layer.config),
             "inbound_nodes": .array(inboundByLayer[ObjectIdentifier(layer)] ?? [])]
        }
        return ["class_name": "Functional", "name": .string(name), "layers": .array(layerConfigs),
                "input_layers": .array(inputs.map(ref)), "output_layers": .array(outputs.map(ref))]
    }

    /// The graph a configuration written by `config(name:)` describes, with new layers.
    static func rebuild(config: [String: JSONValue], model: String) throws -> Graph {
        guard let layerConfigs = config["layers"]?.arrayValue else {
            throw SynapseError.invalidArgument("a functional model's config needs 'layers'")
        }
        var tensors: [String: [KerasTensor]] = [:]
        func fail(_ reason: String) -> SynapseError { .invalidArgument("functional model '\(model)': \(reason)") }
        func lookup(_ ref: JSONValue) throws -> KerasTensor {
            guard let parts = ref.arrayValue, parts.count >= 2, let layer = parts[0].stringValue, let index = parts[1].intValue,
                  let t = tensors[layer], index >= 0, index < t.count else {
                throw fail("a node refers to \(ref.jsonString()), which is not an earlier layer's output")
            }
            return t[index]
        }
        for entry in layerConfigs {
            guard let object = entry.objectValue, let className = object["class_name"]?.stringValue,
                  let layerConfig = object["config"] else { throw fail("a layer entry needs 'class_name' and 'config'") }
            let layer = try LayerRegistry.layer(from: ["class_name": .string(className), "config": layerConfig])
            if let input = layer as? Input {
                tensors[input.name] = [input.output]
                continue
            }
            for call in object["inbound_nodes"]?.arrayValue ?? [] {
                let args = try (call.arrayValue ?? []).map(lookup)
                let out: KerasTensor
                if let merge = layer as? MergeLayer {
                    out = try merge.symbolicCall(args)
                } else {
                    guard args.count == 1 else { throw fail("layer '\(layer.name)' is called on \(args.count) values; it takes one") }
                    out = try layer.symbolicCall(args[0])
                }
                tensors[layer.name, default: []].append(out)
            }
        }
        let inputs = try (config["input_layers"]?.arrayValue ?? []).map(lookup)
        let outputs = try (config["output_layers"]?.arrayValue ?? []).map(lookup)
        return try Graph(inputs: inputs, outputs: outputs, model: model)
    }
}

extension Model {
    /// Each call of a layer with the layers it reads and its output shape, in the order they run
    /// (a Sequential model's chain; for a subclassed model, its layers alone): what `plot` draws.
    public func layerEdges() -> [(layer: Layer, inputs: [Layer], outputShape: [Int]?)] {
        if let graph {
            return graph.inputs.map { ($0.layer, [], $0.shape) } + graph.nodes.map { ($0.layer, $0.inputs.map(\.layer), $0.shape) }
        }
        var out: [(Layer, [Layer], [Int]?)] = [], previous: Layer?, shape = inputShape
        for layer in layers {
            shape = shape.flatMap { try? layer.outputShape(forInputShape: $0) }
            out.append((layer, previous.map { [$0] } ?? [], self is Sequential ? shape : nil))
            previous = self is Sequential ? layer : nil
        }
        return out
    }
}
