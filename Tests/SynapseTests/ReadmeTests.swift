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

extension ReadmeTests {
    /// The README's forecasting snippet: a dated series, windows, an LSTM, a recursive forecast.
    @Test func theMonthlyForecastTheKerasWay() throws {
        // pd.read_csv("co2_monthly.csv", index_col="DATE", parse_dates=True)
        let frame = try DataFrame(csvText: Datasets.monthlySeriesCSVText("co2_monthly.csv")!, name: "co2_monthly.csv",
                                  options: CSVReadOptions(indexColumn: "DATE", parseDates: ["DATE"]))
        try frame.checkRegular()                               // monthly, no gaps
        let series = try frame.toTensor(column: "co2").reshaped(to: [-1, 1])
        let (train, test) = (series[..<(series.shape[0] - 18)], series[(series.shape[0] - 18)...])
        var scaler = MinMaxScaler()
        let scaledTrain = try scaler.fitTransform(train)

        // Windows of 12 months, batch 1, and the seed's LSTM(100, relu).
        let generator = try TimeseriesGenerator(data: scaledTrain, targets: scaledTrain, length: 12, batchSize: 1)
        let model = Sequential(seed: 42) {
            Input(shape: [12, 1])
            LSTM(100, activation: .relu)
            Dense(1)
        }
        try model.compile(optimizer: "adam", loss: "mse")
        try model.fit(generator, epochs: 30, callbacks: [ReduceLROnPlateau(monitor: "loss", factor: 0.3, patience: 1),
                                                         EarlyStopping(monitor: "loss", patience: 2)], verbose: 0)

        // Forecast the 18 held-out months, each prediction fed back as the newest input.
        let last = scaledTrain[(scaledTrain.shape[0] - 12)...]
        let forecast = try scaler.inverseTransform(recursiveForecast(lastWindow: last, steps: 18) { try model.predict($0) })
        let rmse = try rootMeanSquaredError(test, forecast)

        #expect(forecast.shape == [18, 1])
        #expect(rmse < 2, "RMSE \(rmse) ppm")   // the seasonal-naive forecast scores 2.08
    }
}

extension ReadmeTests {
    /// `import Synapse` sees one ActivationFunction (the layers'); the plotting curves are ActivationCurve.
    @Test func oneNamePerConcept() {
        let relu: ActivationFunction = .relu
        #expect(relu.config == "relu")
        #expect(ActivationCurve.leakyRelu().function(-1) == -0.2)
    }
}

extension ReadmeTests {
    /// What fit, predict and the metrics hand out goes straight into the figures and the split.
    @Test func typesThatMeet() throws {
        let frame = Datasets.breastCancer()
        let x = try frame.dropping(["benign_0__mal_1"]).toTensor()
        let y = try frame.toTensor(column: "benign_0__mal_1").reshaped(to: [-1, 1])
        let split = try trainTestSplit(x, y, testSize: 0.25, seed: 1, stratify: y)
        let model = Sequential(seed: 1) { Input(shape: [30]); Dense(1, activation: .sigmoid) }
        try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"])
        #expect(model.countParams() == 31)
        let history = try model.fit(x: split.xTrain, y: split.yTrain, epochs: 2, verbose: 0)
        let curves = Figure.trainingHistory(history)
        #expect(curves.axes.count >= 1)
        let matrix = try Figure.confusionMatrix(truth: split.yTest, predicted: try model.predict(split.xTest), classNames: ["benign", "malignant"])
        #expect(matrix.axes.count == 1)
    }
}
