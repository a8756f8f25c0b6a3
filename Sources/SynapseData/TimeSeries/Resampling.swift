// Resampling a dated series (Pandas's `df.resample(rule).mean()` and friends). Each row goes to
// the period of its date (DateFrequency: calendar days, Monday-to-Sunday weeks, months,
// quarters, years, in UTC); each numeric column is reduced over its non-missing values in
// the period, taken in date order (rows with equal dates keep their order):
//   mean = Σx / n     sum = Σx (0 when n = 0)     first, last = the earliest, latest x
//   min, max, median, std (ddof 1) over the x, count = n; with n = 0, every aggregation but
//   sum and count gives NaN (`Aggregation`, shared with groupBy).
// Every period from the first date's to the last date's is a row, empty ones included, as
// Pandas does; the rows are labelled as `PeriodLabel` says (Pandas's default: the period's end).
// Text, boolean and date columns are left out (Pandas 3 refuses to average text).
import Foundation

extension DataFrame {
    /// The numeric columns aggregated per period of `frequency`, with a date index of one
    /// label per period. As Pandas's `df.resample("ME").mean()` (`.month, aggregation: .mean`),
    /// `resample("QE").sum()`, `resample("YS").first()` (`label: .start`), ...
    /// - Parameters:
    ///   - frequency: the periods: `.day`, `.week`, `.month`, `.quarter`, `.year` (or shorter).
    ///   - aggregation: how the values of a period combine; missing values are skipped.
    ///   - label: `.end` labels weeks, months, quarters and years by their last day (Pandas's W,
    ///     ME, QE, YE: 1995-01-31), `.start` by their first (MS, QS, YS: 1995-01-01; weeks by
    ///     the Monday). Days and shorter periods are labelled by their start either way.
    /// - Throws: when the frame has no date index, or the span would need more than
    ///   10,000,000 periods (per second over four months, say).
    public func resampled(_ frequency: DateFrequency, aggregation: Aggregation, label: PeriodLabel = .end) throws -> DataFrame {
        let dates = try requireDateIndex("resampled")
        let periods = dates.map(frequency.period(of:))
        let first = periods.min() ?? 0
        let count = periods.isEmpty ? 0 : (periods.max() ?? 0) - first + 1
        guard count <= 10_000_000 else {
            throw SynapseError.invalidArgument("resampling \(formatDate(dates.min() ?? Date())) to \(formatDate(dates.max() ?? Date())) "
                                               + "per \(frequency.rawValue) would make \(count) rows; choose a longer period")
        }
        // Date order, rows with equal dates in their order (a stable sort).
        let order = dates.indices.sorted { (dates[$0], $0) < (dates[$1], $1) }
        let columns = columnValues.compactMap { column -> Column? in
            guard case let .numbers(x) = column.values else { return nil }
            var periodValues = [[Double]](repeating: [], count: count)
            for row in order where !x[row].isNaN { periodValues[periods[row] - first].append(x[row]) }
            let result = periodValues.map(aggregation.apply)
            let n = periodValues.map(\.count)
            // Pandas's dtypes: a mean is float64; a sum of int64 stays int64; first, last, min
            // and max of int64 stay int64 unless a period is empty (NaN).
            let keepsInteger = [.sum, .first, .last, .min, .max].contains(aggregation) && column.isInteger
            let integer = count > 0 && (aggregation == .count || keepsInteger && (aggregation == .sum || !n.contains(0)))
            return Column(name: column.name, values: .numbers(result), isInteger: integer, origin: nil)
        }
        let labelDates = (0..<count).map { frequency.label(ofPeriod: first + $0, label) }
        return DataFrame(uncheckedColumns: columns, labels: Column(name: labels?.name ?? "", values: .dates(labelDates)),
                         sourcePath: nil)
    }
}
