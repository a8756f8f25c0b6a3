// fit, evaluate and predict for models with several inputs or outputs: a tensor per input and
// per output, as an array in the order of `inputNames` / `outputNames` or as a dictionary by
// those names (Keras accepts both). The loop, the losses and the logs are Fit.swift's; this
// file checks the arrays (one row count, each input's and output's sample shape) and slices
// them into batches.

import Foundation

extension Model {
    /// Trains a model on a tensor per input and per output (arrays in the order of
    /// `inputNames` and `outputNames`); the other arguments are those of `fit(x:y:)`.
    @discardableResult
    public func fit(x: [Tensor], y: [Tensor], epochs: Int = 1, batchSize: Int? = nil,
                    validationData: (x: [Tensor], y: [Tensor])? = nil, validationSplit: Double = 0,
                    shuffle: Bool = true, sampleWeight: Tensor? = nil,
                    callbacks: [Callback] = [], verbose: Verbosity = 1, initialEpoch: Int = 0) throws -> History {
        try checkCompiled()
        var (x, y, sampleWeight, validationData) = (x, y, sampleWeight, validationData)
        let all = try checkArrays(x, y)
        guard validationSplit >= 0 && validationSplit < 1 else {
            throw SynapseError.invalidArgument("validationSplit must be in [0, 1); got \(validationSplit)")
        }
        if validationSplit > 0 && validationData == nil {
            let cut = try Model.validationCut(rows: all, split: validationSplit)
            validationData = (x.map { $0.slice(cut..<all) }, y.map { $0.slice(cut..<all) })
            (x, y) = (x.map { $0.slice(0..<cut) }, y.map { $0.slice(0..<cut) })
            sampleWeight = sampleWeight?.slice(0..<cut)
        }
        let n = x[0].shape[0]
        if let validationData { _ = try checkArrays(validationData.x, validationData.y) }
        if let sampleWeight, sampleWeight.count != n {
            throw SynapseError.shapeMismatch("sampleWeight has \(sampleWeight.count) values for \(n) rows")
        }
        let batch = Swift.max(1, batchSize ?? 32)
        var order = EpochOrder(count: n, shuffle: shuffle, seed: EpochOrder.drawSeed(seed))
        return try runEpochs(epochs: epochs, initialEpoch: initialEpoch, steps: (n + batch - 1) / batch, callbacks: callbacks, verbose: verbose,
            batchAt: { epoch, step in
                let rows = order.rows((step * batch)..<Swift.min(n, (step + 1) * batch), epoch: epoch)
                return Batch(x: x.map(rows.take), y: y.map(rows.take), weight: sampleWeight.map(rows.take))
            },
            validate: validationData.map { v in { try self.evaluateLogs(x: v.x, y: v.y, batchSize: batch) } })
    }

    /// Trains on tensors by input and output name: `fit(x: ["a": xa, "b": xb], y: ["reg": r, "cls": c])`.
    @discardableResult
    public func fit(x: [String: Tensor], y: [String: Tensor], epochs: Int = 1, batchSize: Int? = nil,
                    validationData: (x: [String: Tensor], y: [String: Tensor])? = nil, validationSplit: Double = 0,
                    shuffle: Bool = true, sampleWeight: Tensor? = nil,
                    callbacks: [Callback] = [], verbose: Verbosity = 1, initialEpoch: Int = 0) throws -> History {
        try fit(x: try ordered(x, inputNames, "input"), y: try ordered(y, outputNames, "output"), epochs: epochs, batchSize: batchSize,
                validationData: try validationData.map { (try ordered($0.x, inputNames, "input"), try ordered($0.y, outputNames, "output")) },
                validationSplit: validationSplit, shuffle: shuffle, sampleWeight: sampleWeight,
                callbacks: callbacks, verbose: verbose, initialEpoch: initialEpoch)
    }

    /// The loss and metrics on a tensor per input and per output, in inference mode.
    public func evaluate(x: [Tensor], y: [Tensor], batchSize: Int? = nil) throws -> [String: Double] {
        try checkCompiled()
        _ = try checkArrays(x, y)
        return try evaluateLogs(x: x, y: y, batchSize: Swift.max(1, batchSize ?? 32))
    }

    /// The loss and metrics on tensors by input and output name.
    public func evaluate(x: [String: Tensor], y: [String: Tensor], batchSize: Int? = nil) throws -> [String: Double] {
        try evaluate(x: try ordered(x, inputNames, "input"), y: try ordered(y, outputNames, "output"), batchSize: batchSize)
    }

    /// The model's outputs (one tensor per output) for a tensor per input, `batchSize` rows at a time.
    public func predict(_ x: [Tensor], batchSize: Int? = nil) throws -> [Tensor] {
        let n = try checkInputs(x)
        let batch = Swift.max(1, batchSize ?? 32)
        return withoutGradients {
            if n <= batch { return self(x).map { $0.detached() } }
            let parts = stride(from: 0, to: n, by: batch).map { start in self(x.map { $0.slice(start..<Swift.min(n, start + batch)) }) }
            return (0..<parts[0].count).map { o in Tensor.concatenate(parts.map { $0[o] }, alongAxis: 0) }
        }
    }

    /// The model's outputs by name for tensors by input name.
    public func predict(_ x: [String: Tensor], batchSize: Int? = nil) throws -> [String: Tensor] {
        let outputs = try predict(try ordered(x, inputNames, "input"), batchSize: batchSize)
        return Dictionary(uniqueKeysWithValues: zip(outputNames, outputs))
    }

    // MARK: - Checks

    /// The tensors of `values` in the order of `names`; an unknown or missing name is an error.
    private func ordered(_ values: [String: Tensor], _ names: [String], _ kind: String) throws -> [Tensor] {
        for key in values.keys where !names.contains(key) {
            throw SynapseError.invalidArgument("model '\(name)' has no \(kind) named '\(key)'; its \(kind)s are \(names.joined(separator: ", "))")
        }
        return try names.map { n in
            guard let t = values[n] else { throw SynapseError.invalidArgument("no data for \(kind) '\(n)' of model '\(name)'") }
            return t
        }
    }

    /// Checks a tensor per input (count, rows, sample shapes) and returns the row count.
    private func checkInputs(_ x: [Tensor]) throws -> Int {
        try buildIfNeeded(sampleShape: x.first.map { Array($0.shape.dropFirst()) })
        let shapes = inputShapes, names = inputNames
        guard x.count == shapes.count else {
            throw SynapseError.shapeMismatch("model '\(name)' has \(shapes.count) inputs (\(names.joined(separator: ", "))); got \(x.count) tensors")
        }
        guard let n = x.first?.shape.first, n > 0 else { throw SynapseError.shapeMismatch("x has no rows") }
        for (i, t) in x.enumerated() {
            guard t.rank >= 1, t.shape[0] == n else {
                throw SynapseError.shapeMismatch("input '\(names[i])' has shape \(t.shape); every input and target needs \(n) rows")
            }
            guard Array(t.shape.dropFirst()) == shapes[i] else {
                throw SynapseError.layer(name: names[i], reason: "expected input shape \(shapeText(shapes[i])); got \(shapeText(Array(t.shape.dropFirst())))")
            }
        }
        return n
    }

    /// Checks a tensor per input and per output and returns the row count. A target must hold
    /// as many values per row as its output (one class index per row for a sparse loss).
    private func checkArrays(_ x: [Tensor], _ y: [Tensor]) throws -> Int {
        let n = try checkInputs(x)
        let shapes = outputShapes, names = outputNames
        guard y.count == shapes.count else {
            throw SynapseError.shapeMismatch("model '\(name)' has \(shapes.count) outputs (\(names.joined(separator: ", "))); got \(y.count) targets")
        }
        for (i, t) in y.enumerated() {
            guard t.rank >= 1, t.shape[0] == n else {
                throw SynapseError.shapeMismatch("target '\(names[i])' has shape \(t.shape); every input and target needs \(n) rows")
            }
            let per = t.count / n, out = shapes[i].reduce(1, *)
            let sparse = losses[i] is SparseCategoricalCrossentropy
            guard sparse ? per * (shapes[i].last ?? 1) == out : per == out else {
                throw SynapseError.layer(name: names[i], reason: "the output has shape \(shapeText(shapes[i])) but its target has shape "
                    + shapeText(Array(t.shape.dropFirst())) + (sparse ? " (sparse targets: one class index per row)" : ""))
            }
        }
        return n
    }
}
