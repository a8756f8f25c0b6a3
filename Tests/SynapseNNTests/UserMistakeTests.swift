import Foundation
import Testing
@testable import SynapseNN

/// The mistakes a new user makes with layers and histories are thrown errors naming the layer
/// or the key, not traps: layer arguments are checked when the model is compiled or built (and
/// on a layer's first call), a wrong shape through `checkedCall`, an unknown history key lists
/// the logged ones.
@Suite struct UserMistakeTests {
    static func message(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return "\(error)" }
    }

    @Test(arguments: [
        ({ Dense(0, name: "d") } as @Sendable () -> Layer, "Layer 'd': Dense needs a positive number of units; got 0"),
        ({ Dropout(rate: 1.5, name: "d") }, "Layer 'd': Dropout rate must be in [0, 1); got 1.5"),
        ({ Conv2D(filters: 0, kernelSize: (3, 3), name: "d") }, "Layer 'd': Conv2D needs a positive number of filters; got 0"),
        ({ Conv1D(filters: 4, kernelSize: 0, name: "d") }, "Layer 'd': Conv1D needs a positive kernel size; got 0"),
        ({ MaxPooling2D(poolSize: (0, 2), name: "d") }, "Layer 'd': MaxPooling2D needs a positive pool size; got (0, 2)"),
        ({ LSTM(-3, name: "d") }, "Layer 'd': LSTM needs a positive number of units; got -3"),
        ({ GRU(4, dropout: 1, name: "d") }, "Layer 'd': GRU dropout rates must be in [0, 1); got 1.0, 0.0"),
        ({ BatchNormalization(epsilon: 0, name: "d") }, "Layer 'd': BatchNormalization epsilon must be positive; got 0.0"),
        ({ Embedding(inputDim: 0, outputDim: 4, name: "d") }, "Layer 'd': Embedding needs inputDim in 1...2^24; got 0"),
        ({ Reshape([-1, -1], name: "d") }, "Layer 'd': Reshape target [-1, -1] needs positive sizes and at most one -1"),
        ({ SpatialDropout2D(rate: -0.1, name: "d") }, "Layer 'd': SpatialDropout2D rate must be in [0, 1); got -0.1"),
        ({ ZeroPadding2D(padding: ((-1, 0), (0, 0)), name: "d") }, "Layer 'd': ZeroPadding2D padding must be non-negative; got [-1, 0, 0, 0]"),
    ])
    func badLayerArgumentsThrowAtCompile(_ make: @Sendable () -> Layer, _ expected: String) throws {
        let model = Sequential([make()])
        #expect(Self.message { try model.compile(optimizer: "adam", loss: "mse") } == expected)
        #expect(Self.message { _ = try make().checkedCall(Tensor.zeros([1, 8, 8, 3])) } == expected)
    }

    @Test func badArgumentsThrowFromBuildAndFitToo() throws {
        let model = Sequential { Input(shape: [4]); Dense(0, name: "hidden"); Dense(1) }
        #expect(Self.message { try model.build(inputShape: [4]) }?.contains("Layer 'hidden'") == true)
        let x = Tensor.zeros([8, 4])
        let fitError = Self.message { _ = try model.predict(x) }
        #expect(fitError?.contains("Dense needs a positive number of units") == true, "\(fitError ?? "no error")")
        #expect(Self.message { _ = try Sequential { Input(shape: [0, 2]) }.predict(Tensor.zeros([1, 0, 2])) }?.contains("Input needs positive dimensions") == true)
    }

    @Test func checkedCallThrowsOnTheWrongShape() throws {
        let dense = Dense(3, name: "probe")
        _ = try dense.checkedCall(Tensor.ones([2, 4]))
        #expect(Self.message { _ = try dense.checkedCall(Tensor.ones([2, 5])) }
                == "Layer 'probe': expected inputs with 4 features (shape (None, 4)); got (None, 5)")
        let conv = Conv2D(filters: 2, kernelSize: (3, 3), name: "c")
        #expect(Self.message { _ = try conv.checkedCall(Tensor.ones([1, 2, 2, 1])) }?.contains("Layer 'c'") == true)
        #expect(Self.message { _ = try conv.checkedCall(Tensor.ones([1, 8, 8])) }?.contains("Conv2D needs images") == true)
    }

    @Test func anUnknownHistoryKeyListsTheLoggedOnes() throws {
        let model = Sequential(seed: 1) { Input(shape: [2]); Dense(1, activation: .sigmoid) }
        try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"])
        let x = Tensor([[0, 1], [1, 0], [1, 1], [0, 0]]), y = Tensor([[1], [1], [0], [0]])
        let history = try model.fit(x: x, y: y, epochs: 2, validationData: (x, y), verbose: 0)
        #expect(try history["val_accuracy"].count == 2)
        #expect(history.keys == ["loss", "accuracy", "learning_rate", "val_loss", "val_accuracy"])
        #expect(Self.message { _ = try history["val_acc"] }
                == "Invalid argument: History has no key 'val_acc'; did you mean 'val_accuracy'? It logged: loss, accuracy, learning_rate, val_loss, val_accuracy")
        #expect(Self.message { _ = try History()["loss"] }?.contains("nothing (fit has not run an epoch)") == true)
        #expect(history.history["val_acc"] == nil)
    }

    @Test func aFileThatIsNotAModelSaysWhatItStartsWith() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-model-\(UUID()).safetensors").path
        try "mean radius,mean texture,benign\n17.99,10.38,0\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let text = Self.message { _ = try Sequential.load(from: path) } ?? ""
        #expect(text.contains("is not a safetensors file: it starts with 'mean radius,mean texture...'"), "\(text)")
    }
}
