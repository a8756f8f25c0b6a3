// Reading a DataFrame from CSV, with Pandas's read_csv defaults: a header row, type inference
// per column (int64 when every value is an integer, float64 when numbers with missing values,
// bool for True/False, text otherwise), Pandas's missing-value markers, an optional index
// column and date columns (TimeSeries/DateParsing.swift); an index column of dates makes a
// date index.
import Foundation

/// How to read a CSV file; the defaults are Pandas's.
public struct CSVReadOptions: Sendable {
    /// Field separator, one ASCII character.
    public var delimiter: Character = ","
    /// Whether the first row names the columns; without one they are named "0", "1", ...
    public var hasHeader = true
    /// A column whose values become the row labels.
    public var indexColumn: String?
    /// Columns parsed as dates, each in one of the forms of `DateFormat` (ISO 8601, YYYY-MM,
    /// YYYY/MM/DD, MM/DD/YYYY, MM/DD/YY...), found from its first value. When `indexColumn` is
    /// one of them the frame gets a date index (Pandas's `index_col="DATE", parse_dates=True`).
    public var parseDates: [String] = []
    /// Types forced on columns; a value that does not fit throws, naming line and column.
    public var types: [String: ColumnType] = [:]
    /// Columns that must exist (a model's target, say); a missing one throws.
    public var requiredColumns: [String] = []
    /// Texts read as missing values (Pandas's default `na_values`).
    public var missingMarkers: Set<String> = [
        "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null",
    ]

    public init(delimiter: Character = ",", hasHeader: Bool = true, indexColumn: String? = nil,
                parseDates: [String] = [], types: [String: ColumnType] = [:], requiredColumns: [String] = []) {
        self.delimiter = delimiter
        self.hasHeader = hasHeader
        self.indexColumn = indexColumn
        self.parseDates = parseDates
        self.types = types
        self.requiredColumns = requiredColumns
    }
}

extension DataFrame {
    /// Reads a CSV file (Pandas's `read_csv`). Throws a `SynapseError.invalidFile` naming the
    /// file and the line (and column) of a ragged row, an unterminated quote, a value that does
    /// not fit a forced type, an empty file, or a required column that is absent.
    public init(csvFile path: String, options: CSVReadOptions = CSVReadOptions()) throws {
        let data = try FileIO.read(path)
        self = try data.withUnsafeBytes { raw in
            try DataFrame.parseCSV(raw.bindMemory(to: UInt8.self), path: path, options: options)
        }
    }

    /// Reads CSV from text in memory; errors name `name` as the file.
    public init(csvText text: String, name: String = "<csv text>", options: CSVReadOptions = CSVReadOptions()) throws {
        var text = text
        self = try text.withUTF8 { try DataFrame.parseCSV($0, path: name, options: options) }
    }

    static func parseCSV(_ bytes: UnsafeBufferPointer<UInt8>, path: String, options: CSVReadOptions) throws -> DataFrame {
        guard let delimiter = options.delimiter.asciiValue else {
            throw SynapseError.invalidArgument("the CSV delimiter must be one ASCII character, not '\(options.delimiter)'")
        }
        let table = try CSVTokenizer.tokenize(bytes, delimiter: delimiter, path: path)
        guard let base = bytes.baseAddress else { throw SynapseError.invalidFile(path: path, location: .line(1), reason: "the file is empty") }
        var names: [String]
        var parts = table.parts
        var rowLines = table.rowLines
        if options.hasHeader {
            names = table.header.map { CSVTokenizer.text($0, in: base) }
            var seen = [String: Int]()
            for (i, name) in names.enumerated() {  // Pandas renames duplicates a, a.1, a.2
                if let k = seen[name] { names[i] = "\(name).\(k)"; seen[name] = k + 1 } else { seen[name] = 1 }
            }
        } else {
            names = (0..<table.header.count).map(String.init)
            parts.insert(SpanBuffer(table.header), at: 0)
            rowLines.insert(1, at: 0)
        }
        for required in options.requiredColumns + options.parseDates + Array(options.types.keys) + [options.indexColumn].compactMap({ $0 })
        where !names.contains(required) {
            throw SynapseError.invalidFile(
                path: path, location: .column(required),
                reason: "no column named '\(required)'; the header has \(names.map { "'\($0)'" }.joined(separator: ", "))")
        }
        let width = names.count
        let partRows = parts.map { width == 0 ? 0 : $0.count / width }
        let rows = partRows.reduce(0, +)
        // Pass 1, cache-friendly: parse every candidate column as numbers, 2,048 rows at a time,
        // the parts on separate threads (one part of a small file is cut in two here).
        let candidates = (0..<width).filter { c in
            !options.parseDates.contains(names[c]) && ![ColumnType.object, .bool, .datetime].contains(options.types[names[c]])
        }
        let markers = MissingMarkers(options.missingMarkers)
        var jobs: [(part: Int, rows: Range<Int>, offset: Int)] = parts.indices.map {
            ($0, 0..<partRows[$0], partRows[..<$0].reduce(0, +))
        }
        if jobs.count == 1, rows >= 4096 { jobs = [(0, 0..<(rows / 2), 0), (0, (rows / 2)..<rows, rows / 2)] }
        var columns = [Column?](repeating: nil, count: width)
        let origin = Column.Origin(path: path, rowLines: rowLines, firstNonNumber: nil)
        // Each thread writes its rows straight into the final arrays (no copy, no concatenation);
        // at most 256 columns at a time, as the arrays are made by nested closures.
        for group in stride(from: 0, to: candidates.count, by: 256).map({ Array(candidates[$0..<min($0 + 256, candidates.count)]) }) {
            var outcomes = [NumericOutcome?](repeating: nil, count: jobs.count)
            let lock = NSLock()
            var pointers: [UnsafeMutablePointer<Double>] = []
            let arrays = makeUninitializedColumns(group.count, rows: rows, &pointers) { outputs in
                Parallel.forEach(count: jobs.count, grain: 1) { range in
                    for h in range {
                        let outcome = parseNumbers(spans: parts[jobs[h].part], width: width, rows: jobs[h].rows, columns: group,
                                                   base: base, markers: markers, outputs: outputs, outputOffset: jobs[h].offset)
                        lock.lock(); outcomes[h] = outcome; lock.unlock()
                    }
                }
                // A column that failed may have unwritten entries: make them numbers before the
                // arrays claim them (the arrays are dropped anyway).
                for k in group.indices where outcomes.contains(where: { $0!.failed[k] }) { outputs[k].initialize(repeating: 0, count: rows) }
            }
            for (k, c) in group.enumerated() where outcomes.allSatisfy({ !$0!.failed[k] }) {
                let allIntegers = outcomes.allSatisfy { $0!.allIntegers[k] }
                if options.types[names[c]] == .int64 && !allIntegers { continue }  // pass 2 reports the row
                columns[c] = Column(name: names[c], values: .numbers(arrays[k]), isInteger: allIntegers && rows > 0, origin: origin)
            }
        }
        let lock = NSLock()
        // Pass 2: text, booleans, dates, and columns that failed as numbers (which then throw
        // when numbers were asked for), a column per thread.
        let remaining = (0..<width).filter { columns[$0] == nil }
        var failure: Error?
        Parallel.forEach(count: remaining.count, grain: 1) { range in
            for c in range.map({ remaining[$0] }) {
                do {
                    let column = try convertColumn(name: names[c], spans: StridedSpans(parts: parts, partRows: partRows, column: c, stride: width),
                                                   base: base, rowLines: rowLines, path: path, options: options)
                    lock.lock(); columns[c] = column; lock.unlock()
                } catch {
                    lock.lock(); failure = failure ?? error; lock.unlock()
                    return
                }
            }
        }
        if let failure { throw failure }
        var result = DataFrame(uncheckedColumns: columns.map { $0! }, labels: nil, sourcePath: path)
        if let indexName = options.indexColumn, let indexColumn = result[indexName] {
            result[indexName] = nil
            if case .dates = indexColumn.values {
                result = try result.settingDateIndex(column: indexColumn)
            } else {
                result.index = (0..<indexColumn.count).map { indexColumn.text(at: $0) ?? "NaN" }
                result.indexName = indexName
            }
        }
        return result
    }

    private static func convertColumn(name: String, spans: StridedSpans, base: UnsafePointer<UInt8>, rowLines: [Int],
                                      path: String, options: CSVReadOptions) throws -> Column {
        let origin = Column.Origin(path: path, rowLines: rowLines, firstNonNumber: nil)
        // Most texts cannot be a missing-value marker: check the set only when the first byte
        // and the length could match one.
        let markerFirstBytes = Set(options.missingMarkers.compactMap { $0.utf8.first })
        let markerMaxLength = options.missingMarkers.map(\.utf8.count).max() ?? 0
        func isMissingMarker(_ span: CSVFieldSpan) -> Bool {
            let r = span.range
            if r.isEmpty { return options.missingMarkers.contains("") }
            guard r.count <= markerMaxLength, markerFirstBytes.contains(base[r.lowerBound]) else { return false }
            return options.missingMarkers.contains(CSVTokenizer.text(span, in: base))
        }
        let forced = options.types[name]
        if options.parseDates.contains(name) || forced == .datetime {
            let dates = try parseDateColumn(count: spans.count, text: { row in
                isMissingMarker(spans[row]) ? nil : CSVTokenizer.text(spans[row], in: base)
            }, error: { row, reason in
                SynapseError.invalidFile(path: path, location: .line(rowLines[row], column: name), reason: reason)
            })
            return Column(name: name, values: .dates(dates), isInteger: false, origin: origin)
        }
        if forced != .object && forced != .bool {
            var values = [Double]()
            values.reserveCapacity(spans.count)
            var allIntegers = true
            var firstBad: Int?
            for (row, span) in spans.enumerated() {
                let r = span.range
                if let (v, integer) = parseCSVNumber(base, r.lowerBound, r.upperBound) {
                    values.append(v)
                    allIntegers = allIntegers && integer
                } else if isMissingMarker(span) {
                    values.append(.nan)
                    allIntegers = false
                } else {
                    firstBad = row
                    break
                }
            }
            if let row = firstBad {
                if forced == .int64 || forced == .float64 {
                    throw SynapseError.invalidFile(
                        path: path, location: .line(rowLines[row], column: name),
                        reason: "the value '\(CSVTokenizer.text(spans[row], in: base))' is not a number, and column '\(name)' was asked for as numbers")
                }
            } else {
                if forced == .int64 && !allIntegers {
                    let row = values.firstIndex { $0.isNaN || $0.rounded() != $0 } ?? 0
                    throw SynapseError.invalidFile(path: path, location: .line(rowLines[row], column: name),
                                                   reason: "the value '\(CSVTokenizer.text(spans[row], in: base))' is not an integer")
                }
                return Column(name: name, values: .numbers(values), isInteger: allIntegers && !values.isEmpty, origin: origin)
            }
        }
        var texts = [String?]()
        texts.reserveCapacity(spans.count)
        var firstNonNumber: (row: Int, text: String)?
        for (row, span) in spans.enumerated() {
            if isMissingMarker(span) { texts.append(nil); continue }
            let text = CSVTokenizer.text(span, in: base)
            if firstNonNumber == nil {
                let r = span.range
                if parseCSVNumber(base, r.lowerBound, r.upperBound) == nil { firstNonNumber = (row, text) }
            }
            texts.append(text)
        }
        let booleans = ["True": true, "TRUE": true, "true": true, "False": false, "FALSE": false, "false": false]
        if forced != .object, texts.contains(where: { $0 != nil }), texts.allSatisfy({ $0 == nil || booleans[$0!] != nil }) {
            return Column(name: name, values: .booleans(texts.map { $0.flatMap { booleans[$0] } }), isInteger: false, origin: origin)
        }
        var textOrigin = origin
        textOrigin.firstNonNumber = firstNonNumber
        return Column(name: name, values: .texts(texts), isInteger: false, origin: textOrigin)
    }
}

/// What parsing some rows of the candidate columns as numbers found: per column, whether all
/// were integers, and whether a value was neither a number nor a missing-value marker.
struct NumericOutcome {
    var allIntegers: [Bool]
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

/// The missing-value markers, with a quick test that rules most texts out without hashing.
struct MissingMarkers {
    let set: Set<String>
    let firstBytes: Set<UInt8>
    let maxLength: Int
    init(_ set: Set<String>) {
        self.set = set
        firstBytes = Set(set.compactMap { $0.utf8.first })
        maxLength = set.map(\.utf8.count).max() ?? 0
    }
    func contains(_ span: CSVFieldSpan, _ base: UnsafePointer<UInt8>) -> Bool {
        let r = span.range
        if r.isEmpty { return set.contains("") }
        guard r.count <= maxLength, firstBytes.contains(base[r.lowerBound]) else { return false }
        return set.contains(CSVTokenizer.text(span, in: base))
    }
}

/// Parses `columns` of `rows` as numbers, 2,048 rows at a time so the spans stay in cache,
/// writing row r of column k to outputs[k][r - rows.lowerBound + outputOffset].
func parseNumbers(spans: SpanBuffer, width: Int, rows: Range<Int>, columns: [Int], base: UnsafePointer<UInt8>,
                  markers: MissingMarkers, outputs: [UnsafeMutablePointer<Double>], outputOffset: Int) -> NumericOutcome {
    var outcome = NumericOutcome(allIntegers: columns.map { _ in true }, failed: columns.map { _ in false })
    let s = spans.base
    var blockStart = rows.lowerBound
    while blockStart < rows.upperBound {
        let block = blockStart..<min(blockStart + 2048, rows.upperBound)
        for (k, c) in columns.enumerated() where !outcome.failed[k] {
            var integers = outcome.allIntegers[k]
            let out = outputs[k] + (outputOffset - rows.lowerBound)
            for r in block {
                let span = s[r * width + c]
                let range = span.range
                if let (v, integer) = parseCSVNumber(base, range.lowerBound, range.upperBound) {
                    (out + r).initialize(to: v)
                    integers = integers && integer
                } else if markers.contains(span, base) {
                    (out + r).initialize(to: .nan)
                    integers = false
                } else {
                    outcome.failed[k] = true
                    break
                }
            }
            outcome.allIntegers[k] = integers
        }
        blockStart = block.upperBound
    }
    return outcome
}

/// One column's spans in the row-major span parts.
struct StridedSpans: RandomAccessCollection {
    let parts: [SpanBuffer]
    let partRows: [Int]
    let column: Int
    let stride: Int
    var startIndex: Int { 0 }
    var endIndex: Int { partRows.reduce(0, +) }
    subscript(row: Int) -> CSVFieldSpan {
        var r = row, k = 0
        while r >= partRows[k] { r -= partRows[k]; k += 1 }
        return parts[k][r * stride + column]
    }
}
