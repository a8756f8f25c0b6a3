// The safetensors format (huggingface/safetensors), float32 only:
//   bytes 0..<8     N, the header length, unsigned 64-bit little-endian
//   bytes 8..<8+N   a JSON object: for each tensor {"dtype": "F32", "shape": [...],
//                   "data_offsets": [begin, end]} (offsets into the data section), and
//                   "__metadata__": a string → string map
//   bytes 8+N...    the data section: each tensor's elements, little-endian, row-major
// Reading trusts nothing: every length, offset, shape and byte count is checked against the
// file's size before anything is allocated, and any violation is a thrown SynapseError naming
// the file and the byte offset or tensor.

import Foundation

/// Reading and writing safetensors files of float32 tensors.
public enum Safetensors {
    /// The largest header accepted (the format's own limit is 100 MB).
    static let maxHeaderLength = 100_000_000

    /// The file's bytes for `tensors` and `metadata` (keys in sorted order, data in that order).
    public static func encode(_ tensors: [String: Tensor], metadata: [String: String]) throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            let t = tensors[name]!
            header[name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + 4 * t.count]] as [String: Any]
            offset += 4 * t.count
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
        while json.count % 8 != 0 { json.append(0x20) }
        var data = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for name in names {
            tensors[name]!.withUnsafeBufferPointer { p in
                for v in p { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
            }
        }
        return data
    }

    /// Writes the file atomically: to a temporary file first, then renamed over `path`.
    public static func write(_ tensors: [String: Tensor], metadata: [String: String], to path: String) throws {
        let data = try encode(tensors, metadata: metadata)
        try FileIO.write(data, to: path)
    }

    /// Reads a file's tensors and metadata, validating the whole layout.
    public static func read(from path: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        try decode(FileIO.read(path), path: path)
    }

    /// Parses the bytes of a safetensors file; `path` names it in errors.
    public static func decode(_ data: Data, path: String) throws -> (tensors: [String: Tensor], metadata: [String: String]) {
        func fail(_ offset: Int?, _ reason: String) -> SynapseError {
            .invalidFile(path: path, location: offset.map { .byteOffset($0) }, reason: reason)
        }
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else {
            throw fail(0, "is truncated: \(bytes.count) bytes, too short for the 8-byte header length of a safetensors file")
        }
        let length = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        // A safetensors header is a JSON object: byte 8 is "{". Anything else (a CSV, a JSON
        // file, a Keras .h5) is named by what it starts with rather than by the header length
        // its first 8 bytes would declare.
        if bytes.count > 8, bytes[8] != UInt8(ascii: "{") {
            throw fail(0, "is not a safetensors file: it starts with '\(printablePrefix(bytes))'")
        }
        guard length <= UInt64(maxHeaderLength) else { throw fail(0, "declares a header of \(length) bytes, more than the 100 MB allowed") }
        guard Int(length) <= bytes.count - 8 else {
            throw fail(0, "is truncated: the header is declared as \(length) bytes but only \(bytes.count - 8) follow")
        }
        let headerEnd = 8 + Int(length)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])),
              let header = object as? [String: Any] else {
            throw fail(8, "has a header that is not a JSON object")
        }
        let dataSize = bytes.count - headerEnd
        var metadata: [String: String] = [:]
        if let raw = header["__metadata__"] {
            guard let map = raw as? [String: Any] else { throw fail(8, "has a __metadata__ entry that is not an object") }
            for (k, v) in map {
                guard let s = v as? String else { throw fail(8, "has a non-string __metadata__ value for '\(k)'") }
                metadata[k] = s
            }
        }
        var tensors: [String: Tensor] = [:]
        for (name, entry) in header where name != "__metadata__" {
            guard let info = entry as? [String: Any] else { throw fail(8, "tensor '\(name)': the entry is not an object") }
            guard let dtype = info["dtype"] as? String, dtype == "F32" else {
                throw fail(8, "tensor '\(name)': dtype \(info["dtype"].map { "\($0)" } ?? "missing") is not supported (only F32)")
            }
            guard let shapeValues = info["shape"] as? [Any], let shape = integers(shapeValues), shape.allSatisfy({ $0 >= 0 }) else {
                throw fail(8, "tensor '\(name)': the shape is not a list of non-negative integers")
            }
            guard let offsetValues = info["data_offsets"] as? [Any], let offsets = integers(offsetValues), offsets.count == 2 else {
                throw fail(8, "tensor '\(name)': data_offsets is not a pair of integers")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= dataSize else {
                throw fail(headerEnd + Swift.max(0, Swift.min(begin, dataSize)),
                           "tensor '\(name)': data_offsets [\(begin), \(end)] fall outside the \(dataSize)-byte data section (truncated or corrupt file)")
            }
            var count = 1
            for d in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow, product <= dataSize else { throw fail(8, "tensor '\(name)': shape \(shape) is larger than the file") }
                count = product
            }
            guard end - begin == 4 * count else {
                throw fail(headerEnd + begin, "tensor '\(name)': shape \(shape) needs \(4 * count) bytes but data_offsets give \(end - begin)")
            }
            let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
                for i in 0..<count {
                    let o = headerEnd + begin + 4 * i
                    let bits = UInt32(bytes[o]) | UInt32(bytes[o + 1]) << 8 | UInt32(bytes[o + 2]) << 16 | UInt32(bytes[o + 3]) << 24
                    buffer[i] = Float(bitPattern: bits)
                }
                initialized = count
            }
            tensors[name] = Tensor(shape: shape, scalars: scalars)
        }
        return (tensors, metadata)
    }

    private static func integers(_ values: [Any]) -> [Int]? {
        var out: [Int] = []
        for v in values {
            guard let n = v as? NSNumber else { return nil }
            let d = n.doubleValue
            guard d == d.rounded(), Swift.abs(d) < 9e15 else { return nil }
            out.append(Int(d))
        }
        return out
    }
}

/// The first bytes of a file as text for an error message: up to 24 printable ASCII
/// characters, other bytes as "?", then "..." when the file goes on.
func printablePrefix(_ bytes: [UInt8]) -> String {
    let shown = bytes.prefix(24).map { (0x20..<0x7f).contains($0) ? Character(UnicodeScalar($0)) : "?" }
    return String(shown) + (bytes.count > 24 ? "..." : "")
}
