import Synapse

/// One Conv2D layer's op (`Tensor.conv2D`, 4×4 kernel, 32 filters, ReLU, valid) forward and
/// forward + backward at the seed's CNN shapes: MNIST's first layer, and CIFAR's two layers (the
/// second sees 14×14: 32 − 3 = 29 after the first, then MaxPool 2).
enum ConvBenchmark {
    static let shapes: [(name: String, input: [Int], filters: Int)] = [
        ("mnist_conv1", [32, 28, 28, 1], 32), ("cifar_conv1", [32, 32, 32, 3], 32), ("cifar_conv2", [32, 14, 14, 32], 32),
    ]

    static func run(minSeconds: Double) -> [[String: Any]] {
        shapes.map { shape in
            let x = Tensor.randomNormal(shape.input, seed: 1).requiringGradient()
            let k = Tensor.randomNormal([4, 4, shape.input[3], shape.filters], standardDeviation: 0.1, seed: 2).requiringGradient()
            let b = Tensor.zeros([shape.filters]).requiringGradient()
            let forward = timeRepeats(minSeconds: minSeconds / 2) {
                _ = withoutGradients { Tensor.conv2D(x, kernel: k, bias: b, activation: .relu) }
            }
            let seed = Tensor.randomNormal([shape.input[0], shape.input[1] - 3, shape.input[2] - 3, shape.filters], seed: 3)
            let step = timeRepeats(minSeconds: minSeconds / 2) {
                let y = Tensor.conv2D(x, kernel: k, bias: b, activation: .relu)
                try! y.backward(seed: seed)   // a fresh graph every step: cannot throw
                x.zeroGradient()
                k.zeroGradient()
                b.zeroGradient()
            }
            return [
                "workload": "conv2d", "shape": shape.name, "input": shape.input, "kernel": [4, 4, shape.input[3], shape.filters],
                "ms_forward_median": median(forward) * 1e3, "ms_forward_backward_median": median(step) * 1e3,
                "repeats": step.count,
            ]
        }
    }
}
