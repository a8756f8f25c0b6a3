import Foundation
import Testing
@testable import SynapseTensor

/// conv2D, maxPool2D and averagePool2D: gradients against finite differences, values against a
/// direct convolution written out plainly, and independence from the thread count.
@Suite struct ConvolutionTests {
    static func input(_ shape: [Int], seed: UInt64) -> Tensor { GradientCheckTests.input(shape, seed: seed) }

    /// The convolution as its definition: nested loops over outputs and taps, zero padding.
    static func directConvolution(_ x: Tensor, _ k: Tensor, _ b: Tensor?, strides: (Int, Int), padding: Padding,
                                  dilation: (Int, Int)) -> Tensor {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw, f) = (k.shape[0], k.shape[1], k.shape[3])
        func size(_ input: Int, _ window: Int, _ stride: Int, _ d: Int) -> (out: Int, before: Int) {
            let span = (window - 1) * d + 1
            if padding == .valid { return ((input - span) / stride + 1, 0) }
            let out = (input + stride - 1) / stride
            return (out, max((out - 1) * stride + span - input, 0) / 2)
        }
        let (oh, pt) = size(h, kh, strides.0, dilation.0)
        let (ow, pl) = size(w, kw, strides.1, dilation.1)
        var y = [Float](repeating: 0, count: n * oh * ow * f)
        for i in 0..<n { for p in 0..<oh { for q in 0..<ow { for o in 0..<f {
            var sum = Double(b?[index: o] ?? 0)
            for u in 0..<kh { for v in 0..<kw {
                let r = p * strides.0 + u * dilation.0 - pt, s = q * strides.1 + v * dilation.1 - pl
                guard r >= 0 && r < h && s >= 0 && s < w else { continue }
                for ch in 0..<c { sum += Double(x[index: i, r, s, ch]) * Double(k[index: u, v, ch, o]) }
            } }
            y[((i * oh + p) * ow + q) * f + o] = Float(sum)
        } } } }
        return Tensor(shape: [n, oh, ow, f], scalars: y)
    }

    @Test func outputSizesFollowTensorFlow() {
        #expect(Padding.valid.outputLength(input: 28, window: 4, stride: 1) == 25)
        #expect(Padding.valid.outputLength(input: 25, window: 2, stride: 2) == 12)
        #expect(Padding.valid.outputLength(input: 7, window: 3, stride: 1, dilation: 2) == 3)
        #expect(Padding.same.outputLength(input: 5, window: 3, stride: 2) == 3)
        // same, in 6, k 4, stride 1: total padding 3, one before and two after.
        #expect(Padding.same.paddingBefore(input: 6, window: 4, stride: 1) == 1)
        #expect(Padding.same.paddingBefore(input: 5, window: 3, stride: 2) == 1)
        #expect(Padding.same.paddingBefore(input: 6, window: 3, stride: 2) == 0)
    }

    @Test func conv2DMatchesADirectConvolution() {
        let configurations: [(k: (Int, Int), s: (Int, Int), p: Padding, d: (Int, Int), c: Int, f: Int)] = [
            ((3, 3), (1, 1), .valid, (1, 1), 3, 2), ((3, 3), (1, 1), .same, (1, 1), 3, 2),
            ((4, 2), (2, 3), .same, (1, 1), 2, 3), ((3, 2), (2, 1), .valid, (1, 1), 1, 4),
            ((2, 3), (1, 1), .valid, (2, 2), 3, 2), ((3, 3), (2, 2), .same, (2, 1), 2, 2),
            ((1, 1), (1, 1), .valid, (1, 1), 5, 3), ((1, 1), (2, 2), .valid, (1, 1), 2, 2),
            ((6, 7), (1, 1), .same, (1, 1), 2, 2), ((5, 6), (1, 1), .valid, (1, 1), 1, 1),
        ]
        for (index, config) in configurations.enumerated() {
            let seed = UInt64(10 * index)
            let x = Self.input([2, 5, 6, config.c], seed: seed)
            let k = Self.input([config.k.0, config.k.1, config.c, config.f], seed: seed + 1)
            let b = Self.input([config.f], seed: seed + 2)
            let y = Tensor.conv2D(x, kernel: k, bias: b, strides: config.s, padding: config.p, dilation: config.d)
            let expected = Self.directConvolution(x, k, b, strides: config.s, padding: config.p, dilation: config.d)
            #expect(y.isApproximatelyEqual(to: expected, tolerance: 1e-5), "configuration \(index): \(config)")
        }
    }

    @Test func conv2DFusesReluAndSigmoid() {
        let x = Self.input([1, 4, 4, 2], seed: 1), k = Self.input([2, 2, 2, 3], seed: 2), b = Self.input([3], seed: 3)
        let z = Tensor.conv2D(x, kernel: k, bias: b)
        #expect(Tensor.conv2D(x, kernel: k, bias: b, activation: .relu).isApproximatelyEqual(to: relu(z)))
        #expect(Tensor.conv2D(x, kernel: k, bias: b, activation: .sigmoid).isApproximatelyEqual(to: sigmoid(z)))
    }

    @Test(arguments: [
        ((3, 3), (1, 1), Padding.valid, (1, 1)), ((3, 3), (1, 1), Padding.same, (1, 1)),
        ((3, 2), (2, 2), Padding.valid, (1, 1)), ((2, 3), (2, 3), Padding.same, (1, 1)),
        ((2, 2), (1, 1), Padding.valid, (2, 2)), ((3, 3), (1, 2), Padding.same, (2, 1)),
        ((1, 1), (1, 1), Padding.valid, (1, 1)),
    ])
    func conv2DGradients(kernel: (Int, Int), strides: (Int, Int), padding: Padding, dilation: (Int, Int)) {
        let x = Self.input([2, 5, 6, 3], seed: 4), k = Self.input([kernel.0, kernel.1, 3, 2], seed: 5)
        let b = Self.input([2], seed: 6)
        GradientCheckTests.expectGradient([x, k, b]) {
            Tensor.conv2D($0[0], kernel: $0[1], bias: $0[2], strides: strides, padding: padding, dilation: dilation)
        }
        GradientCheckTests.expectGradient([x, k]) {
            Tensor.conv2D($0[0], kernel: $0[1], bias: nil, strides: strides, padding: padding, dilation: dilation, activation: .tanh)
        }
    }

    @Test func conv2DGradientWithBiasAndRelu() {
        // Small kernel values keep pre-activations away from relu's kink at the check's step.
        let x = Self.input([2, 5, 6, 3], seed: 7), k = Self.input([3, 3, 3, 2], seed: 8) * 0.5
        let b = Self.input([2], seed: 9)
        let result = gradientCheck(at: [x, k, b]) { Tensor.conv2D($0[0], kernel: $0[1], bias: $0[2], padding: .same, activation: .relu) }
        #expect(result.passed, "\(result)")
    }

    @Test func maxPoolTakesTheLargestInsideTheImage() {
        // 1 image, 3×3, one channel: 1…9 row by row.
        let x = Tensor(shape: [1, 3, 3, 1], scalars: (1...9).map(Float.init))
        #expect(Tensor.maxPool2D(x, poolSize: (2, 2), strides: (1, 1), padding: .valid).scalars == [5, 6, 8, 9])
        #expect(Tensor.maxPool2D(x, poolSize: (2, 2), strides: (2, 2), padding: .valid).scalars == [5])
        // same, stride 2: output 2×2, padding after (total 1, before 0).
        #expect(Tensor.maxPool2D(x, poolSize: (2, 2), strides: (2, 2), padding: .same).scalars == [5, 6, 8, 9])
        // Padding never wins, even over negative values.
        #expect(Tensor.maxPool2D(-x, poolSize: (2, 2), strides: (2, 2), padding: .same).scalars == [-1, -3, -7, -9])
    }

    @Test func averagePoolExcludesPaddingFromTheDivisor() {
        let x = Tensor(shape: [1, 3, 3, 1], scalars: (1...9).map(Float.init))
        #expect(Tensor.averagePool2D(x, poolSize: (2, 2), strides: (1, 1), padding: .valid).scalars == [3, 4, 6, 7])
        // same, stride 2: windows {1,2,4,5}, {3,6}, {7,8}, {9}.
        #expect(Tensor.averagePool2D(x, poolSize: (2, 2), strides: (2, 2), padding: .same).scalars == [3, 4.5, 7.5, 9])
        // same, stride 1, 3×3 window: the corner averages its 4 real neighbours.
        #expect(Tensor.averagePool2D(x, poolSize: (3, 3), strides: (1, 1), padding: .same)[index: 0, 0, 0, 0] == 3)
    }

    @Test(arguments: [
        ((2, 2), (2, 2), Padding.valid), ((2, 2), (2, 2), Padding.same), ((3, 3), (1, 1), Padding.same),
        ((3, 2), (2, 1), Padding.valid), ((2, 3), (3, 2), Padding.same),
        ((2, 2), (3, 3), Padding.same), ((2, 1), (2, 3), Padding.valid),   // windows apart: gaps get 0
    ])
    func poolingGradients(pool: (Int, Int), strides: (Int, Int), padding: Padding) {
        let x = Self.input([2, 5, 6, 3], seed: 11)
        GradientCheckTests.expectGradient([x]) { Tensor.maxPool2D($0[0], poolSize: pool, strides: strides, padding: padding) }
        GradientCheckTests.expectGradient([x]) { Tensor.averagePool2D($0[0], poolSize: pool, strides: strides, padding: padding) }
    }

    @Test func resultsDoNotDependOnTheThreadCount() throws {
        // Large enough that im2col, col2im and the pooling loops split into several chunks.
        let x = Tensor.randomNormal([16, 20, 20, 8], seed: 1), k = Tensor.randomNormal([3, 3, 8, 16], seed: 2)
        let b = Tensor.randomNormal([16], seed: 3)
        func run() throws -> [Tensor] {
            let (xs, ks, bs) = (x.requiringGradient(), k.requiringGradient(), b.requiringGradient())
            let y = Tensor.conv2D(xs, kernel: ks, bias: bs, strides: (2, 1), padding: .same, activation: .relu)
            let pooled = Tensor.maxPool2D(y, poolSize: (2, 2), strides: (1, 1), padding: .same)
                + Tensor.averagePool2D(y, poolSize: (3, 3), strides: (1, 1), padding: .same)
            let loss = (pooled * pooled).sum()
            try loss.backward()
            return [pooled, xs.gradient!, ks.gradient!, bs.gradient!]
        }
        let before = Parallel.threadCount
        defer { Parallel.setThreadCount(before) }
        Parallel.setThreadCount(1)
        let one = try run()
        Parallel.setThreadCount(2)
        let two = try run()
        for (a, b) in zip(one, two) { #expect(a == b) }
    }

    /// conv2D(relu) then maxPool2D, fused (max pooling masks ∂y and the convolution skips ReLU's
    /// pass, Ops/Pooling.swift), against the same ops unfused: a linear convolution, `relu`, then
    /// max pooling. Some channels have a negative bias, so that whole windows are zero and their
    /// first position (the argmax) gets no gradient through ReLU.
    static func reluThenMaxPool(fused: Bool, engine: Tensor.ConvolutionEngine, alsoUseY: Bool,
                                pool: (Int, Int) = (2, 2), strides: (Int, Int) = (2, 2)) throws -> [Tensor] {
        let x = Tensor.randomNormal([8, 12, 12, 16], seed: 21).requiringGradient()
        let k = (Tensor.randomNormal([3, 3, 16, 16], seed: 22) * 0.2).requiringGradient()
        let b = Tensor(shape: [16], (0..<16).map { $0 % 3 == 0 ? -1.5 : 0.1 }).requiringGradient()
        let y = fused
            ? Tensor.conv2D(x, kernel: k, bias: b, strides: (1, 1), padding: .valid, dilation: (1, 1), activation: .relu, engine: engine)
            : relu(Tensor.conv2D(x, kernel: k, bias: b, strides: (1, 1), padding: .valid, dilation: (1, 1), activation: .linear, engine: engine))
        let pooled = Tensor.maxPool2D(y, poolSize: pool, strides: strides, padding: .same)
        var loss = (pooled * Tensor.randomNormal(pooled.shape, seed: 23)).sum()
        if alsoUseY { loss = loss + (y * Tensor.randomNormal(y.shape, seed: 24)).sum() }
        let dy = gradients(of: loss, wrt: [y])[0]
        try loss.backward()
        return [pooled, dy, x.gradient!, k.gradient!, b.gradient!]
    }

    @Test(arguments: [Tensor.ConvolutionEngine.automatic, .im2col], [false, true])
    func maxPoolingOfAReLUOutputMatchesTheUnfusedOps(engine: Tensor.ConvolutionEngine, alsoUseY: Bool) throws {
        let fused = try Self.reluThenMaxPool(fused: true, engine: engine, alsoUseY: alsoUseY)
        let unfused = try Self.reluThenMaxPool(fused: false, engine: engine, alsoUseY: alsoUseY)
        for (name, (a, b)) in zip(["pooled", "∂y", "∂x", "∂K", "∂b"], zip(fused, unfused)) {
            #expect(OneDNNConvolutionTests.maxRelativeError(a, b) < 1e-6, "\(name)")
        }
        // Some windows are all zero, so the mask mattered: ∂y is g at their argmax, ∂z is 0.
        #expect(fused[0].scalars.contains(0))
    }

    /// Overlapping windows (the scatter that adds) and windows with gaps between them.
    @Test(arguments: [((3, 3), (2, 2)), ((2, 2), (3, 3)), ((3, 2), (1, 2))])
    func maxPoolingOfAReLUOutputWithOtherWindows(pool: (Int, Int), strides: (Int, Int)) throws {
        let fused = try Self.reluThenMaxPool(fused: true, engine: .automatic, alsoUseY: false, pool: pool, strides: strides)
        let unfused = try Self.reluThenMaxPool(fused: false, engine: .automatic, alsoUseY: false, pool: pool, strides: strides)
        for (name, (a, b)) in zip(["pooled", "∂y", "∂x", "∂K", "∂b"], zip(fused, unfused)) {
            #expect(OneDNNConvolutionTests.maxRelativeError(a, b) < 1e-6, "\(name)")
        }
    }

    @Test func maxPoolingMasksTheGradientOfAReLUOutput() throws {
        let x = Tensor.randomNormal([2, 6, 6, 4], seed: 25).requiringGradient()
        let k = Tensor.randomNormal([3, 3, 4, 8], seed: 26).requiringGradient()
        let y = Tensor.conv2D(x, kernel: k, bias: nil, activation: .relu)
        let pooled = Tensor.maxPool2D(y, poolSize: (2, 2), strides: (2, 2), padding: .valid)
        let g = Tensor.randomNormal(pooled.shape, seed: 27)
        let pullback = try #require(pooled.node?.pullback)
        let dy = try #require(pullback(g)[0])
        #expect(dy.storage.reluMaskedFor == ObjectIdentifier(y.storage))
        // ReLU's backward pass then returns ∂y as it is, without a pass over it.
        #expect(FusedActivation.relu.gradient(dy, output: y).storage === dy.storage)
        // Not for a ReLU applied by a separate op, nor inside gradients(of:wrt:).
        let separate = Tensor.maxPool2D(relu(Tensor.conv2D(x, kernel: k, bias: nil)), poolSize: (2, 2), strides: (2, 2),
                                        padding: .valid)
        let separatePullback = try #require(separate.node?.pullback)
        let unmasked = try #require(separatePullback(g)[0])
        #expect(unmasked.storage.reluMaskedFor == nil)
        let kept = try #require(ActivationGradientFusion.withDisallowed { pullback(g)[0] })
        #expect(kept.storage.reluMaskedFor == nil)
    }

    /// The buffers asked of the system by a third training step of a small CNN.
    static func warmConvolutionAllocations() throws -> Int {
        let x = Tensor.randomNormal([4, 12, 12, 3], seed: 1)
        var k = Tensor.randomNormal([3, 3, 3, 8], seed: 2)
        k.requiresGradient = true
        func step() throws {
            let y = Tensor.conv2D(x, kernel: k, bias: nil, activation: .relu)
            let loss = Tensor.maxPool2D(y, poolSize: (2, 2), strides: (2, 2), padding: .valid).sum()
                + Tensor.averagePool2D(y, poolSize: (3, 3), strides: (1, 1), padding: .same).sum()
            try loss.backward()
            k.zeroGradient()
        }
        try step()
        try step()
        return try BufferPool.countingSystemAllocations { try step() }.systemAllocations
    }

    // In a child process, where no other test's thread takes buffers from the pool.
    @Test func theWorkspacesComeFromThePoolAfterWarmUp() async {
        await #expect(processExitsWith: .success) {
            let misses = try! ConvolutionTests.warmConvolutionAllocations()
            if misses != 0 { FileHandle.standardError.write(Data("\(misses) system allocations\n".utf8)); exit(1) }
        }
    }
}
