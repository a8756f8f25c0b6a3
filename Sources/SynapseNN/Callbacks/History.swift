// History: records the epoch-end logs of `fit` (Keras's keras.callbacks.History).

/// Per-epoch values of a `fit` run: `history["loss"]`, `history["val_accuracy"]`, ...
public final class History: Callback {
    /// Each logged key with its value at the end of each epoch.
    public private(set) var history: [String: [Double]] = [:]
    /// The epochs recorded (from 0).
    public private(set) var epoch: [Int] = []

    public init() {}

    public func onEpochEnd(_ epoch: Int, model: Sequential, logs: Logs) {
        self.epoch.append(epoch)
        for (key, value) in logs { history[key, default: []].append(value) }
    }

    /// The values of `key`, or [] if it was not logged.
    public subscript(key: String) -> [Double] { history[key] ?? [] }
}
