// History: records the epoch-end logs of `fit` (Keras's keras.callbacks.History).

import Foundation

/// Per-epoch values of a `fit` run: `try history["loss"]`, `try history["val_accuracy"]`, ...
public final class History: Callback {
    /// Each logged key with its value at the end of each epoch.
    public private(set) var history: [String: [Double]] = [:]
    /// The epochs recorded (from 0).
    public private(set) var epoch: [Int] = []

    public init() {}

    public func onEpochEnd(_ epoch: Int, model: Model, logs: Logs) {
        self.epoch.append(epoch)
        for (key, value) in logs { history[key, default: []].append(value) }
    }

    /// The logged keys, in the order Keras prints them (loss, metrics, then val_…, then the rest).
    public var keys: [String] {
        history.keys.sorted { a, b in
            let (va, vb) = (a.hasPrefix("val_"), b.hasPrefix("val_"))
            if va != vb { return !va }
            let (la, lb) = (a.hasSuffix("loss"), b.hasSuffix("loss"))
            if la != lb { return la }
            return a < b
        }
    }

    /// The values of `key` at the end of each epoch. A key that was not logged throws an error
    /// listing the keys that were (Keras raises KeyError): `try history["val_acc"]` after a run that
    /// logged `val_accuracy` says so. `history.history[key]` gives an optional instead.
    public subscript(key: String) -> [Double] {
        get throws {
            if let values = history[key] { return values }
            // Keras 2 logged "acc" and "val_acc"; Keras 3 and Synapse log "accuracy".
            let close = key.hasSuffix("acc") && history[key + "uracy"] != nil ? key + "uracy" : nil
            throw SynapseError.invalidArgument("History has no key '\(key)'"
                + (close.map { "; did you mean '\($0)'?" } ?? "")
                + " It logged: \(keys.isEmpty ? "nothing (fit has not run an epoch)" : keys.joined(separator: ", "))")
        }
    }
}
