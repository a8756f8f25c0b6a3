// Synapse's Tensor.conv2D (im2col + one OpenBLAS SGEMM per pass) split into the passes that
// conv_bench.cpp times for oneDNN: forward with bias (no activation), backward-weights (∂K, ∂b)
// and backward-data (∂x), at the same shapes. `synapse bench conv2d` only reports forward
// (with ReLU) and forward + full backward (∂x included even for the first layers), at a 15×15
// input for cifar_conv2; this program fills the gap. See RESULTS.md.
//
//   forward        median of conv2D(x, K, b) under withoutGradients
//   fwd+bwd_w      median of conv2D + backward with x not requiring a gradient (∂K, ∂b only,
//                  as a first layer trains); backward-weights = fwd+bwd_w − forward
//   fwd+bwd_w+d    the same with x requiring a gradient; backward-data = that − fwd+bwd_w
//
// Build (not a SwiftPM target; links the objects of a finished release build, snapshotted so a
// concurrent build cannot change them mid-link):
//   cd /work/main && swift build -c release --product synapse     # if not already built
//   S=/tmp/synsnap; rm -rf $S; mkdir -p $S
//   cp -r .build/release/Modules .build/release/SynapseTensor.build .build/release/CSynapseKernels.build $S/
//   swiftc -O -parse-as-library -I $S/Modules -Xcc -fmodule-map-file=$S/CSynapseKernels.build/module.modulemap \
//       -I Sources/CBLAS Benchmarks/onednn/synapse_passes.swift $S/SynapseTensor.build/*.o \
//       $S/CSynapseKernels.build/*.o -lopenblas -o /tmp/synapse_passes
// Run:  SYNAPSE_NUM_THREADS=1 /tmp/synapse_passes [iterations]   (default 300, after 20 warm-ups)
//       SYNAPSE_NUM_THREADS=2 /tmp/synapse_passes [iterations]

import Foundation
import SynapseTensor

/// (median, 10th percentile, minimum) of the calls' times in µs.
func timeMicroseconds(iterations: Int, warmup: Int = 20, _ body: () -> Void) -> [Double] {
    for _ in 0..<warmup { body() }
    var times: [Double] = []
    times.reserveCapacity(iterations)
    for _ in 0..<iterations {
        let t0 = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e3)
    }
    times.sort()
    let median = iterations % 2 == 1 ? times[iterations / 2] : (times[iterations / 2 - 1] + times[iterations / 2]) / 2
    return [median, times[iterations / 10], times[0]]
}

@main
struct SynapsePasses {
    static func main() throws {
        let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 300
        let threads = ProcessInfo.processInfo.environment["SYNAPSE_NUM_THREADS"] ?? "(unset: all processors)"
        print("# Synapse Tensor.conv2D per pass, SYNAPSE_NUM_THREADS=\(threads), \(iterations) timed calls, median µs")
        let shapes: [(name: String, input: [Int])] = [
            ("A mnist_conv1", [32, 28, 28, 1]), ("B cifar_conv1", [32, 32, 32, 3]),
            ("C cifar_conv2", [32, 14, 14, 32]), ("C' cifar_conv2(15)", [32, 15, 15, 32]),
        ]
        print("| shape | MFLOP/pass | forward µs | GFLOP/s | backward-weights µs | GFLOP/s | backward-data µs | GFLOP/s |")
        print("|---|---|---|---|---|---|---|---|")
        var raw: [String] = []
        for shape in shapes {
            let (n, h, w, c, f, k) = (shape.input[0], shape.input[1], shape.input[2], shape.input[3], 32, 4)
            let flops = 2.0 * Double(n * (h - k + 1) * (w - k + 1) * k * k * c * f)
            let x = Tensor.randomNormal(shape.input, seed: 1)
            let xg = Tensor.randomNormal(shape.input, seed: 1).requiringGradient()
            let kernel = Tensor.randomNormal([k, k, c, f], standardDeviation: 0.1, seed: 2).requiringGradient()
            let b = Tensor.zeros([f]).requiringGradient()
            let seed = Tensor.randomNormal([n, h - k + 1, w - k + 1, f], seed: 3)
            let forward = timeMicroseconds(iterations: iterations) {
                _ = withoutGradients { Tensor.conv2D(x, kernel: kernel, bias: b) }
            }
            let withWeights = timeMicroseconds(iterations: iterations) {
                let y = Tensor.conv2D(x, kernel: kernel, bias: b)
                try! y.backward(seed: seed)
                kernel.zeroGradient()
                b.zeroGradient()
            }
            let withData = timeMicroseconds(iterations: iterations) {
                let y = Tensor.conv2D(xg, kernel: kernel, bias: b)
                try! y.backward(seed: seed)
                xg.zeroGradient()
                kernel.zeroGradient()
                b.zeroGradient()
            }
            // Passes by difference, for the median (the table), p10 and minimum (RAWP10, RAWMIN).
            let stat = { (i: Int) in (forward[i], withWeights[i], withData[i], withWeights[i] - forward[i], withData[i] - withWeights[i]) }
            let (forwardMedian, _, _, bwdW, bwdD) = stat(0)
            func g(_ t: Double) -> String { String(format: "%.1f", flops / t / 1e3) }
            print("| \(shape.name) | \(String(format: "%.1f", flops / 1e6)) | \(Int(forwardMedian.rounded())) | \(g(forwardMedian)) | "
                + "\(Int(bwdW.rounded())) | \(g(bwdW)) | \(Int(bwdD.rounded())) | \(g(bwdD)) |")
            for (label, i) in [("RAW", 0), ("RAWP10", 1), ("RAWMIN", 2)] {
                let s = stat(i)
                raw.append("\(label) \(shape.name) \(String(format: "%.1f %.1f %.1f %.1f %.1f", s.0, s.1, s.2, s.3, s.4))")
            }
        }
        // RAW / RAWP10 / RAWMIN: name forward fwd+bwd_w fwd+bwd_w+bwd_d bwd_w bwd_d (µs), from the
        // medians / 10th percentiles / minima of the three timings
        raw.forEach { print($0) }
    }
}
