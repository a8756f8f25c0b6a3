// `synapse train`: a model from any CSV without writing code. The steps of the seed's
// notebooks: read, choose the target, encode text class labels, split, scale (fitted on the
// training rows), build the layers of --layers or --model, compile, fit with the test rows as
// validation data (and early stopping when asked), evaluate, predict the test rows, measure,
// then save the model file, the scaler, the preprocessing, the test predictions and the report.

import ArgumentParser
import Foundation
import Synapse
import SynapseDashboard
import SynapseExamples

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network on a CSV file and save the model, the scaler and a report.",
        discussion: """
        --layers is a compact spec, layers separated by commas: dense:UNITS[:ACTIVATION], dropout:RATE, activation:NAME, \
        conv2d:FILTERS:KERNEL[:ACTIVATION][:STRIDE][:same|valid], conv1d:FILTERS:KERNEL[:ACTIVATION][:STRIDE][:same|valid], \
        maxpool2d:SIZE[:STRIDE], avgpool2d:SIZE[:STRIDE], maxpool1d:SIZE, avgpool1d:SIZE, globalavgpool2d, globalmaxpool2d, \
        batchnorm, zeropad2d:P, spatialdropout2d:RATE, flatten; \
        e.g. dense:30:relu,dropout:0.5,dense:15:relu,dense:1:sigmoid. --model takes the JSON model config a model file stores.
        --input-shape H,W,C (or STEPS,C) reshapes each row's feature columns, in order, into an image (or a sequence), \
        e.g. --input-shape 28,28,1 --layers conv2d:16:3:relu,maxpool2d:2,flatten,dense:10:softmax; the model file keeps the shape.
        A classification target with text labels is encoded as 0, 1, ... in sorted order.
        """
    )

    enum Task: String, ExpressibleByArgument, CaseIterable { case classification, regression }
    enum Scale: String, ExpressibleByArgument, CaseIterable { case standard, minmax, none }

    @Option(name: .customLong("data"), help: "The CSV file.")
    var dataFile: String?

    @Option(name: .customLong("target"), help: "The column to predict.")
    var targetColumn: String?

    @Option(help: "A folder of images, one subfolder per class (PNG or JPEG), instead of --data and --target.")
    var images: String?

    @Option(help: "With --images: the size every image is resized to, H,W (default: the images' own size, which they must share).")
    var imageSize: String?

    @Option(help: "With --images: grayscale, rgb or rgba.")
    var colorMode = "rgb"

    @Option(parsing: .unconditional, help: "With --images: the fraction of images held out for validation.")
    var validationSplit = 0.2

    @Flag(help: "With --images: resize the largest centred box of the target's aspect ratio (no stretching).")
    var cropToAspectRatio = false

    @Flag(help: "With --images: skip the images that do not decode, and count them, instead of stopping at the first.")
    var skipBadImages = false

    /// The CSV file (checked present in validate() unless --images is given).
    var data: String { dataFile ?? "" }
    /// The target column (checked present with --data).
    var target: String { targetColumn ?? "" }

    @Option(help: "Columns to leave out, separated by commas.")
    var drop: String?

    @Option(help: "classification or regression (default: classification for text or few whole-number values).")
    var task: Task?

    @Option(help: "The layers, e.g. dense:30:relu,dense:15:relu,dense:1:sigmoid.")
    var layers: String?

    @Option(help: "A JSON model config (the model_config a model file stores) instead of --layers.")
    var model: String?

    @Option(help: "The shape of one sample, H,W,C (images) or STEPS,C (sequences): each row's feature columns are reshaped to it.")
    var inputShape: String?

    @Option(help: "The loss (default: binary_crossentropy, sparse_categorical_crossentropy or mse by task).")
    var loss: String?

    @Option(help: "The optimizer: adam, rmsprop, sgd, adamw, adagrad, adadelta, adamax, nadam.")
    var optimizer = "adam"

    @Option(parsing: .unconditional, help: "Epochs.")
    var epochs = 100

    @Option(parsing: .unconditional, help: "Rows per step.")
    var batchSize = 32

    @Option(parsing: .unconditional, help: "The fraction of rows held out for testing.")
    var testSize = 0.25

    @Option(help: "Feature scaling: standard, minmax or none.")
    var scale: Scale = .standard

    @Option(parsing: .unconditional, help: "The seed of the split, the initial weights and the shuffling.")
    var seed: UInt64 = 42

    @Option(help: "Stop when a logged value stops improving, as MONITOR:PATIENCE (e.g. val_loss:25).")
    var earlyStopping: String?

    @Option(help: "The folder for the model, the scaler, the predictions and the report.")
    var out = "synapse-train"

    @Flag(help: "No progress lines while training.")
    var quiet = false

    @Flag(inversion: .prefixedNo, help: "Append each epoch to events.jsonl in the run folder, for `synapse dashboard`.")
    var runLog = true

    @Flag(help: "Serve the live dashboard while training (the runs beside --out), on --dashboard-port.")
    var dashboard = false

    @Option(parsing: .unconditional, help: "The dashboard's port with --dashboard (0 picks a free one).")
    var dashboardPort = 6006

    @Flag(help: "Print the result as one JSON object on the last line.")
    var json = false

    @Option(parsing: .unconditional, help: """
        Under mpirun: the seconds a rank waits for the others in one all-reduce or broadcast before it ends the run \
        (default: SYNAPSE_MPI_TIMEOUT, else 300; 0 waits for ever).
        """)
    var mpiTimeout: Double?

    @OptionGroup(title: "Reading the CSV (pandas.read_csv's options)")
    var csv: CSVOptions

    func validate() throws {
        if images == nil {
            guard dataFile != nil, targetColumn != nil else {
                throw ValidationError("Give --data FILE.csv with --target COLUMN, or --images FOLDER.")
            }
        } else {
            guard dataFile == nil, targetColumn == nil else {
                throw ValidationError("--images takes the classes from the folder's subfolders; leave out --data and --target.")
            }
            if let imageSize { _ = try Self.parseImageSize(imageSize) }
            guard ImageColorMode(rawValue: colorMode) != nil else {
                throw ValidationError("--color-mode must be grayscale, rgb or rgba; got '\(colorMode)'.")
            }
            guard validationSplit > 0 && validationSplit < 1 else { throw ValidationError("--validation-split must be between 0 and 1, e.g. 0.2.") }
        }
        guard (layers == nil) != (model == nil) else {
            throw ValidationError("Give either --layers (e.g. dense:30:relu,dense:1:sigmoid) or --model FILE.json, not both or neither.")
        }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1.") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1.") }
        if let mpiTimeout, !(mpiTimeout.isFinite && mpiTimeout >= 0) {
            throw ValidationError("--mpi-timeout must be a number of seconds, 0 for no limit; got \(mpiTimeout).")
        }
        guard testSize > 0 && testSize < 1 else { throw ValidationError("--test-size must be between 0 and 1, e.g. 0.25.") }
        guard (0...65535).contains(dashboardPort) else { throw ValidationError("--dashboard-port must be between 0 and 65535; got \(dashboardPort).") }
        if let earlyStopping { _ = try Self.parseEarlyStopping(earlyStopping) }
        if let layers { _ = try LayerSpec.items(layers) }
        if let inputShape { _ = try InputShape.parse(inputShape) }
    }

    static func parseEarlyStopping(_ text: String) throws -> (monitor: String, patience: Int) {
        let parts = text.split(separator: ":").map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, let patience = Int(parts[1]), patience >= 0 else {
            throw ValidationError("--early-stopping takes MONITOR:PATIENCE, e.g. val_loss:25; got '\(text)'.")
        }
        return (parts[0], patience)
    }

    func run() throws {
        // Under mpirun, every rank trains; only rank 0 prints and writes --out.
        try LaunchedRanks.run(timeout: mpiTimeout, asRoot: runOnThisProcess) { _ = try trainSomething(into: $0, distribution: $1) }
    }

    private func runOnThisProcess(distribution: DataParallel?) throws {
        // Everything is written into a staging folder and moved into --out at the end (a failed
        // or interrupted run leaves the earlier results as they were); the last lines are
        // printed once the files are in place.
        let closing = try OutputTransaction.run(out: out, inputs: [images ?? data]) { staging in
            try trainSomething(into: staging, distribution: distribution)
        }
        for line in closing { print(line) }
    }

    /// The run on the CSV or on the image folder, writing into `staging`.
    private func trainSomething(into staging: String, distribution: DataParallel?) throws -> [String] {
        try images == nil ? train(into: staging, distribution: distribution) : trainOnImages(into: staging, distribution: distribution)
    }

    /// The run, writing into `staging`; returns the lines to print after the commit.
    func train(into staging: String, distribution: DataParallel? = nil) throws -> [String] {
        let start = Date()
        let folder = try RunFolder(staging, title: "synapse train — \(URL(fileURLWithPath: data).lastPathComponent), target \(target)")

        // Read, drop, choose features.
        var frame = try DataFrame(csvFile: data, options: try csv.readOptions(CSVReadOptions(requiredColumns: [target])))
        if let drop {
            let names = drop.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let unknown = names.first(where: { !frame.columns.contains($0) }) {
                throw CLIError("--drop names '\(unknown)', which is not a column of \(data); its columns are \(frame.columns.joined(separator: ", ")).")
            }
            frame = try frame.dropping(names.filter { $0 != target })
        }
        guard frame.rowCount > 0 else { throw CLIError("\(data) has a header but no rows of data.") }
        let features = frame.columns.filter { $0 != target }
        guard !features.isEmpty else { throw CLIError("\(data) has no feature columns besides the target '\(target)'.") }
        for name in features + [target] {
            let column = try frame.column(name)
            if name != target && !column.isNumeric {
                throw CLIError("Column '\(name)' of \(data) holds text; leave it out with --drop \(name) (only numeric features are used).")
            }
        }
        if let error = try missingValueError(in: frame, columns: features + [target], file: data) { throw error }
        let sampleShape = try inputShape.map(InputShape.parse) ?? [features.count]
        try InputShape.check(sampleShape, features: features.count, file: data)
        print("\(data): \(frame.rowCount) rows, \(features.count) features, target '\(target)'")

        // The target: class codes or numbers.
        let targetColumn = try frame.column(target)
        let task = self.task ?? Self.inferTask(targetColumn)
        var classes: [String]? = nil
        let y: Tensor
        if task == .classification {
            let (codes, names) = try Self.encodeClasses(targetColumn)
            guard names.count >= 2 else { throw CLIError("The target '\(target)' has only one class (\(names.first ?? "")); classification needs two or more.") }
            classes = names
            y = Tensor(shape: [codes.count, 1], scalars: codes.map(Float.init))
            print("classification, \(names.count) classes: " + names.enumerated().map { "\($0.offset) = \($0.element)" }.joined(separator: ", "))
        } else {
            guard targetColumn.isNumeric else {
                throw CLIError("The target '\(target)' holds text; regression needs numbers (use --task classification for labels).")
            }
            y = try frame.toTensor(column: target).reshaped(to: [-1, 1])
            print("regression")
        }

        // Split, then scale with statistics of the training rows only.
        let x = try frame.toTensor(columns: features)
        let (trainRows, testRows) = try trainTestSplitIndices(count: frame.rowCount, testSize: .fraction(testSize), seed: seed)
        let (xTrainRaw, xTestRaw) = (x.gathering(trainRows), x.gathering(testRows))
        let (yTrain, yTest) = (y.gathering(trainRows), y.gathering(testRows))
        var scalerFile: String? = nil
        var xTrain = xTrainRaw, xTest = xTestRaw
        switch scale {
        case .standard:
            var scaler = StandardScaler()
            xTrain = try scaler.fitTransform(xTrainRaw); xTest = try scaler.transform(xTestRaw)
            try scaler.save(to: folder.path("scaler.json")); scalerFile = "scaler.json"
        case .minmax:
            var scaler = MinMaxScaler()
            xTrain = try scaler.fitTransform(xTrainRaw); xTest = try scaler.transform(xTestRaw)
            try scaler.save(to: folder.path("scaler.json")); scalerFile = "scaler.json"
        case .none: break
        }
        if sampleShape.count > 1 {
            xTrain = try InputShape.reshape(xTrain, to: sampleShape, file: data)
            xTest = try InputShape.reshape(xTest, to: sampleShape, file: data)
        }
        print("train \(trainRows.count) rows, test \(testRows.count) rows, scaling: \(scale.rawValue)\n")

        // The model.
        LayerNames.reset()   // names start at dense, dense_1, ... as in a fresh Keras session
        let network = try buildModel(sampleShape: sampleShape)
        try checkOutput(network, task: task, classes: classes)
        let lossName = loss ?? (task == .regression ? "mse" : (network.outputShape?.last == 1 ? "binary_crossentropy" : "sparse_categorical_crossentropy"))
        try network.compile(optimizer: optimizer, loss: lossName, metrics: task == .classification ? ["accuracy"] : ["mae"])
        if task == .classification, let units = network.outputShape?.last {
            try Self.checkLoss(network.loss!, units: units, activation: Self.outputActivation(network), classes: classes?.count ?? 2)
        }
        folder.report.modelSummary = network.summary(print: false)
        print(folder.report.modelSummary!)
        folder.report.dataDescription = describeTable(frame)

        // Fit, with the test rows as validation data (as the seed's notebooks do).
        var callbacks: [Callback] = [ProgressLogger(every: quiet ? 0 : max(1, epochs / 10), epochs: epochs)]
        if runLog || dashboard {
            // About 50 histogram records and 1,000 batch records per run, however long it is.
            callbacks.append(RunLogger(folder: folder.directory, runName: URL(fileURLWithPath: out).lastPathComponent,
                                       batchEvery: max(1, epochs * ((xTrain.shape[0] + batchSize - 1) / batchSize) / 1000),
                                       histogramEvery: max(1, epochs / 50)))
        }
        if dashboard && distribution?.isRoot != false {
            let runs = URL(fileURLWithPath: out).standardizedFileURL.deletingLastPathComponent().path
            try DashboardLauncher.serve(DashboardServer(root: runs, port: dashboardPort), blocking: false)
        }
        if let earlyStopping {
            let (monitor, patience) = try Self.parseEarlyStopping(earlyStopping)
            callbacks.append(EarlyStopping(monitor: monitor, patience: patience))
        }
        let history = try network.fit(x: xTrain, y: yTrain, epochs: epochs, batchSize: batchSize,
                                      validationData: (xTest, yTest), callbacks: callbacks, verbose: 0,
                                      distribution: distribution)
        if let distribution { print(LaunchedRanks.summary(distribution, batchSize: batchSize)) }
        folder.report.history = curves(history)

        // Evaluate and predict the test rows.
        let scores = try network.evaluate(x: xTest, y: yTest)
        let outputs = try network.predict(xTest)

        // Save what predict needs first, so that no problem in the reporting loses the model.
        let setup = TrainingSetup(features: features, target: target, task: task.rawValue, classes: classes,
                                  scale: scale.rawValue, scalerFile: scalerFile)
        try network.save(to: folder.path("model.safetensors"))
        try setup.save(to: folder.path(TrainingSetup.fileName))
        try setup.withPredictions(outputs, beside: frame.rows(testRows)).writeCSV(to: folder.path("test_predictions.csv"))

        var metrics: [String: Double] = ["test_loss": scores["loss"]!]
        if task == .classification {
            let truth = yTest.scalars.map { Int($0) }
            let predicted = Self.classCodes(outputs)
            metrics["test_accuracy"] = try accuracyScore(truth, predicted)
            // Every class has its row, also one that neither the test rows nor the predictions hold.
            let report = try classificationReport(truth, predicted, labels: Array(0..<classes!.count), targetNames: classes)
            print("\nclassification report (test rows)\n\(report)")
            try folder.save(Figure.confusionMatrix(truth: truth, predicted: predicted, classNames: classes!),
                            as: "confusion-matrix", caption: "Confusion matrix on the test rows")
        } else {
            let truth = yTest.scalars.map(Double.init), predicted = outputs.scalars.map(Double.init)
            metrics["test_rmse"] = try rootMeanSquaredError(truth, predicted)
            metrics["test_mae"] = try meanAbsoluteError(truth, predicted)
            metrics["explained_variance"] = try explainedVarianceScore(truth, predicted)
            metrics["r2"] = try r2Score(truth, predicted)
            try folder.save(Figure.actualVsPredicted(actual: truth, predicted: predicted), as: "actual-vs-predicted",
                            caption: "Predicted against true values on the test rows")
            try folder.save(Figure.errorHistogram(actual: truth, predicted: predicted), as: "errors",
                            caption: "Errors on the test rows")
        }
        let order = ["test_accuracy", "test_loss", "test_rmse", "test_mae", "explained_variance", "r2"]
        folder.report.metrics = order.compactMap { name in metrics[name].map { (name, $0) } }
        print("\n" + folder.report.metrics.map { "\($0.name) \(formatNumber($0.value))" }.joined(separator: "   "))

        // The report.
        let report = try folder.writeReport()
        var files = ["model": RunFolder.shown(folder.path("model.safetensors")), "preprocessing": RunFolder.shown(folder.path(TrainingSetup.fileName)),
                     "predictions": RunFolder.shown(folder.path("test_predictions.csv")), "report": RunFolder.shown(report)]
        if let scalerFile { files["scaler"] = RunFolder.shown(folder.path(scalerFile)) }
        var closing = ["wrote " + ["model", "scaler", "preprocessing", "predictions", "report"].compactMap { files[$0] }.joined(separator: ", ")]
        if json {
            let result = ExampleResult(task: task.rawValue, metrics: metrics, epochsRun: try history["loss"].count,
                                       seconds: Date().timeIntervalSince(start), files: files, figures: folder.figures.map(RunFolder.shown))
            closing.append(JSONLine.result(result))
        }
        return closing
    }

    /// Classification when the target is text, or holds at most 10 distinct whole numbers.
    static func inferTask(_ column: Column) -> Task {
        guard column.isNumeric, let values = try? column.numbers() else { return .classification }
        let distinct = Set(values)
        return distinct.count <= 10 && distinct.allSatisfy { $0 == $0.rounded() } ? .classification : .regression
    }

    /// Codes 0..<k for the classes of a column, in sorted order (numerically for numbers).
    static func encodeClasses(_ column: Column) throws -> (codes: [Int], classes: [String]) {
        if column.isNumeric {
            let values = try column.numbers()
            let sorted = Array(Set(values)).sorted()
            let code = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($0.element, $0.offset) })
            let names = sorted.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : String($0) }
            return (values.map { code[$0]! }, names)
        }
        var encoder = LabelEncoder<String>()
        let labels = (0..<column.count).map { column.text(at: $0) ?? "" }
        let codes = try encoder.fitTransform(labels)
        return (codes, encoder.classes)
    }

    /// The predicted class of each row: p > 0.5 for one output, the largest output otherwise.
    static func classCodes(_ outputs: Tensor) -> [Int] {
        let rows = outputs.shape[0], width = outputs.count / max(rows, 1)
        let s = outputs.scalars
        return (0..<rows).map { i in
            width == 1 ? (s[i] > 0.5 ? 1 : 0) : (0..<width).max { s[i * width + $0] < s[i * width + $1] }!
        }
    }

    /// The model of --layers (after an Input layer of `sampleShape`) or of --model.
    func buildModel(sampleShape: [Int]) throws -> Sequential {
        let model: Sequential
        if let layers {
            model = Sequential([Input(shape: sampleShape)] + (try LayerSpec.parse(layers)), seed: seed)
        } else {
            let (configured, configSeed) = try LayerSpec.layers(configFile: self.model!)
            model = Sequential(configured, seed: configSeed ?? seed)
        }
        if !model.isBuilt {
            do { try model.build(inputShape: sampleShape) } catch {
                let what = sampleShape.count == 1 ? "the \(sampleShape[0]) feature columns" : "samples of shape \(InputShape.text(sampleShape))"
                throw CLIError("The model cannot take \(what): \(error)")
            }
        }
        return model
    }

    func checkOutput(_ model: Sequential, task: Task, classes: [String]?) throws {
        guard let units = model.outputShape?.last else { return }
        if task == .regression, units != 1 {
            throw CLIError("The last layer has \(units) units; a regression needs 1 (end --layers with dense:1).")
        }
        if let classes {
            if classes.count == 2, units != 1 && units != 2 {
                throw CLIError("The last layer has \(units) units but the target has 2 classes; end --layers with dense:1:sigmoid.")
            }
            if classes.count > 2, units != classes.count {
                throw CLIError("The last layer has \(units) units but the target has \(classes.count) classes; end --layers with dense:\(classes.count):softmax.")
            }
        }
    }

    /// The activation the model's output passes through last (Dense's own, or an Activation layer's).
    static func outputActivation(_ model: Sequential) -> SynapseNN.ActivationFunction? {
        for layer in model.layers.reversed() {
            if let dense = layer as? Dense { return dense.activation }
            if let activation = layer as? Activation { return activation.activation }
            if layer is Dropout { continue }
            return nil
        }
        return nil
    }

    /// The output layer, the loss and the classes must agree; otherwise training runs to nonsense
    /// with exit 0 (categorical cross-entropy on one sigmoid unit sees a single class).
    static func checkLoss(_ loss: Loss, units: Int, activation: SynapseNN.ActivationFunction?, classes: Int) throws {
        let fused = activation.map { "\($0)" } ?? "unknown"
        switch loss {
        case is BinaryCrossentropy:
            // (A softmax over that one unit is refused by fit itself.)
            guard units == 1 else {
                throw CLIError("binary_crossentropy needs one output unit (the probability of class 1); the last layer has \(units). End --layers with dense:1:sigmoid, or use sparse_categorical_crossentropy with dense:\(classes):softmax.")
            }
        case is SparseCategoricalCrossentropy, is CategoricalCrossentropy:
            guard units >= 2 else {
                throw CLIError("\(loss is CategoricalCrossentropy ? "categorical_crossentropy" : "sparse_categorical_crossentropy") needs one output unit per class (\(classes)); the last layer has 1 (\(fused)). End --layers with dense:\(classes):softmax, or use binary_crossentropy with dense:1:sigmoid.")
            }
        default:
            break
        }
    }
}
