import ArgumentParser
import Foundation
import Synapse

/// The README's main job. Until the Keras-style layers land, it trains a two-layer network on
/// XOR with nothing but tensors, autodiff and plain gradient descent, and prints the loss falling.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train a small network on XOR with the autodiff and print the loss falling."
    )

    @Option(help: "Gradient-descent steps.")
    var steps = 2000

    @Option(help: "Learning rate.")
    var learningRate: Float = 0.5

    @Option(help: "Random seed for the initial weights.")
    var seed: UInt64 = 1

    func run() throws {
        let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
        let y = Tensor([[0], [1], [1], [0]])
        print("XOR, a 2-8-1 network (tanh, sigmoid), binary cross-entropy, gradient descent\n")
        print("inputs\n\(x)\ntargets\n\(y)\n")

        var generator = SeededGenerator(seed: seed)
        var w1 = Initializer.glorotUniform.make([2, 8], using: &generator).requiringGradient()
        var b1 = Tensor.zeros([8]).requiringGradient()
        var w2 = Initializer.glorotUniform.make([8, 1], using: &generator).requiringGradient()
        var b2 = Tensor.zeros([1]).requiringGradient()

        func predict(_ x: Tensor) -> Tensor {
            sigmoid(tanh(x.matmul(w1) + b1).matmul(w2) + b2)
        }

        let start = Date()
        for step in 0...steps {
            let p = predict(x)
            // Binary cross-entropy: −mean(y·ln p + (1 − y)·ln(1 − p)).
            let loss = -(y * log(p) + (1 - y) * log(1 - p)).mean()
            if step % (steps / 10) == 0 {
                print("step \(String(step).leftPadded(to: 5))   loss \(String(format: "%.5f", loss.scalar))")
            }
            guard step < steps else { break }
            loss.backward()
            withoutGradients {
                w1 -= w1.gradient! * learningRate
                b1 -= b1.gradient! * learningRate
                w2 -= w2.gradient! * learningRate
                b2 -= b2.gradient! * learningRate
            }
            for parameter in [w1, b1, w2, b2] { parameter.zeroGradient() }
        }
        let elapsed = Date().timeIntervalSince(start)
        let p = withoutGradients { predict(x) }
        print("\npredictions\n\(p)")
        print("rounded \(p.scalars.map { Int($0.rounded()) }), targets \(y.scalars.map { Int($0) })")
        print(String(format: "%d steps in %.3f s (%.1f µs per step)", steps, elapsed, elapsed / Double(steps) * 1e6))
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - count)) + self
    }
}
