// ModelCheckpoint: saves the model file at the end of epochs — every epoch, or only when the
// monitored value improves (saveBestOnly). Files are written atomically (a temporary file
// renamed over the old one), so a crash never leaves a half-written checkpoint.
// "{epoch}" in the path becomes the 1-based epoch number, as Keras formats it. A failed save
// ends `fit` with the error (naming the file), as Keras raises; with saveBestOnly, a monitored
// key that is not logged is an error at the first epoch's end.

/// Keras's `ModelCheckpoint`.
public final class ModelCheckpoint: Callback {
    public let path: String
    public let monitor: String
    public let saveBestOnly: Bool
    public let mode: MonitorMode
    /// Also save the optimizer's state so that training resumes exactly.
    public let includeOptimizer: Bool
    public private(set) var best: Double

    public init(path: String, monitor: String = "val_loss", saveBestOnly: Bool = false, mode: MonitorMode = .auto,
                includeOptimizer: Bool = true) {
        self.path = path
        self.monitor = monitor
        self.saveBestOnly = saveBestOnly
        self.mode = mode.resolved(for: monitor)
        self.includeOptimizer = includeOptimizer
        best = self.mode == .max ? -.infinity : .infinity
    }

    public func onEpochEnd(_ epoch: Int, model: Model, logs: Logs) throws {
        if saveBestOnly {
            let current = try monitored(monitor, in: logs, by: "ModelCheckpoint")
            guard mode == .max ? current > best : current < best else { return }
            best = current
        }
        try model.save(to: path.replacingOccurrences(of: "{epoch}", with: String(epoch + 1)), includeOptimizer: includeOptimizer)
    }
}
