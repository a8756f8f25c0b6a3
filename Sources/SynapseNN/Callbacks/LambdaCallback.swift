// LambdaCallback: a callback made of closures (Keras's LambdaCallback).

/// Runs the given closures at the matching hooks.
public final class LambdaCallback: Callback {
    let trainBegin: ((Sequential, Logs) throws -> Void)?, trainEnd: ((Sequential, Logs) throws -> Void)?
    let epochBegin: ((Int, Sequential, Logs) throws -> Void)?, epochEnd: ((Int, Sequential, Logs) throws -> Void)?
    let batchBegin: ((Int, Sequential, Logs) throws -> Void)?, batchEnd: ((Int, Sequential, Logs) throws -> Void)?

    public init(onTrainBegin: ((Sequential, Logs) throws -> Void)? = nil, onTrainEnd: ((Sequential, Logs) throws -> Void)? = nil,
                onEpochBegin: ((Int, Sequential, Logs) throws -> Void)? = nil, onEpochEnd: ((Int, Sequential, Logs) throws -> Void)? = nil,
                onBatchBegin: ((Int, Sequential, Logs) throws -> Void)? = nil, onBatchEnd: ((Int, Sequential, Logs) throws -> Void)? = nil) {
        (trainBegin, trainEnd, epochBegin, epochEnd, batchBegin, batchEnd) =
            (onTrainBegin, onTrainEnd, onEpochBegin, onEpochEnd, onBatchBegin, onBatchEnd)
    }

    public func onTrainBegin(model: Sequential, logs: Logs) throws { try trainBegin?(model, logs) }
    public func onTrainEnd(model: Sequential, logs: Logs) throws { try trainEnd?(model, logs) }
    public func onEpochBegin(_ epoch: Int, model: Sequential, logs: Logs) throws { try epochBegin?(epoch, model, logs) }
    public func onEpochEnd(_ epoch: Int, model: Sequential, logs: Logs) throws { try epochEnd?(epoch, model, logs) }
    public func onBatchBegin(_ batch: Int, model: Sequential, logs: Logs) throws { try batchBegin?(batch, model, logs) }
    public func onBatchEnd(_ batch: Int, model: Sequential, logs: Logs) throws { try batchEnd?(batch, model, logs) }
}
