import Foundation
import Testing
@testable import SynapseNN

/// The recurrent layers through the shared layer test (shapes, parameters, config round trip,
/// gradient check), their errors, masks and states, and training that learns.
@Suite struct RecurrentLayerTests {
    @Test func simpleRNNLayer() throws {
        // 3 features, 5 units: kernel 3×5 + recurrent 5×5 + bias 5 = 45 (Keras's count).
        try runLayerTest(SimpleRNN(5), inputShape: [4, 3], expectedOutputShape: [5], expectedParameters: 45)
        try runLayerTest(SimpleRNN(5, activation: .relu, returnSequences: true), inputShape: [4, 3],
                         expectedOutputShape: [4, 5], expectedParameters: 45)
    }

    @Test func lstmLayer() throws {
        // The seed's sine model: LSTM(50) on 1 feature has 4·(1·50 + 50·50 + 50) = 10,400 parameters.
        let seed = LSTM(50)
        try seed.build(inputShape: [50, 1])
        #expect(seed.parameterCount == 10_400)
        try runLayerTest(LSTM(4, goBackwards: true), inputShape: [3, 2], expectedOutputShape: [4], expectedParameters: 4 * (2 * 4 + 16 + 4))
        try runLayerTest(LSTM(3, activation: .relu, returnSequences: true, name: "lstm_relu_seq"), inputShape: [5, 2],
                         expectedOutputShape: [5, 3], expectedParameters: 4 * (6 + 9 + 3))
    }

    @Test func gruLayer() throws {
        // Keras: GRU(4) on 2 features, reset_after: 3·(2·4 + 4·4) + 2·3·4 = 96; reset before: 3·(8 + 16 + 4) = 84.
        try runLayerTest(GRU(4), inputShape: [3, 2], expectedOutputShape: [4], expectedParameters: 96)
        try runLayerTest(GRU(4, returnSequences: true, resetAfter: false), inputShape: [3, 2], expectedOutputShape: [3, 4],
                         expectedParameters: 84)
    }

    @Test func bidirectionalLayer() throws {
        try runLayerTest(try Bidirectional(LSTM(3, returnSequences: true)), inputShape: [4, 2],
                         expectedOutputShape: [4, 6], expectedParameters: 2 * 4 * (6 + 9 + 3))
        try runLayerTest(try Bidirectional(GRU(3), mergeMode: .ave), inputShape: [4, 2], expectedOutputShape: [3],
                         expectedParameters: 2 * (3 * (6 + 9) + 18))
    }

    @Test func lstmStartsWithTheForgetBiasAtOne() throws {
        let layer = LSTM(3)
        try layer.build(inputShape: [2, 1])
        #expect(layer.bias!.value.scalars == [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
        let plain = LSTM(3, unitForgetBias: false)
        try plain.build(inputShape: [2, 1])
        #expect(plain.bias!.value.scalars.allSatisfy { $0 == 0 })
    }

    @Test func weightNamesAreKeras() throws {
        let layer = GRU(2, name: "gru_names")
        try layer.build(inputShape: [3, 1])
        #expect(layer.weights.map(\.name) == ["gru_names/kernel", "gru_names/recurrent_kernel", "gru_names/bias"])
        #expect(layer.bias!.value.shape == [2, 6])
    }

    @Test func badInputsAreOneSentence() throws {
        #expect(throws: SynapseError.self) { try LSTM(3).outputShape(forInputShape: [5]) }
        let built = LSTM(3)
        try built.build(inputShape: [5, 2])
        #expect(throws: SynapseError.self) { try built.outputShape(forInputShape: [5, 3]) }
        for bad: LayerConfig in [["units": 0], ["units": 3, "activation": "softmax"], ["units": 3, "dropout": 1.5],
                                 ["units": "three"]] {
            #expect(throws: SynapseError.self) { try LSTM(config: bad) }
        }
        #expect(throws: SynapseError.self) { try Bidirectional(config: ["layer": ["class_name": "Dense", "config": ["units": 2]]]) }
        #expect(throws: SynapseError.self) {
            try Bidirectional(config: ["layer": ["class_name": "LSTM", "config": ["units": 2]], "merge_mode": "max"])
        }
    }

    /// A stateful layer carries its states from one call to the next until reset.
    @Test func statefulCarriesStates() throws {
        let layer = LSTM(3, stateful: true)
        try layer.build(inputShape: [4, 1])
        let x = testInput([2, 4, 1], seed: 1)
        let first = layer(x)
        let second = layer(x)
        #expect(first.scalars != second.scalars)
        layer.resetStates()
        #expect(layer(x).scalars == first.scalars)
    }

    @Test func returnStateGivesTheLastStates() throws {
        let layer = LSTM(3, returnSequences: true, returnState: true)
        try layer.build(inputShape: [4, 2])
        let (output, states) = layer.callWithStates(testInput([2, 4, 2], seed: 2))
        #expect(states.count == 2)
        #expect(output.slice(3..<4, alongAxis: 1).reshaped(to: [2, 3]).scalars == states[0].scalars)
    }

    /// Training learns: the sum of a sequence of 6 numbers, by an LSTM, to a small error.
    @Test(arguments: ["lstm", "gru", "simple_rnn"]) func learnsToSum(_ kind: String) throws {
        var g = SeededGenerator(seed: 5)
        let n = 256, steps = 6
        let xs = (0..<(n * steps)).map { _ in g.nextUniform() - 0.5 }
        let ys = (0..<n).map { i in (0..<steps).reduce(Float(0)) { $0 + xs[i * steps + $1] } }
        let x = Tensor(shape: [n, steps, 1], scalars: xs), y = Tensor(shape: [n, 1], scalars: ys)
        let rnn: Layer = kind == "lstm" ? LSTM(16) : kind == "gru" ? GRU(16) : SimpleRNN(16)
        let model = Sequential(seed: 3) { Input(shape: [steps, 1]); rnn; Dense(1) }
        try model.compile(optimizer: Adam(learningRate: 0.01), loss: "mse")
        let history = try model.fit(x: x, y: y, epochs: 30, batchSize: 32, verbose: 0)
        let final = try #require(try history["loss"].last)
        // The variance of the target is 6/12 = 0.5; predicting the mean scores 0.5.
        #expect(final < 0.01, "\(kind): final loss \(final)")
    }
}
