import Foundation
import Testing
@testable import SynapseNN

/// SimpleRNN, LSTM, GRU and Bidirectional against Keras 3 (TensorFlow, float32): the same
/// formula-defined weights and inputs, outputs (and final states) to 1e-5, from keras_rnn.json
/// (scripts/fixtures/make_keras_rnn_fixtures.py); and one Adam step of the seed's sine models.
@Suite struct KerasRNNParityTests {
    static let tolerance = 1e-5

    static var cases: [[String: Any]] { (try? KerasFixture.json("keras_rnn")["cases"] as? [[String: Any]]) ?? [] }
    static func names(layer: String) -> [String] { cases.filter { $0["layer"] as? String == layer }.map { $0["name"] as! String } }
    static func testCase(_ name: String) throws -> [String: Any] {
        try #require(cases.first { $0["name"] as? String == name }, "no case \(name)")
    }

    /// The recurrent layer a fixture's Keras config describes.
    static func makeRecurrent(_ className: String, _ config: [String: Any]) throws -> RecurrentLayer {
        var layerConfig: LayerConfig = [:]
        for (key, value) in config {
            if let b = value as? Bool { layerConfig[key] = .bool(b) } else if let n = value as? NSNumber { layerConfig[key] = .number(n.doubleValue) } else if let s = value as? String { layerConfig[key] = .string(s) }
        }
        let layer = try LayerRegistry.layer(from: ["class_name": .string(className), "config": .object(layerConfig)])
        return try #require(layer as? RecurrentLayer)
    }

    static func assign(_ weights: [Weight], _ specs: [[String: Any]]) throws {
        try #require(weights.count == specs.count, "\(weights.count) weights, Keras has \(specs.count)")
        for (weight, spec) in zip(weights, specs) {
            #expect(weight.value.shape == kerasInts(spec["shape"]), "\(weight.name)")
            try weight.assign(KerasFixture.tensor(spec))
        }
    }

    static func mask(_ any: Any?) -> Tensor? {
        guard let rows = any as? [[Bool]] else { return nil }
        return Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0.map { $0 ? 1 : 0 } })
    }

    static func checkOutputs(_ name: String, _ actual: [Tensor], _ fixture: [String: Any]) {
        let outputs = fixture["outputs"] as! [Any]
        #expect(actual.count == outputs.count, "\(name): \(actual.count) outputs, Keras has \(outputs.count)")
        for (k, (a, e)) in zip(actual, outputs).enumerated() {
            let expected = KerasFixture.stored(e)
            #expect(a.shape == expected.shape, "\(name) output \(k): shape \(a.shape) vs Keras \(expected.shape)")
            expectKerasClose(a.scalars, expected.values, tolerance: tolerance, "\(name) output \(k)")
        }
    }

    static func check(_ name: String) throws {
        let fixture = try testCase(name)
        let className = fixture["layer"] as! String
        let layer = try makeRecurrent(className, fixture["config"] as! [String: Any])
        let x = KerasFixture.tensor(fixture["input"])
        try layer.build(inputShape: Array(x.shape.dropFirst()))
        try assign(layer.weights, fixture["weights"] as! [[String: Any]])
        let result = layer.callWithStates(x, mask: mask(fixture["mask"]))
        checkOutputs(name, layer.returnState ? [result.output] + result.states : [result.output], fixture)
    }

    @Test(arguments: names(layer: "SimpleRNN")) func simpleRNN(_ name: String) throws { try Self.check(name) }
    @Test(arguments: names(layer: "LSTM")) func lstm(_ name: String) throws { try Self.check(name) }
    @Test(arguments: names(layer: "GRU")) func gru(_ name: String) throws { try Self.check(name) }

    @Test(arguments: names(layer: "Bidirectional")) func bidirectional(_ name: String) throws {
        let fixture = try Self.testCase(name)
        let config = fixture["config"] as! [String: Any]
        let inner = config["layer"] as! [String: Any]
        let units = (inner["units"] as! NSNumber).intValue, sequences = inner["return_sequences"] as! Bool
        let layer: RecurrentLayer = inner["class_name"] as! String == "GRU" ? GRU(units, returnSequences: sequences)
            : LSTM(units, returnSequences: sequences)
        let wrapper = try Bidirectional(layer, mergeMode: try #require(BidirectionalMerge(rawValue: config["merge_mode"] as! String)))
        let x = KerasFixture.tensor(fixture["input"])
        try wrapper.build(inputShape: Array(x.shape.dropFirst()))
        try Self.assign(wrapper.weights, fixture["weights"] as! [[String: Any]])
        Self.checkOutputs(name, [wrapper(x)], fixture)
        #expect(try wrapper.outputShape(forInputShape: Array(x.shape.dropFirst())) == Array(wrapper(x).shape.dropFirst()))
    }

    @Test func fixturesCoverTheIssue() {
        let all = Set(Self.cases.map { $0["name"] as! String })
        for required in ["simple_rnn", "lstm", "lstm_relu", "gru", "gru_reset_before", "lstm_sequences", "lstm_state",
                         "gru_go_backwards", "lstm_masked_sequences", "bidirectional_lstm_concat", "embedding_mask_zero_lstm"] {
            #expect(all.contains(required), "missing fixture \(required)")
        }
    }

    static func training(_ name: String) throws -> [String: Any] {
        let cases = try #require(KerasFixture.json("keras_rnn")["training"] as? [[String: Any]])
        return try #require(cases.first { $0["name"] as? String == name })
    }

    /// The seed's sine model, LSTM(50) → Dense(1), one Adam step on a batch of 4 windows.
    @Test func sineLSTMOneAdamStep() throws {
        let fixture = try Self.training("sine_lstm")
        let model = Sequential { Input(shape: [50, 1]); LSTM(50); Dense(1) }
        try KerasParityTests.checkOneStep("sine_lstm", model: model, inputShape: [50, 1],
                                          y: KerasFixture.tensor(fixture["target"]), fixture: fixture)
    }

    @Test func sineSimpleRNNOneAdamStep() throws {
        let fixture = try Self.training("sine_rnn")
        let model = Sequential { Input(shape: [50, 1]); SimpleRNN(50); Dense(1) }
        try KerasParityTests.checkOneStep("sine_rnn", model: model, inputShape: [50, 1],
                                          y: KerasFixture.tensor(fixture["target"]), fixture: fixture)
    }

    @Test func seriesReluLSTMOneAdamStep() throws {
        let fixture = try Self.training("series_lstm_relu")
        let model = Sequential { Input(shape: [18, 1]); LSTM(20, activation: .relu); Dense(1) }
        try KerasParityTests.checkOneStep("series_lstm_relu", model: model, inputShape: [18, 1],
                                          y: KerasFixture.tensor(fixture["target"]), fixture: fixture)
    }

    @Test func stackedGRUOneAdamStep() throws {
        let fixture = try Self.training("gru_sequences")
        let model = Sequential { Input(shape: [7, 2]); GRU(8, returnSequences: true); GRU(6); Dense(1) }
        try KerasParityTests.checkOneStep("gru_sequences", model: model, inputShape: [7, 2],
                                          y: KerasFixture.tensor(fixture["target"]), fixture: fixture)
    }
}
