// Bad model files, configs, labels and callback failures end in a thrown SynapseError, never a
// crash; and the Keras semantics of validationSplit, seeds and activation defaults.

import Foundation
import Testing
@testable import SynapseNN

@Suite struct HardeningTests {
    static func savedModel(optimizer: Optimizer = Adam(learningRate: 0.01)) throws -> (path: String, model: Sequential) {
        let (model, x, y) = try SavingTests.trained(seed: 5)
        try model.compile(optimizer: optimizer, loss: "binary_crossentropy", metrics: ["accuracy"])
        try model.fit(x: x, y: y, epochs: 1, batchSize: 10, verbose: 0)
        let path = CallbackTests.temporaryPath("hardening.safetensors")
        try model.save(to: path)
        return (path, model)
    }

    static func expectThrows(_ text: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("did not throw (expected an error containing '\(text)')", sourceLocation: sourceLocation)
        } catch {
            #expect("\(error)".contains(text), "\(error)", sourceLocation: sourceLocation)
        }
    }

    // MARK: 1, 22 — optimizer state in model files

    @Test func optimizerSlotsOfTheWrongSizeAreRejected() throws {
        let (path, model) = try Self.savedModel()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var (tensors, metadata) = try Safetensors.read(from: path)
        let kernel = model.layers[1].name + "/kernel"
        #expect(tensors["optimizer/\(kernel)/m"] != nil)
        var small = tensors
        small["optimizer/\(kernel)/m"] = Tensor.zeros([1])
        small["optimizer/\(kernel)/v"] = Tensor.zeros([1])
        SavingTests.expectRejected(Array(try Safetensors.encode(small, metadata: metadata)), "optimizer state 'optimizer/\(kernel)/m' has shape [1]")
        var stray = tensors
        stray["optimizer/nowhere/kernel/m"] = Tensor.zeros([15])
        SavingTests.expectRejected(Array(try Safetensors.encode(stray, metadata: metadata)), "for no weight of the model")
        for bad in ["-1", "1e15", "99999999999999999999", "9007199254740993"] {
            metadata["optimizer_iterations"] = bad
            SavingTests.expectRejected(Array(try Safetensors.encode(tensors, metadata: metadata)), "optimizer_iterations '\(bad)'")
        }
    }

    @Test func aHugeNadamStepCountLoadsQuicklyAndResumesExactly() throws {
        let (path, model) = try Self.savedModel(optimizer: Nadam(learningRate: 0.01))
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The restored running product matches the one built step by step.
        let loaded = try Sequential.load(from: path)
        let x = Tensor(shape: [20, 3], scalars: (0..<60).map { sin(Float($0)) })
        let y = Tensor(shape: [20, 1], scalars: (0..<20).map { Float($0 % 2) })
        let a = try model.evaluate(x: x, y: y)["loss"]!
        let b = try loaded.evaluate(x: x, y: y)["loss"]!
        #expect(a == b)
        let g = [Tensor.ones([3, 5]), Tensor.ones([5]), Tensor.ones([5, 1]), Tensor.ones([1])]
        model.optimizer!.apply(g, to: model.trainableWeights)
        loaded.optimizer!.apply(g, to: loaded.trainableWeights)
        #expect(model.getWeights() == loaded.getWeights())

        var (tensors, metadata) = try Safetensors.read(from: path)
        metadata["optimizer_iterations"] = String(Optimizer.maxIterations)
        tensors["\(model.layers[1].name)/kernel"] = model.layers[1].weights[0].value
        try Safetensors.write(tensors, metadata: metadata, to: path)
        let start = Date()
        let huge = try Sequential.load(from: path)
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(huge.optimizer?.iterations == Optimizer.maxIterations)
    }

    // MARK: 2, 3 — labels

    static func softmaxModel() throws -> Sequential {
        let model = Sequential(seed: 3) { Input(shape: [2]); Dense(3, activation: .softmax, name: "probabilities") }
        try model.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        return model
    }

    struct Batches: BatchSequence {
        let ys: [[Float]]
        var count: Int { ys.count }
        func batch(at index: Int) -> (x: Tensor, y: Tensor) {
            (Tensor.zeros([ys[index].count, 2]), Tensor(shape: [ys[index].count], scalars: ys[index]))
        }
    }



    // MARK: 4, 5, 6 — configurations

    @discardableResult static func layer(_ className: String, _ config: JSONValue) throws -> Layer {
        try LayerRegistry.layer(from: ["class_name": .string(className), "config": config])
    }

    @Test func outOfRangeIntegersAndSeedsInConfigsThrow() throws {
        #expect(JSONValue.number(1e300).intValue == nil)
        #expect(JSONValue.number(-1e19).intValue == nil)
        #expect(JSONValue.number(2.5).intValue == nil)
        #expect(JSONValue.number(7).intValue == 7)
        #expect(throws: SynapseError.self) { try Self.layer("Dense", ["units": 1e300]) }
        Self.expectThrows("'seed' as a whole number in 0 ..< 2^64") { try Self.layer("Dense", ["units": 2, "seed": -1]) }
        Self.expectThrows("'seed'") { try Self.layer("Dense", ["units": 2, "seed": 1.8446744073709552e19]) }
        Self.expectThrows("'seed'") { try Self.layer("Dropout", ["rate": 0.5, "seed": "12x"]) }

        // The same values in a model file's model_config.
        let (path, _) = try Self.savedModel()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (tensors, metadata) = try Safetensors.read(from: path)
        for (from, to) in [(#""units":5"#, #""units":1e300"#), (#""seed":"5""#, #""seed":-1"#), (#""seed":"5""#, #""seed":1e300"#)] {
            var bad = metadata
            bad["model_config"] = metadata["model_config"]!.replacingOccurrences(of: from, with: to)
            #expect(bad["model_config"] != metadata["model_config"])
            SavingTests.expectRejected(Array(try Safetensors.encode(tensors, metadata: bad)), "cannot be rebuilt")
        }
    }

    static func schedule(_ name: String, _ config: JSONValue) throws -> LearningRateSchedule {
        try makeSchedule(config: ["class_name": .string(name), "config": config])
    }

    @Test func layerAndScheduleConfigsThatWouldTrapThrow() throws {
        Self.expectThrows("needs 'rate'") { try Self.layer("Dropout", ["name": "d"]) }
        Self.expectThrows("Layer 'd': 'rate' must be a number in [0, 1); got 1") { try Self.layer("Dropout", ["name": "d", "rate": 1]) }
        Self.expectThrows("Layer 'out': 'units' must be a positive integer; got 0") { try Self.layer("Dense", ["name": "out", "units": 0]) }
        Self.expectThrows("Layer 'r': 'target_shape' [0]") { try Self.layer("Reshape", ["name": "r", "target_shape": [0]]) }
        Self.expectThrows("Layer 'r': 'target_shape' [-1, -1]") { try Self.layer("Reshape", ["name": "r", "target_shape": [-1, -1]]) }
        Self.expectThrows("Layer 'b': bias_initializer 'orthogonal'") {
            try Self.layer("Dense", ["name": "b", "units": 2, "bias_initializer": "orthogonal"])
        }
        Self.expectThrows("Layer 'b2': bias_initializer 'orthogonal'") {
            try Sequential([Dense(units: 2, biasInitializer: .orthogonal, name: "b2")]).build(inputShape: [3])
        }
        _ = try Self.layer("Dense", ["units": 2, "bias_initializer": "orthogonal", "use_bias": false])

        Self.expectThrows("ExponentialDecay: 'decay_steps' must be a positive integer; got 0") {
            _ = try Self.schedule("ExponentialDecay", ["decay_steps": 0])
        }
        Self.expectThrows("CosineDecay: 'decay_steps' must be a positive integer; got -3") { _ = try Self.schedule("CosineDecay", ["decay_steps": -3]) }
        Self.expectThrows("got 2 values for 2 boundaries") {
            _ = try Self.schedule("PiecewiseConstantDecay", ["boundaries": [10, 20], "values": [0.1, 0.01]])
        }
        Self.expectThrows("needs 'values' as a list of numbers") {
            _ = try Self.schedule("PiecewiseConstantDecay", ["boundaries": [10], "values": [0.1, "x"]])
        }
        let piecewise = try Self.schedule("PiecewiseConstantDecay", ["boundaries": [10], "values": [0.1, 0.01]])
        #expect(piecewise(step: 11) == 0.01)
    }

    @Test func seedsRoundTripExactlyUpToUInt64Max() throws {
        let model = Sequential(name: "seeded", seed: .max) { Input(shape: [2]); Dense(units: 3, seed: UInt64.max - 1); Dropout(0.5, seed: 1 << 60 + 1) }
        let path = CallbackTests.temporaryPath("seed.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(loaded.seed == .max)
        #expect((loaded.layers[1] as? Dense)?.seed == UInt64.max - 1)
        #expect((loaded.layers[2] as? Dropout)?.seed == 1 << 60 + 1)
        // Numbers (Keras's form, and older Synapse files) still read.
        #expect(try (Self.layer("Dense", ["units": 1, "seed": 42]) as? Dense)?.seed == 42)
        #expect(JSONValue.string("18446744073709551615").seedValue == .max)
    }

    // MARK: 11 — validationSplit


    // MARK: 16, 19, 21 — callbacks that fail




    // MARK: 18, 20, 23

    @Test func aModelWithAnInputLayerSavesBeforeItIsBuilt() throws {
        let model = Sequential { Input(shape: [2]); Dense(2) }
        #expect(!model.isBuilt)
        let path = CallbackTests.temporaryPath("unbuilt.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        #expect(try Sequential.load(from: path).weights.count == 2)
        Self.expectThrows("must be built") { try Sequential([Dense(2)]).save(to: path) }
    }


    @Test func activationObjectsWithoutAlphaTakeKerasDefaults() throws {
        #expect(try ActivationFunction(config: ["name": "leaky_relu"]) == .leakyRelu(alpha: 0.2))
        #expect(try ActivationFunction(config: ["name": "elu"]) == .elu(alpha: 1))
        #expect(try ActivationFunction(config: ["name": "leaky_relu", "alpha": 0.1]) == .leakyRelu(alpha: 0.1))
    }
}
