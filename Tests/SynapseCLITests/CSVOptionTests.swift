import Foundation
import Testing
@testable import SynapseCLI
import Synapse

/// The pandas.read_csv options of describe, train and predict (--sep, --decimal, --encoding,
/// --na-values, --index-col, --parse-dates), and describe's JSON for infinities.
@Suite struct CSVOptionTests {
    @Test func describeReadsASemicolonFileWithDecimalCommas() throws {
        let folder = temporaryFolder()
        Fixtures.write("a;b;name\n1,5;2;x\n2,5;4;y\n-999;6;z\n", to: folder + "/eu.csv")
        let run = synapse("describe", folder + "/eu.csv", "--sep", ";", "--decimal", ",", "--na-values", "-999",
                          "--out", folder + "/out", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let columns = try #require(run.json["columns"] as? [String: [String: Any]])
        #expect(Set(columns.keys) == ["a", "b"])
        #expect(columns["a"]?["mean"] as? Double == 2 && columns["a"]?["missing"] as? Int == 1)
    }

    @Test func describeWritesInfinitiesApartFromMissingValues() throws {
        let folder = temporaryFolder()
        Fixtures.write("a,b\ninf,1\n-inf,\n1,3\n", to: folder + "/inf.csv")
        let run = synapse("describe", folder + "/inf.csv", "--out", folder + "/out", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let a = try #require((run.json["columns"] as? [String: [String: Any]])?["a"])
        #expect(a["min"] as? String == "-Infinity" && a["max"] as? String == "Infinity")
        #expect(a["mean"] is NSNull, "inf - inf is NaN, written null")
        #expect(a["count"] as? Double == 3)
    }

    @Test func describeReadsCP1252WhenAskedAndSaysWhichEncodingOtherwise() throws {
        let folder = temporaryFolder()
        try Data([UInt8]("name,v\ncaf".utf8) + [0xE9] + [UInt8](",1\n".utf8)).write(to: URL(fileURLWithPath: folder + "/excel.csv"))
        let refused = synapse("describe", folder + "/excel.csv", "--out", folder + "/out")
        #expect(refused.status != 0)
        #expect(refused.errors.contains("line 2") && refused.errors.contains("byte offset 10") && refused.errors.contains("cp1252"), "\(refused.errors)")
        let read = synapse("describe", folder + "/excel.csv", "--encoding", "cp1252", "--out", folder + "/out")
        #expect(read.status == 0, "\(read.errors)")
        #expect(read.output.contains("café"))
    }

    @Test func badOptionsAreOneSentence() {
        let folder = temporaryFolder()
        Fixtures.write("a\n1\n", to: folder + "/a.csv")
        for (flag, value) in [("--sep", ";;"), ("--encoding", "ebcdic"), ("--decimal", ",,")] {
            let run = synapse("describe", folder + "/a.csv", flag, value, "--out", folder + "/out")
            #expect(run.status != 0)
            #expect(run.errors.contains(flag) && run.errors.split(separator: "\n").count <= 3, "\(run.errors)")
        }
    }

    @Test func trainAndPredictReadTheSameDialect() throws {
        let folder = temporaryFolder()
        var rows = "id;x;y\n"
        for i in 0..<40 { rows += "r\(i);\(i / 4),\(i % 4 * 25);\(i % 2)\n" }
        Fixtures.write(rows, to: folder + "/train.csv")
        let trained = synapse("train", "--data", folder + "/train.csv", "--target", "y", "--sep", ";", "--decimal", ",",
                              "--index-col", "id", "--layers", "dense:4:relu,dense:1:sigmoid", "--epochs", "2",
                              "--out", folder + "/run", "--quiet", "--json")
        #expect(trained.status == 0, "\(trained.errors)")
        let setup = try #require(try TrainingSetup.load(besideModel: folder + "/run/model.safetensors"))
        #expect(setup.features == ["x"], "the index column is not a feature")
        Fixtures.write("id;x\na;1,5\nb;2,25\n", to: folder + "/new.csv")
        let predicted = synapse("predict", "--model", folder + "/run/model.safetensors", "--data", folder + "/new.csv",
                                "--sep", ";", "--decimal", ",", "--index-col", "id")
        #expect(predicted.status == 0, "\(predicted.errors)")
        #expect(predicted.output.split(separator: "\n").count == 3)
    }

    @Test func trainStillRefusesInfiniteCells() {
        let folder = temporaryFolder()
        var rows = "x,y\n"
        for i in 0..<20 { rows += "\(i == 7 ? "inf" : String(i)),\(i % 2)\n" }
        Fixtures.write(rows, to: folder + "/inf.csv")
        let run = synapse("train", "--data", folder + "/inf.csv", "--target", "y", "--layers", "dense:1:sigmoid",
                          "--epochs", "1", "--out", folder + "/run", "--quiet")
        #expect(run.status != 0)
        #expect(run.errors.contains("line 9"), "\(run.errors)")
    }
}
