// Workflows 7–9 of the seed: forecasting a series with recurrent networks.
//   sinewave    sin(x) on 501 points of [0, 50], the last 10% held out; StandardScaler;
//               TimeseriesGenerator windows (length 2, then 10, then 50; batch 1), a window and
//               its target printed; SimpleRNN(50) → Dense(1), Adam, MSE, 10 epochs; recursive
//               forecast of the test span, inverse transform, plot against the truth; then
//               LSTM(50) with EarlyStopping(val_loss, patience 2) and a validation generator;
//               then refit on the whole series and forecast beyond its end.
//   production  the monthly electrical-equipment index (elec_equip.csv); the last 24 months
//               held out; MinMaxScaler; windows of 18, batch 1; LSTM(100, relu) → Dense(1),
//               Adam, MSE, EarlyStopping(loss, patience 2), 20 epochs with a validation
//               generator; loss curves and their histograms; recursive forecast; RMSE.
//   sales       monthly CO2 (co2_monthly.csv) standing in for the seed's retail sales; the last
//               18 months held out; StandardScaler; windows of 12; LSTM(100, relu) → Dense(1);
//               EarlyStopping(loss, patience 2); 30 epochs.
// The monthly examples share `SeriesForecast`, which `synapse forecast` runs on any CSV column:
// besides the network's RMSE and MAE it scores two forecasts that need no training — the last
// value repeated (naive) and the value one season earlier (seasonal naive) — since a network
// that cannot beat them has learned nothing worth having.

import Foundation
import Synapse

/// A series forecast from held-out data: train on the first part, forecast the rest step by
/// step (each prediction fed back as the newest input), score it against the truth.
public struct SeriesForecast {
    /// Which scaler maps the series before training.
    public enum ScalerKind: String, Sendable { case minMax = "minmax", standard }

    /// The series, oldest first.
    public var values: [Double]
    /// A label per value (dates as text), for the forecast CSV; nil for 0, 1, 2, ...
    public var labels: [String]?
    /// The date of each value, when the series has a date index: the figures then show dates.
    public var dates: [Date]?
    /// The series' name (the CSV column).
    public var name: String
    /// Input steps per window.
    public var window: Int
    /// Values held out at the end and forecast.
    public var testSize: Int
    /// Steps forecast after the training part (nil: `testSize`); steps past the end of the data
    /// have no truth and are not scored.
    public var horizon: Int?
    public var scaler: ScalerKind
    public var epochs: Int
    /// EarlyStopping's patience (nil: no early stopping) and the value it watches.
    public var patience: Int?
    public var monitor: String
    /// The season of the seasonal-naive forecast (12 for monthly data); nil to skip it.
    public var season: Int?
    /// Makes the network for windows of `window` steps × 1 feature.
    public var makeModel: (_ window: Int) throws -> Sequential
    /// Train data-parallel over these ranks (under `mpirun`); nil for one process.
    public var distribution: DataParallel?

    public init(values: [Double], labels: [String]? = nil, dates: [Date]? = nil, name: String, window: Int, testSize: Int,
                scaler: ScalerKind = .minMax, epochs: Int, patience: Int? = 2, monitor: String = "loss",
                season: Int? = 12, makeModel: @escaping (_ window: Int) throws -> Sequential) {
        (self.values, self.labels, self.dates, self.name, self.window, self.testSize) = (values, labels, dates, name, window, testSize)
        (self.scaler, self.epochs, self.patience, self.monitor, self.season, self.makeModel) =
            (scaler, epochs, patience, monitor, season, makeModel)
    }

    /// What a run measured.
    public struct Outcome {
        public var forecast: [Double]
        public var truth: [Double]
        /// The forecast, `horizon` steps; `truth` holds the held-out values it overlaps.
        /// rmse, mae, naive_rmse, naive_mae, seasonal_naive_rmse, seasonal_naive_mae (when a season fits).
        public var metrics: [String: Double]
        public var history: History
        public var model: Sequential
    }

    /// Checks the sizes, naming the argument at fault.
    public func validate() throws {
        guard window >= 1 else { throw SynapseError.invalidArgument("--window must be at least 1; got \(window)") }
        guard testSize >= 1 else { throw SynapseError.invalidArgument("the test size must be at least 1 value; got \(testSize)") }
        guard values.allSatisfy(\.isFinite) else {
            let i = values.firstIndex { !$0.isFinite }!
            throw SynapseError.invalidArgument("column '\(name)' holds \(values[i]) at row \(i + 1); fill or drop missing values first")
        }
        let train = values.count - testSize
        guard train > window else {
            throw SynapseError.invalidArgument("the series '\(name)' has \(values.count) values: after holding out \(testSize) "
                + "for testing, \(max(train, 0)) remain, which is not more than the window of \(window); use a shorter --window or --test-size")
        }
    }

    /// Trains, forecasts the held-out span and writes the figures into `out`.
    public func run(out: RunFolder, verbose: Bool = true) throws -> Outcome {
        try validate()
        let trainCount = values.count - testSize
        let train = Array(values[..<trainCount]), heldOut = Array(values[trainCount...])
        var scaler: any Scaler = self.scaler == .minMax ? MinMaxScaler() as any Scaler : StandardScaler()
        let scaledTrain = try scaler.fitTransform(Tensor(shape: [trainCount, 1], train))
        // The validation windows end in the test span: the last `window` training values, then the test.
        let tail = Array(values[(trainCount - window)...])
        let scaledTail = try scaler.transform(Tensor(shape: [tail.count, 1], tail))
        let generator = try TimeseriesGenerator(data: scaledTrain, targets: scaledTrain, length: window, batchSize: 1)
        let validation = try TimeseriesGenerator(data: scaledTail, targets: scaledTail, length: window, batchSize: 1)
        if verbose {
            let (x, y) = generator[0]
            print("generator[0]: the first window \(x.scalars.map { String(format: "%.4f", $0) }.joined(separator: " ")) → target \(String(format: "%.4f", y.scalar))")
            print("\(generator.count) training windows of \(window) steps, \(validation.count) validation windows\n")
        }

        let model = try makeModel(window)
        try model.compile(optimizer: "adam", loss: "mse")
        if verbose { print(model.summary(print: false)) }
        var callbacks: [Callback] = verbose ? [ProgressLogger(every: 1, epochs: epochs, label: "  ")] : []
        // At batch 1 the loss of an epoch jumps around; a smaller step after an epoch without
        // progress (ReduceLROnPlateau, factor 0.3, patience 1) lets training settle before
        // EarlyStopping gives up on it.
        callbacks.append(ReduceLROnPlateau(monitor: monitor, factor: 0.3, patience: 1))
        if let patience { callbacks.append(EarlyStopping(monitor: monitor, patience: patience)) }
        let history = try model.fit(generator, epochs: epochs, validationData: validation, callbacks: callbacks, verbose: 0,
                                    distribution: distribution)

        let lastWindow = scaledTrain.slice((trainCount - window)..<trainCount)
        let steps = horizon ?? testSize
        let scaledForecast = try recursiveForecast(lastWindow: lastWindow, steps: steps) { try model.predict($0) }
        let fullForecast = try scaler.inverseTransform(scaledForecast).scalars.map(Double.init)
        let scored = min(steps, testSize)
        let forecast = Array(fullForecast[..<scored]), truth = Array(heldOut[..<scored])
        guard fullForecast.allSatisfy(\.isFinite) else {
            throw SynapseError.invalidArgument("the forecast of '\(name)' is not finite (the training diverged: loss \(try history["loss"].last ?? .nan)); try fewer epochs or a smaller network")
        }

        var metrics = ["rmse": try rootMeanSquaredError(truth, forecast), "mae": try meanAbsoluteError(truth, forecast)]
        let naive = Array(repeating: train.last!, count: scored)
        metrics["naive_rmse"] = try rootMeanSquaredError(truth, naive)
        metrics["naive_mae"] = try meanAbsoluteError(truth, naive)
        if let season, season >= 1, trainCount >= season {
            let seasonal = (0..<scored).map { train[trainCount - season + $0 % season] }
            metrics["seasonal_naive_rmse"] = try rootMeanSquaredError(truth, seasonal)
            metrics["seasonal_naive_mae"] = try meanAbsoluteError(truth, seasonal)
        }
        try saveFigures(out: out, train: train, truth: truth, forecast: fullForecast, history: history)
        return Outcome(forecast: fullForecast, truth: truth, metrics: metrics, history: history, model: model)
    }

    func saveFigures(out: RunFolder, train: [Double], truth: [Double], forecast: [Double], history: History) throws {
        let series = Figure(width: 900, height: 360)
        let ax = series.addAxes()
        if let dates { ax.plot(dates: dates, y: values, label: name) } else { ax.plot(y: values, label: name) }
        ax.title = labels.map { "\(name), \($0.first ?? "") – \($0.last ?? "")" } ?? name
        ax.xLabel = dates == nil ? "step" : "date"
        try out.save(series, as: "series", caption: "df.plot(): the whole series")

        let curves = ["loss": try history["loss"], "val_loss": try history["val_loss"]].filter { !$0.value.isEmpty }
        out.report.history = curves
        try out.save(Figure.trainingHistory(curves, title: "loss"), as: "loss-curves", caption: "Training and validation loss per epoch")
        let histograms = Figure(width: 1000, height: 360)
        for (panel, key) in zip(histograms.subplots(rows: 1, columns: 2), ["loss", "val_loss"]) where !(curves[key] ?? []).isEmpty {
            panel.histogram(curves[key]!, bins: 10)
            panel.title = "histogram of \(key) per epoch"
        }
        try out.save(histograms, as: "loss-histograms", caption: "Histograms of the per-epoch losses")

        let title = "\(name): forecast of \(forecast.count) steps after the training part"
        let contextCount = min(train.count, max(3 * testSize, 24))
        let context = Array(train.suffix(contextCount))
        let figure: Figure
        if let dates, forecast.count <= truth.count {
            // Dates on the x axis: the end of the training part, the truth and the forecast.
            figure = Figure(width: 760, height: 400)
            let axes = figure.addAxes()
            let start = train.count
            axes.plot(dates: Array(dates[(start - contextCount)..<start]), y: context, color: "C0", label: "series")
            axes.plot(dates: Array(dates[start..<(start + truth.count)]), y: truth, color: "C2", label: "truth")
            axes.plot(dates: Array(dates[start..<(start + forecast.count)]), y: forecast, color: "C1", lineStyle: .dashed, label: "forecast")
            axes.title = title
            axes.xLabel = "date"
            axes.yLabel = name
        } else {
            figure = Figure.forecast(history: context, truth: truth, forecast: forecast, title: title,
                                     xLabel: "step (0 = \(contextCount) steps before the test span)", yLabel: name)
        }
        try out.save(figure, as: "forecast", caption: "Recursive forecast of the held-out span against the truth")
    }

    /// The forecast as CSV: label (or step), truth, forecast.
    public func forecastCSV(_ outcome: Outcome) -> String {
        let start = values.count - testSize
        var text = "\(labels == nil ? "step" : "date"),\(name),forecast\n"
        for (i, f) in outcome.forecast.enumerated() {
            let label = start + i < values.count ? labels?[start + i] ?? String(start + i) : "+\(start + i - values.count + 1)"
            text += "\(label),\(i < outcome.truth.count ? String(outcome.truth[i]) : ""),\(f)\n"
        }
        return text
    }
}

/// The three forecasting workflows.
public enum Forecasting {
    /// Workflow 8: monthly production.
    public static func production(_ options: ExampleOptions) throws -> ExampleResult {
        try monthly(options, file: "elec_equip.csv", column: "Production", title: "Monthly production — an LSTM forecast",
                    testSize: 24, scaler: .minMax, window: 18, epochs: 20)
    }

    /// Workflow 9: monthly sales (CO2 as the stand-in series).
    public static func sales(_ options: ExampleOptions) throws -> ExampleResult {
        try monthly(options, file: "co2_monthly.csv", column: "co2", title: "Monthly sales (CO2 stand-in) — an LSTM forecast",
                    testSize: 18, scaler: .standard, window: 12, epochs: 30)
    }

    static func monthly(_ options: ExampleOptions, file: String, column: String, title: String, testSize: Int,
                        scaler: SeriesForecast.ScalerKind, window: Int, epochs: Int) throws -> ExampleResult {
        let start = Date()
        let out = try RunFolder(options.outputDirectory, title: title, png: options.png)
        // pd.read_csv(path, index_col="DATE", parse_dates=True)
        let readOptions = CSVReadOptions(indexColumn: "DATE", parseDates: ["DATE"])
        var frame: DataFrame
        if let path = options.dataFile(file), FileManager.default.fileExists(atPath: path) {
            frame = try DataFrame(csvFile: path, options: readOptions)
        } else {
            frame = try DataFrame(csvText: Datasets.monthlySeriesCSVText(file)!, name: file, options: readOptions)
            print("the \(file) that ships with Synapse\n")
        }
        frame = frame.sortedByIndex()
        try frame.checkRegular(.month)
        guard let series = frame[column], let dates = frame.dateIndex else {
            throw SynapseError.invalidFile(path: file, location: nil, reason: "needs the columns DATE and \(column); it has \(frame.columns.joined(separator: ", "))")
        }
        let values = try series.numbers()
        let labels = frame.index ?? []
        print(frame.head().description)
        print(frame.info())
        print("\(values.count) months, \(labels.first ?? "") to \(labels.last ?? ""); the last \(testSize) are the test set\n")
        out.report.dataDescription = (["", column], [["months", "\(values.count)"], ["first", labels.first ?? ""],
                                                      ["last", labels.last ?? ""], ["test months", "\(testSize)"]])
        var setup = SeriesForecast(values: values, labels: labels, dates: dates, name: column, window: window, testSize: testSize,
                                   scaler: scaler, epochs: options.epochs(epochs), patience: 2, monitor: "loss") { window in
            Sequential(seed: options.seed ?? 42) {
                Input(shape: [window, 1])
                LSTM(100, activation: .relu)
                Dense(1)
            }
        }
        setup.distribution = options.distribution
        let outcome = try setup.run(out: out)
        out.report.modelSummary = outcome.model.summary(print: false)
        for (name, value) in outcome.metrics.sorted(by: { $0.key < $1.key }) { print(String(format: "%@ %.4f", name, value)) }
        print(outcome.metrics["rmse"]! < outcome.metrics["naive_rmse"]! ? "the LSTM beats the naive forecast\n" : "the LSTM does not beat the naive forecast\n")
        out.report.metrics = outcome.metrics.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let csv = out.path("forecast.csv")
        try setup.forecastCSV(outcome).write(toFile: csv, atomically: true, encoding: .utf8)
        let modelFile = out.path("model.safetensors")
        try outcome.model.save(to: modelFile)
        let html = try out.writeReport()
        print("report: \(RunFolder.shown(html))")
        return ExampleResult(task: "forecast", metrics: outcome.metrics, epochsRun: try outcome.history["loss"].count,
                             seconds: Date().timeIntervalSince(start),
                             files: ["report": html, "model": modelFile, "predictions": csv], figures: out.figures)
    }

    /// Workflow 7: the sine wave.
    public static func sinewave(_ options: ExampleOptions) throws -> ExampleResult {
        let start = Date()
        let out = try RunFolder(options.outputDirectory, title: "Sine wave — SimpleRNN and LSTM forecasts", png: options.png)
        // x = np.linspace(0, 50, 501); df = pd.DataFrame(np.sin(x)); the last 10% as the test set.
        let x = (0..<501).map { 50 * Double($0) / 500 }
        let y = x.map(sin)
        let testPoint = Int((Double(y.count) * 0.1).rounded()), testIndex = y.count - testPoint
        let (train, test) = (Array(y[..<testIndex]), Array(y[testIndex...]))
        print("\(y.count) points of sin(x) on [0, 50]; train \(train.count), test \(test.count)\n")
        let series = Figure(width: 900, height: 320)
        series.addAxes().plot(x: x, y: y, label: "sin(x)")
        try out.save(series, as: "series", caption: "df.plot(): sin(x) on 501 points of [0, 50]")

        var scaler = StandardScaler()
        let scaledTrain = try scaler.fitTransform(Tensor(shape: [train.count, 1], train))
        let scaledTest = try scaler.transform(Tensor(shape: [test.count, 1], test))
        // Windows as the notebook shows them: length 2 first, then 10, then 50.
        for length in [2, 10] {
            let g = try TimeseriesGenerator(data: scaledTrain, targets: scaledTrain, length: length, batchSize: 1)
            let (window, target) = g[0]
            print("length \(length): \(g.count) windows; generator[0] = \(fmt(window.scalars)) → \(fmt(target.scalars))")
        }
        let length = 50
        let generator = try TimeseriesGenerator(data: scaledTrain, targets: scaledTrain, length: length, batchSize: 1)
        print("length \(length): \(generator.count) windows\n")

        // SimpleRNN(50) → Dense(1), 10 epochs.
        var metrics: [String: Double] = [:]
        var epochsRun = 0
        let rnn = Sequential(seed: options.seed ?? 42) { Input(shape: [length, 1]); SimpleRNN(50); Dense(1) }
        try rnn.compile(optimizer: "adam", loss: "mse")
        print(rnn.summary(print: false))
        let rnnHistory = try rnn.fit(generator, epochs: options.epochs(10),
                                     callbacks: [ReduceLROnPlateau(monitor: "loss", factor: 0.3, patience: 1),
                                                 ProgressLogger(every: 1, epochs: options.epochs(10), label: "  ")], verbose: 0,
                                     distribution: options.distribution)
        epochsRun += try rnnHistory["loss"].count
        let rnnForecast = try forecast(rnn, from: scaledTrain, length: length, steps: test.count)
        metrics["rnn_rmse_scaled"] = try rootMeanSquaredError(scaledTest.scalars.map(Double.init), rnnForecast)
        let rnnValues = try scaler.inverseTransform(Tensor(shape: [test.count, 1], rnnForecast)).scalars.map(Double.init)
        try out.save(Figure.forecast(history: Array(train.suffix(100)), truth: test, forecast: rnnValues, title: "SimpleRNN forecast of the test span"),
                     as: "rnn-forecast", caption: "SimpleRNN: recursive forecast of the last 10% against the truth")

        // LSTM(50) with a validation generator and EarlyStopping(val_loss; patience 4 here, 2 in the
        // notebook, whose single validation window stopped it on noise). The test
        // span has 50 points, so the windows are one shorter (49), as in the notebook. Training at
        // batch 1 is noisy: with Adam's fixed 1e-3 the loss of one epoch can be ten times the
        // last one's (in Keras as here: a Keras run of this setup forecasts with RMSE 0.64 in
        // scaled units). ReduceLROnPlateau(loss, factor 0.3, patience 1) lets it settle (Keras,
        // same setup: 0.024), and the best validation epoch's weights are kept.
        let lstmLength = test.count - 1
        let lstmGenerator = try TimeseriesGenerator(data: scaledTrain, targets: scaledTrain, length: lstmLength, batchSize: 1)
        // The notebook validates on the test span alone, which holds a single window of 49 + 1
        // values — one number, too noisy to stop on. Here the validation windows end in the test
        // span (the last 49 training values, then the test values): 50 one-step predictions.
        let tail = Tensor.concatenate([scaledTrain.slice((train.count - lstmLength)..<train.count), scaledTest])
        let validation = try TimeseriesGenerator(data: tail, targets: tail, length: lstmLength, batchSize: 1)
        let lstm = Sequential(seed: options.seed ?? 42) { Input(shape: [lstmLength, 1]); LSTM(50); Dense(1) }
        try lstm.compile(optimizer: "adam", loss: "mse")
        let lstmHistory = try lstm.fit(lstmGenerator, epochs: options.epochs(20), validationData: validation,
                                       callbacks: [EarlyStopping(monitor: "val_loss", patience: 4, restoreBestWeights: true),
                                                   ReduceLROnPlateau(monitor: "loss", factor: 0.3, patience: 1),
                                                   ProgressLogger(every: 1, epochs: options.epochs(20), label: "  ")], verbose: 0,
                                       distribution: options.distribution)
        epochsRun += try lstmHistory["loss"].count
        let curves = lstmHistory.history.filter { ["loss", "val_loss"].contains($0.key) }
        out.report.history = curves
        try out.save(Figure.trainingHistory(curves, title: "LSTM loss"), as: "loss-curves", caption: "LSTM: training and validation loss per epoch")
        let lstmForecast = try forecast(lstm, from: scaledTrain, length: lstmLength, steps: test.count)
        metrics["lstm_rmse_scaled"] = try rootMeanSquaredError(scaledTest.scalars.map(Double.init), lstmForecast)
        let lstmValues = try scaler.inverseTransform(Tensor(shape: [test.count, 1], lstmForecast)).scalars.map(Double.init)
        metrics["lstm_rmse"] = try rootMeanSquaredError(test, lstmValues)
        try out.save(Figure.forecast(history: Array(train.suffix(100)), truth: test, forecast: lstmValues, title: "LSTM forecast of the test span"),
                     as: "lstm-forecast", caption: "LSTM: recursive forecast of the last 10% against the truth")
        print(String(format: "\nRMSE of the test forecast (scaled units): SimpleRNN %.4f, LSTM %.4f\n",
                     metrics["rnn_rmse_scaled"]!, metrics["lstm_rmse_scaled"]!))

        // Refit on the whole series and forecast beyond its end.
        var fullScaler = StandardScaler()
        let scaledAll = try fullScaler.fitTransform(Tensor(shape: [y.count, 1], y))
        let fullGenerator = try TimeseriesGenerator(data: scaledAll, targets: scaledAll, length: lstmLength, batchSize: 1)
        let final = Sequential(seed: options.seed ?? 42) { Input(shape: [lstmLength, 1]); LSTM(50); Dense(1) }
        try final.compile(optimizer: "adam", loss: "mse")
        let finalEpochs = min(options.epochs(try lstmHistory["loss"].count), 6)
        epochsRun += try final.fit(fullGenerator, epochs: finalEpochs, verbose: 0, distribution: options.distribution)["loss"].count
        let beyond = try fullScaler.inverseTransform(Tensor(shape: [test.count, 1],
                                                            try forecast(final, from: scaledAll, length: lstmLength, steps: test.count)))
        try out.save(Figure.forecast(history: y, truth: [], forecast: beyond.scalars.map(Double.init), title: "Forecast beyond the end of the series"),
                     as: "future-forecast", caption: "The LSTM refitted on the whole series, forecasting 50 steps past its end")

        out.report.metrics = metrics.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let modelFile = out.path("sine_lstm.safetensors")
        try lstm.save(to: modelFile)
        let html = try out.writeReport()
        print("report: \(RunFolder.shown(html))")
        return ExampleResult(task: "forecast", metrics: metrics, epochsRun: epochsRun, seconds: Date().timeIntervalSince(start),
                             files: ["report": html, "model": modelFile], figures: out.figures)
    }

    /// The recursive forecast of `steps` values after the last `length` of `series` ([n, 1]).
    static func forecast(_ model: Sequential, from series: Tensor, length: Int, steps: Int) throws -> [Double] {
        let n = series.shape[0]
        return try recursiveForecast(lastWindow: series.slice((n - length)..<n), steps: steps) { try model.predict($0) }
            .scalars.map(Double.init)
    }

    static func fmt(_ values: [Float]) -> String {
        values.count <= 4 ? "[" + values.map { String(format: "%.4f", $0) }.joined(separator: ", ") + "]"
            : "[" + values.prefix(3).map { String(format: "%.4f", $0) }.joined(separator: ", ") + ", … (\(values.count))]"
    }
}
