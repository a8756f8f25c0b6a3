// The fused dense op: y = f(x·W + b), one GEMM and one pass over the output, one tape node.
//
//   z = x·W + b      x [n, k], W [k, m], b [m]
//   y = f(z)         f ∈ {linear, relu, sigmoid, tanh}, whose derivative is a function of y:
//                    linear 1, relu [y > 0], sigmoid y(1 − y), tanh 1 − y²
//   ∂z = g ⊙ f′      ∂x = ∂z·Wᵀ     ∂W = xᵀ·∂z     ∂b = Σ_rows ∂z
//
// Both matrix products of the backward pass run through BLAS with the transposes fused.

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
            do {
                for i in 0..<n {
                    let row = out.baseAddress! + i * m
                    if let b { for j in 0..<m { row[j] += b[j] } }
                    switch activation {
                    case .linear: break
                    case .relu: for j in 0..<m where row[j] < 0 { row[j] = 0 }
                    case .sigmoid: for j in 0..<m { row[j] = sigmoidScalar(row[j]) }
                    case .tanh: for j in 0..<m { row[j] = Foundation.tanh(row[j]) }
                    }
                }
            }
        }
        let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
        return record(y, inputs: inputs) { g in
            let dz: Tensor
            switch activation {
            case .linear: dz = g
            case .relu: dz = g.zipMap(y) { g, y in y > 0 ? g : 0 }
            case .sigmoid: dz = g.zipMap(y) { g, y in g * y * (1 - y) }
            case .tanh: dz = g.zipMap(y) { g, y in g * (1 - y * y) }
            }
            let dx = x.requiresGradient ? matmul(dz, kernel, transposeA: false, transposeB: true) : nil
            let dw = kernel.requiresGradient ? matmul(x, dz, transposeA: true, transposeB: false) : nil
            var result: [Tensor?] = [dx, dw]
            if let bias {
                result.append(bias.requiresGradient ? columnSums(dz) : nil)
            }
            return result
        }
    }

    /// Σ over the rows of an [n, m] matrix: [m].
    private static func columnSums(_ a: Tensor) -> Tensor {
        let (n, m) = (a.shape[0], a.shape[1])
        return Tensor.make(shape: [m]) { out in
            out.initialize(repeating: 0)
            a.withUnsafeBufferPointer { ap in
                for i in 0..<n {
                    let row = ap.baseAddress! + i * m
                    for j in 0..<m { out[j] += row[j] }
                }
            }
        }
    }
}
