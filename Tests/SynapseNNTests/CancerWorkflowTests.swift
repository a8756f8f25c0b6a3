import Foundation
import Testing
@testable import SynapseNN
import SynapseData

/// The seed's cancer workflow: 75/25 split (seed 101), standardised with the training mean and
/// population standard deviation, Dense 30-15-1 (relu, relu, sigmoid), Adam, binary
/// cross-entropy, accuracy — in the three variants of the notebook.
@Suite struct CancerWorkflowTests {
    struct Split { let xTrain, yTrain, xTest, yTest: Tensor }

    /// The seed's preparation, with SynapseData: the shipped breast cancer frame, a 75/25 split
    /// with seed 101, features standardised with the training rows' statistics.
    static let data: Split = {
        let frame = Datasets.breastCancer()
        let x = try! frame.dropping(["benign_0__mal_1"]).toTensor()
        let y = try! frame.toTensor(column: "benign_0__mal_1").reshaped(to: [-1, 1])
        let split = try! trainTestSplit(x, y, testSize: 0.25, seed: 101)
        var scaler = StandardScaler()
        let xTrain = try! scaler.fitTransform(split.xTrain)
        return Split(xTrain: xTrain, yTrain: split.yTrain, xTest: try! scaler.transform(split.xTest), yTest: split.yTest)
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
        #expect(try history["val_loss"].count == 300)
        let accuracy = try Self.testAccuracy(model)
        #expect(accuracy >= 0.96, "test accuracy \(accuracy)")
    }

    @Test func earlyStoppingRunReachesNinetySixPercent() throws {
        let model = Self.model(dropout: false, seed: 102)
        try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"])
        let stop = EarlyStopping(monitor: "val_loss", patience: 25, mode: .min)
        let history = try model.fit(x: Self.data.xTrain, y: Self.data.yTrain, epochs: 500,
                                    validationData: (Self.data.xTest, Self.data.yTest), callbacks: [stop], verbose: 0)
        #expect(try history["loss"].count < 500, "early stopping should end the run before 500 epochs")
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
