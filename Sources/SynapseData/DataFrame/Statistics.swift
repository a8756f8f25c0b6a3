// Summary statistics with Pandas's definitions, over the non-missing values x_1..x_n of a column:
//   mean = (1/n) Σ x_i
//   std  = sqrt( Σ (x_i - mean)^2 / (n - 1) )                  (sample std, ddof = 1)
//   quantile(q): sort x, h = (n - 1) q, x_⌊h⌋ + (h - ⌊h⌋)(x_⌊h⌋+1 - x_⌊h⌋)   (linear interpolation)
//   corr(x, y) = Σ (x_i - x̄)(y_i - ȳ) / sqrt( Σ (x_i - x̄)^2 Σ (y_i - ȳ)^2 ),
//                over the rows where both are present (pairwise complete), x̄, ȳ over those rows.
import Foundation

/// Statistics over numbers, skipping NaN (missing) values.
public enum Statistics {
    /// Mean of the non-missing values (NaN when there are none).
    public static func mean(_ x: [Double]) -> Double {
        var sum = 0.0, n = 0
        for v in x where !v.isNaN { sum += v; n += 1 }
        return n == 0 ? .nan : sum / Double(n)
    }

    /// Standard deviation with `ddof` degrees of freedom removed (1: sample, as Pandas; 0:
    /// population, as NumPy and scikit-learn's scalers).
    public static func std(_ x: [Double], ddof: Int = 1) -> Double {
        let m = mean(x)
        var ss = 0.0, n = 0
        for v in x where !v.isNaN { ss += (v - m) * (v - m); n += 1 }
        return n - ddof <= 0 ? .nan : (ss / Double(n - ddof)).squareRoot()
    }

    /// Quantile `q` in [0, 1] with linear interpolation (NumPy's and Pandas's default).
    public static func quantile(_ x: [Double], _ q: Double) -> Double {
        quantiles(x, [q])[0]
    }

    /// Several quantiles, sorting once.
    public static func quantiles(_ x: [Double], _ qs: [Double]) -> [Double] {
        let sorted = x.filter { !$0.isNaN }.sorted()
        return qs.map { quantileOfSorted(sorted, $0) }
    }

    static func quantileOfSorted(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * q
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        let t = h - Double(lo)
        let a = sorted[lo], b = sorted[hi]
        // NumPy's _lerp: exact at both ends.
        return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t
    }

    /// Pearson correlation over the rows where both values are present.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        var n = 0, sx = 0.0, sy = 0.0
        for i in x.indices where !x[i].isNaN && !y[i].isNaN { n += 1; sx += x[i]; sy += y[i] }
        guard n >= 2 else { return .nan }
        let mx = sx / Double(n), my = sy / Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices where !x[i].isNaN && !y[i].isNaN {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        let r = sxy / (sxx * syy).squareRoot()
        return max(-1, min(1, r))
    }
}

extension DataFrame {
    /// Count, mean, std, min, 25%, 50%, 75% and max of every numeric column (Pandas's
    /// `describe()`); the statistic names are the index.
    public func describe() -> DataFrame {
        let numeric = columnValues.filter(\.isNumeric)
        let columns = numeric.map { column -> Column in
            let x = (try? column.numbers()) ?? []
            let present = x.filter { !$0.isNaN }
            let q = Statistics.quantiles(present, [0, 0.25, 0.5, 0.75, 1])
            return Column(name: column.name, values: .numbers([
                Double(present.count), Statistics.mean(present), Statistics.std(present), q[0], q[1], q[2], q[3], q[4],
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

    /// Number of missing values per column (Pandas's `isnull().sum()`), in column order.
    public func missingCounts() -> [(column: String, count: Int)] {
        columnValues.map { ($0.name, $0.missingCount) }
    }

    /// How often each value of a column occurs, most frequent first, ties in order of first
    /// appearance; missing values are not counted (Pandas's `value_counts()`).
    public func valueCounts(_ name: String) throws -> [(value: String, count: Int)] {
        let column = try column(name)
        var counts = [String: Int]()
        var order = [String]()
        for row in 0..<column.count {
            guard let text = column.text(at: row) else { continue }
            if counts[text] == nil { order.append(text) }
            counts[text, default: 0] += 1
        }
        let ranked = order.enumerated().sorted { a, b in
            counts[a.element]! != counts[b.element]! ? counts[a.element]! > counts[b.element]! : a.offset < b.offset
        }
        return ranked.map { ($0.element, counts[$0.element]!) }
    }
}
