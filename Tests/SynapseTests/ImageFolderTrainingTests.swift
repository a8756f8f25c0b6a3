import Foundation
import Testing
import Synapse

/// An image folder feeds fit as Keras's image_dataset_from_directory does.
@Suite struct ImageFolderTrainingTests {
    /// A folder of three classes of small noisy pictures (mostly red, green or blue), written as
    /// PNG; returns its path, removed by the caller.
    static func colourFolder(perClass: Int = 24) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("synapse-images-\(UUID().uuidString)")
        var random = SystemRandomNumberGenerator()
        for (label, name) in ["blue", "green", "red"].enumerated() {
            let folder = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let strong = [2, 1, 0][label]
            for i in 0..<perClass {
                let (h, w) = (10 + i % 3, 12 + i % 4)
                let samples = (0..<(h * w * 3)).map { k in UInt16(k % 3 == strong ? Int.random(in: 120...255, using: &random) : Int.random(in: 0...110, using: &random)) }
                try Image(width: w, height: h, channels: 3, samples: samples).writePNG(to: folder.appendingPathComponent("\(i).png").path)
            }
        }
        return root
    }

    @Test func aModelLearnsTheClassesOfAFolder() throws {
        let root = try Self.colourFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let (training, validation) = try Datasets.imageFolderSplit(root.path, imageSize: (8, 8), batchSize: 8, seed: 3,
                                                                   validationSplit: 0.25)
        #expect(training.classNames == ["blue", "green", "red"])
        #expect(training.filePaths.count == 54 && validation.filePaths.count == 18)
        #expect(Set(training.filePaths).isDisjoint(with: validation.filePaths))
        let model = Sequential(seed: 2) {
            Input(shape: [8, 8, 3])
            Flatten()
            Dense(3, activation: "softmax")
        }
        try model.compile(optimizer: Adam(learningRate: 0.002), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
        let history = try model.fit(training, epochs: 12, validationData: validation, verbose: 0)
        #expect(history.history["val_accuracy"]!.last! >= 0.9)
    }
}
