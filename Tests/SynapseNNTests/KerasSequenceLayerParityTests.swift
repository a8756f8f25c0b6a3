import Foundation
import Testing
@testable import SynapseNN

/// Embedding, TimeDistributed and Masking against Keras 3 (TensorFlow backend, float32):
/// keras_rnn.json (scripts/fixtures/make_keras_rnn_fixtures.py) holds each case's formula specs
/// of its input and weights (KerasFixture; the weights in Keras's layer order), token ids where
/// the input is tokens, and Keras's outputs in full. Errors are |synapse − keras| / max(1, |keras|),
/// at most 1e-5.
@Suite struct KerasSequenceLayerParityTests {
    static let tolerance = 1e-5

    static func fixture(_ name: String) throws -> [String: Any] { try KerasFixture.testCase("keras_rnn", name) }

    /// The case's token ids [batch, steps], as Float.
    static func tokens(_ fixture: [String: Any]) -> Tensor {
        let rows = (fixture["tokens"] as! [Any]).map(kerasInts)
        return Tensor(shape: [rows.count, rows[0].count], scalars: rows.flatMap { $0.map(Float.init) })
    }

    /// The case's formula input with its padded steps (every feature 0) and lone zeros written in.
    static func paddedInput(_ fixture: [String: Any]) -> Tensor {
        let x = KerasFixture.tensor(fixture["input"])
        var values = x.scalars
        let zeros = fixture["zeros"] as! [String: Any]
        let (steps, features) = (x.shape[1], x.shape[2])
        for step in (zeros["steps"] as! [Any]).map(kerasInts) {
            for f in 0..<features { values[(step[0] * steps + step[1]) * features + f] = 0 }
        }
        for element in (zeros["elements"] as! [Any]).map(kerasInts) {
            values[(element[0] * steps + element[1]) * features + element[2]] = 0
        }
        return Tensor(shape: x.shape, scalars: values)
    }

    static func weights(_ fixture: [String: Any]) -> [Tensor] {
        (fixture["weights"] as! [Any]).map(KerasFixture.tensor)
    }

    static func expectOutput(_ y: Tensor, _ fixture: [String: Any], index: Int = 0,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let name = fixture["name"] as! String
        let expected = KerasFixture.stored((fixture["outputs"] as! [Any])[index])
        #expect(y.shape == expected.shape, "\(name): output shape \(y.shape) vs Keras \(expected.shape)", sourceLocation: sourceLocation)
        expectKerasClose(y.scalars, expected.values, tolerance: tolerance, "\(name) output \(index)", sourceLocation: sourceLocation)
    }

    static func recurrent(_ className: String, returnSequences: Bool) -> RecurrentLayer {
        switch className {
        case "LSTM": return LSTM(6, returnSequences: returnSequences)
        case "GRU": return GRU(6, returnSequences: returnSequences)
        default: return SimpleRNN(6, returnSequences: returnSequences)
        }
    }

    @Test func embedding() throws {
        let fixture = try Self.fixture("embedding")
        let model = Sequential { Input(shape: [5]); Embedding(10, 4) }
        try model.build(inputShape: [5])
        try model.setWeights(Self.weights(fixture))
        Self.expectOutput(try model.predict(Self.tokens(fixture)), fixture)
    }

    /// Embedding(10, 4, mask_zero) → SimpleRNN / LSTM / GRU (6, return_sequences): the padded
    /// steps (id 0, at the start of row 0 and the end of row 1) are skipped through the mask.
    @Test(arguments: ["lstm", "gru", "simplernn"])
    func embeddingMaskZeroFeedsARecurrentLayer(_ cell: String) throws {
        let fixture = try Self.fixture("embedding_mask_zero_\(cell)")
        let config = fixture["config"] as! [String: Any]
        let model = Sequential {
            Input(shape: [5])
            Embedding(10, 4, maskZero: true)
            Self.recurrent(config["rnn"] as! String, returnSequences: true)
        }
        try model.build(inputShape: [5])
        try model.setWeights(Self.weights(fixture))
        Self.expectOutput(try model.predict(Self.tokens(fixture)), fixture)
    }

    @Test func timeDistributedDense() throws {
        let fixture = try Self.fixture("time_distributed_dense")
        let layer = TimeDistributed(Dense(3, activation: .tanh))
        let x = KerasFixture.tensor(fixture["input"])
        var generator = SeededGenerator(seed: 1)
        try layer.build(inputShape: Array(x.shape.dropFirst()), generator: &generator)
        for (weight, value) in zip(layer.weights, Self.weights(fixture)) { try weight.assign(value) }
        Self.expectOutput(layer(x), fixture)
    }

    /// Masking(0): padded steps become zeros, a lone zero feature does not mask its step; the
    /// second output is Keras's compute_mask.
    @Test func masking() throws {
        let fixture = try Self.fixture("masking")
        let layer = Masking(maskValue: 0)
        let x = Self.paddedInput(fixture)
        Self.expectOutput(layer(x), fixture)
        Self.expectOutput(try #require(layer.computeMask(x, previous: nil)), fixture, index: 1)
    }

    @Test(arguments: ["masking_lstm_sequences", "masking_gru"])
    func maskingFeedsARecurrentLayer(_ name: String) throws {
        let fixture = try Self.fixture(name)
        let config = fixture["config"] as! [String: Any]
        let model = Sequential {
            Input(shape: [5, 4])
            Masking(maskValue: 0)
            Self.recurrent(config["rnn"] as! String, returnSequences: config["return_sequences"] as! Bool)
        }
        try model.build(inputShape: [5, 4])
        try model.setWeights(Self.weights(fixture))
        Self.expectOutput(try model.predict(Self.paddedInput(fixture)), fixture)
    }
}
