// Pandas's describe(), corr(), agg([...]), missing counts and value counts on a DataFrame, built on the
// shared `Statistics` of SynapseTensor (sample std, linear quantiles, pairwise-complete Pearson).
import Foundation

extension DataFrame {
    /// Count, mean, std, min, 25%, 50%, 75% and max of every numeric column (Pandas's
    /// `describe()`); the statistic names are the index. With ±inf among the values the
    /// statistics are Pandas's too: min and max are ±inf, the mean inf, -inf or NaN (inf - inf),
    /// the std NaN, and a quantile that interpolates between an infinity and another value ±inf
    /// or NaN as NumPy's linear interpolation gives.
    public func describe() -> DataFrame {
        let numeric = columnValues.filter(\.isNumeric)
        let columns = numeric.map { column -> Column in
            let x = (try? column.numbers()) ?? []
            let present = x.filter { !$0.isNaN }
            // min and max as such, not as quantiles 0 and 1: NumPy's interpolation gives NaN for
            // inf - inf, and Pandas's min and max of a column holding ±inf are ±inf.
            let q = Statistics.quantiles(present, [0.25, 0.5, 0.75])
            return Column(name: column.name, values: .numbers([
                Double(present.count), Statistics.mean(present), Statistics.std(present),
                present.min() ?? .nan, q[0], q[1], q[2], present.max() ?? .nan,
            ]), isInteger: false, origin: nil)
        }
        return DataFrame(uncheckedColumns: columns, index: ["count", "mean", "std", "min", "25%", "50%", "75%", "max"],
                         sourcePath: nil)
    }

    /// Pearson correlation matrix of the numeric columns, pairwise complete (Pandas's `corr()`).
    public func corr() -> DataFrame {
        let numeric = columnValues.filter(\.isNumeric)
        let data = numeric.map { (try? $0.numbers()) ?? [] }
        var matrix = [[Double]](repeating: [Double](repeating: 1, count: data.count), count: data.count)
        for i in data.indices {
            for j in data.indices where j > i {
                let r = Statistics.pearson(data[i], data[j])
                matrix[i][j] = r
                matrix[j][i] = r
            }
            if data[i].filter({ !$0.isNaN }).count < 2 || Statistics.std(data[i]) == 0 { matrix[i][i] = .nan }
        }
        let columns = numeric.indices.map { j in
            Column(name: numeric[j].name, values: .numbers(numeric.indices.map { matrix[$0][j] }), isInteger: false, origin: nil)
        }
        return DataFrame(uncheckedColumns: columns, index: numeric.map(\.name), sourcePath: nil)
    }

    /// Aggregates of every numeric column, one row per aggregate named by it (Pandas's
    /// `df.agg(["sum", "mean"])`; `df.agg([.mean])` stands for `df.mean()`), skipping missing values.
    public func agg(_ aggregations: [Aggregation]) -> DataFrame {
        let columns = columnValues.filter(\.isNumeric).map { column in
            let present = ((try? column.numbers()) ?? []).filter { !$0.isNaN }
            return Column(name: column.name, values: .numbers(aggregations.map { $0.apply(present) }), isInteger: false, origin: nil)
        }
        return DataFrame(uncheckedColumns: columns, index: aggregations.map(\.rawValue), sourcePath: nil)
    }

    /// Number of missing values per column (Pandas's `isnull().sum()`), in column order.
    public func missingCounts() -> [(column: String, count: Int)] {
        columnValues.map { ($0.name, $0.missingCount) }
    }

    /// How often each present value of a column occurs: a frame of the distinct values (keeping
    /// their type) and "count", most frequent first, ties in order of first appearance
    /// (Pandas's `df[name].value_counts().reset_index()`).
    public func valueCounts(_ name: String, normalize: Bool = false) throws -> DataFrame {
        try column(name).valueCounts(normalize: normalize)
    }
}
