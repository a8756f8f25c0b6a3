// NumPy's .npy format (numpy.lib.format): the magic "\x93NUMPY", a major and minor version,
// the header length (2 bytes little-endian in version 1, 4 bytes in versions 2 and 3), an ASCII
// Python dict {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)} padded with spaces and a
// newline, then the raw values. A .npz is a zip archive of .npy files (np.savez, or deflated by
// np.savez_compressed), read here with ZIPFoundation — so a Keras cache such as mnist.npz loads.
import Foundation
import ZIPFoundation

/// Readers and writers of NumPy's .npy and .npz files.
public enum NumPy {
    /// The array in a .npy file as a Float tensor (bool, integer and float types of either byte order).
    public static func load(_ path: String) throws -> Tensor {
        try decode(try readFileBytes(path), path: path)
    }

    /// The arrays of a .npz archive by name (without ".npy").
    public static func loadArchive(_ path: String) throws -> [String: Tensor] {
        guard FileManager.default.fileExists(atPath: path) else {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "cannot be opened (missing or unreadable)")
        }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "is not a zip archive (.npz): \(error)")
        }
        var arrays: [String: Tensor] = [:]
        for entry in archive where entry.type == .file && entry.path.hasSuffix(".npy") {
            var data = Data()
            do { _ = try archive.extract(entry, skipCRC32: false) { data.append($0) } } catch {
                throw SynapseError.invalidFile(path: path, location: nil, reason: "entry '\(entry.path)' cannot be extracted: \(error)")
            }
            arrays[String(entry.path.dropLast(4))] = try decode([UInt8](data), path: "\(path)/\(entry.path)")
        }
        return arrays
    }

    /// Writes a tensor as a version 1.0 .npy file of little-endian float32 ('<f4'), atomically.
    public static func save(_ tensor: Tensor, to path: String) throws {
        try FileIO.write(Data(encode(tensor)), to: path)
    }

    /// Writes tensors as a .npz archive (stored, as np.savez; deflated when `compressed`).
    public static func saveArchive(_ arrays: [String: Tensor], to path: String, compressed: Bool = false) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        try? FileManager.default.removeItem(at: temporary)
        do {
            let archive = try Archive(url: temporary, accessMode: .create)
            for name in arrays.keys.sorted() {
                let data = Data(encode(arrays[name]!))
                try archive.addEntry(with: name + ".npy", type: .file, uncompressedSize: Int64(data.count),
                                     compressionMethod: compressed ? .deflate : .none) { position, size in
                    data.subdata(in: Int(position)..<(Int(position) + size))
                }
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw SynapseError.invalidFile(path: path, location: nil, reason: "cannot be written: \(error)")
        }
        guard rename(temporary.path, url.path) == 0 else {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "cannot be replaced")
        }
    }

    static func encode(_ tensor: Tensor) -> [UInt8] {
        let shape = tensor.shape.count == 1 ? "(\(tensor.shape[0]),)" : "(" + tensor.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8)
        for v in tensor.scalars { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        return bytes
    }

    static func decode(_ bytes: [UInt8], path: String) throws -> Tensor {
        func fail(_ offset: Int, _ reason: String) -> SynapseError { .invalidFile(path: path, location: .byteOffset(offset), reason: reason) }
        guard bytes.count >= 10 else { throw fail(bytes.count, "the file ends inside the .npy preamble") }
        guard bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw fail(0, "wrong magic number: a .npy file starts with \\x93NUMPY")
        }
        let major = bytes[6]
        guard (1...3).contains(major) else { throw fail(6, ".npy format version \(major) is not supported (1, 2 or 3)") }
        let lengthSize = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthSize else { throw fail(bytes.count, "the file ends inside the header length") }
        var headerLength = 0
        for k in 0..<lengthSize { headerLength |= Int(bytes[8 + k]) << (8 * k) }
        let dataStart = 8 + lengthSize + headerLength
        guard bytes.count >= dataStart else { throw fail(bytes.count, "the file ends inside the \(headerLength)-byte header") }
        let header = String(decoding: bytes[(8 + lengthSize)..<dataStart], as: UTF8.self)
        guard let descr = quotedValue(header, key: "descr") else { throw fail(8 + lengthSize, "the header has no 'descr': \(header)") }
        let fortran = header.range(of: "'fortran_order': True") != nil
        guard let shapeText = header.range(of: "'shape':").map({ header[$0.upperBound...] }),
              let open = shapeText.firstIndex(of: "("), let close = shapeText.firstIndex(of: ")") else {
            throw fail(8 + lengthSize, "the header has no 'shape': \(header)")
        }
        guard open < close else { throw fail(8 + lengthSize, "the header has no 'shape' tuple: \(header)") }
        var shape: [Int] = []
        for text in shapeText[shapeText.index(after: open)..<close].split(separator: ",")
            .map({ $0.trimmingCharacters(in: .whitespaces) }) where !text.isEmpty {
            // A dimension is a whole number ≥ 0; NumPy writes 3 or 3L (Python 2).
            guard let dimension = Int(text.hasSuffix("L") ? String(text.dropLast()) : text), dimension >= 0 else {
                throw fail(8 + lengthSize, "the shape has a dimension '\(text)' that is not a whole number ≥ 0: \(header)")
            }
            shape.append(dimension)
        }
        let sizes: [Substring: Int] = ["b1": 1, "u1": 1, "i1": 1, "u2": 2, "i2": 2, "f2": 2, "u4": 4, "i4": 4, "f4": 4, "u8": 8, "i8": 8, "f8": 8]
        guard let order = descr.first, "<>|=".contains(order), case let kind = descr.dropFirst(), let size = sizes[kind] else {
            throw fail(8 + lengthSize, "the data type '\(descr)' is not supported (bool, integers, float16/32/64)")
        }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw fail(8 + lengthSize, "the shape \(shape) has more elements than can be addressed") }
            count = product
        }
        let (expected, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow else { throw fail(8 + lengthSize, "the shape \(shape) of '\(descr)' needs more bytes than can be addressed") }
        let body = bytes.count - dataStart
        guard body >= expected else {
            throw fail(bytes.count, "truncated: the header (shape \(shape), '\(descr)') promises \(expected) bytes of data after byte \(dataStart), found \(body)")
        }
        guard body == expected else { throw fail(dataStart + expected, "\(body - expected) unexpected bytes after the data") }
        let bigEndian = order == ">"
        var scalars = [Float](repeating: 0, count: count)
        bytes.withUnsafeBufferPointer { raw in
            let p = raw.baseAddress! + dataStart
            func word(_ i: Int) -> UInt64 {
                var v: UInt64 = 0
                for k in 0..<size { v |= UInt64(p[i * size + k]) << (8 * UInt64(bigEndian ? size - 1 - k : k)) }
                return v
            }
            for i in 0..<count {
                let w = word(i)
                switch kind {
                case "b1", "u1", "u2", "u4", "u8": scalars[i] = Float(w)
                case "i1": scalars[i] = Float(Int8(truncatingIfNeeded: w))
                case "i2": scalars[i] = Float(Int16(truncatingIfNeeded: w))
                case "i4": scalars[i] = Float(Int32(truncatingIfNeeded: w))
                case "i8": scalars[i] = Float(Int64(bitPattern: w))
                case "f2": scalars[i] = Float(Float16(bitPattern: UInt16(w)))
                case "f4": scalars[i] = Float(bitPattern: UInt32(w))
                default: scalars[i] = Float(Double(bitPattern: w))
                }
            }
        }
        if fortran && shape.count > 1 { scalars = fromFortranOrder(scalars, shape) }
        return Tensor(shape: shape, scalars: scalars)
    }

    private static func quotedValue(_ header: String, key: String) -> String? {
        guard let k = header.range(of: "'\(key)':") else { return nil }
        let rest = header[k.upperBound...]
        guard let q1 = rest.firstIndex(of: "'") else { return nil }
        let after = rest[rest.index(after: q1)...]
        guard let q2 = after.firstIndex(of: "'") else { return nil }
        return String(after[..<q2])
    }

    /// Column-major (first index fastest) to row-major.
    private static func fromFortranOrder(_ values: [Float], _ shape: [Int]) -> [Float] {
        var out = [Float](repeating: 0, count: values.count)
        var index = [Int](repeating: 0, count: shape.count)
        for flat in 0..<values.count {
            var f = 0, stride = 1
            for d in 0..<shape.count { f += index[d] * stride; stride *= shape[d] }
            out[flat] = values[f]
            var d = shape.count - 1
            while d >= 0 { index[d] += 1; if index[d] < shape[d] { break }; index[d] = 0; d -= 1 }
        }
        return out
    }
}
