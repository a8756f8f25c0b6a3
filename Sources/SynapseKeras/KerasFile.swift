// Keras 3's .keras archive: a zip holding config.json (the model, KerasFormat in SynapseNN),
// metadata.json (the Keras version) and model.weights.h5 (each weight at KerasFormat's path).
//   Model.load(keras: "model.keras")   the model, its weights, predicting as Keras did;
//   model.save(keras: "model.keras")   an archive that keras.models.load_model opens.
// A missing entry, a config that is not JSON, an HDF5 file that is damaged or lacks a weight:
// a SynapseError.invalidFile naming the archive.
// Compile settings (config.json's compile_config: an optimizer, one loss by name, metrics by
// name) come along both ways; so does the optimizer's state when Keras keeps its buffers as
// Synapse does (KerasFormat.optimizerSlotGroups: Adam, AdamW, Adamax, SGD, RMSprop, Adagrad,
// Adadelta): optimizer/vars/0 the iteration count, /1 the learning rate, then the buffers.

import Foundation
import SynapseNN
import SynapseTensor
import ZIPFoundation

extension Model {
    /// The model in a Keras 3 `.keras` archive or a Keras HDF5 model file (`.h5`, Keras 2's
    /// format), Sequential or functional, with its weights.
    public static func load(keras path: String) throws -> Model {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "cannot be opened (missing or unreadable)")
        }
        if path.hasSuffix(".h5") || path.hasSuffix(".hdf5") { return try loadLegacy(h5: path) }
        guard path.hasSuffix(".keras") else {
            throw SynapseError.invalidFile(path: path, location: nil,
                reason: "is neither a .keras archive nor an .h5 model file; Synapse reads Keras's model files by their extension")
        }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "is not a zip archive (a .keras file is one): \(error)")
        }
        func entry(_ name: String) throws -> Data {
            guard let e = archive[name] else {
                throw SynapseError.invalidFile(path: path, location: nil, reason: "has no \(name); a .keras archive holds config.json and model.weights.h5")
            }
            guard e.uncompressedSize <= 1 << 32 else { throw SynapseError.invalidFile(path: path, location: nil, reason: "has a \(name) too large to read") }
            var data = Data()
            do { _ = try archive.extract(e, skipCRC32: false) { data.append($0) } } catch {
                throw SynapseError.invalidFile(path: path, location: nil, reason: "has a damaged \(name): \(error)")
            }
            return data
        }
        let text = String(decoding: try entry("config.json"), as: UTF8.self)
        let config: JSONValue
        do { config = try JSONValue.parse(text) } catch {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "has a config.json that is not valid JSON")
        }
        let model = try KerasFormat.model(fromConfig: config, file: path)
        let weights = try entry("model.weights.h5")
        let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-\(UUID()).weights.h5").path
        try weights.write(to: URL(fileURLWithPath: temporary))
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let file = try HDF5File(reading: temporary, displayName: path + " (model.weights.h5)")
        for (where_, weight) in KerasFormat.weightPaths(of: model) {
            let (shape, values) = try file.read(where_)
            guard shape == weight.value.shape else {
                throw SynapseError.invalidFile(path: path, location: nil,
                    reason: "has weight '\(where_)' of shape \(shape) where '\(weight.name)' needs \(weight.value.shape)")
            }
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw SynapseError.invalidFile(path: path, location: nil, reason: "has weight '\(where_)' holding \(values[bad]); weights must be finite")
            }
            try weight.assign(Tensor(shape: shape, scalars: values))
        }
        if try KerasFormat.compile(model, fromConfig: config), let optimizer = model.optimizer,
           let groups = KerasFormat.optimizerSlotGroups(optimizer), file.exists("optimizer/vars/0") {
            let iterations = try file.read("optimizer/vars/0").values.first ?? 0
            guard iterations >= 0, iterations <= Float(Optimizer.maxIterations), iterations == iterations.rounded() else {
                throw SynapseError.invalidFile(path: path, location: nil, reason: "has an optimizer iteration count of \(iterations)")
            }
            var state: [String: Tensor] = [:]
            var index = 2
            for group in groups {
                for weight in model.trainableWeights {
                    for slot in group {
                        let (shape, values) = try file.read("optimizer/vars/\(index)")
                        guard shape == weight.value.shape, values.allSatisfy(\.isFinite) else {
                            throw SynapseError.invalidFile(path: path, location: nil,
                                reason: "has optimizer variable \(index) of shape \(shape) where the \(slot) of '\(weight.name)' needs \(weight.value.shape), finite")
                        }
                        state["\(weight.name)/\(slot)"] = Tensor(shape: [values.count], scalars: values)
                        index += 1
                    }
                }
            }
            // Slots Keras does not keep (RMSprop's unused ones) start as Synapse starts them.
            for weight in model.trainableWeights {
                for (i, slot) in optimizer.slotNames.enumerated() where state["\(weight.name)/\(slot)"] == nil {
                    state["\(weight.name)/\(slot)"] = Tensor(shape: [weight.value.count], repeating: optimizer.initialSlotValue(i))
                }
            }
            optimizer.restoreState(state, iterations: Int(iterations))
        }
        return model
    }

    /// Saves the model as a Keras 3 `.keras` archive (config.json, metadata.json,
    /// model.weights.h5), or as a Keras HDF5 model file when `path` ends in `.h5`, written
    /// atomically; Keras's `keras.models.load_model` opens both.
    public func save(keras path: String) throws {
        if !isBuilt, let inputShape { try build(inputShape: inputShape) }
        if path.hasSuffix(".h5") || path.hasSuffix(".hdf5") { return try saveLegacy(h5: path) }
        var config = try KerasFormat.config(of: self)
        let compileConfig = KerasFormat.compileConfig(of: self)
        if let compileConfig, case .object(var object) = config {
            object["compile_config"] = compileConfig
            config = .object(object)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let h5 = folder.appendingPathComponent("model.weights.h5").path
        do {
            let file = try HDF5File(creating: h5, displayName: path + " (model.weights.h5)")
            try file.makeGroups("layers")
            for (where_, weight) in KerasFormat.weightPaths(of: self) {
                try file.write(where_, shape: weight.value.shape, values: weight.value.scalars)
            }
            try file.makeGroups("vars")
            if compileConfig != nil, let optimizer, let groups = KerasFormat.optimizerSlotGroups(optimizer) {
                let state = optimizer.stateTensors()
                try file.writeInteger("optimizer/vars/0", Int64(optimizer.iterations))
                try file.write("optimizer/vars/1", shape: [], values: [optimizer.currentLearningRate])
                var index = 2
                for group in groups {
                    for weight in trainableWeights {
                        for slot in group {
                            let initial = optimizer.initialSlotValue(optimizer.slotNames.firstIndex(of: slot) ?? 0)
                            let values = state["\(weight.name)/\(slot)"]?.scalars ?? [Float](repeating: initial, count: weight.value.count)
                            try file.write("optimizer/vars/\(index)", shape: weight.value.shape, values: values)
                            index += 1
                        }
                    }
                }
            }
        }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd@HH:mm:ss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let metadata: JSONValue = ["keras_version": "3.15.1", "date_saved": .string(formatter.string(from: Date()))]
        let entries: [(String, Data)] = [("metadata.json", Data(metadata.jsonString().utf8)), ("config.json", Data(config.jsonString().utf8)),
                                         ("model.weights.h5", try Data(contentsOf: URL(fileURLWithPath: h5)))]
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        try? FileManager.default.removeItem(at: temporary)
        do {
            let archive = try Archive(url: temporary, accessMode: .create)
            for (name, data) in entries {
                try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw SynapseError.invalidFile(path: path, location: nil, reason: "cannot be written: \(error)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw SynapseError.invalidFile(path: path, location: nil, reason: "cannot be replaced")
        }
    }
}
