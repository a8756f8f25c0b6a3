// Model files (DESIGN decision 7): one safetensors file holding
//   tensors   every weight under its name (<layer name>/<kernel|bias>), Keras's shapes, and,
//             when asked, the optimizer's slots as optimizer/<weight name>/<slot>;
//   metadata  format "synapse", format_version "1", model_config (the JSON of the model's config),
//             input_shape, compile_config (optimizer, loss, metrics) and optimizer_iterations.
// Any safetensors reader can open it; Model.load (or Sequential.load) rebuilds, compiles and restores the model.

import Foundation

extension Model {
    /// The version of the model-file layout written by `save`.
    public static let fileFormatVersion = "1"

    /// Saves the model (configuration, weights and, when `includeOptimizer`, the optimizer's
    /// state) to one safetensors file, written atomically.
    public func save(to path: String, includeOptimizer: Bool = true) throws {
        // A model whose input shape is declared (an Input layer) is built here if it is not yet.
        guard self is Sequential || graph != nil else {
            throw SynapseError.layer(name: name, reason: "a subclassed model (\(type(of: self))) has no configuration to rebuild it from; "
                + "save its weights with getWeights() and set them on a new instance with setWeights(_:)")
        }
        if !isBuilt, let inputShape { try build(inputShape: inputShape) }
        guard let inputShape, isBuilt else {
            throw SynapseError.layer(name: name, reason: "the model must be built (fit, build(inputShape:) or an Input layer) before it is saved")
        }
        var tensors: [String: Tensor] = [:]
        for weight in weights {
            guard tensors[weight.name] == nil else {
                throw SynapseError.layer(name: name, reason: "two weights are named '\(weight.name)'; give the layers distinct names")
            }
            tensors[weight.name] = weight.value.detached()
        }
        var metadata = ["format": "synapse", "format_version": Model.fileFormatVersion,
                        "model_config": config.jsonString(),
                        "input_shape": JSONValue.array(inputShape.map { .number(Double($0)) }).jsonString()]
        if let optimizer, let loss {
            // One output: the loss and the metric names; several: a list of each, and the weights.
            let compile: JSONValue = losses.count == 1
                ? ["optimizer": optimizer.config, "loss": loss.config, "metrics": .array((metricNames.first ?? []).map { .string($0) })]
                : ["optimizer": optimizer.config, "loss": .array(losses.map(\.config)),
                   "loss_weights": .array(lossWeights.map { .number(Double($0)) }),
                   "metrics": .array(metricNames.map { .array($0.map { .string($0) }) })]
            metadata["compile_config"] = compile.jsonString()
            if includeOptimizer {
                metadata["optimizer_iterations"] = String(optimizer.iterations)
                for (key, value) in optimizer.stateTensors() { tensors["optimizer/" + key] = value }
            }
        }
        try Safetensors.write(tensors, metadata: metadata, to: path)
    }

    /// Loads a model saved by `save`: layers, weights, compile settings and optimizer state.
    /// `Model.load` returns whichever kind the file holds; `Sequential.load` requires that kind.
    public static func load(from path: String) throws -> Self {
        try load(fileData: FileIO.read(path), path: path)
    }

    /// Loads a model from the bytes of a model file; `path` names it in errors.
    static func load(fileData: Data, path: String) throws -> Self {
        let model = try loadModel(fileData: fileData, path: path)
        guard let typed = model as? Self else {
            throw SynapseError.invalidFile(path: path, location: nil,
                reason: "holds a \(type(of: model)) model, not a \(Self.self); load it with Model.load(from:)")
        }
        return typed
    }

    /// The model of a model file's bytes, whatever its kind.
    static func loadModel(fileData: Data, path: String) throws -> Model {
        let (tensors, metadata) = try Safetensors.decode(fileData, path: path)
        func fail(_ reason: String) -> SynapseError { .invalidFile(path: path, location: nil, reason: reason) }
        guard metadata["format"] == "synapse" else { throw fail("is a safetensors file but not a Synapse model (no format \"synapse\" in its metadata)") }
        guard metadata["format_version"] == fileFormatVersion else {
            throw fail("has model format version \(metadata["format_version"] ?? "none"); this Synapse reads version \(fileFormatVersion)")
        }
        let config: JSONValue, inputShape: JSONValue
        do {
            config = try JSONValue.parse(metadata["model_config"] ?? "")
            inputShape = try JSONValue.parse(metadata["input_shape"] ?? "")
        } catch {
            throw fail("has a model_config or input_shape that is not valid JSON")
        }
        let model = try rebuild(config: config, inputShape: inputShape, path: path)
        for weight in model.weights {
            guard let value = tensors[weight.name] else { throw fail("has no tensor for weight '\(weight.name)'") }
            guard value.shape == weight.value.shape else {
                throw fail("weight '\(weight.name)' has shape \(value.shape) in the file but the model needs \(weight.value.shape)")
            }
            // A NaN or infinite weight predicts garbage (a NaN probability reads as class 0).
            if let bad = value.withUnsafeBufferPointer({ $0.firstIndex { !$0.isFinite } }) {
                throw fail("weight '\(weight.name)' holds \(value.scalars[bad]) at element \(bad); a model's weights must be finite numbers")
            }
            try weight.assign(value)
        }
        if let text = metadata["compile_config"] {
            let optimizer: Optimizer
            do {
                let compile = try JSONValue.parse(text)
                optimizer = try makeOptimizer(config: compile.objectValue?["optimizer"] ?? .null)
                if let configs = compile.objectValue?["loss"]?.arrayValue {
                    let losses = try configs.map { try makeLoss(config: $0) }
                    let weights = compile.objectValue?["loss_weights"]?.arrayValue?.compactMap(\.doubleValue).map(Float.init)
                    let names = (compile.objectValue?["metrics"]?.arrayValue ?? []).map { $0.arrayValue?.compactMap(\.stringValue) ?? [] }
                    try model.compile(optimizer: optimizer, losses: losses, lossWeights: weights,
                                      metrics: losses.indices.map { names.indices.contains($0) ? names[$0] : [] })
                } else {
                    let loss = try makeLoss(config: compile.objectValue?["loss"] ?? .null)
                    let names = compile.objectValue?["metrics"]?.arrayValue?.compactMap(\.stringValue) ?? []
                    try model.compile(optimizer: optimizer, loss: loss, metrics: names)
                }
            } catch {
                throw fail("has a compile_config that cannot be read: \(error)")
            }
            if let text = metadata["optimizer_iterations"] {
                guard let iterations = Int(text), (0...Optimizer.maxIterations).contains(iterations) else {
                    throw fail("has optimizer_iterations '\(text)'; expected a whole number in 0...\(Optimizer.maxIterations)")
                }
                // Every slot must belong to a weight of the model and have that weight's size:
                // the optimizer updates the weight's elements in place through the slot buffers.
                let byName = Dictionary(model.weights.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
                var state: [String: Tensor] = [:]
                for (key, value) in tensors.sorted(by: { $0.key < $1.key }) where key.hasPrefix("optimizer/") {
                    let slotKey = String(key.dropFirst(10))
                    guard let cut = slotKey.lastIndex(of: "/"), let weight = byName[String(slotKey[..<cut])] else {
                        throw fail("has optimizer state '\(key)' for no weight of the model")
                    }
                    guard value.shape == [weight.value.count] else {
                        throw fail("optimizer state '\(key)' has shape \(value.shape) but weight '\(weight.name)' "
                                   + "of shape \(weight.value.shape) needs [\(weight.value.count)]")
                    }
                    state[slotKey] = value
                }
                optimizer.restoreState(state, iterations: iterations)
            }
        }
        return model
    }
}

extension Model {
    /// The built model that a model file's configuration describes (its metadata's model_config
    /// and input_shape, parsed); `path` names the file in errors.
    static func rebuild(config: JSONValue, inputShape: JSONValue, path: String) throws -> Model {
        func fail(_ reason: String) -> SynapseError { .invalidFile(path: path, location: nil, reason: reason) }
        guard let object = config.objectValue, let layerConfigs = object["layers"]?.arrayValue else {
            throw fail("has a model_config without a list of layers")
        }
        if object["class_name"]?.stringValue == "Functional" {
            do {
                let name = object["name"]?.stringValue ?? "functional"
                let graph = try Graph.rebuild(config: object, model: name)
                return try Model(inputs: graph.inputs, outputs: graph.outputs, name: name,
                                 seed: try ConfigReader(config: object, owner: "the model").seed())
            } catch let error as SynapseError {
                throw fail("describes a model that cannot be rebuilt: \(error)")
            }
        }
        let shape = inputShape.arrayValue?.compactMap(\.intValue) ?? []
        do {
            let layers = try layerConfigs.map { try LayerRegistry.layer(from: $0) }
            let seed = try ConfigReader(config: object, owner: "the model").seed()
            let model = Sequential(layers, name: object["name"]?.stringValue, seed: seed)
            try model.build(inputShape: shape)
            return model
        } catch let error as SynapseError {
            throw fail("describes a model that cannot be rebuilt: \(error)")
        }
    }

    /// compile with a loss value (used when loading).
    func compile(optimizer: Optimizer, loss: Loss, metrics: [String]) throws {
        try compile(optimizer: optimizer, losses: [loss], lossWeights: nil, metrics: [metrics])
    }
}
