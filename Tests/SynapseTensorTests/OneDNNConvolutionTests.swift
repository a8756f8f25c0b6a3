import Foundation
import Testing
@testable import SynapseTensor

/// Tensor.conv2D on oneDNN (Kernels/OneDNNConvolution.swift) against its im2col + GEMM path: the
/// same values and gradients, and proof that oneDNN really ran where it is available (Linux).
@Suite struct OneDNNConvolutionTests {
    /// y, ∂x, ∂K, ∂b of a relu convolution under a fixed loss, on the given engine.
    static func pass(_ x: Tensor, _ k: Tensor, _ b: Tensor, strides: (Int, Int), padding: Padding,
                     dilation: (Int, Int), activation: FusedActivation = .relu,
                     engine: Tensor.ConvolutionEngine) throws -> [Tensor] {
        let (xs, ks, bs) = (x.requiringGradient(), k.requiringGradient(), b.requiringGradient())
        let y = Tensor.conv2D(xs, kernel: ks, bias: bs, strides: strides, padding: padding, dilation: dilation,
                              activation: activation, engine: engine)
        let weights = Tensor.randomNormal(y.shape, seed: 9)
        try (y * weights).sum().backward()
        return [y, xs.gradient!, ks.gradient!, bs.gradient!]
    }

    static func maxRelativeError(_ a: Tensor, _ b: Tensor) -> Float {
        var scale: Float = 0, worst: Float = 0
        for i in 0..<b.count { scale = max(scale, abs(b[flat: i])) }
        for i in 0..<a.count { worst = max(worst, abs(a[flat: i] - b[flat: i])) }
        return worst / max(scale, 1e-30)
    }

    @Test(arguments: [
        ([32, 14, 14, 32], [4, 4, 32, 32], (1, 1), Padding.valid, (1, 1)),   // CIFAR's second layer
        ([32, 32, 32, 3], [4, 4, 3, 32], (1, 1), Padding.valid, (1, 1)),     // CIFAR's first layer
        ([20, 28, 28, 1], [3, 3, 1, 8], (2, 2), Padding.same, (1, 1)),       // last chunk shorter
        ([9, 11, 13, 16], [3, 5, 16, 24], (2, 1), Padding.same, (1, 1)),
        ([8, 12, 12, 16], [3, 3, 16, 16], (1, 1), Padding.same, (2, 2)),
        ([5, 10, 9, 17], [2, 3, 17, 5], (3, 2), Padding.valid, (1, 1)),
    ])
    func oneDNNMatchesIm2col(x: [Int], kernel: [Int], strides: (Int, Int), padding: Padding, dilation: (Int, Int)) throws {
        let input = Tensor.randomNormal(x, seed: 1), k = Tensor.randomNormal(kernel, seed: 2) * 0.2
        let b = Tensor.randomNormal([kernel[3]], seed: 3)
        let fast = try Self.pass(input, k, b, strides: strides, padding: padding, dilation: dilation, engine: .automatic)
        let reference = try Self.pass(input, k, b, strides: strides, padding: padding, dilation: dilation, engine: .im2col)
        for (name, (a, r)) in zip(["y", "∂x", "∂K", "∂b"], zip(fast, reference)) {
            #expect(a.shape == r.shape)
            #expect(Self.maxRelativeError(a, r) < 1e-5, "\(name) of \(x) * \(kernel)")
        }
    }

    /// ReLU runs inside oneDNN's forward pass (a post-op); the other activations after it.
    @Test(arguments: [FusedActivation.linear, .sigmoid, .tanh, .relu])
    func everyActivationMatchesIm2col(activation: FusedActivation) throws {
        let input = Tensor.randomNormal([32, 14, 14, 32], seed: 1), k = Tensor.randomNormal([4, 4, 32, 32], seed: 2) * 0.2
        let b = Tensor.randomNormal([32], seed: 3)
        let fast = try Self.pass(input, k, b, strides: (1, 1), padding: .valid, dilation: (1, 1), activation: activation,
                                 engine: .automatic)
        let reference = try Self.pass(input, k, b, strides: (1, 1), padding: .valid, dilation: (1, 1), activation: activation,
                                      engine: .im2col)
        for (name, (a, r)) in zip(["y", "∂x", "∂K", "∂b"], zip(fast, reference)) {
            #expect(Self.maxRelativeError(a, r) < 1e-5, "\(name) with \(activation)")
        }
    }

    @Test func oneDNNRunsOnLinux() throws {
        #if os(Linux)
        #expect(OneDNNConvolution.isEnabled == (ProcessInfo.processInfo.environment["SYNAPSE_ONEDNN"] != "0"))
        #endif
        guard OneDNNConvolution.isEnabled else { return }
        let geometry = WindowGeometry(input: [32, 14, 14, 32], window: (4, 4), strides: (1, 1), dilation: (1, 1),
                                      padding: .valid, operation: "test")
        let convolution = try #require(OneDNNConvolution.forShape(geometry, filters: 32, bias: true, relu: true))
        #expect(convolution.hasBackwardData && convolution.chunks == 4)
        for pass in 0..<3 { #expect(!convolution.implementation(pass: pass).contains("ref")) }
        // First layers keep col2im for ∂x.
        let first = WindowGeometry(input: [32, 32, 32, 3], window: (4, 4), strides: (1, 1), dilation: (1, 1),
                                   padding: .valid, operation: "test")
        #expect(try #require(OneDNNConvolution.forShape(first, filters: 32, bias: true, relu: false)).hasBackwardData == false)

        let before = OneDNNConvolution.calls
        _ = try Self.pass(Tensor.randomNormal([32, 14, 14, 32], seed: 1), Tensor.randomNormal([4, 4, 32, 32], seed: 2),
                          Tensor.randomNormal([32], seed: 3), strides: (1, 1), padding: .valid, dilation: (1, 1),
                          engine: .automatic)
        let after = OneDNNConvolution.calls
        #expect(after.forward > before.forward && after.backwardData > before.backwardData
                && after.backwardWeights > before.backwardWeights)
    }

    @Test func oneDNNResultsDoNotDependOnTheThreadCount() throws {
        let x = Tensor.randomNormal([40, 14, 14, 32], seed: 4), k = Tensor.randomNormal([4, 4, 32, 32], seed: 5)
        let b = Tensor.randomNormal([32], seed: 6)
        let before = Parallel.threadCount
        defer { Parallel.setThreadCount(before) }
        var results: [[Tensor]] = []
        for threads in [1, 2, 3] {
            Parallel.setThreadCount(threads)
            results.append(try Self.pass(x, k, b, strides: (1, 1), padding: .same, dilation: (1, 1), engine: .automatic))
        }
        for other in results.dropFirst() { for (a, b) in zip(results[0], other) { #expect(a == b) } }
    }
}
