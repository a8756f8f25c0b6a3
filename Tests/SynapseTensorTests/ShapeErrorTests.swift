import Foundation
import Testing
@testable import SynapseTensor

/// A wrong shape in a tensor operation is a programmer error: it stops the program with a
/// message naming both shapes (checked in a child process). Data-driven entry points validate
/// first and throw `SynapseError` instead.
@Suite struct ShapeErrorTests {
    static func expectMessage(_ result: ExitTest.Result?, _ message: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains(message), "stderr was: \(stderr)", sourceLocation: sourceLocation)
    }

    @Test func matmulOfMismatchedInnerDimensions() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).matmul(Tensor.zeros([4, 5]))
        }
        Self.expectMessage(result, "matmul: shapes [2, 3] and [4, 5] do not align")
    }

    @Test func impossibleReshape() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([2, 3]).reshaped(to: [4, -1])
        }
        Self.expectMessage(result, "Cannot reshape a tensor of shape [2, 3] (6 elements) to shape [4, -1]")
    }

    @Test func badBroadcast() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor.zeros([3, 2]) + Tensor.zeros([3])
        }
        Self.expectMessage(result, "+: shapes [3, 2] and [3] cannot be broadcast together")
    }

    @Test func wrongElementCount() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5])
        }
        Self.expectMessage(result, "got 5 scalars for shape [2, 3]")
    }
}
