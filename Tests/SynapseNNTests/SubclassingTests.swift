import Foundation
import Testing
@testable import SynapseNN

/// A model of one's own: a subclass of Model that overrides call trains with compile and fit;
/// and a training step written by hand (Keras's GradientTape loop) with the same pieces.
@Suite struct SubclassingTests {
    /// Two tanh layers with a residual connection and a sigmoid output.
    final class ResidualClassifier: Model {
        let hidden = Dense(8, activation: .tanh)
        let residual = Dense(8, activation: .tanh)
        let output = Dense(1, activation: .sigmoid)

        override func call(_ x: Tensor, training: Bool) -> Tensor {
            let h = hidden(x, training: training)
            return output(h + residual(h, training: training), training: training)
        }
    }

    static let xor = (x: Tensor(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1]), y: Tensor(shape: [4, 1], scalars: [0, 1, 1, 0]))

    @Test func aSubclassedModelTrainsWithCompileAndFit() throws {
        Random.seed(11)
        let model = ResidualClassifier(name: "residual")
        try model.compile(optimizer: Adam(learningRate: 0.05), loss: "binary_crossentropy", metrics: ["accuracy"])
        let history = try model.fit(x: SubclassingTests.xor.x, y: SubclassingTests.xor.y, epochs: 300, batchSize: 4, verbose: 0)
        #expect(history.history["accuracy"]!.last! == 1)
        #expect(model.layers.count == 3 && model.weights.count == 6 && model.outputShape == [1])
        #expect(throws: SynapseError.self) { try model.save(to: FileManager.default.temporaryDirectory.path + "/residual.safetensors") }
    }

    @Test func aHandWrittenTrainingStepLearns() throws {
        let (x, y) = SubclassingTests.xor
        let model = Sequential(seed: 3) { Input(shape: [2]); Dense(8, activation: .tanh); Dense(1, activation: .sigmoid) }
        let optimizer = Adam(learningRate: 0.05)
        let loss = BinaryCrossentropy()
        var first: Float = 0, last: Float = 0
        for step in 0..<300 {
            let value = loss(y, model(x, training: true))
            let grads = gradients(of: value, wrt: model.trainableWeights.map(\.value))
            optimizer.apply(grads, to: model.trainableWeights)
            if step == 0 { first = value.scalar }
            last = value.scalar
        }
        #expect(last < first / 5, "loss \(first) → \(last)")
    }
}
