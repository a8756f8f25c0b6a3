// Parsing the candidate columns of a CSV as numbers: many columns at a time, 2,048 rows at a
// time, straight into the final arrays (see CSVReading.swift for the passes and docs/DATA.md for
// the measurements behind this layout).
import Foundation

/// What parsing some rows of the candidate columns as numbers found: per column, the
/// `NumberKind` bits of all its values, and whether a value was neither a number nor a
/// missing-value marker.
struct NumericOutcome {
    var kinds: [UInt8]
    var failed: [Bool]
}

/// `count` arrays of `rows` Doubles whose storage `fill` writes through the pointers it is given.
func makeUninitializedColumns(_ count: Int, rows: Int, _ pointers: inout [UnsafeMutablePointer<Double>],
                              _ fill: ([UnsafeMutablePointer<Double>]) -> Void) -> [[Double]] {
    if pointers.count == count {
        fill(pointers)
        return []
    }
    var rest: [[Double]] = []
    let column = [Double](unsafeUninitializedCapacity: max(rows, 1)) { buffer, initialized in
        adviseHugePages(UnsafeMutableRawPointer(buffer.baseAddress!), rows * MemoryLayout<Double>.stride)
        pointers.append(buffer.baseAddress!)
        rest = makeUninitializedColumns(count, rows: rows, &pointers, fill)
        initialized = rows
    }
    return [column] + rest
}

/// Asks Linux to back a large buffer with 2 MB pages: one page fault instead of 512 (the
/// kernel's transparent huge pages are often in "madvise" mode). A hint; harmless elsewhere.
func adviseHugePages(_ start: UnsafeMutableRawPointer, _ bytes: Int) {
    #if os(Linux)
    let huge = 2 << 20
    guard bytes >= 2 * huge else { return }
    let begin = (Int(bitPattern: start) + huge - 1) / huge * huge
    let end = (Int(bitPattern: start) + bytes) / huge * huge
    if end > begin { _ = madvise(UnsafeMutableRawPointer(bitPattern: begin), end - begin, 14 /* MADV_HUGEPAGE */) }
    #endif
}

/// The missing-value markers, with a quick test that rules most texts out without hashing,
/// and the numbers among them (a number equal to one is missing too, as in Pandas).
struct MissingMarkers {
    let set: Set<String>
    let firstBytes: Set<UInt8>
    let maxLength: Int
    let numbers: Set<Double>
    init(_ set: Set<String>, format: NumberFormat) {
        self.set = set
        firstBytes = Set(set.compactMap { $0.utf8.first })
        maxLength = set.map(\.utf8.count).max() ?? 0
        numbers = Set(set.compactMap { marker in
            var text = marker
            return text.withUTF8 { u in u.baseAddress.flatMap { parseCSVNumber($0, 0, u.count, format)?.value } }
        })
    }
    func contains(_ span: CSVFieldSpan, _ base: UnsafePointer<UInt8>) -> Bool {
        let r = span.range
        if r.isEmpty { return set.contains("") }
        guard r.count <= maxLength, firstBytes.contains(base[r.lowerBound]) else { return false }
        return set.contains(CSVTokenizer.text(span, in: base))
    }
}

/// Parses the columns at `fields` of `rows` as numbers, 2,048 rows at a time so the spans stay
/// in cache, writing row r of column k to outputs[k][r - rows.lowerBound + outputOffset].
func parseNumbers(spans: SpanBuffer, stride: Int, rows: Range<Int>, fields: [Int], context: DataFrame.ConversionContext,
                  outputs: [UnsafeMutablePointer<Double>], outputOffset: Int) -> NumericOutcome {
    var outcome = NumericOutcome(kinds: fields.map { _ in 0 }, failed: fields.map { _ in false })
    let s = spans.base, base = context.base, markers = context.markers, format = context.format
    let numericMarkers = !markers.numbers.isEmpty
    var blockStart = rows.lowerBound
    while blockStart < rows.upperBound {
        let block = blockStart..<min(blockStart + 2048, rows.upperBound)
        for (k, c) in fields.enumerated() where !outcome.failed[k] {
            var kinds = outcome.kinds[k]
            let out = outputs[k] + (outputOffset - rows.lowerBound)
            for r in block {
                let span = s[r * stride + c]
                let range = span.range
                if let (v, kind) = parseCSVNumber(base, range.lowerBound, range.upperBound, format) {
                    (out + r).initialize(to: v)
                    kinds |= kind
                } else if markers.contains(span, base) {
                    (out + r).initialize(to: .nan)
                    kinds |= NumberKind.missing
                } else {
                    outcome.failed[k] = true
                    break
                }
            }
            // Numbers that are markers ("-999"), in a loop of their own so the one above stays
            // as small as the common case needs.
            if numericMarkers && !outcome.failed[k] {
                for r in block where markers.numbers.contains(out[r]) {
                    out[r] = .nan
                    kinds |= NumberKind.missing
                }
            }
            outcome.kinds[k] = kinds
        }
        blockStart = block.upperBound
    }
    return outcome
}

/// One column's spans in the row-major span parts (the first `rows` rows).
struct StridedSpans: RandomAccessCollection {
    let parts: [SpanBuffer]
    let partRows: [Int]
    let rows: Int
    let column: Int
    let stride: Int
    var startIndex: Int { 0 }
    var endIndex: Int { rows }
    subscript(row: Int) -> CSVFieldSpan {
        var r = row, k = 0
        while r >= partRows[k] { r -= partRows[k]; k += 1 }
        return parts[k][r * stride + column]
    }
}
