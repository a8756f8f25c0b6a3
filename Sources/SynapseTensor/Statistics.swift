// Summary statistics over arrays of Double, with NumPy's and Pandas's definitions, skipping NaN
// (missing) values. One implementation for the data frames, the scalers, the metrics and the
// plots:
//   mean = (1/n) Σ xᵢ
//   std  = √( Σ (xᵢ − mean)² / (n − ddof) )     ddof 1: sample (Pandas); 0: population (NumPy)
//   quantile(q): sort x, h = (n − 1) q, x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋)   (linear interpolation)
//   pearson(x, y) = Σ (xᵢ − x̄)(yᵢ − ȳ) / √( Σ (xᵢ − x̄)² Σ (yᵢ − ȳ)² ),
//                   over the rows where both are present (pairwise complete), x̄, ȳ over those rows.

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
        return qs.map { quantile(sorted: sorted, $0) }
    }

    /// Quantile `q` of values already sorted ascending (no missing values).
    public static func quantile(sorted: [Double], _ q: Double) -> Double {
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
        guard sxx > 0 && syy > 0 else { return .nan }   // a constant column has no correlation
        let r = sxy / (sxx * syy).squareRoot()
        return Swift.max(-1, Swift.min(1, r))
    }
}
