// `synapse predict`: apply a saved model to the rows of a CSV. The preprocessing that
// `synapse train` saved beside the model (feature columns, scaler, class names) prepares the
// rows exactly as in training; the predictions are written beside the input rows.

import ArgumentParser
import Foundation
import Synapse
import SynapseExamples

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict the rows of a CSV with a saved model; write them beside the input rows.",
        discussion: """
        Uses preprocessing.json and scaler.json from the model's folder (written by synapse train); without them every column is a feature, unscaled.
        A model trained with --input-shape reshapes each row's features to the shape its file stores.
        """
    )

    @Option(help: "The model file (.safetensors) written by synapse train or a model's save(to:).")
    var model: String

    @Option(name: .customLong("data"), help: "The CSV file of rows to predict.")
    var dataFile: String?

    @Option(parsing: .upToNextOption, help: "Image files, or folders of them, to classify with a model from synapse train --images.")
    var images: [String] = []

    var data: String { dataFile ?? "" }

    @Option(help: "Write the rows with their predictions to this CSV file (default: standard output).")
    var out: String?

    @Option(help: "The shape of one sample, H,W,C or STEPS,C (default: the shape the model file stores); it must match the model's.")
    var inputShape: String?

    @OptionGroup(title: "Reading the CSV (pandas.read_csv's options)")
    var csv: CSVOptions

    func validate() throws {
        guard (dataFile == nil) != images.isEmpty else { throw ValidationError("Give --data FILE.csv or --images FILES_OR_FOLDERS, one of the two.") }
        if let inputShape { _ = try InputShape.parse(inputShape) }
    }

    func run() throws {
        if !images.isEmpty { return try predictImages() }
        let network = try loadModel(model)
        let frame = try DataFrame(csvFile: data, options: try csv.readOptions())
        let setup = try TrainingSetup.load(besideModel: model)
            ?? TrainingSetup(features: frame.columns, target: "output", task: "regression", classes: nil, scale: "none", scalerFile: nil)
        guard setup.images == nil else { throw CLIError("\(model) was trained on images (synapse train --images); give them with --images instead of --data.") }
        let missing = setup.features.filter { !frame.columns.contains($0) }
        guard missing.isEmpty else {
            throw CLIError("\(data) lacks the feature column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) that the model was trained on.")
        }
        // As in train: a missing feature would otherwise become an empty prediction.
        if let error = try missingValueError(in: frame, columns: setup.features, file: data) { throw error }
        var x = try setup.scale(try frame.toTensor(columns: setup.features), besideModel: model)
        if let shape = try sampleShape(of: network), shape.count > 1 { x = try InputShape.reshape(x, to: shape, file: data) }
        let outputs = try network.predict(x)
        let result = try setup.withPredictions(outputs, beside: frame)
        if let out {
            try OutputTransaction.writeFile(out, inputs: [data, model]) { try result.writeCSV(to: $0) }
            Console.writeError("wrote \(frame.rowCount) predictions to \(out)\n")
        } else {
            Console.write(result.csvText())
        }
    }

    /// The model's sample shape, checked against --input-shape when given.
    func sampleShape(of network: Sequential) throws -> [Int]? {
        let stored = network.inputShape
        guard let inputShape else { return stored }
        let given = try InputShape.parse(inputShape)
        if let stored, stored != given {
            throw CLIError("\(model) takes samples of shape \(InputShape.text(stored)), but --input-shape is \(InputShape.text(given)).")
        }
        return given
    }
}

extension PredictCommand {
    /// `--images`: one row per image file (folders are walked as an image folder is), with the
    /// class and its probability, read as `synapse train --images` read the training images.
    func predictImages() throws {
        let network = try loadModel(model)
        guard let setup = try TrainingSetup.load(besideModel: model), let reading = setup.images, let classes = setup.classes else {
            throw CLIError("\(model) has no \(TrainingSetup.fileName) from synapse train --images beside it; predict --images needs the image size and the class names it records.")
        }
        if let units = network.outputShape?.last, units == 1 ? classes.count != 2 : units != classes.count {
            throw CLIError("\(model) gives \(units) output\(units == 1 ? "" : "s") per image but \(TrainingSetup.fileName) lists \(classes.count) classes.")
        }
        var files = [String]()
        for path in images {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw CLIError("\(path): no such file or folder.") }
            files += isFolder.boolValue ? Datasets.imageFiles(under: path) : [path]
        }
        guard !files.isEmpty else { throw CLIError("No image files (.png, .jpg, .jpeg, .bmp, .gif) in \(images.joined(separator: ", ")).") }
        let batches = ImageFolder(files: files, imageSize: (reading.height, reading.width), colorMode: ImageColorMode(rawValue: reading.colorMode)!,
                                  cropToAspectRatio: reading.cropToAspectRatio)
        let predictions = try ImagePredictions(network, images: batches, keep: 0)
        let text = predictions.csvText(files: files, names: classes, truth: nil)
        if let out {
            try OutputTransaction.writeFile(out, inputs: images + [model]) { try FileIO.write(Data(text.utf8), to: $0) }
            Console.writeError("wrote \(files.count) predictions to \(out)\n")
        } else {
            Console.write(text)
        }
    }
}
