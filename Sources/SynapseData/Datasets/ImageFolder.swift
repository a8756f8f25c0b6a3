// A folder of pictures, one subfolder per class, as Keras's image_dataset_from_directory reads
// it: class names are the subfolders' names sorted (hidden ones left out); every file below a
// class folder whose name ends in .bmp, .gif, .jpeg, .jpg or .png (any case) is an image of that
// class, in the order of a sorted walk; other files are skipped. With `shuffle`, the list is
// shuffled once by NumPy's RandomState(seed) exactly as Keras does, so the last
// ⌊validationSplit · n⌋ files — the validation subset — are the files Keras would pick.
// Images are decoded a batch at a time (or a data-parallel rank's shard of a batch: only its
// files), on all cores (Parallel.forEach), then resized with
// TensorFlow's bilinear resize (JPEGs with its fast IDCT, colour to grey with its weights, 16
// bits to 8 by the high byte, as TensorFlow decodes): a folder larger than memory streams. Differences from Keras: a
// JPEG's EXIF orientation is applied (TensorFlow ignores it); the training subset keeps the
// one shuffled order every epoch (Keras reshuffles through a buffer of 8 batches); GIF and BMP
// files are listed as Keras lists them but are errors naming the file (PNG and JPEG decode).
import Foundation

/// How many channels the images of an image folder are given.
public enum ImageColorMode: String, Sendable, CaseIterable {
    /// One channel (Keras's "grayscale").
    case grayscale
    case rgb
    case rgba

    /// 1, 3 or 4.
    public var channels: Int {
        switch self {
        case .grayscale: return 1
        case .rgb: return 3
        case .rgba: return 4
        }
    }
}

/// How an image folder's labels are given: Keras's label_mode.
public enum ImageLabelMode: String, Sendable, CaseIterable {
    /// The class index, [n].
    case int
    /// One-hot rows, [n, classes].
    case categorical
    /// 0 or 1 in one column, [n, 1]; exactly two classes.
    case binary
}

/// The part of an image folder to read when a validation split is given.
public enum ImageFolderSubset: String, Sendable, CaseIterable {
    case training
    case validation
}

/// The images of a folder (or of its training or validation part), decoded a batch at a time.
/// `batch(at:)` gives batches as `fit` takes them (`import Synapse` makes it a BatchSequence).
public final class ImageFolder: @unchecked Sendable {
    /// The image files, in the order batches take them.
    public let filePaths: [String]
    /// The class index of each file.
    public let labels: [Int]
    /// The class names, the index of each being its label.
    public let classNames: [String]
    /// Rows and columns of every image given out.
    public let imageHeight: Int, imageWidth: Int
    public let colorMode: ImageColorMode
    public let labelMode: ImageLabelMode
    public let batchSize: Int
    /// Whether images are cut to the target's aspect ratio before resizing (no stretching).
    public let cropToAspectRatio: Bool
    /// Whether every image must already have the size (no resizing); set when no size was given.
    let sameSizeOnly: Bool

    /// Image files without classes (all labelled 0), read as a folder's are: for predicting.
    public convenience init(files: [String], imageSize: (height: Int, width: Int), colorMode: ImageColorMode = .rgb,
                            batchSize: Int = 32, cropToAspectRatio: Bool = false) {
        self.init(filePaths: files, labels: files.map { _ in 0 }, classNames: [], imageHeight: imageSize.height, imageWidth: imageSize.width,
                  colorMode: colorMode, labelMode: .int, batchSize: max(1, batchSize), cropToAspectRatio: cropToAspectRatio, sameSizeOnly: false)
    }

    init(filePaths: [String], labels: [Int], classNames: [String], imageHeight: Int, imageWidth: Int,
         colorMode: ImageColorMode, labelMode: ImageLabelMode, batchSize: Int, cropToAspectRatio: Bool, sameSizeOnly: Bool) {
        self.filePaths = filePaths
        self.labels = labels
        self.classNames = classNames
        self.imageHeight = imageHeight
        self.imageWidth = imageWidth
        self.colorMode = colorMode
        self.labelMode = labelMode
        self.batchSize = batchSize
        self.cropToAspectRatio = cropToAspectRatio
        self.sameSizeOnly = sameSizeOnly
    }

    /// The number of batches.
    public var count: Int { (filePaths.count + batchSize - 1) / batchSize }

    /// The shape of one image: [height, width, channels].
    public var imageShape: [Int] { [imageHeight, imageWidth, colorMode.channels] }

    /// Batch `index`: images [b, height, width, channels] (values 0...255) and their labels.
    /// Throws `SynapseError.invalidFile` naming the first file of the batch that cannot be decoded.
    public func batch(at index: Int) throws -> (x: Tensor, y: Tensor) {
        try batch(at: index, rows: { 0..<$0 })
    }

    /// The rows `part(n)` of batch `index` (whose rows are 0 ..< n), decoding only their files:
    /// a data-parallel rank's shard of a global batch.
    public func batch(at index: Int, rows part: (Int) -> Range<Int>) throws -> (x: Tensor, y: Tensor) {
        guard (0..<count).contains(index) else {
            throw SynapseError.invalidArgument("batch \(index) is outside 0..<\(count)")
        }
        let start = index * batchSize, n = min(filePaths.count, start + batchSize) - start
        let chosen = part(n)
        guard chosen.lowerBound >= 0 && chosen.upperBound <= n else {
            throw SynapseError.invalidArgument("rows \(chosen) are outside batch \(index)'s 0..<\(n)")
        }
        let rows = (start + chosen.lowerBound)..<(start + chosen.upperBound)
        guard !rows.isEmpty else { return (Tensor(shape: [0] + imageShape, scalars: []), labelTensor(rows)) }
        return (try images(rows), labelTensor(rows))
    }

    /// Every image and label at once (for a folder that fits in memory).
    public func loadAll() throws -> (x: Tensor, y: Tensor) {
        (try images(0..<filePaths.count), labelTensor(0..<filePaths.count))
    }

    /// The labels of `rows` in the label mode.
    public func labelTensor(_ rows: Range<Int>) -> Tensor {
        let picked = labels[rows]
        switch labelMode {
        case .int:
            return Tensor(shape: [picked.count], scalars: picked.map(Float.init))
        case .binary:
            return Tensor(shape: [picked.count, 1], scalars: picked.map(Float.init))
        case .categorical:
            var oneHot = [Float](repeating: 0, count: picked.count * classNames.count)
            for (row, label) in picked.enumerated() { oneHot[row * classNames.count + label] = 1 }
            return Tensor(shape: [picked.count, classNames.count], scalars: oneHot)
        }
    }

    /// The images of `rows`, decoded and resized on all cores.
    public func images(_ rows: Range<Int>) throws -> Tensor {
        let n = rows.count, size = imageHeight * imageWidth * colorMode.channels
        var pixels = [Float](repeating: 0, count: n * size)
        var errors = [Error?](repeating: nil, count: n)
        pixels.withUnsafeMutableBufferPointer { out in
            errors.withUnsafeMutableBufferPointer { failures in
                let out = out.baseAddress!, failures = failures.baseAddress!
                Parallel.forEach(count: n, grain: 1) { range in
                    for i in range {
                        do {
                            try self.load(filePaths[rows.lowerBound + i], into: out + i * size)
                        } catch {
                            failures[i] = error
                        }
                    }
                }
            }
        }
        if let error = errors.lazy.compactMap({ $0 }).first { throw error }
        return Tensor(shape: [n] + imageShape, scalars: pixels)
    }

    /// This folder without the files that do not decode (corrupt, truncated, another format, or
    /// of another size when no size was given), and those files with the reason: one pass that
    /// decodes every file on all cores, memory one image per core. For a folder with a few bad
    /// files that should be skipped and counted rather than stop training.
    public func droppingUnreadableFiles() -> (images: ImageFolder, skipped: [(file: String, reason: String)]) {
        var failures = [String?](repeating: nil, count: filePaths.count)
        let size = imageShape.reduce(1, *)
        failures.withUnsafeMutableBufferPointer { slots in
            let slots = slots.baseAddress!
            Parallel.forEach(count: filePaths.count, grain: 1) { range in
                var scratch = [Float](repeating: 0, count: size)
                for i in range {
                    do {
                        try scratch.withUnsafeMutableBufferPointer { try load(filePaths[i], into: $0.baseAddress!) }
                    } catch let SynapseError.invalidFile(_, _, reason) {
                        slots[i] = reason
                    } catch {
                        slots[i] = "\(error)"
                    }
                }
            }
        }
        let kept = failures.indices.filter { failures[$0] == nil }
        let images = ImageFolder(filePaths: kept.map { filePaths[$0] }, labels: kept.map { labels[$0] }, classNames: classNames,
                                 imageHeight: imageHeight, imageWidth: imageWidth, colorMode: colorMode, labelMode: labelMode,
                                 batchSize: batchSize, cropToAspectRatio: cropToAspectRatio, sameSizeOnly: sameSizeOnly)
        return (images, failures.indices.compactMap { i in failures[i].map { (filePaths[i], $0) } })
    }

    /// Decodes the file at `path` and writes it, resized, at `out`.
    public func load(_ path: String, into out: UnsafeMutablePointer<Float>) throws {
        let channels = colorMode.channels
        let bytes = try Image.readFile(path)
        let isJPEG = ImageFormat(signature: bytes) == .jpeg
        var image = try Image(decoding: bytes, path: path, channels: isJPEG && channels == 4 ? 3 : channels, eightBit: true,
                              fastIDCT: true)
        if image.channels == 3 && channels == 4 { image = image.addingOpaqueAlpha() }
        if sameSizeOnly && (image.height != imageHeight || image.width != imageWidth) {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "the image is \(image.height)x\(image.width) pixels (height x width) but the folder's first image is \(imageHeight)x\(imageWidth); give an image size to resize them all")
        }
        image.resize(height: imageHeight, width: imageWidth, cropToAspectRatio: cropToAspectRatio, into: out)
    }
}

extension Datasets {
    /// The extensions of the files an image folder takes (Keras's ALLOWLIST_FORMATS).
    public static let imageExtensions = [".bmp", ".gif", ".jpeg", ".jpg", ".png"]

    /// A folder of images, one subfolder per class, as Keras's `image_dataset_from_directory`.
    ///
    /// - Parameters:
    ///   - path: the folder; each subfolder not starting with "." is a class, named after it.
    ///   - imageSize: (height, width) every image is resized to; nil takes the first image's size
    ///     and then requires every image to have it.
    ///   - colorMode: grayscale, rgb or rgba (channels 1, 3, 4).
    ///   - labelMode: int, categorical (one-hot) or binary (two classes).
    ///   - classNames: the classes to take, in label order; nil takes every subfolder, sorted.
    ///   - batchSize: images per batch.
    ///   - shuffle: shuffle the files (NumPy's RandomState(seed), as Keras); false keeps the
    ///     sorted order.
    ///   - seed: the shuffle's seed; needed with a validation split and shuffling.
    ///   - validationSplit: the fraction of files kept for validation (the last ones).
    ///   - subset: which part to return when `validationSplit` is given.
    ///   - cropToAspectRatio: cut the largest centred box of the target's aspect ratio first.
    /// - Throws: `SynapseError` when the folder is missing or holds no class folders or no
    ///   images, or when the arguments disagree as Keras's checks say.
    public static func imageFolder(
        _ path: String, imageSize: (height: Int, width: Int)? = (256, 256), colorMode: ImageColorMode = .rgb,
        labelMode: ImageLabelMode = .int, classNames: [String]? = nil, batchSize: Int = 32, shuffle: Bool = true,
        seed: UInt32? = nil, validationSplit: Double? = nil, subset: ImageFolderSubset? = nil,
        cropToAspectRatio: Bool = false
    ) throws -> ImageFolder {
        let index = try indexImageFolder(path, classNames: classNames, labelMode: labelMode, shuffle: shuffle,
                                         seed: seed, validationSplit: validationSplit, subset: subset)
        var (files, labels) = (index.files, index.labels)
        guard !files.isEmpty else {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "no image files were found (\(imageExtensions.joined(separator: ", ")))")
        }
        if let validationSplit, let subset {
            let validation = Int(validationSplit * Double(files.count))
            let training = files.count - validation
            switch subset {
            case .training: (files, labels) = (Array(files[..<training]), Array(labels[..<training]))
            case .validation: (files, labels) = (Array(files[training...]), Array(labels[training...]))
            }
            guard !files.isEmpty else {
                throw SynapseError.invalidFile(path: path, location: nil, reason: "a validation split of \(validationSplit) leaves no \(subset.rawValue) images among its \(index.files.count) files; give more images or another split")
            }
        }
        guard batchSize > 0 else { throw SynapseError.invalidArgument("batchSize must be positive, not \(batchSize)") }
        let size: (height: Int, width: Int)
        if let imageSize {
            guard imageSize.height > 0, imageSize.width > 0 else {
                throw SynapseError.invalidArgument("imageSize must be positive, not \(imageSize.height)x\(imageSize.width)")
            }
            size = imageSize
        } else {
            let first = try Image(contentsOfFile: files[0], eightBit: true)
            size = (first.height, first.width)
        }
        return ImageFolder(filePaths: files, labels: labels, classNames: index.classNames, imageHeight: size.height,
                           imageWidth: size.width, colorMode: colorMode, labelMode: labelMode, batchSize: batchSize,
                           cropToAspectRatio: cropToAspectRatio, sameSizeOnly: imageSize == nil)
    }

    /// The training and validation parts of an image folder (Keras's subset="both").
    public static func imageFolderSplit(
        _ path: String, imageSize: (height: Int, width: Int)? = (256, 256), colorMode: ImageColorMode = .rgb,
        labelMode: ImageLabelMode = .int, classNames: [String]? = nil, batchSize: Int = 32, shuffle: Bool = true,
        seed: UInt32?, validationSplit: Double, cropToAspectRatio: Bool = false
    ) throws -> (training: ImageFolder, validation: ImageFolder) {
        func part(_ subset: ImageFolderSubset) throws -> ImageFolder {
            try imageFolder(path, imageSize: imageSize, colorMode: colorMode, labelMode: labelMode, classNames: classNames,
                            batchSize: batchSize, shuffle: shuffle, seed: seed, validationSplit: validationSplit,
                            subset: subset, cropToAspectRatio: cropToAspectRatio)
        }
        return (try part(.training), try part(.validation))
    }

    /// Keras's index_directory: the files, their labels and the class names.
    static func indexImageFolder(
        _ path: String, classNames wanted: [String]?, labelMode: ImageLabelMode, shuffle: Bool, seed: UInt32?,
        validationSplit: Double?, subset: ImageFolderSubset?
    ) throws -> (files: [String], labels: [Int], classNames: [String]) {
        if let validationSplit, !(validationSplit > 0 && validationSplit < 1) {
            throw SynapseError.invalidArgument("validationSplit must be between 0 and 1, not \(validationSplit)")
        }
        if (validationSplit == nil) != (subset == nil) {
            throw SynapseError.invalidArgument("a validation split and a subset go together: give both or neither")
        }
        if validationSplit != nil && shuffle && seed == nil {
            throw SynapseError.invalidArgument("with a validation split and shuffling, give a seed, so that the training and validation subsets do not overlap")
        }
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "no such folder")
        }
        guard isFolder.boolValue else {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "is a file, not a folder of class subfolders")
        }
        let entries = try manager.contentsOfDirectory(atPath: path).sorted(by: codePointOrder)
        let subfolders = entries.filter { name in
            var folder: ObjCBool = false
            return !name.hasPrefix(".") && manager.fileExists(atPath: path + "/" + name, isDirectory: &folder) && folder.boolValue
        }
        guard !subfolders.isEmpty else {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "has no subfolders; put the images of each class in a subfolder named after the class")
        }
        var classNames = subfolders
        if let wanted {
            if let missing = wanted.first(where: { !subfolders.contains($0) }) {
                throw SynapseError.invalidArgument("class '\(missing)' has no subfolder in \(path) (its subfolders: \(subfolders.joined(separator: ", ")))")
            }
            classNames = wanted
        }
        if labelMode == .binary && classNames.count != 2 {
            throw SynapseError.invalidArgument("binary labels need exactly 2 classes; \(path) has \(classNames.count) (\(classNames.joined(separator: ", ")))")
        }
        var files = [String](), labels = [Int]()
        for (label, name) in classNames.enumerated() {
            for file in imageFiles(under: path + "/" + name) {
                files.append(file)
                labels.append(label)
            }
        }
        if shuffle {
            let seed = seed ?? UInt32.random(in: 0..<1_000_000)
            var random = NumPyRandomState(seed: seed)
            random.shuffle(&files)
            random = NumPyRandomState(seed: seed)
            random.shuffle(&labels)
        }
        return (files, labels, classNames)
    }

    /// Files below `folder` with an image extension, as Keras's iter_valid_files walks: folders
    /// in sorted path order, files sorted within each; symbolic links to folders not followed.
    public static func imageFiles(under folder: String) -> [String] {
        let manager = FileManager.default
        var folders = [folder], found = [(folder: String, files: [String])]()
        while let current = folders.popLast() {
            guard let names = try? manager.contentsOfDirectory(atPath: current) else { continue }
            var files = [String]()
            for name in names {
                let full = current + "/" + name
                var isFolder: ObjCBool = false
                let exists = manager.fileExists(atPath: full, isDirectory: &isFolder)
                if exists && isFolder.boolValue {
                    let type = try? manager.attributesOfItem(atPath: full)[.type] as? FileAttributeType
                    if type != .typeSymbolicLink { folders.append(full) }
                } else if imageExtensions.contains(where: { name.lowercased().hasSuffix($0) }) {
                    files.append(full)
                }
            }
            found.append((current, files.sorted(by: codePointOrder)))
        }
        return found.sorted { codePointOrder($0.folder, $1.folder) }.flatMap(\.files)
    }

    /// Python's string order: by Unicode code points.
    static func codePointOrder(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}
