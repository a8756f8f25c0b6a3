// Callbacks: code that runs at the begin / end of training, of each epoch and of each batch,
// with the logs of the moment (Keras's keras.callbacks.Callback). Epochs are numbered from 0
// in hooks, as in Keras; batch logs hold the running averages of the epoch so far. A hook that
// throws ends `fit`, which rethrows the error (a CSVLogger that cannot write its file, a
// monitored key that is not logged): as in Keras, a failing callback fails the run.

/// The values of a moment of training: "loss", metrics, "val_" metrics, "learning_rate".
public typealias Logs = [String: Double]

/// Hooks called by `fit` (every hook has an empty default; an error thrown by a hook ends `fit`).
public protocol Callback: AnyObject {
    func onTrainBegin(model: Model, logs: Logs) throws
    func onTrainEnd(model: Model, logs: Logs) throws
    func onEpochBegin(_ epoch: Int, model: Model, logs: Logs) throws
    func onEpochEnd(_ epoch: Int, model: Model, logs: Logs) throws
    func onBatchBegin(_ batch: Int, model: Model, logs: Logs) throws
    func onBatchEnd(_ batch: Int, model: Model, logs: Logs) throws
}

extension Callback {
    public func onTrainBegin(model: Model, logs: Logs) {}
    public func onTrainEnd(model: Model, logs: Logs) {}
    public func onEpochBegin(_ epoch: Int, model: Model, logs: Logs) {}
    public func onEpochEnd(_ epoch: Int, model: Model, logs: Logs) {}
    public func onBatchBegin(_ batch: Int, model: Model, logs: Logs) {}
    public func onBatchEnd(_ batch: Int, model: Model, logs: Logs) {}
}

/// A callback that steers training (stops it, changes the learning rate, restores weights) and
/// writes nothing: a data-parallel `fit` runs it on every rank, where it sees the same reduced
/// logs and so decides the same; every other callback runs on rank 0 only.
public protocol TrainingControlCallback: Callback {}

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

/// The monitored value of `logs`, or an error naming the callback, the key and the logged keys
/// (Keras only warns; a typo would otherwise make the callback silently do nothing).
func monitored(_ monitor: String, in logs: Logs, by callback: String) throws -> Double {
    guard let value = logs[monitor] else {
        let hint = monitor.hasPrefix("val_") && !logs.keys.contains(where: { $0.hasPrefix("val_") })
            ? " (val_ keys need validationData or validationSplit)" : ""
        throw SynapseError.invalidArgument("\(callback) monitors '\(monitor)', which is not logged\(hint); "
            + "the logs hold: \(logs.keys.sorted().joined(separator: ", "))")
    }
    return value
}
