import Foundation
import SynapseTensor
import Testing
@testable import SynapseImage

/// PNG and JPEG decoding gives Pillow's pixels for every kind of file in the fixtures.
@Suite struct DecodingTests {
    static let pngs = Fixture.references.filter { $0.file.hasSuffix(".png") }.map(\.file)
    static let jpegs = Fixture.references.filter { $0.file.hasSuffix(".jpg") }.map(\.file)

    @Test(arguments: pngs) func pngDecodesToTheSamplesWritten(file: String) throws {
        let reference = Fixture.reference(file)
        let image = try Image(contentsOfFile: Fixture.path(file))
        #expect(image.width == reference.width && image.height == reference.height)
        #expect(image.channels == reference.channels)
        #expect(image.bitDepth == (reference.bitDepth == 16 ? 16 : 8))
        #expect(image.samples == reference.truth)
    }

    @Test(arguments: pngs) func pngAtEightBitsEqualsPillow(file: String) throws {
        let reference = Fixture.reference(file)
        let image = try Image(contentsOfFile: Fixture.path(file), eightBit: true)
        // Pillow keeps 16-bit grey whole and reads 16-bit colour as its high byte.
        let expected = reference.bitDepth == 16 && reference.channels == 1 ? reference.pillow.map { $0 >> 8 } : reference.pillow
        #expect(image.bitDepth == 8)
        #expect(image.samples == expected)
        #expect(try Image(contentsOfFile: Fixture.path(file)).eightBit == image)
    }

    @Test(arguments: jpegs) func jpegEqualsPillow(file: String) throws {
        let reference = Fixture.reference(file)
        let image = try Image(contentsOfFile: Fixture.path(file))
        #expect(image.width == reference.width && image.height == reference.height)
        #expect(image.channels == reference.channels)
        let differences = zip(image.samples, reference.pillow).map { abs(Int($0) - Int($1)) }
        // Pillow links its own libjpeg-turbo (3.x); this is Debian's (2.1): same IDCT, same
        // upsampling, so the pixels agree exactly.
        #expect(differences.max() == 0)
    }

    @Test func exifOrientationsTurnThePictureUpright() throws {
        let upright = try Image(contentsOfFile: Fixture.path("exif_orientation1.jpg"))
        for orientation in 2...8 {
            let image = try Image(contentsOfFile: Fixture.path("exif_orientation\(orientation).jpg"))
            #expect(image.width == (orientation >= 5 ? upright.height : upright.width), "orientation \(orientation)")
            let raw = try Image(contentsOfFile: Fixture.path("exif_orientation\(orientation).jpg"), applyOrientation: false)
            #expect(raw.width == upright.width, "orientation \(orientation) unapplied keeps the stored shape")
        }
    }

    @Test func channelsConvertOnDecoding() throws {
        let grey = try Image(contentsOfFile: Fixture.path("grey8.png"), channels: 3)
        #expect(grey.channels == 3)
        #expect(grey[0, 0, 0] == grey[0, 0, 1] && grey[0, 0, 1] == grey[0, 0, 2])
        let rgba = try Image(contentsOfFile: Fixture.path("rgb8.png"), channels: 4)
        #expect(rgba.channels == 4 && rgba[3, 4, 3] == 255)
        let rgb = try Image(contentsOfFile: Fixture.path("rgba8.png"), channels: 3)
        #expect(rgb.samples.count == rgb.width * rgb.height * 3)
        let jpegGrey = try Image(contentsOfFile: Fixture.path("rgb_baseline.jpg"), channels: 1)
        #expect(jpegGrey.channels == 1)
    }

    @Test(arguments: ["grey8.png", "grey_alpha16.png", "rgb8.png", "rgba16.png", "palette_alpha8.png"])
    func pngWritingRoundTrips(file: String) throws {
        let image = try Image(contentsOfFile: Fixture.path(file))
        #expect(try Image(decoding: try image.pngData()) == image)
    }

    @Test func aTensorBecomesAPictureFile() throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tensor = Tensor(shape: [2, 3], scalars: [0, 127.6, 255, 300, -4, 12])
        let path = folder.appendingPathComponent("t.png").path
        try Image(tensor: tensor).writePNG(to: path)
        let image = try Image(contentsOfFile: path)
        #expect(image.samples == [0, 128, 255, 255, 0, 12])
        #expect(image.tensor.shape == [2, 3, 1])
    }
}

/// Broken files end in an error that names the file, never in a crash.
@Suite struct BadImageTests {
    func reason(_ bytes: [UInt8], path: String = "bad.img") -> String? {
        do {
            _ = try Image(decoding: bytes, path: path)
            return nil
        } catch let SynapseError.invalidFile(file, _, reason) {
            #expect(file == path)
            return reason
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }

    /// A JPEG cut anywhere is an error; a PNG cut anywhere before its last chunk (IEND, which
    /// holds nothing) is one, and one missing only its IEND decodes, as Pillow decodes it.
    @Test(arguments: ["rgb8.png", "rgb8_interlaced.png", "grey16.png", "rgb_baseline.jpg", "rgb_progressive.jpg", "grey_baseline.jpg"])
    func everyTruncationIsAnError(file: String) throws {
        let bytes = try Fixture.bytes(file)
        let end = file.hasSuffix(".png") ? bytes.count - 12 : bytes.count
        var lengths = Set(stride(from: 0, to: end, by: max(1, end / 60)))
        lengths.insert(end - 1)
        for length in lengths.sorted() {
            let why = reason(Array(bytes.prefix(length)))
            #expect(why != nil, "\(file) cut to \(length) bytes decoded")
        }
        if file.hasSuffix(".png") {
            #expect(try Image(decoding: Array(bytes.prefix(end))) == Image(decoding: bytes))
        }
    }

    @Test func aTruncatedJPEGSaysSo() throws {
        let bytes = try Fixture.bytes("rgb_baseline.jpg")
        #expect(reason(Array(bytes.prefix(bytes.count * 2 / 3)))?.contains("truncated") == true)
    }

    @Test func aCorruptPNGChecksumIsAnError() throws {
        var bytes = try Fixture.bytes("rgb8.png")
        bytes[40] ^= 0xFF  // inside IDAT, so its CRC no longer matches
        #expect(reason(bytes) != nil)
    }

    @Test func otherFilesAreNamedForWhatTheyAreNot() {
        #expect(reason([]) == "not a PNG or JPEG file (its first bytes are no image signature)")
        #expect(reason(Array("hello".utf8)) == "not a PNG or JPEG file (its first bytes are no image signature)")
        #expect(reason(Array("GIF89a....".utf8)) == "GIF images are not supported; Synapse decodes PNG and JPEG")
    }

    @Test func aHugeHeaderIsRefusedBeforeAllocating() throws {
        var bytes = try Fixture.bytes("rgb8.png")
        // IHDR's width and height (bytes 16..<24) to 60,000 × 60,000, with its CRC redone.
        let size: [UInt8] = [0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60]
        bytes.replaceSubrange(16..<24, with: size)
        let crc = crc32(Array(bytes[12..<29]))
        bytes.replaceSubrange(29..<33, with: [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)])
        #expect(reason(bytes)?.contains("60000x60000") == true)
    }

    /// The jpeg fuzz target's find: 218 bytes of progressive JPEG declaring 1791 × 55551 grey
    /// pixels took 12 s and 1.5 GB to decode (under AddressSanitizer); it is refused at its header.
    @Test func aDecompressionBombIsRefusedAtItsHeader() {
        let bomb: [UInt8] = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
            0xFF, 0xE1, 0x00, 0x22, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00, 0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01,
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xDB, 0x00, 0x43,
            0x00, 0x02, 0x01, 0x01, 0x01, 0x01, 0x02, 0x02, 0x02, 0x02, 0x02, 0x04, 0x03, 0x02, 0x02, 0x02, 0x02, 0x05, 0x04, 0x04,
            0x03, 0x04, 0x06, 0x05, 0x0A, 0x0A, 0x0A, 0xFF, 0xDB, 0x03, 0x02, 0x02, 0x03, 0x02, 0x02, 0x03, 0x03, 0x03, 0x03, 0x04,
            0x03, 0x03, 0x04, 0x05, 0x08, 0x05, 0xFF, 0x04, 0x04, 0x05, 0x0A, 0x07, 0x07, 0x06, 0x08, 0x0C, 0x0A, 0x0C, 0x0C, 0x0B,
            0x0A, 0x0B, 0x0B, 0x0E, 0x15, 0x15, 0x0C, 0x0F, 0x17, 0x18, 0x16, 0x14, 0x18, 0x12, 0x14, 0x15, 0x14, 0xFF, 0xC2, 0x00,
            0x0B, 0x08, 0x06, 0xFF, 0xD8, 0xFF, 0x01, 0x01, 0x11, 0x00, 0xFF, 0xC4, 0x00, 0x17, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x01, 0x04, 0x06, 0xFF, 0xDA, 0x00, 0x08, 0x01,
            0x01, 0x00, 0x00, 0x00, 0x01, 0xCD, 0xDF, 0x5A, 0x11, 0x5F, 0x1B, 0xCC, 0x50, 0x85, 0xDD, 0x8E, 0x99, 0x0A, 0x0C, 0x0C,
            0x0B, 0xFD, 0xF7, 0xE2, 0x7F, 0x78, 0xF0, 0x9F, 0x8D, 0x7F, 0xF0, 0x8F, 0x0F, 0xDE, 0xFE, 0x08, 0xFF, 0xD9,
        ]
        #expect(reason(bomb)?.contains("declares 55551x1791 pixels in a file of 218 bytes") == true, "\(reason(bomb) ?? "decoded")")
    }

    @Test func theErrorNamesTheFile() {
        #expect(throws: SynapseError.invalidFile(path: "/no/such/cat.png", location: nil, reason: "no such file")) {
            try Image(contentsOfFile: "/no/such/cat.png")
        }
    }

    func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
