// Keras 3's model description (the config.json of a .keras archive) and where its weights file
// keeps each weight, in both directions. The files themselves (zip, HDF5) are SynapseKeras's.
//
//   config.json   {"class_name": "Sequential" | "Functional", "config": {"name", "layers": [...]}}
//                 each layer {"class_name", "config"}; a functional layer also has
//                 "inbound_nodes": [{"args": [value or [values]]}], a value being
//                 {"class_name": "__keras_tensor__", "config": {"keras_history": [layer, node, 0]}};
//                 "input_layers" / "output_layers": [[layer, node, 0]].
//   weights       layers/<key>/vars/<i> (recurrent layers: layers/<key>/cell/vars/<i>; Bidirectional:
//                 layers/<key>/{forward,backward}_layer/cell/vars/<i>; TimeDistributed:
//                 layers/<key>/layer/vars/<i>), <key> being
//                 the snake_case class name, numbered per class in the model's layer order
//                 (dense, dense_1, ...; a Sequential model's list leaves out its InputLayer).
// Keras's nested objects become Synapse's plain values on the way in (an initializer
// {"class_name": "GlorotUniform"} is "glorot_uniform"; a regularizer {"class_name": "L2",
// "config": {"l2": 0.01}} is {"l2": 0.01}) and go back as Keras reads them on the way out.

import Foundation

/// Translation between Keras 3's model config and Synapse's models.
public enum KerasFormat {
    /// Keras's `to_snake_case`: "Conv2D" → "conv2d", "SimpleRNN" → "simple_rnn", "InputLayer" → "input_layer".
    public static func snakeCase(_ name: String) -> String {
        func sub(_ s: String, _ pattern: String) -> String {
            let regex = try! NSRegularExpression(pattern: pattern)
            return regex.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: "$1_$2")
        }
        return sub(sub(name, "(.)([A-Z][a-z0-9]+)"), "([a-z])([A-Z])").lowercased()
    }

    /// The model a Keras config.json describes (built, with fresh weights); `file` names the
    /// archive in errors. A layer class or option Synapse lacks is a sentence naming it and the layer.
    public static func model(fromConfig json: JSONValue, file: String) throws -> Model {
        func fail(_ reason: String) -> SynapseError { .invalidFile(path: file, location: nil, reason: reason) }
        guard let top = json.objectValue, let kind = top["class_name"]?.stringValue,
              let config = top["config"]?.objectValue, let entries = config["layers"]?.arrayValue else {
            throw fail("has a config.json without a model's class_name and layers")
        }
        let name = config["name"]?.stringValue
        switch kind {
        case "Sequential":
            let layers = try entries.map { try layer(from: $0, file: file) }
            var shape: [Int]?
            if let input = layers.first as? Input { shape = input.shape }
            // Keras 2 put the input shape on the first layer (batch_input_shape).
            if shape == nil, let dims = entries.first?.objectValue?["config"]?.objectValue?["batch_input_shape"]?.arrayValue {
                shape = dims.dropFirst().compactMap(\.intValue)
            }
            if shape == nil, let dims = (top["build_config"]?.objectValue?["input_shape"] ?? config["build_input_shape"])?.arrayValue {
                shape = dims.dropFirst().compactMap(\.intValue)
            }
            let model = Sequential(layers, name: name)
            guard let shape else { throw fail("describes a Sequential model without an input shape") }
            do { try model.build(inputShape: shape) } catch { throw fail("describes a model that cannot be built: \(error)") }
            return model
        case "Functional", "Model":
            var outputs: [String: [KerasTensor]] = [:]
            func value(_ any: JSONValue) throws -> KerasTensor {
                guard let history = any.objectValue?["config"]?.objectValue?["keras_history"]?.arrayValue, history.count >= 2,
                      let layer = history[0].stringValue, let node = history[1].intValue,
                      let made = outputs[layer], node >= 0, node < made.count else {
                    throw fail("has a layer input that is not an earlier layer's output: \(any.jsonString())")
                }
                return made[node]
            }
            func reference(_ any: JSONValue) throws -> KerasTensor {
                guard let parts = any.arrayValue, parts.count >= 2, let layer = parts[0].stringValue, let node = parts[1].intValue,
                      let made = outputs[layer], node >= 0, node < made.count else {
                    throw fail("names a model input or output that no layer makes: \(any.jsonString())")
                }
                return made[node]
            }
            for entry in entries {
                let layer = try self.layer(from: entry, file: file)
                if let input = layer as? Input {
                    outputs[input.name] = [input.output]
                    continue
                }
                for node in entry.objectValue?["inbound_nodes"]?.arrayValue ?? [] {
                    // Keras 3: {"args": [value or [values]]}; Keras 2: [[layer, node, 0, {}], ...].
                    let inputs: [KerasTensor]
                    if let legacy = node.arrayValue {
                        inputs = try legacy.map(reference)
                    } else {
                        guard let args = node.objectValue?["args"]?.arrayValue, let first = args.first else {
                            throw fail("layer '\(layer.name)' has a call without arguments")
                        }
                        inputs = try first.arrayValue.map { try $0.map(value) } ?? [try value(first)]
                    }
                    do {
                        if let merge = layer as? MergeLayer {
                            outputs[layer.name, default: []].append(try merge.symbolicCall(inputs))
                        } else {
                            guard inputs.count == 1 else { throw fail("layer '\(layer.name)' is called on \(inputs.count) values; it takes one") }
                            outputs[layer.name, default: []].append(try layer.symbolicCall(inputs[0]))
                        }
                    } catch let error as SynapseError {
                        throw fail("describes a model that cannot be built: \(error)")
                    }
                }
            }
            func list(_ key: String) throws -> [KerasTensor] {
                guard let items = config[key]?.arrayValue else { throw fail("has a functional config without '\(key)'") }
                // One input or output may be written as [name, node, 0] instead of a list of them.
                if items.first?.stringValue != nil { return [try reference(.array(items))] }
                return try items.map(reference)
            }
            do {
                return try Model(inputs: try list("input_layers"), outputs: try list("output_layers"), name: name)
            } catch let error as SynapseError {
                throw fail("describes a model that cannot be built: \(error)")
            }
        default:
            throw fail("holds a Keras \(kind) model; Synapse reads Sequential and Functional models")
        }
    }

    /// One layer from its Keras entry {"class_name", "config"}.
    static func layer(from entry: JSONValue, file: String) throws -> Layer {
        guard let object = entry.objectValue, let className = object["class_name"]?.stringValue,
              let config = object["config"]?.objectValue else {
            throw SynapseError.invalidFile(path: file, location: nil, reason: "has a layer entry without class_name and config")
        }
        let name = config["name"]?.stringValue ?? className
        guard LayerRegistry.has(className) else {
            throw SynapseError.invalidFile(path: file, location: nil,
                reason: "has layer '\(name)' of class \(className), which Synapse does not have")
        }
        var translated = try translate(config, className: className, name: name, file: file)
        // Keras 2's InputLayer named its shape batch_input_shape; other layers may carry it too.
        if let shape = translated.removeValue(forKey: "batch_input_shape"), className == "InputLayer", translated["batch_shape"] == nil {
            translated["batch_shape"] = shape
        }
        do {
            return try LayerRegistry.layer(from: ["class_name": .string(className), "config": .object(translated)])
        } catch let error as SynapseError {
            throw SynapseError.invalidFile(path: file, location: nil, reason: "has layer '\(name)' (\(className)) that Synapse cannot make: \(error)")
        }
    }

    /// A layer's Keras config as Synapse's config holds it; a wrapper's inner layer
    /// (Bidirectional's and TimeDistributed's "layer") is translated the same way.
    static func translate(_ config: [String: JSONValue], className: String, name: String, file: String) throws -> [String: JSONValue] {
        var translated: [String: JSONValue] = [:]
        for (key, value) in config {
            if key.hasSuffix("_constraint") || key == "activity_regularizer", value != .null {
                throw SynapseError.invalidFile(path: file, location: nil,
                    reason: "has layer '\(name)' (\(className)) with \(key), an option Synapse does not have")
            }
            if key == "backward_layer" { continue }  // Synapse derives it from "layer"
            if key == "layer", let inner = value.objectValue, let innerClass = inner["class_name"]?.stringValue,
               let innerConfig = inner["config"]?.objectValue {
                guard LayerRegistry.has(innerClass) else {
                    throw SynapseError.invalidFile(path: file, location: nil,
                        reason: "has layer '\(name)' wrapping a \(innerClass), which Synapse does not have")
                }
                translated[key] = ["class_name": .string(innerClass),
                                   "config": .object(try translate(innerConfig, className: innerClass, name: name, file: file))]
                continue
            }
            translated[key] = fromKeras(value)
        }
        return translated
    }

    /// A Keras config value as Synapse's configs hold it.
    static func fromKeras(_ value: JSONValue) -> JSONValue {
        guard let object = value.objectValue, let className = object["class_name"]?.stringValue else { return value }
        let module = object["module"]?.stringValue ?? ""
        // Keras 2 wrote no module: an initializer is known by its class.
        let initializers: Set<String> = ["GlorotUniform", "GlorotNormal", "HeUniform", "HeNormal", "LecunUniform", "LecunNormal",
                                         "Orthogonal", "Zeros", "Ones", "RandomUniform"]
        if module.hasSuffix("initializers") || (module.isEmpty && initializers.contains(className)) {
            return .string(className == "RandomUniform" ? "uniform" : snakeCase(className))
        }
        if module.hasSuffix("regularizers") || (module.isEmpty && ["L1", "L2", "L1L2"].contains(className)) { return object["config"] ?? .null }
        if className == "DTypePolicy" { return object["config"]?.objectValue?["name"] ?? .null }
        return value
    }

    /// A Synapse config value as Keras reads it (`key` names it).
    static func toKeras(_ key: String, _ value: JSONValue) -> JSONValue {
        if key.hasSuffix("_regularizer"), let object = value.objectValue {
            return ["module": "keras.regularizers", "class_name": "L1L2", "config": .object(object), "registered_name": .null]
        }
        return value
    }

    /// The keys of Synapse's configs that Keras's layers do not take.
    static let synapseOnlyKeys: Set<String> = ["seed"]
    /// The layers whose Keras form takes a seed.
    static let seededClasses: Set<String> = ["Dropout", "SpatialDropout2D"]

    /// A Synapse layer config as Keras reads it (a wrapper's inner layer too).
    static func kerasConfig(_ config: [String: JSONValue], className: String) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (key, value) in config where !(synapseOnlyKeys.contains(key) && !seededClasses.contains(className)) {
            if key == "layer", let inner = value.objectValue, let innerClass = inner["class_name"]?.stringValue,
               let innerConfig = inner["config"]?.objectValue {
                out[key] = ["module": "keras.layers", "class_name": .string(innerClass),
                            "config": .object(kerasConfig(innerConfig, className: innerClass)), "registered_name": .null]
                continue
            }
            out[key] = toKeras(key, value)
        }
        return out
    }

    /// A layer's Keras entry (class_name, config and, when built, build_config).
    static func kerasEntry(_ layer: Layer) -> [String: JSONValue] {
        let className = type(of: layer).className
        let config = kerasConfig(layer.config, className: className)
        var entry: [String: JSONValue] = ["module": "keras.layers", "class_name": .string(className),
                                          "config": .object(config), "registered_name": .null]
        if !(layer is Input), let shape = layer.inputShape {
            entry["build_config"] = ["input_shape": .array([.null] + shape.map { .number(Double($0)) })]
        }
        return entry
    }

    /// The config.json of `model` as Keras 3 writes it (Sequential and functional models).
    public static func config(of model: Model) throws -> JSONValue {
        if let sequential = model as? Sequential {
            guard let shape = sequential.inputShape else {
                throw SynapseError.layer(name: model.name, reason: "the model must be built before it is saved")
            }
            var layers = sequential.layers.map { JSONValue.object(kerasEntry($0)) }
            if !(sequential.layers.first is Input) {
                layers.insert(["module": "keras.layers", "class_name": "InputLayer", "registered_name": .null,
                               "config": ["batch_shape": .array([.null] + shape.map { .number(Double($0)) }), "dtype": "float32",
                                          "sparse": false, "name": "input_layer"]], at: 0)
            }
            return ["module": "keras", "class_name": "Sequential", "registered_name": .null,
                    "config": ["name": .string(model.name), "trainable": true, "layers": .array(layers)],
                    "build_config": ["input_shape": .array([.null] + shape.map { .number(Double($0)) })]]
        }
        guard let graph = model.graph else {
            throw SynapseError.layer(name: model.name, reason: "only Sequential and functional models can be saved as Keras files")
        }
        var callIndex: [ObjectIdentifier: Int] = [:], calls: [ObjectIdentifier: Int] = [:]
        var inbound: [ObjectIdentifier: [JSONValue]] = [:]
        func history(_ t: KerasTensor) -> JSONValue {
            .array([.string(t.layer.name), .number(Double(callIndex[ObjectIdentifier(t)] ?? 0)), .number(0)])
        }
        func tensor(_ t: KerasTensor) -> JSONValue {
            ["class_name": "__keras_tensor__",
             "config": ["shape": .array([.null] + t.shape.map { .number(Double($0)) }), "dtype": "float32", "keras_history": history(t)]]
        }
        for node in graph.nodes {
            let id = ObjectIdentifier(node.layer)
            callIndex[ObjectIdentifier(node)] = calls[id, default: 0]
            calls[id, default: 0] += 1
            let args: JSONValue = node.layer is MergeLayer ? .array(node.inputs.map(tensor)) : tensor(node.inputs[0])
            inbound[id, default: []].append(["args": .array([args]), "kwargs": [:]])
        }
        let layers: [JSONValue] = model.layers.map { layer in
            var entry = kerasEntry(layer)
            if let merge = layer as? Merge, let shapes = merge.inputShapes {
                entry["build_config"] = ["input_shape": .array(shapes.map { .array([.null] + $0.map { .number(Double($0)) }) })]
            }
            entry["name"] = .string(layer.name)
            entry["inbound_nodes"] = .array(inbound[ObjectIdentifier(layer)] ?? [])
            return .object(entry)
        }
        return ["module": "keras.src.models.functional", "class_name": "Functional", "registered_name": "Functional",
                "config": ["name": .string(model.name), "trainable": true, "layers": .array(layers),
                           "input_layers": .array(graph.inputs.map(history)), "output_layers": .array(graph.outputs.map(history))]]
    }

    /// Where Keras's weights file keeps each weight of `model`, in the order of `model.weights`.
    public static func weightPaths(of model: Model) -> [(path: String, weight: Weight)] {
        var counts: [String: Int] = [:], out: [(String, Weight)] = []
        let listed = model is Sequential ? model.layers.filter { !($0 is Input) } : model.layers
        for layer in listed {
            let base = snakeCase(type(of: layer).className)
            let n = counts[base, default: 0]
            counts[base] = n + 1
            let key = n == 0 ? base : "\(base)_\(n)"
            func add(_ group: String, _ weights: [Weight]) {
                for (i, weight) in weights.enumerated() { out.append(("\(group)/\(i)", weight)) }
            }
            if let wrapper = layer as? Bidirectional {
                add("layers/\(key)/forward_layer/cell/vars", wrapper.forward.weights)
                add("layers/\(key)/backward_layer/cell/vars", wrapper.backward.weights)
            } else if let wrapper = layer as? TimeDistributed {
                add("layers/\(key)/layer/\(wrapper.layer is RecurrentLayer ? "cell/vars" : "vars")", wrapper.layer.weights)
            } else {
                add(layer is RecurrentLayer ? "layers/\(key)/cell/vars" : "layers/\(key)/vars", layer.weights)
            }
        }
        return out
    }

    // MARK: - Compile settings and the optimizer's state

    /// Compiles `model` as a Keras config.json's compile_config says, when Synapse can: an
    /// optimizer config, one loss named by a string, metrics named by strings. Returns whether
    /// it did (a model saved uncompiled, or with per-output losses, is left uncompiled).
    public static func compile(_ model: Model, fromConfig json: JSONValue) throws -> Bool {
        guard let compile = json.objectValue?["compile_config"]?.objectValue,
              var optimizer = compile["optimizer"]?.objectValue?["config"]?.objectValue,
              let loss = compile["loss"]?.stringValue else { return false }
        // The class names the optimizer (the config's name is the instance's: "rm_sprop").
        if let className = compile["optimizer"]?.objectValue?["class_name"]?.stringValue {
            optimizer["name"] = .string(className.lowercased())
        }
        let metrics = (compile["metrics"]?.arrayValue ?? []).compactMap(\.stringValue)
        try model.compile(optimizer: try makeOptimizer(config: .object(optimizer)), loss: try loss.makeLoss(), metrics: metrics)
        return true
    }

    /// The compile_config Keras writes for a compiled model with one loss, or nil.
    public static func compileConfig(of model: Model) -> JSONValue? {
        // Keras reads a loss by its name; a loss with options (from_logits, a Huber delta) would
        // lose them, so its compile settings are left out.
        guard let optimizer = model.optimizer, model.losses.count == 1, let loss = model.loss,
              (loss.config.objectValue ?? [:]).allSatisfy({ key, value in
                  key == "name" || value == .null || value == false || value == 0 || value == -1 }) else { return nil }
        var config = optimizer.config.objectValue ?? [:]
        config["name"] = .string(optimizer.name)
        let className = kerasOptimizerClasses[optimizer.name] ?? optimizer.name
        let metrics = model.metricNames.first ?? []
        return ["optimizer": ["module": "keras.optimizers", "class_name": .string(className), "config": .object(config), "registered_name": .null],
                "loss": .string(loss.name), "loss_weights": .null, "metrics": metrics.isEmpty ? .null : .array(metrics.map { .string($0) }),
                "weighted_metrics": .null, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false]
    }

    static let kerasOptimizerClasses = ["adam": "Adam", "adamw": "AdamW", "sgd": "SGD", "rmsprop": "RMSprop", "adagrad": "Adagrad",
                                        "adadelta": "Adadelta", "adamax": "Adamax", "nadam": "Nadam"]

    /// How Keras lays out an optimizer's buffers after `iterations` and `learning_rate`, for the
    /// optimizers whose buffers Keras and Synapse keep alike: groups in order; within a group,
    /// weight by weight (trainable weights in order), one buffer per slot of the group, named by
    /// Synapse's slot names. Adam, AdamW: [[m, v]] (momentum, velocity); Adamax: [[m, u]];
    /// SGD with momentum: [[momentum]]; RMSprop: [[velocity]], then [[momentum]] with momentum,
    /// then [[average_gradient]] when centered; Adagrad: [[accumulator]]; Adadelta:
    /// [[accumulated_grad, accumulated_delta_var]]. nil for the others (Nadam keeps one more
    /// variable; AMSGrad's v_hat is not laid out here): their state is not carried.
    public static func optimizerSlotGroups(_ optimizer: Optimizer) -> [[String]]? {
        switch optimizer {
        case let adam as Adam: return adam.amsgrad ? nil : [["m", "v"]]
        case is Adamax: return [["m", "u"]]
        case let sgd as SGD: return sgd.momentum != 0 ? [["momentum"]] : []
        case let rms as RMSprop:
            return [["velocity"]] + (rms.momentum > 0 ? [["momentum"]] : []) + (rms.centered ? [["average_gradient"]] : [])
        case is Adagrad: return [["accumulator"]]
        case is Adadelta: return [["accumulated_grad", "accumulated_delta_var"]]
        default: return nil
        }
    }
}
