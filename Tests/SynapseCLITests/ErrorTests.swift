import Foundation
import Testing
import SynapseCLI

/// Mistakes a user can make end in one sentence on standard error and a non-zero status.
@Suite struct ErrorTests {
    /// The run failed with one line on standard error that contains `words`.
    func expectFailure(_ run: Invocation, mentioning words: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status != 0, sourceLocation: sourceLocation)
        let lines = run.errors.split(separator: "\n")
        #expect(lines.count == 1, "expected one line, got: \(run.errors)", sourceLocation: sourceLocation)
        for word in words { #expect(run.errors.contains(word), "\(run.errors)", sourceLocation: sourceLocation) }
    }

    func dataFolder() -> String {
        let folder = temporaryFolder()
        Fixtures.write(Fixtures.regressionCSV(rows: 20), to: folder + "/data.csv")
        return folder
    }

    @Test func missingDataFile() {
        expectFailure(synapse("train", "--data", "/nonexistent/data.csv", "--target", "y", "--layers", "dense:1"),
                      mentioning: "/nonexistent/data.csv", "no such file")
    }

    @Test func unknownTargetColumn() {
        let folder = dataFolder()
        expectFailure(synapse("train", "--data", folder + "/data.csv", "--target", "price", "--layers", "dense:1", "--out", folder + "/out"),
                      mentioning: "no column named 'price'")
    }

    @Test func unknownDroppedColumn() {
        let folder = dataFolder()
        expectFailure(synapse("train", "--data", folder + "/data.csv", "--target", "y", "--drop", "zz", "--layers", "dense:1", "--out", folder + "/out"),
                      mentioning: "--drop names 'zz'")
    }

    @Test(arguments: ["dense:x:relu", "dense:4:nonsense", "conv:3", "dropout:1.5", ""])
    func layerSpecThatDoesNotParse(_ spec: String) {
        let folder = dataFolder()
        expectFailure(synapse("train", "--data", folder + "/data.csv", "--target", "y", "--layers", spec, "--out", folder + "/out"),
                      mentioning: "--layers")
    }

    @Test func outputLayerThatDoesNotFitTheTask() {
        let folder = dataFolder()
        expectFailure(synapse("train", "--data", folder + "/data.csv", "--target", "y", "--layers", "dense:3", "--out", folder + "/out"),
                      mentioning: "regression needs 1")
    }

    @Test func bothOrNeitherOfLayersAndModel() {
        let folder = dataFolder()
        expectFailure(synapse("train", "--data", folder + "/data.csv", "--target", "y"), mentioning: "--layers")
    }

    @Test func badEarlyStoppingSpec() {
        let folder = dataFolder()
        expectFailure(synapse("train", "--data", folder + "/data.csv", "--target", "y", "--layers", "dense:1", "--early-stopping", "val_loss"),
                      mentioning: "MONITOR:PATIENCE")
    }

    @Test func modelFileFromAnotherTool() throws {
        let folder = temporaryFolder()
        // A valid safetensors file as PyTorch writes one: no Synapse metadata.
        let header = #"{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        var bytes = withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { Data($0) }
        bytes += Data(header.utf8) + Data(count: 4)
        try bytes.write(to: URL(fileURLWithPath: folder + "/torch.safetensors"))
        expectFailure(synapse("summary", folder + "/torch.safetensors"), mentioning: "not a Synapse model")
        Fixtures.write("a\n1\n", to: folder + "/rows.csv")
        expectFailure(synapse("predict", "--model", folder + "/torch.safetensors", "--data", folder + "/rows.csv"),
                      mentioning: "not a Synapse model")
    }

    @Test func csvGivenAsAModelFile() {
        let folder = dataFolder()
        expectFailure(synapse("summary", folder + "/data.csv"), mentioning: "not a Synapse model")
        expectFailure(synapse("summary", folder + "/missing.safetensors"), mentioning: "no model file")
    }

    @Test func modelConfigThatIsNotJSON() {
        let folder = dataFolder()
        expectFailure(synapse("train", "--data", folder + "/data.csv", "--target", "y", "--model", folder + "/data.csv", "--out", folder + "/out"),
                      mentioning: "is not JSON")
    }

    @Test func unknownExample() {
        expectFailure(synapse("examples", "run", "no_such_workflow"), mentioning: "no example 'no_such_workflow'")
    }

    @Test func predictWithoutTheFeatureColumns() throws {
        let folder = dataFolder()
        let trained = synapse("train", "--data", folder + "/data.csv", "--target", "y", "--layers", "dense:1", "--epochs", "1",
                              "--out", folder + "/run", "--quiet")
        #expect(trained.status == 0, "\(trained.errors)")
        Fixtures.write("a\n1\n", to: folder + "/rows.csv")
        expectFailure(synapse("predict", "--model", folder + "/run/model.safetensors", "--data", folder + "/rows.csv"),
                      mentioning: "lacks the feature column b")
    }
}
