import Foundation
import Testing
@testable import SynapseNN
import SynapseData

/// `fit` against Keras 3's (keras_numerics.json, "fit"): the seed's cancer MLP without Dropout
/// (30 → Dense(30, relu) → Dense(15, relu) → Dense(1, sigmoid), Adam's defaults, binary
/// cross-entropy, accuracy), formula initial weights, the first 256 rows of the shipped data
/// set standardised with Keras-side float32 mean and standard deviation, batches of 32 in order
/// (shuffle off), ten epochs: 80 Adam steps.
///
/// Tolerance: the history of loss and accuracy to 1e-5 (|a − e| / max(1, |e|)); the weights after
/// the run to 1e-5. Measured: loss 2e-6 (80 steps of float32 in another order), accuracy exact
/// (every prediction on the same side of 0.5), weights 6e-7.
@Suite struct KerasFitParityTests {
    static let tolerance = 1e-5

    @Test func cancerModelTenEpochsGiveKerassHistory() throws {
        let fixture = KerasNumerics.fixture["fit"] as! [String: Any]
        let rows = (fixture["rows"] as! NSNumber).intValue
        let frame = Datasets.breastCancer()
        let xAll = try frame.dropping(["benign_0__mal_1"]).toTensor()
        let yAll = try frame.toTensor(column: "benign_0__mal_1")
        let mean = kerasDoubles(fixture["mean"]).map { Float($0) }, std = kerasDoubles(fixture["std"]).map { Float($0) }
        // x = (x − mean) / std in float32, elementwise: the same bits as numpy's.
        let raw = xAll.scalars
        let x = Tensor(shape: [rows, 30], scalars: (0..<(rows * 30)).map { i in (raw[i] - mean[i % 30]) / std[i % 30] })
        let y = Tensor(shape: [rows, 1], scalars: Array(yAll.scalars[0..<rows]))

        let model = Sequential {
            Input(shape: [30])
            Dense(30, activation: .relu)
            Dense(15, activation: .relu)
            Dense(1, activation: .sigmoid)
        }
        try model.build(inputShape: [30])
        for (weight, spec) in zip(model.weights, fixture["initialWeights"] as! [[String: Any]]) {
            try weight.assign(KerasFixture.tensor(spec))
        }
        try model.compile(optimizer: Adam(), loss: "binary_crossentropy", metrics: ["accuracy"])
        let history = try model.fit(x: x, y: y, epochs: (fixture["epochs"] as! NSNumber).intValue,
                                    batchSize: (fixture["batchSize"] as! NSNumber).intValue, shuffle: false, verbose: 0)

        let expected = fixture["history"] as! [String: Any]
        var errors: [String: Double] = [:]
        for key in ["loss", "accuracy"] {
            let keras = kerasDoubles(expected[key])
            #expect(try history[key].count == keras.count)
            errors[key] = expectKerasClose(try history[key].map { Float($0) }, keras, tolerance: Self.tolerance, "history \(key)")
        }
        var weights = 0.0
        for (weight, stored) in zip(model.weights, fixture["weights"] as! [[String: Any]]) {
            weights = Swift.max(weights, expectKerasClose(weight.value.scalars, KerasFixture.stored(stored).values,
                                                          tolerance: Self.tolerance, "\(weight.name) after fit"))
        }
        print("Keras fit parity, cancer: largest errors loss \(errors["loss"]!), accuracy \(errors["accuracy"]!), weights \(weights)")
    }

    /// Class weights through `fit` (keras_numerics.json, "classWeight"): 5 → Dense(4, tanh) →
    /// Dense(1, sigmoid), binary cross-entropy, SGD(0.1), labels 1 on every third row,
    /// class_weight {0: 0.5, 1: 2}, two epochs of three batches of 8, shuffle off.
    /// Tolerance 1e-6; measured: loss 4.3e-8, weights 1.3e-8.
    @Test func classWeightsScaleTheLossAsKeras() throws {
        let fixture = KerasNumerics.fixture["classWeight"] as! [String: Any]
        let model = Sequential {
            Input(shape: [5])
            Dense(4, activation: .tanh)
            Dense(1, activation: .sigmoid)
        }
        try model.build(inputShape: [5])
        for (weight, spec) in zip(model.weights, fixture["initialWeights"] as! [[String: Any]]) {
            try weight.assign(KerasFixture.tensor(spec))
        }
        let x = KerasFixture.tensor(fixture["x"])
        let y = Tensor(shape: [x.shape[0], 1], scalars: (0..<x.shape[0]).map { $0 % 3 == 0 ? 1 : 0 })
        var classWeight: [Int: Float] = [:]
        for (key, value) in fixture["classWeight"] as! [String: Any] { classWeight[Int(key)!] = Float(kerasDouble(value)) }
        try model.compile(optimizer: SGD(learningRate: 0.1), loss: "binary_crossentropy")
        let history = try model.fit(x: x, y: y, epochs: (fixture["epochs"] as! NSNumber).intValue,
                                    batchSize: (fixture["batchSize"] as! NSNumber).intValue, shuffle: false,
                                    classWeight: classWeight, verbose: 0)
        let loss = expectKerasClose(try history["loss"].map { Float($0) }, kerasDoubles((fixture["history"] as! [String: Any])["loss"]),
                                    tolerance: 1e-6, "class-weighted loss")
        var weights = 0.0
        for (weight, stored) in zip(model.weights, fixture["weights"] as! [[String: Any]]) {
            weights = Swift.max(weights, expectKerasClose(weight.value.scalars, KerasFixture.stored(stored).values,
                                                          tolerance: 1e-6, "\(weight.name) after fit"))
        }
        print("Keras fit parity, class weights: largest errors loss \(loss), weights \(weights)")
    }
}
