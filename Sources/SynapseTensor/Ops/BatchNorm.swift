// Batch normalisation's training pass as one op (the BatchNormalization layer's hot path).
//
// x viewed as [outer, C, inner] with C the size of `axis`; for each channel c, over its
// m = outer·inner values:
//   μ = Σx / m,   σ² = Σ(x − μ)² / m,   x̂ = (x − μ)/√(σ² + ε),   y = γ x̂ + β
//   ∂β = Σ g,   ∂γ = Σ g x̂,   ∂x = γ/√(σ² + ε) · (g − ∂β/m − x̂ · ∂γ/m)
// Sums run in Double. γ and β are optional (1 and 0 when absent).

extension Tensor {
    /// Normalises `x` per channel of `axis` with its own mean and population variance over all
    /// other axes, then scales by `gamma` and shifts by `beta` (vectors of the channel count).
    /// Returns the result (one recorded op, differentiable in x, gamma and beta) and the batch
    /// mean and variance per channel (detached), for a layer's moving statistics.
    public static func batchNormalized(_ x: Tensor, gamma: Tensor?, beta: Tensor?, axis: Int,
                                       epsilon: Float) -> (output: Tensor, mean: Tensor, variance: Tensor) {
        let a = x.normalizedAxis(axis)
        let channels = x.shape[a]
        let outer = x.shape[..<a].reduce(1, *), inner = x.shape[(a + 1)...].reduce(1, *)
        let m = outer * inner
        require(m > 0, "batchNormalized needs at least one value per channel; shape is \(x.shape)")
        for (label, v) in [("gamma", gamma), ("beta", beta)] {
            if let v, v.shape != [channels] {
                fatalError("batchNormalized: \(label) has shape \(v.shape); expected [\(channels)] for axis \(a) of shape \(x.shape)")
            }
        }
        let gammas = gamma?.scalars ?? [Float](repeating: 1, count: channels)
        let betas = beta?.scalars ?? [Float](repeating: 0, count: channels)

        // Visits every element with its channel, in memory order.
        func forEachElement(_ body: (_ index: Int, _ channel: Int) -> Void) {
            var index = 0
            for _ in 0..<outer {
                for c in 0..<channels {
                    for _ in 0..<inner { body(index, c); index += 1 }
                }
            }
        }

        var mean = [Double](repeating: 0, count: channels)
        var squares = [Double](repeating: 0, count: channels)
        x.withUnsafeBufferPointer { xs in
            forEachElement { i, c in mean[c] += Double(xs[i]) }
            for c in 0..<channels { mean[c] /= Double(m) }
            forEachElement { i, c in let d = Double(xs[i]) - mean[c]; squares[c] += d * d }
        }
        let variance = squares.map { $0 / Double(m) }
        let inverseStd = variance.map { 1 / ($0 + Double(epsilon)).squareRoot() }
        let scale = (0..<channels).map { Float(Double(gammas[$0]) * inverseStd[$0]) }
        let shift = (0..<channels).map { betas[$0] - Float(mean[$0]) * scale[$0] }
        let input = x.detached()
        let y = input.withUnsafeBufferPointer { xs in
            Tensor.make(shape: x.shape) { out in forEachElement { i, c in out[i] = xs[i] * scale[c] + shift[c] } }
        }

        let inputs = [x] + [gamma, beta].compactMap { $0 }
        let output = record(y, inputs: inputs) { g in
            var sumG = [Double](repeating: 0, count: channels), sumGX = [Double](repeating: 0, count: channels)
            input.withUnsafeBufferPointer { xs in
                g.withUnsafeBufferPointer { gs in
                    forEachElement { i, c in
                        let xhat = (Double(xs[i]) - mean[c]) * inverseStd[c]
                        sumG[c] += Double(gs[i])
                        sumGX[c] += Double(gs[i]) * xhat
                    }
                }
            }
            let dx = input.withUnsafeBufferPointer { xs in
                g.withUnsafeBufferPointer { gs in
                    Tensor.make(shape: input.shape) { out in
                        forEachElement { i, c in
                            let xhat = (Double(xs[i]) - mean[c]) * inverseStd[c]
                            let centred = Double(gs[i]) - sumG[c] / Double(m) - xhat * sumGX[c] / Double(m)
                            out[i] = Float(Double(gammas[c]) * inverseStd[c] * centred)
                        }
                    }
                }
            }
            var result: [Tensor?] = [dx]
            if gamma != nil { result.append(Tensor(shape: [channels], scalars: sumGX.map(Float.init))) }
            if beta != nil { result.append(Tensor(shape: [channels], scalars: sumG.map(Float.init))) }
            return result
        }
        return (output, Tensor(shape: [channels], scalars: mean.map(Float.init)),
                Tensor(shape: [channels], scalars: variance.map(Float.init)))
    }
}
