import Synapse

/// The per-step cost of a small op chain, where framework overhead rather than arithmetic
/// decides the time: x [32, 30] · W [30, 30] + b [30], ReLU, sum, backward, clear the gradients.
/// `Benchmarks/reference/overhead_torch.py` runs the same steps in PyTorch.
enum OverheadBenchmark {
    static func run(minSeconds: Double) -> [String: Any] {
        let x = Tensor.randomNormal([32, 30], seed: 1)
        let w = Tensor.randomNormal([30, 30], standardDeviation: 0.2, seed: 2).requiringGradient()
        let b = Tensor.zeros([30]).requiringGradient()
        let stepsPerRepeat = 1000
        var loss: Float = 0
        let times = timeRepeats(minSeconds: minSeconds) {
            for _ in 0..<stepsPerRepeat {
                let y = relu(x.matmul(w) + b).sum()
                try! y.backward()   // a fresh graph every step: cannot throw
                loss = y.scalar
                w.zeroGradient()
                b.zeroGradient()
            }
        }
        let perStep = times.map { $0 / Double(stepsPerRepeat) }
        return [
            "workload": "overhead", "shape": "x[32,30]·W[30,30]+b, relu, sum, backward",
            "sec_per_step_median": median(perStep), "us_per_step_median": median(perStep) * 1e6,
            "repeats": times.count, "loss": loss,
        ]
    }
}
