// Workflow 3 of the seed, cancer: tell malignant tumours (1) from benign ones (0) by 30
// measurements of the cell nuclei.
// The notebook: read the CSV, look at it (head, info, describe, missing values; the label's
// counts, a pair plot of four columns coloured by the label with KDE on the diagonal, the
// correlation heat map with annotations, feature histograms with KDE, box plots), split 75/25
// (seed 101), StandardScaler, Dense(30, relu) -> Dense(15, relu) -> Dense(1, sigmoid), Adam,
// binary cross-entropy, accuracy, in three runs:
//   1. 300 epochs (it overfits: val_loss turns up);
//   2. EarlyStopping(monitor val_accuracy, mode max, patience 25), up to 500 epochs;
//   3. Dropout(0.5) after each hidden layer, the same early stopping, up to 600 epochs;
// accuracy and loss curves of each, then the classification report and the confusion matrix.
// Without a data folder it uses the copy that ships inside Synapse (Datasets.breastCancer()).

import Foundation
import Synapse

/// The breast cancer classification workflow (also `synapse demo`).
public enum Cancer {
    static let dataFile = "breast_cancer.csv"
    static let label = "benign_0__mal_1"

    /// Runs the notebook on `breast_cancer.csv` from the data folder, or on the shipped copy.
    public static func run(_ options: ExampleOptions) throws -> ExampleResult {
        let start = Date()
        let out = try RunFolder(options.outputDirectory, title: "Breast cancer — Dense 30-15-1 with early stopping and dropout",
                                png: options.png)

        // Load and look.
        let df: DataFrame
        if let csv = options.dataFile(dataFile) {
            df = try DataFrame(csvFile: csv, options: CSVReadOptions(requiredColumns: [label]))
        } else {
            df = Datasets.breastCancer()
            print("the breast cancer data that ships with Synapse (569 rows, 30 features)\n")
        }
        look(at: df)
        out.report.dataDescription = describeTable(df)
        let classes = try df.numbers(label).map { $0 == 1 ? "1" : "0" }
        print("df['\(label)'].value_counts(): " + valueCountsLine(try df.valueCounts(label)) + "\n")

        let four = try ["mean radius", "mean texture", "mean perimeter", "mean area"].map { (name: $0, values: try df.numbers($0)) }
        try out.save(Figure.pairPlot(four, classes: classes, classTitle: label, diagonal: .kde, cellSize: 170),
                     as: "pairplot", caption: "sns.pairplot(df[four columns + label], hue='\(label)', diag_kind='kde')")
        let corr = df.corr()
        try out.save(Figure.correlationHeatMap(try corr.columns.map { try corr.numbers($0) }, labels: corr.columns),
                     as: "correlation", caption: "sns.heatmap(df.corr(), annot=True)")
        let histograms = Figure(width: 1100, height: 560)
        for (ax, name) in zip(histograms.subplots(rows: 2, columns: 3),
                              ["mean radius", "mean texture", "mean smoothness", "worst radius", "worst concavity", "worst area"]) {
            ax.histogram(try df.numbers(name), bins: 30, kde: true)
            ax.title = name
        }
        try out.save(histograms, as: "feature-histograms", caption: "sns.histplot(df[feature], kde=True) for six features")
        let boxes = Figure(width: 1100, height: 400)
        for (ax, name) in zip(boxes.subplots(rows: 1, columns: 3), ["mean radius", "mean concave points", "worst perimeter"]) {
            ax.boxPlot(values: try df.numbers(name), by: classes, order: ["0", "1"])
            ax.setLabels(x: label, y: name)
        }
        try out.save(boxes, as: "boxplots", caption: "sns.boxplot(x='\(label)', y=feature, data=df)")

        // Split and scale.
        let x = try df.dropping([label]).toTensor()
        let y = try df.toTensor(column: label).reshaped(to: [-1, 1])
        let split = try trainTestSplit(x, y, testSize: 0.25, seed: 101)
        var scaler = StandardScaler()
        let xTrain = try scaler.fitTransform(split.xTrain)
        let xTest = try scaler.transform(split.xTest)
        print("X_train \(xTrain.shape), X_test \(xTest.shape)\n")

        // The model, with or without dropout.
        func model(dropout: Bool) throws -> Sequential {
            let model = Sequential(seed: options.seed ?? 101) {
                Input(shape: [x.shape[1]])
                Dense(30, activation: .relu)
                if dropout { Dropout(0.5) }
                Dense(15, activation: .relu)
                if dropout { Dropout(0.5) }
                Dense(1, activation: .sigmoid)
            }
            try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"])
            return model
        }

        // The three runs.
        let runs: [(title: String, dropout: Bool, epochs: Int, earlyStopping: Bool)] = [
            ("1. 300 epochs", false, 300, false),
            ("2. early stopping (val_accuracy, patience 25)", false, 500, true),
            ("3. dropout 0.5 and early stopping", true, 600, true),
        ]
        var epochsRun = 0
        var last: Sequential!
        for run in runs {
            print("run \(run.title)")
            let model = try model(dropout: run.dropout)
            if run.dropout { out.report.modelSummary = model.summary(print: false); print(out.report.modelSummary!) }
            let epochs = options.epochs(run.epochs)
            var callbacks: [Callback] = [ProgressLogger(every: options.progressEvery, epochs: epochs, label: "  ")]
            if run.earlyStopping { callbacks.append(EarlyStopping(monitor: "val_accuracy", patience: 25, mode: .max)) }
            let history = try model.fit(x: xTrain, y: split.yTrain, epochs: epochs, validationData: (xTest, split.yTest),
                                        callbacks: callbacks, verbose: 0, distribution: options.distribution)
            let scores = try model.evaluate(x: xTest, y: split.yTest)
            print(String(format: "  %d epochs, test accuracy %.4f, test loss %.4f\n", try history["loss"].count,
                         scores["accuracy"]!, scores["loss"]!))
            try out.save(Figure.trainingHistory(curves(history), title: "Run \(run.title)"),
                         as: "curves-run\(runs.firstIndex { $0.title == run.title }! + 1)",
                         caption: "Run \(run.title): loss and accuracy per epoch")
            epochsRun += try history["loss"].count
            out.report.history = curves(history)
            last = model
        }

        // Predict with the last model, and measure.
        let probabilities = column(try last.predict(xTest))
        let predicted = probabilities.map { $0 > 0.5 ? 1 : 0 }
        let truth = column(split.yTest).map { Int($0) }
        let scores = try last.evaluate(x: xTest, y: split.yTest)
        let report = try classificationReport(truth, predicted)
        print("classification_report(y_test, predictions)\n\(report)")
        let matrix = try confusionMatrix(truth, predicted)
        print("confusion_matrix(y_test, predictions)\n\(matrix.map { $0.map(String.init).joined(separator: " ") }.joined(separator: "\n"))\n")
        try out.save(Figure.confusionMatrix(truth: truth, predicted: predicted, classNames: ["benign 0", "malignant 1"]),
                     as: "confusion-matrix", caption: "Confusion matrix of run 3 on the test rows")
        out.report.metrics = [("test accuracy", scores["accuracy"]!), ("test loss", scores["loss"]!),
                              ("precision (malignant)", try precisionScore(truth, predicted)),
                              ("recall (malignant)", try recallScore(truth, predicted)),
                              ("ROC AUC", try rocAucScore(truth, probabilities))]

        try last.save(to: out.path("cancer.safetensors"))
        try scaler.save(to: out.path("scaler.json"))
        let html = try out.writeReport()
        print("report: \(RunFolder.shown(html))")
        return ExampleResult(task: "classification",
                             metrics: ["test_accuracy": scores["accuracy"]!, "test_loss": scores["loss"]!],
                             epochsRun: epochsRun, seconds: Date().timeIntervalSince(start),
                             files: ["report": html, "model": out.path("cancer.safetensors"), "scaler": out.path("scaler.json")],
                             figures: out.figures)
    }
}

/// "value: count, ..." of a `valueCounts` frame, as Pandas prints the pairs on one line.
private func valueCountsLine(_ counts: DataFrame) -> String {
    (0..<counts.rowCount).map { row in
        counts.columnValues.map { $0.text(at: row) ?? "NaN" }.joined(separator: ": ")
    }.joined(separator: ", ")
}
