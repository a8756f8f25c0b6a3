// Reading dates from text, as Pandas's `read_csv(parse_dates=...)` does for the forms of the
// seed's data: ISO 8601, year-month, year, year/month/day and the US month/day/year. A column
// is written in one form, found from its first value (Pandas infers the format from the first
// non-missing value too); every value must then be in that form and name a real day, or the
// read fails on its line. Dates are UTC instants (`Date`, seconds since 1970).
//   two-digit years (MM/DD/YY): 00...68 → 2000...2068, 69...99 → 1969...1999 (Python's %y,
//   which Pandas uses for an explicit format).
import Foundation

/// A form dates are written in. `detect(_:)` finds the form of a text; `date(from:)` reads it.
public enum DateFormat: String, CaseIterable, Sendable {
    /// ISO 8601 date or date and time: `1995-01-31`, `1995-01-31 12:30`, `1995-01-31T12:30:15.5`.
    /// Dates with and without a time may mix in one column (Pandas's `format="ISO8601"`).
    case iso = "YYYY-MM-DD[ HH:MM[:SS]]"
    /// `1995-01`: the first day of the month.
    case yearMonth = "YYYY-MM"
    /// `1995`: the first of January.
    case year = "YYYY"
    /// `1995/01/31` (month and day may have one digit).
    case yearMonthDaySlashes = "YYYY/MM/DD"
    /// `01/31/1995` or `1/31/1995`: month first, as Pandas reads when `dayfirst` is false.
    case monthDayYear = "MM/DD/YYYY"
    /// `01/31/95`: years 00...68 are 2000...2068 and 69...99 are 1969...1999, as Pandas's `%y`.
    case monthDayShortYear = "MM/DD/YY"

    /// The form `text` is written in (by its shape: digits and separators), or nil when it is in
    /// none of them. A text can be in a form and still not be a date ("2021-02-30").
    public static func detect(_ text: String) -> DateFormat? {
        let bytes = Array(text.utf8)
        return allCases.first { $0.fields(bytes) != nil }
    }

    /// The date `text` names in this form, or nil when it is not in this form or names no real
    /// day or time (month 13, February 30, hour 24).
    public func date(from text: String) -> Date? {
        if case let .date(date) = read(text) { return date }
        return nil
    }

    /// The date of `text` in whichever form it is written; the error says why it is not one.
    public static func parse(_ text: String) throws -> Date {
        guard let format = detect(text) else { throw SynapseError.invalidArgument(notAnyForm(text)) }
        switch format.read(text) {
        case let .date(date): return date
        case let .invalid(reason), let .otherForm(reason): throw SynapseError.invalidArgument(reason)
        }
    }

    // MARK: Reading

    /// What reading one text in a form gave.
    enum Reading {
        case date(Date)
        /// In the form but not a real date; the reason says what is out of range.
        case invalid(String)
        /// Not in the form.
        case otherForm(String)
    }

    func read(_ text: String) -> Reading {
        guard let fields = fields(Array(text.utf8)) else {
            return .otherForm("'\(text)' is not a date of the form \(rawValue)")
        }
        if let problem = fields.problem { return .invalid("'\(text)' is not a valid date: \(problem)") }
        return .date(fields.date)
    }

    static func notAnyForm(_ text: String) -> String {
        "'\(text)' is not a date in a form Synapse reads (\(allCases.map(\.rawValue).joined(separator: ", ")))"
    }

    /// The fields of `u` when it has this form's shape (ranges are not checked here).
    func fields(_ u: [UInt8]) -> CalendarDate? {
        var scanner = DigitScanner(u)
        switch self {
        case .iso:
            guard let y = scanner.digits(4), scanner.skip("-"), let m = scanner.digits(2), scanner.skip("-"),
                  let d = scanner.digits(2) else { return nil }
            var date = CalendarDate(year: y, month: m, day: d)
            if scanner.atEnd { return date }
            guard scanner.skip("T") || scanner.skip(" "), let h = scanner.digits(2), scanner.skip(":"),
                  let minute = scanner.digits(2) else { return nil }
            date.hour = h
            date.minute = minute
            if scanner.skip(":") {
                guard let s = scanner.digits(2) else { return nil }
                date.second = Double(s)
                if scanner.skip(".") {
                    guard let fraction = scanner.fraction() else { return nil }
                    date.second += fraction
                }
            }
            return scanner.atEnd ? date : nil
        case .yearMonth:
            guard let y = scanner.digits(4), scanner.skip("-"), let m = scanner.digits(2), scanner.atEnd else { return nil }
            return CalendarDate(year: y, month: m)
        case .year:
            guard let y = scanner.digits(4), scanner.atEnd else { return nil }
            return CalendarDate(year: y, month: 1)
        case .yearMonthDaySlashes:
            guard let y = scanner.digits(4), scanner.skip("/"), let m = scanner.digits(1...2), scanner.skip("/"),
                  let d = scanner.digits(1...2), scanner.atEnd else { return nil }
            return CalendarDate(year: y, month: m, day: d)
        case .monthDayYear, .monthDayShortYear:
            let long = self == .monthDayYear
            guard let m = scanner.digits(1...2), scanner.skip("/"), let d = scanner.digits(1...2), scanner.skip("/"),
                  let y = scanner.digits(long ? 4 : 2), scanner.atEnd else { return nil }
            return CalendarDate(year: long ? y : (y <= 68 ? 2000 + y : 1900 + y), month: m, day: d)
        }
    }
}

/// Reads fixed runs of ASCII digits and separators from the bytes of a text.
private struct DigitScanner {
    let u: [UInt8]
    var i = 0
    init(_ u: [UInt8]) { self.u = u }

    var atEnd: Bool { i == u.count }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard i < u.count, u[i] == UInt8(ascii: character) else { return false }
        i += 1
        return true
    }

    mutating func digits(_ count: Int) -> Int? { digits(count...count) }

    /// As many digits as `counts` allows (greedy); nil when fewer than its lower bound.
    mutating func digits(_ counts: ClosedRange<Int>) -> Int? {
        var value = 0, n = 0
        while n < counts.upperBound, i < u.count, u[i] &- 0x30 <= 9 {
            value = value * 10 + Int(u[i] &- 0x30)
            i += 1
            n += 1
        }
        return n >= counts.lowerBound ? value : nil
    }

    /// The digits after a decimal point, as a fraction of one (at most 9 digits: nanoseconds).
    mutating func fraction() -> Double? {
        let start = i
        guard let value = digits(1...9) else { return nil }
        return Double(value) / pow(10, Double(i - start))
    }
}

/// Parses a column's texts as dates of one form, found from the first non-missing text.
/// `error(row, reason)` makes the error for a row (with the file and line when known).
func parseDateColumn(count: Int, text: (Int) -> String?, error: (Int, String) -> SynapseError) throws -> [Date?] {
    var dates = [Date?]()
    dates.reserveCapacity(count)
    var form: (format: DateFormat, first: String)?
    for row in 0..<count {
        guard let value = text(row) else { dates.append(nil); continue }
        if form == nil {
            guard let format = DateFormat.detect(value) else { throw error(row, DateFormat.notAnyForm(value)) }
            form = (format, value)
        }
        guard let (format, first) = form else { continue }
        switch format.read(value) {
        case let .date(date): dates.append(date)
        case let .invalid(reason): throw error(row, reason)
        case let .otherForm(reason):
            throw error(row, reason + ", the form of the column's first date '\(first)'; a column holds dates of one form")
        }
    }
    return dates
}
