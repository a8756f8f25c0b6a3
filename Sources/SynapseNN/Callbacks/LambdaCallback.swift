// LambdaCallback: a callback made of closures (Keras's LambdaCallback).

/// Runs the given closures at the matching hooks.
public final class LambdaCallback: Callback {
    let trainBegin: ((Sequential, Logs) -> Void)?, trainEnd: ((Sequential, Logs) -> Void)?
    let epochBegin: ((Int, Sequential, Logs) -> Void)?, epochEnd: ((Int, Sequential, Logs) -> Void)?
    let batchBegin: ((Int, Sequential, Logs) -> Void)?, batchEnd: ((Int, Sequential, Logs) -> Void)?

    public init(onTrainBegin: ((Sequential, Logs) -> Void)? = nil, onTrainEnd: ((Sequential, Logs) -> Void)? = nil,
                onEpochBegin: ((Int, Sequential, Logs) -> Void)? = nil, onEpochEnd: ((Int, Sequential, Logs) -> Void)? = nil,
                onBatchBegin: ((Int, Sequential, Logs) -> Void)? = nil, onBatchEnd: ((Int, Sequential, Logs) -> Void)? = nil) {
        (trainBegin, trainEnd, epochBegin, epochEnd, batchBegin, batchEnd) =
            (onTrainBegin, onTrainEnd, onEpochBegin, onEpochEnd, onBatchBegin, onBatchEnd)
    }

    public func onTrainBegin(model: Sequential, logs: Logs) { trainBegin?(model, logs) }
    public func onTrainEnd(model: Sequential, logs: Logs) { trainEnd?(model, logs) }
    public func onEpochBegin(_ epoch: Int, model: Sequential, logs: Logs) { epochBegin?(epoch, model, logs) }
    public func onEpochEnd(_ epoch: Int, model: Sequential, logs: Logs) { epochEnd?(epoch, model, logs) }
    public func onBatchBegin(_ batch: Int, model: Sequential, logs: Logs) { batchBegin?(batch, model, logs) }
    public func onBatchEnd(_ batch: Int, model: Sequential, logs: Logs) { batchEnd?(batch, model, logs) }
}
