// Statistics of one column, as Pandas's Series methods, skipping missing values:
//   sum = Σ xᵢ (0 for none), mean = Σ xᵢ / n, std = √(Σ (xᵢ − mean)² / (n − ddof)), ddof 1,
//   median = quantile(0.5), quantile(q) with linear interpolation — `Statistics` of SynapseTensor.
// min / max / mean / median of no values is NaN. unique, nunique and valueCounts work on any
// column (values compared as printed), keeping each value's type.
import Foundation

extension Column {
    /// The present numbers; an error names the column when it holds text.
    private func present(_ statistic: String) throws -> [Double] {
        try operands(statistic).filter { !$0.isNaN }
    }

    /// Sum of the present values (Pandas's `s.sum()`; 0 when none).
    public func sum() throws -> Double { try present("sum").reduce(0, +) }
    /// Mean of the present values (NaN when none).
    public func mean() throws -> Double { Statistics.mean(try present("mean")) }
    /// Standard deviation of the present values, sample (ddof 1) as Pandas's `s.std()`.
    public func std(ddof: Int = 1) throws -> Double { Statistics.std(try present("std"), ddof: ddof) }
    /// Variance of the present values (ddof 1 as Pandas's `s.var()`).
    public func variance(ddof: Int = 1) throws -> Double { let s = try std(ddof: ddof); return s * s }
    /// Smallest present value (NaN when none).
    public func min() throws -> Double { try present("min").min() ?? .nan }
    /// Largest present value (NaN when none).
    public func max() throws -> Double { try present("max").max() ?? .nan }
    /// Median of the present values.
    public func median() throws -> Double { Statistics.quantile(try present("median"), 0.5) }
    /// Quantile `q` in [0, 1] of the present values, interpolating linearly (Pandas's default).
    public func quantile(_ q: Double) throws -> Double {
        guard (0...1).contains(q) else { throw SynapseError.invalidArgument("quantile \(q) of column '\(name)' is outside [0, 1]") }
        return Statistics.quantile(try present("quantile"), q)
    }
    /// Number of present values (Pandas's `s.count()`).
    public var presentCount: Int { count - missingCount }

    /// Row of the first appearance of each distinct value (as printed), in order; missing values
    /// are one value, placed where the first one appears.
    private func firstAppearances(keepMissing: Bool) -> (rows: [Int], counts: [Int]) {
        var position = [String: Int]()
        var missingPosition: Int?
        var rows = [Int](), counts = [Int]()
        for row in 0..<count {
            if let text = text(at: row) {
                if let p = position[text] { counts[p] += 1; continue }
                position[text] = rows.count
            } else {
                guard keepMissing else { continue }
                if let p = missingPosition { counts[p] += 1; continue }
                missingPosition = rows.count
            }
            rows.append(row)
            counts.append(1)
        }
        return (rows, counts)
    }

    /// The distinct values in order of first appearance, a missing value included once
    /// (Pandas's `s.unique()`).
    public func unique() -> Column { gathering(firstAppearances(keepMissing: true).rows) }

    /// Number of distinct present values (Pandas's `s.nunique()`).
    public func nunique() -> Int { firstAppearances(keepMissing: false).rows.count }

    /// How often each present value occurs: a frame of this column's distinct values (keeping
    /// their type) and "count", most frequent first, ties in order of first appearance
    /// (Pandas's `s.value_counts().reset_index()`); with `normalize`, the share of the present
    /// values in a column "proportion" (`value_counts(normalize=True)`).
    public func valueCounts(normalize: Bool = false) -> DataFrame {
        let (rows, counts) = firstAppearances(keepMissing: false)
        let order = rows.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        var values = gathering(order.map { rows[$0] })
        values.origin = nil
        let total = Double(counts.reduce(0, +))
        let tally = normalize
            ? Column(name: "proportion", values: .numbers(order.map { Double(counts[$0]) / total }), isInteger: false, origin: nil)
            : Column(name: "count", values: .numbers(order.map { Double(counts[$0]) }), isInteger: true, origin: nil)
        return DataFrame(uncheckedColumns: [values, tally], labels: nil, sourcePath: nil)
    }
}
