// LambdaCallback: a callback made of closures (Keras's LambdaCallback).

/// Runs the given closures at the matching hooks.
public final class LambdaCallback: Callback {
    let trainBegin: ((Model, Logs) throws -> Void)?, trainEnd: ((Model, Logs) throws -> Void)?
    let epochBegin: ((Int, Model, Logs) throws -> Void)?, epochEnd: ((Int, Model, Logs) throws -> Void)?
    let batchBegin: ((Int, Model, Logs) throws -> Void)?, batchEnd: ((Int, Model, Logs) throws -> Void)?

    public init(onTrainBegin: ((Model, Logs) throws -> Void)? = nil, onTrainEnd: ((Model, Logs) throws -> Void)? = nil,
                onEpochBegin: ((Int, Model, Logs) throws -> Void)? = nil, onEpochEnd: ((Int, Model, Logs) throws -> Void)? = nil,
                onBatchBegin: ((Int, Model, Logs) throws -> Void)? = nil, onBatchEnd: ((Int, Model, Logs) throws -> Void)? = nil) {
        (trainBegin, trainEnd, epochBegin, epochEnd, batchBegin, batchEnd) =
            (onTrainBegin, onTrainEnd, onEpochBegin, onEpochEnd, onBatchBegin, onBatchEnd)
    }

    public func onTrainBegin(model: Model, logs: Logs) throws { try trainBegin?(model, logs) }
    public func onTrainEnd(model: Model, logs: Logs) throws { try trainEnd?(model, logs) }
    public func onEpochBegin(_ epoch: Int, model: Model, logs: Logs) throws { try epochBegin?(epoch, model, logs) }
    public func onEpochEnd(_ epoch: Int, model: Model, logs: Logs) throws { try epochEnd?(epoch, model, logs) }
    public func onBatchBegin(_ batch: Int, model: Model, logs: Logs) throws { try batchBegin?(batch, model, logs) }
    public func onBatchEnd(_ batch: Int, model: Model, logs: Logs) throws { try batchEnd?(batch, model, logs) }
}
