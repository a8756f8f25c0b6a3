import Foundation
import Testing
@testable import SynapseData

/// Loaders on small files the tests write in each format, and their errors with byte offsets.
@Suite struct DatasetLoaderTests {
    func idxBytes(type: UInt8 = 0x08, shape: [Int], body: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(shape.count)]
        for s in shape { bytes += [0, 0, UInt8(s >> 8), UInt8(s & 0xFF)] }
        return bytes + body
    }

    func write(_ bytes: [UInt8], _ name: String, in dir: URL) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes `path.gz` beside `path`.
    func gzip(_ path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        try Data(try Gzip.compress(bytes)).write(to: URL(fileURLWithPath: path + ".gz"))
    }

    @Test func idxRawAndGzip() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try write(idxBytes(shape: [2, 2, 3], body: Array(0..<12)), "images-idx3-ubyte", in: dir)
        let raw = try IDX.read(path)
        #expect(raw.shape == [2, 2, 3])
        #expect(raw.scalars == (0..<12).map(Float.init))
        try gzip(path)
        #expect(try IDX.read(path + ".gz").scalars == raw.scalars)
        let written = dir.appendingPathComponent("w.idx.gz").path
        try IDX.writeUInt8(raw, to: written, gzip: true)
        #expect(try IDX.read(written).shape == [2, 2, 3])
        let floats = try write(idxBytes(type: 0x0D, shape: [1], body: [0x3F, 0xC0, 0, 0]), "f.idx", in: dir)
        #expect(try IDX.read(floats).scalars == [1.5])
    }

    @Test func idxWrongMagicNamesOffsetZero() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try write([0x1F, 0x00, 0x08, 0x01, 0, 0, 0, 1, 7], "bad-magic", in: dir)
        #expect(throws: SynapseError.invalidFile(path: path, location: .byteOffset(0),
                                                 reason: "wrong magic number 0x1F000801: an IDX file starts with two zero bytes, a type and a dimension count")) {
            try IDX.read(path)
        }
        let badType = try write([0, 0, 0x07, 1, 0, 0, 0, 1, 7], "bad-type", in: dir)
        #expect(throws: SynapseError.invalidFile(path: badType, location: .byteOffset(2), reason: "unknown IDX data type 0x07")) { try IDX.read(badType) }
    }

    @Test func idxTruncatedBodyNamesWhereItEnds() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try write(idxBytes(shape: [3, 4], body: Array(repeating: 1, count: 10)), "short", in: dir)
        let error = #expect(throws: SynapseError.self) { try IDX.read(path) }
        guard case let .invalidFile(p, location, reason)? = error else { return }
        #expect(p == path)
        #expect(location == .byteOffset(12 + 10))
        #expect(reason.contains("promises 12 bytes of data after byte 12, found 10"))
        try gzip(path)
        let gzError = #expect(throws: SynapseError.self) { try IDX.read(path + ".gz") }
        #expect(gzError?.description.contains("decompressed") == true)
    }

    @Test func cifarRecordsBecomeNHWC() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var bytes = [UInt8]()
        for label in [3, 7] as [UInt8] {
            bytes.append(label)
            for plane in 0..<3 { bytes += Array(repeating: UInt8(plane * 10 + Int(label)), count: 1024) }
        }
        bytes[1 + 5] = 200  // red value of pixel (0, 5) in the first image
        let path = try write(bytes, "data_batch_1.bin", in: dir)
        let (images, labels) = try CIFAR10.readBatch(path)
        #expect(images.shape == [2, 32, 32, 3])
        #expect(labels.scalars == [3, 7])
        #expect(Array(images.scalars[0..<3]) == [3, 13, 23])
        #expect(images.scalars[5 * 3] == 200)
        #expect(Array(images.scalars[3072..<3075]) == [7, 17, 27])
    }

    @Test func cifarSizeNotMultipleOfRecord() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try write(Array(repeating: 1, count: 3073 + 100), "broken.bin", in: dir)
        #expect(throws: SynapseError.invalidFile(
            path: path, location: .byteOffset(3073),
            reason: "the size 3173 is not a multiple of the 3073-byte record: the record starting here has only 100 bytes")) {
            try CIFAR10.readBatch(path)
        }
        let badLabel = try write([12] + Array(repeating: 0, count: 3072), "label.bin", in: dir)
        #expect(throws: SynapseError.self) { try CIFAR10.readBatch(badLabel) }
    }

    @Test func numpyFilesWrittenByNumPy() throws {
        for name in ["numpy_small.npz", "numpy_small_compressed.npz"] {
            let arrays = try NumPy.loadArchive(Fixture.path(name))
            #expect(Set(arrays.keys) == ["x", "y", "z"])
            #expect(arrays["x"]?.shape == [2, 3])
            #expect(arrays["x"]?.scalars == [0, 0.25, 0.5, 0.75, 1, 1.25])
            #expect(arrays["y"]?.scalars == [3, 0, 255])
            #expect(arrays["z"]?.scalars == [-2, -1, 0, 1, 2, 3])  // Fortran order read back row-major
        }
        let big = try NumPy.load(Fixture.path("numpy_big_endian.npy"))
        #expect(big.shape == [2, 2])
        #expect(big.scalars == [1.5, -2, 3.25, 1e10])
        #expect(try NumPy.load(Fixture.path("numpy_fortran.npy")).scalars == [-2, -1, 0, 1, 2, 3])
    }

    @Test func numpyRoundTripAndErrors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4.5])
        let npy = dir.appendingPathComponent("t.npy").path
        try NumPy.save(t, to: npy)
        #expect(try NumPy.load(npy).scalars == t.scalars)
        let npz = dir.appendingPathComponent("t.npz").path
        try NumPy.saveArchive(["a": t, "b": Tensor(shape: [1], scalars: [7])], to: npz, compressed: true)
        #expect(try NumPy.loadArchive(npz)["a"]?.shape == [2, 2])
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: npy)))
        bytes.removeLast(3)
        let cut = try write(bytes, "cut.npy", in: dir)
        #expect(throws: SynapseError.self) { try NumPy.load(cut) }
        let notNpy = try write(Array("hello, world".utf8), "x.npy", in: dir)
        #expect(throws: SynapseError.invalidFile(path: notNpy, location: .byteOffset(0), reason: "wrong magic number: a .npy file starts with \\x93NUMPY")) {
            try NumPy.load(notNpy)
        }
        #expect(throws: SynapseError.self) { try NumPy.loadArchive(notNpy) }
    }

    @Test func sha256TestVectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func mnistFromAFolderAndChecksum() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("fashion-mnist")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let files = ["train-images-idx3-ubyte": idxBytes(shape: [2, 2, 2], body: Array(0..<8)),
                     "train-labels-idx1-ubyte": idxBytes(shape: [2], body: [1, 9]),
                     "t10k-images-idx3-ubyte": idxBytes(shape: [1, 2, 2], body: [5, 5, 5, 5]),
                     "t10k-labels-idx1-ubyte": idxBytes(shape: [1], body: [4])]
        for (name, bytes) in files { _ = try write(bytes, name, in: folder) }
        let data = try Datasets.fashionMNIST(directory: dir.path, download: false)
        #expect(data.train.x.shape == [2, 2, 2])
        #expect(data.train.y.scalars == [1, 9])
        #expect(data.test.y.scalars == [4])
        // A recorded digest that does not match is an error naming the file.
        try Data("0000\n".utf8).write(to: folder.appendingPathComponent("t10k-labels-idx1-ubyte.sha256"))
        #expect(throws: SynapseError.self) { try Datasets.fashionMNIST(directory: dir.path, download: false) }
        // Pinned MNIST digests reject files that are not the real MNIST.
        try FileManager.default.moveItem(at: folder, to: dir.appendingPathComponent("mnist"))
        let error = #expect(throws: SynapseError.self) { try Datasets.mnist(directory: dir.path, download: false) }
        #expect(error?.description.contains("SHA-256") == true)
    }

    @Test func downloadsAreCheckedAgainstThePublishedDigests() throws {
        // SHA-256("abc") is FIPS 180-2's first example.
        let abc = Array("abc".utf8)
        try Datasets.checkDownload(abc, from: "https://example.org/abc", expected: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let error = #expect(throws: SynapseError.self) {
            try Datasets.checkDownload(abc, from: "https://example.org/abc", expected: String(repeating: "0", count: 64))
        }
        #expect(error?.description.contains("https://example.org/abc gave 3 bytes with SHA-256 ba7816bf") == true)
        #expect(error?.description.contains("nothing was kept") == true)
        // Every file of every downloadable set has a published digest: 64 hex digits.
        for set in [Datasets.IDXSet.mnist, .fashionMNIST] {
            #expect(Set(set.archiveSHA256.keys) == Set(set.files), "\(set.title)")
        }
        let digests = Array(Datasets.IDXSet.mnist.archiveSHA256.values) + Array(Datasets.IDXSet.fashionMNIST.archiveSHA256.values) + [Datasets.cifar10ArchiveSHA256]
        for digest in digests {
            #expect(digest.count == 64 && digest.allSatisfy { $0.isHexDigit })
        }
    }

    @Test func missingDatasetWithoutDownloadIsAClearError() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let error = #expect(throws: SynapseError.self) { try Datasets.cifar10(directory: dir.path, download: false) }
        #expect(error?.description.contains("CIFAR-10 not found") == true)
    }

    @Test func tarEntriesAreFound() throws {
        var tar = [UInt8](repeating: 0, count: 512)
        let name = Array("cifar-10-batches-bin/test_batch.bin".utf8)
        tar.replaceSubrange(0..<name.count, with: name)
        let size = Array(String(5, radix: 8).utf8)
        tar.replaceSubrange(124..<(124 + size.count), with: size)
        tar[156] = UInt8(ascii: "0")
        tar += [1, 2, 3, 4, 5] + Array(repeating: 0, count: 507) + Array(repeating: 0, count: 1024)
        let entries = try Datasets.tarEntries(tar, path: "x.tar")
        #expect(entries.count == 1)
        #expect(entries.first?.name == "cifar-10-batches-bin/test_batch.bin")
        #expect(entries.first.map { Array(tar[$0.range]) } == [1, 2, 3, 4, 5])
    }
}

/// The MNIST sample that ships inside Synapse decodes to MNIST's first images.
@Suite struct MNISTSampleTests {
    @Test func sampleHasMNISTShapesAndLabels() throws {
        let sample = try MNISTSample.load()
        #expect(sample.train.x.shape == [2_000, 28, 28] && sample.train.y.shape == [2_000])
        #expect(sample.test.x.shape == [500, 28, 28] && sample.test.y.shape == [500])
        // MNIST's first training labels are 5, 0, 4, 1, 9; its first test labels 7, 2, 1, 0, 4.
        #expect(Array(sample.train.y.scalars.prefix(5)) == [5, 0, 4, 1, 9])
        #expect(Array(sample.test.y.scalars.prefix(5)) == [7, 2, 1, 0, 4])
        #expect(sample.train.x.max().scalar == 255 && sample.train.x.min().scalar == 0)
    }
}

@Suite struct NPZPairingTests {
    /// An mnist.npz whose images and labels do not pair up is refused, naming the arrays.
    @Test func imagesAndLabelsMustPairUp() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("npz-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try NumPy.saveArchive(["x_train": Tensor.zeros([3, 28, 28]), "y_train": Tensor.zeros([5]),
                               "x_test": Tensor.zeros([2, 28, 28]), "y_test": Tensor.zeros([2])], to: folder + "/mnist.npz")
        do {
            _ = try Datasets.mnist(directory: folder, download: false)
            Issue.record("a mismatched mnist.npz was accepted")
        } catch let error as SynapseError {
            #expect("\(error)".contains("x_train has shape [3, 28, 28] but y_train has [5]"), "\(error)")
        }
    }
}
