import Foundation
import Testing
@testable import SynapseNN
@testable import SynapseTensor
import SynapseData

/// The performance core seen from training: a warm loop asks the system for no memory, and a
/// seeded run gives the same weights whatever the number of threads.
@Suite struct PerformanceCoreTests {
    /// Trains `epochs` epochs and returns how many buffers the calling thread asked the system for.
    static func systemAllocations(_ model: Sequential, x: Tensor, y: Tensor, batchSize: Int, epochs: Int,
                                  validation: (Tensor, Tensor)) throws -> Int {
        try BufferPool.countingSystemAllocations {
            try model.fit(x: x, y: y, epochs: epochs, batchSize: batchSize, validationData: validation, verbose: 0)
        }.systemAllocations
    }

    /// The number of buffers asked of the system by 3 warm epochs of the cancer MLP (dropout
    /// included), after one epoch of warm-up.
    static func cancerMLPWarmAllocations() throws -> Int {
        let data = CancerWorkflowTests.data
        let model = CancerWorkflowTests.model(dropout: true, seed: 7)
        try model.compile(optimizer: "adam", loss: "binary_crossentropy", metrics: ["accuracy"])
        let validation = (data.xTest, data.yTest)
        _ = try systemAllocations(model, x: data.xTrain, y: data.yTrain, batchSize: 32, epochs: 1, validation: validation)
        return try systemAllocations(model, x: data.xTrain, y: data.yTrain, batchSize: 32, epochs: 3, validation: validation)
    }

    /// The same for the house workflow's shapes: 19 features, Dense(19, relu) ×4 → Dense(1),
    /// MSE, batch 128.
    static func houseMLPWarmAllocations() throws -> Int {
        var generator = SeededGenerator(seed: 5)
        let x = Tensor.randomNormal([1_000, 19], using: &generator)
        let y = x.sum(alongAxes: 1, keepingDims: true) * 0.1 + 1
        let model = Sequential(seed: 3) {
            Input(shape: [19])
            Dense(19, activation: .relu)
            Dense(19, activation: .relu)
            Dense(19, activation: .relu)
            Dense(19, activation: .relu)
            Dense(1)
        }
        try model.compile(optimizer: "adam", loss: "mse")
        let validation = (x.slice(0..<300), y.slice(0..<300))
        _ = try systemAllocations(model, x: x, y: y, batchSize: 128, epochs: 1, validation: validation)
        return try systemAllocations(model, x: x, y: y, batchSize: 128, epochs: 3, validation: validation)
    }

    // Each count runs in a child process, where no other test shares the pool: a buffer that
    // another test's thread took from the pool would count as this loop's miss.

    @Test func cancerMLPAllocatesNothingAfterWarmUp() async {
        await #expect(processExitsWith: .success) {
            let misses = try! PerformanceCoreTests.cancerMLPWarmAllocations()
            if misses != 0 { FileHandle.standardError.write(Data("\(misses) system allocations\n".utf8)); exit(1) }
        }
    }

    @Test func houseMLPAllocatesNothingAfterWarmUp() async {
        await #expect(processExitsWith: .success) {
            let misses = try! PerformanceCoreTests.houseMLPWarmAllocations()
            if misses != 0 { FileHandle.standardError.write(Data("\(misses) system allocations\n".utf8)); exit(1) }
        }
    }

    /// Trains a model large enough that its kernels split across threads (batch 256 × 512 units,
    /// dropout masks drawn per chunk) and returns the final weights.
    static func trainedWeights(threads: Int) throws -> [Tensor] {
        Parallel.setThreadCount(threads)
        defer { Parallel.setThreadCount(ThreadPool.configuredThreads) }
        var generator = SeededGenerator(seed: 11)
        let x = Tensor.randomNormal([512, 64], using: &generator)
        let y = sigmoid(x.sum(alongAxes: 1, keepingDims: true)) .> 0.5
        let model = Sequential(seed: 9) {
            Input(shape: [64])
            Dense(512, activation: .tanh)
            Dropout(0.3)
            Dense(256, activation: .sigmoid)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(optimizer: "adam", loss: "binary_crossentropy")
        try model.fit(x: x, y: y, epochs: 2, batchSize: 256, verbose: 0)
        return model.weights.map(\.value)
    }

    @Test func seededTrainingIsIdenticalForAnyThreadCount() throws {
        let one = try Self.trainedWeights(threads: 1)
        let two = try Self.trainedWeights(threads: 2)
        let eight = try Self.trainedWeights(threads: 8)
        #expect(one == two)
        #expect(one == eight)
    }
}

/// The parallel-for and the pool themselves.
@Suite struct ParallelAndPoolTests {
    @Test func chunksDependOnlyOnCountAndGrain() {
        for threads in [1, 2, 5] {
            Parallel.setThreadCount(threads)
            let lock = NSLock()
            var seen: [Int: Range<Int>] = [:]
            Parallel.forEach(count: 100_000, grain: 1_000) { chunk, range in
                lock.lock(); seen[chunk] = range; lock.unlock()
            }
            #expect(seen.count == Parallel.chunkCount(count: 100_000, grain: 1_000))
            #expect(seen.values.map(\.count).reduce(0, +) == 100_000)
            #expect(seen[0] == 0..<Parallel.chunkSize(count: 100_000, grain: 1_000))
        }
        Parallel.setThreadCount(ThreadPool.configuredThreads)
    }

    @Test func theThreadCountComesFromTheEnvironment() async {
        await #expect(processExitsWith: .success) {
            setenv("SYNAPSE_NUM_THREADS", "3", 1)
            let three = ThreadPool.configuredThreads == 3
            setenv("SYNAPSE_NUM_THREADS", "0", 1)   // not a thread count: the machine's processors
            let fallback = ThreadPool.configuredThreads == ProcessInfo.processInfo.activeProcessorCount
            exit(three && fallback ? 0 : 1)
        }
    }

    @Test func nestedLoopsRunWithoutDeadlock() {
        let lock = NSLock()
        var total = 0
        Parallel.forEach(count: 8, grain: 1) { outer in
            Parallel.forEach(count: 1_000, grain: 10) { inner in
                lock.lock(); total += inner.count * outer.count; lock.unlock()
            }
        }
        #expect(total == 8_000)
    }

    @Test func sizeClassesCoverEveryCount() {
        for count in [0, 1, 16, 17, 24, 25, 32, 33, 1_000, 1 << 20, (1 << 20) + 1] {
            let floats = BufferPool.floats(ofClass: BufferPool.sizeClass(count))
            #expect(floats >= count && floats <= Swift.max(16, count * 3 / 2 + 1), "\(count) → \(floats)")
        }
    }

    @Test func releasedBuffersAreReused() {
        let pool = BufferPool.shared
        let (_, misses) = BufferPool.countingSystemAllocations { () -> Int in
            for _ in 0..<10 { _ = Tensor(shape: [12_345], repeating: 1) }
            return 0
        }
        #expect(misses <= 1)
        pool.empty()
        #expect(pool.statistics.cachedBytes >= 0)
    }

    @Test func copiesAreCopyOnWrite() {
        let a = Tensor([1, 2, 3])
        var b = a
        b.withUnsafeMutableBufferPointer { $0[0] = 9 }
        #expect(a.scalars == [1, 2, 3])
        #expect(b.scalars == [9, 2, 3])
        var c = b
        c.scalars = [4, 5, 6]
        #expect(b.scalars == [9, 2, 3] && c.scalars == [4, 5, 6])
    }
}

/// A weight the loss does not reach is reported, not silently trained with zeros.
@Suite struct MissingGradientTests {
    /// A loss that ignores the prediction's graph (a bias term keeps it differentiable), so no
    /// weight of the model gets a gradient.
    struct ConstantLoss: Loss {
        var name: String { "constant" }
        var config: JSONValue { .object(["name": .string(name)]) }
        func perSample(yTrue: Tensor, yPred: Tensor) -> Tensor { (yPred.detached() - yTrue).squared() }
        func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) -> Tensor {
            (yPred.detached() - yTrue).squared().mean() + Tensor(1).requiringGradient()
        }
    }

    @Test func strictPolicyThrowsNamingTheWeights() throws {
        let model = Sequential(seed: 1) { Input(shape: [2]); Dense(1) }
        try model.compile(optimizer: "sgd", loss: ConstantLoss())
        model.missingGradients = .error
        let x = Tensor([[1, 2], [3, 4]]), y = Tensor([[1], [2]])
        #expect(throws: SynapseError.self) { try model.fit(x: x, y: y, epochs: 1, verbose: 0) }
    }

    @Test func defaultPolicyLeavesTheWeightsUnchanged() throws {
        let model = Sequential(seed: 1) { Input(shape: [2]); Dense(1) }
        try model.compile(optimizer: "sgd", loss: ConstantLoss())
        model.missingGradients = .ignore
        let x = Tensor([[1, 2], [3, 4]]), y = Tensor([[1], [2]])
        try model.build(inputShape: [2])
        let before = model.weights.map(\.value)
        try model.fit(x: x, y: y, epochs: 2, verbose: 0)
        #expect(model.weights.map(\.value) == before)
    }
}
