// Small models of every layer family, saved and loaded back: the model files that the model
// and modelconfig fuzz targets start from. With SYNAPSE_FUZZ_SEEDS=<folder> the files are also
// copied there (docs/RELIABILITY.md: how the seed corpora are made).
import Foundation
import Testing
@testable import SynapseNN

@Suite struct FuzzSeedModelTests {
    static func models() throws -> [(name: String, model: Sequential, inputShape: [Int])] {
        [
            ("dense", Sequential(name: "dense", seed: 1) {
                Input(shape: [3]); Dense(4, activation: .relu); Dropout(0.1, seed: 2); Dense(1, activation: .sigmoid)
            }, [3]),
            ("conv2d", Sequential(name: "conv2d", seed: 1) {
                Input(shape: [6, 6, 1]); ZeroPadding2D(1); Conv2D(2, kernelSize: 3, activation: .relu); MaxPooling2D(2)
                BatchNormalization(); SpatialDropout2D(0.1); Flatten(); Dense(3, activation: .softmax)
            }, [6, 6, 1]),
            ("conv1d", Sequential(name: "conv1d", seed: 1) {
                Input(shape: [6, 2]); Conv1D(2, kernelSize: 2); AveragePooling1D(poolSize: 2); GlobalMaxPooling1D()
                Reshape([2, 1]); GlobalAveragePooling1D(); Activation(.tanh)
            }, [6, 2]),
            ("recurrent", Sequential([
                Input(shape: [4]), Embedding(10, 3, maskZero: true), LSTM(3, returnSequences: true),
                try Bidirectional(GRU(2, returnSequences: true)), TimeDistributed(Dense(2)), SimpleRNN(2), Dense(1),
            ], name: "recurrent", seed: 1), [4]),
            ("masking", Sequential(name: "masking", seed: 1) {
                Input(shape: [3, 2]); Masking(); SimpleRNN(2); Dense(1)
            }, [3, 2]),
        ]
    }

    @Test func everyLayerFamilySavesAndLoads() throws {
        let folder = ProcessInfo.processInfo.environment["SYNAPSE_FUZZ_SEEDS"]
        for (name, model, inputShape) in try Self.models() {
            try model.compile(optimizer: Adam(learningRate: 0.01), loss: "mse")
            let x = Tensor(shape: [2] + inputShape, scalars: (0..<(2 * inputShape.reduce(1, *))).map { Float($0 % 5) })
            let y = try model.predict(x)
            try model.fit(x: x, y: y * 0.5, epochs: 1, batchSize: 2, verbose: 0)
            let path = CallbackTests.temporaryPath("\(name).safetensors")
            defer { try? FileManager.default.removeItem(atPath: path) }
            try model.save(to: path)
            let loaded = try Sequential.load(from: path)
            #expect(try loaded.predict(x) == model.predict(x), "\(name)")
            if let folder {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try FileManager.default.copyItem(atPath: path, toPath: folder + "/\(name).safetensors")
            }
        }
    }
}
