import Testing
@testable import SynapseTensor

@Suite struct AutodiffTests {
    @Test func backwardAccumulatesIntoLeaves() throws {
        var x = Tensor([1, 2, 3])
        x.requiresGradient = true
        let y = (x * x).sum()         // dy/dx = 2x
        try y.backward()
        #expect(x.gradient == Tensor([2, 4, 6]))
        try (x * 3).sum().backward()       // accumulates: 2x + 3
        #expect(x.gradient == Tensor([5, 7, 9]))
        x.zeroGradient()
        #expect(x.gradient == nil)
    }

    @Test func aTensorUsedTwiceGetsBothContributions() throws {
        let x = Tensor([2]).requiringGradient()
        let y = x * x + x * 3         // dy/dx = 2x + 3 = 7
        try y.backward()
        #expect(x.gradient == Tensor([7]))
    }

    @Test func gradientsOfWrtLeavesTheLeavesAlone() throws {
        let w = Tensor([[1, 2], [3, 4]]).requiringGradient()
        let h = w * 2
        let loss = (h * h).sum()       // dloss/dh = 2h = 4w; dloss/dw = 8w
        let grads = gradients(of: loss, wrt: [w, h])
        #expect(grads[0] == w.detached() * 8)
        #expect(grads[1] == w.detached() * 4)
        #expect(w.gradient == nil)
    }

    @Test func withoutGradientsRecordsNothing() throws {
        let x = Tensor([1, 2]).requiringGradient()
        let y = withoutGradients { x * 2 }
        #expect(!y.requiresGradient)
        #expect((x * 2).requiresGradient)
        #expect(!(Tensor([1]) * 2).requiresGradient)
    }

    @Test func inPlaceUpdatesKeepTheLeaf() throws {
        var w = Tensor([1, 1]).requiringGradient()
        try (w * Tensor([3, 4])).sum().backward()
        withoutGradients { w -= w.gradient! * 0.5 }
        #expect(w == Tensor([-0.5, -1]))
        #expect(w.requiresGradient)
        #expect(w.gradient == Tensor([3, 4]))   // the slot survives the update
    }

    @Test func detachedCutsTheGraph() throws {
        let x = Tensor([3]).requiringGradient()
        let y = x * x.detached()       // only one factor carries a gradient: dy/dx = x
        try y.backward()
        #expect(x.gradient == Tensor([3]))
    }

    @Test func deepChainsDoNotOverflowTheStack() throws {
        let x = Tensor([1]).requiringGradient()
        var y = x
        for _ in 0..<20_000 { y = y * 1.0001 }
        try y.sum().backward()
        let expected = Foundation.pow(1.0001, 20_000.0)
        #expect(Swift.abs(Double(x.gradient!.scalar) - expected) / expected < 1e-2)
    }

    /// Plain gradient descent on a tiny model: fit y = 2x − 1 with a line, and XOR with a
    /// two-layer network; the loss must fall below a bound.
    @Test func gradientDescentFitsALine() throws {
        let x = Tensor(shape: [8, 1], scalars: (0..<8).map { Float($0) / 4 })
        let y = x * 2 - 1
        var w = Tensor.zeros([1, 1]).requiringGradient()
        var b = Tensor.zeros([1]).requiringGradient()
        var loss: Float = .infinity
        for _ in 0..<500 {
            let l = (x.matmul(w) + b - y).squared().mean()
            loss = l.scalar
            try l.backward()
            withoutGradients {
                w -= w.gradient! * 0.1
                b -= b.gradient! * 0.1
            }
            w.zeroGradient()
            b.zeroGradient()
        }
        #expect(loss < 1e-4)
        #expect(Swift.abs(w.scalars[0] - 2) < 0.02 && Swift.abs(b.scalars[0] + 1) < 0.02)
    }

    @Test func gradientDescentLearnsXOR() throws {
        let x: Tensor = [[0, 0], [0, 1], [1, 0], [1, 1]]
        let y: Tensor = [[0], [1], [1], [0]]
        var w1 = Initializer.glorotUniform.make([2, 8], seed: 1).requiringGradient()
        var b1 = Tensor.zeros([8]).requiringGradient()
        var w2 = Initializer.glorotUniform.make([8, 1], seed: 2).requiringGradient()
        var b2 = Tensor.zeros([1]).requiringGradient()
        var first: Float = 0, last: Float = 0
        for step in 0..<2000 {
            let p = sigmoid(tanh(x.matmul(w1) + b1).matmul(w2) + b2)
            let loss = -(y * log(p) + (1 - y) * log(1 - p)).mean()
            if step == 0 { first = loss.scalar }
            last = loss.scalar
            try loss.backward()
            withoutGradients {
                for i in 0..<4 {
                    switch i {
                    case 0: w1 -= w1.gradient! * 0.5
                    case 1: b1 -= b1.gradient! * 0.5
                    case 2: w2 -= w2.gradient! * 0.5
                    default: b2 -= b2.gradient! * 0.5
                    }
                }
            }
            [w1, b1, w2, b2].forEach { $0.zeroGradient() }
        }
        #expect(first > 0.5)
        #expect(last < 0.05)
    }
}

import Foundation

/// A released graph cannot be walked twice by accident.
@Suite struct ReleasedGraphTests {
    @Test func aSecondBackwardThrows() throws {
        let x = Tensor([1, 2, 3]).requiringGradient()
        let y = (x * x).sum()
        try y.backward()
        #expect(x.gradient == Tensor([2, 4, 6]))
        #expect(throws: SynapseError.self) { try y.backward() }
        // Building on a released result is the same mistake.
        #expect(throws: SynapseError.self) { try (y * 2).backward() }
    }

    @Test func retainingTheGraphAllowsASecondPass() throws {
        let x = Tensor([1, 2, 3]).requiringGradient()
        let y = (x * x).sum()
        try y.backward(retainingGraph: true)
        try y.backward()
        #expect(x.gradient == Tensor([4, 8, 12]))
    }

    @Test func backwardOnAConstantThrows() {
        #expect(throws: SynapseError.self) { try Tensor([1, 2]).sum().backward() }
    }
}

@Suite struct GradientAccumulationTests {
    /// Gradients add up over backward() calls; zeroGradients(of:) clears them.
    @Test func gradientsAccumulateUntilCleared() throws {
        var w = Tensor([[0.5], [-0.5]])
        w.requiresGradient = true
        let x = Tensor([[1, 2], [3, 4]])
        try (x.matmul(w)).sum().backward()
        let once = w.gradient!.scalars
        try (x.matmul(w)).sum().backward()
        #expect(w.gradient!.scalars == once.map { $0 * 2 })
        zeroGradients(of: [w])
        #expect(w.gradient == nil)
    }

    /// The README's loop: clear, forward, backward, step — the loss goes down.
    @Test func theDocumentedLoopTrains() throws {
        let x = Tensor([[1, 2], [3, 4]])
        var w = Tensor.randomNormal([2, 1], seed: 42)
        w.requiresGradient = true
        func loss() -> Tensor { (x.matmul(w) - Tensor([[1], [2]])).squared().mean() }
        let start = withoutGradients { loss().scalar }
        for _ in 0..<100 {
            zeroGradients(of: [w])
            try loss().backward()
            withoutGradients { w -= w.gradient! * 0.02 }
        }
        let end = withoutGradients { loss().scalar }
        #expect(end < start / 2, "loss \(start) → \(end)")
    }
}
