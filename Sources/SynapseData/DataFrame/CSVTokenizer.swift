// RFC 4180 tokenizer over the bytes of a CSV file.
//
// Fields are separated by a one-byte delimiter, rows by LF or CRLF (or CR). A field that starts
// with a double quote runs to the matching closing quote; inside it "" stands for one quote and
// delimiters and line breaks are data. Blank lines, and lines of only spaces and tabs, are skipped,
// as Pandas does.
//
// Why not a CSV package: the two mirrored here (SwiftCSV 0.10.0, CSV.swift 2.5.2) decode one
// Character or Unicode scalar at a time and took 10.2 s and 3.8 s to split an 85 MB numeric CSV
// that Pandas reads in 0.2 s (docs/DATA.md). This tokenizer works on bytes and records where each
// field lies without copying it; numbers are then parsed straight from those bytes. The tests
// check it against CSV.swift on tricky inputs.

import Foundation

/// Where one field lies in the file. `start` is stored bitwise-negated when the field was quoted
/// and contains a doubled quote that must be unescaped.
struct CSVFieldSpan {
    var start: Int
    var end: Int
    @inline(__always) var needsUnescape: Bool { start < 0 }
    @inline(__always) var range: Range<Int> { start < 0 ? (~start)..<end : start..<end }
}

/// A growable buffer of spans: `Array.append` does a uniqueness and capacity check per call,
/// which showed up in profiles at one call per field; this buffer's append is a store.
final class SpanBuffer: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<CSVFieldSpan>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        adviseHugePages(UnsafeMutableRawPointer(base), self.capacity * MemoryLayout<CSVFieldSpan>.stride)
    }

    convenience init(_ spans: [CSVFieldSpan]) {
        self.init(capacity: spans.count)
        for span in spans { append(span) }
    }

    deinit { base.deallocate() }

    @inline(__always) func append(_ span: CSVFieldSpan) {
        if count == capacity { grow() }
        (base + count).initialize(to: span)
        count += 1
    }

    private func grow() {
        let bigger = UnsafeMutablePointer<CSVFieldSpan>.allocate(capacity: capacity * 2)
        adviseHugePages(UnsafeMutableRawPointer(bigger), capacity * 2 * MemoryLayout<CSVFieldSpan>.stride)
        bigger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    @inline(__always) subscript(i: Int) -> CSVFieldSpan { base[i] }

    func removeAll() { count = 0 }

    func elements(from start: Int) -> [CSVFieldSpan] { Array(UnsafeBufferPointer(start: base + start, count: count - start)) }
}

/// The cut-up file: the header's field spans and the data rows' spans, row-major, in one or
/// more consecutive parts (one per thread that tokenized).
struct CSVTable {
    var header: [CSVFieldSpan]
    /// The line the header row starts on.
    var headerLine: Int
    /// Fields per data row: the header's count, or more when the rows carry an implicit index.
    var rowWidth: Int
    /// Field `c` of the `r`-th row of part `k` is `parts[k][r * rowWidth + c]`.
    var parts: [SpanBuffer]
    /// 1-based line on which each data row starts (all parts).
    var rowLines: [Int]
}

enum CSVTokenizer {
    static let quote = UInt8(ascii: "\"")
    static let lf = UInt8(ascii: "\n")
    static let cr = UInt8(ascii: "\r")

    /// How rows are cut into fields: the delimiter, whether spaces after it are skipped
    /// (`skipinitialspace`), and the most data rows to read (`nrows`).
    struct Dialect {
        var delimiter: UInt8
        var skipInitialSpace = false
        var maxRows: Int?
    }

    /// Splits `bytes` into fields, from byte `start` (after skipped lines), whose line is
    /// `firstLine`. The first row is the header; the first data row fixes the number of fields
    /// (more than the header's when the rows carry an implicit index); any later row with
    /// another count throws, naming the line. A large file without quotes is cut at a line break
    /// near its middle and its halves are tokenized on two threads (with quotes, a line break
    /// may lie inside a field, so one thread reads it all).
    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, dialect: Dialect, path: String,
                         start: Int = 0, firstLine: Int = 1) throws -> CSVTable {
        let n = bytes.count
        guard let p = bytes.baseAddress, n > 0 else {
            throw SynapseError.invalidFile(path: path, location: .line(1), reason: "the file is empty; expected a header row")
        }
        var start = start
        if start == 0, n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { start = 3 }  // UTF-8 byte order mark
        var cut = n
        if n - start >= 1 << 20, dialect.maxRows == nil, memchr(p + start, Int32(quote), n - start) == nil,
           let lf = memchr(p + (start + n) / 2, Int32(lf), n - (start + n) / 2) {
            cut = UnsafePointer<UInt8>(lf.assumingMemoryBound(to: UInt8.self)) - p + 1
        }
        // The header and the first data row first (two lines), so the second half knows the
        // width; a file that starts with a blank line is read by one thread.
        func lineEnd(after i: Int) -> Int {
            memchr(p + i, Int32(lf), n - i).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - p + 1 } ?? n
        }
        var width: Int?
        if cut < n, start < n {
            let twoLinesEnd = lineEnd(after: lineEnd(after: start))
            if twoLinesEnd < cut {
                width = try tokenizeRange(p, start, twoLinesEnd, dialect: dialect, path: path, width: nil, firstLine: firstLine).rowWidth
            }
        }
        guard let width else {
            let whole = try tokenizeRange(p, start, n, dialect: dialect, path: path, width: nil, firstLine: firstLine)
            guard let header = whole.header else {
                throw SynapseError.invalidFile(path: path, location: .line(1), reason: "the file holds no rows; expected a header row")
            }
            return CSVTable(header: header, headerLine: whole.headerLine, rowWidth: whole.rowWidth ?? header.count,
                            parts: [whole.spans], rowLines: whole.rowLines)
        }
        var results = [Result<TokenizedRange, Error>?](repeating: nil, count: 2)
        let lock = NSLock()
        Parallel.forEach(count: 2, grain: 1) { k, _ in
            let result = Result {
                try tokenizeRange(p, k == 0 ? start : cut, k == 0 ? cut : n, dialect: dialect, path: path,
                                  width: k == 0 ? nil : width, firstLine: k == 0 ? firstLine : 1)
            }
            lock.lock(); results[k] = result; lock.unlock()
        }
        let first = try results[0]!.get()
        let linesBefore = first.lines
        let second: TokenizedRange
        do { second = try results[1]!.get() } catch let SynapseError.invalidFile(path, .line(line, column)?, reason) {
            throw SynapseError.invalidFile(path: path, location: .line(line + linesBefore, column: column), reason: reason)
        }
        return CSVTable(header: first.header ?? [], headerLine: first.headerLine, rowWidth: width, parts: [first.spans, second.spans],
                        rowLines: first.rowLines + second.rowLines.map { $0 + linesBefore })
    }

    struct TokenizedRange {
        var header: [CSVFieldSpan]?
        var headerLine: Int
        /// Fields per data row; nil when no data row was read.
        var rowWidth: Int?
        var spans: SpanBuffer
        var rowLines: [Int]
        /// The line after the last one passed, less one.
        var lines: Int
    }

    /// Tokenizes bytes start..<end. With `width` nil the first row is the header; otherwise every
    /// row is data and must have `width` fields. Lines are counted from `firstLine` at `start`.
    static func tokenizeRange(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, dialect: Dialect, path: String,
                              width: Int?, firstLine: Int) throws -> TokenizedRange {
        let delimiter = dialect.delimiter
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        var i = start
        var line = firstLine
        var lineStart = i
        var header: [CSVFieldSpan]? = width.map { Array(repeating: CSVFieldSpan(start: 0, end: 0), count: $0) }
        var rowWidth = width
        let spans = SpanBuffer(capacity: (n - start) / 6)
        var rowLines: [Int] = []
        var rowStart = 0  // index in `spans` of the current row's first field
        var rowLine = firstLine
        var inRow = false
        var done = false
        var headerLine = firstLine

        func finishRow() throws {
            let fields = spans.count - rowStart
            if let header {
                let expected = rowWidth ?? max(fields, header.count)
                guard fields == expected else {
                    throw SynapseError.invalidFile(path: path, location: .line(rowLine, column: nil),
                                                   reason: raggedRowReason(fields: fields, expected: expected, headerFields: header.count))
                }
                rowWidth = expected
                rowLines.append(rowLine)
                if rowLines.count == dialect.maxRows { done = true }
            } else {
                header = spans.elements(from: rowStart)
                headerLine = rowLine
                done = dialect.maxRows == 0
                spans.removeAll()
                rowLines.reserveCapacity(max(16, (n - start) / max(64, 8 * fields)))
            }
            rowStart = spans.count
            inRow = false
        }

        while i < n && !done {
            var b = p[i]
            if !inRow {
                // Start of a row: skip blank lines, and lines of only spaces and tabs.
                if b == lf { i += 1; line += 1; lineStart = i; continue }
                if b == cr {
                    i += 1
                    if i < n, p[i] == lf { i += 1 }
                    line += 1; lineStart = i; continue
                }
                if (b == space || b == tab) && b != delimiter {
                    var j = i + 1
                    while j < n, p[j] == space || p[j] == tab { j += 1 }
                    if j == n || p[j] == lf || p[j] == cr { i = j; continue }
                }
                inRow = true
                rowLine = line
            }
            if dialect.skipInitialSpace, b == space {
                while i < n, p[i] == space { i += 1 }
                if i == n { spans.append(CSVFieldSpan(start: n, end: n)); break }
                b = p[i]
            }
            if b == quote {
                let openLine = line, openColumn = i - lineStart + 1
                i += 1
                let start = i
                var escaped = false
                while true {
                    guard i < n else {
                        throw SynapseError.invalidFile(
                            path: path, location: .line(openLine, column: String(openColumn)),
                            reason: "the quoted field that starts here is never closed")
                    }
                    let c = p[i]
                    if c == quote {
                        if i + 1 < n, p[i + 1] == quote { escaped = true; i += 2; continue }
                        break
                    }
                    if c == lf { line += 1; lineStart = i + 1 }
                    i += 1
                }
                spans.append(CSVFieldSpan(start: escaped ? ~start : start, end: i))
                i += 1  // the closing quote
                if i >= n { break }
                let c = p[i]
                if c == delimiter {
                    i += 1
                    if i >= n { spans.append(CSVFieldSpan(start: n, end: n)) }
                } else if c == lf || c == cr {
                    i += (c == cr && i + 1 < n && p[i + 1] == lf) ? 2 : 1
                    line += 1; lineStart = i
                    try finishRow()
                } else {
                    throw SynapseError.invalidFile(
                        path: path, location: .line(line, column: String(i - lineStart + 1)),
                        reason: "unexpected character after a closing quote; expected the delimiter or the end of the line "
                            + "(Pandas would append the text to the quoted field; no option reads it so, remove the quotes or the text)")
                }
            } else {
                let start = i
                while i < n {
                    let c = p[i]
                    if c == delimiter || c == lf || c == cr { break }
                    i += 1
                }
                spans.append(CSVFieldSpan(start: start, end: i))
                if i >= n { break }
                let c = p[i]
                if c == delimiter {
                    i += 1
                    if i >= n { spans.append(CSVFieldSpan(start: n, end: n)) }
                } else {
                    i += (c == cr && i + 1 < n && p[i + 1] == lf) ? 2 : 1
                    line += 1; lineStart = i
                    try finishRow()
                }
            }
        }
        if inRow && !done { try finishRow() }
        return TokenizedRange(header: width == nil ? header : nil, headerLine: headerLine, rowWidth: rowWidth, spans: spans, rowLines: rowLines,
                              lines: line - 1)
    }

    /// Why a row with `fields` fields is refused where `expected` were, and what Pandas does.
    static func raggedRowReason(fields: Int, expected: Int, headerFields: Int) -> String {
        let source = expected == headerFields ? "as in the header" : "as in the first data row"
        let base = "expected \(expected) fields \(source), found \(fields)"
        if fields < expected {
            return base + " (Pandas would fill the missing fields with NaN; no option reads it so, as Synapse does not invent values: add the missing delimiters)"
        }
        return base
    }

    /// The text of a field, with doubled quotes undone.
    static func text(_ span: CSVFieldSpan, in p: UnsafePointer<UInt8>) -> String {
        let r = span.range
        let s = String(decoding: UnsafeBufferPointer(start: p + r.lowerBound, count: r.count), as: UTF8.self)
        return span.needsUnescape ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
    }
}

/// How numbers are written: the decimal mark and the thousands separator (Pandas's `decimal`
/// and `thousands`).
struct NumberFormat {
    var decimal = UInt8(ascii: ".")
    /// -1 when numbers have no thousands separator.
    var thousands = -1
}

/// What a parsed number was written as, as bits: not an integer, an integer beyond int64 (that
/// fits uint64), a negative integer.
enum NumberKind {
    static let fraction: UInt8 = 1
    static let beyondInt64: UInt8 = 2
    static let negative: UInt8 = 4
    /// Not a kind of number: set by the readers for a missing value.
    static let missing: UInt8 = 8
}

/// Whitespace around a number, as C's isspace (Pandas's parser skips it).
@inline(__always) func isNumberSpace(_ b: UInt8) -> Bool { b == 0x20 || b &- 0x09 <= 4 }

/// Parses a decimal number from bytes: [sign] digits [decimal digits] [e [sign] digits],
/// surrounding whitespace allowed, thousands separators within the whole part when the format
/// has one. Returns nil when the bytes are not a number, or are an integer beyond uint64 (which
/// Pandas keeps as text). `kind` holds `NumberKind` bits.
///
/// Exact fast path (Clinger): a mantissa of at most 2^53 scaled by 10^k with |k| <= 22 is one
/// correctly rounded multiplication or division; anything else goes to the standard library's
/// correctly rounded parser.
@_transparent
func parseCSVNumber(_ p: UnsafePointer<UInt8>, _ s0: Int, _ e0: Int, _ format: NumberFormat = NumberFormat()) -> (value: Double, kind: UInt8)? {
    var s = s0, e = e0
    while s < e, isNumberSpace(p[s]) { s += 1 }
    while e > s, isNumberSpace(p[e - 1]) { e -= 1 }
    if s >= e { return nil }
    var i = s
    var negative = false
    if p[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if p[i] == UInt8(ascii: "+") { i += 1 }
    var mantissa: UInt64 = 0
    var digits = 0
    var exponent = 0
    var exact = true
    var isInteger = true
    var grouped = false
    while i < e {
        let d = p[i] &- 0x30
        if d > 9 {
            if Int(p[i]) == format.thousands, digits > 0 { grouped = true; i += 1; continue }
            break
        }
        if mantissa < 100_000_000_000_000_000 { mantissa = mantissa &* 10 &+ UInt64(d) } else { exponent += 1; if d != 0 { exact = false } }
        digits += 1; i += 1
    }
    if i < e, p[i] == format.decimal {
        isInteger = false
        i += 1
        while i < e {
            let d = p[i] &- 0x30
            if d > 9 { break }
            if mantissa < 100_000_000_000_000_000 { mantissa = mantissa &* 10 &+ UInt64(d); exponent -= 1 } else if d != 0 { exact = false }
            digits += 1; i += 1
        }
    }
    if digits == 0 { return parseSpecialNumber(p, s, e) }
    if i < e, p[i] | 0x20 == UInt8(ascii: "e") {
        isInteger = false
        i += 1
        var expNegative = false
        if i < e, p[i] == UInt8(ascii: "-") { expNegative = true; i += 1 } else if i < e, p[i] == UInt8(ascii: "+") { i += 1 }
        var value = 0
        var expDigits = 0
        while i < e {
            let d = p[i] &- 0x30
            if d > 9 { break }
            if value < 100_000 { value = value * 10 + Int(d) }
            expDigits += 1; i += 1
        }
        if expDigits == 0 { return nil }
        exponent += expNegative ? -value : value
    }
    if i != e { return nil }
    let sign = negative ? NumberKind.negative : 0
    if isInteger, exponent > 0 || mantissa > 9_007_199_254_740_992 {
        return parseLongInteger(p, s, e, format, negative: negative)
    }
    if exact, mantissa <= 9_007_199_254_740_992, exponent >= -22, exponent <= 22 {
        var v = Double(mantissa)
        if exponent < 0 { v /= powersOfTen[-exponent] } else if exponent > 0 { v *= powersOfTen[exponent] }
        return (negative ? -v : v, isInteger ? sign : NumberKind.fraction)
    }
    return parseLongDecimal(p, s, e, format, grouped: grouped)
}

/// A number the fast path cannot convert exactly, through the standard library's correctly
/// rounded parser (out of line: it is rare, and keeps `parseCSVNumber` small enough to inline).
@inline(never)
func parseLongDecimal(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ format: NumberFormat, grouped: Bool) -> (value: Double, kind: UInt8)? {
    var text = String(decoding: UnsafeBufferPointer(start: p + s, count: e - s), as: UTF8.self)
    if grouped || format.decimal != UInt8(ascii: ".") {
        text = String(decoding: (s..<e).compactMap { k -> UInt8? in
            Int(p[k]) == format.thousands ? nil : p[k] == format.decimal ? UInt8(ascii: ".") : p[k]
        }, as: UTF8.self)
    }
    guard let v = Double(text) else { return nil }
    return (v, NumberKind.fraction)
}

/// An integer of more than 15 digits, classified exactly as Pandas does: within int64, beyond
/// int64 but within uint64 (not negative), or beyond both (nil: text).
@inline(never)
func parseLongInteger(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ format: NumberFormat, negative: Bool) -> (value: Double, kind: UInt8)? {
    var digits = (s..<e).filter { p[$0] &- 0x30 <= 9 }.map { p[$0] }
    while digits.count > 1, digits[0] == UInt8(ascii: "0") { digits.removeFirst() }
    let text = String(decoding: digits, as: UTF8.self)
    guard digits.count <= 20, let magnitude = UInt64(text) else { return nil }
    if negative {
        guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
        return (-Double(magnitude), NumberKind.negative)
    }
    return (Double(magnitude), magnitude > UInt64(Int64.max) ? NumberKind.beyondInt64 : 0)
}

let powersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { r, _ in r * 10 } }

/// inf, -inf, Infinity: numbers Pandas accepts in a numeric column.
@inline(never)
func parseSpecialNumber(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> (value: Double, kind: UInt8)? {
    guard e - s <= 9 else { return nil }
    let text = String(decoding: UnsafeBufferPointer(start: p + s, count: e - s), as: UTF8.self).lowercased()
    switch text {
    case "inf", "+inf", "infinity", "+infinity": return (.infinity, NumberKind.fraction)
    case "-inf", "-infinity": return (-.infinity, NumberKind.fraction)
    default: return nil
    }
}
