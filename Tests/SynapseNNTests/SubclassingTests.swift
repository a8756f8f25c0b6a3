import Foundation
import Testing
@testable import SynapseNN

/// A training step written by hand (Keras's GradientTape loop) with the pieces `fit` uses. A
/// subclass of Model that overrides call, trained with compile and fit, is docs/NN.md's snippet,
/// run by NNDocTests.
@Suite struct SubclassingTests {
    static let xor = (x: Tensor(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1]), y: Tensor(shape: [4, 1], scalars: [0, 1, 1, 0]))

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
