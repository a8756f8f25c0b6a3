// Calendar arithmetic in UTC on the proleptic Gregorian calendar, shared by the data frames
// (date parsing, slicing, resampling) and the plots (date ticks). A `Date` is seconds since
// 1970-01-01 00:00 UTC; a `CalendarDate` is the same instant as year, month, day and time.
//   days since 1970 from (y, m, d), and back: H. Hinnant's `days_from_civil` / `civil_from_days`
//   (https://howardhinnant.github.io/date_algorithms.html), exact for every year.
//   leap year: y divisible by 4 and not by 100, or divisible by 400.
//   weekday: 1970-01-01 was a Thursday, so Monday = 0 ... Sunday = 6 is (days + 3) mod 7.

import Foundation

/// A UTC date and time of day, field by field (proleptic Gregorian calendar).
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    /// 1...12.
    public var month: Int
    /// 1...31.
    public var day: Int
    public var hour: Int
    public var minute: Int
    /// Seconds with their fraction, 0 ..< 60.
    public var second: Double

    /// The fields as given; they are not checked (see `isValid`).
    public init(year: Int, month: Int, day: Int = 1, hour: Int = 0, minute: Int = 0, second: Double = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The fields of an instant, in UTC.
    public init(_ date: Date) {
        // Clamped to about ±3 million years so that the conversions to Int cannot trap.
        let t = date.timeIntervalSince1970.isNaN ? 0 : min(max(date.timeIntervalSince1970, -1e14), 1e14)
        let days = Int((t / 86_400).rounded(.down))
        let (y, m, d) = CalendarDate.civil(fromDays: days)
        var rest = t - Double(days) * 86_400
        let wholeSeconds = Int(rest.rounded(.down))
        rest -= Double(wholeSeconds)
        self.init(year: y, month: m, day: d, hour: wholeSeconds / 3600, minute: (wholeSeconds / 60) % 60,
                  second: Double(wholeSeconds % 60) + rest)
    }

    /// The instant, in UTC.
    public var date: Date {
        Date(timeIntervalSince1970: Double(CalendarDate.days(year: year, month: month, day: day)) * 86_400
             + Double(hour * 3600 + minute * 60) + second)
    }

    /// Days since 1970-01-01 of the date (the time of day ignored).
    public var daysSince1970: Int { CalendarDate.days(year: year, month: month, day: day) }

    /// Monday = 0 ... Sunday = 6, as Python's `weekday()`.
    public var weekday: Int { ((daysSince1970 + 3) % 7 + 7) % 7 }

    /// Whether the day is the last of its month.
    public var isLastDayOfMonth: Bool { day == CalendarDate.daysIn(month: month, year: year) }

    /// Whether every field is in range: month 1...12, a day the month has, hour 0...23,
    /// minute 0...59, second 0 ..< 60.
    public var isValid: Bool { problem == nil }

    /// What is out of range, in words ("February 2021 has 28 days"), or nil when the date is valid.
    public var problem: String? {
        guard (1...12).contains(month) else { return "there is no month \(month)" }
        let days = CalendarDate.daysIn(month: month, year: year)
        guard (1...days).contains(day) else {
            return day < 1 ? "there is no day \(day)" : "\(CalendarDate.monthNames[month - 1]) \(year) has \(days) days"
        }
        guard (0...23).contains(hour) else { return "there is no hour \(hour)" }
        guard (0...59).contains(minute) else { return "there is no minute \(minute)" }
        guard second >= 0, second < 60 else { return "there is no second \(second)" }
        return nil
    }

    /// The same day and time `months` months later (earlier when negative); the day is kept,
    /// so it may not exist in the new month (check `isValid`, or use `day = 1`).
    public func addingMonths(_ months: Int) -> CalendarDate {
        var copy = self
        let index = year * 12 + (month - 1) + months
        copy.year = CalendarDate.floorDivide(index, 12)
        copy.month = index - copy.year * 12 + 1
        return copy
    }

    /// Months since January of year 0: `year * 12 + month - 1`.
    public var monthIndex: Int { year * 12 + month - 1 }

    /// ISO 8601: "1995-01-01", with " 12:30:00" when the time is not midnight.
    public var description: String {
        let date = String(format: "%04d-%02d-%02d", year, month, day)
        if hour == 0 && minute == 0 && second == 0 { return date }
        return date + String(format: " %02d:%02d:%02d", hour, minute, Int(second.rounded(.down)))
    }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day, a.hour, a.minute, a.second) < (b.year, b.month, b.day, b.hour, b.minute, b.second)
    }

    // MARK: The calendar

    /// English month names, January first.
    public static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                                    "September", "October", "November", "December"]

    public static func isLeapYear(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// Days in a month (1...12) of a year.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a date (Hinnant's days_from_civil).
    public static func days(year y0: Int, month m: Int, day d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = floorDivide(y, 400)
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// (year, month, day) of a count of days since 1970-01-01 (Hinnant's civil_from_days).
    public static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = floorDivide(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// ⌊a / b⌋ for b > 0, also for negative a.
    public static func floorDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
