import Testing
@testable import SynapseTensor

/// The fused ops (dense + bias + activation, cross-entropies from logits) against their
/// compositions and finite differences.
@Suite struct FusedOpsTests {
    static let x = GradientCheckTests.input([4, 3], seed: 11)
    static let w = GradientCheckTests.input([3, 5], seed: 12)
    static let b = GradientCheckTests.input([5], seed: 13)

    @Test(arguments: [FusedActivation.linear, .relu, .sigmoid, .tanh])
    func denseMatchesCompositionAndGradientCheck(_ activation: FusedActivation) {
        let fused = Tensor.dense(Self.x, kernel: Self.w, bias: Self.b, activation: activation)
        let z = Self.x.matmul(Self.w) + Self.b
        let composed: Tensor
        switch activation {
        case .linear: composed = z
        case .relu: composed = relu(z)
        case .sigmoid: composed = sigmoid(z)
        case .tanh: composed = tanh(z)
        }
        #expect(fused.isApproximatelyEqual(to: composed, tolerance: 1e-5))
        let result = gradientCheck(at: [Self.x, Self.w, Self.b]) {
            Tensor.dense($0[0], kernel: $0[1], bias: $0[2], activation: activation)
        }
        #expect(result.passed, "\(result)")
    }

    @Test func denseWithoutBias() throws {
        let result = gradientCheck(at: [Self.x, Self.w]) { Tensor.dense($0[0], kernel: $0[1], bias: nil) }
        #expect(result.passed, "\(result)")
    }

    @Test func sigmoidCrossEntropyMatchesDefinitionAndGradientCheck() throws {
        let z = GradientCheckTests.input([6, 2], seed: 21) * 3
        let y = Tensor(shape: [6, 2], scalars: [1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0.3, 0.7])
        let p = sigmoid(z)
        let expected = (-(y * log(p) + (1 - y) * log(1 - p))).mean()
        let fused = Tensor.sigmoidCrossEntropy(logits: z, labels: y)
        #expect(Swift.abs(fused.scalar - expected.scalar) < 1e-5)
        let weights = Tensor([1, 2, 0.5, 1, 3, 1] as [Float])
        let result = gradientCheck(at: [z]) { Tensor.sigmoidCrossEntropy(logits: $0[0], labels: y, rowWeights: weights) }
        #expect(result.passed, "\(result)")
    }

    @Test func softmaxCrossEntropyMatchesDefinitionAndGradientCheck() throws {
        let z = GradientCheckTests.input([4, 3], seed: 31) * 2
        let y = Tensor(shape: [4, 3], scalars: [1, 0, 0, 0, 1, 0, 0, 0, 1, 0.2, 0.3, 0.5])
        let expected = (-(y * logSoftmax(z)).sum(alongAxes: -1)).mean()
        #expect(Swift.abs(Tensor.softmaxCrossEntropy(logits: z, labels: y).scalar - expected.scalar) < 1e-5)
        let result = gradientCheck(at: [z]) { Tensor.softmaxCrossEntropy(logits: $0[0], labels: y) }
        #expect(result.passed, "\(result)")
        let classes = Tensor([2, 0, 1, 1] as [Float])
        let oneHot = Tensor(shape: [4, 3], scalars: [0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0])
        #expect(Swift.abs(Tensor.sparseSoftmaxCrossEntropy(logits: z, classes: classes).scalar
            - Tensor.softmaxCrossEntropy(logits: z, labels: oneHot).scalar) < 1e-6)
        let sparse = gradientCheck(at: [z]) { Tensor.sparseSoftmaxCrossEntropy(logits: $0[0], classes: classes) }
        #expect(sparse.passed, "\(sparse)")
    }

    @Test func customOpRecordsAHandWrittenPullback() throws {
        func cube(_ x: Tensor) -> Tensor {
            let y = Tensor(shape: x.shape, scalars: x.scalars.map { $0 * $0 * $0 })
            return Tensor.customOp(y, inputs: [x]) { g in [g * 3 * x.squared()] }
        }
        let result = gradientCheck(at: [GradientCheckTests.input([5], seed: 41)]) { cube($0[0]) }
        #expect(result.passed, "\(result)")
    }

    @Test func inPlaceWriteKeepsTheLeaf() throws {
        var w = Tensor([1, 2, 3] as [Float]).requiringGradient()
        try (w * 2).sum().backward()
        w.withUnsafeMutableBufferPointer { p in for i in 0..<p.count { p[i] += 1 } }
        #expect(w.scalars == [2, 3, 4])
        #expect(w.gradient?.scalars == [2, 2, 2])
        #expect(w.requiresGradient)
    }
}
