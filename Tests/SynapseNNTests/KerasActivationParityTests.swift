import Foundation
import Testing
@testable import SynapseNN

/// Every activation against Keras 3 itself (keras_numerics.json, "activations"): values and
/// the gradient of Σ c·f(x) (c = 1 for the elementwise functions, a formula cotangent for
/// softmax and log_softmax over rows) at x from −10⁴ to 10⁴, through ±100, ±88 (where e^x
/// leaves float32), ±30, the kinks (0, ±3, 6) and a fine sweep over [−8, 8].
///
/// Tolerance: |a − e| / max(1, |e|) ≤ 1e-6. Measured: at most 6e-7 (tanh's derivative 1 − y²
/// near y = ±1; float32 functions of another library), 3e-7 elsewhere.
@Suite struct KerasActivationParityTests {
    static let tolerance = 1e-6

    @Test(arguments: KerasNumerics.cases("activations").map { $0["name"] as! String })
    func valuesAndGradientsMatchKeras(_ name: String) throws {
        let fixture = KerasNumerics.cases("activations").first { $0["name"] as? String == name }!
        var config = fixture["config"]!
        // Keras 3 calls leaky ReLU's slope negative_slope; the library's config calls it alpha.
        if var object = config as? [String: Any], let slope = object.removeValue(forKey: "negative_slope") {
            object["alpha"] = slope
            config = object
        }
        let activation = try ActivationFunction(config: try KerasNumerics.json(config))
        let x = KerasNumerics.tensor(fixture["x"]).requiringGradient()
        let cotangent = KerasNumerics.tensor(fixture["cotangent"])
        let y = activation(x)
        let gradient = gradients(of: (y * cotangent).sum(), wrt: [x])[0]
        let values = expectKerasClose(y.scalars, KerasFixture.stored(fixture["values"]).values, tolerance: Self.tolerance, "\(name) values")
        let derivatives = expectKerasClose(gradient.scalars, KerasFixture.stored(fixture["gradient"]).values,
                                           tolerance: Self.tolerance, "\(name) gradient")
        print("Keras activation parity, \(name): largest value error \(values), gradient error \(derivatives)")
    }

    @Test func everyActivationHasAFixture() {
        let names = Set(KerasNumerics.cases("activations").map { $0["name"] as! String })
        for activation in ActivationFunction.all {
            let kerasName = activation == .swish ? "silu" : activation.name
            #expect(names.contains(kerasName), "no Keras fixture for \(activation.name)")
        }
    }
}
