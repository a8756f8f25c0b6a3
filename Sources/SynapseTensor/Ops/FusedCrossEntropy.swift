// Cross-entropies fused with the sigmoid / softmax that produces the probabilities, computed
// from the logits z (one pass forward, one backward, one tape node; no log of a rounded zero).
// Rows are all leading dimensions (n of them); the last axis holds d outputs or c classes;
// w is an optional weight per row (Keras's sample / class weights); the result is the mean
// over rows, Σᵢ wᵢ lᵢ / n (Keras's "sum over batch size" reduction).
//
//   sigmoid:  lᵢ = (1/d) Σⱼ max(zᵢⱼ, 0) − zᵢⱼ yᵢⱼ + log(1 + e^−|zᵢⱼ|)
//             ∂zᵢⱼ = g wᵢ (σ(zᵢⱼ) − yᵢⱼ) / (n d)
//   softmax:  lᵢ = Σⱼ yᵢⱼ (lseᵢ − zᵢⱼ),  lseᵢ = log Σⱼ e^zᵢⱼ
//             ∂zᵢⱼ = g wᵢ (softmaxᵢⱼ Σₖ yᵢₖ − yᵢⱼ) / n
//   sparse:   lᵢ = lseᵢ − zᵢ,ₜᵢ   (tᵢ the class index)
//             ∂zᵢⱼ = g wᵢ (softmaxᵢⱼ − [j = tᵢ]) / n

import Foundation

extension Tensor {
    /// Binary cross-entropy of sigmoid(logits) against `labels` (same shape), mean over rows.
    public static func sigmoidCrossEntropy(logits: Tensor, labels: Tensor, rowWeights: Tensor? = nil) -> Tensor {
        require(logits.shape == labels.shape,
                     "sigmoidCrossEntropy: logits \(logits.shape) and labels \(labels.shape) differ")
        let d = logits.rank == 0 ? 1 : logits.shape[logits.rank - 1]
        let n = d == 0 ? 0 : logits.count / d
        let w = rowWeights?.scalars
        if let w { require(w.count == n, "sigmoidCrossEntropy: \(w.count) row weights for \(n) rows") }
        var total = 0.0
        logits.withUnsafeBufferPointer { z in
            labels.withUnsafeBufferPointer { y in
                for i in 0..<n {
                    var row = 0.0
                    for j in (i * d)..<(i * d + d) {
                        let zj = z[j]
                        row += Double(Swift.max(zj, 0) - zj * y[j] + Foundation.log1p(Foundation.exp(-Swift.abs(zj))))
                    }
                    total += row * Double(w?[i] ?? 1)
                }
            }
        }
        let loss = Tensor(Float(total / Double(Swift.max(n, 1) * d)))
        let scale = 1 / Float(Swift.max(n, 1) * d)
        return record(loss, inputs: [logits]) { g in
            let gs = g[flat: 0] * scale
            let dz = Tensor.make(shape: logits.shape) { out in
                logits.withUnsafeBufferPointer { z in
                    labels.withUnsafeBufferPointer { y in
                        for i in 0..<n {
                            let wi = gs * (w?[i] ?? 1)
                            for j in (i * d)..<(i * d + d) { out[j] = wi * (sigmoidScalar(z[j]) - y[j]) }
                        }
                    }
                }
            }
            return [dz]
        }
    }

    /// Categorical cross-entropy of softmax(logits) against `labels` (one-hot or probabilities,
    /// same shape), mean over rows.
    public static func softmaxCrossEntropy(logits: Tensor, labels: Tensor, rowWeights: Tensor? = nil) -> Tensor {
        require(logits.shape == labels.shape && logits.rank >= 1,
                     "softmaxCrossEntropy: logits \(logits.shape) and labels \(labels.shape) differ")
        return softmaxCrossEntropy(logits: logits, rowWeights: rowWeights) { i, c, row in
            labels.withUnsafeBufferPointer { y in
                for j in 0..<c { row[j] = y[i * c + j] }
            }
        }
    }

    /// Sparse categorical cross-entropy: `classes` holds one class index per row of `logits`
    /// (shape = logits' shape without its last axis, or with a last axis of 1).
    public static func sparseSoftmaxCrossEntropy(logits: Tensor, classes: Tensor, rowWeights: Tensor? = nil) -> Tensor {
        let c = logits.rank == 0 ? 1 : logits.shape[logits.rank - 1]
        require(logits.rank >= 1 && classes.count * c == logits.count,
                     "sparseSoftmaxCrossEntropy: \(classes.count) class indices for logits of shape \(logits.shape)")
        return softmaxCrossEntropy(logits: logits, rowWeights: rowWeights) { i, c, row in
            let t = Int(classes[flat: i])
            require(t >= 0 && t < c, "sparseSoftmaxCrossEntropy: class index \(t) is outside 0..<\(c)")
            for j in 0..<c { row[j] = j == t ? 1 : 0 }
        }
    }

    /// The shared kernel: `target(i, c, row)` writes row i's target distribution into `row`.
    private static func softmaxCrossEntropy(logits: Tensor, rowWeights: Tensor?,
                                            target: (Int, Int, UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let c = logits.shape[logits.rank - 1]
        let n = c == 0 ? 0 : logits.count / c
        let w = rowWeights?.scalars
        if let w { require(w.count == n, "softmaxCrossEntropy: \(w.count) row weights for \(n) rows") }
        // Keep ∂z/(g) = w (softmax·Σy − y) / n for the backward pass while the loss is summed.
        var total = 0.0
        let gradient = Tensor.make(shape: logits.shape) { out in
            logits.withUnsafeBufferPointer { z in
                let scratch = PooledBuffer(count: c)
                let rowTarget = scratch.buffer
                defer { withExtendedLifetime(scratch) {} }
                for i in 0..<n {
                    target(i, c, rowTarget)
                    let zi = z.baseAddress! + i * c
                    var m = -Float.infinity
                    for j in 0..<c { m = Swift.max(m, zi[j]) }
                    var s: Float = 0
                    for j in 0..<c { s += Foundation.exp(zi[j] - m) }
                    let lse = m + Foundation.log(s)
                    var ySum: Float = 0, row: Float = 0
                    for j in 0..<c {
                        ySum += rowTarget[j]
                        row += rowTarget[j] * (lse - zi[j])
                    }
                    let wi = w?[i] ?? 1
                    total += Double(row * wi)
                    let scale = wi / Float(n)
                    for j in 0..<c {
                        out[i * c + j] = scale * (Foundation.exp(zi[j] - lse) * ySum - rowTarget[j])
                    }
                }
            }
        }
        let loss = Tensor(Float(total / Double(Swift.max(n, 1))))
        return record(loss, inputs: [logits]) { g in [gradient * g[flat: 0]] }
    }
}
