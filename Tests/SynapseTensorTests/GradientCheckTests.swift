import Testing
@testable import SynapseTensor

/// Every differentiable op, checked against central finite differences.
@Suite struct GradientCheckTests {
    /// Inputs away from kinks and poles: |x| in [0.2, 1.2] with random signs.
    static func input(_ shape: [Int], seed: UInt64, positive: Bool = false) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return Tensor.make(shape: shape) { y in
            for i in 0..<y.count {
                let magnitude = 0.2 + g.nextUniform()
                y[i] = positive || g.nextUniform() < 0.5 ? magnitude : -magnitude
            }
        }
    }

    static func expectGradient(_ inputs: [Tensor], tolerance: Double = 1e-2,
                               sourceLocation: SourceLocation = #_sourceLocation,
                               _ f: ([Tensor]) -> Tensor) {
        let result = gradientCheck(at: inputs, tolerance: tolerance, f)
        #expect(result.passed, "\(result)", sourceLocation: sourceLocation)
    }

    @Test func addSubtractMultiplyDivideWithBroadcasting() {
        let a = Self.input([3, 4], seed: 1), b = Self.input([4], seed: 2), c = Self.input([3, 1], seed: 3)
        Self.expectGradient([a, b]) { $0[0] + $0[1] }
        Self.expectGradient([a, c]) { $0[0] - $0[1] }
        Self.expectGradient([a, b]) { $0[0] * $0[1] }
        Self.expectGradient([a, c]) { $0[0] / $0[1] }
        Self.expectGradient([c, b]) { $0[0] * $0[1] }   // [3,1] × [4] → [3,4]
        Self.expectGradient([a]) { -$0[0] }
    }

    @Test func scalarOperands() {
        let a = Self.input([2, 3], seed: 4)
        Self.expectGradient([a]) { $0[0] + 1.5 }
        Self.expectGradient([a]) { 2.0 - $0[0] }
        Self.expectGradient([a]) { $0[0] * 3.0 }
        Self.expectGradient([a]) { 2.0 / $0[0] }
        Self.expectGradient([a]) { $0[0] / 4.0 }
    }

    @Test func powersAndSquares() {
        let a = Self.input([5], seed: 5, positive: true), p = Self.input([5], seed: 6)
        Self.expectGradient([a]) { pow($0[0], 3) }
        Self.expectGradient([a]) { pow($0[0], Float(0.5)) }
        Self.expectGradient([a, p]) { pow($0[0], $0[1]) }
        Self.expectGradient([p]) { $0[0].squared() }
    }

    @Test func elementwiseFunctions() {
        let x = Self.input([2, 5], seed: 7), positive = Self.input([2, 5], seed: 8, positive: true)
        Self.expectGradient([x]) { exp($0[0]) }
        Self.expectGradient([positive]) { log($0[0]) }
        Self.expectGradient([positive]) { sqrt($0[0]) }
        Self.expectGradient([x]) { abs($0[0]) }
        Self.expectGradient([x * 2]) { clip($0[0], min: -0.9, max: 0.95) }
    }

    @Test func activations() {
        let x = Self.input([3, 4], seed: 9) * 3
        Self.expectGradient([x]) { sigmoid($0[0]) }
        Self.expectGradient([x]) { tanh($0[0]) }
        Self.expectGradient([x]) { relu($0[0]) }
        Self.expectGradient([x]) { leakyRelu($0[0], alpha: 0.1) }
    }

    @Test func softmaxAndLogSoftmaxAlongEachAxis() {
        let x = Self.input([2, 3, 4], seed: 10) * 2
        for axis in [0, 1, 2, -1] {
            Self.expectGradient([x]) { softmax($0[0], alongAxis: axis) }
            Self.expectGradient([x]) { logSoftmax($0[0], alongAxis: axis) }
        }
    }

    @Test func reductionsOverEachAxis() {
        let x = Self.input([2, 3, 4], seed: 11)
        for axes in [[], [0], [1], [2], [0, 2], [-1]] {
            for keep in [false, true] {
                Self.expectGradient([x]) { $0[0].sum(alongAxes: axes, keepingDims: keep) }
                Self.expectGradient([x]) { $0[0].mean(alongAxes: axes, keepingDims: keep) }
                Self.expectGradient([x]) { $0[0].variance(alongAxes: axes, keepingDims: keep) }
                Self.expectGradient([x]) { $0[0].standardDeviation(alongAxes: axes, correction: 1, keepingDims: keep) }
            }
        }
    }

    @Test func maxAndMinSendTheGradientToTheExtreme() {
        // Distinct values, so the extreme is unique and the finite difference is defined.
        let x = Tensor(shape: [2, 3], scalars: [0.3, -1.2, 0.9, 1.5, -0.4, 0.1])
        for axes in [[Int](), [0], [1]] {
            Self.expectGradient([x]) { $0[0].max(alongAxes: axes) }
            Self.expectGradient([x]) { $0[0].min(alongAxes: axes, keepingDims: true) }
        }
        let y = Tensor(shape: [3], scalars: [0.2, 0.5, -0.3])
        Self.expectGradient([x, y]) { maximum($0[0], $0[1]) }
        Self.expectGradient([x, y]) { minimum($0[0], $0[1]) }
    }

    @Test func matmulPlainBatchedAndBroadcast() {
        let a = Self.input([3, 4], seed: 12), b = Self.input([4, 2], seed: 13)
        Self.expectGradient([a, b]) { $0[0].matmul($0[1]) }
        let batchA = Self.input([2, 3, 4], seed: 14), batchB = Self.input([2, 4, 5], seed: 15)
        Self.expectGradient([batchA, batchB]) { $0[0].matmul($0[1]) }
        Self.expectGradient([batchA, b]) { $0[0].matmul($0[1]) }   // shared right operand
        Self.expectGradient([a, batchB]) { $0[0].matmul($0[1]) }   // shared left operand
        Self.expectGradient([a, b]) { $0[0].transposed().transposed().matmul($0[1]) }
    }

    @Test func shapeOperations() {
        let x = Self.input([2, 3, 4], seed: 16)
        Self.expectGradient([x]) { $0[0].reshaped(to: [4, -1]) }
        Self.expectGradient([x]) { $0[0].permuted([2, 0, 1]) }
        Self.expectGradient([x]) { $0[0].transposed() }
        Self.expectGradient([x]) { $0[0].expandingShape(at: 1).squeezingShape(at: 1) }
        Self.expectGradient([x]) { $0[0].slice(1..<3, alongAxis: 1) }
        Self.expectGradient([x]) { $0[0][1] }
        Self.expectGradient([x]) { $0[0].gathering([1, 0, 1]) }
        Self.expectGradient([x]) { $0[0].padded([(1, 0), (0, 2), (1, 1)], value: 0.5) }
        Self.expectGradient([Self.input([3, 1], seed: 17)]) { $0[0].broadcast(to: [2, 3, 4]) }
        let y = Self.input([2, 1, 4], seed: 18)
        Self.expectGradient([x, y]) { Tensor.concatenate([$0[0], $0[1]], alongAxis: 1) }
        Self.expectGradient([x, x * 2]) { Tensor.stack([$0[0], $0[1]], alongAxis: 2) }
    }

    @Test func whereSelectsGradients() {
        let condition = Tensor(shape: [2, 3], scalars: [1, 0, 1, 0, 0, 1])
        let a = Self.input([2, 3], seed: 19), b = Self.input([3], seed: 20)
        Self.expectGradient([a, b]) { Tensor.where(condition, $0[0], $0[1]) }
    }

    @Test func embeddingLookupAddsGradientsIntoThePickedRows() {
        // Repeated ids (rows 1 and 3 picked twice), an unused row (2) and ids that pick nothing.
        let ids = Tensor(shape: [2, 4], scalars: [1, 3, 1, 0, 3, 4, 0.5, .nan])
        Self.expectGradient([Self.input([5, 3], seed: 22)]) { Tensor.embeddingLookup(indices: ids, table: $0[0]) }
    }

    @Test func theCheckCatchesAWrongGradient() {
        // A deliberately wrong backward (2x instead of the derivative of x²) must fail the check.
        let x = Self.input([4], seed: 21)
        let result = gradientCheck(at: [x]) { inputs in
            let v = inputs[0]
            return Tensor.record(v.detached().squared(), inputs: [v]) { g in [g * v * 3] }
        }
        #expect(!result.passed)
    }
}

extension GradientCheckTests {
    /// f(x) = 0.001·x², with a backward that is twice the true 0.002·x: every gradient is below
    /// 0.003, so the wrong factor is an error under 0.003 — too small for the default mixed
    /// error, |a − n| / max(1, |n|), to see.
    static func smallGradientWrongByTwo(_ inputs: [Tensor]) -> Tensor {
        let v = inputs[0]
        return Tensor.record(v.detached().squared() * 0.001, inputs: [v]) { g in [g * v * 0.004] }
    }

    @Test func theMixedErrorMissesAConstantFactorOnSmallGradients() {
        let result = gradientCheck(at: [Self.input([6], seed: 23)], Self.smallGradientWrongByTwo)
        #expect(result.passed, "the mixed error is absolute below 1: \(result)")
    }

    @Test func theRelativeErrorCatchesAConstantFactorOnSmallGradients() {
        let result = gradientCheck(at: [Self.input([6], seed: 23)], mode: .relative, Self.smallGradientWrongByTwo)
        #expect(!result.passed)
        #expect(abs(result.maxError - 0.5) < 1e-2, "‖2n − n‖ / ‖2n‖ = 1/2: \(result)")
    }

    @Test func theRelativeErrorPassesCorrectSmallGradients() {
        let result = gradientCheck(at: [Self.input([6], seed: 23)], mode: .relative) { $0[0].squared() * 0.001 }
        #expect(result.passed, "\(result)")
    }
}
