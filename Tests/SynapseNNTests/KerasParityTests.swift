import Foundation
import Testing
@testable import SynapseNN

/// One Adam step of the seed's Dense models against Keras 3 (TensorFlow backend, float32):
/// the same formula-defined weights and batch (KerasFixture), then the predictions before the
/// step, the step's loss and every weight after it, against keras_train_step.json
/// (scripts/fixtures/make_keras_fixtures.py: model.predict, then one train_on_batch with
/// Adam(learning_rate=1e-3) and Keras's other defaults).
///
/// Tolerances: errors are |synapse − keras| / max(1, |keras|). Predictions, the loss, the
/// sampled weights and the per-weight sums all agree to 1e-5; float32 arithmetic in another
/// order (BLAS blocking, fused kernels) moves them by a few 1e-7 at most.
@Suite struct KerasParityTests {
    static let tolerance = 1e-5

    /// Builds `model` for `inputShape`, assigns the fixture's weights, checks the predictions,
    /// runs fit for one epoch of one batch (unshuffled: exactly one Adam step, as train_on_batch)
    /// and checks the loss and the updated weights. Returns the largest errors, for the record.
    @discardableResult
    static func checkOneStep(_ name: String, model: Sequential, inputShape: [Int], y: Tensor,
                             fixture given: [String: Any]? = nil) throws -> [String: Double] {
        let fixture = try given ?? KerasFixture.testCase("keras_train_step", name)
        try model.build(inputShape: inputShape)
        let initial = fixture["initialWeights"] as! [[String: Any]]
        let weights = model.weights
        try #require(weights.count == initial.count, "\(name): \(weights.count) weights, Keras has \(initial.count)")
        for (weight, spec) in zip(weights, initial) {
            #expect(weight.value.shape == kerasInts(spec["shape"]), "\(weight.name) vs Keras's \(spec["name"]!)")
            try weight.assign(KerasFixture.tensor(spec))
        }
        let x = KerasFixture.tensor(fixture["input"])
        let batch = (fixture["batch"] as! NSNumber).intValue
        #expect(x.shape[0] == batch && y.shape[0] == batch)

        // Forward: predictions with the initial weights.
        let expected = KerasFixture.stored(fixture["predictions"])
        let predictions = try model.predict(x, batchSize: batch)
        #expect(predictions.shape == expected.shape)
        var errors: [String: Double] = [:]
        errors["predictions"] = expectKerasClose(predictions.scalars, expected.values, tolerance: tolerance, "\(name) predictions")

        // One step.
        try model.compile(optimizer: Adam(learningRate: 1e-3), loss: fixture["loss"] as! String)
        let history = try model.fit(x: x, y: y, epochs: 1, batchSize: batch, shuffle: false, verbose: 0)
        #expect(model.optimizer!.iterations == 1, "fit on one batch must be exactly one optimizer step")
        let loss = try #require(try history["loss"].first)
        let kerasLoss = kerasDouble(fixture["stepLoss"])
        errors["loss"] = Swift.abs(loss - kerasLoss) / Swift.abs(kerasLoss)
        #expect(errors["loss"]! <= tolerance, "\(name): loss \(loss) vs Keras \(kerasLoss)")

        // The weights after the step.
        let updated = fixture["updatedWeights"] as! [[String: Any]]
        try #require(updated.count == weights.count)
        var sums = 0.0, values = 0.0
        for (weight, summary) in zip(model.weights, updated) {
            let e = expectKerasSummary(weight.value, summary, tolerance: tolerance, sumTolerance: tolerance)
            sums = Swift.max(sums, e.sums)
            values = Swift.max(values, e.values)
        }
        errors["weight sums"] = sums
        errors["weight values"] = values
        print("Keras parity, \(name): largest errors " + errors.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        return errors
    }

    /// The cancer MLP: 30 → Dense(30, relu) → Dense(15, relu) → Dense(1, sigmoid), binary
    /// cross-entropy (fused with the sigmoid on the logits in both libraries), labels i % 2.
    @Test func cancerMLPOneAdamStep() throws {
        let model = Sequential {
            Input(shape: [30])
            Dense(30, activation: .relu)
            Dense(15, activation: .relu)
            Dense(1, activation: .sigmoid)
        }
        let y = Tensor(shape: [32, 1], scalars: (0..<32).map { Float($0 % 2) })
        try Self.checkOneStep("cancer_mlp", model: model, inputShape: [30], y: y)
    }

    /// The house MLP: 19 → Dense(19, relu) × 4 → Dense(1), mean squared error; targets from the
    /// formula (k = 101, scale 1.5, offset 2).
    @Test func houseMLPOneAdamStep() throws {
        let model = Sequential {
            Input(shape: [19])
            for _ in 0..<4 { Dense(19, activation: .relu) }
            Dense(1)
        }
        let fixture = try KerasFixture.testCase("keras_train_step", "house_mlp")
        let y = KerasFixture.tensor(fixture["target"])
        try Self.checkOneStep("house_mlp", model: model, inputShape: [19], y: y)
    }

    /// The formula the fixtures share, on a few values the script printed (float32 of
    /// offset + scale · sin(0.37 i + 1.3 k)): a guard against a silent change on either side.
    @Test func formulaMatchesTheScript() throws {
        let fixture = try KerasFixture.json("keras_train_step")
        #expect((fixture["formula"] as! String).contains("offset + scale * sin(0.37 * i + 1.3 * k)"))
        let t = KerasFixture.tensor(["shape": [2, 2], "k": 3, "scale": 0.5, "offset": 1.0] as [String: Any])
        let expected = (0..<4).map { Float(1.0 + 0.5 * sin(0.37 * Double($0) + 3.9000000000000004)) }
        #expect(t.scalars == expected)
        // The layers' fixture records the same versions.
        let layers = try KerasFixture.json("keras_layers")
        #expect(layers["keras"] as? String == fixture["keras"] as? String)
    }
}
