// ReduceLROnPlateau: when the monitored value has not improved by minDelta for `patience`
// epochs, multiply the learning rate by `factor` (not below minLR), then wait `cooldown` epochs.
// An optimizer with a learning-rate schedule has no learning rate to lower: fit throws at the
// start (Keras raises too). A monitored key that is not logged is an error at the first epoch's end.

/// Keras's `ReduceLROnPlateau`.
public final class ReduceLROnPlateau: TrainingControlCallback {
    public let monitor: String, factor: Float, patience: Int, mode: MonitorMode
    public let minDelta: Double, cooldown: Int, minLR: Float
    private var best: Double = .infinity, wait = 0, cooldownCounter = 0

    public init(monitor: String = "val_loss", factor: Float = 0.1, patience: Int = 10, mode: MonitorMode = .auto,
                minDelta: Double = 1e-4, cooldown: Int = 0, minLR: Float = 0) {
        require(factor < 1, "ReduceLROnPlateau needs a factor below 1")
        (self.monitor, self.factor, self.patience, self.mode) = (monitor, factor, patience, mode.resolved(for: monitor))
        (self.minDelta, self.cooldown, self.minLR) = (minDelta, cooldown, minLR)
    }

    public func onTrainBegin(model: Model, logs: Logs) throws {
        if let optimizer = model.optimizer, optimizer.schedule != nil {
            throw SynapseError.invalidArgument("ReduceLROnPlateau cannot lower the learning rate of model '\(model.name)': "
                + "its optimizer uses a learning-rate schedule, which sets the rate at every step")
        }
        best = mode == .max ? -.infinity : .infinity
        (wait, cooldownCounter) = (0, 0)
    }

    public func onEpochEnd(_ epoch: Int, model: Model, logs: Logs) throws {
        let current = try monitored(monitor, in: logs, by: "ReduceLROnPlateau")
        guard let optimizer = model.optimizer else { return }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            wait = 0
        }
        if mode == .max ? current > best + minDelta : current < best - minDelta {
            best = current
            wait = 0
        } else if cooldownCounter == 0 {
            wait += 1
            if wait >= patience, optimizer.learningRate > minLR {
                optimizer.learningRate = Swift.max(optimizer.learningRate * factor, minLR)
                cooldownCounter = cooldown
                wait = 0
            }
        }
    }
}
