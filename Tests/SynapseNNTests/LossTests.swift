import Foundation
import Testing
@testable import SynapseNN

/// Gradient checks, stability and names; values and gradients against Keras 3 itself are in
/// KerasLossParityTests.
@Suite struct LossTests {
    static let probabilities = Tensor([[0.9, 0.2], [0.4, 0.7], [0.05, 0.6]])
    static let binaryTargets = Tensor([[1, 0], [0, 1], [1, 1]])
    static let logits = Tensor([[1.5, -0.3, 0.2], [-1, 0.4, 2], [0.3, 0.3, -0.8]])
    static let oneHot = Tensor([[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    static let classes = Tensor([2, 0, 1] as [Float])

    static let all: [(String, Loss, Tensor, Tensor)] = [
        ("mse", MeanSquaredError(), binaryTargets, probabilities),
        ("mae", MeanAbsoluteError(), binaryTargets, probabilities),
        ("huber", Huber(delta: 0.5), binaryTargets * 2, probabilities * 2),
        ("bce", BinaryCrossentropy(), binaryTargets, probabilities),
        ("bce logits", BinaryCrossentropy(fromLogits: true), binaryTargets, probabilities * 4 - 2),
        ("cce", CategoricalCrossentropy(), oneHot, softmax(logits)),
        ("cce logits", CategoricalCrossentropy(fromLogits: true), oneHot, logits),
        ("sparse", SparseCategoricalCrossentropy(), classes, softmax(logits)),
        ("sparse logits", SparseCategoricalCrossentropy(fromLogits: true), classes, logits),
    ]

    @Test func everyLossPassesAGradientCheckWithAndWithoutWeights() {
        let weights = Tensor([1, 0.5, 2] as [Float])
        for (name, loss, target, prediction) in Self.all {
            let plain = gradientCheck(at: [prediction]) { loss(target, $0[0]) }
            #expect(plain.passed, "\(name): \(plain)")
            let weighted = gradientCheck(at: [prediction]) { loss(target, $0[0], sampleWeight: weights) }
            #expect(weighted.passed, "\(name) weighted: \(weighted)")
        }
    }

    @Test func logitsFormsAreStableForLargeLogits() {
        let big = Tensor([[80, -80]])
        let bce = BinaryCrossentropy(fromLogits: true)(Tensor([[0, 1]]), big).scalar
        #expect(bce.isFinite && Swift.abs(bce - 80) < 1e-3)
        let cce = CategoricalCrossentropy(fromLogits: true)(Tensor([[0, 1]]), big).scalar
        #expect(cce.isFinite && Swift.abs(cce - 160) < 1e-2)
    }

    @Test func sampleWeightsScaleEachRow() {
        let loss = MeanSquaredError()
        let t = Tensor([[0], [0]]), p = Tensor([[1], [2]])
        // (1·1 + 3·4) / 2
        #expect(loss(t, p, sampleWeight: Tensor([1, 3] as [Float])).scalar == 6.5)
    }

    @Test func lossesByName() throws {
        #expect(try "mse".makeLoss() is MeanSquaredError)
        #expect(try "binary_crossentropy".makeLoss() is BinaryCrossentropy)
        #expect(try "sparse_categorical_crossentropy".makeLoss() is SparseCategoricalCrossentropy)
        #expect(throws: SynapseError.self) { try "hinge_of_doom".makeLoss() }
    }
}
