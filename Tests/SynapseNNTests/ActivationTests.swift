import Foundation
import Testing
@testable import SynapseNN

@Suite struct ActivationTests {
    @Test(arguments: ActivationFunction.all)
    func passesAGradientCheck(_ activation: ActivationFunction) {
        let x = testInput([3, 4], seed: 5) * 2
        let result = gradientCheck(at: [x]) { activation($0[0]) }
        #expect(result.passed, "\(activation): \(result)")
    }

    @Test(arguments: ActivationFunction.all)
    func roundTripsByName(_ activation: ActivationFunction) throws {
        #expect(try ActivationFunction(name: activation.name) == activation)
        #expect(try ActivationFunction(config: activation.config) == activation)
    }

    @Test func valuesMatchKerasDefinitions() {
        let x = Tensor([-4, -1, 0.5, 2, 7] as [Float])
        func values(_ a: ActivationFunction) -> [Float] { a(x).scalars }
        func close(_ a: [Float], _ b: [Double]) -> Bool { zip(a, b).allSatisfy { Swift.abs(Double($0) - $1) < 1e-5 } }
        #expect(close(values(.relu6), [0, 0, 0.5, 2, 6]))
        #expect(close(values(.hardSigmoid), [0, 2.0 / 6, 3.5 / 6, 5.0 / 6, 1]))
        #expect(close(values(.leakyRelu), [-0.8, -0.2, 0.5, 2, 7]))
        #expect(close(values(.elu), [exp(-4) - 1, exp(-1) - 1, 0.5, 2, 7]))
        let (l, a) = (1.0507009873554805, 1.6732632423543772)
        #expect(close(values(.selu), [l * a * (exp(-4) - 1), l * a * (exp(-1) - 1), l * 0.5, l * 2, l * 7]))
        #expect(close(values(.gelu), [-4, -1, 0.5, 2, 7].map { $0 * 0.5 * (1 + erf($0 / 2.0.squareRoot())) }))
        #expect(close(values(.swish), [-4, -1, 0.5, 2, 7].map { $0 / (1 + exp(-$0)) }))
        #expect(close(values(.softplus), [-4, -1, 0.5, 2, 7].map { log(1 + exp($0)) }))
        #expect(close(values(.softsign), [-4, -1, 0.5, 2, 7].map { $0 / (1 + Swift.abs($0)) }))
        #expect(ActivationFunction.silu == .swish)
        #expect(throws: SynapseError.self) { try ActivationFunction(name: "relu7") }
    }
}
