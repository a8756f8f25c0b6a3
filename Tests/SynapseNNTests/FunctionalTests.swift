import Foundation
import Testing
@testable import SynapseNN

/// The functional API: symbolic inputs, layers called on them, Model(inputs:outputs:), shared
/// layers, merge layers; against Keras's numbers (Fixtures/keras_functional.json, written by
/// scripts/fixtures/make_keras_functional_fixtures.py).
@Suite struct FunctionalTests {
    /// The fixture's model: two inputs, a Dense shared by two calls, a skip connection (Add),
    /// a Concatenate, and two outputs; weights from the fixture's formula.
    static func twoInputModel() throws -> Model {
        let a = Input(shape: [4], name: "a"), b = Input(shape: [3], name: "b")
        let ha = Dense(5, activation: .tanh, name: "dense_a")(a)
        let hb = Dense(5, activation: .tanh, name: "dense_b")(b)
        let s = Add(name: "add")([ha, hb])
        let shared = Dense(5, activation: .tanh, name: "shared")
        let t = shared(shared(s))
        let skip = Add(name: "skip")([s, t])
        let cat = Concatenate(name: "concat")([skip, ha])
        let reg = Dense(1, name: "reg")(cat)
        let cls = Dense(3, activation: .softmax, name: "cls")(skip)
        let model = try Model(inputs: [a, b], outputs: [reg, cls], name: "two_in_two_out")
        let fixture = try KerasFixture.json("keras_functional")["model"] as! [String: Any]
        let specs = fixture["initialWeights"] as! [[String: Any]]
        #expect(model.weights.map(\.name) == specs.map { $0["name"] as! String })
        try model.setWeights(specs.map { KerasFixture.tensor($0) })
        return model
    }

    static func data() throws -> (x: [Tensor], y: [Tensor]) {
        let fixture = try KerasFixture.json("keras_functional")["model"] as! [String: Any]
        let inputs = (fixture["inputs"] as! [Any]).map { KerasFixture.tensor($0) }
        let targets = fixture["targets"] as! [String: Any]
        let cls = Tensor(shape: [6, 1], scalars: (0..<6).map { Float($0 % 3) })
        return (inputs, [KerasFixture.tensor(targets["reg"]), cls])
    }

    @Test func mergeLayersMatchKeras() throws {
        let cases = try KerasFixture.json("keras_functional")["merges"] as! [[String: Any]]
        #expect(cases.count == 9)
        for c in cases {
            let config = try JSONValue.parse(String(data: JSONSerialization.data(withJSONObject: c["config"]!), encoding: .utf8)!)
            let layer = try #require(LayerRegistry.layer(from: ["class_name": .string(c["layer"] as! String), "config": config]) as? MergeLayer)
            let inputs = (c["inputs"] as! [Any]).map { KerasFixture.tensor($0) }
            let expected = KerasFixture.stored(c["output"])
            let y = layer.merge(inputs)
            #expect(y.shape == expected.shape, "\(c["name"]!)")
            expectKerasClose(y.scalars, expected.values, tolerance: 1e-6, "merge \(c["name"]!)")
            #expect(try layer.outputShape(forInputShapes: [[5], [5]]) == Array(expected.shape.dropFirst()))
            let check = gradientCheck(at: inputs) { layer.merge($0) }
            #expect(check.passed, "\(c["name"]!): \(check)")
        }
    }

    @Test func mergeLayersRefuseShapesThatDoNotFit() {
        #expect(throws: SynapseError.self) { try Add().outputShape(forInputShapes: [[5], [4]]) }
        #expect(throws: SynapseError.self) { try Subtract().outputShape(forInputShapes: [[5], [5], [5]]) }
        #expect(throws: SynapseError.self) { try Concatenate().outputShape(forInputShapes: [[2, 5], [3, 4]]) }
        #expect((try? Concatenate(axis: 1).outputShape(forInputShapes: [[2, 5], [3, 5]])) == [5, 5])
    }

    @Test func twoInputModelPredictsAndTrainsOneStepAsKeras() throws {
        let model = try FunctionalTests.twoInputModel()
        let fixture = try KerasFixture.json("keras_functional")["model"] as! [String: Any]
        let (x, y) = try FunctionalTests.data()
        let predictions = try model.predict(x)
        let expected = fixture["predictions"] as! [String: Any]
        expectKerasClose(predictions[0].scalars, KerasFixture.stored(expected["reg"]).values, tolerance: 1e-5, "reg predictions")
        expectKerasClose(predictions[1].scalars, KerasFixture.stored(expected["cls"]).values, tolerance: 1e-5, "cls predictions")

        try model.compile(optimizer: Adam(learningRate: 0.01), loss: ["reg": "mse", "cls": "sparse_categorical_crossentropy"],
                          lossWeights: ["reg": 1, "cls": 0.5])
        let history = try model.fit(x: ["a": x[0], "b": x[1]], y: ["reg": y[0], "cls": y[1]], batchSize: 6, shuffle: false, verbose: 0)
        let logs = fixture["stepLogs"] as! [String: Any]
        for key in ["loss", "reg_loss", "cls_loss"] {
            #expect(kerasError(history.history[key]![0], kerasDouble(logs[key])) < 1e-5, "\(key): \(history.history[key]![0]) vs Keras \(logs[key]!)")
        }
        let after = fixture["updatedWeights"] as! [[String: Any]]
        var worst = 0.0
        for (weight, stored) in zip(model.weights, after) {
            worst = Swift.max(worst, expectKerasClose(weight.value.scalars, KerasFixture.stored(stored).values, tolerance: 1e-5, weight.name))
        }
        print("Keras functional parity: largest weight error after one Adam step \(worst)")
    }

    @Test func historyKeysAreKerassForTwoOutputs() throws {
        let model = try FunctionalTests.twoInputModel()
        let (x, y) = try FunctionalTests.data()
        try model.compile(optimizer: "adam", loss: ["reg": "mse", "cls": "sparse_categorical_crossentropy"],
                          metrics: ["reg": ["mae"], "cls": ["accuracy"]])
        let history = try model.fit(x: x, y: y, validationData: (x, y), verbose: 0)
        let keras = (try KerasFixture.json("keras_functional")["model"] as! [String: Any])["historyKeys"] as! [String]
        #expect(Set(history.history.keys).subtracting(["learning_rate"]) == Set(keras))
        // validationSplit holds out the last rows of every input and target (Keras's rule).
        let split = try FunctionalTests.twoInputModel()
        try split.compile(optimizer: "adam", loss: ["reg": "mse", "cls": "sparse_categorical_crossentropy"])
        let splitHistory = try split.fit(x: x, y: y, validationSplit: 0.5, shuffle: false, verbose: 0)
        let heldOut = try FunctionalTests.twoInputModel()
        try heldOut.compile(optimizer: "adam", loss: ["reg": "mse", "cls": "sparse_categorical_crossentropy"])
        let explicit = try heldOut.fit(x: x.map { $0.slice(0..<3) }, y: y.map { $0.slice(0..<3) },
                                       validationData: (x.map { $0.slice(3..<6) }, y.map { $0.slice(3..<6) }), shuffle: false, verbose: 0)
        #expect(splitHistory.history["val_loss"] == explicit.history["val_loss"])
        let evaluated = try model.evaluate(x: x, y: y)
        #expect(Swift.abs(evaluated["loss"]! - history.history["val_loss"]![0]) < 1e-6)
        #expect(Swift.abs(evaluated["loss"]! - evaluated["reg_loss"]! - evaluated["cls_loss"]!) < 1e-5)
    }

    @Test func aSharedLayerGetsOneGradientFromBothUses() throws {
        let input = Input(shape: [3])
        let shared = Dense(3, activation: .tanh)
        let model = try Model(inputs: input, outputs: shared(shared(input)))
        #expect(model.layers.count == 2 && model.weights.count == 2)
        let x = testInput([4, 3], seed: 5)
        let weights = shared.weights
        let saved = weights.map(\.value)
        defer { for (w, v) in zip(weights, saved) { w.value = v } }
        // The kernel's gradient is the sum over both calls: finite differences see both at once.
        let check = gradientCheck(at: saved.map { $0.detached() }, mode: .relative) { values in
            for (w, v) in zip(weights, values) { w.value = v }
            return model(x)
        }
        #expect(check.passed, "\(check)")
    }

    @Test func aSkipConnectionModelLearns() throws {
        let input = Input(shape: [2])
        let h = Dense(8, activation: .tanh)(input)
        let skip = Concatenate()([h, input])
        let model = try Model(inputs: input, outputs: Dense(1, activation: .sigmoid)(skip), seed: 1)
        try model.compile(optimizer: Adam(learningRate: 0.05), loss: "binary_crossentropy", metrics: ["accuracy"])
        let x = Tensor(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1])
        let y = Tensor(shape: [4, 1], scalars: [0, 1, 1, 0])
        let history = try model.fit(x: x, y: y, epochs: 300, batchSize: 4, verbose: 0)
        #expect(history.history["accuracy"]!.last! == 1)
    }

    @Test func savedFunctionalModelLoadsAndPredictsTheSame() throws {
        let model = try FunctionalTests.twoInputModel()
        let (x, y) = try FunctionalTests.data()
        try model.compile(optimizer: Adam(learningRate: 0.01), loss: ["reg": "mse", "cls": "sparse_categorical_crossentropy"],
                          lossWeights: ["reg": 1, "cls": 0.5], metrics: ["cls": ["accuracy"]])
        try model.fit(x: x, y: y, epochs: 2, batchSize: 3, verbose: 0)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("functional-\(UUID()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try Model.load(from: path)
        #expect(loaded.inputNames == ["a", "b"] && loaded.outputNames == ["reg", "cls"])
        #expect(loaded.lossWeights == [1, 0.5] && loaded.outputMetrics[1].map(\.name) == ["accuracy"])
        for (p, q) in zip(try model.predict(x), try loaded.predict(x)) { #expect(p.scalars == q.scalars) }
        // The optimizer state came along: one more step moves both models alike.
        try model.fit(x: x, y: y, batchSize: 6, shuffle: false, verbose: 0)
        try loaded.fit(x: x, y: y, batchSize: 6, shuffle: false, verbose: 0)
        for (p, q) in zip(model.weights, loaded.weights) { #expect(p.value.scalars == q.value.scalars) }
        #expect(throws: SynapseError.self) { try Sequential.load(from: path) }
    }

    @Test func summaryShowsConnectedToAsKeras() throws {
        let text = try FunctionalTests.twoInputModel().summary(print: false)
        #expect(text == """
        Model: "two_in_two_out"
        ┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓
        ┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃
        ┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩
        │ a (InputLayer)      │ (None, 4)         │          0 │ -                 │
        ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
        │ b (InputLayer)      │ (None, 3)         │          0 │ -                 │
        ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
        │ dense_a (Dense)     │ (None, 5)         │         25 │ a[0][0]           │
        ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
        │ dense_b (Dense)     │ (None, 5)         │         20 │ b[0][0]           │
        ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
        │ add (Add)           │ (None, 5)         │          0 │ dense_a[0][0],    │
        │                     │                   │            │ dense_b[0][0]     │
        ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
        │ shared (Dense)      │ (None, 5)         │         30 │ add[0][0],        │
        │                     │                   │            │ shared[0][0]      │
        ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
        │ skip (Add)          │ (None, 5)         │          0 │ add[0][0],        │
        │                     │                   │            │ shared[1][0]      │
        ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
        │ concat              │ (None, 10)        │          0 │ skip[0][0],       │
        │ (Concatenate)       │                   │            │ dense_a[0][0]     │
        ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
        │ reg (Dense)         │ (None, 1)         │         11 │ concat[0][0]      │
        ├─────────────────────┼───────────────────┼────────────┼───────────────────┤
        │ cls (Dense)         │ (None, 3)         │         18 │ skip[0][0]        │
        └─────────────────────┴───────────────────┴────────────┴───────────────────┘
         Total params: 104 (416.00 B)
         Trainable params: 104 (416.00 B)
         Non-trainable params: 0 (0.00 B)
        """)
    }

    @Test func masksTravelAlongTheGraphAsAlongAStack() throws {
        let tokens = Tensor(shape: [2, 5], scalars: [3, 1, 4, 0, 0, 2, 7, 0, 0, 0])
        let stack = Sequential(seed: 8) { Input(shape: [5]); Embedding(10, 3, maskZero: true); LSTM(4); Dense(1) }
        _ = stack(tokens)
        let input = Input(shape: [5])
        let embedded = Embedding(10, 3, maskZero: true)(input)
        let graph = try Model(inputs: input, outputs: Dense(1)(LSTM(4)(embedded)))
        try graph.setWeights(stack.getWeights())
        #expect(graph(tokens).scalars == stack(tokens).scalars)
        // Without the mask the padded steps count, and the outputs differ.
        let plainInput = Input(shape: [5])
        let plain = try Model(inputs: plainInput, outputs: Dense(1)(LSTM(4)(Embedding(10, 3)(plainInput))))
        try plain.setWeights(stack.getWeights())
        #expect(plain(tokens).scalars != graph(tokens).scalars)
    }

    @Test func graphMistakesAreSentences() throws {
        let a = Input(shape: [2], name: "in_a"), b = Input(shape: [2], name: "in_b")
        let out = Add()([a, b])
        do {
            _ = try Model(inputs: [a], outputs: [out])
            Issue.record("no error")
        } catch let error as SynapseError {
            #expect("\(error)".contains("in_b") && "\(error)".contains("not among the model's inputs"))
        }
        let model = try Model(inputs: [a, b], outputs: [out])
        #expect(throws: SynapseError.self) { try model.compile(optimizer: "adam", loss: ["nope": "mse"]) }
        #expect(throws: SynapseError.self) { try Dense(2).symbolicCall(Input(shape: [0])) }
        try model.compile(optimizer: "adam", loss: "mse")
        #expect(throws: SynapseError.self) { try model.fit(x: [Tensor(shape: [3, 2], repeating: 0)], y: [Tensor(shape: [3, 2], repeating: 0)], verbose: 0) }
    }
}
