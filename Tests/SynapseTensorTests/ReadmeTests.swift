import Testing
import SynapseTensor

/// The README's snippets, run as written, with what the README says they print.
@Suite struct ReadmeTests {
    @Test func tensorsAndGradients() throws {
        let x = Tensor([[1, 2], [3, 4]])
        let y = x * Tensor([10, 100]) + 1
        #expect(y.description == "[[ 11. 201.]\n [ 31. 401.]]")
        #expect(x.sum(alongAxes: 0).description == "[4. 6.]")
        #expect(x.mean().description == "2.5")
        #expect(softmax(x, alongAxis: -1).shape == [2, 2])

        var w = Tensor.randomNormal([2, 1], seed: 42)
        w.requiresGradient = true
        let loss = (x.matmul(w) - Tensor([[1], [2]])).squared().mean()
        try loss.backward()
        #expect(w.gradient?.shape == [2, 1])
        let before = loss.scalar
        withoutGradients { w -= w.gradient! * 0.02 }
        let after = (x.matmul(w) - Tensor([[1], [2]])).squared().mean().scalar
        #expect(after < before)
    }

    @Test func gradientCheckOfAUserFunction() throws {
        let check = gradientCheck(at: [Tensor.randomNormal([3, 4], seed: 1)]) { inputs in
            tanh(inputs[0]).squared().sum(alongAxes: 1)
        }
        #expect(check.passed)
        #expect(check.description.hasPrefix("gradient check passed"))
    }
}
