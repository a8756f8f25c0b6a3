import ArgumentParser
import CSynapseKernels
import Foundation
import Synapse
import SynapseDistributed

/// `synapse bench WORKLOAD`: times a workload and prints one JSON line per measurement, with
/// the field names of the Keras / PyTorch reference scripts (`../shared/bench/`), so that
/// `scripts/bench.sh` can print the ratio from one run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time a benchmark workload and print JSON lines (build with -c release).",
        discussion: "Workloads: \(BenchWorkload.allCases.map(\.rawValue).joined(separator: ", "))."
    )

    @Argument(help: "The workload to run.")
    var workload: BenchWorkload

    @Option(parsing: .unconditional, help: "Epochs for training workloads (the first is excluded from the median).")
    var epochs: Int?

    @Option(parsing: .upToNextOption, help: "Matrix sizes for gemm.")
    var sizes: [Int] = [256, 1024, 2048]

    @Option(help: """
        cancer_mlp / house_mlp: a folder of the references' arrays (export_mlp_data.py); \
        mnist_load, mnist_cnn: the MNIST folder (default ../shared/data/mnist); cifar_cnn: a folder of \
        the references' arrays (export_cnn_data.py); csv_read: the CSV file; image_folder_load: a folder of class subfolders.
        """)
    var data: String?

    @Option(parsing: .unconditional, help: "mnist_cnn / cifar_cnn / the recurrent workloads: the model's seed (initial weights and shuffling).")
    var seed: UInt64 = 0

    @Option(parsing: .unconditional, help: "Minimum seconds of timed work per measurement.")
    var minSeconds = 1.5

    @Option(help: "elementwise: input elements per op (the row ops use rows of 1024).")
    var elements = ElementwiseBenchmark.defaultElements

    func validate() throws {
        guard elements > 0, elements <= 1 << 28 else { throw ValidationError("--elements must be from 1 to 268435456; got \(elements)") }
        guard minSeconds >= 0, minSeconds <= 3600 else { throw ValidationError("--min-seconds must be from 0 to 3600; got \(minSeconds)") }
        if let epochs, !(1...10_000).contains(epochs) { throw ValidationError("--epochs must be from 1 to 10000; got \(epochs)") }
        if let bad = sizes.first(where: { !(1...16_384).contains($0) }) {
            throw ValidationError("--sizes must be from 1 to 16384 (a 16384 × 16384 matrix is 1 GiB); got \(bad)")
        }
    }

    func run() throws {
        switch workload {
        case .gemm:
            for n in sizes { emit(GEMMBenchmark.run(n: n, minSeconds: minSeconds)) }
        case .overhead:
            emit(OverheadBenchmark.run(minSeconds: minSeconds))
        case .conv2D:
            for record in ConvBenchmark.run(minSeconds: minSeconds) { emit(record) }
        case .elementwise:
            for record in ElementwiseBenchmark.run(elements: elements, minSeconds: minSeconds) { emit(record) }
        case .cancerMLP, .houseMLP:
            try emitTraining { try MLPBenchmark.run(workload, epochs: epochs, dataDirectory: data, distribution: $0) }
        case .mnistCNN, .cifarCNN:
            try emitTraining { try CNNBenchmark.run(workload, epochs: epochs, dataDirectory: data, seed: seed, distribution: $0) }
        case .sineLSTM, .sineRNN, .seriesLSTM, .lstmThroughput, .gruThroughput:
            emit(try RNNBenchmark.run(workload, epochs: epochs, seed: seed))
        case .mnistLoad:
            emit(try DataBenchmark.mnist(folder: data ?? "../shared/data/mnist"))
        case .csvRead:
            guard let data else { throw ValidationError("csv_read needs --data FILE.csv") }
            emit(try DataBenchmark.csv(file: data))
        case .imageFolderLoad:
            guard let data else { throw ValidationError("image_folder_load needs --data FOLDER (class subfolders of images)") }
            emit(try DataBenchmark.imageFolder(data))
        }
    }
}

extension BenchCommand {
    /// Runs a training workload on this process, or, under `mpirun -np N` (or `srun`), data-parallel
    /// over the N ranks as `synapse train` does (docs/DISTRIBUTED.md): the global batch stays the
    /// workload's, split across the ranks, and rank 0 alone prints the record. `body` returns nil
    /// on the other ranks.
    func emitTraining(_ body: (DataParallel?) throws -> [String: Any]?) throws {
        guard let distribution = try LaunchedRanks.distribution() else { return emit(try body(nil)!) }
        LaunchedRanks.endingEveryRankOnError(distribution) {
            if let record = try body(distribution) { emit(record) }
        }
    }
}

/// How a training workload ran, for its record: `ranks` (1 without mpirun), `threads_per_rank`
/// (each rank's kernel threads, SYNAPSE_NUM_THREADS) and, across ranks, the wall time of the
/// gradient all-reduce per step on rank 0 (waiting for the slower rank included) and the
/// collectives' time limit (0: MPI's blocking calls, else the polled non-blocking ones).
func trainingRunFields(_ distribution: DataParallel?) -> [String: Any] {
    var fields: [String: Any] = ["ranks": distribution?.size ?? 1, "threads_per_rank": Parallel.threadCount,
                                 "core_round_trip_ns": coreRoundTripNanoseconds() ?? NSNull()]
    if let distribution {
        fields["allreduce_seconds_per_step"] = distribution.allReduceSeconds / Double(max(distribution.averagedSteps, 1))
        fields["allreduce_steps"] = distribution.averagedSteps
        if let mpi = distribution.communicator as? MPICommunicator { fields["mpi_timeout_seconds"] = mpi.timeout }
    }
    return fields
}

/// How long one core takes to see a write of another and answer it (two threads passing a counter
/// back and forth, the median of 5 rounds of 20,000), in ns; nil when the process has one CPU
/// to run on (then the two threads could only take turns). The test machine's two vCPUs move on
/// the host: ~60–120 ns when they share a cache, ~300–430 ns when they sit far apart, and then
/// every activation one thread writes and the other reads crosses slowly — a CIFAR epoch took
/// 1.35–1.6 s instead of 1.08–1.15 (docs/BENCHMARKS.md). Recorded after training, so that a
/// slow figure can be told from a slow machine.
func coreRoundTripNanoseconds() -> Int? {
    guard Parallel.threadCount > 1, ProcessInfo.processInfo.activeProcessorCount > 1 else { return nil }
    let counter = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    defer { counter.deallocate() }
    let address = Int(bitPattern: counter)   // the pointer, for the other thread's closure
    let passes = 20_000
    var rounds: [Double] = []
    for _ in 0..<5 {
        counter.initialize(to: 0)
        let other = Thread {
            let counter = UnsafeMutablePointer<Int>(bitPattern: address)!
            for i in 0..<passes {
                var seen = syn_atomic_load(counter)
                while seen != 2 * i + 1 && seen >= 0 { syn_spin_pause(); seen = syn_atomic_load(counter) }
                if seen < 0 { return }   // given up
                syn_atomic_store(counter, 2 * i + 2)
            }
        }
        other.start()
        let start = DispatchTime.now().uptimeNanoseconds, deadline = start + 1_000_000_000
        for i in 0..<passes {
            syn_atomic_store(counter, 2 * i + 1)
            var spins = 0
            while syn_atomic_load(counter) != 2 * i + 2 {
                syn_spin_pause()
                spins += 1
                // Threads that share one CPU (taskset) take turns per time slice: give up.
                if spins & 4095 == 0 && DispatchTime.now().uptimeNanoseconds > deadline {
                    syn_atomic_store(counter, -1)
                    return nil
                }
            }
        }
        rounds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(passes))
    }
    return Int(rounds.sorted()[2])
}

enum BenchWorkload: String, CaseIterable, ExpressibleByArgument {
    case gemm
    /// A small op chain (32×30 matmul + bias + ReLU, forward and backward): per-step overhead.
    case overhead
    /// One 4×4, 32-filter convolution forward and backward at the seed's CNN shapes (ConvBenchmark.swift).
    case conv2D = "conv2d"
    /// Elementwise maps, row softmax and axis sums on 4 M floats (ElementwiseBenchmark.swift).
    case elementwise
    /// The cancer workflow's Dense 30-15-1 network (MLPBenchmark.swift).
    case cancerMLP = "cancer_mlp"
    /// The house-price workflow's Dense 19×4 → 1 network (MLPBenchmark.swift).
    case houseMLP = "house_mlp"
    /// The seed's MNIST CNN on real MNIST, seconds per epoch (CNNBenchmark.swift).
    case mnistCNN = "mnist_cnn"
    /// The seed's CIFAR-10 CNN on 10,000 synthetic 32×32×3 images (CNNBenchmark.swift).
    case cifarCNN = "cifar_cnn"
    /// The seed's sine-wave LSTM(50) at batch 1, seconds per epoch (RNNBenchmark.swift).
    case sineLSTM = "sine_lstm"
    /// The same with SimpleRNN(50).
    case sineRNN = "sine_rnn"
    /// The monthly-series LSTM(100, relu) at batch 1.
    case seriesLSTM = "series_lstm"
    /// LSTM(256) over 64 × 100 × 32 batches, seconds per training step.
    case lstmThroughput = "lstm_throughput"
    /// GRU(256) over the same batches.
    case gruThroughput = "gru_throughput"
    /// All of MNIST from IDX files into tensors (DataBenchmark.swift).
    case mnistLoad = "mnist_load"
    /// A large CSV into a DataFrame, beside Pandas's read_csv (DataBenchmark.swift).
    case csvRead = "csv_read"
    /// A folder of images into batches, beside Keras's image_dataset_from_directory (DataBenchmark.swift).
    case imageFolderLoad = "image_folder_load"
}

/// Prints a record as one JSON line, with the machine facts the reference scripts add.
func emit(_ record: [String: Any]) {
    var record = record
    record["framework"] = "synapse"
    record["date"] = ISO8601DateFormatter().string(from: Date())
    let environment = ProcessInfo.processInfo.environment
    let openblas = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"].filter { environment[$0] != nil }
    record["openblas_env"] = openblas.isEmpty ? "unset" : "as-is"
    let data = try! JSONSerialization.data(withJSONObject: record, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

/// Times `body` until at least `minSeconds` of work and 5 repeats, after `warmup` calls;
/// returns every repeat's seconds.
func timeRepeats(minSeconds: Double, warmup: Int = 3, maxSeconds: Double = 30, _ body: () -> Void) -> [Double] {
    for _ in 0..<warmup { body() }
    var times: [Double] = []
    let start = DispatchTime.now().uptimeNanoseconds
    while times.count < 5 || times.reduce(0, +) < minSeconds {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        if Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 > maxSeconds { break }
    }
    return times
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
