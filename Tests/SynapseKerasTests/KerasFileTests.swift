import Foundation
import Testing
import ZIPFoundation
@testable import SynapseKeras
@testable import SynapseNN

/// .keras archives saved by Keras 3 (Fixtures/, written by scripts/fixtures/make_keras_files.py
/// with their expected predictions) load and predict Keras's outputs; archives Synapse writes
/// load back (scripts/keras/check_synapse_keras_files.py checks that Keras loads them too).
@Suite struct KerasFileTests {
    static func fixture(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)).path
    }

    static var expected: [[String: Any]] {
        get throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: try fixture("expected.json")))
            return (try JSONSerialization.jsonObject(with: data) as! [String: Any])["models"] as! [[String: Any]]
        }
    }

    /// make_keras_fixtures.py's formula: element i = float32(offset + scale · sin(0.37 i + 1.3 k)),
    /// or {"shape", "values"} given in full.
    static func tensor(_ spec: Any) -> Tensor {
        let s = spec as! [String: Any]
        let shape = (s["shape"] as! [NSNumber]).map(\.intValue)
        if let values = s["values"] as? [NSNumber] { return Tensor(shape: shape, scalars: values.map(\.floatValue)) }
        let k = (s["k"] as! NSNumber).doubleValue, scale = (s["scale"] as! NSNumber).doubleValue
        let offset = (s["offset"] as! NSNumber).doubleValue
        return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { Float(offset + scale * sin(0.37 * Double($0) + 1.3 * k)) })
    }

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID())-\(name)").path
    }

    static func maxDifference(_ a: [Float], _ b: [Double]) -> Double {
        zip(a, b).map { Swift.abs(Double($0) - $1) }.max() ?? 0
    }

    @Test func modelsSavedByKerasPredictKerassOutputs() throws {
        for model in try KerasFileTests.expected {
            let file = model["file"] as! String
            let loaded = try Model.load(keras: try KerasFileTests.fixture(file))
            let inputs = (model["inputs"] as! [Any]).map(KerasFileTests.tensor)
            let outputs = try loaded.predict(inputs)
            for (output, stored) in zip(outputs, model["outputs"] as! [[String: Any]]) {
                let values = (stored["values"] as! [NSNumber]).map(\.doubleValue)
                #expect(output.shape == (stored["shape"] as! [NSNumber]).map(\.intValue), "\(file)")
                let difference = KerasFileTests.maxDifference(output.scalars, values)
                print("Keras file \(file): largest difference from Keras's predictions \(difference)")
                #expect(difference <= 1e-5, "\(file): \(difference)")
            }
        }
    }

    @Test func hdf5ModelFilesPredictKerassOutputs() throws {
        var checked = 0
        for model in try KerasFileTests.expected {
            guard let file = model["h5"] as? String else { continue }
            let loaded = try Model.load(keras: try KerasFileTests.fixture(file))
            let inputs = (model["inputs"] as! [Any]).map(KerasFileTests.tensor)
            for (output, stored) in zip(try loaded.predict(inputs), model["outputs"] as! [[String: Any]]) {
                let difference = KerasFileTests.maxDifference(output.scalars, (stored["values"] as! [NSNumber]).map(\.doubleValue))
                print("Keras file \(file): largest difference from Keras's predictions \(difference)")
                #expect(difference <= 1e-5, "\(file): \(difference)")
            }
            #expect(loaded.optimizer != nil || model["compiled"] as? Bool == false, "\(file): compile settings")
            checked += 1
        }
        #expect(checked == 3)
        let path = KerasFileTests.temporary("garbage.h5")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try Model.load(keras: path) } throws: { "\($0)".contains(path) && "\($0)".contains("HDF5") }
    }

    @Test func theOptimizerStateComesThroughAndTheNextStepIsKerass() throws {
        var checked = 0
        for model in try KerasFileTests.expected {
            guard let after = model["afterNextStep"] as? [[String: Any]] else { continue }
            let file = model["file"] as! String
            let loaded = try Model.load(keras: try KerasFileTests.fixture(file))
            let optimizer = try #require(loaded.optimizer, "\(file) is not compiled")
            #expect(optimizer.iterations == 1 && Swift.abs(optimizer.learningRate - 0.01) < 1e-9, "\(file)")
            let x = KerasFileTests.tensor((model["inputs"] as! [Any])[0])
            let n = x.shape[0]
            let targets = model["targets"] as! [String: Any]
            let y = Tensor(shape: (targets["shape"] as! [NSNumber]).map(\.intValue), scalars: (targets["values"] as! [NSNumber]).map(\.floatValue))
            try loaded.fit(x: x, y: y, batchSize: n, shuffle: false, verbose: 0)
            var worst = 0.0
            for (weight, stored) in zip(loaded.weights, after) {
                let values = (stored["values"] as! [NSNumber]).map(\.doubleValue)
                worst = Swift.max(worst, KerasFileTests.maxDifference(weight.value.scalars, values))
            }
            print("Keras file \(file): largest weight difference after the next step \(worst)")
            #expect(worst <= 1e-5, "\(file): \(worst)")
            checked += 1
        }
        #expect(checked == 10)
    }

    @Test func theOptimizerStateIsWrittenForKeras() throws {
        let loaded = try Model.load(keras: try KerasFileTests.fixture("dense_stack.keras"))
        let path = KerasFileTests.temporary("state.keras")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try loaded.save(keras: path)
        let again = try Model.load(keras: path)
        #expect(again.optimizer?.iterations == 1 && again.loss?.name == "sparse_categorical_crossentropy")
        let before = loaded.optimizer!.stateTensors(), after = again.optimizer!.stateTensors()
        #expect(before.count == 8 && before.keys.sorted() == after.keys.sorted())
        for (key, value) in before { #expect(after[key]!.scalars == value.scalars, "\(key)") }
    }

    @Test func modelsSavedBySynapseLoadBackAndPredictTheSame() throws {
        for model in try KerasFileTests.expected {
            let loaded = try Model.load(keras: try KerasFileTests.fixture(model["file"] as! String))
            let path = KerasFileTests.temporary("again.keras")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try loaded.save(keras: path)
            let again = try Model.load(keras: path)
            let inputs = (model["inputs"] as! [Any]).map(KerasFileTests.tensor)
            #expect(again.layers.map(\.name) == loaded.layers.map(\.name))
            for (p, q) in zip(try loaded.predict(inputs), try again.predict(inputs)) { #expect(p.scalars == q.scalars) }
        }
    }

    @Test func aSynapseModelTrainedHereRoundTrips() throws {
        let input = Input(shape: [3], name: "x")
        let a = Dense(4, activation: .relu, name: "left")(input)
        let b = Dense(4, activation: .tanh, name: "right")(input)
        let model = try Model(inputs: input, outputs: Dense(2, activation: .softmax, name: "out")(Add(name: "sum")([a, b])), seed: 3)
        try model.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy")
        let x = Tensor(shape: [4, 3], scalars: (0..<12).map { Float($0) / 10 })
        try model.fit(x: x, y: Tensor(shape: [4, 1], scalars: [0, 1, 0, 1]), epochs: 2, verbose: 0)
        let path = KerasFileTests.temporary("trained.keras")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(keras: path)
        #expect(try Model.load(keras: path).predict(x).scalars == (try model.predict(x)).scalars)
    }

    @Test func damagedArchivesAreErrorsNamingTheFile() throws {
        let good = try Data(contentsOf: URL(fileURLWithPath: try KerasFileTests.fixture("dense_stack.keras")))
        func expectError(_ data: Data, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let path = KerasFileTests.temporary("bad.keras")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try? data.write(to: URL(fileURLWithPath: path))
            do {
                _ = try Model.load(keras: path)
                Issue.record("no error", sourceLocation: sourceLocation)
            } catch let error as SynapseError {
                #expect("\(error)".contains(path), "\(error)", sourceLocation: sourceLocation)
                #expect("\(error)".contains(text), "\(error)", sourceLocation: sourceLocation)
            } catch {
                Issue.record("\(error)", sourceLocation: sourceLocation)
            }
        }
        expectError(Data("not a zip".utf8), "zip")
        expectError(good.prefix(good.count / 2), "zip")
        // An archive with a config but a weights file that is not HDF5, and one without weights.
        func archive(_ entries: [(String, Data)]) throws -> Data {
            let path = KerasFileTests.temporary("built.keras")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let zip = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
            for (name, data) in entries {
                try zip.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count)) { p, s in data.subdata(in: Int(p)..<Int(p) + s) }
            }
            return try Data(contentsOf: URL(fileURLWithPath: path))
        }
        let source = try Archive(url: URL(fileURLWithPath: try KerasFileTests.fixture("dense_stack.keras")), accessMode: .read)
        var config = Data()
        _ = try source.extract(source["config.json"]!) { config.append($0) }
        expectError(try archive([("config.json", config), ("model.weights.h5", Data(repeating: 7, count: 300))]), "HDF5")
        expectError(try archive([("config.json", config)]), "model.weights.h5")
        expectError(try archive([("config.json", Data("{".utf8))]), "JSON")
        let unknown = String(decoding: config, as: UTF8.self).replacingOccurrences(of: "\"Dense\"", with: "\"EinsumDense\"")
        expectError(try archive([("config.json", Data(unknown.utf8))]), "EinsumDense, which Synapse does not have")
    }

    /// Models built and trained in Synapse for Keras to load: every layer family the Keras files
    /// carry (Dense, Conv1D/Conv2D, pooling, BatchNormalization, Dropout, SimpleRNN/GRU/LSTM, the
    /// functional API with a shared layer, a skip connection, two inputs and two outputs).
    static func synapseModels() throws -> [(name: String, model: Model, inputs: [Tensor])] {
        func data(_ shape: [Int], _ k: Double) -> Tensor {
            Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { Float(sin(0.37 * Double($0) + 1.3 * k)) })
        }
        func trained(_ model: Model, _ x: [Tensor], _ loss: LossRepresentable, _ y: Tensor,
                     optimizer: Optimizer = Adam(learningRate: 0.01)) throws -> Model {
            try model.compile(optimizer: optimizer, loss: loss)
            if x.count == 1 { try model.fit(x: x[0], y: y, epochs: 3, batchSize: 4, verbose: 0) }
            return model
        }
        let labels = Tensor(shape: [6, 1], scalars: [0, 1, 0, 1, 1, 0])
        let dense = try trained(Sequential(name: "synapse_dense", seed: 1) {
            Input(shape: [10]); Dense(12, activation: .relu); Dense(6, activation: .tanh); Dense(1, activation: .sigmoid)
        }, [data([6, 10], 1)], "binary_crossentropy", labels)
        let cnn = try trained(Sequential(name: "synapse_cnn", seed: 2) {
            Input(shape: [8, 8, 1]); Conv2D(filters: 3, kernelSize: (3, 3), activation: .relu); BatchNormalization()
            MaxPooling2D(2); Flatten(); Dense(2, activation: .softmax)
        }, [data([6, 8, 8, 1], 2)], "sparse_categorical_crossentropy", labels)
        let rnn = try trained(Sequential(name: "synapse_rnn", seed: 3) {
            Input(shape: [5, 2]); SimpleRNN(4, returnSequences: true); GRU(4, returnSequences: true); LSTM(3); Dense(1)
        }, [data([6, 5, 2], 3)], "mse", labels)
        let conv1d = try trained(Sequential(name: "synapse_conv1d", seed: 4) {
            Input(shape: [10, 2]); Conv1D(filters: 3, kernelSize: 3, activation: .tanh); AveragePooling1D(poolSize: 2, strides: 2)
            GlobalMaxPooling1D(); Dropout(0.2); Dense(1, activation: .sigmoid)
        }, [data([6, 10, 2], 4)], "binary_crossentropy", labels)
        let rmsprop = try trained(Sequential(name: "synapse_rmsprop", seed: 7) {
            Input(shape: [10]); Dense(6, activation: .tanh); Dense(1)
        }, [data([6, 10], 8)], "mse", labels, optimizer: RMSprop(learningRate: 0.01, momentum: 0.5, centered: true))
        let sgd = try trained(Sequential(name: "synapse_sgd", seed: 8) {
            Input(shape: [10]); Dense(6, activation: .tanh); Dense(1)
        }, [data([6, 10], 9)], "mse", labels, optimizer: SGD(learningRate: 0.01, momentum: 0.9))
        let bidirectional = try Bidirectional(GRU(2, returnSequences: true))
        let wrappers = try trained(Sequential(name: "synapse_wrappers", seed: 6) {
            Input(shape: [5, 3]); bidirectional; TimeDistributed(Dense(2)); Flatten(); Dense(1)
        }, [data([6, 5, 3], 7)], "mse", labels)
        let a = Input(shape: [4], name: "a"), b = Input(shape: [3], name: "b")
        let ha = Dense(5, activation: .tanh, name: "dense_a")(a), hb = Dense(5, activation: .tanh, name: "dense_b")(b)
        let s = Add(name: "add")([ha, hb])
        let shared = Dense(5, activation: .tanh, name: "shared")
        let skip = Add(name: "skip")([s, shared(shared(s))])
        let functional = try Model(inputs: [a, b], outputs: [Dense(1, name: "reg")(Concatenate(name: "concat")([skip, ha])),
                                                             Dense(3, activation: .softmax, name: "cls")(skip)], name: "synapse_functional", seed: 5)
        let fx = [data([6, 4], 5), data([6, 3], 6)]
        try functional.compile(optimizer: Adam(learningRate: 0.01), loss: ["reg": "mse", "cls": "sparse_categorical_crossentropy"])
        try functional.fit(x: fx, y: [labels, labels], epochs: 3, batchSize: 3, verbose: 0)
        return [("synapse_dense", dense, [data([6, 10], 1)]), ("synapse_cnn", cnn, [data([6, 8, 8, 1], 2)]),
                ("synapse_rnn", rnn, [data([6, 5, 2], 3)]), ("synapse_conv1d", conv1d, [data([6, 10, 2], 4)]),
                ("synapse_wrappers", wrappers, [data([6, 5, 3], 7)]), ("synapse_rmsprop", rmsprop, [data([6, 10], 8)]),
                ("synapse_sgd", sgd, [data([6, 10], 9)]),
                ("synapse_functional", functional, fx)]
    }

    /// Saves the Synapse models as .keras files with their inputs and Synapse's predictions in
    /// expected.json, into SYNAPSE_KERAS_EXPORT when set (scripts/keras/check_synapse_keras_files.py
    /// sets it and loads the files in Keras), else into a temporary folder; and loads them back.
    @Test func synapseModelsSaveAsKerasFiles() throws {
        let folder = ProcessInfo.processInfo.environment["SYNAPSE_KERAS_EXPORT"] ?? KerasFileTests.temporary("export")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if ProcessInfo.processInfo.environment["SYNAPSE_KERAS_EXPORT"] == nil { try? FileManager.default.removeItem(atPath: folder) } }
        var expected: [[String: Any]] = []
        for (name, model, inputs) in try KerasFileTests.synapseModels() {
            let path = folder + "/\(name).keras"
            try model.save(keras: path)
            let outputs = try model.predict(inputs)
            for (p, q) in zip(outputs, try Model.load(keras: path).predict(inputs)) { #expect(p.scalars == q.scalars, "\(name)") }
            expected.append(["file": name + ".keras", "iterations": model.optimizer?.iterations ?? 0,
                             "compiledWithState": model.optimizer.map { KerasFormat.optimizerSlotGroups($0) != nil && model.outputCount == 1 } ?? false,
                             "inputs": inputs.map { ["shape": $0.shape, "values": $0.scalars.map(Double.init)] },
                             "outputs": outputs.map { ["shape": $0.shape, "values": $0.scalars.map(Double.init)] }])
            // The same model as a Keras HDF5 model file (no optimizer state in that format).
            try model.save(keras: folder + "/\(name).h5")
            for (p, q) in zip(outputs, try Model.load(keras: folder + "/\(name).h5").predict(inputs)) { #expect(p.scalars == q.scalars, "\(name).h5") }
            var h5 = expected.last!
            h5["file"] = name + ".h5"
            h5["compiledWithState"] = false
            expected.append(h5)
        }
        let json = try JSONSerialization.data(withJSONObject: ["models": expected])
        try json.write(to: URL(fileURLWithPath: folder + "/expected.json"))
    }

    @Test func keras2ConfigsAreRead() throws {
        // Keras 2's layout: the shape on the first layer, initializers without a module, and a
        // functional model's calls as lists of [layer, node, tensor, kwargs].
        let sequential = try JSONValue.parse("""
        {"class_name": "Sequential", "config": {"name": "old", "layers": [
          {"class_name": "Dense", "config": {"name": "d", "units": 2, "activation": "relu", "batch_input_shape": [null, 3],
           "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "dtype": "float32"}}]}}
        """)
        let model = try KerasFormat.model(fromConfig: sequential, file: "old.h5")
        #expect(model.inputShape == [3] && model.outputShape == [2])
        let functional = try JSONValue.parse("""
        {"class_name": "Model", "config": {"name": "f", "layers": [
          {"class_name": "InputLayer", "name": "x", "config": {"name": "x", "batch_input_shape": [null, 3]}, "inbound_nodes": []},
          {"class_name": "Dense", "name": "a", "config": {"name": "a", "units": 2}, "inbound_nodes": [[["x", 0, 0, {}]]]},
          {"class_name": "Dense", "name": "b", "config": {"name": "b", "units": 2}, "inbound_nodes": [[["x", 0, 0, {}]]]},
          {"class_name": "Add", "name": "sum", "config": {"name": "sum"}, "inbound_nodes": [[["a", 0, 0, {}], ["b", 0, 0, {}]]]}],
          "input_layers": [["x", 0, 0]], "output_layers": [["sum", 0, 0]]}}
        """)
        let graph = try KerasFormat.model(fromConfig: functional, file: "old.h5")
        #expect(graph.layers.map(\.name) == ["x", "a", "b", "sum"] && graph.outputShape == [2])
    }

    @Test func snakeCaseIsKerass() {
        #expect(KerasFormat.snakeCase("Conv2D") == "conv2d")
        #expect(KerasFormat.snakeCase("SimpleRNN") == "simple_rnn")
        #expect(KerasFormat.snakeCase("MaxPooling2D") == "max_pooling2d")
        #expect(KerasFormat.snakeCase("GlobalMaxPooling1D") == "global_max_pooling1d")
        #expect(KerasFormat.snakeCase("BatchNormalization") == "batch_normalization")
        #expect(KerasFormat.snakeCase("InputLayer") == "input_layer")
    }
}
