// `synapse convert IN OUT`: a model from one file format to another, by the files' extensions:
// .keras (Keras 3's archive), .h5 (Keras's HDF5 model file) and .safetensors (Synapse's model
// file), any way.

import ArgumentParser
import Foundation
import Synapse
import SynapseKeras

/// `synapse convert IN OUT`: rewrites a model file in another format.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a model file between Keras's .keras and .h5 and Synapse's .safetensors."
    )

    @Argument(help: "The model file to read (.keras, .h5 or .safetensors).")
    var input: String

    @Argument(help: "The file to write (.keras, .h5 or .safetensors).")
    var output: String

    func run() throws {
        let model = try loadAnyModel(input)
        if output.hasSuffix(".keras") || output.hasSuffix(".h5") {
            try model.save(keras: output)
        } else if output.hasSuffix(".safetensors") {
            try model.save(to: output)
        } else {
            throw CLIError("\(output): the output's extension names its format; use .keras, .h5 or .safetensors.")
        }
        print("\(input) → \(output): \(model.layers.count) layers, \(model.parameterCount) parameters")
    }
}
