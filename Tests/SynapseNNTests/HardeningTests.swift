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

    @Test func sparseLabelsOutsideTheClassesThrowNamingRowAndLayer() throws {
        let x = Tensor.zeros([4, 2])
        let model = try Self.softmaxModel()
        Self.expectThrows("Layer 'probabilities': y row 3 holds 3.0") {
            try model.fit(x: x, y: Tensor([0, 1, 2, 3] as [Float]), verbose: 0)
        }
        Self.expectThrows("y row 1 holds -1.0") { try model.fit(x: x, y: Tensor([0, -1, 2, 1] as [Float]), verbose: 0) }
        Self.expectThrows("y row 2 holds 0.5") { try model.fit(x: x, y: Tensor([0, 1, 0.5, 1] as [Float]), verbose: 0) }
        Self.expectThrows("y row 0 holds nan") { try model.fit(x: x, y: Tensor([.nan, 1, 2, 1] as [Float]), verbose: 0) }
        Self.expectThrows("y row 2 holds 7.0") { _ = try model.evaluate(x: x, y: Tensor([0, 1, 7, 1] as [Float])) }
        Self.expectThrows("validation y row 1 holds 9.0") {
            try model.fit(x: x, y: Tensor([0, 1, 2, 1] as [Float]), validationData: (x, Tensor([0, 9, 2, 1] as [Float])), verbose: 0)
        }
        Self.expectThrows("batch 1 of the batch sequence: y row 0 holds 5.0") {
            try model.fit(Batches(ys: [[0, 1], [5, 1]]), verbose: 0)
        }
        Self.expectThrows("batch 0 of the evaluation data: y row 1 holds 4.0") { _ = try model.evaluate(Batches(ys: [[0, 4]])) }
        // The unfused path (a linear last layer with logits) checks too.
        let logits = Sequential(seed: 3) { Input(shape: [2]); Dense(3, name: "logits") }
        try logits.compile(optimizer: "adam", loss: SparseCategoricalCrossentropy(fromLogits: true))
        Self.expectThrows("Layer 'logits': y row 0 holds 3.0") { try logits.fit(x: x, y: Tensor([3, 1, 2, 1] as [Float]), verbose: 0) }
        try model.fit(x: x, y: Tensor([0, 1, 2, 1] as [Float]), verbose: 0)
    }

    @Test func classWeightWithANonClassLabelThrowsNamingTheRow() throws {
        let model = Sequential(seed: 1) { Input(shape: [2]); Dense(1, activation: .sigmoid) }
        try model.compile(optimizer: "adam", loss: "mse")
        let x = Tensor.zeros([3, 2])
        Self.expectThrows("classWeight: y row 1 holds nan") {
            try model.fit(x: x, y: Tensor(shape: [3, 1], scalars: [0, .nan, 1]), classWeight: [0: 1, 1: 2], verbose: 0)
        }
        Self.expectThrows("classWeight: y row 2 holds 1e+30") {
            try model.fit(x: x, y: Tensor(shape: [3, 1], scalars: [0, 1, 1e30]), classWeight: [0: 1, 1: 2], verbose: 0)
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
        // Unwrapped before comparing: #expect on a UInt64? beside a literal reads 9 bytes of an
        // 8-byte stack slot in Swift 6.3's generated code, which AddressSanitizer stops on.
        #expect(try #require((loaded.layers[1] as? Dense)?.seed) == UInt64.max - 1)
        #expect(try #require((loaded.layers[2] as? Dropout)?.seed) == 1 << 60 + 1)
        // Numbers (Keras's form, and older Synapse files) still read.
        #expect(try (Self.layer("Dense", ["units": 1, "seed": 42]) as? Dense)?.seed == 42)
        #expect(JSONValue.string("18446744073709551615").seedValue == .max)
    }

    // MARK: 11 — validationSplit

    @Test func validationSplitFollowsKeras() throws {
        let x = Tensor(shape: [10, 2], scalars: (0..<20).map { Float($0) / 20 })
        let y = Tensor(shape: [10, 1], scalars: (0..<10).map { Float($0 % 2) })
        let model = try CallbackTests.model()
        // split_at = floor(10 · 0.75) = 7: rows 7, 8, 9 validate (Synapse took 8 and 9 before).
        let history = try model.fit(x: x, y: y, epochs: 1, batchSize: 32, validationSplit: 0.25, verbose: 0)
        let held = try model.evaluate(x: x.slice(7..<10), y: y.slice(7..<10))
        #expect(try history["val_loss"] == [held["loss"]!])
        Self.expectThrows("validation_split 0.99 leaves 0 of the 10 rows for training") {
            try model.fit(x: x, y: y, validationSplit: 0.99, verbose: 0)
        }
        Self.expectThrows("validation_split 1e-17") { try model.fit(x: x, y: y, validationSplit: 1e-17, verbose: 0) }
    }

    // MARK: 16, 19, 21 — callbacks that fail

    @Test func callbackWriteFailuresEndFit() throws {
        let missing = CallbackTests.temporaryPath("no-such-folder") + "/log.csv"
        Self.expectThrows(missing) {
            try CallbackTests.model().fit(x: CallbackTests.x, y: CallbackTests.y, callbacks: [CSVLogger(path: missing)], verbose: 0)
        }
        let checkpoint = CallbackTests.temporaryPath("no-such-folder") + "/model.safetensors"
        Self.expectThrows(checkpoint) {
            try CallbackTests.model().fit(x: CallbackTests.x, y: CallbackTests.y,
                                          callbacks: [ModelCheckpoint(path: checkpoint, monitor: "loss")], verbose: 0)
        }
        // Appending to something that exists but cannot be read (a folder) is an error, not a fresh log.
        let folder = CallbackTests.temporaryPath("folder.csv")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        Self.expectThrows("\(folder): is a folder") {
            try CallbackTests.model().fit(x: CallbackTests.x, y: CallbackTests.y, callbacks: [CSVLogger(path: folder, append: true)], verbose: 0)
        }
    }

    @Test func reduceLROnPlateauRefusesAScheduledOptimizer() throws {
        let model = Sequential(seed: 2) { Input(shape: [2]); Dense(1) }
        let sgd = SGD(learningRate: 0.1)
        sgd.schedule = ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5)
        try model.compile(optimizer: sgd, loss: "mse")
        Self.expectThrows("ReduceLROnPlateau cannot lower the learning rate") {
            try model.fit(x: CallbackTests.x, y: CallbackTests.y, callbacks: [ReduceLROnPlateau(monitor: "loss")], verbose: 0)
        }
    }

    @Test func aMonitoredKeyThatIsNotLoggedThrowsListingTheKeys() throws {
        let callbacks: [(String, Callback)] = [("EarlyStopping", EarlyStopping(monitor: "val_los")),
                                               ("ReduceLROnPlateau", ReduceLROnPlateau(monitor: "val_los")),
                                               ("ModelCheckpoint", ModelCheckpoint(path: CallbackTests.temporaryPath("x"), monitor: "val_los", saveBestOnly: true))]
        for (name, callback) in callbacks {
            Self.expectThrows("\(name) monitors 'val_los', which is not logged; the logs hold: accuracy, learning_rate, loss, val_accuracy, val_loss") {
                try CallbackTests.model().fit(x: CallbackTests.x, y: CallbackTests.y, validationSplit: 0.25, callbacks: [callback], verbose: 0)
            }
        }
        Self.expectThrows("(val_ keys need validationData or validationSplit)") {
            try CallbackTests.model().fit(x: CallbackTests.x, y: CallbackTests.y, callbacks: [EarlyStopping()], verbose: 0)
        }
    }

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

    @Test func onlyOneClippingSettingIsAllowed() throws {
        let model = Sequential { Input(shape: [2]); Dense(1) }
        Self.expectThrows("only one of clipnorm, clipvalue and global_clipnorm can be set; got clipnorm=1.0, global_clipnorm=2.0") {
            try model.compile(optimizer: SGD(learningRate: 0.1, clipnorm: 1, globalClipnorm: 2), loss: "mse")
        }
        Self.expectThrows("clipnorm=1.0, clipvalue=0.5") {
            try model.compile(optimizer: Adam(clipnorm: 1, clipvalue: 0.5), loss: "mse")
        }
        let sgd = SGD(learningRate: 0.1)
        try model.compile(optimizer: sgd, loss: "mse")
        sgd.clipvalue = 1
        sgd.globalClipnorm = 1
        Self.expectThrows("only one of clipnorm") { try model.fit(x: CallbackTests.x, y: CallbackTests.y, verbose: 0) }
        Self.expectThrows("clipnorm must be a positive number; got -1.0") {
            try model.compile(optimizer: SGD(learningRate: 0.1, clipnorm: -1), loss: "mse")
        }
        Self.expectThrows("only one of clipnorm") {
            _ = try makeOptimizer(config: ["name": "sgd", "clipnorm": 1, "global_clipnorm": 1])
        }
    }

    @Test func activationObjectsWithoutAlphaTakeKerasDefaults() throws {
        #expect(try ActivationFunction(config: ["name": "leaky_relu"]) == .leakyRelu(alpha: 0.2))
        #expect(try ActivationFunction(config: ["name": "elu"]) == .elu(alpha: 1))
        #expect(try ActivationFunction(config: ["name": "leaky_relu", "alpha": 0.1]) == .leakyRelu(alpha: 0.1))
    }
}

/// A size argument far too large for memory is a thrown error naming the layer, not a crash
/// when the weights are allocated.
@Suite struct HugeWeightTests {
    @Test func aDenseLayerOfAHundredBillionUnitsThrows() throws {
        let model = Sequential { Input(shape: [64]); Dense(100_000_000_000) }
        #expect(throws: SynapseError.self) { try model.build(inputShape: [64]) }
        let overflowing = Sequential { Input(shape: [1 << 40]); Dense(1 << 40) }
        #expect(throws: SynapseError.self) { try overflowing.build(inputShape: [1 << 40]) }
        let conv = Sequential { Input(shape: [8, 8, 1]); Conv2D(100_000_000_000, kernelSize: 3) }
        #expect(throws: SynapseError.self) { try conv.build(inputShape: [8, 8, 1]) }
    }
}

@Suite struct TargetAgreementTests {
    static func model(_ last: Dense) throws -> Sequential {
        let model = Sequential { Input(shape: [2]); Dense(4, activation: .relu); last }
        return model
    }

    @Test func binaryTargetsOutsideZeroOneAreAnError() throws {
        let model = try Self.model(Dense(1, activation: .sigmoid))
        try model.compile(optimizer: "adam", loss: "binary_crossentropy")
        let x = Tensor.randomNormal([4, 2], seed: 1), y = Tensor([[0], [1], [2], [1]])
        do {
            _ = try model.fit(x: x, y: y, epochs: 1, verbose: 0)
            Issue.record("labels 0–2 with binary cross-entropy trained")
        } catch {
            #expect("\(error)".contains("y row 2 holds 2.0") && "\(error)".contains("[0, 1]"), "\(error)")
        }
    }

    @Test func aSoftmaxOverOneUnitIsAnError() throws {
        let model = try Self.model(Dense(1, activation: .softmax))
        try model.compile(optimizer: "adam", loss: "binary_crossentropy")
        #expect(throws: SynapseError.self) { try model.fit(x: Tensor.randomNormal([4, 2], seed: 1), y: Tensor([[0], [1], [0], [1]]), epochs: 1, verbose: 0) }
    }

    @Test func oneHotRowsWithTheSparseLossSayWhichLossToUse() throws {
        let model = try Self.model(Dense(3, activation: .softmax))
        try model.compile(optimizer: "adam", loss: "sparse_categorical_crossentropy")
        do {
            _ = try model.fit(x: Tensor.randomNormal([2, 2], seed: 1), y: Tensor([[1, 0, 0], [0, 1, 0]]), epochs: 1, verbose: 0)
            Issue.record("one-hot rows with the sparse loss trained")
        } catch {
            #expect("\(error)".contains("categorical_crossentropy"), "\(error)")
        }
    }
}
