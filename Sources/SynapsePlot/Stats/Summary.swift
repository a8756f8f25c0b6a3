// Order statistics for box plots and histogram bins, added to SynapseTensor's `Statistics`
// (whose quantile is NumPy's default, linear interpolation).
// Tukey's box: Q1, median, Q3; IQR = Q3 − Q1; whiskers reach the most extreme data still within
// [Q1 − 1.5·IQR, Q3 + 1.5·IQR]; points beyond are outliers (Matplotlib's whis = 1.5).
// Histogram bins as numpy.histogram: `bins` equal widths from min to max, each bin half-open
// [a, b) except the last, which includes max; density = count / (n · width).

import Foundation

extension Statistics {
    /// The five numbers and outliers of a Tukey box plot.
    public struct BoxSummary: Equatable, Sendable {
        public var q1: Double
        public var median: Double
        public var q3: Double
        public var lowerWhisker: Double
        public var upperWhisker: Double
        public var outliers: [Double]
    }

    /// Tukey's box statistics with whiskers at 1.5 IQR; nil when there is no finite value.
    public static func box(_ values: [Double]) -> BoxSummary? {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return nil }
        let (q1, median, q3) = (quantile(sorted: sorted, 0.25), quantile(sorted: sorted, 0.5), quantile(sorted: sorted, 0.75))
        let iqr = q3 - q1
        let lowFence = q1 - 1.5 * iqr, highFence = q3 + 1.5 * iqr
        let inside = sorted.filter { $0 >= lowFence && $0 <= highFence }
        return BoxSummary(q1: q1, median: median, q3: q3,
                          lowerWhisker: inside.first ?? q1, upperWhisker: inside.last ?? q3,
                          outliers: sorted.filter { $0 < lowFence || $0 > highFence })
    }

    /// Histogram of `values` over `bins` equal-width bins: the bin edges (bins + 1) and counts.
    public static func histogram(_ values: [Double], bins: Int) -> (edges: [Double], counts: [Double]) {
        let finite = values.filter(\.isFinite)
        let bins = max(bins, 1)
        guard var low = finite.min(), var high = finite.max() else {
            return ((0...bins).map { Double($0) / Double(bins) }, Array(repeating: 0, count: bins))
        }
        if low == high { low -= 0.5; high += 0.5 }
        // Halves first: high − low overflows to infinity for values near ±1.8e308.
        let halfSpan = high / 2 - low / 2
        let width = halfSpan / Double(bins) * 2
        var edges = (0...bins).map { low + Double($0) * width }
        edges[bins] = high
        var counts = Array(repeating: 0.0, count: bins)
        for value in finite {
            let position = (value / 2 - low / 2) / halfSpan * Double(bins)
            let index = position.isFinite ? min(max(Int(position), 0), bins - 1) : bins - 1
            counts[index] += 1
        }
        return (edges, counts)
    }
}
