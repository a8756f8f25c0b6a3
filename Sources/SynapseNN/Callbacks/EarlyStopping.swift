// EarlyStopping: stop when the monitored value has not improved for `patience` epochs.
// An improvement is current < best − minDelta (mode min) or current > best + minDelta (max).
// With a baseline, the patience counter only resets once the value beats the baseline. With
// restoreBestWeights, the best epoch's weights are put back whenever training ends — after an
// early stop or after the last epoch (the rule; Keras restores only on an early stop).
// A monitored key that is not logged is an error at the first epoch's end (Keras warns).

/// Keras's `EarlyStopping`.
public final class EarlyStopping: TrainingControlCallback {
    public let monitor: String
    public let minDelta: Double
    public let patience: Int
    public let mode: MonitorMode
    public let baseline: Double?
    public let restoreBestWeights: Bool
    /// The epoch training stopped at (0 when it ran to the end).
    public private(set) var stoppedEpoch = 0
    /// The epoch with the best monitored value.
    public private(set) var bestEpoch = 0
    public private(set) var best: Double = .infinity
    private var wait = 0
    private var bestWeights: [Tensor]?

    public init(monitor: String = "val_loss", minDelta: Double = 0, patience: Int = 0, mode: MonitorMode = .auto,
                baseline: Double? = nil, restoreBestWeights: Bool = false) {
        self.monitor = monitor
        self.minDelta = Swift.abs(minDelta)
        self.patience = patience
        self.mode = mode.resolved(for: monitor)
        self.baseline = baseline
        self.restoreBestWeights = restoreBestWeights
    }

    private func isImprovement(_ value: Double, over reference: Double) -> Bool {
        mode == .max ? value - minDelta > reference : value + minDelta < reference
    }

    public func onTrainBegin(model: Model, logs: Logs) {
        (wait, stoppedEpoch, bestEpoch, bestWeights) = (0, 0, 0, nil)
        best = mode == .max ? -.infinity : .infinity
    }

    public func onEpochEnd(_ epoch: Int, model: Model, logs: Logs) throws {
        let current = try monitored(monitor, in: logs, by: "EarlyStopping")
        if restoreBestWeights && bestWeights == nil { bestWeights = model.getWeights() }
        wait += 1
        if isImprovement(current, over: best) {
            best = current
            bestEpoch = epoch
            if restoreBestWeights { bestWeights = model.getWeights() }
            if baseline == nil || isImprovement(current, over: baseline!) {
                wait = 0
                return
            }
        }
        if wait >= patience && epoch > 0 {
            stoppedEpoch = epoch
            model.stopTraining = true
        }
    }

    public func onTrainEnd(model: Model, logs: Logs) {
        if restoreBestWeights, let bestWeights { try? model.setWeights(bestWeights) }
    }
}
