import Foundation
import Synapse

/// The seed's recurrent workloads, as `../shared/bench/{keras,torch}_bench.py` run them (same
/// shapes, models, optimizer, batch size; `common.py` makes their data):
///   sine_lstm        401 windows × 50 steps × 1 of sin on [0, 50] (MinMax-scaled train part),
///                    LSTM(50) → Dense(1), Adam, MSE, batch 1, unshuffled; seconds per epoch
///   sine_rnn         the same with SimpleRNN(50)
///   series_lstm      282 windows × 18 × 1 of a monthly-like series, LSTM(100, relu) → Dense(1)
///   lstm_throughput  batches of 64 × 100 steps × 32 features, LSTM(256) → Dense(10) on the last
///                    step, Adam, sparse cross-entropy from logits; seconds per training step
///   gru_throughput   the same with GRU(256)
/// The sine windows are the references' exactly; the series and the throughput batches have the
/// same shapes and distributions from Synapse's own generator (timing does not depend on the
/// draws).
enum RNNBenchmark {
    static func run(_ workload: BenchWorkload, epochs: Int?, seed: UInt64) throws -> [String: Any] {
        switch workload {
        case .lstmThroughput, .gruThroughput: return try throughput(workload, seed: seed)
        default: return try perEpoch(workload, epochs: epochs ?? 8, seed: seed)
        }
    }

    /// Windows of `length` over `series` and the value after each: ([n, length, 1], [n, 1]).
    static func windows(_ series: [Double], length: Int) -> (Tensor, Tensor) {
        let n = series.count - length
        var x = [Float](), y = [Float]()
        for i in 0..<n {
            x += series[i..<(i + length)].map { Float($0) }
            y.append(Float(series[i + length]))
        }
        return (Tensor(shape: [n, length, 1], scalars: x), Tensor(shape: [n, 1], scalars: y))
    }

    static func perEpoch(_ workload: BenchWorkload, epochs: Int, seed: UInt64) throws -> [String: Any] {
        let x: Tensor, y: Tensor, model: Sequential
        switch workload {
        case .seriesLSTM:
            var g = SeededGenerator(seed: 5)
            var s = (0..<300).map { t -> Double in
                let t = Double(t)
                return 10_000 + 40 * t + 3_000 * sin(2 * .pi * t / 12) + 800 * sin(2 * .pi * t / 6) + 400 * Double(g.nextNormal())
            }
            let (lo, hi) = (s.min()!, s.max()!)
            s = s.map { ($0 - lo) / (hi - lo) }
            (x, y) = windows(s, length: 18)
            model = Sequential(seed: seed) { Input(shape: [18, 1]); LSTM(100, activation: .relu); Dense(1) }
        default:
            // np.sin(np.linspace(0, 50, 501)), the first 451 points, MinMax-scaled.
            let s = (0..<501).map { sin(50 * Double($0) / 500) }
            let train = Array(s[..<451])
            let (lo, hi) = (train.min()!, train.max()!)
            (x, y) = windows(train.map { ($0 - lo) / (hi - lo) }, length: 50)
            model = Sequential(seed: seed) {
                Input(shape: [50, 1])
                if workload == .sineLSTM { LSTM(50) } else { SimpleRNN(50) }
                Dense(1)
            }
        }
        try model.compile(optimizer: Adam(), loss: "mse")
        var times: [Double] = [], start = DispatchTime.now().uptimeNanoseconds
        let timer = LambdaCallback(
            onEpochBegin: { _, _, _ in start = DispatchTime.now().uptimeNanoseconds },
            onEpochEnd: { _, _, _ in times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) })
        let history = try model.fit(x: x, y: y, epochs: epochs, batchSize: 1, shuffle: false, callbacks: [timer], verbose: 0)
        let steady = times.count > 1 ? Array(times.dropFirst()) : times
        return ["workload": workload.rawValue, "epochs": epochs, "batch_size": 1, "train_samples": x.shape[0],
                "epoch_seconds_first": times[0], "epoch_seconds_median": median(steady),
                "epoch_seconds_min": steady.min()!, "epoch_seconds_max": steady.max()!,
                "samples_per_sec": Double(x.shape[0]) / median(steady), "final_loss": try history["loss"].last!,
                "threads": Parallel.threadCount, "seed": seed]
    }

    static func throughput(_ workload: BenchWorkload, seed: UInt64) throws -> [String: Any] {
        let (steps, warmup, batch) = (20, 5, 64)
        let n = (steps + warmup) * batch
        var g = SeededGenerator(seed: 7)
        let x = Tensor.randomNormal([n, 100, 32], using: &g)
        let y = Tensor(shape: [n], scalars: (0..<n).map { _ in Float(Int(g.nextUniform() * 10) % 10) })
        let model = Sequential(seed: seed) {
            Input(shape: [100, 32])
            if workload == .lstmThroughput { LSTM(256) } else { GRU(256) }
            Dense(10)
        }
        try model.compile(optimizer: Adam(), loss: SparseCategoricalCrossentropy(fromLogits: true))
        var ends: [UInt64] = []
        let start = DispatchTime.now().uptimeNanoseconds
        let timer = LambdaCallback(onBatchEnd: { _, _, _ in ends.append(DispatchTime.now().uptimeNanoseconds) })
        let history = try model.fit(x: x, y: y, epochs: 1, batchSize: batch, shuffle: false, callbacks: [timer], verbose: 0)
        let stepTimes = zip(ends, [start] + ends).map { Double($0 - $1) / 1e9 }
        let timed = Array(stepTimes.dropFirst(warmup))
        return ["workload": workload.rawValue, "batch_size": batch, "warmup_steps": warmup, "timed_steps": timed.count,
                "sec_per_step_median": median(timed), "sec_per_step_min": timed.min()!,
                "samples_per_sec": Double(batch) / median(timed), "final_loss": try history["loss"].last!,
                "threads": Parallel.threadCount, "seed": seed]
    }
}
