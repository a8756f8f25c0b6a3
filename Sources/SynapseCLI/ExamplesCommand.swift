// `synapse examples list` and `synapse examples run NAME`: the seed's Dense workflows as
// programs (Sources/SynapseExamples), run on the data of a folder.

import ArgumentParser
import Foundation
import SynapseExamples
import SynapseNN

struct ExamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "examples",
        abstract: "List and run the seed's workflows.",
        subcommands: [List.self, Run.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the examples.")

        func run() throws {
            let width = Example.all.map(\.name.count).max() ?? 0
            for example in Example.all {
                print(example.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                      + example.summary + " (data: \(example.dataFile))")
            }
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run an example: load, look, plot, split, scale, train, evaluate, report.",
            discussion: "Examples: \(Example.all.map(\.name).joined(separator: ", ")). Without --data-dir, fake_reg writes and uses a synthetic fake_reg.csv, house a synthetic kc_house CSV (also when --data-dir has no kc_house_data.csv), cancer, mnist and the monthly series use the data that ships with Synapse, and sinewave generates its series; fashion_mnist and cifar10 download their data."
        )

        @Argument(help: "The example's name.")
        var name: String

        @Option(help: "The folder that holds the example's CSV.")
        var dataDir: String?

        @Option(parsing: .unconditional, help: "Cap every training run at this many epochs.")
        var epochs: Int?

        @Option(help: "The folder for the report, the figures and the model (default: synapse-examples/NAME).")
        var out: String?

        @Flag(help: "Also render the figures as PNG (needs rsvg-convert).")
        var png = false

        @Flag(help: "No progress lines while training.")
        var quiet = false

        @Flag(inversion: .prefixedNo, help: "Append the training run's epochs to events.jsonl, for `synapse dashboard`.")
        var runLog = true

        @Flag(help: "Print the result as one JSON object on the last line.")
        var json = false

        @Option(help: "The seed of the models' initial weights and shuffling (default: the example's own; data splits keep the notebook's).")
        var seed: UInt64?

        func validate() throws {
            guard Example.named(name) != nil else {
                throw ValidationError("There is no example '\(name)'; the examples are \(Example.all.map(\.name).joined(separator: ", ")).")
            }
            if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1.") }
            if let dataDir {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: dataDir, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw ValidationError("The data folder '\(dataDir)' does not exist.")
                }
            }
        }

        func run() throws {
            // Under mpirun, every rank runs the example and its fits train data-parallel; only
            // rank 0 prints and writes --out.
            try LaunchedRanks.run(asRoot: runOnThisProcess) { _ = try runExample(into: $0, distribution: $1) }
        }

        private func runOnThisProcess(distribution: DataParallel?) throws {
            let example = Example.named(name)!
            let folder = out ?? "synapse-examples/\(name)"
            let inputs = dataDir.map { [$0 + "/" + example.dataFile] } ?? []
            let result = try OutputTransaction.run(out: folder, inputs: inputs) { staging in
                OutputTransaction.finalResult(try runExample(into: staging, distribution: distribution))
            }
            if let distribution { print(LaunchedRanks.summary(distribution, batchSize: nil)) }
            if json { print(JSONLine.result(result, extra: ["example": name])) }
        }

        /// The example, writing into `staging`.
        private func runExample(into staging: String, distribution: DataParallel?) throws -> ExampleResult {
            var options = ExampleOptions(dataDirectory: dataDir, epochs: epochs, outputDirectory: staging,
                                         png: png, progressEvery: quiet ? 0 : 25)
            options.runLog = runLog
            options.seed = seed
            options.distribution = distribution
            return try Example.named(name)!.run(options)
        }
    }
}
