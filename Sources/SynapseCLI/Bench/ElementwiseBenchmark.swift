import Synapse

/// Memory-bound elementwise maps and row reductions on 4 M floats (a [4096, 1024] matrix for the
/// row ops), each result a new tensor, no gradients — as
/// `Benchmarks/reference/elementwise_torch_numpy.py` does in PyTorch and NumPy.
///
/// Per op: the median seconds per call, input elements per second, and GB/s of the least
/// memory traffic the op needs (its input read once, its result written once: 8 bytes per
/// element for the maps and softmax, 4 per element plus the result for the sums). The figure
/// is the same for every framework, whatever passes each one makes (`axpb` is `x * a + b`, two
/// passes, everywhere).
enum ElementwiseBenchmark {
    /// The ops in the order they run; the reference script uses the same names.
    static let ops = ["axpb", "exp", "tanh", "sigmoid", "relu", "softmax_rows", "sum_axis", "sum_axis0"]

    /// 4,194,304 floats: 16 MiB per tensor, well beyond the caches.
    static let defaultElements = 4096 * 1024

    /// The row ops' matrix for `elements`: 1024 columns (fewer when there are fewer elements).
    static func matrixShape(elements: Int) -> [Int] {
        let columns = min(1024, elements)
        return [elements / columns, columns]
    }

    static func run(elements: Int, minSeconds: Double) -> [[String: Any]] {
        let shape = matrixShape(elements: elements)
        let n = shape[0] * shape[1]
        let x = Tensor.randomUniform([n], lower: -4, upper: 4, seed: 42)
        let matrix = x.reshaped(to: shape)
        return withoutGradients {
            ops.map { op in
                let (body, outputElements): (() -> Tensor, Int) = switch op {
                case "axpb": ({ x * 1.5 + 0.25 }, n)
                case "exp": ({ exp(x) }, n)
                case "tanh": ({ tanh(x) }, n)
                case "sigmoid": ({ sigmoid(x) }, n)
                case "relu": ({ relu(x) }, n)
                case "softmax_rows": ({ softmax(matrix, alongAxis: 1) }, n)
                case "sum_axis": ({ matrix.sum(alongAxes: 1) }, shape[0])
                case "sum_axis0": ({ matrix.sum(alongAxes: 0) }, shape[1])
                default: fatalError("unknown elementwise op \(op)")
                }
                var sink: Float = 0
                let times = timeRepeats(minSeconds: minSeconds) {
                    let y = body()
                    sink += y.withUnsafeBufferPointer { $0.last ?? 0 }
                }
                let seconds = median(times)
                let bytes = 4 * Double(n + outputElements)
                return [
                    "workload": "elementwise", "op": op, "n": n, "dtype": "float32",
                    "shape": op.hasPrefix("softmax") || op.hasPrefix("sum") ? shape : [n],
                    "sec_median": seconds, "sec_min": times.min()!, "repeats": times.count,
                    "elements_per_sec": Double(n) / seconds, "gb_per_sec": bytes / seconds / 1e9,
                    "checksum_finite": sink.isFinite,
                ]
            }
        }
    }
}
