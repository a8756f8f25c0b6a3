// `synapse train --images FOLDER`: a classifier from a folder of pictures, one subfolder per
// class, as Keras's image_dataset_from_directory reads it. The steps: read the folder (split off
// the validation images with the seed), build the layers on images H×W×C, compile, fit on
// batches decoded as they are needed, predict the validation images, then save the model, the
// preprocessing (image size, colour mode, class names), the validation predictions and a report
// with a grid of validation images (true and predicted class), the confusion matrix and the
// misclassified images.

import Foundation
import Synapse
import SynapseExamples

extension TrainCommand {
    static func parseImageSize(_ text: String) throws -> (height: Int, width: Int) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let h = parts[0], let w = parts[1], (1...16384).contains(h), (1...16384).contains(w) else {
            throw CLIError("--image-size takes H,W, two whole numbers from 1 to 16384 (e.g. 64,64); got '\(text)'.")
        }
        return (h, w)
    }

    /// The run on an image folder, writing into `staging`; returns the lines to print after the commit.
    func trainOnImages(into staging: String, distribution: DataParallel? = nil) throws -> [String] {
        let start = Date()
        let folderPath = images!
        let colors = ImageColorMode(rawValue: colorMode)!
        let (training, validation) = try readImageFolder(folderPath, colors: colors)
        let classes = training.classNames
        let shape = training.imageShape
        print("\(folderPath): \(training.filePaths.count + validation.filePaths.count) images in \(classes.count) classes ("
              + classes.joined(separator: ", ") + "), \(InputShape.text(shape))")
        print("train \(training.filePaths.count) images, validation \(validation.filePaths.count)\n")
        let folder = try RunFolder(staging, title: "synapse train — images in \(URL(fileURLWithPath: folderPath).lastPathComponent)")

        // The model.
        LayerNames.reset()
        let network = try buildModel(sampleShape: shape)
        try checkOutput(network, task: .classification, classes: classes)
        let units = network.outputShape?.last ?? classes.count
        try network.compile(optimizer: optimizer, loss: loss ?? (units == 1 ? "binary_crossentropy" : "sparse_categorical_crossentropy"),
                            metrics: ["accuracy"])
        try Self.checkLoss(network.loss!, units: units, activation: Self.outputActivation(network), classes: classes.count)
        folder.report.modelSummary = network.summary(print: false)
        print(folder.report.modelSummary!)

        // Fit on the training images, validating on the others each epoch.
        var callbacks: [Callback] = [ProgressLogger(every: quiet ? 0 : max(1, epochs / 10), epochs: epochs)]
        if let earlyStopping {
            let (monitor, patience) = try Self.parseEarlyStopping(earlyStopping)
            callbacks.append(EarlyStopping(monitor: monitor, patience: patience))
        }
        let history = try network.fit(training, epochs: epochs, validationData: validation, callbacks: callbacks, verbose: 0,
                                      distribution: distribution)
        if let distribution { print(LaunchedRanks.summary(distribution, batchSize: batchSize)) }
        folder.report.history = curves(history)

        // Save what predict needs first, so that no problem in the reporting loses the model.
        let setup = TrainingSetup(features: [], target: "class", task: "classification", classes: classes, scale: "none", scalerFile: nil,
                                  images: .init(height: shape[0], width: shape[1], colorMode: colorMode, cropToAspectRatio: cropToAspectRatio))
        try network.save(to: folder.path("model.safetensors"))
        try setup.save(to: folder.path(TrainingSetup.fileName))

        // Predict the validation images, a batch at a time; keep a few for the figures.
        let predictions = try ImagePredictions(network, images: validation)
        try FileIO.write(Data(predictions.csvText(files: validation.filePaths, names: classes, truth: validation.labels).utf8),
                         to: folder.path("validation_predictions.csv"))
        let truth = validation.labels, predicted = predictions.classes
        let accuracy = try accuracyScore(truth, predicted)
        let scores = try network.evaluate(validation)
        print("\nclassification report (validation images)\n" + (try classificationReport(truth, predicted, labels: Array(0..<classes.count), targetNames: classes)))
        try saveImageFigures(folder, validation: validation, predictions: predictions, classes: classes)
        let metrics = ["validation_accuracy": accuracy, "validation_loss": scores["loss"]!]
        folder.report.metrics = [("validation_accuracy", accuracy), ("validation_loss", scores["loss"]!)]
        print("\n" + folder.report.metrics.map { "\($0.name) \(formatNumber($0.value))" }.joined(separator: "   "))

        let report = try folder.writeReport()
        let files = ["model": RunFolder.shown(folder.path("model.safetensors")), "preprocessing": RunFolder.shown(folder.path(TrainingSetup.fileName)),
                     "predictions": RunFolder.shown(folder.path("validation_predictions.csv")), "report": RunFolder.shown(report)]
        var closing = ["wrote " + ["model", "preprocessing", "predictions", "report"].compactMap { files[$0] }.joined(separator: ", ")]
        if json {
            let result = ExampleResult(task: "classification", metrics: metrics, epochsRun: try history["loss"].count,
                                       seconds: Date().timeIntervalSince(start), files: files, figures: folder.figures.map(RunFolder.shown))
            closing.append(JSONLine.result(result))
        }
        return closing
    }

    /// The training and validation parts of the folder, or one sentence saying why not.
    func readImageFolder(_ path: String, colors: ImageColorMode) throws -> (ImageFolder, ImageFolder) {
        let size = try imageSize.map(Self.parseImageSize)
        let parts = try Datasets.imageFolderSplit(path, imageSize: size, colorMode: colors, batchSize: batchSize,
                                                  seed: UInt32(truncatingIfNeeded: seed), validationSplit: validationSplit,
                                                  cropToAspectRatio: cropToAspectRatio)
        guard parts.training.classNames.count >= 2 else {
            throw CLIError("\(path) has one class folder (\(parts.training.classNames[0])); a classifier needs two or more, one subfolder each.")
        }
        guard skipBadImages else { return parts }
        let training = parts.training.droppingUnreadableFiles(), validation = parts.validation.droppingUnreadableFiles()
        let skipped = training.skipped + validation.skipped
        if let first = skipped.first {
            print("skipped \(skipped.count) image\(skipped.count == 1 ? "" : "s") that do not decode; the first: \(first.file): \(first.reason)")
        }
        guard !training.images.filePaths.isEmpty, !validation.images.filePaths.isEmpty else {
            throw CLIError("\(path): no \(training.images.filePaths.isEmpty ? "training" : "validation") images decode (\(skipped.count) skipped).")
        }
        return (training.images, validation.images)
    }

    /// The grid of validation images with their true and predicted classes, the confusion matrix
    /// and the misclassified images.
    func saveImageFigures(_ folder: RunFolder, validation: ImageFolder, predictions: ImagePredictions, classes: [String]) throws {
        let truth = validation.labels, predicted = predictions.classes
        let shown = predictions.kept.prefix(15)
        try folder.save(Figure.imageGrid(shown.map { displayable($0.image) },
                                         captions: shown.map { "\(classes[truth[$0.index]]) → \(classes[predicted[$0.index]])" }),
                        as: "validation-images", caption: "Validation images: true class → predicted class")
        try folder.save(Figure.confusionMatrix(truth: truth, predicted: predicted, classNames: classes),
                        as: "confusion-matrix", caption: "Confusion matrix on the validation images")
        let wrong = predictions.wrong.prefix(15)
        if !wrong.isEmpty {
            try folder.save(Figure.imageGrid(wrong.map { displayable($0.image) },
                                             captions: wrong.map { "\(classes[truth[$0.index]]) → \(classes[predicted[$0.index]])" }),
                            as: "misclassified", caption: "Misclassified validation images: true class → predicted")
        }
    }

    /// An image the figures can show: grey or RGB (an alpha channel is left out).
    func displayable(_ image: Tensor) -> Tensor {
        image.shape[2] == 4 ? image.slice(0..<3, alongAxis: 2) : image
    }
}

/// A model's predictions for a sequence of images, a batch at a time: the class of each, the
/// probability of that class, and the first images (all, and the misclassified ones) for figures.
struct ImagePredictions {
    var classes = [Int]()
    var probabilities = [Double]()
    var kept = [(index: Int, image: Tensor)]()
    var wrong = [(index: Int, image: Tensor)]()

    init(_ network: Sequential, images: ImageFolder, keep: Int = 15) throws {
        for b in 0..<images.count {
            let (x, _) = try images.batch(at: b)
            let outputs = try network.predict(x)
            let width = outputs.count / x.shape[0], values = outputs.scalars
            for row in 0..<x.shape[0] {
                let index = b * images.batchSize + row
                let p = Array(values[(row * width)..<((row + 1) * width)])
                let best = width == 1 ? (p[0] > 0.5 ? 1 : 0) : p.indices.max { p[$0] < p[$1] }!
                classes.append(best)
                probabilities.append(Double(width == 1 ? (best == 1 ? p[0] : 1 - p[0]) : p[best]))
                if kept.count < keep { kept.append((index, x.slice(row..<(row + 1)).squeezingShape(at: 0))) }
                if wrong.count < keep, index < images.labels.count, images.classNames.count > 0, images.labels[index] != best {
                    wrong.append((index, x.slice(row..<(row + 1)).squeezingShape(at: 0)))
                }
            }
        }
    }

    /// One row per image: the file, (with `truth`) its true class, the predicted class and its probability.
    func csvText(files: [String], names: [String], truth: [Int]?) -> String {
        var text = truth == nil ? "file,class,probability\n" : "file,class,predicted_class,probability\n"
        for i in classes.indices {
            let file = i < files.count ? files[i] : ""
            text += csvField(file) + ","
            if let truth { text += csvField(names[truth[i]]) + "," }
            text += csvField(names[classes[i]]) + "," + String(probabilities[i]) + "\n"
        }
        return text
    }

    func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
