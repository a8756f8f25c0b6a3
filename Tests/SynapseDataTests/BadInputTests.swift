import Foundation
import Testing
@testable import SynapseData

/// Hostile files and arguments end in a SynapseError that says where, never in a trap.
@Suite struct BadInputTests {
    /// A version 1.0 .npy file with this header text (padded as NumPy pads it) and body.
    func npy(_ header: String, body: [UInt8] = []) -> [UInt8] {
        var text = header
        while (10 + text.utf8.count + 1) % 64 != 0 { text += " " }
        text += "\n"
        let n = text.utf8.count
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(n & 0xFF), UInt8(n >> 8)] + Array(text.utf8) + body
    }

    func npyError(_ bytes: [UInt8]) -> SynapseError? {
        #expect(throws: SynapseError.self) { try NumPy.decode(bytes, path: "x.npy") }
    }

    @Test func npyEmptyDescrIsAnErrorAtTheHeader() {
        let error = npyError(npy("{'descr': '', 'fortran_order': False, 'shape': (2,), }"))
        #expect(error == .invalidFile(path: "x.npy", location: .byteOffset(10),
                                      reason: "the data type '' is not supported (bool, integers, float16/32/64)"))
    }

    @Test func npyNegativeDimensionIsAnError() {
        let error = npyError(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3), }"))
        guard case let .invalidFile(path, location, reason)? = error else { return }
        #expect(path == "x.npy")
        #expect(location == .byteOffset(10))
        #expect(reason.contains("'-2'"))
    }

    @Test func npyNonNumericDimensionIsAnError() {
        let error = npyError(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }"))
        #expect(error?.description.contains("'x'") == true)
    }

    @Test func npyShapeWhoseProductOverflowsIsAnError() {
        let huge = "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }"
        let error = npyError(npy(huge))
        #expect(error?.description.contains("more elements than can be addressed") == true)
        // The element count fits, the byte count (× 8) does not.
        let bytes = "{'descr': '<f8', 'fortran_order': False, 'shape': (\(Int.max / 4),), }"
        #expect(npyError(npy(bytes))?.description.contains("more bytes than can be addressed") == true)
    }

    @Test func npyEmptyShapeDimensionLoadsAsEmpty() throws {
        let t = try NumPy.decode(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }"), path: "x.npy")
        #expect(t.shape == [0, 3])
    }

    /// One ustar header with this size field, then `body`.
    func tar(sizeField: String, body: [UInt8]) -> [UInt8] {
        var tar = [UInt8](repeating: 0, count: 512)
        let name = Array("data_batch_1.bin".utf8)
        tar.replaceSubrange(0..<name.count, with: name)
        let size = Array(sizeField.utf8)
        tar.replaceSubrange(124..<(124 + size.count), with: size)
        tar[156] = UInt8(ascii: "0")
        return tar + body
    }

    @Test func tarNegativeEntrySizeIsAnError() {
        #expect(throws: SynapseError.invalidFile(path: "x.tar", location: .byteOffset(124), reason: "bad tar entry size '-1000'")) {
            try Datasets.tarEntries(tar(sizeField: "-1000", body: Array(repeating: 0, count: 1536)), path: "x.tar")
        }
    }

    @Test func tarHugeEntrySizeIsTruncatedNotAnOverflow() {
        let error = #expect(throws: SynapseError.self) {
            try Datasets.tarEntries(tar(sizeField: "77777777777", body: Array(repeating: 0, count: 1536)), path: "x.tar")
        }
        #expect(error?.description.contains("x.tar") == true)
    }
}
