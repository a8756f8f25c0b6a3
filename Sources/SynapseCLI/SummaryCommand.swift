// `synapse summary FILE`: the Keras summary table of a saved model file (Synapse's .safetensors,
// Keras's .keras or .h5), and how it was compiled.

import ArgumentParser
import Foundation
import Synapse
import SynapseKeras

/// `synapse summary FILE`: the model's table, read from a saved model file.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print the summary table of a saved model file."
    )

    @Argument(help: "The model file (.safetensors, or Keras's .keras or .h5).")
    var file: String

    func run() throws {
        let model = try loadAnyModel(file)
        print(model.summary(print: false))
        if let loss = model.loss, let optimizer = model.optimizer {
            print("compiled with loss \(loss.config.objectValue?["name"]?.stringValue ?? "?"), optimizer \(optimizer.config.objectValue?["name"]?.stringValue ?? "?")")
        }
    }
}

/// Loads a model file, saying plainly when the file is not one (another tool's file, a CSV, ...).
func loadModel(_ path: String) throws -> Sequential {
    guard FileManager.default.fileExists(atPath: path) else { throw CLIError("There is no model file '\(path)'.") }
    do { return try Sequential.load(from: path) } catch let error as SynapseError {
        if case let .invalidFile(_, location, reason) = error {
            let detail = location.map { "\($0): \(reason)" } ?? reason
            throw CLIError("\(path) is not a Synapse model file (a .safetensors file written by synapse train or save(to:)): \(detail).")
        }
        throw error
    }
}

/// Loads a model of any kind from a Synapse model file or a Keras 3 .keras archive.
func loadAnyModel(_ path: String) throws -> Model {
    guard FileManager.default.fileExists(atPath: path) else { throw CLIError("There is no model file '\(path)'.") }
    if path.hasSuffix(".keras") || path.hasSuffix(".h5") || path.hasSuffix(".hdf5") { return try Model.load(keras: path) }
    do { return try Model.load(from: path) } catch let error as SynapseError {
        if case let .invalidFile(_, location, reason) = error {
            let detail = location.map { "\($0): \(reason)" } ?? reason
            throw CLIError("\(path) is not a Synapse model file (a .safetensors file written by synapse train or save(to:)) nor a Keras .keras archive: \(detail).")
        }
        throw error
    }
}
