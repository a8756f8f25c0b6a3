// Keras's built-in data sets, loaded from files: MNIST and Fashion-MNIST (IDX, raw or gzip, or a
// Keras mnist.npz) and CIFAR-10 (binary batches). Each is looked for in, in order: the
// `directory` argument, $SYNAPSE_DATA, then the cache folder ($XDG_CACHE_HOME or ~/.cache)
// /synapse/datasets — in `<dir>/<name>/` and in `<dir>/` itself. When missing, the files are
// downloaded from the public mirrors into the cache folder. Every file's SHA-256 is checked:
//   - a download, against the digest its mirror publishes (TensorFlow Datasets' url_checksums
//     for the same URLs), before anything is written where a loader looks: a changed or
//     damaged download is an error, not a data set;
//   - every load: MNIST against pinned digests of the decompressed files (so a recompressed
//     copy still matches); Fashion-MNIST and CIFAR-10 against the digest recorded beside the
//     file when it was downloaded (`<file>.sha256`), as those sets are only known here as the
//     mirrors' archives.
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Features and labels of one part of a data set.
public struct LabeledData {
    /// Images [n, height, width] (MNIST) or [n, 32, 32, 3] (CIFAR-10), values 0...255.
    public var x: Tensor
    /// Class numbers [n].
    public var y: Tensor
}

/// A data set's training and test parts.
public struct Dataset {
    public var train: LabeledData
    public var test: LabeledData
}

/// Loaders of Keras's standard data sets.
public enum Datasets {
    /// MNIST: 60,000 + 10,000 grey 28x28 digits.
    public static func mnist(directory: String? = nil, download: Bool = true) throws -> Dataset {
        try idxDataset(.mnist, directory: directory, download: download)
    }

    /// Fashion-MNIST: 60,000 + 10,000 grey 28x28 clothing images, MNIST's format.
    public static func fashionMNIST(directory: String? = nil, download: Bool = true) throws -> Dataset {
        try idxDataset(.fashionMNIST, directory: directory, download: download)
    }

    /// CIFAR-10: 50,000 + 10,000 colour 32x32 images (binary version).
    public static func cifar10(directory: String? = nil, download: Bool = true) throws -> Dataset {
        let files = (1...5).map { "data_batch_\($0).bin" } + ["test_batch.bin"]
        let folder = try locate(names: ["cifar-10-batches-bin", "cifar10", "cifar-10"], files: files, directory: directory)
            ?? (download ? try downloadCIFAR10() : nil)
        guard let folder else { throw notFound("CIFAR-10", files: files, directory: directory) }
        var train = [(images: Tensor, labels: Tensor)]()
        for file in files.dropLast() { train.append(try CIFAR10.readBatch(try verified(folder + "/" + file, pinned: nil).path)) }
        let test = try CIFAR10.readBatch(try verified(folder + "/test_batch.bin", pinned: nil).path)
        let n = train.reduce(0) { $0 + $1.labels.shape[0] }
        return Dataset(
            train: LabeledData(x: Tensor(shape: [n, 32, 32, 3], scalars: train.flatMap(\.images.scalars)),
                               y: Tensor(shape: [n], scalars: train.flatMap(\.labels.scalars))),
            test: LabeledData(x: test.images, y: test.labels))
    }

    /// The folders searched, in order.
    public static func searchDirectories(_ directory: String? = nil) -> [String] {
        var dirs = [String]()
        if let directory { dirs.append(directory) }
        if let env = ProcessInfo.processInfo.environment["SYNAPSE_DATA"], !env.isEmpty { dirs.append(env) }
        dirs.append(cacheDirectory)
        return dirs
    }

    /// Where downloads go: $XDG_CACHE_HOME/synapse/datasets or ~/.cache/synapse/datasets.
    public static var cacheDirectory: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache").path
        return base + "/synapse/datasets"
    }

    // MARK: IDX data sets

    struct IDXSet {
        var title: String
        var folders: [String]
        var npz: String?
        var mirror: String
        var files: [String]  // train images, train labels, test images, test labels
        var sha256: [String: String]  // of the decompressed files
        var archiveSHA256: [String: String]  // of the mirror's .gz files, as downloaded

        static let mnist = IDXSet(
            title: "MNIST", folders: ["mnist"], npz: "mnist.npz", mirror: "https://storage.googleapis.com/cvdf-datasets/mnist/",
            files: ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"],
            sha256: [
                "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
            ],
            archiveSHA256: [
                "train-images-idx3-ubyte": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
                "train-labels-idx1-ubyte": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
                "t10k-images-idx3-ubyte": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
                "t10k-labels-idx1-ubyte": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
            ])
        static let fashionMNIST = IDXSet(
            title: "Fashion-MNIST", folders: ["fashion-mnist", "fashion_mnist"], npz: nil,
            mirror: "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
            files: ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"],
            sha256: [:],
            archiveSHA256: [
                "train-images-idx3-ubyte": "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                "train-labels-idx1-ubyte": "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                "t10k-images-idx3-ubyte": "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                "t10k-labels-idx1-ubyte": "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
            ])
    }

    static func idxDataset(_ set: IDXSet, directory: String?, download: Bool) throws -> Dataset {
        var folder = try locate(names: set.folders, files: set.files, directory: directory)
        if folder == nil, let npz = set.npz {
            for dir in searchDirectories(directory) + [FileManager.default.homeDirectoryForCurrentUser.path + "/.keras/datasets"]
            where FileManager.default.fileExists(atPath: dir + "/" + npz) {
                let arrays = try NumPy.loadArchive(dir + "/" + npz)
                guard let xTrain = arrays["x_train"], let yTrain = arrays["y_train"], let xTest = arrays["x_test"], let yTest = arrays["y_test"] else {
                    throw SynapseError.invalidFile(path: dir + "/" + npz, location: nil, reason: "lacks x_train, y_train, x_test or y_test")
                }
                // Images and labels must pair up (the IDX path checks the same): 3 images with 5
                // labels would otherwise train on misaligned rows.
                for (name, x, y) in [("train", xTrain, yTrain), ("test", xTest, yTest)] where x.shape.first != y.shape.first || x.rank < 2 {
                    throw SynapseError.invalidFile(path: dir + "/" + npz, location: nil,
                                                   reason: "x_\(name) has shape \(x.shape) but y_\(name) has \(y.shape); they need one label per image")
                }
                return Dataset(train: LabeledData(x: xTrain, y: yTrain), test: LabeledData(x: xTest, y: yTest))
            }
        }
        if folder == nil, download {
            let target = cacheDirectory + "/" + set.folders[0]
            for file in set.files {
                try downloadFile(set.mirror + file + ".gz", to: target + "/" + file + ".gz", sha256: set.archiveSHA256[file])
            }
            folder = target
        }
        guard let folder else { throw notFound(set.title, files: set.files.map { $0 + "[.gz]" }, directory: directory) }
        // The four files are independent: two tasks for the parallel-for, the large training
        // images in one.
        var tensors = [Tensor?](repeating: nil, count: 4)
        var failure: Error?
        let lock = NSLock()
        Parallel.forEach(count: 2, grain: 1) { worker, _ in
            for k in (worker == 0 ? [0] : [1, 2, 3]) {
                do {
                    let (path, bytes, gzipped) = try verified(folder + "/" + set.files[k], pinned: set.sha256[set.files[k]])
                    let tensor = try IDX.decode(bytes, path: path, gzipped: gzipped)
                    lock.lock(); tensors[k] = tensor; lock.unlock()
                } catch {
                    lock.lock(); failure = failure ?? error; lock.unlock()
                }
            }
        }
        if let failure { throw failure }
        let t = tensors.map { $0! }
        for (images, labels, name) in [(t[0], t[1], "training"), (t[2], t[3], "test")] where images.shape.first != labels.shape.first {
            throw SynapseError.shapeMismatch("\(set.title) \(name) images have \(images.shape.first ?? 0) entries, labels \(labels.shape.first ?? 0)")
        }
        return Dataset(train: LabeledData(x: t[0], y: t[1]), test: LabeledData(x: t[2], y: t[3]))
    }

    // MARK: Finding, verifying and downloading files

    /// The first folder that holds every file, raw or gzipped.
    static func locate(names: [String], files: [String], directory: String?) throws -> String? {
        let fm = FileManager.default
        for dir in searchDirectories(directory) {
            for folder in names.map({ dir + "/" + $0 }) + [dir]
            where files.allSatisfy({ fm.fileExists(atPath: folder + "/" + $0) || fm.fileExists(atPath: folder + "/" + $0 + ".gz") }) {
                return folder
            }
        }
        return nil
    }

    /// Reads `base` (or `base.gz`), checks its SHA-256 — pinned, or recorded in a `.sha256` file
    /// beside it — and returns the (decompressed) bytes.
    static func verified(_ base: String, pinned: String?) throws -> (path: String, bytes: [UInt8], gzipped: Bool) {
        let path = FileManager.default.fileExists(atPath: base + ".gz") ? base + ".gz" : base
        let (bytes, gzipped) = try readMaybeGzip(path)
        let recorded = (try? String(contentsOfFile: path + ".sha256", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let expected = pinned ?? recorded {
            let actual = SHA256.hex(bytes)
            guard actual == expected else {
                throw SynapseError.invalidFile(path: path, location: nil,
                                               reason: "SHA-256 \(actual)\(gzipped ? " (decompressed)" : "") does not match the expected \(expected); delete the file to download it again")
            }
        }
        return (path, bytes, gzipped)
    }

    static func notFound(_ title: String, files: [String], directory: String?) -> SynapseError {
        .invalidArgument("\(title) not found: looked for \(files.joined(separator: ", ")) in \(searchDirectories(directory).joined(separator: ", ")) (and their \(title.lowercased()) subfolders), and downloading was off or failed")
    }

    /// The SHA-256 of `cifar-10-binary.tar.gz` as www.cs.toronto.edu serves it.
    static let cifar10ArchiveSHA256 = "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd"

    /// Throws unless `bytes`, downloaded from `url`, have the published digest `expected`.
    static func checkDownload(_ bytes: [UInt8], from url: String, expected: String?) throws {
        guard let expected else { return }
        let actual = SHA256.hex(bytes)
        guard actual == expected else {
            throw SynapseError.invalidArgument(
                "downloading \(url) gave \(bytes.count) bytes with SHA-256 \(actual), not the published \(expected); nothing was kept (a damaged transfer or a changed mirror: try again, or put the files in place by hand and pass their folder)")
        }
    }

    /// Downloads `url` to `path` (atomically) after checking it against the published digest
    /// `sha256` (when known), and records the SHA-256 of its (decompressed) content beside it.
    static func downloadFile(_ url: String, to path: String, sha256: String?) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        final class Box: @unchecked Sendable { var result: Result<Data, Error>? }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 60
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            if let error { box.result = .failure(error) } else if let http = response as? HTTPURLResponse, http.statusCode != 200 {
                box.result = .failure(SynapseError.invalidArgument("HTTP status \(http.statusCode)"))
            } else { box.result = .success(data ?? Data()) }
            done.signal()
        }
        task.resume()
        done.wait()
        switch box.result! {
        case let .failure(error):
            throw SynapseError.invalidArgument("downloading \(url) failed (\(error)); put the file in \(path) by hand, or pass the folder holding it")
        case let .success(data):
            try checkDownload([UInt8](data), from: url, expected: sha256)
            try FileIO.write(data, to: path)
            let bytes = Gzip.isGzip([UInt8](data.prefix(2))) && !url.hasSuffix(".tar.gz") ? try Gzip.decompress([UInt8](data), path: path) : [UInt8](data)
            try FileIO.write(Data((SHA256.hex(bytes) + "\n").utf8), to: path + ".sha256")
        }
    }

    static func downloadCIFAR10() throws -> String {
        let archive = cacheDirectory + "/cifar-10-binary.tar.gz"
        try downloadFile("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", to: archive, sha256: cifar10ArchiveSHA256)
        let tar = try Gzip.decompress(try readFileBytes(archive), path: archive)
        let folder = cacheDirectory + "/cifar-10-batches-bin"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, range) in try tarEntries(tar, path: archive) where name.hasSuffix(".bin") {
            let target = folder + "/" + (name as NSString).lastPathComponent
            let bytes = Array(tar[range])
            try FileIO.write(Data(bytes), to: target)
            try FileIO.write(Data((SHA256.hex(bytes) + "\n").utf8), to: target + ".sha256")
        }
        return folder
    }

    /// Entries of a ustar archive: 512-byte headers (name at 0, octal size at 124), data padded to 512.
    static func tarEntries(_ tar: [UInt8], path: String) throws -> [(name: String, range: Range<Int>)] {
        var entries: [(String, Range<Int>)] = []
        var offset = 0
        while offset + 512 <= tar.count, tar[offset] != 0 {
            let name = String(decoding: tar[offset..<(offset + 100)].prefix { $0 != 0 }, as: UTF8.self)
            let sizeText = String(decoding: tar[(offset + 124)..<(offset + 136)].prefix { $0 != 0 && $0 != 0x20 }, as: UTF8.self)
            guard let size = Int(sizeText, radix: 8), size >= 0 else {
                throw SynapseError.invalidFile(path: path, location: .byteOffset(offset + 124), reason: "bad tar entry size '\(sizeText)'")
            }
            let start = offset + 512
            guard size <= tar.count - start else {
                throw SynapseError.invalidFile(path: path, location: .byteOffset(tar.count), reason: "tar entry '\(name)' is truncated")
            }
            if tar[offset + 156] == UInt8(ascii: "0") || tar[offset + 156] == 0 { entries.append((name, start..<(start + size))) }
            offset = start + (size + 511) / 512 * 512
        }
        return entries
    }
}
