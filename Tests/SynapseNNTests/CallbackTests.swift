import Foundation
import Testing
@testable import SynapseNN

@Suite struct CallbackTests {
    static let x = Tensor(shape: [16, 2], scalars: (0..<32).map { Float($0 % 7) / 7 })
    static let y = Tensor(shape: [16, 1], scalars: (0..<16).map { Float($0 % 2) })

    static func model(seed: UInt64 = 1) throws -> Sequential {
        let model = Sequential(seed: seed) { Input(shape: [2]); Dense(4, activation: .relu); Dense(1, activation: .sigmoid) }
        try model.compile(optimizer: Adam(learningRate: 0.01), loss: "binary_crossentropy", metrics: ["accuracy"])
        return model
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("synapse-\(UUID().uuidString)-\(name)").path
    }

    @Test func hooksRunInKerasOrder() throws {
        var events: [String] = []
        let probe = LambdaCallback(onTrainBegin: { _, _ in events.append("train_begin") }, onTrainEnd: { _, _ in events.append("train_end") },
                                   onEpochBegin: { e, _, _ in events.append("epoch_begin \(e)") },
                                   onEpochEnd: { e, _, logs in events.append("epoch_end \(e) \(logs["loss"] != nil)") },
                                   onBatchBegin: { b, _, _ in events.append("batch_begin \(b)") },
                                   onBatchEnd: { b, _, _ in events.append("batch_end \(b)") })
        try Self.model().fit(x: Self.x, y: Self.y, epochs: 2, batchSize: 8, callbacks: [probe], verbose: 0)
        #expect(events == ["train_begin", "epoch_begin 0", "batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1",
                           "epoch_end 0 true", "epoch_begin 1", "batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1",
                           "epoch_end 1 true", "train_end"])
    }

    /// A callback that feeds EarlyStopping a scripted sequence of values.
    final class Script: Callback {
        let values: [Double]
        let stop: EarlyStopping
        init(_ values: [Double], _ stop: EarlyStopping) { (self.values, self.stop) = (values, stop) }
        func onTrainBegin(model: Model, logs: Logs) { stop.onTrainBegin(model: model, logs: logs) }
        func onEpochEnd(_ epoch: Int, model: Model, logs: Logs) throws {
            try stop.onEpochEnd(epoch, model: model, logs: ["score": values[epoch]])
        }
        func onTrainEnd(model: Model, logs: Logs) { stop.onTrainEnd(model: model, logs: logs) }
    }

    @Test func earlyStoppingCountsPatienceAndMinDelta() throws {
        let stop = EarlyStopping(monitor: "score", minDelta: 0.1, patience: 2, mode: .min)
        let history = try Self.model().fit(x: Self.x, y: Self.y, epochs: 10, batchSize: 16,
                                           callbacks: [Script([1, 0.5, 0.45, 0.42, 0.3, 0.29, 0.28, 0.1, 0, 0], stop)], verbose: 0)
        // 0.45 and 0.42 are not better than 0.5 by 0.1: stop after epoch 3.
        #expect(try history["loss"].count == 4)
        #expect(stop.stoppedEpoch == 3 && stop.bestEpoch == 1)
        #expect(MonitorMode.auto.resolved(for: "val_accuracy") == .max && MonitorMode.auto.resolved(for: "val_loss") == .min)
    }

    @Test func earlyStoppingRestoresBestWeightsWhenTrainingEnds() throws {
        let model = try Self.model()
        var snapshots: [[Tensor]] = []
        let recorder = LambdaCallback(onEpochEnd: { _, m, _ in snapshots.append(m.getWeights()) })
        // Best at epoch 2 and training runs to its last epoch without an early stop.
        let stop = EarlyStopping(monitor: "score", patience: 10, restoreBestWeights: true)
        try model.fit(x: Self.x, y: Self.y, epochs: 5, batchSize: 16,
                      callbacks: [recorder, Script([3, 2, 1, 2, 3], stop)], verbose: 0)
        #expect(model.getWeights() == snapshots[2])
        #expect(model.getWeights() != snapshots[4])
    }

    @Test func terminateOnNaNStopsAtTheBadBatch() throws {
        let model = try Self.model()
        var x = Self.x.scalars
        x[0] = .nan
        let terminate = TerminateOnNaN()
        let history = try model.fit(x: Tensor(shape: [16, 2], scalars: x), y: Self.y, epochs: 5, batchSize: 4,
                                    shuffle: false, callbacks: [terminate], verbose: 0)
        #expect(terminate.terminatedAtBatch == 0)
        #expect(try history["loss"].count == 1 && history["loss"][0].isNaN)
    }

    @Test func aNaNLossThrowsNamingTheEpochAndBatch() throws {
        let model = try Self.model()
        var x = Self.x.scalars
        x[17] = .infinity                                  // row 8: the third batch of four rows
        do {
            try model.fit(x: Tensor(shape: [16, 2], scalars: x), y: Self.y, epochs: 2, batchSize: 4,
                          shuffle: false, verbose: 0)
            Issue.record("fit did not throw on an infinite loss")
        } catch let SynapseError.numerical(message) {
            #expect(message.contains("at epoch 1, batch 3 of model"))
        }
    }

    /// Batches that turn to NaN after `goodBatches` have been served.
    final class Poisoned: BatchSequence {
        var served = 0
        let goodBatches: Int
        init(goodBatches: Int) { self.goodBatches = goodBatches }
        var count: Int { 4 }
        func batch(at index: Int) -> (x: Tensor, y: Tensor) {
            served += 1
            let rows = (index * 4)..<(index * 4 + 4)
            let x = CallbackTests.x.slice(rows)
            return (served > goodBatches ? x * Float.nan : x, CallbackTests.y.slice(rows))
        }
    }

    @Test func aNaNLossStillRestoresTheBestWeights() throws {
        let model = try Self.model()
        var snapshots: [[Tensor]] = []
        let recorder = LambdaCallback(onEpochEnd: { _, m, _ in snapshots.append(m.getWeights()) })
        let stopping = EarlyStopping(monitor: "loss", patience: 10, restoreBestWeights: true)
        #expect(throws: SynapseError.self) {
            try model.fit(Poisoned(goodBatches: 12), epochs: 5, callbacks: [recorder, stopping], verbose: 0)
        }
        #expect(snapshots.count == 3)                       // three clean epochs, then the NaN
        #expect(model.getWeights() == snapshots[2])         // the best (last clean) epoch's weights
    }

    @Test func reduceLROnPlateauLowersTheLearningRate() throws {
        let model = Sequential(seed: 2) { Input(shape: [2]); Dense(1) }
        try model.compile(optimizer: SGD(learningRate: 1e-9), loss: "mse")
        let history = try model.fit(x: Self.x, y: Self.y, epochs: 5, batchSize: 16,
                                    callbacks: [ReduceLROnPlateau(monitor: "loss", factor: 0.5, patience: 2)], verbose: 0)
        // Constant loss: no improvement after epoch 0; reduced at the ends of epochs 2 and 4.
        let lr = try history["learning_rate"].map { Float($0) }
        #expect(lr[0] == 1e-9 && lr[2] == 1e-9 && lr[3] == 5e-10 && model.optimizer!.learningRate == 2.5e-10)
    }

    @Test func csvLoggerWritesOneRowPerEpoch() throws {
        let path = Self.temporaryPath("log.csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.model().fit(x: Self.x, y: Self.y, epochs: 3, batchSize: 8, callbacks: [CSVLogger(path: path)], verbose: 0)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[0] == "epoch,accuracy,learning_rate,loss")
        #expect(lines[3].hasPrefix("2,"))
    }

    @Test func modelCheckpointSavesTheBestEpoch() throws {
        let path = Self.temporaryPath("best.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let model = try Self.model()
        let checkpoint = ModelCheckpoint(path: path, monitor: "loss", saveBestOnly: true)
        let history = try model.fit(x: Self.x, y: Self.y, epochs: 4, batchSize: 16, callbacks: [checkpoint], verbose: 0)
        #expect(try checkpoint.best == history["loss"].min())
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try Sequential.load(from: path).weights.count == 4)
    }
}
