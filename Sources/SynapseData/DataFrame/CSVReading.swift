// Reading a DataFrame from CSV, with Pandas's read_csv defaults: a header row, type inference
// per column (int64 when every value is an integer, float64 when numbers with missing values,
// bool for True/False, text otherwise), Pandas's missing-value markers, an optional index
// column and ISO 8601 date columns.
import Foundation

/// How to read a CSV file; the defaults are Pandas's.
public struct CSVReadOptions: Sendable {
    /// Field separator, one ASCII character.
    public var delimiter: Character = ","
    /// Whether the first row names the columns; without one they are named "0", "1", ...
    public var hasHeader = true
    /// A column whose values become the row labels.
    public var indexColumn: String?
    /// Columns parsed as dates (YYYY-MM-DD, optionally with a time HH:MM[:SS[.fff]]).
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
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw SynapseError.invalidFile(path: path, location: nil, reason: "cannot be read: \(error.localizedDescription)")
        }
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
        var columnSpans = table.columns
        var rowLines = table.rowLines
        if options.hasHeader {
            names = table.header.map { CSVTokenizer.text($0, in: base) }
            var seen = [String: Int]()
            for (i, name) in names.enumerated() {  // Pandas renames duplicates a, a.1, a.2
                if let k = seen[name] { names[i] = "\(name).\(k)"; seen[name] = k + 1 } else { seen[name] = 1 }
            }
        } else {
            names = (0..<table.header.count).map(String.init)
            for c in columnSpans.indices { columnSpans[c].insert(table.header[c], at: 0) }
            rowLines.insert(1, at: 0)
        }
        for required in options.requiredColumns + options.parseDates + Array(options.types.keys) + [options.indexColumn].compactMap({ $0 })
        where !names.contains(required) {
            throw SynapseError.invalidFile(
                path: path, location: .column(required),
                reason: "no column named '\(required)'; the header has \(names.map { "'\($0)'" }.joined(separator: ", "))")
        }
        var columns = [Column?](repeating: nil, count: names.count)
        var failure: SynapseError?
        let lock = NSLock()
        // Columns are independent: convert them on two threads.
        DispatchQueue.concurrentPerform(iterations: min(2, max(names.count, 1))) { worker in
            var c = worker
            while c < names.count {
                do {
                    let column = try convertColumn(name: names[c], spans: columnSpans[c], base: base, rowLines: rowLines,
                                                   path: path, options: options)
                    lock.lock(); columns[c] = column; lock.unlock()
                } catch let error as SynapseError {
                    lock.lock(); if failure == nil { failure = error }; lock.unlock()
                    return
                } catch {
                    return
                }
                c += 2
            }
        }
        if let failure { throw failure }
        var result = DataFrame(uncheckedColumns: columns.map { $0! }, index: nil, sourcePath: path)
        if let indexName = options.indexColumn, let indexColumn = result[indexName] {
            result.index = (0..<indexColumn.count).map { indexColumn.text(at: $0) ?? "NaN" }
            result[indexName] = nil
        }
        return result
    }

    private static func convertColumn(name: String, spans: [CSVFieldSpan], base: UnsafePointer<UInt8>, rowLines: [Int],
                                      path: String, options: CSVReadOptions) throws -> Column {
        let origin = Column.Origin(path: path, rowLines: rowLines, firstNonNumber: nil)
        let forced = options.types[name]
        if options.parseDates.contains(name) || forced == .datetime {
            var dates = [Date?]()
            dates.reserveCapacity(spans.count)
            for (row, span) in spans.enumerated() {
                let text = CSVTokenizer.text(span, in: base)
                if options.missingMarkers.contains(text) { dates.append(nil); continue }
                guard let date = parseISODate(text) else {
                    throw SynapseError.invalidFile(path: path, location: .line(rowLines[row], column: name),
                                                   reason: "'\(text)' is not a date of the form YYYY-MM-DD[ HH:MM[:SS]]")
                }
                dates.append(date)
            }
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
                } else if options.missingMarkers.contains(CSVTokenizer.text(span, in: base)) {
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
            let text = CSVTokenizer.text(span, in: base)
            if options.missingMarkers.contains(text) { texts.append(nil); continue }
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

/// Parses YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS[.fff]] (or with a T) and YYYY-MM as UTC.
func parseISODate(_ text: String) -> Date? {
    let u = Array(text.utf8)
    func number(_ from: Int, _ count: Int) -> Int64? {
        guard from + count <= u.count else { return nil }
        var v: Int64 = 0
        for k in from..<(from + count) {
            let d = u[k] &- 0x30
            guard d <= 9 else { return nil }
            v = v * 10 + Int64(d)
        }
        return v
    }
    guard u.count >= 7, let y = number(0, 4), u[4] == UInt8(ascii: "-") || u[4] == UInt8(ascii: "/"),
          let m = number(5, 2), (1...12).contains(m) else { return nil }
    var d: Int64 = 1
    var seconds: Double = 0
    if u.count > 7 {
        guard u.count >= 10, u[7] == u[4], let day = number(8, 2), (1...31).contains(day) else { return nil }
        d = day
        if u.count > 10 {
            guard u.count >= 16, u[10] == UInt8(ascii: " ") || u[10] == UInt8(ascii: "T"),
                  let hh = number(11, 2), u[13] == UInt8(ascii: ":"), let mm = number(14, 2), hh < 24, mm < 60 else { return nil }
            seconds = Double(hh * 3600 + mm * 60)
            if u.count > 16 {
                guard u.count >= 19, u[16] == UInt8(ascii: ":"), let ss = number(17, 2), ss < 61 else { return nil }
                seconds += Double(ss)
                if u.count > 19 {
                    guard u[19] == UInt8(ascii: "."), let fraction = Double("0" + String(decoding: u[19...], as: UTF8.self)) else { return nil }
                    seconds += fraction
                }
            }
        }
    } else if u.count != 7 {
        return nil
    }
    return Date(timeIntervalSince1970: Double(daysFromCivil(y, m, d)) * 86_400 + seconds)
}
