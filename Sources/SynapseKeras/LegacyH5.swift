// Keras's HDF5 model files (.h5, the format of Keras 2's model.save and of Keras 3's
// model.save("x.h5")): one HDF5 file whose root attribute model_config holds the model's JSON
// (Keras 2's or 3's layout, both read by KerasFormat), training_config the compile settings,
// and model_weights/<layer name> each layer's weights, listed in order by its weight_names
// attribute (paths under that group: "dense/kernel:0" in Keras 2, "dense/kernel" in Keras 3).
// The optimizer's state is neither read from nor written to these files. save(keras: "x.h5")
// writes the same layout (with Keras 3's model config), which Keras's load_model reads.

import Foundation
import SynapseNN
import SynapseTensor

extension Model {
    /// The model of a Keras HDF5 model file (`model.h5`), with its weights and, when Synapse can
    /// read them, its compile settings.
    static func loadLegacy(h5 path: String) throws -> Model {
        func fail(_ reason: String) -> SynapseError { .invalidFile(path: path, location: nil, reason: reason) }
        let file = try HDF5File(reading: path, displayName: path)
        guard let text = file.strings("model_config")?.first else {
            throw fail("has no model_config attribute: it holds weights only (save_weights), not a model")
        }
        let config: JSONValue
        do { config = try JSONValue.parse(text) } catch { throw fail("has a model_config that is not valid JSON") }
        let model = try KerasFormat.model(fromConfig: config, file: path)
        for layer in model.layers where !(layer is Input) {
            let weights = layer.weights
            let group = "model_weights/\(layer.name)"
            let names = file.strings("weight_names", at: group) ?? []
            guard names.count == weights.count else {
                throw fail("has \(names.count) weights for layer '\(layer.name)' where Synapse's \(type(of: layer).className) has \(weights.count)")
            }
            for (name, weight) in zip(names, weights) {
                let (shape, values) = try file.read("\(group)/\(name)")
                guard shape == weight.value.shape else {
                    throw fail("has weight '\(name)' of shape \(shape) where '\(weight.name)' needs \(weight.value.shape)")
                }
                if let bad = values.firstIndex(where: { !$0.isFinite }) {
                    throw fail("has weight '\(name)' holding \(values[bad]); weights must be finite")
                }
                try weight.assign(Tensor(shape: shape, scalars: values))
            }
        }
        if let training = file.strings("training_config")?.first, let object = (try? JSONValue.parse(training))?.objectValue {
            let compile: JSONValue = ["compile_config": ["optimizer": object["optimizer_config"] ?? .null, "loss": object["loss"] ?? .null,
                                                         "metrics": object["metrics"] ?? .null]]
            _ = try? KerasFormat.compile(model, fromConfig: compile)
        }
        return model
    }

    /// Writes the model as a Keras HDF5 model file: model_config, training_config when the
    /// compile settings can be written, and model_weights with each layer's weight_names.
    func saveLegacy(h5 path: String) throws {
        let config = try KerasFormat.config(of: self)
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp").path
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            let file = try HDF5File(creating: temporary, displayName: path)
            try file.writeStrings("keras_version", ["3.15.1"], scalar: true)
            try file.writeStrings("backend", ["tensorflow"], scalar: true)
            try file.writeStrings("model_config", [config.jsonString()], scalar: true)
            if let compile = KerasFormat.compileConfig(of: self)?.objectValue {
                var training = compile
                training["optimizer_config"] = training.removeValue(forKey: "optimizer")
                try file.writeStrings("training_config", [JSONValue.object(training).jsonString()], scalar: true)
            }
            let listed = self is Sequential ? layers.filter { !($0 is Input) } : layers
            try file.makeGroups("model_weights")
            try file.writeStrings("layer_names", listed.map(\.name), at: "model_weights")
            try file.writeStrings("backend", ["tensorflow"], at: "model_weights", scalar: true)
            try file.writeStrings("keras_version", ["3.15.1"], at: "model_weights", scalar: true)
            for layer in listed {
                let group = "model_weights/\(layer.name)"
                try file.makeGroups(group)
                try file.writeStrings("weight_names", layer.weights.map(\.name), at: group)
                for weight in layer.weights {
                    try file.write("\(group)/\(weight.name)", shape: weight.value.shape, values: weight.value.scalars)
                }
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            try? FileManager.default.removeItem(atPath: temporary)
            throw SynapseError.invalidFile(path: path, location: nil, reason: "cannot be replaced")
        }
    }
}
