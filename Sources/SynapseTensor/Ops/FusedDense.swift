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
        require(x.rank == 2 && kernel.rank == 2 && x.shape[1] == kernel.shape[0],
                     "dense: input \(x.shape) does not fit kernel \(kernel.shape)")
        let (n, k, m) = (x.shape[0], x.shape[1], kernel.shape[1])
        if let bias { require(bias.shape == [m], "dense: bias \(bias.shape) does not fit kernel \(kernel.shape)") }
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
            addBiasAndActivate(out.baseAddress!, rows: n, cols: m, bias: bias, activation: activation)
        }
        y.storage.isReLUOutput = activation == .relu
        let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
        return record(y, inputs: inputs) { g in
            let dz = activation.gradient(g, output: y)
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

extension Tensor {
    /// y[r, :] = f(y[r, :] + b) in place for a [rows, cols] matrix: the pass that the fused ops
    /// (dense, convolution) run over their GEMM's output, rows split across threads when large.
    static func addBiasAndActivate(_ y: UnsafeMutablePointer<Float>, rows: Int, cols: Int, bias: Tensor?,
                                   activation: FusedActivation) {
        guard bias != nil || activation != .linear else { return }
        let b: UnsafePointer<Float>? = bias.map { UnsafePointer($0.base) }
        let grain = Swift.max(1, (activation == .linear || activation == .relu ? streamingGrain : transcendentalGrain) / Swift.max(cols, 1))
        Parallel.forEach(count: rows, grain: grain) { range in
            let block = y + range.lowerBound * cols, count = range.count * cols
            if let b { syn_add_row_vector(block, b, range.count, cols) }
            switch activation {
            case .linear: break
            case .relu: syn_relu(block, block, count)
            case .sigmoid: syn_sigmoid(block, block, count)
            case .tanh: syn_tanh(block, block, count)
            }
        }
        withExtendedLifetime(bias) {}
    }
}

extension FusedActivation {
    /// ∂z = g ⊙ f′, with f′ computed from the activation's output y. For ReLU, a g that its
    /// producer already masked for y (max pooling's backward pass) is ∂z as it is.
    func gradient(_ g: Tensor, output y: Tensor) -> Tensor {
        switch self {
        case .linear: return g
        case .relu:
            if g.storage.reluMaskedFor == ObjectIdentifier(y.storage) { return g }
            return g.apply(syn_relu_backward, y, grain: streamingGrain)
        case .sigmoid: return g.apply(syn_sigmoid_backward, y, grain: streamingGrain)
        case .tanh: return g.apply(syn_tanh_backward, y, grain: streamingGrain)
        }
    }
}
