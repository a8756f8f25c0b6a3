// The catalogue of the seed's workflows that `synapse examples` lists and runs, the options a
// run takes and the result it reports (the figures of the `--json` line).

import Foundation
import Synapse

/// What a run of an example may change.
public struct ExampleOptions: Sendable {
    /// The folder holding the example's CSV (`fake_reg.csv`, `kc_house_data.csv`,
    /// `breast_cancer.csv`); nil for the defaults (the shipped data, or a synthetic file).
    public var dataDirectory: String?
    /// Caps every training run at this many epochs; nil for the notebook's own numbers.
    public var epochs: Int?
    /// The folder that receives the figures, the model files and the HTML report.
    public var outputDirectory: String
    /// Also render every figure to PNG (needs `rsvg-convert`).
    public var png: Bool
    /// Print the progress every this many epochs (0: no progress lines).
    public var progressEvery: Int
    /// Rows of the synthetic house CSV written when no real one is found.
    public var syntheticHouseRows: Int
    /// Append the main training run's epochs to `events.jsonl` in the output folder, for
    /// `synapse dashboard` (RunLogger).
    public var runLog = true
    /// The seed of every model's initial weights and of the shuffling while it trains; nil for
    /// the example's own (42 for most; 101 for cancer and house, as their notebooks' splits; 1
    /// for mnist — see docs/BENCHMARKS.md, "MNIST after two epochs, over seeds").
    /// Data splits keep the notebooks' seeds.
    public var seed: UInt64?
    /// Train data-parallel over these ranks (`synapse examples run` under `mpirun`): every rank
    /// runs the example on the same data, and its fits split each batch across the ranks.
    /// A rank's object, used only by the thread that runs the example.
    nonisolated(unsafe) public var distribution: DataParallel?

    public init(dataDirectory: String? = nil, epochs: Int? = nil, outputDirectory: String, png: Bool = false,
                progressEvery: Int = 25, syntheticHouseRows: Int = SyntheticHouseData.kcHouseRows) {
        self.dataDirectory = dataDirectory
        self.epochs = epochs
        self.outputDirectory = outputDirectory
        self.png = png
        self.progressEvery = progressEvery
        self.syntheticHouseRows = syntheticHouseRows
    }

    /// The RunLogger of a run writing into `out`, when run logs are on.
    func runLogger(_ out: RunFolder) -> [Callback] {
        runLog ? [RunLogger(folder: out.directory)] : []
    }

    /// The notebook's epoch count, or the cap when one is given.
    func epochs(_ notebook: Int) -> Int { epochs.map { min($0, notebook) } ?? notebook }

    /// The path of `file` in the data folder, or nil when there is no folder.
    func dataFile(_ file: String) -> String? {
        dataDirectory.map { URL(fileURLWithPath: $0).appendingPathComponent(file).path }
    }
}

/// The measured outcome of a run: metrics on the test rows, epochs, time and the files written.
public struct ExampleResult: Sendable {
    /// The task: "classification" or "regression".
    public var task: String
    /// Test metrics by the names of the `--json` line (test_accuracy, test_rmse, r2, ...).
    public var metrics: [String: Double]
    /// Epochs actually run (after early stopping), summed over the runs of the example.
    public var epochsRun: Int
    /// Wall-clock seconds of the whole example.
    public var seconds: Double
    /// Files written, by role: report, model, scaler, data, predictions.
    public var files: [String: String]
    /// The figures written (SVG, and PNG when asked).
    public var figures: [String]

    public init(task: String, metrics: [String: Double], epochsRun: Int, seconds: Double,
                files: [String: String], figures: [String]) {
        (self.task, self.metrics, self.epochsRun, self.seconds, self.files, self.figures) =
            (task, metrics, epochsRun, seconds, files, figures)
    }
}

/// One of the seed's workflows as a program.
public struct Example {
    /// The name `synapse examples run` takes.
    public let name: String
    /// One line for `synapse examples list`.
    public let summary: String
    /// The CSV it reads from `--data-dir`.
    public let dataFile: String
    let body: (ExampleOptions) throws -> ExampleResult

    /// Runs the workflow, printing what the notebook shows.
    public func run(_ options: ExampleOptions) throws -> ExampleResult { try body(options) }

    /// The nine workflows of the seed: the Dense networks, the convolutional ones, the recurrent ones.
    public static let all: [Example] = [
        Example(name: "fake_reg", summary: "regression of price on two features; Dense 4-4-4-1, RMSprop, MSE (a synthetic CSV without --data-dir)",
                dataFile: FakeReg.dataFile, body: FakeReg.run),
        Example(name: "house", summary: "house prices (kc_house columns); Dense 19 x4 -> 1, Adam, MSE, batch 128",
                dataFile: House.dataFile, body: House.run),
        Example(name: "cancer", summary: "breast cancer, binary classification; Dense 30-15-1, Adam, early stopping, dropout",
                dataFile: Cancer.dataFile, body: Cancer.run),
        Example(name: "mnist", summary: "MNIST digits; Conv2D(32, 4x4) -> MaxPool -> Dense 128 -> 10, Adam (shipped 2,500-image sample without --data-dir)",
                dataFile: "mnist/", body: ImageClassification.mnist),
        Example(name: "fashion_mnist", summary: "Fashion-MNIST clothing; the MNIST model, RMSprop, 20 epochs",
                dataFile: "fashion_mnist/", body: ImageClassification.fashionMNIST),
        Example(name: "cifar10", summary: "CIFAR-10 colour images; two Conv2D/MaxPool blocks, Dense 256 -> 10, RMSprop, early stopping",
                dataFile: "cifar10/", body: ImageClassification.cifar10),
        Example(name: "sinewave", summary: "sin(x) forecast; SimpleRNN(50) then LSTM(50), windows of 50, batch 1, early stopping",
                dataFile: "(generated)", body: Forecasting.sinewave),
        Example(name: "production", summary: "monthly production (elec_equip.csv); LSTM(100, relu), windows of 18, last 24 months forecast",
                dataFile: "elec_equip.csv", body: Forecasting.production),
        Example(name: "sales", summary: "monthly series (co2_monthly.csv standing in for sales); LSTM(100, relu), windows of 12, last 18 forecast",
                dataFile: "co2_monthly.csv", body: Forecasting.sales),
    ]

    /// The example called `name`, if there is one.
    public static func named(_ name: String) -> Example? { all.first { $0.name == name } }
}
