// Reading a DataFrame from CSV as pandas.read_csv reads it (docs/DATA.md lists the rules and
// the deliberate refusals). The steps: decode the bytes (UTF-8 is checked, other encodings are
// converted), drop comments, skip lines, cut into fields (CSVTokenizer), name the columns
// (empty names "Unnamed: N", duplicates renamed as Pandas's parser renames them), then infer
// each column's type: int64 when every value is an integer within int64 and none is missing,
// uint64 when some lie beyond int64 and none is negative, float64 for other numbers (and ±inf)
// with missing values; text for integers beyond uint64; bool for true/false in any case with
// none missing; text otherwise. Date columns come from TimeSeries/DateParsing.swift; an index
// column of dates makes a date index.
import Foundation

extension DataFrame {
    /// Reads a CSV file (Pandas's `read_csv`). Throws a `SynapseError.invalidFile` naming the
    /// file and the line (and column) of a ragged row, an unterminated quote, a byte that is not
    /// in the file's encoding, a value that does not fit a forced type, an empty file, or a
    /// required column that is absent; where Pandas would read a file in a way that surprises
    /// its users (an implicit index, short rows) the error says what Pandas does and which
    /// option reads the file.
    public init(csvFile path: String, options: CSVReadOptions = CSVReadOptions()) throws {
        let data = try FileIO.read(path)
        self = try data.withUnsafeBytes { raw in
            try DataFrame.parseCSV(raw.bindMemory(to: UInt8.self), path: path, options: options)
        }
    }

    /// Reads CSV from text in memory; errors name `name` as the file. The text is already
    /// decoded, so `options.encoding` is not used.
    public init(csvText text: String, name: String = "<csv text>", options: CSVReadOptions = CSVReadOptions()) throws {
        var text = text
        var options = options
        options.encoding = .utf8
        self = try text.withUTF8 { try DataFrame.parseCSV($0, path: name, options: options, checked: true) }
    }

    /// Reads the bytes of a CSV file; `checked` says they are known to be UTF-8.
    static func parseCSV(_ bytes: UnsafeBufferPointer<UInt8>, path: String, options: CSVReadOptions,
                         checked: Bool = false) throws -> DataFrame {
        func ascii(_ c: Character?, _ option: String) throws -> UInt8? {
            guard let c else { return nil }
            guard let byte = c.asciiValue, c != "\"", c != "\n", c != "\r" else {
                throw SynapseError.invalidArgument("the CSV \(option) must be one ASCII character other than a quote or a line break, not '\(c)'")
            }
            return byte
        }
        let delimiter = try ascii(options.delimiter, "delimiter")!
        let format = NumberFormat(decimal: try ascii(options.decimal, "decimal mark")!,
                                  thousands: try ascii(options.thousands, "thousands separator").map(Int.init) ?? -1)
        if Int(format.decimal) == format.thousands || format.decimal == delimiter {
            throw SynapseError.invalidArgument("the CSV decimal mark '\(options.decimal)' must differ from the delimiter and the thousands separator")
        }
        let comment = try ascii(options.comment, "comment character")
        guard options.skipRows >= 0, (options.nRows ?? 0) >= 0 else {
            throw SynapseError.invalidArgument("skipRows and nRows must not be negative")
        }
        if options.encoding == .utf8 && comment == nil {
            if !checked { try CSVDecoding.checkUTF8(bytes, path: path) }
            return try parseUTF8(bytes, path: path, options: options, delimiter: delimiter, format: format)
        }
        var text = options.encoding == .utf8 && checked ? Array(bytes) : try CSVDecoding.utf8Bytes(bytes, encoding: options.encoding, path: path)
        if let comment { text = removingComments(text, comment) }
        return try text.withUnsafeBufferPointer {
            try parseUTF8($0, path: path, options: options, delimiter: delimiter, format: format)
        }
    }

    /// The text with every comment (from `comment` outside quotes to the end of its line)
    /// removed; line breaks stay, so line numbers do not change.
    static func removingComments(_ text: [UInt8], _ comment: UInt8) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(text.count)
        var quoted = false, inComment = false
        for b in text {
            if b == 0x0A || b == 0x0D { inComment = false } else if inComment { continue }
            if b == CSVTokenizer.quote { quoted.toggle() } else if b == comment && !quoted { inComment = true; continue }
            out.append(b)
        }
        return out
    }

    static func parseUTF8(_ bytes: UnsafeBufferPointer<UInt8>, path: String, options: CSVReadOptions,
                          delimiter: UInt8, format: NumberFormat) throws -> DataFrame {
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            throw SynapseError.invalidFile(path: path, location: .line(1), reason: "the file is empty; expected a header row")
        }
        // Lines skipped before the header (`skiprows`), after a byte order mark.
        var start = bytes.count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF ? 3 : 0
        for _ in 0..<options.skipRows where start < bytes.count {
            while start < bytes.count, base[start] != CSVTokenizer.lf, base[start] != CSVTokenizer.cr { start += 1 }
            if start < bytes.count { start += base[start] == CSVTokenizer.cr && start + 1 < bytes.count && base[start + 1] == CSVTokenizer.lf ? 2 : 1 }
        }
        if start >= bytes.count {
            throw SynapseError.invalidFile(path: path, location: .line(1), reason: "the file holds no rows after the \(options.skipRows) skipped lines; expected a header row")
        }
        let dialect = CSVTokenizer.Dialect(delimiter: delimiter, skipInitialSpace: options.skipInitialSpace,
                                           maxRows: options.nRows.map { options.hasHeader ? $0 : max($0 - 1, 0) })
        let table = try CSVTokenizer.tokenize(bytes, dialect: dialect, path: path, start: start, firstLine: options.skipRows + 1)
        var parts = table.parts
        var rowLines = table.rowLines
        let stride = table.rowWidth
        // The field of each column, the field of an implicit index, and the names.
        var fields = Array(0..<min(table.header.count, stride))
        var implicitIndexField: Int?
        var names: [String]
        if options.hasHeader {
            names = table.header.enumerated().map { i, span in
                let name = CSVTokenizer.text(span, in: base)
                return name.isEmpty ? "Unnamed: \(i)" : name
            }
            names = pandasDeduplicated(names)
            let extra = stride - table.header.count
            if extra > 0 {
                switch options.implicitIndex {
                case .refuse:
                    throw SynapseError.invalidFile(path: path, location: .line(rowLines[0]), reason: implicitIndexRefusal(extra: extra, header: table.header.count))
                case .index where extra > 1:
                    throw SynapseError.invalidFile(
                        path: path, location: .line(rowLines[0]),
                        reason: "the data rows have \(stride) fields and the header \(table.header.count): Pandas would make a \(extra)-level index of the first \(extra) fields, and Synapse has no multi-level index; read it with implicitIndex: .dropTrailing (Pandas's index_col=False) to keep the header's columns")
                case .index:
                    implicitIndexField = 0
                    fields = Array(1..<stride)
                case .dropTrailing:
                    break
                }
            }
        } else {
            if table.header.count != stride {
                throw SynapseError.invalidFile(path: path, location: .line(rowLines[0]), reason: CSVTokenizer.raggedRowReason(
                    fields: stride, expected: table.header.count, headerFields: table.header.count))
            }
            names = (0..<stride).map(String.init)
            parts.insert(SpanBuffer(table.header), at: 0)
            rowLines.insert(table.headerLine, at: 0)
            if let nRows = options.nRows, rowLines.count > nRows { rowLines.removeLast() }  // a last row read past nrows
        }
        // Only `useColumns`, in the file's order.
        var kept = Array(names.indices)
        if let wanted = options.useColumns {
            if let absent = wanted.first(where: { !names.contains($0) }) {
                throw SynapseError.invalidFile(path: path, location: .column(absent),
                                               reason: "useColumns names '\(absent)', which the header lacks (Pandas raises too); the header has \(names.map { "'\($0)'" }.joined(separator: ", "))")
            }
            kept = names.indices.filter { wanted.contains(names[$0]) }
        }
        names = kept.map { names[$0] }
        fields = kept.map { fields[$0] }
        // An index column named by its position (Pandas's index_col=0) when no column has that name.
        var options = options
        if let index = options.indexColumn, !names.contains(index), let k = Int(index), names.indices.contains(k) {
            options.parseDates = options.parseDates.map { $0 == index ? names[k] : $0 }
            options.indexColumn = names[k]
        }
        for required in options.requiredColumns + options.parseDates + Array(options.dtype.keys) + [options.indexColumn].compactMap({ $0 })
        where !names.contains(required) {
            throw SynapseError.invalidFile(
                path: path, location: .column(required),
                reason: "no column named '\(required)'; the header has \(names.map { "'\($0)'" }.joined(separator: ", "))")
        }
        let width = names.count
        let partRows = parts.map { stride == 0 ? 0 : $0.count / stride }
        let rows = min(partRows.reduce(0, +), rowLines.count)
        let context = ConversionContext(base: base, path: path, rowLines: rowLines, options: options, format: format)
        // Pass 1, cache-friendly: parse every candidate column as numbers, 2,048 rows at a time,
        // the parts on separate threads (one part of a small file is cut in two here).
        let candidates = rows == 0 ? [] : (0..<width).filter { c in
            !options.parseDates.contains(names[c]) && ![ColumnType.object, .bool, .datetime].contains(options.dtype[names[c]])
        }
        var jobs: [(part: Int, rows: Range<Int>, offset: Int)] = parts.indices.map {
            ($0, 0..<min(partRows[$0], rows - partRows[..<$0].reduce(0, +)), partRows[..<$0].reduce(0, +))
        }
        if jobs.count == 1, rows >= 4096 { jobs = [(0, 0..<(rows / 2), 0), (0, (rows / 2)..<rows, rows / 2)] }
        var columns = [Column?](repeating: nil, count: width)
        let origin = Column.Origin(path: path, rowLines: Array(rowLines.prefix(rows)), firstNonNumber: nil)
        // Each thread writes its rows straight into the final arrays (no copy, no concatenation);
        // at most 256 columns at a time, as the arrays are made by nested closures.
        for group in Swift.stride(from: 0, to: candidates.count, by: 256).map({ Array(candidates[$0..<min($0 + 256, candidates.count)]) }) {
            var outcomes = [NumericOutcome?](repeating: nil, count: jobs.count)
            let lock = NSLock()
            var pointers: [UnsafeMutablePointer<Double>] = []
            let arrays = makeUninitializedColumns(group.count, rows: rows, &pointers) { outputs in
                Parallel.forEach(count: jobs.count, grain: 1) { range in
                    for h in range {
                        let outcome = parseNumbers(spans: parts[jobs[h].part], stride: stride, rows: jobs[h].rows, fields: group.map { fields[$0] },
                                                   context: context, outputs: outputs, outputOffset: jobs[h].offset)
                        lock.lock(); outcomes[h] = outcome; lock.unlock()
                    }
                }
                // A column that failed may have unwritten entries: make them numbers before the
                // arrays claim them (the arrays are dropped anyway).
                for k in group.indices where outcomes.contains(where: { $0!.failed[k] }) { outputs[k].initialize(repeating: 0, count: rows) }
            }
            for (k, c) in group.enumerated() where outcomes.allSatisfy({ !$0!.failed[k] }) {
                let kinds = outcomes.reduce(UInt8(0)) { $0 | $1!.kinds[k] }
                let forced = options.dtype[names[c]]
                let integers = kinds & (NumberKind.fraction | NumberKind.missing) == 0
                let beyondInt64 = kinds & NumberKind.beyondInt64 != 0
                if forced == .int64 && !integers { continue }  // pass 2 reports the row
                // Pandas keeps as text integers beyond int64 beside negative or missing ones.
                if forced == nil && beyondInt64 && kinds & (NumberKind.negative | NumberKind.missing) != 0 && kinds & NumberKind.fraction == 0 { continue }
                var column = Column(name: names[c], values: .numbers(arrays[k]), isInteger: integers && forced != .float64, origin: origin)
                column.isUnsigned = column.isInteger && beyondInt64
                columns[c] = column
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
                    let column = try convertColumn(name: names[c], spans: StridedSpans(parts: parts, partRows: partRows, rows: rows,
                                                                                     column: fields[c], stride: stride),
                                                   context: context)
                    lock.lock(); columns[c] = column; lock.unlock()
                } catch {
                    lock.lock(); failure = failure ?? error; lock.unlock()
                    return
                }
            }
        }
        if let failure { throw failure }
        var result = DataFrame(uncheckedColumns: columns.map { $0! }, labels: nil, sourcePath: path)
        if let field = implicitIndexField {
            let labels = StridedSpans(parts: parts, partRows: partRows, rows: rows, column: field, stride: stride)
            result.index = labels.map { CSVTokenizer.text($0, in: base) }
        }
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

    /// What converting a column needs to know about the file.
    struct ConversionContext {
        let base: UnsafePointer<UInt8>
        let path: String
        let rowLines: [Int]
        let options: CSVReadOptions
        let format: NumberFormat
        let markers: MissingMarkers

        init(base: UnsafePointer<UInt8>, path: String, rowLines: [Int], options: CSVReadOptions, format: NumberFormat) {
            self.base = base
            self.path = path
            self.rowLines = rowLines
            self.options = options
            self.format = format
            markers = MissingMarkers(options.missingMarkers, format: format)
        }
    }

    private static func convertColumn(name: String, spans: StridedSpans, context: ConversionContext) throws -> Column {
        let base = context.base, rowLines = context.rowLines, path = context.path, options = context.options
        let origin = Column.Origin(path: path, rowLines: Array(rowLines.prefix(spans.count)), firstNonNumber: nil)
        func isMissingMarker(_ span: CSVFieldSpan) -> Bool { context.markers.contains(span, base) }
        let forced = options.dtype[name]
        if options.parseDates.contains(name) || forced == .datetime {
            let dates = try parseDateColumn(count: spans.count, text: { row in
                isMissingMarker(spans[row]) ? nil : CSVTokenizer.text(spans[row], in: base)
            }, error: { row, reason in
                SynapseError.invalidFile(path: path, location: .line(rowLines[row], column: name), reason: reason)
            })
            return Column(name: name, values: .dates(dates), isInteger: false, origin: origin)
        }
        if forced == .int64 || forced == .uint64 || forced == .float64 {
            var values = [Double]()
            values.reserveCapacity(spans.count)
            for (row, span) in spans.enumerated() {
                let r = span.range
                if isMissingMarker(span) {
                    guard forced == .float64 else {
                        throw SynapseError.invalidFile(path: path, location: .line(rowLines[row], column: name),
                                                       reason: "a value is missing, and column '\(name)' was asked for as integers (Pandas raises too)")
                    }
                    values.append(.nan)
                } else if let (v, kind) = parseCSVNumber(base, r.lowerBound, r.upperBound, context.format), forced == .float64 || kind & NumberKind.fraction == 0 {
                    values.append(v)
                } else {
                    let text = CSVTokenizer.text(span, in: base)
                    let asked = forced == .float64 ? "numbers" : "integers"
                    throw SynapseError.invalidFile(path: path, location: .line(rowLines[row], column: name),
                                                   reason: parseCSVNumber(base, r.lowerBound, r.upperBound, context.format) == nil
                                                       ? "the value '\(text)' is not a number, and column '\(name)' was asked for as numbers"
                                                       : "the value '\(text)' is not an integer, and column '\(name)' was asked for as \(asked)")
                }
            }
            return Column(name: name, values: .numbers(values), isInteger: forced != .float64 && !values.isEmpty, origin: origin)
        }
        var texts = [String?]()
        texts.reserveCapacity(spans.count)
        var firstNonNumber: (row: Int, text: String)?
        for (row, span) in spans.enumerated() {
            if isMissingMarker(span) { texts.append(nil); continue }
            let text = CSVTokenizer.text(span, in: base)
            if firstNonNumber == nil {
                let r = span.range
                if parseCSVNumber(base, r.lowerBound, r.upperBound, context.format) == nil { firstNonNumber = (row, text) }
            }
            texts.append(text)
        }
        // Booleans in any case (Pandas compares without case); a missing value makes the column text.
        func boolean(_ text: String?) -> Bool? {
            guard let text, text.utf8.count == 4 || text.utf8.count == 5 else { return nil }
            switch text.lowercased() { case "true": return true; case "false": return false; default: return nil }
        }
        if forced == .bool || (forced == nil && !texts.isEmpty && texts.allSatisfy({ boolean($0) != nil })) {
            return Column(name: name, values: .booleans(try texts.enumerated().map { row, text in
                guard text == nil || boolean(text) != nil else {
                    throw SynapseError.invalidFile(path: path, location: .line(rowLines[row], column: name),
                                                   reason: "the value '\(text!)' is not True or False, and column '\(name)' was asked for as bool")
                }
                return boolean(text)
            }), isInteger: false, origin: origin)
        }
        var textOrigin = origin
        textOrigin.firstNonNumber = firstNonNumber
        return Column(name: name, values: .texts(texts), isInteger: false, origin: textOrigin)
    }
}
