import Foundation
import Testing
import SynapseCLI
import Synapse

/// Runs that used to crash, lose the model or write silent garbage.
@Suite struct DataFixTests {
    func expectOneLineFailure(_ run: Invocation, mentioning words: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status != 0, sourceLocation: sourceLocation)
        #expect(run.errors.split(separator: "\n").count == 1, "\(run.errors)", sourceLocation: sourceLocation)
        for word in words { #expect(run.errors.contains(word), "\(run.errors)", sourceLocation: sourceLocation) }
    }

    /// Two blobs (alpha, beta) and one row of a third class (zeta) that the split puts in the
    /// training rows, so neither the test rows nor the predictions hold zeta.
    @Test func trainReportsAClassAbsentFromTheTestRowsAndKeepsTheModel() throws {
        let folder = temporaryFolder()
        let rows = 40
        let (train, _) = try trainTestSplitIndices(count: rows, testSize: .fraction(0.25), seed: 42)
        let rare = train[0]
        var lines = ["a,b,label"]
        for i in 0..<rows {
            let label = i == rare ? "zeta" : (i % 2 == 0 ? "alpha" : "beta")
            let shift = i % 2 == 0 ? -3.0 : 3.0
            lines.append("\(shift + Double(i % 5) * 0.1),\(shift - Double(i % 3) * 0.1),\(label)")
        }
        Fixtures.write(lines.joined(separator: "\n") + "\n", to: folder + "/data.csv")
        let run = synapse("train", "--data", folder + "/data.csv", "--target", "label", "--layers", "dense:8:relu,dense:3:softmax",
                          "--epochs", "200", "--out", folder + "/run", "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let predictions = try DataFrame(csvFile: folder + "/run/test_predictions.csv")
        let truth = try (0..<predictions.rowCount).map { try predictions.column("label").text(at: $0) }
        let predicted = try (0..<predictions.rowCount).map { try predictions.column("predicted_label").text(at: $0) }
        #expect(!truth.contains("zeta") && !predicted.contains("zeta"), "the case this test is about")
        #expect(run.output.contains("        zeta       0.00      0.00      0.00         0"), "\(run.output)")
        #expect(FileManager.default.fileExists(atPath: folder + "/run/model.safetensors"))
        #expect(run.json["test_accuracy"] is Double)
    }

    @Test func predictRejectsARowWithAMissingFeature() throws {
        let folder = temporaryFolder()
        Fixtures.write(Fixtures.regressionCSV(rows: 20), to: folder + "/data.csv")
        let trained = synapse("train", "--data", folder + "/data.csv", "--target", "y", "--layers", "dense:1", "--epochs", "1",
                              "--out", folder + "/run", "--quiet")
        #expect(trained.status == 0, "\(trained.errors)")
        Fixtures.write("a,b\n1,2\n3,\n5,6\n", to: folder + "/rows.csv")
        let run = synapse("predict", "--model", folder + "/run/model.safetensors", "--data", folder + "/rows.csv",
                          "--out", folder + "/out.csv")
        expectOneLineFailure(run, mentioning: "Column 'b'", "rows.csv", "line 3")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out.csv"))
    }

    @Test func trainNamesTheLineOfAMissingValue() {
        let folder = temporaryFolder()
        Fixtures.write("a,b,y\n1,2,3\n2,3,4\n3,4,\n4,5,6\n5,6,7\n6,7,8\n7,8,9\n8,9,10\n", to: folder + "/data.csv")
        expectOneLineFailure(synapse("train", "--data", folder + "/data.csv", "--target", "y", "--layers", "dense:1",
                                     "--out", folder + "/run", "--quiet"),
                             mentioning: "Column 'y'", "line 4")
    }

    @Test(arguments: [("-5", "-5"), ("1.5", "1.5"), ("1e30", "1e+30"), ("\"seven\"", "'seven'"), ("true", "true")])
    func modelConfigWithABadSeedIsOneSentence(seed: String, shown: String) {
        let folder = temporaryFolder()
        Fixtures.write(Fixtures.regressionCSV(rows: 20), to: folder + "/data.csv")
        let config = #"{"name": "m", "seed": SEED, "layers": [{"class_name": "Dense", "config": {"units": 1}}]}"#
        Fixtures.write(config.replacingOccurrences(of: "SEED", with: seed), to: folder + "/model.json")
        expectOneLineFailure(synapse("train", "--data", folder + "/data.csv", "--target", "y", "--model", folder + "/model.json",
                                     "--epochs", "1", "--out", folder + "/run", "--quiet"),
                             mentioning: "model.json", "has the seed \(shown)", "a seed is a whole number")
    }

    @Test func modelConfigSeedAsAStringOrANumber() throws {
        let folder = temporaryFolder()
        Fixtures.write(Fixtures.regressionCSV(rows: 20), to: folder + "/data.csv")
        let template = Sequential([Dense(2, activation: .tanh), Dense(1)])
        var config = template.config.jsonString()
        for seed in ["\"18446744073709551615\"", "12"] {
            // Replace whatever seed the template carries with this one.
            if let range = config.range(of: #""seed"\s*:\s*("[^"]*"|[0-9.eE+-]+)"#, options: .regularExpression) {
                config.replaceSubrange(range, with: "\"seed\": \(seed)")
            }
            Fixtures.write(config, to: folder + "/model.json")
            let run = synapse("train", "--data", folder + "/data.csv", "--target", "y", "--model", folder + "/model.json",
                              "--epochs", "1", "--out", folder + "/run", "--quiet")
            #expect(run.status == 0, "\(seed): \(run.errors)")
        }
    }
}
