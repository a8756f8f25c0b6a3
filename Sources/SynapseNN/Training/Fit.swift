// fit, evaluate and predict (Keras's Model.fit / evaluate / predict).
//
// One training step on a batch (x, y, w):
//   ŷ = model(x, training: true);  L = loss(y, ŷ; w) + Σ regularisation penalties
//   ∂L/∂θ by one backward pass;  θ ← optimizer(θ, ∂L/∂θ)
// When the output layer can hand over its logits (LogitsProviding: Dense) and applies sigmoid
// with binary, or softmax with (sparse) categorical cross-entropy, the loss is computed from the
// logits by the
// fused, stable kernels (as Keras's TensorFlow backend does); metrics still see probabilities.
// The epoch's "loss" is the mean of the batch losses weighted by batch size (as Keras's).
// A non-finite loss ends training with a thrown SynapseError.numerical naming the epoch and the
// batch (Keras would go on); with TerminateOnNaN among the callbacks it stops without an error.
// An error thrown by a callback's hook ends fit and is rethrown.
// With `distribution` (a DataParallel, Training/DataParallel.swift) each rank trains on its shard
// of every batch (of tensors or of a batch sequence), the ranks average their gradients before
// the optimizer step and BatchNormalization's moving statistics after it; an error on any rank
// then ends every rank (the others would wait for it for ever).
// Before any data runs, its shapes are checked, and the first layer checks x's values when it
// can (InputValidating: Embedding's token ids), since a layer's call cannot throw.

import Foundation

extension Model {
    /// Trains the model on (x, y) for `epochs` epochs and returns the per-epoch logs.
    ///
    /// - Parameters:
    ///   - batchSize: rows per step (32 when nil, as Keras).
    ///   - validationData: data evaluated at each epoch's end, logged as "val_...".
    ///   - validationSplit: the fraction of the *last* rows held out for validation instead
    ///     (Keras's rule: the first ⌊n·(1 − s)⌋ rows train, taken before any shuffling).
    ///   - shuffle: shuffle the rows every epoch.
    ///   - classWeight: a weight per class index, multiplying each row's loss.
    ///   - sampleWeight: a weight per row.
    ///   - initialEpoch: the epoch to start at (to resume an interrupted run).
    ///   - distribution: train data-parallel over the ranks of a communicator: every rank
    ///     passes the same x and y, and `batchSize` is the global batch, split across the ranks.
    @discardableResult
    public func fit(x: Tensor, y: Tensor, epochs: Int = 1, batchSize: Int? = nil,
                    validationData: (x: Tensor, y: Tensor)? = nil, validationSplit: Double = 0,
                    shuffle: Bool = true, classWeight: [Int: Float]? = nil, sampleWeight: Tensor? = nil,
                    callbacks: [Callback] = [], verbose: Verbosity = 1, initialEpoch: Int = 0,
                    distribution: DataParallel? = nil) throws -> History {
        try checkCompiled()
        try checkRows(x, y)
        guard validationSplit >= 0 && validationSplit < 1 else {
            throw SynapseError.invalidArgument("validationSplit must be in [0, 1); got \(validationSplit)")
        }
        try buildIfNeeded(sampleShape: Array(x.shape.dropFirst()))
        try checkInput(x)
        try validateInput(x)
        try checkSparseLabels(y, what: "y")
        var (x, y) = (x, y)
        var validation = validationData
        var sampleWeight = sampleWeight
        if let sampleWeight, sampleWeight.count != x.shape[0] {
            throw SynapseError.shapeMismatch("sampleWeight has \(sampleWeight.count) values for \(x.shape[0]) rows")
        }
        if validationSplit > 0 && validation == nil {
            let n = x.shape[0]
            let cut = try Model.validationCut(rows: n, split: validationSplit)
            validation = (x.slice(cut..<n), y.slice(cut..<n))
            (x, y) = (x.slice(0..<cut), y.slice(0..<cut))
            sampleWeight = sampleWeight?.slice(0..<cut)
        }
        try checkShapes(x, y)
        if let validation {
            try checkRows(validation.x, validation.y)
            try checkShapes(validation.x, validation.y)
            if validationData != nil {
                try validateInput(validation.x, source: "the validation data")
                try checkSparseLabels(validation.y, what: "the validation y")
            }
        }

        let n = x.shape[0]
        let batch = Swift.max(1, batchSize ?? 32)
        let steps = (n + batch - 1) / batch
        let rowWeights = try classWeight.map { try classWeights($0, y) }.map { w in
            sampleWeight.map { $0 * w } ?? w
        } ?? sampleWeight
        let drawnSeed = EpochOrder.drawSeed(seed)
        var order = EpochOrder(count: n, shuffle: shuffle, seed: try distribution?.broadcast(drawnSeed) ?? drawnSeed)

        return try runEpochs(epochs: epochs, initialEpoch: initialEpoch, steps: steps, callbacks: callbacks, verbose: verbose,
            distribution: distribution,
            batchAt: { epoch, step in
                let global = (step * batch)..<Swift.min(n, (step + 1) * batch)
                let range = distribution?.shard(global) ?? global
                let rows = order.rows(range, epoch: epoch)
                return Batch(x: [rows.take(x)], y: [rows.take(y)], weight: rowWeights.map(rows.take))
            },
            validate: validation.map { v in {
                guard let distribution, v.x.shape[0] >= distribution.size else { return try self.evaluateLogs(x: v.x, y: v.y, batchSize: batch) }
                let part = distribution.shard(0..<v.x.shape[0])
                let logs = try self.evaluateLogs(x: v.x.slice(part), y: v.y.slice(part), batchSize: batch)
                return try distribution.reduce(logs, rows: part.count)
            } })
    }

    /// Trains on a batch sequence (a time-series window generator, an image folder), its batches
    /// in the sequence's order.
    ///
    /// - Parameters:
    ///   - validationData: batches evaluated at each epoch's end, logged as "val_...".
    ///   - initialEpoch: the epoch to start at (to resume an interrupted run).
    ///   - distribution: train data-parallel over the ranks of a communicator: every rank passes
    ///     the same sequence (same batches in the same order), each batch is a global batch, and
    ///     each rank trains on its shard of its rows (`batch(at:rows:)`: an image folder decodes
    ///     only those files). The validation batches are split and reduced the same way.
    @discardableResult
    public func fit(_ data: BatchSequence, epochs: Int = 1, validationData: BatchSequence? = nil,
                    callbacks: [Callback] = [], verbose: Verbosity = 1, initialEpoch: Int = 0,
                    distribution: DataParallel? = nil) throws -> History {
        try checkCompiled()
        guard data.count > 0 else { throw SynapseError.invalidArgument("fit got a batch sequence with no batches") }
        let first = try data.batch(at: 0)
        try checkRows(first.x, first.y)
        try buildIfNeeded(sampleShape: Array(first.x.shape.dropFirst()))
        try checkShapes(first.x, first.y)
        // A rank's part of each batch: its shard, or the whole batch in a single process.
        let distribution = distribution.flatMap { $0.size > 1 ? $0 : nil }
        let part: (Int) -> Range<Int> = { rows in distribution?.shard(0..<rows) ?? 0..<rows }
        return try runEpochs(epochs: epochs, initialEpoch: initialEpoch, steps: data.count, callbacks: callbacks, verbose: verbose,
            distribution: distribution,
            batchAt: { _, step in
                let b = distribution == nil ? (step == 0 ? first : try data.batch(at: step)) : try data.batch(at: step, rows: part)
                guard b.x.shape.first != 0 || distribution == nil else { return Batch(x: [b.x], y: [b.y], weight: nil) }
                try self.checkRows(b.x, b.y)
                try self.checkShapes(b.x, b.y)
                try self.validateInput(b.x, source: "batch \(step) of the batch sequence")
                try self.checkSparseLabels(b.y, what: "batch \(step) of the batch sequence: y")
                return Batch(x: [b.x], y: [b.y], weight: nil)
            },
            validate: validationData.map { v in {
                guard let distribution else { return try self.evaluateLogs(v) }
                var rows = 0
                let logs = try self.evaluateBatches(count: v.count, validatingEach: true, skippingEmpty: true) { i in
                    let b = try v.batch(at: i, rows: part)
                    rows += b.x.shape.first ?? 0
                    return ([b.x], [b.y])
                }
                return try distribution.reduce(logs, rows: rows)
            } })
    }

    /// The loss and metrics on (x, y), in inference mode: ["loss": ..., "accuracy": ...].
    public func evaluate(x: Tensor, y: Tensor, batchSize: Int? = nil, verbose: Verbosity = 0) throws -> [String: Double] {
        try checkCompiled()
        try checkRows(x, y)
        try buildIfNeeded(sampleShape: Array(x.shape.dropFirst()))
        try checkShapes(x, y)
        try validateInput(x)
        try checkSparseLabels(y, what: "y")
        let logs = try evaluateLogs(x: x, y: y, batchSize: Swift.max(1, batchSize ?? 32))
        if verbose > 0 { ProgressBar.write(ProgressBar.metrics(logs).dropFirst(3) + "\n") }
        return logs
    }

    /// The loss and metrics over a batch sequence.
    public func evaluate(_ data: BatchSequence) throws -> [String: Double] {
        try checkCompiled()
        return try evaluateLogs(data)
    }

    /// The model's outputs for x, computed `batchSize` rows at a time in inference mode.
    public func predict(_ x: Tensor, batchSize: Int? = nil) throws -> Tensor {
        guard x.rank >= 1 else { throw SynapseError.shapeMismatch("predict needs a batch of samples; got a scalar") }
        try buildIfNeeded(sampleShape: Array(x.shape.dropFirst()))
        try checkInput(x)
        try validateInput(x)
        let batch = Swift.max(1, batchSize ?? 32)
        let n = x.shape[0]
        return withoutGradients {
            if n <= batch { return self(x).detached() }
            let parts = stride(from: 0, to: n, by: batch).map { self(x.slice($0..<Swift.min(n, $0 + batch))) }
            return Tensor.concatenate(parts, alongAxis: 0)
        }
    }

    // MARK: - The loop

    /// A batch of each input and target, and optionally a weight per row.
    /// Keras 3's train_validation_split: the first ⌊n·(1 − s)⌋ rows train, the rest validate;
    /// both parts need a row.
    static func validationCut(rows n: Int, split: Double) throws -> Int {
        let cut = Int((Double(n) * (1 - split)).rounded(.down))
        guard cut > 0 && cut < n else {
            throw SynapseError.invalidArgument("validation_split \(split) leaves \(cut) of the \(n) rows for training "
                + "and \(n - cut) for validation; both need at least one row: give more data or another validationSplit")
        }
        return cut
    }

    struct Batch {
        var x: [Tensor], y: [Tensor], weight: Tensor?
        var rows: Int { x[0].shape[0] }
    }

    func runEpochs(epochs: Int, initialEpoch: Int, steps: Int, callbacks: [Callback], verbose: Verbosity,
                   distribution: DataParallel? = nil,
                   batchAt: (Int, Int) throws -> Batch,
                   validate: (() throws -> Logs)?) throws -> History {
        guard let distribution, distribution.size > 1 else {
            return try trainEpochs(epochs: epochs, initialEpoch: initialEpoch, steps: steps, callbacks: callbacks, verbose: verbose,
                                   distribution: nil, batchAt: batchAt, validate: validate)
        }
        do {
            try distribution.broadcastWeights(of: self)
            return try trainEpochs(epochs: epochs, initialEpoch: initialEpoch, steps: steps,
                                   callbacks: distribution.callbacksOnThisRank(callbacks),
                                   verbose: distribution.isRoot ? verbose : 0,
                                   distribution: distribution, batchAt: batchAt, validate: validate)
        } catch {
            distribution.fail(error)
        }
    }

    private func trainEpochs(epochs: Int, initialEpoch: Int, steps: Int, callbacks: [Callback], verbose: Verbosity,
                             distribution: DataParallel?, batchAt: (Int, Int) throws -> Batch,
                             validate: (() throws -> Logs)?) throws -> History {
        try optimizer!.validate()
        let history = History()
        let all: [Callback] = callbacks + [history]
        stopTraining = false
        for c in all { try c.onTrainBegin(model: self, logs: [:]) }
        var lastLogs: Logs = [:]
        for epoch in initialEpoch..<Swift.max(initialEpoch, epochs) {
            if verbose > 0 { ProgressBar.write("Epoch \(epoch + 1)/\(epochs)\n") }
            for c in all { try c.onEpochBegin(epoch, model: self, logs: [:]) }
            for metric in outputMetrics.joined() { metric.reset() }
            let progress = ProgressBar(steps: steps, verbose: verbose)
            var lossTotal = 0.0, rows = 0, localRows = 0
            var outputTotals = [Double](repeating: 0, count: losses.count)
            var logs: Logs = [:]
            for step in 0..<steps {
                for c in callbacks { try c.onBatchBegin(step, model: self, logs: [:]) }
                let batch = try batchAt(epoch, step)
                let (loss, outputLosses, batchRows) = try trainStep(batch, distribution: distribution)
                if !loss.isFinite && !callbacks.contains(where: { $0 is TerminateOnNaN }) {
                    // Training cannot recover from a non-finite loss: end it (EarlyStopping can
                    // still restore its best weights) and say where it happened.
                    for c in all { try c.onTrainEnd(model: self, logs: lastLogs) }
                    throw SynapseError.numerical(
                        "the loss became \(loss) at epoch \(epoch + 1), batch \(step + 1) of model '\(name)'; "
                            + "lower the learning rate, scale the inputs, or look for NaN in the data "
                            + "(add TerminateOnNaN() to stop without an error)")
                }
                lossTotal += Double(loss) * Double(batchRows)
                for (i, l) in outputLosses.enumerated() { outputTotals[i] += Double(l) * Double(batchRows) }
                rows += batchRows
                localRows += batch.rows
                logs = currentLogs(loss: lossTotal / Double(Swift.max(rows, 1)),
                                   outputLosses: outputTotals.map { $0 / Double(Swift.max(rows, 1)) }, metrics: outputMetrics)
                for c in callbacks { try c.onBatchEnd(step, model: self, logs: logs) }
                progress.update(step + 1, logs: logs)
                if stopTraining { break }
            }
            // Each rank's metrics saw its own shards; the losses are already global.
            if let distribution { logs = try distribution.reduce(logs, rows: localRows) }
            if let validate {
                for (key, value) in try validate() { logs["val_" + key] = value }
            }
            logs["learning_rate"] = Double(optimizer!.currentLearningRate)
            progress.finish(logs: logs)
            for c in all { try c.onEpochEnd(epoch, model: self, logs: logs) }
            lastLogs = logs
            if stopTraining { break }
        }
        for c in all { try c.onTrainEnd(model: self, logs: lastLogs) }
        return history
    }

    /// The logs as Keras names them: "loss" and each metric's name for one output; for several,
    /// also "<output>_loss" (unweighted) and "<output>_<metric>".
    func currentLogs(loss: Double, outputLosses: [Double], metrics: [[Metric]]) -> Logs {
        var logs: Logs = ["loss": loss]
        if metrics.count == 1 {
            for metric in metrics[0] { logs[metric.name] = metric.result }
            return logs
        }
        for (i, output) in outputNames.enumerated() {
            logs[output + "_loss"] = outputLosses[i]
            for metric in metrics[i] { logs[output + "_" + metric.name] = metric.result }
        }
        return logs
    }

    /// One step: forward, loss, backward, update; returns the batch loss, each output's, and the
    /// batch's rows. With `distribution`, the gradients, the losses and the rows are the whole
    /// global batch's (a rank whose shard is empty only joins the average).
    func trainStep(_ batch: Batch, distribution: DataParallel? = nil) throws -> (Float, [Float], Int) {
        let weights = trainableWeights
        var gradients = [Tensor?](repeating: nil, count: weights.count)
        var losses = [Float](repeating: 0, count: 1 + self.losses.count), rows = batch.rows
        var stepped = false
        if batch.rows > 0 {
            let (loss, outputLosses, predictions) = forwardLoss(x: batch.x, y: batch.y, sampleWeight: batch.weight, training: true)
            var total = loss
            for layer in layers {
                if let penalty = layer.regularizationLoss { total = total + penalty }
            }
            if total.requiresGradient {
                try total.backward()
                gradients = weights.map { w in
                    defer { w.value.zeroGradient() }
                    return w.value.gradient
                }
                stepped = true
            }
            for (i, list) in outputMetrics.enumerated() {
                for metric in list { metric.update(yTrue: batch.y[i], yPred: predictions[i], sampleWeight: batch.weight) }
            }
            losses = [total.scalar] + outputLosses.map(\.scalar)
        }
        if let distribution {
            (gradients, losses, rows) = try distribution.average(gradients, shapes: weights.map(\.value.shape), losses: losses, rows: rows)
            try distribution.averageState(trainingState, rows: batch.rows)
            stepped = gradients.contains { $0 != nil }
        }
        if stepped {
            let missing = zip(weights, gradients).filter { $0.1 == nil }.map(\.0.name)
            if !missing.isEmpty { try reportMissingGradients(missing) }
            let present = zip(weights, gradients).compactMap { w, g in g.map { (w, $0) } }
            optimizer!.apply(present.map(\.1), to: present.map(\.0))
        }
        return (losses[0], Array(losses.dropFirst()), rows)
    }

    /// The weights that a training step changes without the optimizer: the non-trainable
    /// weights of trainable layers (BatchNormalization's moving mean and variance). A frozen
    /// layer's weights do not change, so they are not among them.
    var trainingState: [Weight] {
        layers.filter(\.trainable).flatMap { $0.weights.filter { !$0.trainable } }
    }

    /// Keras's warning (once per weight), or an error in the strict policy. A weight that gets no
    /// gradient is left alone, its optimizer slots too, as Keras does.
    private func reportMissingGradients(_ names: [String]) throws {
        switch missingGradients {
        case .ignore: return
        case .error:
            throw SynapseError.layer(name: name, reason: "gradients do not exist for the weights "
                + names.map { "'\($0)'" }.joined(separator: ", ") + " when minimizing the loss: the loss does not depend on them "
                + "(set missingGradients = .warn to train the rest)")
        case .warn:
            let new = names.filter { reportedMissingGradients.insert($0).inserted }
            guard !new.isEmpty else { return }
            FileHandle.standardError.write(Data(("Warning: gradients do not exist for the weights "
                + new.map { "'\($0)'" }.joined(separator: ", ") + " of model '\(name)' when minimizing the loss; "
                + "they are left unchanged\n").utf8))
        }
    }

    /// The loss on a batch (Σᵢ wᵢ·lossᵢ over the outputs; the one loss for one output), each
    /// output's loss, and the predictions (probabilities) the metrics read.
    func forwardLoss(x: [Tensor], y: [Tensor], sampleWeight: Tensor?, training: Bool) -> (Tensor, [Tensor], [Tensor]) {
        if losses.count == 1 {
            let (value, prediction) = forwardLoss(x: x[0], y: y[0], sampleWeight: sampleWeight, training: training)
            return (value, [value], [prediction])
        }
        // Outputs whose layer applies the activation the loss undoes are computed as logits.
        var fused: [Int: (Loss, ActivationFunction)] = [:]
        if let graph {
            for i in 0..<losses.count where graph.outputIsLeaf(i) {
                if let layer = graph.outputs[i].layer as? LogitsProviding, let f = fusedLoss(losses[i], layer.activation) {
                    fused[i] = (f, layer.activation)
                }
            }
        }
        let outputs = graph?.run(x, training: training, logits: Set(fused.keys)) ?? call(x, training: training)
        var values: [Tensor] = [], predictions: [Tensor] = []
        for (i, output) in outputs.enumerated() {
            if let (f, activation) = fused[i] {
                values.append(f(y[i], output, sampleWeight: sampleWeight))
                predictions.append(withoutGradients { activation(output.detached()) })
            } else {
                values.append(losses[i](y[i], output, sampleWeight: sampleWeight))
                predictions.append(output.detached())
            }
        }
        let total = zip(values, lossWeights).map { $0 * $1 }
        return (total.dropFirst().reduce(total[0], +), values, predictions)
    }

    /// The loss on a batch of a single-output model and the predictions the metrics read.
    private func forwardLoss(x: Tensor, y: Tensor, sampleWeight: Tensor?, training: Bool) -> (Tensor, Tensor) {
        let lossFunction = loss!
        if let output = outputLogitsLayer, let fused = fusedLoss(lossFunction, output.activation) {
            let logits = self.logits(x, training: training)
            let value = fused(y, logits, sampleWeight: sampleWeight)
            return (value, withoutGradients { output.activation(logits.detached()) })
        }
        let output = self(x, training: training)
        return (lossFunction(y, output, sampleWeight: sampleWeight), output.detached())
    }

    /// The from-logits form of `loss` when the output layer applies the activation that the loss
    /// undoes (sigmoid with binary, softmax with categorical cross-entropy); nil otherwise.
    private func fusedLoss(_ loss: Loss, _ activation: ActivationFunction) -> Loss? {
        switch (loss, activation) {
        case let (l as BinaryCrossentropy, .sigmoid) where !l.fromLogits: return BinaryCrossentropy(fromLogits: true)
        case let (l as CategoricalCrossentropy, .softmax) where !l.fromLogits: return CategoricalCrossentropy(fromLogits: true)
        case let (l as SparseCategoricalCrossentropy, .softmax) where !l.fromLogits: return SparseCategoricalCrossentropy(fromLogits: true)
        default: return nil
        }
    }

    private func evaluateLogs(x: Tensor, y: Tensor, batchSize: Int) throws -> Logs {
        try evaluateLogs(x: [x], y: [y], batchSize: batchSize)
    }

    /// The loss and metrics over (x, y), `batchSize` rows at a time.
    func evaluateLogs(x: [Tensor], y: [Tensor], batchSize: Int) throws -> Logs {
        let n = x[0].shape[0]
        return try evaluateBatches(count: (n + batchSize - 1) / batchSize, validatingEach: false) { i in
            let range = (i * batchSize)..<Swift.min(n, (i + 1) * batchSize)
            return n <= batchSize ? (x, y) : (x.map { $0.slice(range) }, y.map { $0.slice(range) })
        }
    }

    private func evaluateLogs(_ data: BatchSequence) throws -> Logs {
        try evaluateBatches(count: data.count, validatingEach: true) { i in
            let b = try data.batch(at: i)
            return ([b.x], [b.y])
        }
    }

    /// The loss and metrics over `count` batches; `validatingEach` checks each batch's x with the
    /// first layer (batch sequences; a tensor x was checked whole before); `skippingEmpty` passes
    /// over batches without rows (a data-parallel rank's empty shard) instead of refusing them.
    private func evaluateBatches(count: Int, validatingEach: Bool, skippingEmpty: Bool = false, _ batchAt: (Int) throws -> (x: [Tensor], y: [Tensor])) throws -> Logs {
        let fresh = outputMetrics.map { $0.map { $0.copy() } }
        var total = 0.0, rows = 0
        var outputTotals = [Double](repeating: 0, count: losses.count)
        try withoutGradients {
            for i in 0..<count {
                let (bx, by) = try batchAt(i)
                if skippingEmpty && bx[0].shape.first == 0 { continue }
                if bx.count == 1 && by.count == 1 {
                    try checkRows(bx[0], by[0])
                    try buildIfNeeded(sampleShape: Array(bx[0].shape.dropFirst()))
                    try checkShapes(bx[0], by[0])
                    if validatingEach { try validateInput(bx[0], source: "batch \(i) of the evaluation data") }
                    try checkSparseLabels(by[0], what: "batch \(i) of the evaluation data: y")
                }
                let (loss, outputLosses, predictions) = forwardLoss(x: bx, y: by, sampleWeight: nil, training: false)
                var value = Double(loss.scalar)
                for layer in layers { if let p = layer.regularizationLoss { value += Double(p.scalar) } }
                let n = bx[0].shape[0]
                total += value * Double(n)
                for (o, l) in outputLosses.enumerated() { outputTotals[o] += Double(l.scalar) * Double(n) }
                rows += n
                for (o, list) in fresh.enumerated() {
                    for metric in list { metric.update(yTrue: by[o], yPred: predictions[o], sampleWeight: nil) }
                }
            }
        }
        let r = Double(Swift.max(rows, 1))
        return currentLogs(loss: total / r, outputLosses: outputTotals.map { $0 / r }, metrics: fresh)
    }

    // MARK: - Checks

    func checkCompiled() throws {
        guard optimizer != nil, loss != nil else {
            throw SynapseError.layer(name: name, reason: "the model must be compiled before fit or evaluate; call compile(optimizer:loss:metrics:)")
        }
    }

    /// With a sparse loss, y must hold whole class indices in 0 ..< the output's last axis: the
    /// loss kernels and the sparse accuracy index the prediction row with them.
    /// With binary cross-entropy, y must lie in [0, 1]: labels 0, 1, 2 give a negative loss that
    /// trains to nonsense.
    private func checkSparseLabels(_ y: Tensor, what: String) throws {
        if loss is BinaryCrossentropy, y.shape.first ?? 0 > 0 {
            let perRow = y.count / y.shape[0]
            try y.withUnsafeBufferPointer { p in
                if let i = p.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
                    throw SynapseError.layer(name: lastLayer?.name ?? name,
                        reason: "\(what) row \(i / Swift.max(perRow, 1)) holds \(p[i]); binary_crossentropy needs targets in [0, 1] "
                            + "(for more than two classes use sparse_categorical_crossentropy with one softmax unit per class)")
                }
            }
        }
        guard loss is SparseCategoricalCrossentropy, let classes = outputShape?.last, y.shape.first ?? 0 > 0 else { return }
        let perRow = y.count / y.shape[0]
        try y.withUnsafeBufferPointer { p in
            for (i, v) in p.enumerated() where !(v >= 0 && v < Float(classes) && v == v.rounded()) {
                throw SynapseError.layer(name: lastLayer?.name ?? name,
                    reason: "\(what) row \(i / Swift.max(perRow, 1)) holds \(v), which is not a class index: the layer has "
                        + "\(classes) outputs, so sparse targets must be whole numbers in 0...\(classes - 1)")
            }
        }
    }

    private func checkRows(_ x: Tensor, _ y: Tensor) throws {
        guard x.rank >= 1, y.rank >= 1 else { throw SynapseError.shapeMismatch("x and y need a batch dimension; got shapes \(x.shape) and \(y.shape)") }
        guard x.shape[0] == y.shape[0] else {
            throw SynapseError.shapeMismatch("x has \(x.shape[0]) rows (shape \(x.shape)) but y has \(y.shape[0]) (shape \(y.shape))")
        }
        guard x.shape[0] > 0 else { throw SynapseError.shapeMismatch("x and y have no rows") }
    }

    private func checkInput(_ x: Tensor) throws {
        let sample = Array(x.shape.dropFirst())
        if let expected = inputShape, expected != sample {
            throw SynapseError.layer(name: layers.first?.name ?? name,
                                     reason: "expected input shape \(shapeText(expected)); got \(shapeText(sample)) (x has shape \(x.shape))")
        }
    }

    /// Lets the model's first layer check the values of x (Embedding's token ids), since `call`
    /// cannot throw; `source` names the data in the error when it is not x itself.
    private func validateInput(_ x: Tensor, source: String? = nil) throws {
        guard let first = firstLayer as? InputValidating else { return }
        do {
            try first.validate(input: x)
        } catch SynapseError.layer(let layer, let reason) where source != nil {
            throw SynapseError.layer(name: layer, reason: "\(source!): \(reason)")
        }
    }

    private func checkShapes(_ x: Tensor, _ y: Tensor) throws {
        try checkInput(x)
        guard let output = outputShape else { return }
        let ySample = Array(y.shape.dropFirst())
        let sparse = loss is SparseCategoricalCrossentropy
        let fits = sparse ? ySample.reduce(1, *) * (output.last ?? 1) == output.reduce(1, *)
                          : ySample.reduce(1, *) == output.reduce(1, *)
        if !fits {
            let hint = sparse && ySample == output ? " (sparse_categorical_crossentropy takes one class index per row; for one-hot rows use categorical_crossentropy)"
                : sparse ? " (sparse targets: one class index per row)" : ""
            throw SynapseError.layer(name: lastLayer?.name ?? name,
                                     reason: "the model's output has shape \(shapeText(output)) but y has shape \(shapeText(ySample))" + hint)
        }
        try checkOutputLayer(output)
    }

    /// An output that cannot fit any target is an error rather than a run that trains to
    /// nonsense: a softmax over one unit always outputs 1. (The targets are checked by
    /// `checkSparseLabels`.)
    private func checkOutputLayer(_ output: [Int]) throws {
        let last = lastLayer?.name ?? name
        if output.last == 1, let layer = outputLogitsLayer, layer.activation == .softmax {
            throw SynapseError.layer(name: last, reason: "a softmax over 1 unit always outputs 1; use sigmoid for one unit, or one unit per class with softmax")
        }
    }

    private func classWeights(_ weights: [Int: Float], _ y: Tensor) throws -> Tensor {
        let n = y.shape[0]
        let d = y.count / n
        var out = [Float](repeating: 1, count: n)
        let labels = y.scalars
        for i in 0..<n {
            let row = labels[(i * d)..<(i * d + d)]
            let cls: Int
            if d == 1 {
                guard let label = row.first, let index = Int(exactly: label.rounded()) else {
                    throw SynapseError.invalidArgument("classWeight: y row \(i) holds \(row.first ?? .nan), which is not a class index")
                }
                cls = index
            } else {
                cls = row.indices.max(by: { row[$0] < row[$1] }).map { $0 - i * d } ?? 0
            }
            out[i] = weights[cls] ?? 1
        }
        return Tensor(shape: [n], scalars: out)
    }
}

/// The order of the training rows in each epoch: as they are, or shuffled once per epoch by a
/// generator seeded with `seed + epoch` (so every rank of a data-parallel run, given the same
/// seed, draws the same order).
struct EpochOrder {
    let count: Int
    let shuffle: Bool
    let seed: UInt64
    private var order: [Int] = []
    private var orderEpoch = -1

    init(count: Int, shuffle: Bool, seed: UInt64) {
        (self.count, self.shuffle, self.seed) = (count, shuffle, seed)
    }

    /// The base seed of the shuffles: derived from `fit`'s seed, or drawn from the global generator.
    static func drawSeed(_ seed: UInt64?) -> UInt64 {
        seed.map { $0 &+ 0x9E37_79B9 } ?? Random.withGlobalGenerator { $0.next() }
    }

    /// The rows at positions `range` of `epoch`'s order.
    mutating func rows(_ range: Range<Int>, epoch: Int) -> Rows {
        guard shuffle else { return .contiguous(range) }
        if orderEpoch != epoch {
            var generator = SeededGenerator(seed: seed &+ UInt64(epoch))
            order = Array(0..<count)
            order.shuffle(using: &generator)
            orderEpoch = epoch
        }
        return .gathered(Array(order[range]))
    }

    /// A batch's rows: a contiguous range (sliced, no copy of the indices) or chosen rows.
    enum Rows {
        case contiguous(Range<Int>)
        case gathered([Int])

        /// Those rows of `tensor` (first dimension).
        func take(_ tensor: Tensor) -> Tensor {
            switch self {
            case let .contiguous(range): return tensor.slice(range)
            case let .gathered(rows): return tensor.gathering(rows)
            }
        }
    }
}
