import Foundation
import Testing
import SynapseCLI
import Synapse

/// `synapse train --images` and `synapse predict --images` on a generated folder of pictures.
@Suite(.serialized) struct ImageCommandTests {
    /// Three classes of noisy pictures (mostly red, green or blue), 10...13 × 12...15 pixels, PNG
    /// and JPEG; `perClass` each.
    static func colourFolder(_ root: String, perClass: Int) {
        var random = SeededGenerator(seed: 14)
        for (label, name) in ["blue", "green", "red"].enumerated() {
            try! FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
            let strong = [2, 1, 0][label]
            for i in 0..<perClass {
                let (h, w) = (10 + i % 4, 12 + i % 4)
                let samples = (0..<(h * w * 3)).map { k in UInt16(k % 3 == strong ? 120 + Int(random.nextUniform() * 135) : Int(random.nextUniform() * 110)) }
                try! Image(width: w, height: h, channels: 3, samples: samples).writePNG(to: root + "/\(name)/\(i).png")
            }
        }
    }

    static let folder: String = {
        let folder = temporaryFolder()
        colourFolder(folder + "/pictures", perClass: 100)     // 300 pictures
        return folder
    }()

    @Test func aFolderTrainsAndPredictAgreesWithTheRun() throws {
        let d = Self.folder
        let run = synapse("train", "--images", d + "/pictures", "--image-size", "8,8", "--batch-size", "16",
                          "--layers", "rescaling:0.00392156862745098,randomflip,flatten,dense:3:softmax", "--epochs", "20",
                          "--out", d + "/run", "--quiet", "--json")
        #expect(run.status == 0, "\(run.errors)")
        let last = run.output.split(separator: "\n").last.map(String.init) ?? ""
        let result = try #require(try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any], "\(run.output)")
        let accuracy = try #require(result["validation_accuracy"] as? Double, "\(last)")
        #expect(accuracy >= 0.9)
        for file in ["model.safetensors", "preprocessing.json", "validation_predictions.csv", "report.html",
                     "validation-images.svg", "confusion-matrix.svg"] {
            #expect(FileManager.default.fileExists(atPath: d + "/run/" + file), "\(file)")
        }
        // predict on the validation files gives the run's classes and probabilities.
        let table = try String(contentsOfFile: d + "/run/validation_predictions.csv", encoding: .utf8)
        let rows = table.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.count == 60)                     // validation split 0.2 of 300
        let predicted = synapse(["predict", "--model", d + "/run/model.safetensors", "--images"] + rows.map { $0[0] })
        #expect(predicted.status == 0, "\(predicted.errors)")
        let again = predicted.output.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        #expect(again.map { $0[0] } == rows.map { $0[0] })
        #expect(again.map { $0[1] } == rows.map { $0[2] })
        #expect(zip(again, rows).allSatisfy { abs(Double($0[2])! - Double($1[3])!) < 1e-5 })
        // A folder is walked as the training folder was.
        let whole = synapse("predict", "--model", d + "/run/model.safetensors", "--images", d + "/pictures/red")
        #expect(whole.output.split(separator: "\n").count == 101)   // a header and 100 pictures
    }

    @Test func badImagesAreSkippedAndCountedWhenAsked() throws {
        let d = temporaryFolder()
        Self.colourFolder(d + "/pictures", perClass: 8)
        let good = try Data(contentsOf: URL(fileURLWithPath: d + "/pictures/red/0.png"))
        try good.prefix(70).write(to: URL(fileURLWithPath: d + "/pictures/red/cut.png"))
        try Data("not a picture".utf8).write(to: URL(fileURLWithPath: d + "/pictures/blue/text.jpg"))
        let arguments = ["train", "--images", d + "/pictures", "--image-size", "6,6", "--layers", "flatten,dense:3:softmax",
                         "--epochs", "1", "--out", d + "/run", "--quiet"]
        let stopped = synapse(arguments)
        #expect(stopped.status != 0)
        #expect(stopped.errors.contains("cut.png") || stopped.errors.contains("text.jpg"))
        let skipped = synapse(arguments + ["--skip-bad-images"])
        #expect(skipped.status == 0, "\(skipped.errors)")
        #expect(skipped.output.contains("skipped 2 images that do not decode"))
    }
}
