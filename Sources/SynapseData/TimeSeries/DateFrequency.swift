// Calendar frequencies of a dated series and the periods they cut time into (UTC).
//   second, minute, hour, day: fixed lengths of 1, 60, 3,600 and 86,400 seconds.
//   week: 7 days; a period runs Monday to Sunday.
//   month, quarter, year: 1, 3 and 12 calendar months; quarters start in January, April,
//   July and October. One step keeps the day of the month and the time, or goes from the
//   last day of a month to the last day of the next (January 31 → February 28 → March 31).
import Foundation

/// How often a dated series has a row (Pandas's offset aliases s, min, h, D, W, MS / ME,
/// QS / QE, YS / YE), and the periods `resampled(_:aggregation:label:)` groups rows into.
public enum DateFrequency: String, CaseIterable, Sendable {
    case second, minute, hour, day, week, month, quarter, year

    /// "monthly", "daily", ... as in "a monthly series".
    public var adjective: String {
        switch self {
        case .second: return "per-second"
        case .minute: return "per-minute"
        case .hour: return "hourly"
        case .day: return "daily"
        case .week: return "weekly"
        case .month: return "monthly"
        case .quarter: return "quarterly"
        case .year: return "yearly"
        }
    }

    /// The length of one step in seconds, for the frequencies of fixed length (second ... week).
    var seconds: Double? {
        switch self {
        case .second: return 1
        case .minute: return 60
        case .hour: return 3600
        case .day: return 86_400
        case .week: return 7 * 86_400
        case .month, .quarter, .year: return nil
        }
    }

    /// Calendar months in one step, for month, quarter and year.
    var months: Int? {
        switch self {
        case .month: return 1
        case .quarter: return 3
        case .year: return 12
        default: return nil
        }
    }

    /// How many steps of this frequency lead from `a` to `b` (0 when equal, negative when `b`
    /// is earlier), or nil when `b` does not lie on the grid of steps through `a`.
    func steps(from a: Date, to b: Date) -> Int? {
        if let seconds {
            let n = (b.timeIntervalSince1970 - a.timeIntervalSince1970) / seconds
            let rounded = n.rounded()
            // Dates are read to the microsecond at best: allow for rounding in the seconds.
            guard abs(n - rounded) * seconds < 1e-6, abs(rounded) < 1e15 else { return nil }
            return Int(rounded)
        }
        guard let months else { return nil }
        let x = CalendarDate(a), y = CalendarDate(b)
        let difference = y.monthIndex - x.monthIndex
        guard difference % months == 0, x.hour == y.hour, x.minute == y.minute, abs(x.second - y.second) < 1e-6,
              x.day == y.day || x.isLastDayOfMonth && y.isLastDayOfMonth else { return nil }
        return difference / months
    }

    /// The date one step after `date` (from the last day of a month to the last day of the
    /// next; a day the next month lacks becomes its last day).
    func next(after date: Date) -> Date {
        if let seconds { return Date(timeIntervalSince1970: date.timeIntervalSince1970 + seconds) }
        let x = CalendarDate(date)
        var y = x.addingMonths(months ?? 1)
        let last = CalendarDate.daysIn(month: y.month, year: y.year)
        if x.isLastDayOfMonth || y.day > last { y.day = last }
        return y.date
    }

    // MARK: Periods

    /// The number of the period holding `date`: periods are numbered consecutively in time.
    func period(of date: Date) -> Int {
        // Clamped to about ±3 million years, as CalendarDate, so that no conversion can trap.
        let t = date.timeIntervalSince1970.isNaN ? 0 : min(max(date.timeIntervalSince1970, -1e14), 1e14)
        switch self {
        case .second, .minute, .hour, .day:
            return Int((t / (seconds ?? 1)).rounded(.down))
        case .week:
            // Day 0 (1970-01-01) was a Thursday: shifting by 3 days makes weeks start on Monday.
            return CalendarDate.floorDivide(Int((t / 86_400).rounded(.down)) + 3, 7)
        case .month, .quarter, .year:
            return CalendarDate.floorDivide(CalendarDate(date).monthIndex, months ?? 1)
        }
    }

    /// The first instant of a period.
    func start(ofPeriod k: Int) -> Date {
        switch self {
        case .second, .minute, .hour, .day:
            return Date(timeIntervalSince1970: Double(k) * (seconds ?? 1))
        case .week:
            return Date(timeIntervalSince1970: Double(k * 7 - 3) * 86_400)
        case .month, .quarter, .year:
            return CalendarDate(year: 0, month: 1).addingMonths(k * (months ?? 1)).date
        }
    }

    /// The label Pandas gives a period: weeks, months, quarters and years by their last day
    /// (`.end`: W, ME, QE, YE) or their first (`.start`: MS, QS, YS; weeks by the Monday);
    /// days and shorter periods by their start either way, as Pandas's D, h, min and s.
    func label(ofPeriod k: Int, _ label: PeriodLabel) -> Date {
        let start = start(ofPeriod: k)
        guard label == .end else { return start }
        switch self {
        case .second, .minute, .hour, .day:
            return start
        case .week:
            return Date(timeIntervalSince1970: start.timeIntervalSince1970 + 6 * 86_400)
        case .month, .quarter, .year:
            let nextStart = self.start(ofPeriod: k + 1)
            return Date(timeIntervalSince1970: nextStart.timeIntervalSince1970 - 86_400)
        }
    }
}

/// Which day names a period of a resampled series.
public enum PeriodLabel: Sendable {
    /// The last day: Pandas's default (W, ME, QE, YE).
    case end
    /// The first day (Pandas's MS, QS, YS; the Monday of a week).
    case start
}
