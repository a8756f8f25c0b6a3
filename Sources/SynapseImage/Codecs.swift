// Decoding and encoding through the C shims of CSynapseImage, which turn libpng's and
// libjpeg-turbo's longjmp errors into return values: a bad file is a thrown SynapseError that
// names it, never a crash. The EXIF orientation of a JPEG is applied as Pillow's
// ImageOps.exif_transpose applies it (TensorFlow's decoders ignore it).
import CSynapseImage
import Foundation
import SynapseTensor

extension Image {
    /// The most memory a decoded image may take (512 MiB: 16,384 × 8,192 RGBA pixels); a
    /// header claiming more is refused before anything is allocated.
    public static let maximumDecodedBytes = 512 << 20

    /// Reads and decodes the PNG or JPEG file at `path`.
    ///
    /// - Parameters:
    ///   - channels: nil keeps the channels stored; 1, 2, 3 or 4 converts (JPEG: 1 or 3).
    ///   - eightBit: reduce 16-bit PNG samples to their high byte, as TensorFlow does.
    ///   - applyOrientation: turn a JPEG upright from its EXIF orientation.
    ///   - fastIDCT: decode JPEGs with libjpeg's fast integer IDCT, as TensorFlow (and so Keras's
    ///     image_dataset_from_directory) does; the default, the accurate IDCT, gives Pillow's pixels.
    /// - Throws: `SynapseError.invalidFile` naming the file when it cannot be read, is not a PNG
    ///   or JPEG, or is corrupt or truncated.
    public init(contentsOfFile path: String, channels: Int? = nil, eightBit: Bool = false, applyOrientation: Bool = true,
                fastIDCT: Bool = false) throws {
        let bytes = try Image.readFile(path)
        try self.init(decoding: bytes, path: path, channels: channels, eightBit: eightBit, applyOrientation: applyOrientation,
                      fastIDCT: fastIDCT)
    }

    /// The bytes of the file at `path`, read with read(2): pictures are small, and mapping each
    /// one (FileIO.read) cost more in page-table work across cores than copying it — a third of
    /// the time of loading 10,000 JPEGs. Falls back to FileIO.read, and its errors, for anything
    /// that is not a regular file that opens.
    public static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return [UInt8](try FileIO.read(path)) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return [UInt8](try FileIO.read(path)) }
        let size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + done, size - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            done += n
        }
        return done < size ? Array(bytes.prefix(done)) : bytes
    }

    /// Decodes a PNG or JPEG held in memory; `path` names it in errors. An image whose decoded
    /// samples would take more than `maximumBytes` is refused at its header.
    public init(decoding bytes: [UInt8], path: String = "<memory>", channels: Int? = nil, eightBit: Bool = false,
                applyOrientation: Bool = true, fastIDCT: Bool = false, maximumBytes: Int = Image.maximumDecodedBytes) throws {
        switch ImageFormat(signature: bytes) {
        case .png?:
            self = try Image.decode(bytes, path: path) { data, count, out in
                synapse_png_decode(data, count, Int32(channels ?? 0), eightBit ? 1 : 0, maximumBytes, out)
            }.image
        case .jpeg?:
            let image = try Image.decode(bytes, path: path) { data, count, out in
                synapse_jpeg_decode(data, count, Int32(channels ?? 0), fastIDCT ? 1 : 0, maximumBytes, out)
            }
            self = applyOrientation ? image.image.oriented(exif: image.orientation) : image.image
            return
        case let format?:
            throw SynapseError.invalidFile(path: path, location: nil, reason: "\(format.rawValue.uppercased()) images are not supported; Synapse decodes PNG and JPEG")
        case nil:
            throw SynapseError.invalidFile(path: path, location: nil, reason: "not a PNG or JPEG file (its first bytes are no image signature)")
        }
    }

    private static func decode(
        _ bytes: [UInt8], path: String,
        _ call: (UnsafePointer<UInt8>, Int, UnsafeMutablePointer<SynapseDecodedImage>) -> Int32
    ) throws -> (image: Image, orientation: Int) {
        var out = SynapseDecodedImage()
        let ok = bytes.withUnsafeBufferPointer { call($0.baseAddress!, $0.count, &out) }
        guard ok == 1, let pixels = out.pixels else {
            let reason = withUnsafeBytes(of: out.error) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
            throw SynapseError.invalidFile(path: path, location: nil, reason: "cannot decode the image: \(reason)")
        }
        defer { synapse_image_free(pixels) }
        let count = Int(out.width) * Int(out.height) * Int(out.channels)
        let samples: [UInt16]
        if out.bit_depth == 16 {
            samples = Array(UnsafeBufferPointer(start: pixels.assumingMemoryBound(to: UInt16.self), count: count))
        } else {
            let bytes = UnsafeBufferPointer(start: pixels.assumingMemoryBound(to: UInt8.self), count: count)
            samples = [UInt16](unsafeUninitializedCapacity: count) { buffer, initialised in
                for i in 0..<count { buffer[i] = UInt16(bytes[i]) }
                initialised = count
            }
        }
        let image = Image(unchecked: Int(out.width), height: Int(out.height), channels: Int(out.channels), bitDepth: Int(out.bit_depth), samples: samples)
        return (image, Int(out.orientation))
    }

    /// The image encoded as a PNG file's bytes (8 or 16 bits as the image, not interlaced).
    public func pngData() throws -> [UInt8] {
        var png: UnsafeMutablePointer<UInt8>?
        var size = 0
        var error = [CChar](repeating: 0, count: Int(SYNAPSE_IMAGE_ERROR_LENGTH))
        let ok: Int32
        if bitDepth == 16 {
            ok = samples.withUnsafeBufferPointer { synapse_png_encode($0.baseAddress, Int32(width), Int32(height), Int32(channels), 16, &png, &size, &error) }
        } else {
            let bytes = samples.map { UInt8(truncatingIfNeeded: $0) }
            ok = bytes.withUnsafeBufferPointer { synapse_png_encode($0.baseAddress, Int32(width), Int32(height), Int32(channels), 8, &png, &size, &error) }
        }
        guard ok == 1, let png else {
            throw SynapseError.invalidArgument("cannot encode the image as PNG: \(String(cString: error))")
        }
        defer { synapse_image_free(png) }
        return Array(UnsafeBufferPointer(start: png, count: size))
    }

    /// Writes the image as a PNG file at `path`.
    public func writePNG(to path: String) throws {
        try FileIO.write(Data(try pngData()), to: path)
    }

    /// The image turned upright from an EXIF orientation (1...8): 2 mirrors, 3 turns 180°,
    /// 4 flips, 5 transposes, 6 turns 90° clockwise, 7 transverses, 8 turns 90° anticlockwise.
    public func oriented(exif orientation: Int) -> Image {
        guard (2...8).contains(orientation) else { return self }
        let swaps = orientation >= 5
        let (w, h) = swaps ? (height, width) : (width, height)
        var out = [UInt16](repeating: 0, count: samples.count)
        for y in 0..<h {
            for x in 0..<w {
                // (sy, sx): the source pixel that lands at (y, x).
                let (sy, sx): (Int, Int)
                switch orientation {
                case 2: (sy, sx) = (y, width - 1 - x)
                case 3: (sy, sx) = (height - 1 - y, width - 1 - x)
                case 4: (sy, sx) = (height - 1 - y, x)
                case 5: (sy, sx) = (x, y)
                case 6: (sy, sx) = (height - 1 - x, y)
                case 7: (sy, sx) = (height - 1 - x, width - 1 - y)
                default: (sy, sx) = (x, width - 1 - y)
                }
                let source = (sy * width + sx) * channels, target = (y * w + x) * channels
                for c in 0..<channels { out[target + c] = samples[source + c] }
            }
        }
        return Image(unchecked: w, height: h, channels: channels, bitDepth: bitDepth, samples: out)
    }
}
