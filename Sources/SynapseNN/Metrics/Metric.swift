// Metrics: stateful averages over an epoch, as Keras's metrics (update_state / result /
// reset_state). Each update reads the batch's targets and predictions (no gradients).

/// A metric accumulated over the batches of an epoch.
public protocol Metric: AnyObject {
    /// The key in logs and History ("accuracy", "mae", "val_accuracy" for validation).
    var name: String { get }
    /// Adds a batch: targets and predictions of the same number of rows.
    func update(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?)
    /// The value over everything added since the last reset.
    var result: Double { get }
    /// Forgets everything added.
    func reset()
    /// A fresh metric of the same kind and name.
    func copy() -> Metric
}

/// A metric that is the (weighted) mean of a per-sample value.
public class MeanMetric: Metric {
    public let name: String
    private var total = 0.0, weight = 0.0
    let perSample: (UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>, Int) -> Double

    /// `perSample(t, p, d)` reads one row of width d.
    init(name: String, perSample: @escaping (UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>, Int) -> Double) {
        self.name = name
        self.perSample = perSample
    }

    public func update(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor?) {
        let (n, d) = rowsAndWidth(yPred)
        let dt = n == 0 ? 0 : yTrue.count / n
        let w = sampleWeight?.scalars
        yTrue.withUnsafeBufferPointer { t in
            yPred.withUnsafeBufferPointer { p in
                for i in 0..<n {
                    let wi = Double(w?[i] ?? 1)
                    let ti = UnsafeBufferPointer(rebasing: t[(i * dt)..<(i * dt + dt)])
                    let pi = UnsafeBufferPointer(rebasing: p[(i * d)..<(i * d + d)])
                    total += wi * perSample(ti, pi, d)
                    weight += wi
                }
            }
        }
    }

    public var result: Double { weight == 0 ? 0 : transform(total / weight) }
    public func reset() { (total, weight) = (0, 0) }
    public func copy() -> Metric { MeanMetric(name: name, perSample: perSample).withTransform(transform) }

    var transform: (Double) -> Double = { $0 }
    func withTransform(_ f: @escaping (Double) -> Double) -> MeanMetric {
        transform = f
        return self
    }
}

/// A name or a value that `compile` turns into a metric.
public protocol MetricRepresentable {
    /// The metric, given the loss (Keras picks the kind of "accuracy" from it).
    func makeMetric(loss: Loss) throws -> Metric
}

extension MeanMetric: MetricRepresentable {
    public func makeMetric(loss: Loss) throws -> Metric { copy() }
}

extension String: MetricRepresentable {
    /// Keras's metric names: "accuracy"/"acc" (binary, categorical or sparse after the loss),
    /// "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "mae", "mse",
    /// "rmse", "precision", "recall", "auc".
    public func makeMetric(loss: Loss) throws -> Metric {
        switch self {
        case "accuracy", "acc":
            if loss is CategoricalCrossentropy { return Metrics.categoricalAccuracy(name: self) }
            if loss is SparseCategoricalCrossentropy { return Metrics.sparseCategoricalAccuracy(name: self) }
            return Metrics.binaryAccuracy(name: self)
        case "binary_accuracy": return Metrics.binaryAccuracy(name: self)
        case "categorical_accuracy": return Metrics.categoricalAccuracy(name: self)
        case "sparse_categorical_accuracy": return Metrics.sparseCategoricalAccuracy(name: self)
        case "mae", "mean_absolute_error": return Metrics.meanAbsoluteError(name: self)
        case "mse", "mean_squared_error": return Metrics.meanSquaredError(name: self)
        case "rmse", "root_mean_squared_error": return Metrics.rootMeanSquaredError(name: self)
        case "precision": return Precision()
        case "recall": return Recall()
        case "auc": return AUC()
        default:
            throw SynapseError.invalidArgument("unknown metric '\(self)'; known: accuracy, binary_accuracy, categorical_accuracy, "
                + "sparse_categorical_accuracy, mae, mse, rmse, precision, recall, auc")
        }
    }
}

/// Keras's metrics by value.
public enum Metrics {
    /// The fraction of outputs on the right side of `threshold`.
    public static func binaryAccuracy(name: String = "binary_accuracy", threshold: Float = 0.5) -> MeanMetric {
        MeanMetric(name: name) { t, p, d in
            var hits = 0
            for j in 0..<d where (p[j] > threshold ? 1 : 0) == t[j] { hits += 1 }
            return Double(hits) / Double(d)
        }
    }
    /// Whether the arg-max of the prediction is the arg-max of the one-hot target.
    public static func categoricalAccuracy(name: String = "categorical_accuracy") -> MeanMetric {
        MeanMetric(name: name) { t, p, _ in argmax(t) == argmax(p) ? 1 : 0 }
    }
    /// Whether the arg-max of the prediction is the target class index.
    public static func sparseCategoricalAccuracy(name: String = "sparse_categorical_accuracy") -> MeanMetric {
        MeanMetric(name: name) { t, p, _ in Int(t[0]) == argmax(p) ? 1 : 0 }
    }
    public static func meanAbsoluteError(name: String = "mean_absolute_error") -> MeanMetric {
        MeanMetric(name: name) { t, p, d in (0..<d).reduce(0.0) { $0 + Double(Swift.abs(p[$1] - t[$1])) } / Double(d) }
    }
    public static func meanSquaredError(name: String = "mean_squared_error") -> MeanMetric {
        MeanMetric(name: name) { t, p, d in (0..<d).reduce(0.0) { $0 + Double((p[$1] - t[$1]) * (p[$1] - t[$1])) } / Double(d) }
    }
    /// √(mean squared error) over the epoch.
    public static func rootMeanSquaredError(name: String = "root_mean_squared_error") -> MeanMetric {
        meanSquaredError(name: name).withTransform { $0.squareRoot() }
    }
}

private func argmax(_ p: UnsafeBufferPointer<Float>) -> Int {
    var best = 0
    for j in 1..<Swift.max(p.count, 1) where p[j] > p[best] { best = j }
    return best
}
