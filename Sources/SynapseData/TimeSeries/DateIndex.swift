// A date index on a DataFrame (Pandas's DatetimeIndex): the rows' dates, kept with the lines
// they were read from so that errors about them name the file and line. As Pandas, the dates
// may repeat or go back; `inferredFrequency` and `checkRegular` say whether they form a regular
// series, and `rows(from:to:)` selects rows by date with Pandas's partial strings:
//   "1995" is all of 1995, "1995-03" all of March 1995, "1995-03-15" all of that day, and
//   "1995-03-15 12:30" that instant; both ends are included, as in `df.loc["1990-01":"1995-12"]`.
import Foundation

extension DataFrame {
    /// The rows' dates when the frame has a date index (read with `CSVReadOptions(indexColumn:
    /// "DATE", parseDates: ["DATE"])` or set with `settingDateIndex(_:)`), else nil.
    public var dateIndex: [Date]? {
        guard let labels, case let .dates(dates) = labels.values else { return nil }
        return dates.compactMap { $0 }  // a date index holds no missing date (settingDateIndex checks)
    }

    /// A copy whose index is the named column read as dates, and without that column (Pandas's
    /// `df.set_index(pd.to_datetime(df["DATE"]))`). A text column is parsed in one of the forms
    /// of `DateFormat`. Throws when the column is missing (naming the file and the columns), when
    /// a value is not a date or is missing (naming the file, line and text).
    public func settingDateIndex(_ name: String) throws -> DataFrame {
        var frame = self
        frame[name] = nil
        return try frame.settingDateIndex(column: column(name))
    }

    /// A copy with the given dates as its index, one per row.
    public func settingDateIndex(_ dates: [Date], name: String = "") throws -> DataFrame {
        guard dates.count == rowCount || columnValues.isEmpty else {
            throw SynapseError.shapeMismatch("\(dates.count) dates for a frame of \(rowCount) rows")
        }
        var frame = self
        frame.labels = Column(name: name, values: .dates(dates))
        return frame
    }

    /// This frame with `column` (not one of its columns) as a date index.
    func settingDateIndex(column: Column) throws -> DataFrame {
        let dates: [Date?]
        if case let .dates(values) = column.values {
            dates = values
        } else {
            dates = try parseDateColumn(count: column.count, text: column.text(at:), error: column.errorAt(row:_:))
        }
        if let row = dates.firstIndex(where: { $0 == nil }) {
            throw column.errorAt(row: row, "the date is missing; a date index needs a date on every row")
        }
        var frame = self
        frame.labels = Column(name: column.name, values: .dates(dates), isInteger: false, origin: column.origin)
        return frame
    }

    /// The date index, or an error saying how to make one.
    func requireDateIndex(_ operation: String) throws -> [Date] {
        if let dates = dateIndex { return dates }
        throw SynapseError.invalidArgument(
            "\(operation) needs a date index; read the file with CSVReadOptions(indexColumn: \"DATE\", parseDates: [\"DATE\"]) "
                + "or call settingDateIndex(\"DATE\")")
    }

    // MARK: Regular series

    /// The frequency of the date index when every date is one step after the one before
    /// (at least three dates, as Pandas's `infer_freq`), else nil: a series with a gap, a
    /// repeated date or dates that go back has none. Months step from the same day of the
    /// month, or from month end to month end (Pandas's MS and ME both give `.month`).
    public var inferredFrequency: DateFrequency? {
        guard let dates = dateIndex, dates.count >= 3 else { return nil }
        return DateFrequency.allCases.first { frequency in
            zip(dates, dates.dropFirst()).allSatisfy { frequency.steps(from: $0, to: $1) == 1 }
        }
    }

    /// Checks that the date index is a regular series: one row per `frequency` (by default
    /// the frequency most steps between neighbouring dates have), with no gap, repeat or
    /// step back. Throws at the first row that breaks it, naming the file and line when the
    /// dates were read from one: "elec.csv, line 39, column DATE: 1998-03-01 follows
    /// 1998-01-01; a monthly series has a gap: 1998-02-01 is missing". Returns the frequency.
    @discardableResult
    public func checkRegular(_ frequency: DateFrequency? = nil) throws -> DateFrequency {
        let dates = try requireDateIndex("checkRegular")
        guard let labels else { throw SynapseError.invalidArgument("checkRegular needs a date index") }
        let steps = zip(dates, dates.dropFirst())
        guard let frequency = frequency ?? mostCommonFrequency(steps) else {
            let reason = dates.count < 2
                ? "a date index of \(dates.count) row\(dates.count == 1 ? "" : "s") has no frequency; name one, as checkRegular(.month)"
                : "no two neighbouring dates are one second, minute, hour, day, week, month, quarter or year apart"
            if let sourcePath { throw SynapseError.invalidFile(path: sourcePath, location: .column(labels.name), reason: reason) }
            throw SynapseError.invalidArgument(reason)
        }
        for (row, (a, b)) in steps.enumerated() {
            let n = frequency.steps(from: a, to: b)
            if n == 1 { continue }
            let (x, y) = (formatDate(a), formatDate(b))
            let reason: String
            if b == a {
                reason = "\(y) repeats the date before it; a \(frequency.adjective) series has one row per \(frequency.rawValue)"
            } else if b < a {
                reason = "\(y) follows \(x), a later date; the dates go back (sortedByIndex() puts them in order)"
            } else if let n, n > 1 {
                let missing = n == 2 ? "\(formatDate(frequency.next(after: a))) is missing"
                    : "\(n - 1) \(frequency.rawValue)s are missing, from \(formatDate(frequency.next(after: a)))"
                reason = "\(y) follows \(x); a \(frequency.adjective) series has a gap: \(missing)"
            } else {
                reason = "\(y) follows \(x); a \(frequency.adjective) series has \(formatDate(frequency.next(after: a))) next"
            }
            throw labels.errorAt(row: row + 1, reason)
        }
        return frequency
    }

    /// The frequency that the most steps between neighbouring dates are one step of (the
    /// finer on a tie), or nil when none is.
    private func mostCommonFrequency(_ steps: Zip2Sequence<[Date], ArraySlice<Date>>) -> DateFrequency? {
        let counts = DateFrequency.allCases.map { f in steps.filter { f.steps(from: $0, to: $1) == 1 }.count }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] > 0 else { return nil }
        return DateFrequency.allCases[best]
    }

    // MARK: Selecting by date

    /// The rows dated from the start of the period `from` names to the end of the period `to`
    /// names, both included (Pandas's `df.loc["1990-01":"1995-12"]`): "1990" is the whole
    /// year, "1990-01" the whole month, "1990-01-15" the whole day, "1990-01-15 12:00" that
    /// instant; nil leaves that end open. Rows keep their order. Throws when the frame has no
    /// date index or a bound is not a date.
    public func rows(from: String? = nil, to: String? = nil) throws -> DataFrame {
        let dates = try requireDateIndex("rows(from:to:)")
        let lower = try from.map { try DatePeriod($0).start } ?? -.infinity
        let upper = try to.map { try DatePeriod($0).end } ?? .infinity
        return rows(dates.indices.filter {
            let t = dates[$0].timeIntervalSince1970
            return t >= lower && t < upper
        })
    }

    /// The rows dated within `range`, both ends included.
    public func rows(in range: ClosedRange<Date>) throws -> DataFrame {
        let dates = try requireDateIndex("rows(in:)")
        return rows(dates.indices.filter { range.contains(dates[$0]) })
    }

    /// The rows dated in a year, or in one month (1...12) of it (Pandas's `df.loc["1990"]`).
    public func rows(year: Int, month: Int? = nil) throws -> DataFrame {
        if let month, !(1...12).contains(month) { throw SynapseError.invalidArgument("there is no month \(month)") }
        guard (-99_999...99_999).contains(year) else { throw SynapseError.invalidArgument("year \(year) is out of range") }
        let start = CalendarDate(year: year, month: month ?? 1)
        let end = start.addingMonths(month == nil ? 12 : 1)
        return try rows(in: start.date...Date(timeIntervalSince1970: end.date.timeIntervalSince1970.nextDown))
    }
}

/// The span of time a partial date names, as seconds since 1970: [start, end).
private struct DatePeriod {
    var start: Double
    var end: Double

    init(_ text: String) throws {
        let date = try DateFormat.parse(text)
        let t = date.timeIntervalSince1970
        switch DateFormat.detect(text) {
        case .year?:
            let c = CalendarDate(date)
            (start, end) = (t, c.addingMonths(12).date.timeIntervalSince1970)
        case .yearMonth?:
            let c = CalendarDate(date)
            (start, end) = (t, c.addingMonths(1).date.timeIntervalSince1970)
        case .iso? where text.utf8.count > 10:
            (start, end) = (t, t.nextUp)  // an instant: only that time
        default:
            (start, end) = (t, t + 86_400)
        }
    }
}
