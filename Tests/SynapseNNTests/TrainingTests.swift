import Foundation
import Testing
@testable import SynapseNN

/// Training learns, and fit / evaluate / predict behave as Keras's.
@Suite struct TrainingTests {
    static func accuracy(_ model: Sequential, _ x: Tensor, _ y: Tensor) throws -> Double {
        let p = try model.predict(x)
        return Double(zip(p.scalars, y.scalars).filter { ($0 > 0.5 ? 1 : 0) == $1 }.count) / Double(y.count)
    }

    @Test func xorReachesFullAccuracy() throws {
        let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]]), y = Tensor([[0], [1], [1], [0]])
        let model = Sequential(seed: 1) {
            Input(shape: [2])
            Dense(8, activation: .tanh)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(optimizer: Adam(learningRate: 0.05), loss: "binary_crossentropy", metrics: ["accuracy"])
        let history = try model.fit(x: x, y: y, epochs: 300, batchSize: 4, verbose: 0)
        #expect(try history["accuracy"].last == 1)
        #expect(try Self.accuracy(model, x, y) == 1)
    }

    /// Two interleaved spirals, 100 points each (the classic hard toy problem).
    static func spirals() -> (Tensor, Tensor) {
        var x: [Float] = [], y: [Float] = []
        for i in 0..<100 {
            let r = Float(i) / 100 * 5, angle = Float(i) / 100 * 3 * .pi
            for (label, sign) in [(Float(0), Float(1)), (1, -1)] {
                x += [sign * r * cos(angle) / 5, sign * r * sin(angle) / 5]
                y.append(label)
            }
        }
        return (Tensor(shape: [200, 2], scalars: x), Tensor(shape: [200, 1], scalars: y))
    }

    @Test func twoSpiralsReachNinetySevenPercent() throws {
        let (x, y) = Self.spirals()
        let model = Sequential(seed: 3) {
            Input(shape: [2])
            Dense(64, activation: .relu)
            Dense(64, activation: .relu)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(optimizer: Adam(learningRate: 0.01), loss: "binary_crossentropy", metrics: ["accuracy"])
        try model.fit(x: x, y: y, epochs: 200, batchSize: 32, verbose: 0)
        let accuracy = try Self.accuracy(model, x, y)
        #expect(accuracy >= 0.97, "\(accuracy)")
    }

    @Test func historyHasKerasKeysPerEpoch() throws {
        let (x, y) = Self.spirals()
        let model = Sequential(seed: 4) { Input(shape: [2]); Dense(4, activation: .relu); Dense(1, activation: .sigmoid) }
        try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy", "precision", "recall"])
        let history = try model.fit(x: x, y: y, epochs: 3, batchSize: 50, validationSplit: 0.25, verbose: 0)
        for key in ["loss", "accuracy", "precision", "recall", "val_loss", "val_accuracy", "val_precision", "val_recall", "learning_rate"] {
            #expect(try history[key].count == 3, "\(key)")
        }
        #expect(history.epoch == [0, 1, 2])
        #expect(try history["learning_rate"].allSatisfy { Swift.abs($0 - 0.001) < 1e-9 })
        let evaluated = try model.evaluate(x: x, y: y)
        #expect(Set(evaluated.keys) == ["loss", "accuracy", "precision", "recall"])
    }

    @Test func evaluateMatchesTheLossOfPredictions() throws {
        let (x, y) = Self.spirals()
        let model = Sequential(seed: 5) { Input(shape: [2]); Dense(3, activation: .relu); Dense(1) }
        try model.compile(optimizer: "sgd", loss: "mse", metrics: ["mae", "rmse"])
        let logs = try model.evaluate(x: x, y: y, batchSize: 64)
        let p = try model.predict(x, batchSize: 7)
        let mse = zip(p.scalars, y.scalars).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) } / 200
        #expect(Swift.abs(logs["loss"]! - mse) < 1e-5)
        #expect(Swift.abs(logs["rmse"]! - mse.squareRoot()) < 1e-5)
    }

    @Test func shapeMismatchesThrowNamingTheLayerAndShapes() throws {
        let model = Sequential(seed: 6) { Input(shape: [3], name: "features"); Dense(2, name: "hidden"); Dense(1, name: "out") }
        try model.compile(optimizer: "adam", loss: "mse")
        do {
            try model.fit(x: Tensor(shape: [5, 4], repeating: 0), y: Tensor(shape: [5, 1], repeating: 0), verbose: 0)
            Issue.record("no error")
        } catch let error as SynapseError {
            #expect("\(error)".contains("features") && "\(error)".contains("(None, 3)") && "\(error)".contains("(None, 4)"))
        }
        do {
            try model.fit(x: Tensor(shape: [5, 3], repeating: 0), y: Tensor(shape: [4, 1], repeating: 0), verbose: 0)
            Issue.record("no error")
        } catch let error as SynapseError {
            #expect("\(error)".contains("5 rows") && "\(error)".contains("4"))
        }
        do {
            try model.fit(x: Tensor(shape: [5, 3], repeating: 0), y: Tensor(shape: [5, 2], repeating: 0), verbose: 0)
            Issue.record("no error")
        } catch let error as SynapseError {
            #expect("\(error)".contains("out"))
        }
        let uncompiled = Sequential { Input(shape: [1]); Dense(1) }
        #expect(throws: SynapseError.self) { try uncompiled.fit(x: Tensor([[1]]), y: Tensor([[1]]), verbose: 0) }
    }

    @Test func summaryPrintsKerasTable() throws {
        let model = Sequential(name: "cancer") {
            Input(shape: [30]); Dense(30, activation: .relu, name: "d1"); Dense(15, activation: .relu, name: "d2")
            Dense(1, activation: .sigmoid, name: "d3")
        }
        try model.build(inputShape: [30])
        let text = model.summary(print: false)
        #expect(text.contains("Model: \"cancer\""))
        #expect(text.contains("│ d1 (Dense)                      │ (None, 30)             │           930 │"))
        #expect(text.contains(" Total params: 1,411 (5.51 KB)"))
        #expect(text.contains(" Non-trainable params: 0 (0.00 B)"))
    }

    @Test func fitOnABatchSequence() throws {
        struct Windows: BatchSequence {
            let series = (0..<40).map { Float($0) / 40 }
            var count: Int { 4 }
            func batch(at index: Int) -> (x: Tensor, y: Tensor) {
                let starts = (index * 9)..<(index * 9 + 9)
                let x = starts.flatMap { Array(series[$0..<($0 + 3)]) }
                return (Tensor(shape: [9, 3], scalars: x), Tensor(shape: [9, 1], scalars: starts.map { series[$0 + 3] }))
            }
        }
        let model = Sequential(seed: 8) { Input(shape: [3]); Dense(1) }
        try model.compile(optimizer: Adam(learningRate: 0.05), loss: "mse")
        let history = try model.fit(Windows(), epochs: 30, validationData: Windows(), verbose: 0)
        #expect(try history["loss"].count == 30 && history["val_loss"].count == 30)
        #expect(try history["loss"].last! < history["loss"].first! / 4)
    }

    @Test func classWeightsScaleTheLoss() throws {
        let x = Tensor([[1], [1]]), y = Tensor([[0], [1]])
        let model = Sequential(seed: 9) { Input(shape: [1]); Dense(1, activation: .sigmoid, useBias: false) }
        try model.compile(optimizer: SGD(learningRate: 1), loss: "binary_crossentropy")
        try model.fit(x: x, y: y, epochs: 20, batchSize: 2, shuffle: false, classWeight: [0: 1, 1: 3], verbose: 0)
        // The weighted optimum has σ(w) = 3/4.
        #expect(Swift.abs(try model.predict(Tensor([[1]])).scalar - 0.75) < 0.05)
    }

    @Test func regularizationAddsToTheLoss() throws {
        let model = Sequential(seed: 10) { Input(shape: [1]); Dense(units: 1, kernelInitializer: .ones, kernelRegularizer: .l2(0.5)) }
        try model.compile(optimizer: SGD(learningRate: 0), loss: "mse")
        let logs = try model.evaluate(x: Tensor([[1]]), y: Tensor([[1]]))
        #expect(Swift.abs(logs["loss"]! - 0.5) < 1e-6)
    }
}
