import Foundation
import Testing
import Synapse

/// The README's library snippets, run as written.
@Suite struct ReadmeTests {
    @Test func theCancerWorkflowTheKerasWay() throws {
        // Load and split the data that ships with Synapse, scale with the training statistics.
        let frame = Datasets.breastCancer()
        let x = try frame.dropping(["benign_0__mal_1"]).toTensor()
        let y = try frame.toTensor(column: "benign_0__mal_1").reshaped(to: [-1, 1])
        let (xTrain, xTest, yTrain, yTest) = try trainTestSplit(x, y, testSize: 0.25, seed: 101)
        var scaler = StandardScaler()
        let xTrainScaled = try scaler.fitTransform(xTrain)
        let xTestScaled = try scaler.transform(xTest)

        // Build, compile and fit as in Keras.
        let model = Sequential(seed: 42) {
            Input(shape: [30])
            Dense(30, activation: .relu)
            Dropout(0.5)
            Dense(15, activation: .relu)
            Dropout(0.5)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"])
        let history = try model.fit(x: xTrainScaled, y: yTrain, epochs: 600,
                                    validationData: (xTestScaled, yTest),
                                    callbacks: [EarlyStopping(monitor: "val_loss", patience: 25)],
                                    verbose: 0)

        // Evaluate, predict, report.
        let predictions = try model.predict(xTestScaled) .> 0.5
        let report = try classificationReport(yTest, predictions)
        let figure = Figure.trainingHistory(history.history)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("readme-history-\(UUID()).svg").path
        try figure.writeSVG(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }

        #expect(model.summary(print: false).contains("Total params: 1,411"))
        #expect(history.history["loss"]!.count < 600)              // stopped early
        #expect(try accuracyScore(yTest, predictions) >= 0.96)
        #expect(report.contains("accuracy"))
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
