import Foundation
import Synapse

/// The seed's CNN workloads, timed per epoch as `../shared/bench/{keras,torch}_bench.py` do
/// (same shapes, model, optimizer, batch size; the first epoch excluded from the median):
///   mnist_cnn  real MNIST (60,000 train / 10,000 test, [0, 1], NHWC), Conv2D(32, 4×4, relu) →
///              MaxPooling2D 2×2 → Flatten → Dense(128, relu) → Dense(10, softmax), Adam 1e-3,
///              categorical cross-entropy, batch 32; test accuracy after every epoch (not timed)
///   cifar_cnn  10,000 × 32×32×3, Conv2D(32, 4×4, relu) → MaxPool → Conv2D(32, 4×4, relu) →
///              MaxPool → Flatten → Dense(256, relu) → Dense(10, softmax), RMSprop, batch 32
/// cifar_cnn reads the references' own arrays with `--data DIR` (Benchmarks/reference/
/// export_cnn_data.py writes them, as scripts/bench.sh does), else a synthetic look-alike.
/// With `distribution` (under mpirun) the ranks share each batch of 32; the record, of rank 0
/// only (nil elsewhere), gives the global throughput.
enum CNNBenchmark {
    static func run(_ workload: BenchWorkload, epochs: Int?, dataDirectory: String?, seed: UInt64 = 0,
                    distribution: DataParallel? = nil) throws -> [String: Any]? {
        let mnist = workload == .mnistCNN
        let x: Tensor, y: Tensor
        var test: (x: Tensor, y: Tensor)?
        if mnist {
            let data = try Datasets.mnist(directory: dataDirectory ?? "../shared/data/mnist", download: false)
            x = (data.train.x / 255).reshaped(to: [-1, 28, 28, 1])
            y = try toCategorical(data.train.y, numClasses: 10)
            test = ((data.test.x / 255).reshaped(to: [-1, 28, 28, 1]), try toCategorical(data.test.y, numClasses: 10))
        } else if let dataDirectory {
            x = try readFloat32File(dataDirectory + "/x.f32", shape: [10_000, 32, 32, 3])
            y = try toCategorical(try readFloat32File(dataDirectory + "/y.f32", shape: [10_000]), numClasses: 10)
        } else {
            var generator = SeededGenerator(seed: 6)
            x = Tensor.randomUniform([10_000, 32, 32, 3], using: &generator)
            let pooled = x.reshaped(to: [10_000, 8, 4, 8, 4, 3]).mean(alongAxes: 2, 4).reshaped(to: [10_000, 192])
            let w = Tensor.randomNormal([192, 10], using: &generator)
            y = try toCategorical((pooled - 0.5).matmul(w).argmax(alongAxis: 1), numClasses: 10)
        }
        let model = Sequential(seed: seed) {
            Input(shape: mnist ? [28, 28, 1] : [32, 32, 3])
            Conv2D(32, kernelSize: 4, activation: .relu)
            MaxPooling2D(2)
            if !mnist {
                Conv2D(32, kernelSize: 4, activation: .relu)
                MaxPooling2D(2)
            }
            Flatten()
            Dense(mnist ? 128 : 256, activation: .relu)
            Dense(10, activation: .softmax)
        }
        try model.compile(optimizer: mnist ? Adam(learningRate: 1e-3) : RMSprop(), loss: "categorical_crossentropy",
                          metrics: ["accuracy"])
        var times: [Double] = [], tests: [[String: Double]] = [], start = DispatchTime.now().uptimeNanoseconds
        let timer = LambdaCallback(
            onEpochBegin: { _, _, _ in start = DispatchTime.now().uptimeNanoseconds },
            onEpochEnd: { _, model, _ in
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                if let test {   // outside the epoch time, as the references do
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    let logs = try model.evaluate(x: test.x, y: test.y, batchSize: 32)
                    tests.append(["test_loss": logs["loss"]!, "test_accuracy": logs["accuracy"]!,
                                  "eval_seconds": Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9])
                }
            })
        let epochCount = epochs ?? (mnist ? 3 : 6)
        let history = try model.fit(x: x, y: y, epochs: epochCount, batchSize: 32, callbacks: [timer], verbose: 0,
                                    distribution: distribution)
        guard distribution?.isRoot != false else { return nil }   // the timer ran on rank 0 only
        let steady = times.count > 1 ? Array(times.dropFirst()) : times
        var record: [String: Any] = [
            "workload": workload.rawValue, "epochs": epochCount, "batch_size": 32, "train_samples": x.shape[0],
            "epoch_seconds_first": times[0], "epoch_seconds_median": median(steady),
            "epoch_seconds_min": steady.min()!, "epoch_seconds_max": steady.max()!,
            "samples_per_sec": Double(x.shape[0]) / median(steady),
            "final_loss": try history["loss"].last!, "final_accuracy": try history["accuracy"].last!,
            "threads": Parallel.threadCount, "seed": seed,
        ].merging(trainingRunFields(distribution)) { $1 }
        if !tests.isEmpty {
            record["test_accuracy"] = tests.last!["test_accuracy"]!
            record["test_accuracy_per_epoch"] = tests.map { $0["test_accuracy"]! }
        }
        return record
    }
}

/// A file of raw little-endian float32 values (what the Benchmarks/reference export scripts
/// write) as a tensor of `shape`; the size must match exactly.
func readFloat32File(_ path: String, shape: [Int]) throws -> Tensor {
    guard let data = FileManager.default.contents(atPath: path), data.count == 4 * shape.reduce(1, *) else {
        throw SynapseError.invalidFile(path: path, location: nil, reason: "missing, or not \(shape) float32 values")
    }
    return Tensor.uninitialized(shape: shape) { out in
        data.withUnsafeBytes { raw in
            for i in 0..<out.count { out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        }
    }
}
