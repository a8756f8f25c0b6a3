// Precision = TP / (TP + FP) and recall = TP / (TP + FN), counting predictions > 0.5 as
// positive (Keras's default threshold), over all outputs of the epoch.

/// Counts of true / false positives and false negatives.
public class ConfusionCounts: Metric {
    public let name: String
    let threshold: Float
    var truePositives = 0.0, falsePositives = 0.0, falseNegatives = 0.0

    init(name: String, threshold: Float) {
        self.name = name
        self.threshold = threshold
    }

    public func update(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) {
        let n = yPred.shape.first ?? 1
        let d = n == 0 ? 0 : yPred.count / n
        let weights = sampleWeight?.scalars
        for (k, (t, p)) in zip(yTrue.scalars, yPred.scalars).enumerated() {
            let w = Double(weights?[k / Swift.max(d, 1)] ?? 1)
            let positive = p > threshold
            if positive && t > 0.5 { truePositives += w }
            if positive && t <= 0.5 { falsePositives += w }
            if !positive && t > 0.5 { falseNegatives += w }
        }
    }

    public var result: Double { 0 }
    public func reset() { (truePositives, falsePositives, falseNegatives) = (0, 0, 0) }
    public func copy() -> Metric { fatalError("subclasses override copy") }
}

/// Keras's `Precision`.
public final class Precision: ConfusionCounts, MetricRepresentable {
    public override init(name: String = "precision", threshold: Float = 0.5) { super.init(name: name, threshold: threshold) }
    public override var result: Double {
        truePositives + falsePositives == 0 ? 0 : truePositives / (truePositives + falsePositives)
    }
    public override func copy() -> Metric { Precision(name: name, threshold: threshold) }
    public func makeMetric(loss: Loss) throws -> Metric { copy() }
}

/// Keras's `Recall`.
public final class Recall: ConfusionCounts, MetricRepresentable {
    public override init(name: String = "recall", threshold: Float = 0.5) { super.init(name: name, threshold: threshold) }
    public override var result: Double {
        truePositives + falseNegatives == 0 ? 0 : truePositives / (truePositives + falseNegatives)
    }
    public override func copy() -> Metric { Recall(name: name, threshold: threshold) }
    public func makeMetric(loss: Loss) throws -> Metric { copy() }
}
