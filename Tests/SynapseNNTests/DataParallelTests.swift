import Foundation
import Testing
@testable import SynapseNN

/// Data-parallel fit with ranks simulated by threads (ThreadCommunicator): N ranks training on
/// shards of each global batch must end with the weights of one process on the whole batch.
@Suite struct DataParallelTests {
    static let x = Tensor(shape: [12, 3], scalars: (0..<36).map { Float(($0 * 7) % 11) / 11 - 0.4 })
    static let y = Tensor(shape: [12, 1], scalars: (0..<12).map { Float(($0 * 5) % 7) / 7 })

    static func model(seed: UInt64, optimizer: Optimizer) throws -> Sequential {
        let model = Sequential(seed: seed) { Input(shape: [3]); Dense(5, activation: .tanh); Dense(1) }
        try model.compile(optimizer: optimizer, loss: "mse", metrics: ["mae"])
        return model
    }

    /// Trains one model per rank (rank 0 from `seed`, the others from other seeds, so that only
    /// the broadcast can make them start equal) and returns each rank's model and history.
    static func trainOnRanks(_ ranks: Int, batchSize: Int, epochs: Int, seed: UInt64, sampleWeight: Tensor? = nil,
                             validationData: (x: Tensor, y: Tensor)? = nil,
                             optimizer: () -> Optimizer) throws -> [(Sequential, History)] {
        let group = ThreadGroup(size: ranks)
        let communicators = group.communicators()
        let models = try (0..<ranks).map { try model(seed: seed + UInt64($0) * 1000, optimizer: optimizer()) }
        for m in models { m.seed = seed }   // the shuffle's seed; rank 0's is broadcast anyway
        return try group.run { rank in
            let history = try models[rank].fit(x: x, y: y, epochs: epochs, batchSize: batchSize, validationData: validationData,
                                               sampleWeight: sampleWeight, verbose: 0,
                                               distribution: DataParallel(communicator: communicators[rank]))
            return (models[rank], history)
        }
    }

    static func maxDifference(_ a: Model, _ b: Model) -> Float {
        zip(a.weights, b.weights).map { wa, wb in
            zip(wa.value.scalars, wb.value.scalars).map { abs($0 - $1) }.max() ?? 0
        }.max() ?? 0
    }

    @Test func shardsSplitABatchContiguouslyWithTheRemainderOnTheFirstRanks() {
        let group = ThreadGroup(size: 3)
        let shards = group.communicators().map { DataParallel(communicator: $0).shard(10..<20) }
        #expect(shards == [10..<14, 14..<17, 17..<20])
        let small = group.communicators().map { DataParallel(communicator: $0).shard(0..<2) }
        #expect(small == [0..<1, 1..<2, 2..<2])
    }

    @Test func twoRanksEndWithTheWeightsOfOneProcessOnTheWholeBatch() throws {
        let single = try Self.model(seed: 5, optimizer: SGD(learningRate: 0.1, momentum: 0.9))
        let history = try single.fit(x: Self.x, y: Self.y, epochs: 4, batchSize: 6, verbose: 0)
        let ranks = try Self.trainOnRanks(2, batchSize: 6, epochs: 4, seed: 5) { SGD(learningRate: 0.1, momentum: 0.9) }
        for (model, rankHistory) in ranks {
            #expect(Self.maxDifference(model, single) < 1e-6)
            let losses = try rankHistory["loss"], expected = try history["loss"]
            for (a, b) in zip(losses, expected) { #expect(abs(a - b) < 1e-6) }
            let mae = try rankHistory["mae"], expectedMAE = try history["mae"]
            for (a, b) in zip(mae, expectedMAE) { #expect(abs(a - b) < 1e-6) }
        }
    }

    @Test func unevenShardsAndAnEmptyShardStillAverageToTheWholeBatch() throws {
        // 12 rows in batches of 5: the last batch has 2 rows for 3 ranks, so one rank has none.
        let single = try Self.model(seed: 9, optimizer: Adam(learningRate: 0.01))
        try single.fit(x: Self.x, y: Self.y, epochs: 3, batchSize: 5, verbose: 0)
        let ranks = try Self.trainOnRanks(3, batchSize: 5, epochs: 3, seed: 9) { Adam(learningRate: 0.01) }
        for (model, _) in ranks { #expect(Self.maxDifference(model, single) < 1e-5) }
    }

    @Test func earlyStoppingStopsEveryRankAtTheSameEpoch() throws {
        let group = ThreadGroup(size: 2)
        let communicators = group.communicators()
        let models = try (0..<2).map { _ in try Self.model(seed: 3, optimizer: SGD(learningRate: 1e-9)) }
        let epochs = try group.run { rank in
            let stop = EarlyStopping(monitor: "loss", minDelta: 1, patience: 1)
            return try models[rank].fit(x: Self.x, y: Self.y, epochs: 20, batchSize: 4, callbacks: [stop], verbose: 0,
                                        distribution: DataParallel(communicator: communicators[rank])).epoch.count
        }
        #expect(epochs == [2, 2])
    }

    @Test func sampleWeightsAndValidationAreThoseOfOneProcess() throws {
        let weights = Tensor(shape: [12], scalars: (0..<12).map { Float($0 % 3) + 0.5 })
        let validation = (x: Self.x.slice(0..<5), y: Self.y.slice(0..<5))
        let single = try Self.model(seed: 4, optimizer: SGD(learningRate: 0.05))
        let history = try single.fit(x: Self.x, y: Self.y, epochs: 3, batchSize: 4, validationData: validation,
                                     sampleWeight: weights, verbose: 0)
        let ranks = try Self.trainOnRanks(2, batchSize: 4, epochs: 3, seed: 4, sampleWeight: weights, validationData: validation) {
            SGD(learningRate: 0.05)
        }
        for (model, rankHistory) in ranks {
            #expect(Self.maxDifference(model, single) < 1e-6)
            for key in ["val_loss", "val_mae"] {
                for (a, b) in zip(try rankHistory[key], try history[key]) { #expect(abs(a - b) < 1e-6, "\(key)") }
            }
        }
    }
}
