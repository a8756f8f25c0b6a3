// Callbacks: code that runs at the begin / end of training, of each epoch and of each batch,
// with the logs of the moment (Keras's keras.callbacks.Callback). Epochs are numbered from 0
// in hooks, as in Keras; batch logs hold the running averages of the epoch so far.

/// The values of a moment of training: "loss", metrics, "val_" metrics, "learning_rate".
public typealias Logs = [String: Double]

/// Hooks called by `fit` (every hook has an empty default).
public protocol Callback: AnyObject {
    func onTrainBegin(model: Sequential, logs: Logs)
    func onTrainEnd(model: Sequential, logs: Logs)
    func onEpochBegin(_ epoch: Int, model: Sequential, logs: Logs)
    func onEpochEnd(_ epoch: Int, model: Sequential, logs: Logs)
    func onBatchBegin(_ batch: Int, model: Sequential, logs: Logs)
    func onBatchEnd(_ batch: Int, model: Sequential, logs: Logs)
}

extension Callback {
    public func onTrainBegin(model: Sequential, logs: Logs) {}
    public func onTrainEnd(model: Sequential, logs: Logs) {}
    public func onEpochBegin(_ epoch: Int, model: Sequential, logs: Logs) {}
    public func onEpochEnd(_ epoch: Int, model: Sequential, logs: Logs) {}
    public func onBatchBegin(_ batch: Int, model: Sequential, logs: Logs) {}
    public func onBatchEnd(_ batch: Int, model: Sequential, logs: Logs) {}
}

/// Whether a monitored value should go down or up.
public enum MonitorMode: String, Sendable {
    /// "max" for accuracy, AUC, precision and recall; "min" for everything else (Keras's rule).
    case auto, min, max

    func resolved(for monitor: String) -> MonitorMode {
        guard self == .auto else { return self }
        let maxima = ["acc", "accuracy", "auc", "precision", "recall"]
        let base = monitor.hasPrefix("val_") ? String(monitor.dropFirst(4)) : monitor
        return maxima.contains(base) || base.hasSuffix("accuracy") ? .max : .min
    }
}
