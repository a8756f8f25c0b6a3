import Foundation
import Synapse

/// The seed's Dense workloads, timed per epoch as `../shared/bench/{keras,torch}_bench.py` do
/// (same shapes; the data are synthetic look-alikes from our own generator, not the NumPy
/// arrays byte for byte):
///   cancer_mlp  426 / 143 rows × 30, Dense 30-15-1 (relu, relu, sigmoid), Adam, binary
///               cross-entropy, accuracy, batch 32, validation every epoch (300 epochs)
///   house_mlp   15,129 / 6,484 rows × 19, Dense 19 ×4 (relu) → 1, Adam, MSE, batch 128,
///               validation every epoch (20 epochs)
/// With `--data DIR` (written by Benchmarks/reference/export_mlp_data.py, as scripts/bench.sh
/// does) the arrays are the references' own, byte for byte, so the final losses compare too.
/// With `distribution` (under mpirun) the ranks share each batch; the record, of rank 0 only
/// (nil elsewhere), gives the global throughput.
enum MLPBenchmark {
    static func run(_ workload: BenchWorkload, epochs: Int?, dataDirectory: String?,
                    distribution: DataParallel? = nil) throws -> [String: Any]? {
        let cancer = workload == .cancerMLP
        let (train, validation, features) = cancer ? (426, 143, 30) : (15_129, 6_484, 19)
        let x: Tensor, y: Tensor
        if let dataDirectory {
            func read(_ name: String, _ shape: [Int]) throws -> Tensor {
                try readFloat32File(dataDirectory + "/" + name + ".f32", shape: shape)
            }
            x = Tensor.concatenate([try read("x_train", [train, features]), try read("x_val", [validation, features])])
            y = Tensor.concatenate([try read("y_train", [train, 1]), try read("y_val", [validation, 1])])
        } else {
            var generator = SeededGenerator(seed: cancer ? 2 : 3)
            x = Tensor.randomNormal([train + validation, features], using: &generator)
            let w = Tensor.randomNormal([features, 1], using: &generator)
            let signal = x.matmul(w) / Float(features).squareRoot()
            y = cancer ? (signal .> 0) : signal
        }
        let model = Sequential(seed: 0) {
            Input(shape: [features])
            if cancer {
                Dense(30, activation: .relu); Dense(15, activation: .relu); Dense(1, activation: .sigmoid)
            } else {
                for _ in 0..<4 { Dense(19, activation: .relu) }
                Dense(1)
            }
        }
        try model.compile(optimizer: "adam", loss: cancer ? "binary_crossentropy" : "mse", metrics: cancer ? ["accuracy"] : [])
        var times: [Double] = [], start = DispatchTime.now().uptimeNanoseconds
        let timer = LambdaCallback(onEpochBegin: { _, _, _ in start = DispatchTime.now().uptimeNanoseconds },
                                   onEpochEnd: { _, _, _ in times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) })
        let epochCount = epochs ?? (cancer ? 300 : 20)
        let history = try model.fit(x: x.slice(0..<train), y: y.slice(0..<train), epochs: epochCount, batchSize: cancer ? 32 : 128,
                                    validationData: (x.slice(train..<(train + validation)), y.slice(train..<(train + validation))),
                                    callbacks: [timer], verbose: 0, distribution: distribution)
        guard distribution?.isRoot != false else { return nil }   // the timer ran on rank 0 only
        let steady = times.count > 1 ? Array(times.dropFirst()) : times
        let record: [String: Any] = [
            "workload": workload.rawValue, "epochs": epochCount, "batch_size": cancer ? 32 : 128, "train_samples": train,
            "epoch_seconds_first": times[0], "epoch_seconds_median": median(steady),
            "epoch_seconds_min": steady.min()!, "epoch_seconds_max": steady.max()!,
            "samples_per_sec": Double(train) / median(steady),
            "final_loss": try history["loss"].last!, "final_val_loss": try history["val_loss"].last!,
            "data": dataDirectory == nil ? "synthetic look-alike" : "reference arrays",
        ]
        return record.merging(trainingRunFields(distribution)) { $1 }
    }
}
