import Foundation
import Testing
@testable import SynapseNN

/// The seed's cancer workflow: 75/25 split (seed 101), standardised with the training mean and
/// population standard deviation, Dense 30-15-1 (relu, relu, sigmoid), Adam, binary
/// cross-entropy, accuracy — in the three variants of the notebook.
@Suite struct CancerWorkflowTests {
    struct Split { let xTrain, yTrain, xTest, yTest: Tensor }

    /// The committed copy of breast_cancer.csv: a header row, then numbers; the label column is
    /// benign_0__mal_1.
    static let data: Split = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/breast_cancer.csv")
        let lines = try! String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        let label = header.firstIndex(of: "benign_0__mal_1")!
        let rows = lines.dropFirst().map { $0.split(separator: ",").map { Float($0)! } }
        var order = Array(rows.indices)
        var generator = SeededGenerator(seed: 101)
        order.shuffle(using: &generator)
        let testCount = Int((Double(rows.count) * 0.25).rounded(.up))
        func features(_ idx: ArraySlice<Int>) -> [[Float]] { idx.map { i in rows[i].enumerated().filter { $0.offset != label }.map(\.element) } }
        let (trainIdx, testIdx) = (order.dropFirst(testCount), order.prefix(testCount))
        var train = features(trainIdx), test = features(testIdx)
        let d = train[0].count
        for j in 0..<d {
            let column = train.map { $0[j] }
            let mean = column.reduce(0, +) / Float(column.count)
            let std = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(column.count)).squareRoot()
            for i in train.indices { train[i][j] = (train[i][j] - mean) / std }
            for i in test.indices { test[i][j] = (test[i][j] - mean) / std }
        }
        func tensor(_ m: [[Float]]) -> Tensor { Tensor(shape: [m.count, d], scalars: m.flatMap { $0 }) }
        func labels(_ idx: ArraySlice<Int>) -> Tensor { Tensor(shape: [idx.count, 1], scalars: idx.map { rows[$0][label] }) }
        return Split(xTrain: tensor(train), yTrain: labels(trainIdx), xTest: tensor(test), yTest: labels(testIdx))
    }()

    static func model(dropout: Bool, seed: UInt64) -> Sequential {
        Sequential(seed: seed) {
            Input(shape: [30])
            Dense(30, activation: .relu)
            if dropout { Dropout(0.5) }
            Dense(15, activation: .relu)
            if dropout { Dropout(0.5) }
            Dense(1, activation: .sigmoid)
        }
    }

    static func testAccuracy(_ model: Sequential) throws -> Double {
        try model.evaluate(x: data.xTest, y: data.yTest)["accuracy"]!
    }

    @Test func splitHasTheNotebookShapes() {
        #expect(Self.data.xTrain.shape == [426, 30] && Self.data.xTest.shape == [143, 30])
    }

    @Test func plainRunReachesNinetySixPercent() throws {
        let model = Self.model(dropout: false, seed: 101)
        try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"])
        let history = try model.fit(x: Self.data.xTrain, y: Self.data.yTrain, epochs: 300,
                                    validationData: (Self.data.xTest, Self.data.yTest), verbose: 0)
        #expect(history["val_loss"].count == 300)
        let accuracy = try Self.testAccuracy(model)
        #expect(accuracy >= 0.96, "test accuracy \(accuracy)")
    }

    @Test func earlyStoppingRunReachesNinetySixPercent() throws {
        let model = Self.model(dropout: false, seed: 102)
        try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"])
        let stop = EarlyStopping(monitor: "val_loss", patience: 25, mode: .min)
        let history = try model.fit(x: Self.data.xTrain, y: Self.data.yTrain, epochs: 500,
                                    validationData: (Self.data.xTest, Self.data.yTest), callbacks: [stop], verbose: 0)
        #expect(history["loss"].count < 500, "early stopping should end the run before 500 epochs")
        let accuracy = try Self.testAccuracy(model)
        #expect(accuracy >= 0.96, "test accuracy \(accuracy)")
    }

    @Test func dropoutAndEarlyStoppingRunReachesNinetySixPercent() throws {
        let model = Self.model(dropout: true, seed: 103)
        try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"])
        let stop = EarlyStopping(monitor: "val_loss", patience: 25, mode: .min)
        try model.fit(x: Self.data.xTrain, y: Self.data.yTrain, epochs: 600,
                      validationData: (Self.data.xTest, Self.data.yTest), callbacks: [stop], verbose: 0)
        let accuracy = try Self.testAccuracy(model)
        #expect(accuracy >= 0.96, "test accuracy \(accuracy)")
    }
}
