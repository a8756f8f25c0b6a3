// ModelCheckpoint: saves the model file at the end of epochs — every epoch, or only when the
// monitored value improves (saveBestOnly). Files are written atomically (a temporary file
// renamed over the old one), so a crash never leaves a half-written checkpoint.
// "{epoch}" in the path becomes the 1-based epoch number, as Keras formats it.

/// Keras's `ModelCheckpoint`.
public final class ModelCheckpoint: Callback {
    public let path: String
    public let monitor: String
    public let saveBestOnly: Bool
    public let mode: MonitorMode
    /// Also save the optimizer's state so that training resumes exactly.
    public let includeOptimizer: Bool
    public private(set) var best: Double
    /// The errors of failed saves (training goes on).
    public private(set) var errors: [Error] = []

    public init(path: String, monitor: String = "val_loss", saveBestOnly: Bool = false, mode: MonitorMode = .auto,
                includeOptimizer: Bool = true) {
        self.path = path
        self.monitor = monitor
        self.saveBestOnly = saveBestOnly
        self.mode = mode.resolved(for: monitor)
        self.includeOptimizer = includeOptimizer
        best = self.mode == .max ? -.infinity : .infinity
    }

    public func onEpochEnd(_ epoch: Int, model: Sequential, logs: Logs) {
        if saveBestOnly {
            guard let current = logs[monitor], mode == .max ? current > best : current < best else { return }
            best = current
        }
        do {
            try model.save(to: path.replacingOccurrences(of: "{epoch}", with: String(epoch + 1)), includeOptimizer: includeOptimizer)
        } catch {
            errors.append(error)
        }
    }
}
