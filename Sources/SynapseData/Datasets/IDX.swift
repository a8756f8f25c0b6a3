// The IDX format of MNIST and Fashion-MNIST (yann.lecun.com/exdb/mnist): a 4-byte magic number
// 0x00 0x00 <type> <dims>, then <dims> big-endian UInt32 sizes, then the values, big-endian,
// row-major. Types: 0x08 UInt8, 0x09 Int8, 0x0B Int16, 0x0C Int32, 0x0D Float32, 0x0E Float64.
// Files may be gzipped (detected by the gzip magic number); offsets in errors then count bytes
// of the decompressed data.
import Foundation

/// Reader of IDX files.
public enum IDX {
    /// The values of an IDX file (raw or gzip) as a Float tensor of the file's shape.
    /// Throws for a wrong magic number, an unknown type, or a body shorter or longer than the
    /// header promises, naming the file and the byte offset.
    public static func read(_ path: String) throws -> Tensor {
        let (bytes, gzipped) = try readMaybeGzip(path)
        return try decode(bytes, path: path, gzipped: gzipped)
    }

    static func decode(_ bytes: [UInt8], path: String, gzipped: Bool) throws -> Tensor {
        let note = gzipped ? " (offsets count decompressed bytes)" : ""
        func fail(_ offset: Int, _ reason: String) -> SynapseError {
            .invalidFile(path: path, location: .byteOffset(offset), reason: reason + note)
        }
        guard bytes.count >= 4 else { throw fail(bytes.count, "the file ends inside the 4-byte IDX magic number") }
        guard bytes[0] == 0, bytes[1] == 0 else {
            let magic = bytes[0..<4].reduce(0) { $0 << 8 | UInt32($1) }
            throw fail(0, String(format: "wrong magic number 0x%08X: an IDX file starts with two zero bytes, a type and a dimension count", magic))
        }
        let sizes: [UInt8: Int] = [0x08: 1, 0x09: 1, 0x0B: 2, 0x0C: 4, 0x0D: 4, 0x0E: 8]
        guard let elementSize = sizes[bytes[2]] else { throw fail(2, String(format: "unknown IDX data type 0x%02X", bytes[2])) }
        let dims = Int(bytes[3])
        guard dims >= 1 else { throw fail(3, "an IDX file needs at least one dimension") }
        let headerSize = 4 + 4 * dims
        guard bytes.count >= headerSize else { throw fail(bytes.count, "the file ends inside the header of \(dims) dimension sizes") }
        var shape = [Int]()
        for d in 0..<dims {
            let o = 4 + 4 * d
            shape.append(Int(bytes[o]) << 24 | Int(bytes[o + 1]) << 16 | Int(bytes[o + 2]) << 8 | Int(bytes[o + 3]))
        }
        let (count, overflow) = shape.reduce((1, false)) { acc, s in
            let (p, o) = acc.0.multipliedReportingOverflow(by: s)
            return (p, acc.1 || o)
        }
        let expected = count.multipliedReportingOverflow(by: elementSize)
        guard !overflow, !expected.overflow else { throw fail(4, "the dimension sizes \(shape) are too large") }
        let body = bytes.count - headerSize
        guard body >= expected.partialValue else {
            throw fail(bytes.count, "truncated: the header (shape \(shape)) promises \(expected.partialValue) bytes of data after byte \(headerSize), found \(body)")
        }
        guard body == expected.partialValue else {
            throw fail(headerSize + expected.partialValue, "\(body - expected.partialValue) unexpected bytes after the data of shape \(shape)")
        }
        let scalars = [Float](unsafeUninitializedCapacity: count) { out, initialized in
            bytes.withUnsafeBufferPointer { raw in
                let p = raw.baseAddress! + headerSize
                switch bytes[2] {
                case 0x08: for i in 0..<count { out[i] = Float(p[i]) }
                case 0x09: for i in 0..<count { out[i] = Float(Int8(bitPattern: p[i])) }
                case 0x0B: for i in 0..<count { out[i] = Float(Int16(bitPattern: UInt16(p[2 * i]) << 8 | UInt16(p[2 * i + 1]))) }
                case 0x0C: for i in 0..<count { out[i] = Float(Int32(bitPattern: bigEndian32(p + 4 * i))) }
                case 0x0D: for i in 0..<count { out[i] = Float(bitPattern: bigEndian32(p + 4 * i)) }
                default:
                    for i in 0..<count {
                        let hi = UInt64(bigEndian32(p + 8 * i)), lo = UInt64(bigEndian32(p + 8 * i + 4))
                        out[i] = Float(Double(bitPattern: hi << 32 | lo))
                    }
                }
            }
            initialized = count
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// Writes a tensor as an IDX file of unsigned bytes (values 0...255), gzipped when `gzip`
    /// — for tests and small data sets. Written atomically.
    public static func writeUInt8(_ tensor: Tensor, to path: String, gzip: Bool = false) throws {
        var bytes: [UInt8] = [0, 0, 0x08, UInt8(tensor.shape.count)]
        for s in tensor.shape { bytes += [UInt8(s >> 24 & 0xFF), UInt8(s >> 16 & 0xFF), UInt8(s >> 8 & 0xFF), UInt8(s & 0xFF)] }
        for v in tensor.scalars {
            guard v >= 0, v <= 255, v.rounded() == v else { throw SynapseError.invalidArgument("\(v) is not a byte value") }
            bytes.append(UInt8(v))
        }
        try FileIO.write(Data(gzip ? try Gzip.compress(bytes) : bytes), to: path)
    }
}

@inline(__always) func bigEndian32(_ p: UnsafePointer<UInt8>) -> UInt32 {
    UInt32(p[0]) << 24 | UInt32(p[1]) << 16 | UInt32(p[2]) << 8 | UInt32(p[3])
}
