import Foundation
import Testing
@testable import SynapseNN

/// Every loss against Keras 3 itself (keras_numerics.json, "losses"): the value and its gradient
/// with respect to the predictions (tf.GradientTape in Keras, the tape here) on edge inputs —
/// probabilities at exactly 0 and 1 and inside the 1e-7 clip, logits at ±100 and ±88, Huber
/// errors at, just under and just over δ, soft targets, rows that do not sum to 1, and sample
/// weights (0 included).
///
/// Tolerance: |a − e| / max(1, |e|) ≤ 1e-6 for the value and every gradient element. Measured:
/// at most 1.4e-7 (the value of binary cross-entropy at logits ±100, whose terms are ~100) and
/// 1.2e-7 on a gradient (sparse categorical cross-entropy from probabilities).
@Suite struct KerasLossParityTests {
    static let tolerance = 1e-6

    /// Keras's class name → the library's loss name (the configuration keys are Keras's).
    static let names = ["MeanSquaredError": "mean_squared_error", "MeanAbsoluteError": "mean_absolute_error",
                        "Huber": "huber", "BinaryCrossentropy": "binary_crossentropy",
                        "CategoricalCrossentropy": "categorical_crossentropy",
                        "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy"]

    @Test(arguments: KerasNumerics.cases("losses").map { $0["name"] as! String })
    func valueAndGradientMatchKeras(_ name: String) throws {
        let fixture = KerasNumerics.cases("losses").first { $0["name"] as? String == name }!
        var config = fixture["config"] as! [String: Any]
        config["name"] = try #require(Self.names[fixture["loss"] as! String])
        let loss = try makeLoss(config: try KerasNumerics.json(config))
        let yTrue = KerasNumerics.tensor(fixture["yTrue"])
        let yPred = KerasNumerics.tensor(fixture["yPred"]).requiringGradient()
        let weights = KerasNumerics.optionalTensor(fixture["sampleWeight"])
        let value = loss(yTrue, yPred, sampleWeight: weights)
        let gradient = gradients(of: value, wrt: [yPred])[0]

        let valueError = kerasError(Double(value.scalar), kerasDouble(fixture["value"]))
        #expect(valueError <= Self.tolerance, "\(name): \(value.scalar) vs Keras \(kerasDouble(fixture["value"]))")
        let expected = KerasFixture.stored(fixture["gradient"])
        #expect(gradient.shape == expected.shape)
        let gradientError = expectKerasClose(gradient.scalars, expected.values, tolerance: Self.tolerance, "\(name) gradient")
        print("Keras loss parity, \(name): value error \(valueError), largest gradient error \(gradientError)")
    }

    @Test func everyLossHasAFixture() {
        let classes = Set(KerasNumerics.cases("losses").map { $0["loss"] as! String })
        #expect(classes == Set(Self.names.keys))
    }
}
