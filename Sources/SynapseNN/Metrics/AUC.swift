// Area under the ROC or precision-recall curve, as Keras 3's AUC computes it. T thresholds
// τ₀ = −ε, τᵢ = i/(T − 1), τ_{T−1} = 1 + ε; a prediction p (clipped to [0, 1]) counts as
// positive at τᵢ when p > τᵢ, which Keras evaluates by buckets: b = max(⌈p·(T − 1)⌉ − 1, 0),
// positive at every i ≤ b. A target is positive when it is not 0. With the counts TPᵢ, FPᵢ,
// TNᵢ, FNᵢ (x / 0 read as 0):
//   ROC:  xᵢ = FPᵢ/(FPᵢ + TNᵢ),  yᵢ = TPᵢ/(TPᵢ + FNᵢ)            (false positive rate, recall)
//   PR:   xᵢ = TPᵢ/(TPᵢ + FNᵢ),  yᵢ = TPᵢ/(TPᵢ + FPᵢ)            (recall, precision)
//   AUC = Σᵢ (xᵢ − xᵢ₊₁) · hᵢ,  hᵢ = (yᵢ + yᵢ₊₁)/2 (interpolation), min (minoring), max (majoring)
// except PR with interpolation, which integrates precision between thresholds with TP and
// P = TP + FP varying linearly (Davis & Goadrich, as Keras's interpolate_pr_auc):
//   slope = ΔTP/ΔP,  c = TPᵢ₊₁ − slope·Pᵢ₊₁,
//   AUC = Σᵢ slope·(ΔTP + c·log(Pᵢ/Pᵢ₊₁)) / (TPᵢ₊₁ + FNᵢ₊₁)     (log term 0 unless both P > 0)

import Foundation

/// Keras's `AUC` (200 thresholds, ROC, trapezoidal by default), accumulated over the epoch.
public final class AUC: Metric, MetricRepresentable {
    /// The curve whose area is measured (Keras's `curve`).
    public enum Curve: String, Sendable { case roc = "ROC", pr = "PR" }
    /// How the area between two thresholds is summed (Keras's `summation_method`).
    public enum SummationMethod: String, Sendable { case interpolation, minoring, majoring }

    public let name: String
    public let thresholdCount: Int
    public let curve: Curve
    public let summationMethod: SummationMethod
    /// Per bucket b: the weight of the positive and negative targets whose bucket is b.
    private var positives: [Double], negatives: [Double]

    public init(name: String = "auc", thresholdCount: Int = 200, curve: Curve = .roc,
                summationMethod: SummationMethod = .interpolation) {
        require(thresholdCount > 1, "AUC needs more than 1 threshold")
        self.name = name
        self.thresholdCount = thresholdCount
        self.curve = curve
        self.summationMethod = summationMethod
        (positives, negatives) = ([], [])
        reset()
    }

    public func update(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) {
        let n = yPred.shape.first ?? 1
        let d = n == 0 ? 1 : Swift.max(yPred.count / n, 1)
        let weights = sampleWeight?.scalars
        let scale = Float(thresholdCount - 1)
        for (k, (t, p)) in zip(yTrue.scalars, yPred.scalars).enumerated() {
            let w = Double(weights?[k / d] ?? 1)
            let clipped = p.isNaN ? 0 : Swift.min(Swift.max(p, 0), 1)
            let bucket = Swift.max(Int((clipped * scale).rounded(.up)) - 1, 0)
            if t != 0 { positives[bucket] += w } else { negatives[bucket] += w }
        }
    }

    public var result: Double {
        // TPᵢ, FPᵢ: the weight in buckets ≥ i; FN, TN the rest of each class.
        let count = thresholdCount
        var tp = [Double](repeating: 0, count: count), fp = tp
        var (p, n) = (0.0, 0.0)
        for i in stride(from: count - 1, through: 0, by: -1) {
            p += positives[i]
            n += negatives[i]
            (tp[i], fp[i]) = (p, n)
        }
        let fn = tp.map { p - $0 }, tn = fp.map { n - $0 }
        func ratio(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }
        if curve == .pr && summationMethod == .interpolation {
            var area = 0.0
            for i in 0..<(count - 1) {
                let dtp = tp[i] - tp[i + 1]
                let (p0, p1) = (tp[i] + fp[i], tp[i + 1] + fp[i + 1])
                let slope = ratio(dtp, Swift.max(p0 - p1, 0))
                let intercept = tp[i + 1] - slope * p1
                let logRatio = p0 > 0 && p1 > 0 ? Foundation.log(ratio(p0, Swift.max(p1, 0))) : 0
                area += ratio(slope * (dtp + intercept * logRatio), Swift.max(tp[i + 1] + fn[i + 1], 0))
            }
            return area
        }
        let recall = (0..<count).map { ratio(tp[$0], tp[$0] + fn[$0]) }
        let (x, y): ([Double], [Double]) = curve == .roc
            ? ((0..<count).map { ratio(fp[$0], fp[$0] + tn[$0]) }, recall)
            : (recall, (0..<count).map { ratio(tp[$0], tp[$0] + fp[$0]) })
        var area = 0.0
        for i in 0..<(count - 1) {
            let height: Double
            switch summationMethod {
            case .interpolation: height = (y[i] + y[i + 1]) / 2
            case .minoring: height = Swift.min(y[i], y[i + 1])
            case .majoring: height = Swift.max(y[i], y[i + 1])
            }
            area += (x[i] - x[i + 1]) * height
        }
        return area
    }

    public func reset() {
        positives = [Double](repeating: 0, count: thresholdCount)
        negatives = positives
    }

    public func copy() -> Metric { AUC(name: name, thresholdCount: thresholdCount, curve: curve, summationMethod: summationMethod) }
    public func makeMetric(loss: Loss) throws -> Metric { copy() }
}
