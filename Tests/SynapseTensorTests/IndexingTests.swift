import Foundation
import Testing
@testable import SynapseTensor

/// NumPy-style indexing along several axes, and the throwing forms of the shape-sensitive ops.
/// The expected values are NumPy's for `np.arange(24).reshape(2, 3, 4)` (x[i, j, k] = 12i + 4j + k).
@Suite struct IndexingTests {
    let x = Tensor.arange(0, 24).reshaped(to: [2, 3, 4])

    @Test func rangesAlongSeveralAxes() {
        // x[0:2, 1:, 1:3]
        let y = x[0..<2, 1..., 1..<3]
        #expect(y.shape == [2, 2, 2])
        #expect(y.scalars == [5, 6, 9, 10, 17, 18, 21, 22])
        // x[:, :, 3]: the integer drops the axis
        #expect(x[0..., 0..., 3].shape == [2, 3])
        #expect(x[0..., 0..., 3].scalars == [3, 7, 11, 15, 19, 23])
        // x[1, -1] and x[1, ...2]: trailing axes kept whole, closed and partial ranges
        #expect(x[1, -1].scalars == [20, 21, 22, 23])
        #expect(x[1, ...1].shape == [2, 4])
        #expect(x[1, 0...1, ..<2].scalars == [12, 13, 16, 17])
        #expect(x[1, 2, 3].shape == [] && x[1, 2, 3].scalar == 23)
    }

    @Test func indexingIsDifferentiable() {
        let result = gradientCheck(at: [Tensor.randomNormal([3, 4, 5], seed: 3)]) { inputs in
            let t = inputs[0]
            return t[0, 1..., 1..<3] + t[1..., 2, 1...].sum()
        }
        #expect(result.passed, "\(result)")
    }

    @Test func outOfRangeIndexesThrowNamingTheAxis() throws {
        #expect(throws: SynapseError.shapeMismatch("index 3 is out of range for axis 1 of size 3 (shape [2, 3, 4])")) {
            try x.indexed([0, 3])
        }
        #expect(throws: SynapseError.self) { try x.checked[0..<3, 0] }
        #expect(throws: SynapseError.self) { try x.indexed([0, 0, 0, 0]) }
        #expect(try x.checked[1, 1..<3].scalars == [16, 17, 18, 19, 20, 21, 22, 23])
    }

    @Test func checkedOpsThrowWhereThePlainOnesStop() throws {
        let a = Tensor.zeros([2, 3]), b = Tensor.zeros([4, 5])
        #expect(throws: SynapseError.shapeMismatch("matmul: shapes [2, 3] and [4, 5] do not align (inner dimensions 3 and 4)")) {
            try a.checked.matmul(b)
        }
        #expect(try a.checked.matmul(Tensor.ones([3, 5])).shape == [2, 5])
        #expect(throws: SynapseError.self) { try a.checked.reshaped(to: [4, -1]) }
        #expect(try a.checked.reshaped(to: [3, -1]).shape == [3, 2])
        #expect(throws: SynapseError.self) { try Tensor.zeros([3, 2]).checked.adding(Tensor.zeros([3])) }
        #expect(try Tensor.zeros([3, 2]).checked.adding(Tensor.ones([2])).scalars == [1, 1, 1, 1, 1, 1])
        #expect(throws: SynapseError.self) { try a.checked.broadcast(to: [3, 3]) }
        #expect(throws: SynapseError.self) { try a.checked.slice(0..<3) }
        #expect(throws: SynapseError.self) { try a.checked.permuted([0, 0]) }
        #expect(throws: SynapseError.self) { try Tensor.zeros([3]).checked.transposed() }
        #expect(throws: SynapseError.self) { try a.checked.gathering([2]) }
        #expect(throws: SynapseError.self) { try a.checked.scalar }
        #expect(throws: SynapseError.self) { try CheckedTensor.concatenate([a, b]) }
        #expect(throws: SynapseError.self) { try CheckedTensor.stack([a, b]) }
        #expect(try CheckedTensor.concatenate([a, a], alongAxis: 1).shape == [2, 6])
        // Same values and gradients as the plain op.
        let w = Tensor.randomNormal([3, 2], seed: 1).requiringGradient()
        let v = Tensor.randomNormal([4, 3], seed: 2)
        try v.checked.matmul(w).sum().backward()
        #expect(w.gradient!.scalars == gradients(of: v.matmul(w).sum(), wrt: [w])[0].scalars)
    }
}
