// `synapse summary FILE`: the Keras summary table of a saved model file, and how it was compiled.

import ArgumentParser
import Foundation
import Synapse

/// `synapse summary FILE`: the model's table, read from a saved model file.
struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Print the summary table of a saved model file."
    )

    @Argument(help: "The model file (.safetensors).")
    var file: String

    func run() throws {
        let model = try Sequential.load(from: file)
        print(model.summary(print: false))
        if let loss = model.loss, let optimizer = model.optimizer {
            print("compiled with loss \(loss.config.objectValue?["name"]?.stringValue ?? "?"), optimizer \(optimizer.config.objectValue?["name"]?.stringValue ?? "?")")
        }
    }
}
