import Foundation
import Testing
@testable import SynapseNN

/// Every optimizer and option against Keras 3 itself (keras_numerics.json, "optimizers"): the
/// model 5 → Dense(6, tanh) → Dense(2) with formula weights, mean squared error, trained on
/// consecutive batches of 8 rows with shuffling off (one `fit` epoch here, `train_on_batch` per
/// batch in Keras), for 4 to 8 steps. The optimizer is rebuilt from Keras's own configuration
/// (names and defaults as Keras's, schedules as {"class_name", "config"}).
///
/// Tolerance: every weight after the last step within 1e-6 of Keras's, as |a − e| / max(1, |e|)
/// (the weights are below 1, so this is 1e-6 absolute), and the epoch's mean loss within 1e-6
/// relative. Measured: at most 4.2e-7 on the weights (Adam with a piecewise-constant rate; Adam's
/// m/√v turns the last bits of small gradients into whole steps), below 5e-8 for most cases, and
/// 2.6e-7 on the losses. The schedules' values: 1e-6 relative, measured ≤ 3.5e-8.
@Suite struct KerasOptimizerParityTests {
    static let tolerance = 1e-6
    static let names = KerasNumerics.cases("optimizers").map { $0["name"] as! String }

    static func testCase(_ name: String) -> [String: Any] {
        KerasNumerics.cases("optimizers").first { $0["name"] as? String == name }!
    }

    /// The optimizer of a Keras class name and configuration.
    static func optimizer(_ fixture: [String: Any]) throws -> Optimizer {
        var config = fixture["config"] as! [String: Any]
        config["name"] = (fixture["optimizer"] as! String).lowercased()
        return try makeOptimizer(config: try KerasNumerics.json(config))
    }

    @Test(arguments: names)
    func trainsAsKeras(_ name: String) throws {
        let fixture = Self.testCase(name)
        let model = Sequential {
            Input(shape: [5])
            Dense(6, activation: .tanh)
            Dense(2)
        }
        try model.build(inputShape: [5])
        let initial = fixture["initialWeights"] as! [[String: Any]]
        for (weight, spec) in zip(model.weights, initial) { try weight.assign(KerasFixture.tensor(spec)) }
        let optimizer = try Self.optimizer(fixture)
        try model.compile(optimizer: optimizer, loss: "mse")
        let (x, y) = (KerasFixture.tensor(fixture["x"]), KerasFixture.tensor(fixture["y"]))
        let history = try model.fit(x: x, y: y, epochs: 1, batchSize: (fixture["batch"] as! NSNumber).intValue,
                                    shuffle: false, verbose: 0)
        #expect(optimizer.iterations == (fixture["iterations"] as! NSNumber).intValue)

        let losses = kerasDoubles(fixture["losses"])
        let kerasMean = losses.reduce(0, +) / Double(losses.count)
        let lossError = KerasNumerics.relativeError(try history["loss"][0], kerasMean)
        #expect(lossError <= Self.tolerance, "\(name): mean loss \(history.history["loss"]?.first ?? .nan) vs Keras \(kerasMean)")

        var worst = 0.0
        for (weight, expected) in zip(model.weights, fixture["weights"] as! [[String: Any]]) {
            let stored = KerasFixture.stored(expected)
            #expect(weight.value.shape == stored.shape)
            worst = Swift.max(worst, expectKerasClose(weight.value.scalars, stored.values, tolerance: Self.tolerance, "\(name) \(weight.name)"))
        }
        print("Keras optimizer parity, \(name): largest weight error \(worst), loss error \(lossError)")

        // The configuration round-trips (model files store it).
        let again = try makeOptimizer(config: optimizer.config)
        #expect(again.config == optimizer.config, "\(name): \(again.config.jsonString()) vs \(optimizer.config.jsonString())")
    }

    /// The fixture holds a case for every optimizer Synapse has and for each option Keras has.
    @Test func everyOptimizerAndOptionHasAFixture() {
        let cases = KerasNumerics.cases("optimizers")
        let classes = Set(cases.map { ($0["optimizer"] as! String).lowercased() })
        #expect(classes == ["sgd", "rmsprop", "adam", "adamw", "adagrad", "adadelta", "adamax", "nadam"])
        let options = Set(cases.flatMap { ($0["config"] as! [String: Any]).keys })
        for option in ["momentum", "nesterov", "centered", "amsgrad", "rho", "weight_decay", "clipnorm", "clipvalue",
                       "global_clipnorm", "initial_accumulator_value", "epsilon", "beta_1", "beta_2"] {
            #expect(options.contains(option), "no Keras fixture sets \(option)")
        }
        let schedules = Set(cases.compactMap { (($0["config"] as! [String: Any])["learning_rate"] as? [String: Any])?["class_name"] as? String })
        #expect(schedules == ["ExponentialDecay", "PiecewiseConstantDecay", "CosineDecay"])
    }

    @Test(arguments: KerasNumerics.cases("schedules").map { $0["name"] as! String })
    func scheduleMatchesKeras(_ name: String) throws {
        let fixture = KerasNumerics.cases("schedules").first { $0["name"] as? String == name }!
        let schedule = try makeSchedule(config: try KerasNumerics.json(["class_name": fixture["class_name"]!, "config": fixture["config"]!]))
        let steps = kerasInts(fixture["steps"]), values = kerasDoubles(fixture["values"])
        var worst = 0.0
        for (step, expected) in zip(steps, values) {
            let error = KerasNumerics.relativeError(Double(schedule(step: step)), expected)
            worst = Swift.max(worst, error)
            #expect(error <= 1e-6, "\(name) at step \(step): \(schedule(step: step)) vs Keras \(expected)")
        }
        print("Keras schedule parity, \(name): largest relative error \(worst)")
    }
}
