// A column of a DataFrame: a name and typed values with missing entries.
//
// Numbers are stored as Double with NaN meaning "missing", as in Pandas; `isInteger` records
// that every value was written as an integer and none is missing (Pandas's int64 dtype).
// Text, booleans and dates mark a missing entry as nil.
import Foundation

/// The values of one column.
public enum ColumnValues: Sendable, Equatable {
    /// Numbers; NaN marks a missing value.
    case numbers([Double])
    /// Text; nil marks a missing value.
    case texts([String?])
    /// Booleans; nil marks a missing value.
    case booleans([Bool?])
    /// Dates and times; nil marks a missing value.
    case dates([Date?])

    /// Equal values, with missing numbers (NaN) equal to each other, as Pandas's `equals`.
    public static func == (a: ColumnValues, b: ColumnValues) -> Bool {
        switch (a, b) {
        case let (.numbers(x), .numbers(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
        case let (.texts(x), .texts(y)): return x == y
        case let (.booleans(x), .booleans(y)): return x == y
        case let (.dates(x), .dates(y)): return x == y
        default: return false
        }
    }
}

/// The Pandas dtype a column prints as in `info()`: int64, uint64 (integers beyond int64 read
/// from a file, none negative), float64, bool, object (text) or datetime64[ns].
public enum ColumnType: String, Sendable, Codable {
    case int64, uint64, float64, bool, object
    case datetime = "datetime64[ns]"
}

/// One named column of a `DataFrame`.
public struct Column: Sendable, Equatable {
    /// The column's name (its header in the CSV).
    public var name: String
    /// The column's values.
    public var values: ColumnValues
    /// True when every value is an integer and none is missing (Pandas's int64).
    public var isInteger: Bool
    /// True for integers of which some lie beyond int64 and none is negative (Pandas's uint64,
    /// read from a file); the values are Doubles, so those beyond 2^53 are rounded.
    var isUnsigned = false
    /// Where the column came from, so that errors about it can name the file and line.
    var origin: Origin?

    /// A file and the line of each row, for error messages.
    struct Origin: Sendable, Equatable {
        var path: String
        var rowLines: [Int]
        /// The first value that is not a number, as (row, text), for a text column.
        var firstNonNumber: (row: Int, text: String)?
        static func == (a: Origin, b: Origin) -> Bool { a.path == b.path && a.rowLines == b.rowLines }
    }

    /// Same name, type and values (where a column was read from does not matter).
    public static func == (a: Column, b: Column) -> Bool {
        a.name == b.name && a.isInteger == b.isInteger && a.isUnsigned == b.isUnsigned && a.values == b.values
    }

    /// A column of numbers (NaN = missing).
    public init(name: String, numbers: [Double]) {
        self.name = name
        self.values = .numbers(numbers)
        self.isInteger = !numbers.isEmpty && numbers.allSatisfy { $0.rounded() == $0 && abs($0) < 9.2e18 }
    }

    /// A column of text (nil = missing).
    public init(name: String, texts: [String?]) {
        self.init(name: name, values: .texts(texts))
    }

    /// A column with the given values.
    public init(name: String, values: ColumnValues) {
        self.name = name
        self.values = values
        if case let .numbers(xs) = values {
            self.isInteger = !xs.isEmpty && xs.allSatisfy { $0.rounded() == $0 && abs($0) < 9.2e18 }
        } else {
            self.isInteger = false
        }
    }

    init(name: String, values: ColumnValues, isInteger: Bool, origin: Origin?) {
        self.name = name
        self.values = values
        self.isInteger = isInteger
        self.origin = origin
    }

    /// Number of rows.
    public var count: Int {
        switch values {
        case let .numbers(v): return v.count
        case let .texts(v): return v.count
        case let .booleans(v): return v.count
        case let .dates(v): return v.count
        }
    }

    /// The dtype Pandas would give this column.
    public var type: ColumnType {
        switch values {
        case .numbers: return isInteger ? (isUnsigned ? .uint64 : .int64) : .float64
        case .texts: return .object
        case .booleans: return .bool
        case .dates: return .datetime
        }
    }

    /// True for a column of numbers.
    public var isNumeric: Bool { if case .numbers = values { return true } else { return false } }

    /// Whether the value in `row` is missing.
    public func isMissing(_ row: Int) -> Bool {
        switch values {
        case let .numbers(v): return v[row].isNaN
        case let .texts(v): return v[row] == nil
        case let .booleans(v): return v[row] == nil
        case let .dates(v): return v[row] == nil
        }
    }

    /// Number of missing values.
    public var missingCount: Int { (0..<count).reduce(0) { $0 + (isMissing($1) ? 1 : 0) } }

    /// The numbers of this column; throws when it holds text, naming the file, line and value
    /// that is not a number. Booleans convert to 0 / 1; dates to seconds since 1970.
    public func numbers() throws -> [Double] {
        switch values {
        case let .numbers(v): return v
        case let .booleans(v): return v.map { $0.map { $0 ? 1 : 0 } ?? .nan }
        case let .dates(v): return v.map { $0?.timeIntervalSince1970 ?? .nan }
        case let .texts(v):
            if let origin, let (row, text) = origin.firstNonNumber {
                throw SynapseError.invalidFile(
                    path: origin.path, location: .line(origin.rowLines[row], column: name),
                    reason: "the value '\(text)' is not a number, and column '\(name)' was asked for as numbers")
            }
            let firstBad = v.firstIndex { $0 != nil && Double($0!) == nil }
            let shown = firstBad.map { "row \($0) holds '\(v[$0]!)'" } ?? "it holds text"
            throw SynapseError.invalidArgument("column '\(name)' is not numeric: \(shown)")
        }
    }

    /// The 1-based line of the file that `row` was read from; nil when the column was not read
    /// from a file (or the row is out of range).
    public func line(ofRow row: Int) -> Int? {
        guard let origin, origin.rowLines.indices.contains(row) else { return nil }
        return origin.rowLines[row]
    }

    /// An error about the value in `row`: at the file's line and this column when the column
    /// was read from a file, otherwise naming the column and the row number (0-based).
    func errorAt(row: Int, _ reason: String) -> SynapseError {
        if let origin, origin.rowLines.indices.contains(row) {
            return .invalidFile(path: origin.path, location: .line(origin.rowLines[row], column: name), reason: reason)
        }
        return .invalidArgument("column '\(name)', row \(row): \(reason)")
    }

    /// The value in `row` as text, as the DataFrame prints it (nil when missing).
    public func text(at row: Int) -> String? {
        switch values {
        case let .numbers(v):
            return v[row].isNaN ? nil : (isInteger ? integerText(v[row]) : shortestText(v[row]))
        case let .texts(v): return v[row]
        case let .booleans(v): return v[row].map { $0 ? "True" : "False" }
        case let .dates(v): return v[row].map(formatDate)
        }
    }

    /// The column restricted to the given rows, in that order.
    public func gathering(_ rows: [Int]) -> Column {
        let values: ColumnValues
        switch self.values {
        case let .numbers(v): values = .numbers(rows.map { v[$0] })
        case let .texts(v): values = .texts(rows.map { v[$0] })
        case let .booleans(v): values = .booleans(rows.map { v[$0] })
        case let .dates(v): values = .dates(rows.map { v[$0] })
        }
        var origin = self.origin
        if var o = origin {
            o.rowLines = rows.map { o.rowLines[$0] }
            if let bad = o.firstNonNumber {
                o.firstNonNumber = rows.firstIndex(of: bad.row).map { ($0, bad.text) }
            }
            origin = o
        }
        return Column(name: name, values: values, isInteger: isInteger && !rows.isEmpty, origin: origin)
    }
}

/// Shortest text that reads back as the same Double, without a trailing ".0" lost: 1.0 -> "1.0".
func shortestText(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    return "\(x)"
}

/// A whole number as an integer's text; those beyond int64 (read as uint64, or the rounded
/// int64 maximum 2^63) without trapping.
func integerText(_ x: Double) -> String {
    if x >= -9.223372036854775808e18 && x < 9.223372036854775808e18 { return String(Int64(x)) }
    if x >= 0 && x < 1.8446744073709551616e19 { return String(UInt64(x)) }
    return x >= 0 ? "18446744073709551615" : "-9223372036854775808"
}

/// ISO 8601 date, with the time when it is not midnight (UTC).
func formatDate(_ date: Date) -> String { CalendarDate(date).description }
