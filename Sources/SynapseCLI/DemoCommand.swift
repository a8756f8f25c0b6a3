// `synapse demo`: the README's main job, on data that ships inside Synapse. First the breast
// cancer workflow (workflow 3 of the seed): look at the data, train the three runs, print the
// progress and the metrics, write the figures and the HTML report. Then the MNIST CNN
// (workflow 4) on the 2,500-image sample: Conv2D → MaxPooling2D → Dense, three epochs, with its
// own report in `<out>/mnist/`. Then the sine-wave forecast (workflow 7): SimpleRNN, then LSTM,
// forecasting the last 10% of sin(x) step by step, in `<out>/sinewave/`.

import ArgumentParser
import Foundation
import SynapseExamples

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train a breast cancer classifier, an MNIST CNN and a sine-wave LSTM on the shipped data and write HTML reports.",
        discussion: "Runs the seed's cancer workflow (Dense 30-15-1, Adam, early stopping, dropout) on the 569 rows that ship with Synapse, then the MNIST CNN (Conv2D 32 4x4, max pooling, Dense 128) for three epochs on the 2,000 + 500 MNIST images that ship with it, then the sine-wave SimpleRNN and LSTM forecasts."
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
        try OutputTransaction.run(out: out, inputs: []) { staging in try demo(into: staging) }
    }

    func demo(into staging: String) throws {
        print("Synapse demo: breast cancer classification (the seed's workflow 3) on the data that ships with Synapse\n")
        let result = OutputTransaction.finalResult(try Cancer.run(ExampleOptions(epochs: epochs, outputDirectory: staging, png: png, progressEvery: 50)))
        print(String(format: "test accuracy %.4f, %d epochs in %.1f s; open %@ in a browser\n",
                     result.metrics["test_accuracy"] ?? .nan, result.epochsRun, result.seconds, result.files["report"] ?? ""))

        print("Synapse demo, part 2: the MNIST CNN (the seed's workflow 4) on the MNIST sample that ships with Synapse\n")
        // Seed 42 on the 2,500-image sample (the full-data example's default is 1): the
        // README's output and figures of this part were made with it.
        var cnnOptions = ExampleOptions(epochs: min(epochs ?? 3, 3), outputDirectory: staging + "/mnist", png: png)
        cnnOptions.seed = 42
        let cnn = try ImageClassification.mnist(cnnOptions)
        print(String(format: "CNN test accuracy %.4f on 500 test images, %d epochs in %.1f s; open %@ in a browser",
                     cnn.metrics["test_accuracy"] ?? .nan, cnn.epochsRun, cnn.seconds, RunFolder.shown(cnn.files["report"] ?? "")))

        print("\nSynapse demo, part 3: the sine-wave forecast (the seed's workflow 7): SimpleRNN, then LSTM\n")
        let rnn = try Forecasting.sinewave(ExampleOptions(epochs: epochs, outputDirectory: staging + "/sinewave", png: png))
        print(String(format: "LSTM forecast of the last 10%% of sin(x): RMSE %.4f (scaled units), %d epochs in %.1f s; open %@ in a browser",
                     rnn.metrics["lstm_rmse_scaled"] ?? .nan, rnn.epochsRun, rnn.seconds, RunFolder.shown(rnn.files["report"] ?? "")))
        if json {
            print(JSONLine.result(result, extra: ["example": "cancer", "cnn_test_accuracy": cnn.metrics["test_accuracy"] ?? .nan,
                                                  "cnn_report": RunFolder.shown(cnn.files["report"] ?? ""),
                                                  "lstm_rmse_scaled": rnn.metrics["lstm_rmse_scaled"] ?? .nan,
                                                  "rnn_report": RunFolder.shown(rnn.files["report"] ?? "")]))
        }
    }
}
