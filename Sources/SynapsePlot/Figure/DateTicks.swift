// Ticks for a date axis, after Matplotlib's AutoDateLocator. x is in days since 1970-01-01 UTC
// (Matplotlib's date numbers). The locator takes the coarsest unit of which the view spans at
// least 5 (years, then months, days, hours, minutes, seconds), then the smallest interval of
// that unit whose ticks fit:
//   years   1, 2, 4, 5, 10, 20, 40, 50, 100, ...   on January 1 of years divisible by the interval
//   months  1, 2, 3, 4, 6                          on the 1st of months 1, 1 + k, 1 + 2k, ...
//   days    1, 2, 3, 7, 14                         on days 1, 1 + k, ... of each month (7: 1, 8, 15,
//                                                  22; 14: 1, 15), none less than k days before
//                                                  the next month's 1st
//   hours   1, 2, 3, 4, 6, 12;   minutes and seconds   1, 5, 10, 15, 30
// "Fit" is Matplotlib's maximum tick count for the unit (11 or 12), lowered so that labels of
// that unit's width stand apart on the axis; when no interval of the unit fits, the next
// coarser unit is used. Labels, as Matplotlib's AutoDateFormatter: "1990", "1990-01",
// "1990-01-15", "01-15 12:00", "12:30", "12:30:15".

import Foundation

enum DateTicks {
    enum Unit: CaseIterable {
        case year, month, day, hour, minute, second

        var intervals: [Int] {
            switch self {
            case .year: return [1, 2, 4, 5, 10, 20, 40, 50, 100, 200, 400, 500, 1000, 2000, 4000, 5000, 10000]
            case .month: return [1, 2, 3, 4, 6]
            case .day: return [1, 2, 3, 7, 14]
            case .hour: return [1, 2, 3, 4, 6, 12]
            case .minute, .second: return [1, 5, 10, 15, 30]
            }
        }

        /// Matplotlib's AutoDateLocator maxticks for the unit, as intervals between ticks.
        var maxIntervals: Int { self == .month || self == .hour ? 11 : 10 }

        /// The widest label of the unit, to space the ticks.
        var widestLabel: String {
            switch self {
            case .year: return "0000"
            case .month: return "0000-00"
            case .day: return "0000-00-00"
            case .hour: return "00-00 00:00"
            case .minute: return "00:00"
            case .second: return "00:00:00"
            }
        }
    }

    /// Tick positions (days since 1970) and labels for the view [lower, upper] on an axis of
    /// `axisLength` pixels; nil when the range is empty, not finite or beyond ±100,000 years.
    static func ticks(lower: Double, upper: Double, axisLength: Double, fontSize: Double) -> (positions: [Double], labels: [String])? {
        guard lower.isFinite, upper.isFinite, upper > lower, abs(lower) < 3.6e7, abs(upper) < 3.6e7 else { return nil }
        let a = CalendarDate(date(lower)), b = CalendarDate(date(upper))
        var months = b.monthIndex - a.monthIndex
        if (b.day, b.hour, b.minute, b.second) < (a.day, a.hour, a.minute, a.second) { months -= 1 }
        let days = upper - lower
        func span(_ unit: Unit) -> Double {
            switch unit {
            case .year: return Double(CalendarDate.floorDivide(months, 12))
            case .month: return Double(months)
            case .day: return days.rounded(.down)
            case .hour: return days * 24
            case .minute: return days * 1440
            case .second: return days * 86_400
            }
        }
        func fitting(_ unit: Unit) -> Int? {
            let room = TextMetrics.width(unit.widestLabel, fontSize: fontSize) + 1.5 * fontSize
            let limit = max(1, min(unit.maxIntervals, Int(axisLength / room)))
            return unit.intervals.first { span(unit) / Double($0) <= Double(limit) }
        }
        let units = Unit.allCases
        var choice = (unit: Unit.second, interval: 1)
        for (i, unit) in units.enumerated() where span(unit) >= 5 || unit == .second {
            if let interval = fitting(unit) {
                choice = (unit, interval)
            } else if i > 0 {
                choice = (units[i - 1], fitting(units[i - 1]) ?? 1)
            } else {
                choice = (unit, unit.intervals.last ?? 1)
            }
            break
        }
        let positions = tickPositions(choice.unit, choice.interval, from: a, lower: lower, upper: upper)
        guard !positions.isEmpty else { return nil }
        // Ticks fall on whole seconds: round away the float error of x * 86,400 before labelling.
        return (positions, positions.map { label(CalendarDate(Date(timeIntervalSince1970: ($0 * 86_400).rounded())), choice.unit) })
    }

    /// The instant of a date number.
    static func date(_ days: Double) -> Date { Date(timeIntervalSince1970: days * 86_400) }

    /// Date number (days since 1970) of an instant.
    static func days(_ date: Date) -> Double { date.timeIntervalSince1970 / 86_400 }

    private static func tickPositions(_ unit: Unit, _ k: Int, from a: CalendarDate, lower: Double, upper: Double) -> [Double] {
        let tolerance = 1e-9 * max(1, abs(lower), abs(upper))
        var ticks: [Double] = []
        func add(_ x: Double) { if x >= lower - tolerance && x <= upper + tolerance { ticks.append(x) } }
        switch unit {
        case .year:
            let last = CalendarDate(date(upper)).year
            for y in stride(from: CalendarDate.floorDivide(a.year, k) * k, through: last, by: k) {
                add(Double(CalendarDate.days(year: y, month: 1, day: 1)))
            }
        case .month:
            let last = CalendarDate(date(upper)).monthIndex
            for index in a.monthIndex...max(a.monthIndex, last) where (index % 12) % k == 0 {
                let first = CalendarDate(year: 0, month: 1).addingMonths(index)
                add(Double(first.daysSince1970))
            }
        case .day:
            let days: Set<Int> = k == 7 ? [1, 8, 15, 22] : k == 14 ? [1, 15] : Set(stride(from: 1, through: 31, by: k))
            for d in Int(lower.rounded(.down))...Int(upper.rounded(.up)) {
                let c = CalendarDate.civil(fromDays: d)
                // A tick less than k days before the next month's 1st would crowd it (Matplotlib
                // puts 2000-02-29 beside 2000-03-01); leave it out.
                if days.contains(c.day), c.day + k <= CalendarDate.daysIn(month: c.month, year: c.year) + 1 { add(Double(d)) }
            }
        case .hour, .minute, .second:
            let perDay = unit == .hour ? 24.0 : unit == .minute ? 1440 : 86_400
            let cycle = unit == .hour ? 24 : 60
            for n in Int((lower * perDay).rounded(.down))...Int((upper * perDay).rounded(.up)) where (n % cycle + cycle) % cycle % k == 0 {
                add(Double(n) / perDay)
            }
        }
        return ticks
    }

    private static func label(_ c: CalendarDate, _ unit: Unit) -> String {
        switch unit {
        case .year: return String(format: "%04d", c.year)
        case .month: return String(format: "%04d-%02d", c.year, c.month)
        case .day: return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
        case .hour: return String(format: "%02d-%02d %02d:%02d", c.month, c.day, c.hour, c.minute)
        case .minute: return String(format: "%02d:%02d", c.hour, c.minute)
        case .second: return String(format: "%02d:%02d:%02d", c.hour, c.minute, Int(c.second.rounded()))
        }
    }
}
