import Foundation
import Testing
@testable import SynapseData

/// `Datasets.imageFolder` gives what Keras's image_dataset_from_directory gives for the same
/// folder (Fixtures/image_folder, scripts/fixtures/make_image_folder_fixtures.py).
@Suite struct ImageFolderTests {
    static let keras = try! Fixture.json("image_folder_keras.json")
    static let folder = Fixture.path("image_folder")

    func kerasCase(_ name: String) -> [String: Any] { (Self.keras["cases"] as! [String: Any])[name] as! [String: Any] }

    func relative(_ paths: [String]) -> [String] { paths.map { String($0.dropFirst(Self.folder.count + 1)) } }

    /// Largest |synapse − keras| over the pixels, after checking files, labels and shapes.
    func compare(_ name: String, _ images: ImageFolder) throws -> Double {
        let expected = kerasCase(name)
        #expect(images.classNames == expected["classNames"] as! [String])
        #expect(relative(images.filePaths) == expected["files"] as! [String])
        let (x, y) = try images.loadAll()
        #expect(x.shape == ints(expected["shape"]))
        #expect(y.scalars.map(Double.init) == doubles(expected["y"]))
        return zip(x.scalars, doubles(expected["x"])).map { abs(Double($0) - $1) }.max()!
    }

    @Test func rgbPixelsAndLabelsEqualKeras() throws {
        let images = try Datasets.imageFolder(Self.folder, imageSize: (6, 8), shuffle: false)
        // Decoding as TensorFlow's (JPEG's fast IDCT) and its resize in the same float order:
        // the same float32 values (measured: below 1e-13).
        #expect(try compare("rgb_int", images) <= 1e-4)
    }

    @Test func upscalingEqualsKeras() throws {
        let images = try Datasets.imageFolder(Self.folder, imageSize: (17, 21), classNames: ["cats"], shuffle: false)
        let (x, _) = try images.loadAll()
        let keras = doubles(kerasCase("upscale")["x"]).prefix(x.scalars.count)
        #expect(zip(x.scalars, keras).map { abs(Double($0) - $1) }.max()! <= 1e-4)
    }

    @Test func greyCroppedToTheAspectRatioEqualsKeras() throws {
        let images = try Datasets.imageFolder(Self.folder, imageSize: (5, 5), colorMode: .grayscale, shuffle: false,
                                              cropToAspectRatio: true)
        // Colour to grey with TensorFlow's weights (0.299, 0.587, 0.114), truncated as libpng does.
        #expect(try compare("grey_crop", images) <= 1e-4)
    }

    @Test func rgbaAndOneHotLabelsEqualKeras() throws {
        let images = try Datasets.imageFolder(Self.folder, imageSize: (7, 4), colorMode: .rgba, labelMode: .categorical,
                                              classNames: ["cats"], shuffle: false)
        #expect(try compare("rgba_categorical", images) <= 1e-4)
    }

    @Test func classNamesGiveTheLabelOrder() throws {
        let images = try Datasets.imageFolder(Self.folder, imageSize: (3, 3), labelMode: .binary,
                                              classNames: ["zebra", "cats"], shuffle: false)
        #expect(try compare("reordered_binary", images) <= 1e-4)
    }

    @Test(arguments: ["1337", "7"]) func theValidationSplitPicksKerassFiles(seed: String) throws {
        let expected = (Self.keras["splits"] as! [String: Any])[seed] as! [String: [String]]
        let (training, validation) = try Datasets.imageFolderSplit(Self.folder, imageSize: (4, 4), seed: UInt32(seed)!,
                                                                   validationSplit: 0.3)
        #expect(relative(training.filePaths) == expected["training"])
        #expect(relative(validation.filePaths) == expected["validation"])
    }

    @Test func numpyShufflesAreReproduced() {
        for case let entry as [String: Any] in Self.keras["shuffles"] as! [Any] {
            var items = Array(0..<(entry["n"] as! Int))
            var random = NumPyRandomState(seed: UInt32((entry["seed"] as! NSNumber).uint32Value))
            random.shuffle(&items)
            #expect(items == ints(entry["order"]))
        }
    }

    @Test func batchesStreamTheFolderInOrder() throws {
        let images = try Datasets.imageFolder(Self.folder, imageSize: (6, 8), batchSize: 5, shuffle: false)
        #expect(images.count == 3)
        let all = try images.loadAll()
        let last = try images.batch(at: 2)
        #expect(last.x.shape == [2, 6, 8, 3])
        #expect(last.x.scalars == Array(all.x.scalars.suffix(2 * 6 * 8 * 3)))
        #expect(last.y.scalars == [2, 2])
    }

    @Test func aDataParallelRankDecodesOnlyItsShardOfABatch() throws {
        let images = try Datasets.imageFolder(Self.folder, imageSize: (6, 8), labelMode: .categorical, batchSize: 5, shuffle: false)
        let whole = try images.batch(at: 1)
        var asked: [Int] = []
        let shard = try images.batch(at: 1, rows: { asked.append($0); return 3..<5 })
        #expect(asked == [5])
        #expect(shard.x.shape == [2, 6, 8, 3] && shard.y.shape == [2, images.classNames.count])
        #expect(shard.x.scalars == whole.x.slice(3..<5).scalars)
        #expect(shard.y.scalars == whole.y.slice(3..<5).scalars)
        let none = try images.batch(at: 2, rows: { _ in 2..<2 })
        #expect(none.x.shape == [0, 6, 8, 3] && none.y.shape == [0, images.classNames.count])
        #expect(throws: SynapseError.self) { try images.batch(at: 2, rows: { _ in 1..<3 }) }
    }

    @Test func withoutASizeEveryImageMustShareTheFirstOnesSize() throws {
        let images = try Datasets.imageFolder(Self.folder, imageSize: nil, shuffle: false)
        #expect(images.imageShape == [20, 11, 3])  // C03.PNG: "C" sorts before "c", as in Python
        #expect(throws: SynapseError.self) { try images.batch(at: 0) }
        do {
            _ = try images.batch(at: 0)
        } catch {
            #expect("\(error)".contains("cats/c01.png"))
            #expect("\(error)".contains("give an image size"))
        }
    }

    @Test func argumentsAreCheckedAsKerasChecksThem() {
        #expect(throws: SynapseError.invalidArgument("with a validation split and shuffling, give a seed, so that the training and validation subsets do not overlap")) {
            try Datasets.imageFolder(Self.folder, validationSplit: 0.2, subset: .training)
        }
        #expect(throws: SynapseError.invalidArgument("a validation split and a subset go together: give both or neither")) {
            try Datasets.imageFolder(Self.folder, seed: 1, validationSplit: 0.2)
        }
        #expect(throws: SynapseError.self) { try Datasets.imageFolder(Self.folder, labelMode: .binary) }
        #expect(throws: SynapseError.invalidFile(path: "/no/such/folder", location: nil, reason: "no such folder")) {
            try Datasets.imageFolder("/no/such/folder")
        }
    }

    @Test func aBrokenImageIsAnErrorNamingIt() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for name in ["a", "b"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(atPath: Self.folder + "/cats/c01.png", toPath: root.path + "/a/good.png")
        let broken = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "/dogs/d01.png")).prefix(100)
        try broken.write(to: root.appendingPathComponent("b/broken.png"))
        let images = try Datasets.imageFolder(root.path, imageSize: (4, 4), shuffle: false)
        #expect(throws: SynapseError.self) { try images.loadAll() }
        do { _ = try images.loadAll() } catch { #expect("\(error)".hasPrefix(root.path + "/b/broken.png: cannot decode the image")) }
    }

    @Test func anEmptyFolderIsOneSentence() throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(throws: SynapseError.invalidFile(path: root.path, location: nil, reason: "has no subfolders; put the images of each class in a subfolder named after the class")) {
            try Datasets.imageFolder(root.path)
        }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("a"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: root.appendingPathComponent("a/notes.txt"))
        #expect(throws: SynapseError.invalidFile(path: root.path, location: nil, reason: "no image files were found (.bmp, .gif, .jpeg, .jpg, .png)")) {
            try Datasets.imageFolder(root.path)
        }
    }
}
