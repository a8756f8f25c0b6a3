// An image as decoded from a file: `height` rows of `width` pixels of `channels` samples
// (1 grey, 2 grey + alpha, 3 RGB, 4 RGBA), row-major (HWC, Keras's channels-last), each sample
// 8 or 16 bits wide. PNG and JPEG decoding are libpng's and libjpeg-turbo's (Codecs.swift);
// resizing is TensorFlow's bilinear resize (Resize.swift).
import Foundation
import SynapseTensor

/// A decoded picture: rows of pixels, channels last.
public struct Image: Equatable, Sendable {
    /// Pixels per row.
    public var width: Int
    /// Rows.
    public var height: Int
    /// Samples per pixel: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA.
    public var channels: Int
    /// 8 (samples 0...255) or 16 (samples 0...65535).
    public var bitDepth: Int
    /// `height × width × channels` samples, row by row, the channels of a pixel together.
    public var samples: [UInt16]

    /// An image from its samples. Throws when the count is not `height × width × channels`, the
    /// channels are not 1...4, the depth not 8 or 16, or a sample is above the depth's maximum.
    public init(width: Int, height: Int, channels: Int, bitDepth: Int = 8, samples: [UInt16]) throws {
        guard width > 0, height > 0, (1...4).contains(channels), bitDepth == 8 || bitDepth == 16 else {
            throw SynapseError.invalidArgument("an image needs a positive width and height, 1 to 4 channels and 8 or 16 bits; got \(width)x\(height), \(channels) channels, \(bitDepth) bits")
        }
        guard samples.count == width * height * channels else {
            throw SynapseError.invalidArgument("a \(width)x\(height) image of \(channels) channels has \(width * height * channels) samples, not \(samples.count)")
        }
        if bitDepth == 8, let high = samples.first(where: { $0 > 255 }) {
            throw SynapseError.invalidArgument("sample \(high) is above 255, the largest 8-bit value")
        }
        self.init(unchecked: width, height: height, channels: channels, bitDepth: bitDepth, samples: samples)
    }

    init(unchecked width: Int, height: Int, channels: Int, bitDepth: Int, samples: [UInt16]) {
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.samples = samples
    }

    /// An 8-bit image from a tensor [height, width, channels] or [height, width] (grey) of values
    /// 0...255 (a model's input as Keras holds it), rounded and clamped to 0...255.
    public init(tensor: Tensor) throws {
        let shape = tensor.shape
        guard shape.count == 2 || (shape.count == 3 && (1...4).contains(shape[2])) else {
            throw SynapseError.shapeMismatch("an image tensor is [height, width] or [height, width, 1...4], not \(shape)")
        }
        let samples = tensor.scalars.map { UInt16(max(0, min(255, $0.isNaN ? 0 : $0.rounded()))) }
        try self.init(width: shape[1], height: shape[0], channels: shape.count == 2 ? 1 : shape[2], samples: samples)
    }

    /// The samples as a tensor [height, width, channels] of floats, values as stored (0...255, or
    /// 0...65535 for 16 bits).
    public var tensor: Tensor {
        Tensor(shape: [height, width, channels], scalars: samples.map { Float($0) })
    }

    /// Sample `channel` of the pixel at row `y`, column `x`.
    public subscript(y: Int, x: Int, channel: Int) -> UInt16 {
        samples[(y * width + x) * channels + channel]
    }

    /// The image with 16-bit samples reduced to their high byte (as libpng's strip_16 and
    /// TensorFlow's 8-bit decoding do); an 8-bit image unchanged.
    public var eightBit: Image {
        guard bitDepth == 16 else { return self }
        return Image(unchecked: width, height: height, channels: channels, bitDepth: 8, samples: samples.map { $0 >> 8 })
    }
}

extension Image {
    /// This RGB image with a fourth, opaque alpha channel.
    public func addingOpaqueAlpha() -> Image {
        let opaque: UInt16 = bitDepth == 16 ? 65535 : 255
        var out = [UInt16](repeating: opaque, count: width * height * 4)
        for p in 0..<(width * height) {
            for c in 0..<3 { out[p * 4 + c] = samples[p * 3 + c] }
        }
        return Image(unchecked: width, height: height, channels: 4, bitDepth: bitDepth, samples: out)
    }
}

/// The file formats Synapse reads, told apart by their first bytes.
public enum ImageFormat: String, Sendable, CaseIterable {
    case png, jpeg, gif, bmp

    /// The format whose signature starts `bytes`, or nil.
    public init?(signature bytes: [UInt8]) {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { self = .png }
        else if starts([0xFF, 0xD8, 0xFF]) { self = .jpeg }
        else if starts(Array("GIF8".utf8)) { self = .gif }
        else if starts(Array("BM".utf8)) { self = .bmp }
        else { return nil }
    }

    /// The file extensions Keras's image_dataset_from_directory takes (lower case, no dot).
    public static let kerasExtensions: Set<String> = ["bmp", "gif", "jpeg", "jpg", "png"]
}
