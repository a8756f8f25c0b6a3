// Area under the ROC curve, as Keras's AUC(num_thresholds=200) computes it: confusion counts at
// fixed thresholds τ₀ = −ε, τᵢ = i/(T − 1), τ_{T−1} = 1 + ε (a prediction is positive when
// p > τ), then the trapezoid rule over the curve (FPRᵢ, TPRᵢ):
//   AUC = Σᵢ (FPRᵢ − FPRᵢ₊₁) · (TPRᵢ + TPRᵢ₊₁) / 2,   TPR = TP/(TP + FN), FPR = FP/(FP + TN)

/// Keras's `AUC` (ROC, trapezoidal, 200 thresholds), accumulated over the epoch.
public final class AUC: Metric, MetricRepresentable {
    public let name: String
    public let thresholdCount: Int
    private var tp: [Double], fp: [Double], tn: [Double], fn: [Double]
    private let thresholds: [Float]

    public init(name: String = "auc", thresholdCount: Int = 200) {
        precondition(thresholdCount > 2, "AUC needs more than 2 thresholds")
        self.name = name
        self.thresholdCount = thresholdCount
        let epsilon: Float = 1e-7
        thresholds = [-epsilon] + (1..<(thresholdCount - 1)).map { Float($0) / Float(thresholdCount - 1) } + [1 + epsilon]
        (tp, fp, tn, fn) = ([], [], [], [])
        reset()
    }

    public func update(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) {
        let n = yPred.shape.first ?? 1
        let d = n == 0 ? 1 : Swift.max(yPred.count / n, 1)
        let weights = sampleWeight?.scalars
        for (k, (t, p)) in zip(yTrue.scalars, yPred.scalars).enumerated() {
            let w = Double(weights?[k / d] ?? 1)
            let positive = t > 0.5
            for (i, tau) in thresholds.enumerated() {
                switch (p > tau, positive) {
                case (true, true): tp[i] += w
                case (true, false): fp[i] += w
                case (false, false): tn[i] += w
                case (false, true): fn[i] += w
                }
            }
        }
    }

    public var result: Double {
        func rate(_ a: Double, _ b: Double) -> Double { a + b == 0 ? 0 : a / (a + b) }
        var area = 0.0
        for i in 0..<(thresholdCount - 1) {
            let (tpr0, tpr1) = (rate(tp[i], fn[i]), rate(tp[i + 1], fn[i + 1]))
            let (fpr0, fpr1) = (rate(fp[i], tn[i]), rate(fp[i + 1], tn[i + 1]))
            area += (fpr0 - fpr1) * (tpr0 + tpr1) / 2
        }
        return area
    }

    public func reset() {
        let zeros = [Double](repeating: 0, count: thresholdCount)
        (tp, fp, tn, fn) = (zeros, zeros, zeros, zeros)
    }

    public func copy() -> Metric { AUC(name: name, thresholdCount: thresholdCount) }
    public func makeMetric(loss: Loss) throws -> Metric { copy() }
}
