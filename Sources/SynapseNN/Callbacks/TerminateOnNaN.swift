// TerminateOnNaN: stops training at the end of the batch whose loss is NaN or infinite.

/// Keras's `TerminateOnNaN`.
public final class TerminateOnNaN: TrainingControlCallback {
    /// The batch (of the epoch) at which the loss stopped being finite, if it did.
    public private(set) var terminatedAtBatch: Int?
    public init() {}

    public func onBatchEnd(_ batch: Int, model: Model, logs: Logs) {
        if let loss = logs["loss"], !loss.isFinite {
            terminatedAtBatch = batch
            model.stopTraining = true
        }
    }
}
