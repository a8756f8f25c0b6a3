// Data-parallel training (Horovod's DistributedOptimizer, Keras's DataParallel): every process
// (rank) holds the whole model, trains on its own shard of each global batch, and the ranks
// average their gradients before the same optimizer step, so their weights stay equal.
//
// Why the average is the full batch's gradient. The loss of a batch B of n rows is a mean over
// its rows (plus penalties P(θ) that do not depend on the rows):
//   L(B) = (1/n) Σᵢ lᵢ + P = Σᵣ (nᵣ/n) · L(Bᵣ)        for the shards Bᵣ of nᵣ rows, Σᵣ nᵣ = n
//   ⇒ ∂L(B)/∂θ = Σᵣ (nᵣ/n) · ∂L(Bᵣ)/∂θ
// so each rank scales its gradient by nᵣ, an all-reduce sums them, and every rank divides by n.
// The batch losses travel in the same buffer, so every rank logs the global loss. What a step
// changes outside the optimizer (BatchNormalization's moving statistics, computed by each rank
// from its shard) is averaged after it, so that the ranks keep one model.
//
// SynapseNN knows no MPI: a `Communicator` does the collective operations (SynapseDistributed's
// MPICommunicator over Open MPI; tests use threads of one process).

import Foundation

/// The collective operations data-parallel training needs, over `size` processes numbered
/// 0 ..< size. Every rank calls each operation in the same order with buffers of the same size.
public protocol Communicator: AnyObject {
    /// This process's number, 0 ..< size; rank 0 writes the output.
    var rank: Int { get }
    /// How many processes train together.
    var size: Int { get }
    /// Replaces `values` on every rank by their elementwise sum over the ranks.
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws
    /// Replaces `values` on every rank by their elementwise sum over the ranks.
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws
    /// Copies `bytes` of rank `root` into `bytes` on every other rank.
    func broadcast(_ bytes: UnsafeMutableRawBufferPointer, from root: Int) throws
    /// Ends every rank of the run, after writing `message` (this rank failed).
    func abort(_ message: String) -> Never
}

/// How `fit` trains across the ranks of a `Communicator`: `model.fit(x:y:..., distribution: ...)`.
public final class DataParallel {
    public let communicator: Communicator
    /// The most gradient values sent in one all-reduce: large models go in several buckets, so
    /// that no single message needs a second copy of every gradient.
    public let bucketSize: Int

    public init(communicator: Communicator, bucketSize: Int = 1 << 22) {
        self.communicator = communicator
        self.bucketSize = Swift.max(1, bucketSize)
    }

    /// The steps this rank averaged, and the wall time spent in their all-reduces (the cost of
    /// communication, waiting for the slowest rank included).
    public private(set) var averagedSteps = 0
    public private(set) var allReduceSeconds = 0.0
    /// The most rows of one global batch among the steps averaged so far.
    public private(set) var largestGlobalBatch = 0

    public var rank: Int { communicator.rank }
    public var size: Int { communicator.size }
    /// Whether this rank writes output: progress, callbacks' files, reports.
    public var isRoot: Bool { rank == 0 }

    /// This rank's contiguous part of `rows`: the first `count % size` ranks take one row more.
    public func shard(_ rows: Range<Int>) -> Range<Int> {
        let (base, extra) = rows.count.quotientAndRemainder(dividingBy: size)
        let start = rows.lowerBound + rank * base + Swift.min(rank, extra)
        return start..<(start + base + (rank < extra ? 1 : 0))
    }

    /// Every weight (trainable or not) of `model` set to rank 0's values.
    func broadcastWeights(of model: Model) throws {
        for weight in model.weights {
            try weight.value.withUnsafeMutableBufferPointer { values in
                try communicator.broadcast(UnsafeMutableRawBufferPointer(values), from: 0)
            }
        }
    }

    /// Rank 0's value of `value` (the shuffle's seed: every rank must draw the same order).
    func broadcast(_ value: UInt64) throws -> UInt64 {
        var value = value
        try withUnsafeMutableBytes(of: &value) { try communicator.broadcast($0, from: 0) }
        return value
    }

    /// The full batch's gradients and losses from each rank's part: `gradients[i]` is nil where
    /// this rank's loss does not reach weight i (or its shard is empty); the result is nil only
    /// where no rank's does. Returns the global batch's rows too.
    func average(_ gradients: [Tensor?], shapes: [[Int]], losses: [Float], rows: Int) throws
        -> (gradients: [Tensor?], losses: [Float], rows: Int) {
        // Layout: each gradient · rows | a has-gradient count per weight | each loss · rows | rows.
        let counts = shapes.map { $0.reduce(1, *) }
        let gradientCount = counts.reduce(0, +)
        var buffer = [Float](repeating: 0, count: gradientCount + shapes.count + losses.count + 1)
        let scale = Float(rows)
        var offset = 0
        for (i, gradient) in gradients.enumerated() {
            if let gradient {
                gradient.withUnsafeBufferPointer { g in
                    for j in 0..<g.count { buffer[offset + j] = g[j] * scale }
                }
                buffer[gradientCount + i] = 1
            }
            offset += counts[i]
        }
        for (i, loss) in losses.enumerated() { buffer[gradientCount + shapes.count + i] = rows > 0 ? loss * scale : 0 }
        buffer[buffer.count - 1] = scale
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            averagedSteps += 1
            allReduceSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        try buffer.withUnsafeMutableBufferPointer { all in
            for start in stride(from: 0, to: all.count, by: bucketSize) {
                let bucket = UnsafeMutableBufferPointer(rebasing: all[start..<Swift.min(all.count, start + bucketSize)])
                try communicator.allReduceSum(bucket)
            }
        }
        let total = buffer[buffer.count - 1]
        largestGlobalBatch = Swift.max(largestGlobalBatch, Int(total))
        var averaged: [Tensor?] = []
        offset = 0
        for (i, shape) in shapes.enumerated() {
            let values = buffer[offset..<(offset + counts[i])]
            averaged.append(buffer[gradientCount + i] > 0 ? Tensor(shape: shape, scalars: values.map { $0 / total }) : nil)
            offset += counts[i]
        }
        let meanLosses = losses.indices.map { buffer[gradientCount + shapes.count + $0] / total }
        return (averaged, meanLosses, Int(total))
    }

    /// `state` (BatchNormalization's moving statistics, which each rank updated from its own
    /// shard) set on every rank to the mean over the ranks weighted by the rows each trained on
    /// in this step, so that the ranks keep one model. For a moving mean updated from equal old
    /// values, m·old + (1 − m)·μᵣ averaged with weights nᵣ/n is m·old + (1 − m)·μ_B, the update
    /// with the global batch's mean; a moving variance gets the mean of the shards' variances,
    /// which leaves out the spread of the shard means (docs/DISTRIBUTED.md). Summed in Double, so
    /// values equal on every rank come back unchanged, bit for bit.
    func averageState(_ state: [Weight], rows: Int) throws {
        guard !state.isEmpty else { return }
        var buffer: [Double] = []
        for weight in state {
            weight.value.withUnsafeBufferPointer { values in buffer.append(contentsOf: values.map { Double($0) * Double(rows) }) }
        }
        buffer.append(Double(rows))
        try buffer.withUnsafeMutableBufferPointer { all in
            for start in stride(from: 0, to: all.count, by: bucketSize) {
                try communicator.allReduceSum(UnsafeMutableBufferPointer(rebasing: all[start..<Swift.min(all.count, start + bucketSize)]))
            }
        }
        let total = buffer[buffer.count - 1]
        guard total > 0 else { return }
        var offset = 0
        for weight in state {
            weight.value.withUnsafeMutableBufferPointer { values in
                for j in 0..<values.count { values[j] = Float(buffer[offset + j] / total) }
                offset += values.count
            }
        }
    }

    /// The logs of every rank combined: each value is the mean over the ranks weighted by the
    /// rows it was computed on (exact for losses and for mean metrics such as accuracy and MAE;
    /// metrics that are ratios of counts — precision, recall, AUC — are approximated). Values
    /// that every rank already shares (the loss after `average`) come back unchanged.
    func reduce(_ logs: Logs, rows: Int) throws -> Logs {
        let keys = logs.keys.sorted()
        var buffer = keys.map { rows > 0 ? logs[$0]! * Double(rows) : 0 } + [Double(rows)]
        try buffer.withUnsafeMutableBufferPointer { try communicator.allReduceSum($0) }
        let total = Swift.max(buffer[keys.count], 1)
        var reduced: Logs = [:]
        for (i, key) in keys.enumerated() { reduced[key] = buffer[i] / total }
        return reduced
    }

    /// The callbacks this rank runs: all of them on rank 0; elsewhere only those that steer
    /// training (EarlyStopping, ReduceLROnPlateau, TerminateOnNaN), which see the same reduced
    /// logs on every rank and so make the same decision everywhere.
    func callbacksOnThisRank(_ callbacks: [Callback]) -> [Callback] {
        isRoot ? callbacks : callbacks.filter { $0 is TrainingControlCallback }
    }

    /// Ends the whole run: a rank that fails alone would leave the others waiting in the next
    /// all-reduce for ever.
    func fail(_ error: Error) -> Never {
        communicator.abort("rank \(rank) of \(size) failed: \(error)")
    }
}
