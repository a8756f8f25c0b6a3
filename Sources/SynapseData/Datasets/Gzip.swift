// gzip decompression through zlib (inflate with windowBits 15 + 32: gzip or zlib header,
// detected). Concatenated gzip members are decompressed one after another, as gunzip does.
// The output is streamed through a fixed 64 KiB window and never sized from the file: the ISIZE
// trailer is whatever the file says (a 204-byte file can claim 1.9 GB), and deflate expands up
// to 1032:1 (a 4 MB bomb gives 4 GB). Decompression stops with an error at `limit` bytes.
import CSynapseZlib
import Foundation

enum Gzip {
    /// The most bytes `decompress` produces unless the caller gives another bound: 1 GiB, twenty
    /// times MNIST's training images (47 MB).
    static let defaultLimit = 1 << 30

    /// True when the bytes start with gzip's magic number 1f 8b.
    static func isGzip(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B }

    /// The decompressed bytes; throws naming `path` when the stream is corrupt or cut short, or
    /// when it would expand beyond `limit` bytes.
    static func decompress(_ input: [UInt8], path: String, limit: Int = defaultLimit) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(min(max(input.count * 4, 1 << 16), limit))
        var window = [UInt8](repeating: 0, count: 1 << 16)
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "zlib could not start decompressing")
        }
        defer { inflateEnd(&stream) }
        try input.withUnsafeBufferPointer { inBuffer in
            stream.next_in = UnsafeMutablePointer(mutating: inBuffer.baseAddress)
            stream.avail_in = uInt(inBuffer.count)
            while true {
                let (status, produced): (Int32, Int) = window.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = uInt(out.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, out.count - Int(stream.avail_out))
                }
                let consumed = inBuffer.count - Int(stream.avail_in)
                guard produced <= limit - output.count else {
                    throw SynapseError.invalidFile(path: path, location: .byteOffset(consumed),
                                                   reason: "the gzip data expands beyond \(limit) bytes, the most this reader accepts")
                }
                output += window[0..<produced]
                switch status {
                case Z_STREAM_END:
                    if stream.avail_in == 0 { return }
                    inflateReset(&stream)  // another gzip member follows
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.avail_in == 0:
                    throw SynapseError.invalidFile(path: path, location: .byteOffset(inBuffer.count),
                                                   reason: "the gzip stream is truncated (ends before its last block)")
                case Z_BUF_ERROR:
                    continue
                default:
                    throw SynapseError.invalidFile(path: path, location: .byteOffset(consumed),
                                                   reason: "corrupt gzip data (zlib error \(status))")
                }
            }
        }
        return output
    }
}

extension Gzip {
    /// gzip-compressed bytes (zlib deflate, windowBits 15 + 16 for the gzip wrapper).
    static func compress(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw SynapseError.invalidArgument("zlib could not start compressing")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 64)
        var input = input
        let status: Int32 = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = uInt(inBuffer.count)
                stream.next_out = out.baseAddress
                stream.avail_out = uInt(out.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw SynapseError.invalidArgument("zlib compression failed (\(status))") }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }
}

/// The bytes of a file, gunzipped when they start with gzip's magic number.
func readMaybeGzip(_ path: String) throws -> (bytes: [UInt8], wasGzip: Bool) {
    try maybeGunzip(readFileBytes(path), path: path)
}

/// The bytes, gunzipped (up to `limit` bytes) when they start with gzip's magic number.
func maybeGunzip(_ raw: [UInt8], path: String, limit: Int = Gzip.defaultLimit) throws -> (bytes: [UInt8], wasGzip: Bool) {
    if Gzip.isGzip(raw) { return (try Gzip.decompress(raw, path: path, limit: limit), true) }
    return (raw, false)
}

/// The bytes of a file; a missing or unreadable file throws naming it.
func readFileBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try FileIO.read(path))
}
