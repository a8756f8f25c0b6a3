// The fused dense op: y = f(x·W + b), one GEMM and one pass over the output, one tape node.
//
//   z = x·W + b      x [n, k], W [k, m], b [m]
//   y = f(z)         f ∈ {linear, relu, sigmoid, tanh}, whose derivative is a function of y:
//                    linear 1, relu [y > 0], sigmoid y(1 − y), tanh 1 − y²
//   ∂z = g ⊙ f′      ∂x = ∂z·Wᵀ     ∂W = xᵀ·∂z     ∂b = Σ_rows ∂z
//
// Both matrix products of the backward pass run through BLAS with the transposes fused.

import CSynapseKernels
import Foundation

/// The activations that `Tensor.dense` fuses into its single pass (their derivatives are
/// functions of the output, so the backward pass needs nothing else).
public enum FusedActivation: String, Sendable {
    case linear, relu, sigmoid, tanh
}

extension Tensor {
    /// f(x·W + b) as one operation with a hand-written backward pass. `x` is [n, k], `kernel`
    /// [k, m], `bias` [m] or nil. Wrong shapes trap (callers such as `Dense` check them first).
    public static func dense(_ x: Tensor, kernel: Tensor, bias: Tensor?,
                             activation: FusedActivation = .linear) -> Tensor {
        precondition(x.rank == 2 && kernel.rank == 2 && x.shape[1] == kernel.shape[0],
                     "dense: input \(x.shape) does not fit kernel \(kernel.shape)")
        let (n, k, m) = (x.shape[0], x.shape[1], kernel.shape[1])
        if let bias { precondition(bias.shape == [m], "dense: bias \(bias.shape) does not fit kernel \(kernel.shape)") }
        let y = Tensor.make(shape: [n, m]) { out in
            x.withUnsafeBufferPointer { xp in
                kernel.withUnsafeBufferPointer { wp in
                    if n * k > 0 {
                        BLAS.gemm(transposeA: false, transposeB: false, m: n, n: m, k: k,
                                  a: xp.baseAddress!, lda: k, b: wp.baseAddress!, ldb: m,
                                  c: out.baseAddress!, ldc: m)
                    } else {
                        out.initialize(repeating: 0)
                    }
                }
            }
            let b: UnsafePointer<Float>? = bias.map { UnsafePointer($0.base) }
            let y = out.baseAddress!
            // Bias and activation in place, rows split across threads when the output is large.
            let grain = Swift.max(1, (activation == .linear || activation == .relu ? streamingGrain : transcendentalGrain) / Swift.max(m, 1))
            Parallel.forEach(count: n, grain: grain) { rows in
                let block = y + rows.lowerBound * m, count = rows.count * m
                if let b { for i in 0..<rows.count { syn_add(block + i * m, b, block + i * m, m) } }
                switch activation {
                case .linear: break
                case .relu: syn_relu(block, block, count)
                case .sigmoid: syn_sigmoid(block, block, count)
                case .tanh: syn_tanh(block, block, count)
                }
            }
        }
        let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
        return record(y, inputs: inputs) { g in
            let dz: Tensor
            switch activation {
            case .linear: dz = g
            case .relu: dz = g.apply(syn_relu_backward, y, grain: streamingGrain)
            case .sigmoid: dz = g.apply(syn_sigmoid_backward, y, grain: streamingGrain)
            case .tanh: dz = g.apply(syn_tanh_backward, y, grain: streamingGrain)
            }
            let dx = x.requiresGradient ? matmul(dz, kernel, transposeA: false, transposeB: true) : nil
            let dw = kernel.requiresGradient ? matmul(x, dz, transposeA: true, transposeB: false) : nil
            var result: [Tensor?] = [dx, dw]
            if let bias {
                result.append(bias.requiresGradient ? Tensor(shape: [m], storage: dz.columnSums(rows: n, cols: m)) : nil)
            }
            return result
        }
    }
}
