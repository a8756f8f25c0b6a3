import Foundation
import Testing
import SynapseCLI
import SynapseExamples
import Synapse

/// `synapse forecast` and the three forecasting examples, on the series that ship with Synapse.
@Suite struct ForecastTests {
    /// The shipped elec_equip.csv, written into a fresh folder (optionally rows shuffled or changed).
    static func productionCSV(_ transform: ([String]) -> [String] = { $0 }) -> (folder: String, file: String) {
        let folder = temporaryFolder()
        let lines = Datasets.monthlySeriesCSVText("elec_equip.csv")!.split(separator: "\n").map(String.init)
        let file = folder + "/series.csv"
        Fixtures.write(([lines[0]] + transform(Array(lines.dropFirst()))).joined(separator: "\n") + "\n", to: file)
        return (folder, file)
    }

    @Test func forecastBeatsTheNaiveForecastAndWritesEverything() throws {
        let (folder, file) = Self.productionCSV { $0.reversed() }   // out of order: --date-column sorts them
        let out = folder + "/out"
        let run = synapse("forecast", "--data", file, "--column", "Production", "--date-column", "DATE", "--window", "18",
                          "--horizon", "24", "--layers", "lstm:32:relu,dense:1", "--epochs", "6", "--out", out, "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let json = run.json
        for key in ["rmse", "mae", "naive_rmse", "naive_mae", "seasonal_naive_rmse"] { #expect(json[key] is Double, "\(key)") }
        #expect((json["rmse"] as! Double) < (json["naive_rmse"] as! Double))
        let csv = try String(contentsOfFile: out + "/forecast.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "date,Production,forecast")
        #expect(csv.count == 25)
        #expect(csv[1].hasPrefix("2014-06-01,"))   // the 24th month before the end (2016-05)
        for name in ["report.html", "model.safetensors", "forecast.svg"] { #expect(FileManager.default.fileExists(atPath: out + "/" + name)) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.contains("partial") })
    }

    @Test func aHorizonPastTheDataForecastsTheFuture() throws {
        let (folder, file) = Self.productionCSV()
        let run = synapse("forecast", "--data", file, "--column", "Production", "--window", "12", "--horizon", "6",
                          "--test-size", "3", "--epochs", "2", "--out", folder + "/out", "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let csv = try String(contentsOfFile: folder + "/out/forecast.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 7)
        #expect(csv.last!.hasPrefix("+3,,"))
    }

    @Test func aFailedRunLeavesTheEarlierResultsAlone() throws {
        let (folder, file) = Self.productionCSV()
        let out = folder + "/out"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        Fixtures.write("earlier", to: out + "/forecast.csv")
        // The layers end in 3 values, which is an error only found once the model is built.
        let run = synapse("forecast", "--data", file, "--column", "Production", "--window", "12", "--horizon", "6",
                          "--layers", "lstm:8,dense:3", "--out", out, "--quiet")
        #expect(run.status != 0)
        #expect(run.errors.contains("dense:1"), "\(run.errors)")
        #expect(try String(contentsOfFile: out + "/forecast.csv", encoding: .utf8) == "earlier")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).allSatisfy { !$0.contains("partial") })
    }

    @Test(arguments: [
        (["--column", "Sales"], "no column 'Sales'"),
        (["--column", "Production", "--window", "300"], "window of 300"),
        (["--column", "Production", "--date-column", "WHEN"], "WHEN"),
        (["--column", "Production", "--layers", "lstm:0"], "UNITS must be a positive"),
        (["--column", "Production", "--layers", "lstm:8:softmax"], "activation is linear, relu, sigmoid or tanh"),
        (["--column", "Production", "--scale", "log"], "--scale is minmax or standard"),
        (["--column", "Production", "--horizon", "0"], "--horizon must be at least 1"),
    ])
    func badArgumentsAreOneSentence(_ arguments: [String], _ message: String) {
        let (folder, file) = Self.productionCSV()
        var all = ["forecast", "--data", file, "--window", "12", "--horizon", "6", "--epochs", "1", "--out", folder + "/out", "--quiet"]
        all += arguments
        let run = synapse(all)
        #expect(run.status != 0)
        #expect(run.errors.contains(message), "\(run.errors)")
        #expect(!run.errors.contains("Fatal error"))
    }

    @Test func anUnparseableDateNamesTheLine() {
        let (folder, file) = Self.productionCSV { lines in
            var lines = lines
            lines[9] = "1995-13-01," + lines[9].split(separator: ",")[1]
            return lines
        }
        let run = synapse("forecast", "--data", file, "--column", "Production", "--date-column", "DATE", "--window", "12",
                          "--horizon", "6", "--out", folder + "/out", "--quiet")
        #expect(run.status != 0)
        #expect(run.errors.contains("line 11") && run.errors.contains("1995-13-01"), "\(run.errors)")
    }

    @Test func aMissingValueNamesTheLine() {
        let (folder, file) = Self.productionCSV { lines in
            var lines = lines
            lines[4] = String(lines[4].split(separator: ",")[0]) + ","
            return lines
        }
        let run = synapse("forecast", "--data", file, "--column", "Production", "--window", "12", "--horizon", "6",
                          "--out", folder + "/out", "--quiet")
        #expect(run.status != 0)
        #expect(run.errors.contains("line 6"), "\(run.errors)")
    }

    @Test(arguments: ["production", "sales"]) func monthlyExamplesBeatTheNaiveForecast(_ name: String) throws {
        let folder = temporaryFolder()
        let run = synapse("examples", "run", name, "--out", folder, "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let rmse = try #require(run.json["rmse"] as? Double), naive = try #require(run.json["naive_rmse"] as? Double)
        #expect(rmse < naive, "\(name): RMSE \(rmse), naive \(naive)")
        #expect(FileManager.default.fileExists(atPath: folder + "/forecast.csv"))
        #expect(run.output.contains("generator[0]"))
    }

    @Test func sinewaveExampleForecastsTheTestSpan() throws {
        let folder = temporaryFolder()
        let run = synapse("examples", "run", "sinewave", "--out", folder, "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let rmse = try #require(run.json["lstm_rmse_scaled"] as? Double)
        #expect(rmse < 0.1, "LSTM forecast RMSE \(rmse) in scaled units")
        #expect(run.output.contains("length 2:") && run.output.contains("length 10:"))
    }
}

extension ForecastTests {
    @Test func aGapInTheDatesNamesTheLine() {
        let (folder, file) = Self.productionCSV { lines in
            var lines = lines
            lines.remove(at: 20)   // 1996-09-01 goes missing
            return lines
        }
        let run = synapse("forecast", "--data", file, "--column", "Production", "--date-column", "DATE", "--window", "12",
                          "--horizon", "6", "--out", folder + "/out", "--quiet")
        #expect(run.status != 0)
        #expect(run.errors.contains("gap") && run.errors.contains("1996-09-01"), "\(run.errors)")
    }
}

extension ForecastTests {
    /// A second run into the same folder replaces the first run's files.
    @Test func aSecondRunReplacesTheFirst() throws {
        let (folder, file) = Self.productionCSV()
        let arguments = ["forecast", "--data", file, "--column", "Production", "--window", "12", "--epochs", "1",
                         "--out", folder + "/out", "--quiet", "--json"]
        #expect(synapse(arguments + ["--horizon", "4"]).status == 0)
        let second = synapse(arguments + ["--horizon", "6"])
        #expect(second.status == 0, "\(second.errors)")
        let csv = try String(contentsOfFile: folder + "/out/forecast.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 7)
    }
}
