// Tick positions chosen like Matplotlib's MaxNLocator with steps [1, 2, 2.5, 5, 10]:
//   raw step  s₀ = (max − min) / nbins
//   scale     p  = 10^⌊log₁₀ s₀⌋
//   step      s  = the smallest of {1, 2, 2.5, 5, 10}·p that is ≥ s₀
//   ticks     k·s for every integer k with min ≤ k·s ≤ max
// nbins follows Matplotlib's 'auto': the axis length over three (x) or two (y) label heights,
// clamped to 1...9. Labels show the fewest decimals that tell the ticks apart.

import Foundation

/// Nice tick positions and their labels.
public enum Ticks {
    /// The multiples of 10ⁿ a step may take, as Matplotlib's MaxNLocator(steps: [1, 2, 2.5, 5, 10]).
    static let steps: [Double] = [1, 2, 2.5, 5, 10]

    /// The tick step for a range split into at most `maxIntervals` intervals.
    public static func step(min lower: Double, max upper: Double, maxIntervals: Int) -> Double {
        let span = upper - lower
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(Swift.max(maxIntervals, 1))
        let scale = pow(10, floor(log10(raw)))
        for multiple in steps where multiple * scale >= raw * (1 - 1e-9) {
            return multiple * scale
        }
        return 10 * scale
    }

    /// Nice tick positions inside [min, max] (both ends included when they fall on a tick).
    public static func positions(min lower: Double, max upper: Double, maxIntervals: Int = 8) -> [Double] {
        guard upper > lower, lower.isFinite, upper.isFinite else { return [lower] }
        let step = step(min: lower, max: upper, maxIntervals: maxIntervals)
        let first = (lower / step - 1e-9).rounded(.up)
        let last = (upper / step + 1e-9).rounded(.down)
        guard last >= first else { return [] }
        return stride(from: first, through: last, by: 1).map { k in
            let value = k * step
            // Round away float noise such as 0.30000000000000004 and -0.0.
            let cleaned = (value / step).rounded() * step
            return abs(cleaned) < step * 1e-9 ? 0 : cleaned
        }
    }

    /// Labels for evenly spaced ticks: fixed decimals chosen from the step, or scientific
    /// notation ("2.5e6") for very large or very small magnitudes.
    public static func labels(for ticks: [Double]) -> [String] {
        guard ticks.count > 1 else { return ticks.map { format($0, decimals: $0 == $0.rounded() ? 0 : 2) } }
        let step = abs(ticks[1] - ticks[0])
        let largest = ticks.map(abs).max() ?? 0
        if largest >= 1e6 || (largest > 0 && largest < 1e-4) {
            return ticks.map { scientific($0, step: step) }
        }
        return ticks.map { format($0, decimals: decimals(forStep: step)) }
    }

    /// How many decimals a step needs: 0.5 → 1, 0.25 → 2, 20 → 0.
    static func decimals(forStep step: Double) -> Int {
        guard step > 0, step.isFinite else { return 0 }
        var decimals = Swift.max(0, Int(-floor(log10(step) + 1e-9)))
        let scaled = step * pow(10, Double(decimals))
        if abs(scaled - scaled.rounded()) > 1e-6 { decimals += 1 }
        return decimals
    }

    /// A number with fixed decimals, never "-0".
    public static func format(_ value: Double, decimals: Int) -> String {
        let text = String(format: "%.\(decimals)f", value)
        if let number = Double(text), number == 0 { return String(format: "%.\(decimals)f", 0.0) }
        return text
    }

    private static func scientific(_ value: Double, step: Double) -> String {
        if value == 0 { return "0" }
        let exponent = Int(floor(log10(abs(value))))
        let mantissa = value / pow(10, Double(exponent))
        let stepMantissa = step / pow(10, Double(exponent))
        let digits = Swift.min(3, decimals(forStep: stepMantissa))
        var text = String(format: "%.\(digits)f", mantissa)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return "\(text)e\(exponent)"
    }

    /// Matplotlib's 'auto' interval count for an axis of `length` pixels.
    static func autoIntervals(axisLength length: Double, fontSize: Double, horizontal: Bool) -> Int {
        let perLabel = fontSize * (horizontal ? 3 : 2)
        return Swift.min(9, Swift.max(1, Int(length / perLabel)))
    }

    /// The view range for data [lower, upper]: widened by `margin` of the span on each side
    /// (Matplotlib's axes.xmargin / ymargin = 0.05), except at a sticky edge (bars and
    /// histograms start exactly at 0). A single value gets a range around it.
    static func viewLimits(lower: Double, upper: Double, margin: Double,
                           stickyLower: Double? = nil, stickyUpper: Double? = nil) -> (Double, Double) {
        guard lower.isFinite, upper.isFinite else { return (0, 1) }
        if upper <= lower {
            let pad = lower == 0 ? 1 : abs(lower) * 0.05
            return (lower - pad, upper + pad)
        }
        let pad = (upper - lower) * margin
        var low = lower - pad, high = upper + pad
        // A margin may not cross a sticky edge: it stops there (Matplotlib's sticky_edges).
        if let sticky = stickyLower, sticky >= low, sticky <= lower { low = sticky }
        if let sticky = stickyUpper, sticky <= high, sticky >= upper { high = sticky }
        return (low, high)
    }
}
