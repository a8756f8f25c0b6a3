// Keras's TimeseriesGenerator (keras.preprocessing.sequence, Keras 2; kept in Keras 3 under
// keras.src.legacy and in TF 2.21 as tf.keras.preprocessing.sequence.TimeseriesGenerator).
// With first = startIndex + length and last = endIndex (default: count - 1):
//   number of batches = (last - first + batchSize · stride) div (batchSize · stride)
//   batch b holds the rows r = first + batchSize·stride·b, stepping by stride, while r <= last
//     (shuffled: batchSize rows drawn uniformly with replacement from first...last)
//   the window of row r is data[r - length ..< r] taking every samplingRate-th step (reversed
//   when `reverse`), its target is targets[r].
// Windows have ceil(length / samplingRate) steps.

/// Windows of a series and their targets, batch by batch, as Keras's TimeseriesGenerator.
public final class TimeseriesGenerator: @unchecked Sendable {
    public let data: Tensor
    public let targets: Tensor
    public let length: Int
    public let samplingRate: Int
    public let stride: Int
    /// The first row that can be a target: `startIndex + length` (as Keras stores it).
    public let firstRow: Int
    /// The last row that can be a target.
    public let lastRow: Int
    public let shuffle: Bool
    public let reverse: Bool
    public let batchSize: Int
    private var generator: SeededGenerator

    /// - Parameters:
    ///   - data: [time, features...] (or [time]) series.
    ///   - targets: [time, ...] targets, one per time step (often the data itself).
    ///   - length: steps in each window before its target.
    ///   - seed: drives `shuffle` (Keras uses NumPy's global generator).
    public init(data: Tensor, targets: Tensor, length: Int, samplingRate: Int = 1, stride: Int = 1,
                startIndex: Int = 0, endIndex: Int? = nil, shuffle: Bool = false, reverse: Bool = false,
                batchSize: Int = 128, seed: UInt64? = nil) throws {
        let n = data.shape.first ?? 0
        guard targets.shape.first == n else {
            throw SynapseError.shapeMismatch("data and targets have to be of same length; data has \(n) steps, targets \(targets.shape.first ?? 0)")
        }
        guard length >= 1, samplingRate >= 1, stride >= 1, batchSize >= 1 else {
            throw SynapseError.invalidArgument("length, samplingRate, stride and batchSize must be at least 1")
        }
        let first = startIndex + length
        let last = endIndex ?? (n - 1)
        guard first <= last else {
            throw SynapseError.invalidArgument(
                "startIndex + length = \(first) > endIndex = \(last) is disallowed, as no part of the sequence would be left to be used as current step")
        }
        guard last < n, startIndex >= 0 else {
            throw SynapseError.invalidArgument("endIndex \(last) must be below the series length \(n)")
        }
        self.data = data
        self.targets = targets
        self.length = length
        self.samplingRate = samplingRate
        self.stride = stride
        self.firstRow = first
        self.lastRow = last
        self.shuffle = shuffle
        self.reverse = reverse
        self.batchSize = batchSize
        self.generator = makeGenerator(seed)
    }

    /// Number of batches (Keras's `len(generator)`).
    public var count: Int { (lastRow - firstRow + batchSize * stride) / (batchSize * stride) }

    /// Steps in each window: ceil(length / samplingRate).
    public var windowLength: Int { (length + samplingRate - 1) / samplingRate }

    /// The target rows of batch `index`.
    public func rows(ofBatch index: Int) -> [Int] {
        if shuffle { return (0..<batchSize).map { _ in firstRow + generator.nextInt(below: lastRow - firstRow + 1) } }
        let i = firstRow + batchSize * stride * index
        return Array(Swift.stride(from: i, to: Swift.min(i + batchSize * stride, lastRow + 1), by: stride))
    }

    /// Batch `index`: windows [batch, windowLength, features...] and targets [batch, ...].
    public subscript(index: Int) -> (inputs: Tensor, targets: Tensor) {
        require(index >= 0 && index < count, "batch \(index) is outside 0..<\(count)")
        let rows = rows(ofBatch: index)
        let stepSize = data.shape.dropFirst().reduce(1, *)
        let steps = Array(Swift.stride(from: 0, to: length, by: samplingRate))
        var windows = [Float]()
        windows.reserveCapacity(rows.count * steps.count * stepSize)
        let d = data.scalars
        for row in rows {
            let start = row - length
            for s in (reverse ? steps.reversed() : steps) {
                let t = start + s
                windows.append(contentsOf: d[(t * stepSize)..<((t + 1) * stepSize)])
            }
        }
        return (Tensor(shape: [rows.count, steps.count] + data.shape.dropFirst(), scalars: windows), targets.gathering(rows))
    }
}

extension TimeseriesGenerator: Sequence {
    /// The batches in order (one epoch).
    public func makeIterator() -> AnyIterator<(inputs: Tensor, targets: Tensor)> {
        var index = 0
        return AnyIterator { [self] in
            guard index < count else { return nil }
            defer { index += 1 }
            return self[index]
        }
    }
}
