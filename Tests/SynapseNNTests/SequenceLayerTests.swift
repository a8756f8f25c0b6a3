// Embedding, TimeDistributed and Masking: the shared layer checks, their Keras defaults and
// configurations, masks through Sequential, token ids checked before they run, and a model that
// learns from padded token sequences.

import Foundation
import Testing
@testable import SynapseNN

@Suite struct SequenceLayerTests {
    static func expectThrows(_ text: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        HardeningTests.expectThrows(text, sourceLocation: sourceLocation, body)
    }

    /// Token ids [rows, steps] in 1 ..< vocabulary, as Float.
    static func tokens(_ rows: Int, _ steps: Int, vocabulary: Int, seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor(shape: [rows, steps], scalars: (0..<(rows * steps)).map { _ in
            Float(1 + Int(generator.nextUniform() * Float(vocabulary - 1)) % (vocabulary - 1))
        })
    }

    // MARK: Embedding

    @Test func embeddingFollowsTheSharedChecks() throws {
        // Inputs are not ids here (the shared input is fractional): the shapes, the parameter
        // count and the config round trip are checked; the gradient is checked below.
        try runLayerTest(Embedding(10, 4), inputShape: [5], expectedOutputShape: [5, 4], expectedParameters: 40,
                         gradientCheck: false)
        try runLayerTest(Embedding(inputDim: 7, outputDim: 3, embeddingsRegularizer: .l2(0.01), maskZero: true, seed: 3),
                         inputShape: [2, 3], expectedOutputShape: [2, 3, 3], expectedParameters: 21, gradientCheck: false)
    }

    @Test func embeddingGradientReachesTheTable() throws {
        let layer = Embedding(6, 3)
        try layer.build(inputShape: [4])
        let ids = Tensor(shape: [2, 4], scalars: [1, 5, 1, 0, 2, 2, 5, 3])
        let table = layer.embeddings!
        let saved = table.value
        defer { table.value = saved }
        let result = gradientCheck(at: [saved.detached()]) { inputs in
            table.value = inputs[0]
            return layer.call(ids, training: true)
        }
        #expect(result.passed, "\(result)")
    }

    @Test func embeddingHasKerasDefaultsNamesAndMath() throws {
        let layer = Embedding(10, 4)
        #expect(layer.name.hasPrefix("embedding"))
        #expect(layer.embeddingsInitializer == .uniform && !layer.maskZero)
        try layer.build(inputShape: [5])
        let table = try #require(layer.embeddings)
        #expect(table.name == "\(layer.name)/embeddings" && table.value.shape == [10, 4])
        // Keras's "uniform": RandomUniform(−0.05, 0.05).
        #expect(table.value.scalars.allSatisfy { Swift.abs($0) <= 0.05 })
        #expect(table.value.scalars.contains { $0 != 0 })
        try table.assign(Tensor(shape: [10, 4], scalars: (0..<40).map(Float.init)))
        let y = layer(Tensor(shape: [1, 3], scalars: [2, 0, 9]))
        #expect(y.shape == [1, 3, 4])
        #expect(y.scalars == [8, 9, 10, 11, 0, 1, 2, 3, 36, 37, 38, 39])
        #expect(layer.computeMask(Tensor(shape: [1, 3], scalars: [2, 0, 9]), previous: nil) == nil)
    }

    @Test func embeddingConfigIsKeras() throws {
        let layer = Embedding(inputDim: 10, outputDim: 4, maskZero: true, name: "words")
        let config = layer.config
        #expect(config["input_dim"] == 10 && config["output_dim"] == 4 && config["mask_zero"] == true)
        #expect(config["embeddings_initializer"] == "uniform")
        // Keras 3's own form, with the deprecated input_length.
        let keras = try LayerRegistry.layer(from: ["class_name": "Embedding", "config": [
            "name": "e", "input_dim": 20, "output_dim": 8, "mask_zero": true, "input_length": 5,
            "embeddings_initializer": "uniform", "embeddings_regularizer": .null]]) as! Embedding
        #expect(keras.inputDim == 20 && keras.outputDim == 8 && keras.maskZero && keras.name == "e")
    }

    @Test func embeddingWithMaskZeroMarksThePaddedSteps() throws {
        let layer = Embedding(10, 2, maskZero: true)
        let ids = Tensor(shape: [2, 3], scalars: [0, 4, 5, 7, 0, 0])
        _ = layer(ids)
        #expect(layer.computeMask(ids, previous: nil)?.scalars == [0, 1, 1, 1, 0, 0])
    }

    @Test func summaryCountsTheTable() throws {
        let model = Sequential { Input(shape: [5]); Embedding(1000, 64, name: "words"); GlobalAveragePooling1D() }
        let text = model.summary(print: false)
        #expect(text.contains("words (Embedding)") && text.contains("(None, 5, 64)") && text.contains("64,000"))
    }

    // MARK: Ids checked before they run

    static func tokenModel() throws -> Sequential {
        let model = Sequential(seed: 1) { Input(shape: [5]); Embedding(10, 4, name: "tokens"); SimpleRNN(3); Dense(1, activation: .sigmoid) }
        try model.compile(optimizer: "adam", loss: "binary_crossentropy")
        return model
    }

    static func ids(_ changes: [(row: Int, step: Int, value: Float)]) -> Tensor {
        var values = [Float](repeating: 1, count: 20)
        for c in changes { values[c.row * 5 + c.step] = c.value }
        return Tensor(shape: [4, 5], scalars: values)
    }

    @Test func idsOutsideTheVocabularyThrowNamingTheLayerRowAndStep() throws {
        let model = try Self.tokenModel()
        let y = Tensor.zeros([4, 1])
        Self.expectThrows("Layer 'tokens': token 12 at row 3, step 4 is outside 0..<10") {
            try model.fit(x: Self.ids([(3, 4, 12)]), y: y, verbose: 0)
        }
        Self.expectThrows("Layer 'tokens': token -1 at row 0, step 1 is outside 0..<10") {
            _ = try model.predict(Self.ids([(0, 1, -1)]))
        }
        Self.expectThrows("token 10 at row 2, step 0 is outside 0..<10") { _ = try model.evaluate(x: Self.ids([(2, 0, 10)]), y: y) }
        Self.expectThrows("token inf at row 1, step 1 is outside") { _ = try model.predict(Self.ids([(1, 1, .infinity)])) }
    }

    @Test func fractionalAndNaNIdsThrow() throws {
        let model = try Self.tokenModel()
        Self.expectThrows("Layer 'tokens': token 2.5 at row 1, step 0 is not a whole number; token ids are whole numbers in 0..<10") {
            try model.fit(x: Self.ids([(1, 0, 2.5)]), y: Tensor.zeros([4, 1]), verbose: 0)
        }
        Self.expectThrows("Layer 'tokens': token nan at row 0, step 2 is not a number") {
            _ = try model.predict(Self.ids([(0, 2, .nan)]))
        }
    }

    struct TokenBatches: BatchSequence {
        let batches: [Tensor]
        var count: Int { batches.count }
        func batch(at index: Int) -> (x: Tensor, y: Tensor) { (batches[index], Tensor.zeros([batches[index].shape[0], 1])) }
    }

    @Test func validationDataAndBatchSequencesAreCheckedToo() throws {
        let model = try Self.tokenModel()
        let good = Self.ids([]), y = Tensor.zeros([4, 1])
        Self.expectThrows("Layer 'tokens': the validation data: token 11 at row 0, step 1") {
            try model.fit(x: good, y: y, validationData: (Self.ids([(0, 1, 11)]), y), verbose: 0)
        }
        // validationSplit: rows are numbered in x, before the split.
        Self.expectThrows("token 11 at row 3, step 2") {
            try model.fit(x: Self.ids([(3, 2, 11)]), y: y, validationSplit: 0.25, verbose: 0)
        }
        Self.expectThrows("Layer 'tokens': batch 1 of the batch sequence: token 0.5 at row 2, step 3") {
            try model.fit(TokenBatches(batches: [good, Self.ids([(2, 3, 0.5)])]), verbose: 0)
        }
        Self.expectThrows("Layer 'tokens': batch 0 of the evaluation data: token 99 at row 0, step 0") {
            _ = try model.evaluate(TokenBatches(batches: [Self.ids([(0, 0, 99)])]))
        }
        try model.fit(x: good, y: y, validationData: (good, y), verbose: 0)
    }

    @Test func embeddingConfigsThatCannotWorkThrow() throws {
        Self.expectThrows("Layer 'e': 'input_dim' must be a whole number in 1...16777216") {
            try HardeningTests.layer("Embedding", ["name": "e", "input_dim": 0, "output_dim": 4])
        }
        Self.expectThrows("'input_dim' must be a whole number in 1...16777216 (ids are stored as Float, exact up to 2^24); got 33554432") {
            try HardeningTests.layer("Embedding", ["name": "e", "input_dim": 33_554_432, "output_dim": 4])
        }
        Self.expectThrows("Layer 'e': 'output_dim' must be a positive integer; got 0") {
            try HardeningTests.layer("Embedding", ["name": "e", "input_dim": 5, "output_dim": 0])
        }
        Self.expectThrows("needs 'input_dim' as an integer") { try HardeningTests.layer("Embedding", ["output_dim": 4]) }
        Self.expectThrows("needs 'output_dim' as an integer") { try HardeningTests.layer("Embedding", ["input_dim": 4, "output_dim": 2.5]) }
        Self.expectThrows("Layer 'e': unknown embeddings_initializer 'normalish'") {
            try HardeningTests.layer("Embedding", ["name": "e", "input_dim": 5, "output_dim": 2, "embeddings_initializer": "normalish"])
        }
        Self.expectThrows("Layer 'huge': weight 'huge/embeddings' of shape [16777216, 64] would hold more than 2^28 values") {
            try Sequential([Embedding(inputDim: 1 << 24, outputDim: 64, name: "huge")]).build(inputShape: [3])
        }
    }

    // MARK: TimeDistributed

    @Test func timeDistributedFollowsTheSharedChecks() throws {
        try runLayerTest(TimeDistributed(Dense(3, activation: .tanh)), inputShape: [5, 4], expectedOutputShape: [5, 3],
                         expectedParameters: 15)
        try runLayerTest(TimeDistributed(Conv2D(filters: 2, kernelSize: (3, 3))), inputShape: [2, 5, 5, 1],
                         expectedOutputShape: [2, 3, 3, 2], expectedParameters: 20)
        try runLayerTest(TimeDistributed(Flatten()), inputShape: [3, 2, 2], expectedOutputShape: [3, 4], expectedParameters: 0)
    }

    @Test func timeDistributedAppliesTheLayerToEveryStepWithItsWeights() throws {
        let dense = Dense(2, name: "per_step")
        let layer = TimeDistributed(dense)
        #expect(layer.name.hasPrefix("time_distributed"))
        let x = testInput([3, 4, 5], seed: 9)
        let y = layer(x)
        #expect(y.shape == [3, 4, 2])
        #expect(layer.weights.map(\.name) == ["per_step/kernel", "per_step/bias"])
        #expect(dense.inputShape == [5])
        // Step t of row b is the Dense layer on x[b, t].
        let step = dense(x[1].slice(2..<3))
        #expect(y[1].slice(2..<3).isApproximatelyEqual(to: step, tolerance: 1e-6))
        // Freezing the wrapper freezes the layer it wraps, as in Keras.
        layer.trainable = false
        #expect(!dense.trainable && layer.trainableWeights.isEmpty)
    }

    @Test func timeDistributedConfigRebuildsTheWrappedLayer() throws {
        let keras: JSONValue = ["class_name": "TimeDistributed", "config": [
            "name": "td", "trainable": true,
            "layer": ["module": "keras.layers", "class_name": "Dense", "registered_name": .null,
                      "config": ["name": "inner", "units": 3, "activation": "tanh"]]]]
        let layer = try LayerRegistry.layer(from: keras) as! TimeDistributed
        let dense = try #require(layer.layer as? Dense)
        #expect(layer.name == "td" && dense.name == "inner" && dense.units == 3 && dense.activation == .tanh)
        #expect(try layer.outputShape(forInputShape: [7, 4]) == [7, 3])
    }

    @Test func timeDistributedErrorsNameTheLayer() throws {
        let layer = TimeDistributed(Dense(3), name: "td")
        Self.expectThrows("Layer 'td': TimeDistributed needs sequences (steps, ...) with at least one axis per step; got shape (None, 4)") {
            _ = try layer.outputShape(forInputShape: [4])
        }
        Self.expectThrows("Layer 'td'") { try Sequential([Input(shape: [4]), layer]).build(inputShape: [4]) }
        Self.expectThrows("Layer 'td': the configuration needs 'layer'") { try HardeningTests.layer("TimeDistributed", ["name": "td"]) }
        Self.expectThrows("Layer 'td': cannot rebuild the wrapped layer: Invalid argument: unknown layer class 'Nope'") {
            try HardeningTests.layer("TimeDistributed", ["name": "td", "layer": ["class_name": "Nope", "config": [:]]])
        }
        Self.expectThrows("Layer 'td': cannot rebuild the wrapped layer: Layer 'd': 'units' must be a positive integer; got 0") {
            try HardeningTests.layer("TimeDistributed", ["name": "td", "layer": ["class_name": "Dense", "config": ["name": "d", "units": 0]]])
        }
        // A wrapped layer built for another step shape says so, by its own name.
        let built = Dense(3, name: "four_features")
        try built.build(inputShape: [4])
        Self.expectThrows("Layer 'four_features': expected inputs with 4 features") {
            try Sequential([TimeDistributed(built)]).build(inputShape: [2, 5])
        }
    }

    // MARK: Masking

    @Test func maskingFollowsTheSharedChecks() throws {
        try runLayerTest(Masking(), inputShape: [5, 4], expectedOutputShape: [5, 4], expectedParameters: 0)
        try runLayerTest(Masking(maskValue: -1), inputShape: [3, 2], expectedOutputShape: [3, 2], expectedParameters: 0)
    }

    @Test func maskingZeroesAndMarksStepsWhoseFeaturesAllEqualTheMaskValue() throws {
        let layer = Masking(maskValue: -1)
        let x = Tensor(shape: [1, 3, 2], scalars: [-1, -1, -1, 4, 2, 3])
        #expect(layer(x).scalars == [0, 0, -1, 4, 2, 3])
        #expect(layer.computeMask(x, previous: nil)?.scalars == [0, 1, 1])
        #expect(layer.computeMask(x, previous: nil)?.shape == [1, 3])
        let config = try LayerRegistry.layer(from: ["class_name": "Masking", "config": ["name": "m", "mask_value": 0.5]]) as! Masking
        #expect(config.maskValue == 0.5 && config.name == "m")
        Self.expectThrows("needs 'mask_value' as a number") { try HardeningTests.layer("Masking", ["mask_value": "zero"]) }
        Self.expectThrows("Layer 'm': Masking needs samples with a last axis of features") {
            _ = try Masking(name: "m").outputShape(forInputShape: [])
        }
    }

    // MARK: Masks through Sequential

    /// Embedding(maskZero) → TimeDistributed(Dense) → LSTM: the mask passes the per-step layer
    /// (its output keeps [batch, steps]) and the LSTM skips the padded steps, as if called with it.
    @Test func theMaskPassesThroughTimeDistributed() throws {
        let embedding = Embedding(10, 4, maskZero: true), perStep = TimeDistributed(Dense(5, activation: .tanh))
        let lstm = LSTM(6)
        let model = Sequential(seed: 2) { Input(shape: [5]); embedding; perStep; lstm }
        try model.build(inputShape: [5])
        let ids = Tensor(shape: [2, 5], scalars: [0, 0, 3, 7, 1, 5, 2, 9, 0, 0])
        let expected = lstm.callWithStates(perStep(embedding(ids)), mask: ids .!= 0).output
        #expect(try model.predict(ids) == expected)
        let unmasked = lstm(perStep(embedding(ids)))
        #expect(expected != unmasked)
    }

    @Test func aTokenModelSavesAndLoads() throws {
        let model = Sequential(seed: 4) {
            Input(shape: [6])
            Embedding(12, 5, maskZero: true)
            Masking()
            GRU(4, returnSequences: true)
            TimeDistributed(Dense(2))
        }
        try model.compile(optimizer: "adam", loss: "mse")
        let x = Self.tokens(3, 6, vocabulary: 12, seed: 8)
        let path = CallbackTests.temporaryPath("tokens.safetensors")
        try model.save(to: path)
        let again = try Sequential.load(from: path)
        #expect(again.layers.map { String(describing: type(of: $0)) } == ["Input", "Embedding", "Masking", "GRU", "TimeDistributed"])
        #expect(try again.predict(x) == model.predict(x))
    }

    // MARK: Learning

    /// Padded token sequences (zeros after a random length) labelled by whether token 5 occurs:
    /// Embedding(maskZero) → LSTM → Dense(sigmoid) learns it.
    @Test func anEmbeddingLSTMModelLearnsFromPaddedSequences() throws {
        let (rows, steps) = (96, 6)
        var generator = SeededGenerator(seed: 11)
        var ids = [Float](), labels = [Float]()
        for _ in 0..<rows {
            let length = 2 + Int(generator.nextUniform() * 5) % 5
            let row = (0..<steps).map { t in t < length ? Float(1 + Int(generator.nextUniform() * 5) % 5) : 0 }
            ids += row
            labels.append(row.contains(5) ? 1 : 0)
        }
        let x = Tensor(shape: [rows, steps], scalars: ids), y = Tensor(shape: [rows, 1], scalars: labels)
        let model = Sequential(seed: 3) {
            Input(shape: [steps])
            Embedding(6, 8, maskZero: true)
            LSTM(8)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(optimizer: Adam(learningRate: 0.03), loss: "binary_crossentropy", metrics: ["accuracy"])
        let before = try model.evaluate(x: x, y: y)
        try model.fit(x: x, y: y, epochs: 40, batchSize: 32, verbose: 0)
        let after = try model.evaluate(x: x, y: y)
        #expect(after["loss"]! < before["loss"]! / 4, "\(before) → \(after)")
        #expect(after["accuracy"]! >= 0.95, "\(after)")
    }
}
