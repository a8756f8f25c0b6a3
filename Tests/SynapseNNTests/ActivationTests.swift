import Foundation
import Testing
@testable import SynapseNN

/// Gradient checks and names; values and derivatives against Keras 3 itself are in
/// KerasActivationParityTests.
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

    @Test func namesAndAliases() {
        #expect(ActivationFunction.silu == .swish)
        #expect(throws: SynapseError.self) { try ActivationFunction(name: "relu7") }
    }
}
