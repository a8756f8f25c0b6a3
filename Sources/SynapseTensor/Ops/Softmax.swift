// Softmax and log-softmax along one axis, fused and numerically stable.
//
//   softmax:     yᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m),  m = maxⱼ xⱼ   (subtracting m changes nothing
//                                                                 mathematically, and keeps e^· ≤ 1)
//                ∂xᵢ = yᵢ (gᵢ − Σⱼ gⱼ yⱼ)
//   logSoftmax:  yᵢ = xᵢ − m − ln Σⱼ e^(xⱼ − m)
//                ∂xᵢ = gᵢ − softmax(x)ᵢ Σⱼ gⱼ
//
// The kernels work on the last axis; another axis is moved last and back.

import CSynapseKernels
import Foundation

/// The softmax along `axis` (the last by default): non-negative values summing to 1.
public func softmax(_ x: Tensor, alongAxis axis: Int = -1) -> Tensor {
    alongLastAxis(x, axis) { x in
        let y = softmaxRows(x, log: false)
        return Tensor.record(y, inputs: [x]) { g in
            let gy = (g * y).sum(alongAxes: [-1], keepingDims: true)
            return [y * (g - gy)]
        }
    }
}

/// The logarithm of the softmax along `axis`, computed without forming the softmax itself.
public func logSoftmax(_ x: Tensor, alongAxis axis: Int = -1) -> Tensor {
    alongLastAxis(x, axis) { x in
        let y = softmaxRows(x, log: true)
        return Tensor.record(y, inputs: [x]) { g in
            [g - exp(y) * g.sum(alongAxes: [-1], keepingDims: true)]
        }
    }
}

/// Applies `body` with `axis` moved to the end, then moves it back.
private func alongLastAxis(_ x: Tensor, _ axis: Int, _ body: (Tensor) -> Tensor) -> Tensor {
    require(x.rank >= 1, "softmax needs a tensor of rank at least 1")
    let a = x.normalizedAxis(axis)
    if a == x.rank - 1 { return body(x) }
    var order = Array(0..<x.rank)
    order.remove(at: a)
    order.append(a)
    var inverse = [Int](repeating: 0, count: x.rank)
    for (i, axis) in order.enumerated() { inverse[axis] = i }
    return body(x.permuted(order)).permuted(inverse)
}

/// Softmax (or log-softmax) of each row of the last axis.
private func softmaxRows(_ x: Tensor, log: Bool) -> Tensor {
    let n = x.shape.last!
    let rows = n == 0 ? 0 : x.count / n
    if !log {
        // The vectorised kernel, rows split across threads.
        let xp = UnsafePointer(x.base)
        return Tensor.make(shape: x.shape) { yp in
            let yp = yp.baseAddress!
            Parallel.forEach(count: rows, grain: Swift.max(1, transcendentalGrain / Swift.max(n, 1))) { r in
                syn_softmax_rows(xp + r.lowerBound * n, yp + r.lowerBound * n, r.count, n)
            }
        }
    }
    return x.withUnsafeBufferPointer { xp in
        Tensor.make(shape: x.shape) { yp in
            for r in 0..<rows {
                let row = r * n
                var m = -Float.infinity
                for j in 0..<n { m = max(m, xp[row + j]) }
                var total: Float = 0
                for j in 0..<n {
                    let e = Foundation.exp(xp[row + j] - m)
                    yp[row + j] = e
                    total += e
                }
                if log {
                    let logTotal = Foundation.log(total)
                    for j in 0..<n { yp[row + j] = xp[row + j] - m - logTotal }
                } else {
                    let scale = 1 / total
                    for j in 0..<n { yp[row + j] *= scale }
                }
            }
        }
    }
}
