// What `synapse train` saves beside the model so that `synapse predict` prepares new rows the
// same way: the feature columns in order, the target, the task, the class names (code i is
// classes[i]) and the scaler file. Written as `preprocessing.json` in the run's folder.

import Foundation
import Synapse

struct TrainingSetup: Codable {
    /// Feature columns, in the order the model reads them.
    var features: [String]
    /// The target column.
    var target: String
    /// "classification" or "regression".
    var task: String
    /// Class names by code, for classification.
    var classes: [String]?
    /// "standard", "minmax" or "none".
    var scale: String
    /// The scaler's JSON file, relative to this file's folder; nil when not scaled.
    var scalerFile: String?
    /// How images were read, for a model trained on an image folder (`synapse train --images`);
    /// nil for a model trained on CSV rows.
    var images: ImageSetup?

    /// What `synapse predict --images` repeats of `synapse train --images`'s reading.
    struct ImageSetup: Codable {
        var height: Int
        var width: Int
        /// "grayscale", "rgb" or "rgba".
        var colorMode: String
        var cropToAspectRatio: Bool
    }

    static let fileName = "preprocessing.json"

    func save(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try FileIO.write(encoder.encode(self), to: path)
    }

    /// The setup saved beside `modelPath`, if there is one.
    static func load(besideModel modelPath: String) throws -> TrainingSetup? {
        let folder = URL(fileURLWithPath: modelPath).deletingLastPathComponent()
        let path = folder.appendingPathComponent(fileName).path
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try decode(try FileIO.read(path), path: path)
    }

    /// Reads the setup from the bytes of a preprocessing file; `path` names it in errors.
    /// Fields that do not fit together (a classification without class names) throw too: predict
    /// would index the class names with the model's outputs.
    static func decode(_ data: Data, path: String) throws -> TrainingSetup {
        let setup: TrainingSetup
        do { setup = try JSONDecoder().decode(TrainingSetup.self, from: data) } catch {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "is not the preprocessing file that synapse train writes")
        }
        if let problem = setup.problem {
            throw SynapseError.invalidFile(path: path, location: nil, reason: problem)
        }
        return setup
    }

    /// What makes a decoded setup unusable, in one sentence; nil when it is sound.
    var problem: String? {
        if let images {
            guard ImageColorMode(rawValue: images.colorMode) != nil else { return "has color mode '\(images.colorMode)'; expected grayscale, rgb or rgba" }
            guard (1...16384).contains(images.height), (1...16384).contains(images.width) else { return "has an image size out of 1...16384" }
        } else if features.isEmpty { return "lists no feature columns" }
        if Set(features).count != features.count { return "lists a feature column twice" }
        if !["classification", "regression"].contains(task) { return "has task '\(task)'; expected classification or regression" }
        if !["standard", "minmax", "none"].contains(scale) { return "has scale '\(scale)'; expected standard, minmax or none" }
        if task == "classification" && (classes?.count ?? 0) < 2 { return "is for classification but lists fewer than two class names in 'classes'" }
        if let scalerFile, scalerFile.contains("/") || scalerFile.hasPrefix(".") {
            return "names the scaler file '\(scalerFile)'; it must be a file name in the model's folder"
        }
        return nil
    }

    /// Applies the saved scaler (found beside the model) to x.
    func scale(_ x: Tensor, besideModel modelPath: String) throws -> Tensor {
        guard let scalerFile else { return x }
        let path = URL(fileURLWithPath: modelPath).deletingLastPathComponent().appendingPathComponent(scalerFile).path
        switch scale {
        case "standard": return try StandardScaler.load(from: path).transform(x)
        case "minmax": return try MinMaxScaler.load(from: path).transform(x)
        default: return x
        }
    }
}

extension TrainingSetup {
    /// The name of the prediction column.
    var predictionName: String { "predicted_" + target }

    /// `frame` with the model's outputs beside its rows: `predicted_<target>` and, for
    /// classification, `probability` (of class 1 for a binary model, of the predicted class
    /// otherwise). Columns of those names already in the frame are replaced.
    func withPredictions(_ outputs: Tensor, beside frame: DataFrame) throws -> DataFrame {
        var result = try frame.dropping(frame.columns.filter { $0 == predictionName || $0 == "probability" })
        let rows = outputs.shape[0]
        let width = outputs.count / max(rows, 1)
        let values = outputs.scalars.map(Double.init)
        guard task == "classification", let classes else {
            return try result.adding(predictionName, numbers: values)
        }
        guard width == 1 ? classes.count == 2 : width == classes.count else {
            throw SynapseError.invalidArgument("the model gives \(width) output\(width == 1 ? "" : "s") per row but \(TrainingSetup.fileName) lists \(classes.count) classes")
        }
        var labels = [String?](), probabilities = [Double]()
        for i in 0..<rows {
            let row = Array(values[i * width..<(i + 1) * width])
            if width == 1 {
                labels.append(classes[row[0] > 0.5 ? 1 : 0])
                probabilities.append(row[0])
            } else {
                let best = row.indices.max { row[$0] < row[$1] }!
                labels.append(classes[best])
                probabilities.append(row[best])
            }
        }
        result[predictionName] = Column(name: predictionName, texts: labels)
        return try result.adding("probability", numbers: probabilities)
    }
}

/// The error for the first missing or non-finite value among `columns` of `frame` (read from
/// `file`), naming the column and the line (or row) it is on; nil when every value is a finite
/// number a Float holds. Training and prediction both need every feature present and finite:
/// an `inf` cell, or a number beyond ±3.4e38 (the largest Float), would otherwise turn the loss
/// into NaN and end with exit 0.
func missingValueError(in frame: DataFrame, columns: [String], file: String) throws -> CLIError? {
    for name in columns {
        let column = try frame.column(name)
        func place(_ row: Int) -> String { column.line(ofRow: row).map { "line \($0)" } ?? "row \(row + 1)" }
        if let row = (0..<column.count).first(where: column.isMissing) {
            let total = column.missingCount
            return CLIError("Column '\(name)' of \(file) has a missing value on \(place(row))\(total > 1 ? " (\(total) missing in all)" : ""); fill them or remove those rows first.")
        }
        guard column.isNumeric, let values = try? column.numbers() else { continue }
        if let row = values.firstIndex(where: { !(Swift.abs($0) <= Double(Float.greatestFiniteMagnitude)) }) {
            return CLIError("Column '\(name)' of \(file) holds \(values[row]) on \(place(row)); Synapse trains on finite numbers within ±3.4e38 (float32). Fix or remove that row.")
        }
    }
    return nil
}
