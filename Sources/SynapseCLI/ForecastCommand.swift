// `synapse forecast`: a recurrent forecast of one column of a CSV without writing code. The
// steps of the seed's forecasting notebooks: read the series (in date order when a date column
// is given), hold out the last values, scale on the rest, cut windows, train the --layers
// network on them, forecast the held-out span recursively, and score it beside a naive
// (last value) and a seasonal-naive forecast. Writes the forecast CSV, the figures, the model
// and an HTML report; all of them appear together or not at all.

import ArgumentParser
import Foundation
import Synapse
import SynapseExamples

struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast a CSV column with a recurrent network, scored against naive forecasts.",
        discussion: """
        Holds out the last --test-size values (default: --horizon), trains on the rest with windows of --window steps, \
        and forecasts --horizon steps recursively (each prediction fed back as the newest input). --layers takes the \
        train command's spec; the recurrent kinds are lstm:UNITS[:ACTIVATION][:seq], gru:..., simplernn:..., bilstm:..., \
        bigru:..., e.g. lstm:50:relu,dense:1. Reports RMSE and MAE beside the naive forecast (the last value repeated) and \
        the seasonal-naive one (the value one --season earlier).
        """
    )

    @Option(help: "The CSV file.")
    var data: String

    @Option(help: "The column to forecast.")
    var column: String

    @Option(help: "A column of dates; the rows are put in date order and its labels go into the forecast CSV.")
    var dateColumn: String?

    @Option(parsing: .unconditional, help: "Input steps per window.")
    var window: Int

    @Option(parsing: .unconditional, help: "Steps to forecast after the training part.")
    var horizon: Int

    @Option(parsing: .unconditional, help: "Values held out at the end: a count, or a fraction below 1 (default: the horizon).")
    var testSize: Double?

    @Option(help: "The network, e.g. lstm:50:relu,dense:1 (an Input of (window, 1) is put in front).")
    var layers = "lstm:50:relu,dense:1"

    @Option(parsing: .unconditional, help: "Epochs (early stopping on the training loss may end sooner).")
    var epochs = 20

    @Option(parsing: .unconditional, help: "EarlyStopping patience on the training loss; 0 turns it off.")
    var patience = 2

    @Option(help: "Scaling: minmax or standard.")
    var scale = "minmax"

    @Option(parsing: .unconditional, help: "The season of the seasonal-naive forecast, in steps (12 for monthly data).")
    var season = 12

    @Option(parsing: .unconditional, help: "The seed of the initial weights.")
    var seed: UInt64 = 42

    @Option(help: "The folder for the forecast CSV, the figures, the model and the report.")
    var out = "synapse-forecast"

    @Flag(help: "No progress lines while training.")
    var quiet = false

    @Flag(help: "Print the result as one JSON object on the last line.")
    var json = false

    @OptionGroup(title: "Reading the CSV (pandas.read_csv's options)")
    var csv: CSVOptions

    func validate() throws {
        guard window >= 1 else { throw ValidationError("--window must be at least 1; got \(window).") }
        guard horizon >= 1 else { throw ValidationError("--horizon must be at least 1; got \(horizon).") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1; got \(epochs).") }
        guard patience >= 0 else { throw ValidationError("--patience must not be negative; got \(patience).") }
        guard season >= 1 else { throw ValidationError("--season must be at least 1; got \(season).") }
        guard SeriesForecast.ScalerKind(rawValue: scale) != nil else { throw ValidationError("--scale is minmax or standard, not '\(scale)'.") }
        if let testSize, !(testSize > 0) || (testSize >= 1 && testSize != testSize.rounded()) || !testSize.isFinite {
            throw ValidationError("--test-size is a whole number of values or a fraction between 0 and 1; got \(testSize).")
        }
    }

    func run() throws {
        let start = Date()
        var frame = try DataFrame(csvFile: data, options: try csv.readOptions())
        var dates: [Date]?
        if let dateColumn {
            // In date order, one row per period: a gap, a repeat or a date that does not parse is
            // an error naming the line.
            frame = try frame.settingDateIndex(dateColumn).sortedByIndex()
            try frame.checkRegular()
            dates = frame.dateIndex
        }
        guard let series = frame[column] else {
            throw CLIError("\(data) has no column '\(column)'; its columns are \(frame.columns.joined(separator: ", ")).")
        }
        if let error = try missingValueError(in: frame, columns: [column], file: data) { throw error }
        let values: [Double]
        do { values = try series.numbers() } catch {
            throw CLIError("Column '\(column)' of \(data) must hold numbers: \(error)")
        }
        let labels = dates != nil ? frame.index : nil
        let held: Int
        if let testSize { held = testSize < 1 ? max(1, Int((Double(values.count) * testSize).rounded())) : Int(testSize) } else { held = horizon }
        let builder = try LayerSpec.items(layers)
        let closing = try OutputTransaction.run(out: out, inputs: [data]) { staging -> [String] in
            let folder = try RunFolder(staging, title: "synapse forecast — \(URL(fileURLWithPath: data).lastPathComponent), column \(column)")
            var setup = SeriesForecast(values: values, labels: labels, dates: dates, name: column, window: window, testSize: held,
                                       scaler: SeriesForecast.ScalerKind(rawValue: scale)!, epochs: epochs,
                                       patience: patience > 0 ? patience : nil, monitor: "loss", season: season) { window in
                let model = Sequential(seed: seed)
                model.add(Input(shape: [window, 1]))
                for item in builder { model.add(LayerSpec.makeLayer(item)) }
                do { try model.build(inputShape: [window, 1]) } catch { throw CLIError("--layers does not fit windows of (\(window), 1): \(error)") }
                guard model.outputShape == [1] else {
                    throw CLIError("--layers must end in one value per window (e.g. ...,dense:1); it gives shape \(model.outputShape ?? [])")
                }
                return model
            }
            setup.horizon = horizon
            do { try setup.validate() } catch let SynapseError.invalidArgument(reason) { throw CLIError("\(data): \(reason).") }
            let outcome = try setup.run(out: folder, verbose: !quiet)
            folder.report.modelSummary = outcome.model.summary(print: false)
            folder.report.metrics = outcome.metrics.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            try setup.forecastCSV(outcome).write(toFile: folder.path("forecast.csv"), atomically: true, encoding: .utf8)
            try outcome.model.save(to: folder.path("model.safetensors"))
            let report = try folder.writeReport()
            var closing: [String] = []
            if !quiet || !json {
                closing += outcome.metrics.sorted(by: { $0.key < $1.key }).map { String(format: "%@ %.6g", $0.key, $0.value) }
                closing.append("forecast: \(RunFolder.shown(folder.path("forecast.csv")))\nreport: \(RunFolder.shown(report))")
            }
            if json {
                let result = ExampleResult(task: "forecast", metrics: outcome.metrics, epochsRun: try outcome.history["loss"].count,
                                           seconds: Date().timeIntervalSince(start),
                                           files: ["report": RunFolder.shown(report), "model": RunFolder.shown(folder.path("model.safetensors")),
                                                   "predictions": RunFolder.shown(folder.path("forecast.csv"))],
                                           figures: folder.figures.map(RunFolder.shown))
                closing.append(JSONLine.result(result, extra: ["held_out": held, "horizon": horizon]))
            }
            return closing
        }
        for line in closing { print(line) }
    }
}
