// Workflow 2 of the seed, kc_house: predict a house's sale price from 19 features.
// The notebook: read kc_house_data.csv, look at it (head, info, describe, missing values;
// price histogram, pair plot, price per bedroom count, sqft_living against price, correlation
// of the numeric columns, histogram with KDE), turn `date` into year and month, drop id, date
// and zipcode, split 70/30 (seed 101), MinMaxScaler, Dense(19, relu) x4 -> Dense(1), Adam, MSE,
// batch 128, 300 epochs with the test rows as validation data, loss and val_loss, MAE, RMSE and
// explained variance on the test rows, actual against predicted with the perfect-prediction
// line, the histogram of errors.
// Runs on any CSV with the kc_house columns; without one it writes and uses a synthetic file
// (SyntheticHouseData).

import Foundation
import Synapse

/// The kc_house regression workflow.
public enum House {
    static let dataFile = "kc_house_data.csv"

    /// Runs the notebook on `kc_house_data.csv` from the data folder, or on a synthetic copy.
    public static func run(_ options: ExampleOptions) throws -> ExampleResult {
        let start = Date()
        let out = try RunFolder(options.outputDirectory, title: "kc_house — house prices with Dense 19 x4 -> 1", png: options.png)

        // Load: the real file when the data folder has it, else a synthetic one of the same shape.
        var csv = options.dataFile(dataFile) ?? ""
        if !FileManager.default.fileExists(atPath: csv) {
            csv = out.path("kc_house_synthetic.csv")
            print("no \(dataFile) found; writing a synthetic one (\(options.syntheticHouseRows) rows) to \(csv)\n")
            try SyntheticHouseData.write(rows: options.syntheticHouseRows, to: csv)
        }
        var df = try DataFrame(csvFile: csv, options: CSVReadOptions(dtype: ["date": .object],
                                                                     requiredColumns: SyntheticHouseData.columns))
        look(at: df)
        out.report.dataDescription = describeTable(df)

        // Look: the notebook's plots (scatter plots on at most 2,000 rows to keep the SVGs small).
        let price = try df.numbers("price")
        let histogram = Figure(width: 800, height: 400)
        histogram.addAxes().histogram(price, bins: 50, kde: true)
        histogram.axes[0].title = "price"
        try out.save(histogram, as: "price-histogram", caption: "sns.histplot(df['price'], kde=True)")

        let shown = sampledRows(df.rowCount, limit: 2_000)
        let pairColumns = try ["price", "sqft_living", "bedrooms", "grade"].map { name -> (name: String, values: [Double]) in
            let all = try df.numbers(name)
            return (name, shown.map { all[$0] })
        }
        try out.save(Figure.pairPlot(pairColumns, cellSize: 170), as: "pairplot", caption: "sns.pairplot(df[['price', 'sqft_living', 'bedrooms', 'grade']])")

        let bedrooms = try df.numbers("bedrooms").map { String(Int($0)) }
        let perBedroom = Figure(width: 800, height: 420)
        perBedroom.addAxes().boxPlot(values: price, by: bedrooms,
                                     order: Set(bedrooms).sorted { Int($0)! < Int($1)! })
        perBedroom.axes[0].setLabels(x: "bedrooms", y: "price")
        try out.save(perBedroom, as: "price-per-bedrooms", caption: "sns.boxplot(x='bedrooms', y='price', data=df)")

        let living = try df.numbers("sqft_living")
        let scatter = Figure()
        scatter.addAxes().scatter(x: shown.map { living[$0] }, y: shown.map { price[$0] }, alpha: 0.5, size: 4)
        scatter.axes[0].setLabels(x: "sqft_living", y: "price")
        try out.save(scatter, as: "sqft-living-vs-price", caption: "sns.scatterplot(x='price', y='sqft_living', data=df)")

        let corr = try df.dropping(["id"]).corr()
        try out.save(Figure.correlationHeatMap(try corr.columns.map { try corr.numbers($0) }, labels: corr.columns),
                     as: "correlation", caption: "sns.heatmap(df.corr(numeric_only=True), annot=True)")
        print("df.corr()['price'].sort_values()")
        for (name, r) in zip(corr.columns, try corr.numbers("price")).sorted(by: { $0.1 < $1.1 }) {
            print(name.padding(toLength: 16, withPad: " ", startingAt: 0) + formatNumber(r))
        }
        print("")

        // Features: date -> year and month; drop id, date, zipcode.
        let dates = try df.column("date")
        let year = try (0..<df.rowCount).map { try datePart(dates.text(at: $0), 0..<4, row: $0, csv: csv) }
        let month = try (0..<df.rowCount).map { try datePart(dates.text(at: $0), 4..<6, row: $0, csv: csv) }
        df = try df.adding("year", numbers: year).adding("month", numbers: month).dropping(["id", "date", "zipcode"])
        let features = df.columns.filter { $0 != "price" }
        print("features (\(features.count)): \(features.joined(separator: ", "))\n")

        // Split and scale.
        let x = try df.toTensor(columns: features)
        let y = try df.toTensor(column: "price").reshaped(to: [-1, 1])
        let split = try trainTestSplit(x, y, testSize: 0.3, seed: 101)
        var scaler = MinMaxScaler()
        let xTrain = try scaler.fitTransform(split.xTrain)
        let xTest = try scaler.transform(split.xTest)

        // Model.
        let model = Sequential(seed: options.seed ?? 101) {
            Input(shape: [features.count])
            Dense(19, activation: .relu)
            Dense(19, activation: .relu)
            Dense(19, activation: .relu)
            Dense(19, activation: .relu)
            Dense(1)
        }
        try model.compile(optimizer: "adam", loss: "mse")
        out.report.modelSummary = model.summary(print: false)
        print(out.report.modelSummary!)

        // Fit with the test rows as validation data, as the notebook does.
        let epochs = options.epochs(300)
        let history = try model.fit(x: xTrain, y: split.yTrain, epochs: epochs, batchSize: 128,
                                    validationData: (xTest, split.yTest),
                                    callbacks: [ProgressLogger(every: options.progressEvery, epochs: epochs)] + options.runLogger(out), verbose: 0,
                                    distribution: options.distribution)
        out.report.history = curves(history)

        // Evaluate.
        let truth = column(split.yTest)
        let predictions = column(try model.predict(xTest))
        let mae = try meanAbsoluteError(truth, predictions)
        let rmse = try rootMeanSquaredError(truth, predictions)
        let explained = try explainedVarianceScore(truth, predictions)
        let r2 = try r2Score(truth, predictions)
        let meanPrice = truth.reduce(0, +) / Double(truth.count)
        print(String(format: "\nMAE %.1f   RMSE %.1f   explained variance %.4f   R² %.4f   (mean price %.1f)", mae, rmse, explained, r2, meanPrice))
        out.report.metrics = [("test MAE", mae), ("test RMSE", rmse), ("explained variance", explained), ("R²", r2),
                              ("mean test price", meanPrice)]
        try out.save(Figure.actualVsPredicted(actual: truth, predicted: predictions), as: "actual-vs-predicted",
                     caption: "plt.scatter(y_test, predictions); plt.plot(y_test, y_test, 'r')")
        try out.save(Figure.errorHistogram(actual: truth, predicted: predictions, bins: 50), as: "errors",
                     caption: "sns.histplot(y_test - predictions, kde=True)")
        try DataFrame(["price": truth, "predicted_price": predictions]).writeCSV(to: out.path("predictions.csv"))

        // Price the first house of the file, as the notebook does.
        let first = try scaler.transform(x.slice(0..<1))
        print(String(format: "first house: price %.1f, predicted %.1f\n", y.scalars[0], try model.predict(first).scalars[0]))

        try model.save(to: out.path("house.safetensors"))
        try scaler.save(to: out.path("scaler.json"))
        let report = try out.writeReport()
        print("report: \(RunFolder.shown(report))")
        var files = ["report": report, "model": out.path("house.safetensors"), "scaler": out.path("scaler.json"),
                     "predictions": out.path("predictions.csv")]
        if csv == out.path("kc_house_synthetic.csv") { files["data"] = csv }
        return ExampleResult(task: "regression",
                             metrics: ["test_rmse": rmse, "test_mae": mae, "explained_variance": explained, "r2": r2,
                                       "test_loss": try model.evaluate(x: xTest, y: split.yTest)["loss"]!],
                             epochsRun: try history["loss"].count, seconds: Date().timeIntervalSince(start),
                             files: files, figures: out.figures)
    }

    /// Characters `range` of a kc_house date ("20141013T000000") as a number.
    static func datePart(_ text: String?, _ range: Range<Int>, row: Int, csv: String) throws -> Double {
        guard let text, text.count >= range.upperBound,
              let value = Double(String(Array(text)[range])) else {
            throw SynapseError.invalidFile(path: csv, location: .line(row + 2, column: "date"),
                                           reason: "the date '\(text ?? "")' is not in kc_house's form YYYYMMDDT000000")
        }
        return value
    }
}
