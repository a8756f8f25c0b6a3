import Foundation
import Testing
@testable import SynapseNN

@Suite struct ConvolutionalLayerTests {
    @Test func conv2DFollowsTheSharedChecks() throws {
        try runLayerTest(Conv2D(filters: 2, kernelSize: (3, 3)), inputShape: [5, 6, 3],
                         expectedOutputShape: [3, 4, 2], expectedParameters: 3 * 3 * 3 * 2 + 2)
        try runLayerTest(Conv2D(filters: 3, kernelSize: (2, 3), strides: (2, 2), padding: .same, activation: .tanh),
                         inputShape: [5, 6, 2], expectedOutputShape: [3, 3, 3], expectedParameters: 2 * 3 * 2 * 3 + 3)
        try runLayerTest(Conv2D(filters: 2, kernelSize: (2, 2), dilationRate: (2, 2), useBias: false),
                         inputShape: [5, 6, 1], expectedOutputShape: [3, 4, 2], expectedParameters: 8)
        // An activation that is not fused runs after the convolution.
        try runLayerTest(Conv2D(filters: 2, kernelSize: (3, 3), padding: .same, activation: .softplus, kernelRegularizer: .l2(0.01)),
                         inputShape: [4, 4, 2], expectedOutputShape: [4, 4, 2], expectedParameters: 38)
    }

    @Test func conv1DFollowsTheSharedChecks() throws {
        try runLayerTest(Conv1D(filters: 3, kernelSize: 3), inputShape: [7, 2], expectedOutputShape: [5, 3], expectedParameters: 21)
        try runLayerTest(Conv1D(filters: 2, kernelSize: 2, strides: 2, padding: .same, dilationRate: 1, activation: .sigmoid),
                         inputShape: [7, 3], expectedOutputShape: [4, 2], expectedParameters: 14)
        try runLayerTest(Conv1D(filters: 2, kernelSize: 3, dilationRate: 2, useBias: false), inputShape: [8, 1],
                         expectedOutputShape: [4, 2], expectedParameters: 6)
    }

    @Test func poolingLayersFollowTheSharedChecks() throws {
        try runLayerTest(MaxPooling2D(2), inputShape: [5, 6, 3], expectedOutputShape: [2, 3, 3], expectedParameters: 0)
        try runLayerTest(MaxPooling2D(poolSize: (3, 2), strides: (1, 2), padding: .same), inputShape: [5, 6, 2],
                         expectedOutputShape: [5, 3, 2], expectedParameters: 0)
        try runLayerTest(AveragePooling2D(2), inputShape: [5, 6, 3], expectedOutputShape: [2, 3, 3], expectedParameters: 0)
        try runLayerTest(AveragePooling2D(poolSize: (2, 3), strides: (2, 2), padding: .same), inputShape: [5, 6, 2],
                         expectedOutputShape: [3, 3, 2], expectedParameters: 0)
        try runLayerTest(MaxPooling1D(), inputShape: [7, 3], expectedOutputShape: [3, 3], expectedParameters: 0)
        try runLayerTest(MaxPooling1D(poolSize: 3, strides: 2, padding: .same), inputShape: [7, 2],
                         expectedOutputShape: [4, 2], expectedParameters: 0)
        try runLayerTest(AveragePooling1D(poolSize: 3, strides: 1), inputShape: [6, 2], expectedOutputShape: [4, 2], expectedParameters: 0)
        try runLayerTest(GlobalAveragePooling2D(), inputShape: [3, 4, 2], expectedOutputShape: [2], expectedParameters: 0)
        try runLayerTest(GlobalMaxPooling2D(), inputShape: [3, 4, 2], expectedOutputShape: [2], expectedParameters: 0)
        try runLayerTest(GlobalAveragePooling2D(keepDims: true), inputShape: [3, 4, 2], expectedOutputShape: [1, 1, 2], expectedParameters: 0)
        try runLayerTest(GlobalAveragePooling1D(), inputShape: [5, 3], expectedOutputShape: [3], expectedParameters: 0)
        try runLayerTest(GlobalMaxPooling1D(), inputShape: [5, 3], expectedOutputShape: [3], expectedParameters: 0)
    }

    @Test func conv2DHasKerasWeightNamesShapesAndDefaults() throws {
        let conv = Conv2D(filters: 4, kernelSize: (3, 2), name: "probe")
        try conv.build(inputShape: [6, 6, 3])
        #expect(conv.kernel?.name == "probe/kernel" && conv.kernel?.value.shape == [3, 2, 3, 4])
        #expect(conv.bias?.name == "probe/bias" && conv.bias?.value.scalars == [0, 0, 0, 0])
        // Glorot uniform with the receptive field: limit √(6 / (3·6 + 4·6)).
        let limit = Float((6.0 / 42.0).squareRoot())
        #expect(conv.kernel!.value.scalars.allSatisfy { Swift.abs($0) <= limit })
        let conv1D = Conv1D(filters: 2, kernelSize: 5, name: "seq")
        try conv1D.build(inputShape: [10, 3])
        #expect(conv1D.kernel?.name == "seq/kernel" && conv1D.kernel?.value.shape == [5, 3, 2])
        #expect(Conv2D(8, kernelSize: 3).name.hasPrefix("conv2d"))
        #expect(MaxPooling2D().name.hasPrefix("max_pooling2d") && MaxPooling2D().strides == (2, 2))
        #expect(MaxPooling2D(poolSize: (3, 3)).strides == (3, 3))
        #expect(GlobalAveragePooling2D().name.hasPrefix("global_average_pooling2d"))
    }

    @Test func configsUseKerasKeys() throws {
        let conv = Conv2D(filters: 8, kernelSize: (3, 5), strides: (2, 1), padding: .same, activation: .relu)
        #expect(conv.config["kernel_size"] == [3, 5] && conv.config["strides"] == [2, 1])
        #expect(conv.config["padding"] == "same" && conv.config["dilation_rate"] == [1, 1] && conv.config["filters"] == 8)
        #expect(conv.config["activation"] == "relu" && conv.config["use_bias"] == true)
        let pool = MaxPooling2D(poolSize: (2, 3))
        #expect(pool.config["pool_size"] == [2, 3] && pool.config["strides"] == [2, 3] && pool.config["padding"] == "valid")
        // Keras also accepts single integers for sizes, and strides default to the pool size.
        let rebuilt = try Conv2D(config: ["filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"])
        #expect(rebuilt.kernelSize == (3, 3) && rebuilt.strides == (2, 2) && rebuilt.padding == .same)
        let pooled = try MaxPooling1D(config: ["pool_size": [3]])
        #expect(pooled.poolSize == 3 && pooled.strides == 3)
    }

    @Test func badConfigsThrowNamingTheLayer() {
        let bad: [(Layer.Type, LayerConfig)] = [
            (Conv2D.self, ["name": "c", "filters": 0, "kernel_size": [3, 3]]),
            (Conv2D.self, ["name": "c", "filters": -2, "kernel_size": [3, 3]]),
            (Conv2D.self, ["name": "c", "filters": 4, "kernel_size": [0, 3]]),
            (Conv2D.self, ["name": "c", "filters": 4, "kernel_size": [3]]),
            (Conv2D.self, ["name": "c", "filters": 4, "kernel_size": [3, 3], "padding": "full"]),
            (Conv2D.self, ["name": "c", "filters": 4, "kernel_size": [3, 3], "strides": [0, 1]]),
            (Conv2D.self, ["name": "c", "filters": 4, "kernel_size": [3, 3], "dilation_rate": -1]),
            (Conv2D.self, ["name": "c", "filters": 4, "kernel_size": [3, 3], "data_format": "channels_first"]),
            (Conv2D.self, ["name": "c", "filters": 4, "kernel_size": [3, 3], "groups": 2]),
            (Conv2D.self, ["name": "c", "filters": 4]),
            (Conv1D.self, ["name": "c", "filters": 4, "kernel_size": [3], "padding": "causal"]),
            (Conv1D.self, ["name": "c", "filters": 4, "kernel_size": 0]),
            (MaxPooling2D.self, ["name": "c", "pool_size": [0, 2]]),
            (MaxPooling2D.self, ["name": "c", "pool_size": [2, 2], "padding": "SAME!"]),
            (AveragePooling2D.self, ["name": "c", "pool_size": [2, 2], "strides": [2, -1]]),
            (MaxPooling1D.self, ["name": "c", "pool_size": -3]),
            (AveragePooling1D.self, ["name": "c", "pool_size": [2, 2]]),
        ]
        for (type, config) in bad {
            do {
                _ = try type.init(config: config)
                Issue.record("\(type) accepted \(config)")
            } catch let error as SynapseError {
                #expect("\(error)".contains("'c'"), "\(error)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }

    @Test func shapesThatDoNotFitThrowNamingTheLayer() throws {
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "" } catch { return "\(error)" }
        }
        let conv = Conv2D(filters: 2, kernelSize: (5, 5), name: "big")
        #expect(message { _ = try conv.outputShape(forInputShape: [4, 4, 1]) }.contains("kernel 5×5 is larger than the 4×4 input"))
        #expect(message { _ = try conv.outputShape(forInputShape: [4, 4, 1]) }.contains("'big'"))
        #expect(message { _ = try conv.outputShape(forInputShape: [8, 8]) }.contains("'big'"))
        // "same" pads, so a large kernel is fine.
        #expect(try Conv2D(filters: 2, kernelSize: (5, 5), padding: .same).outputShape(forInputShape: [4, 4, 1]) == [4, 4, 2])
        try conv.build(inputShape: [8, 8, 3])
        #expect(message { _ = try conv.outputShape(forInputShape: [8, 8, 2]) }.contains("3 channels"))
        let dilated = Conv2D(filters: 1, kernelSize: (3, 3), dilationRate: (3, 3), name: "wide")
        #expect(message { _ = try dilated.outputShape(forInputShape: [6, 6, 1]) }.contains("dilated to 7×7"))
        #expect(message { _ = try MaxPooling2D(3, name: "pool").outputShape(forInputShape: [2, 8, 1]) }.contains("'pool'"))
        #expect(message { _ = try Conv1D(filters: 1, kernelSize: 4, name: "seq").outputShape(forInputShape: [3, 1]) }.contains("'seq'"))
        #expect(message { _ = try GlobalMaxPooling2D(name: "g").outputShape(forInputShape: [3, 1]) }.contains("'g'"))
        // A model reports it when it is built.
        let model = Sequential { Input(shape: [4, 4, 1]); Conv2D(2, kernelSize: 5, name: "too_big") }
        #expect(message { try model.build(inputShape: [4, 4, 1]) }.contains("'too_big'"))
    }

    @Test func theSeedsMNISTModelMatchesKerasSummary() throws {
        let model = Sequential {
            Input(shape: [28, 28, 1])
            Conv2D(32, kernelSize: 4, activation: .relu)
            MaxPooling2D(2)
            Flatten()
            Dense(128, activation: .relu)
            Dense(10, activation: .softmax)
        }
        let summary = model.summary(print: false)
        #expect(model.parameterCount == 591_786)
        for shape in ["(None, 25, 25, 32)", "(None, 12, 12, 32)", "(None, 4608)", "(None, 128)", "(None, 10)"] {
            #expect(summary.contains(shape), "\(shape) missing from\n\(summary)")
        }
        #expect(summary.contains("Total params: 591,786"))
        #expect(summary.contains("(Conv2D)") && summary.contains("(MaxPooling2D)"))
        #expect(try model.predict(Tensor(shape: [3, 28, 28, 1], repeating: 0.5)).shape == [3, 10])
    }

    /// 8×8 images holding one horizontal (label 0) or vertical (label 1) bar of ones over noise.
    static func bars(count: Int, seed: UInt64) -> (x: Tensor, y: Tensor) {
        var g = SeededGenerator(seed: seed)
        var pixels = [Float](repeating: 0, count: count * 64), labels = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let vertical = g.nextUniform() < 0.5
            let line = Int(g.nextUniform() * 8) % 8, start = Int(g.nextUniform() * 4) % 4
            for j in 0..<64 { pixels[i * 64 + j] = Float(g.nextUniform()) * 0.3 }
            for t in start..<(start + 4) {
                pixels[i * 64 + (vertical ? t * 8 + line : line * 8 + t)] = 1
            }
            labels[i] = vertical ? 1 : 0
        }
        return (Tensor(shape: [count, 8, 8, 1], scalars: pixels), Tensor(shape: [count, 1], scalars: labels))
    }

    @Test func aTinyCNNLearnsBarOrientation() throws {
        let train = Self.bars(count: 256, seed: 1), test = Self.bars(count: 128, seed: 2)
        let model = Sequential(seed: 3) {
            Input(shape: [8, 8, 1])
            Conv2D(4, kernelSize: 3, activation: .relu)
            MaxPooling2D(2)
            Flatten()
            Dense(1, activation: .sigmoid)
        }
        try model.compile(optimizer: Adam(learningRate: 0.02), loss: "binary_crossentropy", metrics: ["accuracy"])
        try model.fit(x: train.x, y: train.y, epochs: 15, batchSize: 32, verbose: 0)
        let accuracy = try model.evaluate(x: test.x, y: test.y)["accuracy"] ?? 0
        #expect(accuracy >= 0.95, "accuracy \(accuracy)")
    }

    @Test func aCNNModelFileRoundTrips() throws {
        let data = Self.bars(count: 64, seed: 5)
        let model = Sequential(name: "cnn", seed: 4) {
            Input(shape: [8, 8, 1])
            Conv2D(filters: 3, kernelSize: (3, 3), padding: .same, activation: .relu)
            AveragePooling2D(2)
            Conv2D(filters: 4, kernelSize: (2, 2), strides: (2, 2), dilationRate: (1, 1), activation: .elu)
            GlobalMaxPooling2D()
            Dense(1, activation: .sigmoid)
        }
        try model.compile(optimizer: "adam", loss: "binary_crossentropy")
        try model.fit(x: data.x, y: data.y, epochs: 2, batchSize: 16, verbose: 0)
        let path = CallbackTests.temporaryPath("cnn.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try model.save(to: path)
        let loaded = try Sequential.load(from: path)
        #expect(try loaded.predict(data.x) == model.predict(data.x))
        #expect(loaded.weights.map(\.name) == model.weights.map(\.name))
        #expect(loaded.layers.map { String(describing: type(of: $0)) } == model.layers.map { String(describing: type(of: $0)) })
    }

    @Test func aConv1DModelTrainsOnSequences() throws {
        var g = SeededGenerator(seed: 8)
        let x = Tensor.randomNormal([32, 12, 2], using: &g)
        let y = x.sum(alongAxes: 1, 2).reshaped(to: [32, 1]) * 0.1
        let model = Sequential(seed: 2) {
            Input(shape: [12, 2])
            Conv1D(4, kernelSize: 3, padding: .same, activation: .relu)
            MaxPooling1D()
            Conv1D(4, kernelSize: 2, activation: .tanh)
            GlobalAveragePooling1D()
            Dense(1)
        }
        try model.compile(optimizer: Adam(learningRate: 0.01), loss: "mse")
        let history = try model.fit(x: x, y: y, epochs: 20, batchSize: 8, verbose: 0)
        #expect(try history["loss"].last! < history["loss"].first!)
    }
}
