// The bytes of a CSV file as UTF-8: checked when the file is UTF-8 (Pandas raises
// UnicodeDecodeError on a byte that is not; silently reading it as U+FFFD would hide a wrongly
// declared encoding), converted when it is Latin-1, Windows-1252 or UTF-16.
//
// UTF-8 (RFC 3629): a lead byte 0xC2-0xF4 followed by 1-3 continuation bytes 0x80-0xBF, no
// overlong forms (E0 needs A0-BF next, F0 needs 90-BF), no surrogates (ED needs 80-9F), nothing
// beyond U+10FFFF (F4 needs 80-8F). ASCII is checked eight bytes at a time.
import Foundation

enum CSVDecoding {
    /// The offset of the first byte that does not start a valid UTF-8 sequence; nil when all do.
    static func firstInvalidUTF8(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int? {
        var i = 0
        while i < n {
            if i + 32 <= n {
                let raw = UnsafeRawPointer(p + i)
                let any = raw.loadUnaligned(as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                if any & 0x8080_8080_8080_8080 == 0 { i += 32; continue }
            }
            if i + 8 <= n {
                let word = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            let length: Int, low: UInt8, high: UInt8
            switch b {
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)
            case 0xE1...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            default: return i
            }
            guard i + length <= n, (low...high).contains(p[i + 1]) else { return i }
            for k in 2..<length where !(0x80...0xBF).contains(p[i + k]) { return i }
            i += length
        }
        return nil
    }

    /// Throws when `bytes` are not UTF-8, naming the line and byte offset and the encodings
    /// that may read the file. A large file is checked in two halves on two threads, cut
    /// before a byte that starts a character.
    static func checkUTF8(_ bytes: UnsafeBufferPointer<UInt8>, path: String) throws {
        guard let p = bytes.baseAddress else { return }
        let n = bytes.count
        var cut = n
        if n >= 1 << 20 {
            cut = n / 2
            while cut < n, p[cut] & 0xC0 == 0x80 { cut += 1 }
        }
        var found = [Int?](repeating: nil, count: 2)
        let lock = NSLock()
        Parallel.forEach(count: cut < n ? 2 : 1, grain: 1) { k, _ in
            let offset = k == 0 ? 0 : cut
            let bad = firstInvalidUTF8(p + offset, (k == 0 ? cut : n) - offset).map { $0 + offset }
            lock.lock(); found[k] = bad; lock.unlock()
        }
        guard let bad = found[0] ?? found[1] else { return }
        throw invalidByte(bytes, at: bad, path: path, encoding: "UTF-8",
                          advice: "; if the file came from Excel or Windows read it with the encoding cp1252 (Pandas's encoding=\"cp1252\"), or latin-1")
    }

    static func invalidByte(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int, path: String, encoding: String,
                            advice: String) -> SynapseError {
        let line = bytes[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let byte = String(format: "0x%02X", bytes[offset])
        return .invalidFile(path: path, location: .line(line),
                            reason: "the byte \(byte) at byte offset \(offset) is not \(encoding) (Pandas raises UnicodeDecodeError)\(advice)")
    }

    /// Windows-1252's characters for 0x80-0x9F; 0 where it has none (Python's codec raises there).
    private static let cp1252High: [UInt16] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// The file's text as UTF-8 bytes, from `encoding` (not `.utf8`, which is only checked).
    static func utf8Bytes(_ bytes: UnsafeBufferPointer<UInt8>, encoding: CSVEncoding, path: String) throws -> [UInt8] {
        switch encoding {
        case .utf8:
            try checkUTF8(bytes, path: path)
            return Array(bytes)
        case .latin1, .cp1252:
            var out = [UInt8]()
            out.reserveCapacity(bytes.count + bytes.count / 8)
            for (offset, b) in bytes.enumerated() {
                var scalar = UInt32(b)
                if encoding == .cp1252, (0x80...0x9F).contains(b) {
                    scalar = UInt32(cp1252High[Int(b) - 0x80])
                    if scalar == 0 {
                        throw invalidByte(bytes, at: offset, path: path, encoding: "Windows-1252 (cp1252)",
                                          advice: "; read it with the encoding latin-1")
                    }
                }
                out.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
            }
            return out
        case .utf16, .utf16LE, .utf16BE:
            let units = bytes.count / 2
            var bigEndian = encoding == .utf16BE
            var first = 0
            if encoding == .utf16, units > 0 {
                if bytes[0] == 0xFF, bytes[1] == 0xFE { first = 1 } else if bytes[0] == 0xFE, bytes[1] == 0xFF { first = 1; bigEndian = true } else { bigEndian = true }
            }
            let codeUnits = (first..<units).map { k -> UInt16 in
                let a = UInt16(bytes[2 * k]), b = UInt16(bytes[2 * k + 1])
                return bigEndian ? a << 8 | b : b << 8 | a
            }
            var out = [UInt8]()
            out.reserveCapacity(codeUnits.count)
            var iterator = codeUnits.makeIterator()
            var decoder = UTF16()
            var unit = first
            while true {
                switch decoder.decode(&iterator) {
                case let .scalarValue(scalar): out.append(contentsOf: UTF8.encode(scalar)!); unit += scalar.value > 0xFFFF ? 2 : 1
                case .emptyInput:
                    if bytes.count % 2 == 1 {
                        throw invalidByte(bytes, at: bytes.count - 1, path: path, encoding: "UTF-16", advice: ": the file ends inside a character")
                    }
                    return out
                case .error:
                    throw SynapseError.invalidFile(path: path, location: .byteOffset(2 * unit),
                                                   reason: "the bytes are not UTF-16 here (Pandas raises UnicodeDecodeError); check the file's encoding")
                }
            }
        }
    }
}
