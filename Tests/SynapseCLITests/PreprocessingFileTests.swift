// preprocessing.json files that synapse predict must reject with an error naming the file, not
// trap on: each input here crashed the preprocessing fuzz target (docs/RELIABILITY.md).
import Foundation
import Testing
@testable import SynapseCLI

@Suite struct PreprocessingFileTests {
    func decode(_ json: String) throws -> TrainingSetup {
        try TrainingSetup.decode(Data(json.utf8), path: "run/preprocessing.json")
    }

    @Test func aClassificationWithoutClassNamesIsRejected() throws {
        // Found by fuzzing: predict indexed the empty class list (Index out of range).
        let json = #"{"classes": [], "features": ["a"], "scale": "none", "target": "kind", "task": "classification"}"#
        #expect(throws: (any Error).self) { try decode(json) }
        do { _ = try decode(json) } catch {
            #expect("\(error)".contains("run/preprocessing.json") && "\(error)".contains("class name"))
        }
    }

    @Test func anUnknownTaskOrScaleIsRejected() {
        #expect(throws: (any Error).self) {
            try decode(#"{"features": ["a"], "scale": "none", "target": "y", "task": "clustering"}"#)
        }
        #expect(throws: (any Error).self) {
            try decode(#"{"features": ["a"], "scale": "log", "target": "y", "task": "regression"}"#)
        }
    }

    @Test func whatTrainWritesIsAccepted() throws {
        let setup = try decode(#"{"classes": ["no", "yes"], "features": ["a"], "scale": "standard", "scalerFile": "scaler.json", "target": "y", "task": "classification"}"#)
        #expect(setup.classes == ["no", "yes"] && setup.scalerFile == "scaler.json")
    }
}
