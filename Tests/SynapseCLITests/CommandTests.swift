import Foundation
import Testing
import SynapseCLI
import SynapseExamples
import Synapse

/// Each subcommand of `synapse`, run in-process on small data the tests write.
@Suite struct CommandTests {
    @Test(arguments: [[], ["demo"], ["examples"], ["examples", "list"], ["examples", "run"], ["train"], ["forecast"], ["predict"],
                      ["summary"], ["describe"], ["plot"], ["plot", "activations"], ["bench"]])
    func everySubcommandHasHelp(_ path: [String]) {
        let run = synapse(path + ["--help"])
        #expect(run.status == 0)
        #expect(run.output.contains("USAGE: synapse"), "\(path): \(run.output)")
    }

    @Test func examplesListNamesTheThreeWorkflows() {
        let run = synapse("examples", "list")
        #expect(run.status == 0)
        for name in ["fake_reg", "house", "cancer"] { #expect(run.output.contains(name)) }
    }

    @Test func fakeRegRunsFromAFreshCloneOnASyntheticCSV() throws {
        let folder = temporaryFolder()
        let run = synapse("examples", "run", "fake_reg", "--epochs", "3", "--out", folder + "/out", "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.json["epochs_run"] as? Int == 3)
        #expect(FileManager.default.fileExists(atPath: folder + "/out/fake_reg_synthetic.csv"))
    }

    @Test func examplesSeedChoosesTheInitialWeights() throws {
        let folder = temporaryFolder()
        func rmse(_ seed: String, _ out: String) -> Double? {
            let run = synapse("examples", "run", "fake_reg", "--epochs", "2", "--seed", seed, "--out", folder + "/" + out, "--quiet", "--json")
            #expect(run.status == 0, "\(run.errors)")
            return run.json["test_rmse"] as? Double
        }
        let first = try #require(rmse("3", "a"))
        #expect(rmse("3", "b") == first)
        #expect(rmse("4", "c") != first)
        let refused = synapse("examples", "run", "fake_reg", "--seed", "-1", "--out", folder + "/d")
        #expect(refused.status != 0)
    }

    @Test func fakeRegExampleReportsRegressionMetrics() throws {
        let folder = temporaryFolder()
        Fixtures.write(Fixtures.fakeRegCSV(), to: folder + "/fake_reg.csv")
        let run = synapse("examples", "run", "fake_reg", "--data-dir", folder, "--epochs", "3", "--out", folder + "/out", "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let json = run.json
        #expect(json["epochs_run"] as? Int == 3)
        for key in ["test_rmse", "test_mae", "explained_variance", "r2", "seconds"] { #expect(json[key] is Double, "\(key)") }
        let paths = try #require(json["paths"] as? [String: Any])
        #expect(FileManager.default.fileExists(atPath: paths["report"] as! String))
        #expect((paths["figures"] as? [String])?.count == 7)
        #expect(run.output.contains("df.describe()"))
    }

    @Test func houseExampleRunsOnAKcHouseShapedCSV() throws {
        let folder = temporaryFolder()
        try SyntheticHouseData.write(rows: 300, to: folder + "/kc_house_data.csv")
        let run = synapse("examples", "run", "house", "--data-dir", folder, "--epochs", "2", "--out", folder + "/out", "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.json["epochs_run"] as? Int == 2)
        #expect(run.json["test_rmse"] is Double)
        #expect(run.output.contains("features (19)"))
    }

    @Test func cancerExampleUsesTheShippedDataWithoutADataFolder() throws {
        let folder = temporaryFolder()
        let run = synapse("examples", "run", "cancer", "--epochs", "2", "--out", folder, "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.json["epochs_run"] as? Int == 6)
        #expect(run.json["test_accuracy"] is Double)
        #expect(FileManager.default.fileExists(atPath: folder + "/report.html"))
    }

    @Test func demoWritesTheReport() throws {
        let folder = temporaryFolder()
        let run = synapse("demo", "--out", folder, "--epochs", "2", "--json")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("epoch"))
        #expect(run.json["test_accuracy"] is Double)
        #expect(run.json["lstm_rmse_scaled"] is Double)
        #expect(!run.output.contains(".partial-"), "a printed path names the staging folder")
        #expect(FileManager.default.fileExists(atPath: folder + "/sinewave/report.html"))
        let html = try String(contentsOfFile: folder + "/report.html", encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("Training history"))
    }

    @Test func trainThenPredictReproducesTheTestPredictions() throws {
        let folder = temporaryFolder()
        Fixtures.write(Fixtures.classificationCSV(), to: folder + "/data.csv")
        let run = synapse("train", "--data", folder + "/data.csv", "--target", "diagnosis", "--drop", "id",
                          "--layers", "dense:8:relu,dropout:0.1,dense:1:sigmoid", "--epochs", "100", "--seed", "3",
                          "--out", folder + "/run", "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("0 = benign, 1 = malignant"))
        let accuracy = try #require(run.json["test_accuracy"] as? Double)
        #expect(accuracy >= 0.9)
        #expect(run.json["test_loss"] is Double)
        #expect(run.json["epochs_run"] as? Int == 100)
        for file in ["model.safetensors", "scaler.json", "preprocessing.json", "test_predictions.csv", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/run/" + file), "\(file)")
        }

        let predict = synapse("predict", "--model", folder + "/run/model.safetensors", "--data", folder + "/run/test_predictions.csv",
                              "--out", folder + "/predicted.csv")
        #expect(predict.status == 0, "\(predict.errors)")
        let saved = try DataFrame(csvFile: folder + "/run/test_predictions.csv")
        let again = try DataFrame(csvFile: folder + "/predicted.csv")
        #expect(try again.numbers("probability") == saved.numbers("probability"))
        #expect(try again.column("predicted_diagnosis") == saved.column("predicted_diagnosis"))

        let toStdout = synapse("predict", "--model", folder + "/run/model.safetensors", "--data", folder + "/data.csv")
        #expect(toStdout.output.hasPrefix("id,a,b,c,diagnosis,predicted_diagnosis,probability\n"))

        let summary = synapse("summary", folder + "/run/model.safetensors")
        #expect(summary.status == 0)
        #expect(summary.output.contains("Total params: 41"))
    }

    @Test func trainRegressionWithMinMaxScalingAndEarlyStopping() throws {
        let folder = temporaryFolder()
        Fixtures.write(Fixtures.regressionCSV(learnable: false), to: folder + "/data.csv")
        let run = synapse("train", "--data", folder + "/data.csv", "--target", "y", "--layers", "dense:8:relu,dense:1",
                          "--optimizer", "adam", "--loss", "mse", "--epochs", "200", "--batch-size", "16", "--test-size", "0.2",
                          "--scale", "minmax", "--early-stopping", "val_loss:2", "--out", folder + "/run", "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let json = run.json
        for key in ["test_rmse", "test_mae", "explained_variance", "r2", "test_loss"] { #expect(json[key] is Double, "\(key)") }
        #expect((json["epochs_run"] as? Int ?? 999) < 200, "early stopping ends the run")
        let scaler = try MinMaxScaler.load(from: folder + "/run/scaler.json")
        #expect(scaler.dataMin?.count == 2)
    }

    @Test func trainTakesTheModelConfigThatAModelFileStores() throws {
        let folder = temporaryFolder()
        Fixtures.write(Fixtures.regressionCSV(), to: folder + "/data.csv")
        let template = Sequential([Dense(6, activation: .tanh), Dense(1)])
        Fixtures.write(template.config.jsonString(), to: folder + "/model.json")
        let run = synapse("train", "--data", folder + "/data.csv", "--target", "y", "--model", folder + "/model.json",
                          "--epochs", "3", "--out", folder + "/run", "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.json["test_rmse"] is Double)
        let model = try Sequential.load(from: folder + "/run/model.safetensors")
        #expect(model.parameterCount == 2 * 6 + 6 + 6 + 1)
    }

    @Test func describePrintsPandasStatisticsAsJSON() throws {
        let folder = temporaryFolder()
        Fixtures.write("a,b,name\n1,2,x\n2,4,y\n3,6,z\n4,8,w\n,10,v\n", to: folder + "/small.csv")
        let run = synapse("describe", folder + "/small.csv", "--out", folder + "/out", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let columns = try #require(run.json["columns"] as? [String: [String: Double]])
        let a = try #require(columns["a"])
        #expect(a["count"] == 4 && a["mean"] == 2.5 && a["missing"] == 1 && a["25%"] == 1.75 && a["max"] == 4)
        #expect(abs(a["std"]! - 1.2909944487358056) < 1e-12)
        let corr = try #require(run.json["corr"] as? [String: [String: Double]])
        #expect(abs(corr["a"]!["b"]! - 1) < 1e-12)
        #expect(run.output.contains("df.info()"))
        #expect(FileManager.default.fileExists(atPath: folder + "/out/correlation.svg"))
        #expect(FileManager.default.fileExists(atPath: folder + "/out/histograms.svg"))
    }

    @Test func plotActivationsWritesTheFigure() {
        let folder = temporaryFolder()
        let run = synapse("plot", "activations", "--out", folder)
        #expect(run.status == 0, "\(run.errors)")
        #expect(FileManager.default.fileExists(atPath: folder + "/activations.svg"))
    }
}

/// The three CNN workflows (seed workflows 4–6) through `synapse examples run`, on small data:
/// MNIST on the sample that ships inside Synapse, Fashion-MNIST and CIFAR-10 on small files in
/// their own formats (IDX, CIFAR binary batches), one epoch each.
@Suite struct ImageExampleTests {
    @Test func mnistRunsOnTheShippedSample() throws {
        let folder = temporaryFolder()
        let run = synapse("examples", "run", "mnist", "--epochs", "1", "--out", folder + "/out", "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let json = run.json
        #expect(json["epochs_run"] as? Int == 1)
        #expect((json["test_accuracy"] as? Double ?? 0) > 0.6, "one epoch on 2,000 images")
        let paths = try #require(json["paths"] as? [String: Any])
        #expect(FileManager.default.fileExists(atPath: paths["model"] as! String))
        #expect((paths["figures"] as? [String])?.count == 6)
        #expect(run.output.contains("Total params: 591,786"))
    }

    /// Random images and labels with every class present.
    static func images(_ n: Int, _ shape: [Int], seed: UInt64) -> (Tensor, Tensor) {
        let x = Tensor.randomUniform([n] + shape, seed: seed) * 255
        return (Tensor(shape: x.shape, scalars: x.scalars.map { $0.rounded(.down) }), Tensor((0..<n).map { Float($0 % 10) }))
    }

    @Test func fashionMNISTRunsOnSmallIDXFiles() throws {
        let folder = temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/fashion_mnist", withIntermediateDirectories: true)
        let (xTrain, yTrain) = Self.images(40, [28, 28], seed: 1), (xTest, yTest) = Self.images(20, [28, 28], seed: 2)
        for (tensor, name) in [(xTrain, "train-images-idx3-ubyte"), (yTrain, "train-labels-idx1-ubyte"),
                               (xTest, "t10k-images-idx3-ubyte"), (yTest, "t10k-labels-idx1-ubyte")] {
            try IDX.writeUInt8(tensor, to: folder + "/fashion_mnist/" + name + ".gz", gzip: true)
        }
        let run = synapse("examples", "run", "fashion_mnist", "--data-dir", folder, "--epochs", "1", "--out", folder + "/out", "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.json["epochs_run"] as? Int == 1)
        #expect(run.json["test_accuracy"] is Double)
    }

    @Test func cifar10RunsOnSmallBinaryBatches() throws {
        let folder = temporaryFolder() + "/cifar-10-batches-bin"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A CIFAR-10 binary record: one label byte, then 1,024 red, 1,024 green, 1,024 blue bytes.
        for (k, name) in ((1...5).map { "data_batch_\($0).bin" } + ["test_batch.bin"]).enumerated() {
            var bytes: [UInt8] = []
            var generator = SeededGenerator(seed: UInt64(k))
            for i in 0..<10 {
                bytes.append(UInt8(i))
                for _ in 0..<3072 { bytes.append(UInt8(generator.nextInt(below: 256))) }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        let run = synapse("examples", "run", "cifar10", "--data-dir", folder, "--epochs", "1", "--out", folder + "/out", "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.json["epochs_run"] as? Int == 1)
        #expect(run.output.contains("x_train [50, 32, 32, 3]"))
    }
}
