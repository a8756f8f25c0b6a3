// `synapse demo`: the README's main job. The breast cancer workflow (workflow 3 of the seed) on
// the data that ships inside Synapse: look at the data, train the three runs, print the
// progress and the metrics, write the figures and the HTML report.

import ArgumentParser
import Foundation
import SynapseExamples

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train a breast cancer classifier on the shipped data and write an HTML report.",
        discussion: "Runs the seed's cancer workflow (Dense 30-15-1, Adam, early stopping, dropout) on the 569 rows that ship with Synapse."
    )

    @Option(help: "The folder for the report, the figures and the model.")
    var out = "synapse-demo"

    @Flag(help: "Also render the figures as PNG (needs rsvg-convert).")
    var png = false

    @Option(help: .hidden)
    var epochs: Int?

    @Flag(help: "Print the result as one JSON object on the last line.")
    var json = false

    func run() throws {
        print("Synapse demo: breast cancer classification (the seed's workflow 3) on the data that ships with Synapse\n")
        let result = try Cancer.run(ExampleOptions(epochs: epochs, outputDirectory: out, png: png, progressEvery: 50))
        print(String(format: "test accuracy %.4f, %d epochs in %.1f s; open %@ in a browser",
                     result.metrics["test_accuracy"] ?? .nan, result.epochsRun, result.seconds, result.files["report"] ?? ""))
        if json { print(JSONLine.result(result, extra: ["example": "cancer"])) }
    }
}
