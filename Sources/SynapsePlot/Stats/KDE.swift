// Gaussian kernel density estimate, as scipy.stats.gaussian_kde and seaborn's kdeplot:
//   f̂(x) = 1 / (n·h·√(2π)) · Σᵢ exp(−½·((x − xᵢ)/h)²)
// with Scott's rule for the bandwidth:  h = σ̂ · n^(−1/5),  σ̂ the sample standard deviation
// (n − 1 in the denominator). seaborn evaluates f̂ on 200 points from min − cut·h to
// max + cut·h (cut = 3 for kdeplot, 0 for the curve over a histogram).

import Foundation

/// A one-dimensional Gaussian kernel density estimate.
public struct KernelDensity: Sendable {
    /// The finite samples.
    public let samples: [Double]
    /// The kernel's standard deviation h.
    public let bandwidth: Double

    /// A KDE of `samples` (non-finite values dropped) with Scott's bandwidth times `adjust`
    /// (seaborn's bw_adjust). Nil when fewer than two distinct finite samples exist.
    public init?(samples: [Double], adjust: Double = 1) {
        let finite = samples.filter(\.isFinite)
        let bandwidth = KernelDensity.scottBandwidth(finite) * adjust
        guard finite.count >= 2, bandwidth > 0, bandwidth.isFinite else { return nil }
        self.samples = finite
        self.bandwidth = bandwidth
    }

    /// Scott's rule: σ̂ · n^(−1/5).
    public static func scottBandwidth(_ samples: [Double]) -> Double {
        let n = Double(samples.count)
        guard n >= 2 else { return 0 }
        let mean = samples.reduce(0, +) / n
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return variance.squareRoot() * pow(n, -0.2)
    }

    /// The density at x.
    public func density(at x: Double) -> Double {
        let norm = 1 / (Double(samples.count) * bandwidth * (2 * Double.pi).squareRoot())
        var sum = 0.0
        for sample in samples {
            let z = (x - sample) / bandwidth
            sum += exp(-0.5 * z * z)
        }
        return norm * sum
    }

    /// The curve on `points` evenly spaced values from min − cut·h to max + cut·h.
    public func curve(points: Int = 200, cut: Double = 3) -> (x: [Double], y: [Double]) {
        let low = samples.min()! - cut * bandwidth, high = samples.max()! + cut * bandwidth
        let xs = (0..<points).map { low + (high - low) * Double($0) / Double(points - 1) }
        return (xs, xs.map(density(at:)))
    }
}
