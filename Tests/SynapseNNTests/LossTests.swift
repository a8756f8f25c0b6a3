import Foundation
import Testing
@testable import SynapseNN

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

    @Test func valuesMatchKerasDefinitions() {
        let p: [[Double]] = [[0.9, 0.2], [0.4, 0.7], [0.05, 0.6]], t: [[Double]] = [[1, 0], [0, 1], [1, 1]]
        func mean(_ f: (Double, Double) -> Double) -> Double {
            (0..<3).map { i in (0..<2).map { j in f(t[i][j], p[i][j]) }.reduce(0, +) / 2 }.reduce(0, +) / 3
        }
        func value(_ loss: Loss) -> Double { Double(loss(Self.binaryTargets, Self.probabilities).scalar) }
        #expect(Swift.abs(value(MeanSquaredError()) - mean { ($1 - $0) * ($1 - $0) }) < 1e-6)
        #expect(Swift.abs(value(MeanAbsoluteError()) - mean { Swift.abs($1 - $0) }) < 1e-6)
        #expect(Swift.abs(value(BinaryCrossentropy()) - mean { -($0 * log($1) + (1 - $0) * log(1 - $1)) }) < 1e-5)
        #expect(Swift.abs(value(Huber()) - mean { let e = Swift.abs($1 - $0); return e <= 1 ? 0.5 * e * e : e - 0.5 }) < 1e-6)
        // Keras clips probabilities to [1e-7, 1 − 1e-7]: a confident wrong answer costs −log(1e-7).
        let clipped = BinaryCrossentropy()(Tensor([[1]]), Tensor([[0]])).scalar
        #expect(Swift.abs(Double(clipped) + log(1e-7)) < 1e-3)
        // The logits forms equal the probability forms.
        let z = Self.logits
        #expect(Swift.abs(CategoricalCrossentropy(fromLogits: true)(Self.oneHot, z).scalar
                          - CategoricalCrossentropy()(Self.oneHot, softmax(z)).scalar) < 1e-5)
        #expect(Swift.abs(SparseCategoricalCrossentropy(fromLogits: true)(Self.classes, z).scalar
                          - CategoricalCrossentropy(fromLogits: true)(Self.oneHot, z).scalar) < 1e-6)
        let z2 = Tensor([[1.5, -0.3], [-1, 0.4], [0.3, 0.3]])
        #expect(Swift.abs(BinaryCrossentropy(fromLogits: true)(Self.binaryTargets, z2).scalar
                          - BinaryCrossentropy()(Self.binaryTargets, sigmoid(z2)).scalar) < 1e-5)
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
