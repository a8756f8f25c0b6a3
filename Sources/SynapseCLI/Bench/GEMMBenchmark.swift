import Synapse

/// C = A·B for n × n float32 matrices through `Tensor.matmul`, as `gemm_bench.py` does with
/// `np.matmul`: GFLOP/s = 2n³ / seconds, for the median and the fastest repeat.
enum GEMMBenchmark {
    static func run(n: Int, minSeconds: Double) -> [String: Any] {
        let a = Tensor.randomNormal([n, n], seed: UInt64(n))
        let b = Tensor.randomNormal([n, n], seed: UInt64(n) + 1)
        var sink: Float = 0
        let times = timeRepeats(minSeconds: minSeconds) {
            let c = a.matmul(b)
            sink += c.scalars[0]
        }
        let flop = 2 * Double(n) * Double(n) * Double(n)
        let middle = median(times)
        return [
            "workload": "gemm", "n": n, "dtype": "float32", "repeats": times.count,
            "sec_median": middle, "sec_min": times.min()!,
            "gflops_median": flop / middle / 1e9, "gflops_best": flop / times.min()! / 1e9,
            "gflops": flop / middle / 1e9, "checksum_finite": sink.isFinite,
        ]
    }
}
