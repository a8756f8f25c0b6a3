// + − × ÷ with broadcasting, negation, powers.
//
// Gradients (g = ∂L/∂y; each is summed back over the dimensions an operand was broadcast along):
//   y = a + b   ∂a = g          ∂b = g
//   y = a − b   ∂a = g          ∂b = −g
//   y = a · b   ∂a = g · b      ∂b = g · a
//   y = a / b   ∂a = g / b      ∂b = −g · a / b²
//   y = aᵖ      ∂a = g · p · aᵖ⁻¹
//   y = aᵇ      ∂a = g · b · aᵇ⁻¹   ∂b = g · aᵇ · ln a

import CSynapseKernels
import Foundation

extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let y: Tensor
        if a.shape == b.shape {
            y = a.apply(syn_add, b, grain: streamingGrain)
        } else if b.rank <= a.rank, let m = trailingBlock(b.shape, of: a.shape) {
            y = addingRowVector(a, b, width: m)   // a bias added to a batch
        } else if a.rank <= b.rank, let m = trailingBlock(a.shape, of: b.shape) {
            y = addingRowVector(b, a, width: m)
        } else {
            y = broadcastMap(a, b, operation: "+") { $0 + $1 }
        }
        return record(y, inputs: [a, b]) { g in
            [a.requiresGradient ? g.sumToShape(a.shape) : nil,
             b.requiresGradient ? g.sumToShape(b.shape) : nil]
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let y = a.shape == b.shape ? a.apply(syn_sub, b, grain: streamingGrain)
            : broadcastMap(a, b, operation: "-") { $0 - $1 }
        return record(y, inputs: [a, b]) { g in
            [a.requiresGradient ? g.sumToShape(a.shape) : nil,
             b.requiresGradient ? (-g).sumToShape(b.shape) : nil]
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let y = a.shape == b.shape ? a.apply(syn_mul, b, grain: streamingGrain)
            : broadcastMap(a, b, operation: "*") { $0 * $1 }
        return record(y, inputs: [a, b]) { g in
            [a.requiresGradient ? (g * b).sumToShape(a.shape) : nil,
             b.requiresGradient ? (g * a).sumToShape(b.shape) : nil]
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let y = a.shape == b.shape ? a.apply(syn_div, b, grain: streamingGrain)
            : broadcastMap(a, b, operation: "/") { $0 / $1 }
        return record(y, inputs: [a, b]) { g in
            [a.requiresGradient ? (g / b).sumToShape(a.shape) : nil,
             b.requiresGradient ? (-g * a / (b * b)).sumToShape(b.shape) : nil]
        }
    }

    /// matrix + row, with `row` repeated along every leading dimension of `matrix` (width m).
    private static func addingRowVector(_ matrix: Tensor, _ row: Tensor, width m: Int) -> Tensor {
        let (x, r) = (UnsafePointer(matrix.base), UnsafePointer(row.base))
        return Tensor.make(shape: matrix.shape) { out in
            let y = out.baseAddress!
            Parallel.forEach(count: matrix.count / m, grain: Swift.max(1, streamingGrain / m)) { rows in
                let offset = rows.lowerBound * m
                (y + offset).update(from: x + offset, count: rows.count * m)
                syn_add_row_vector(y + offset, r, rows.count, m)
            }
        }
    }

    public static prefix func - (a: Tensor) -> Tensor {
        let y = a.apply(syn_mul_scalar, -1, grain: streamingGrain)
        return record(y, inputs: [a]) { g in [-g] }
    }

    // Scalar operands: no broadcasting bookkeeping and no gradient for the scalar.

    public static func + (a: Tensor, s: Float) -> Tensor {
        return record(a.apply(syn_add_scalar, s, grain: streamingGrain), inputs: [a]) { g in [g] }
    }

    public static func + (s: Float, a: Tensor) -> Tensor { a + s }

    public static func - (a: Tensor, s: Float) -> Tensor { a + (-s) }

    public static func - (s: Float, a: Tensor) -> Tensor {
        return record(a.apply(syn_rsub_scalar, s, grain: streamingGrain), inputs: [a]) { g in [-g] }
    }

    public static func * (a: Tensor, s: Float) -> Tensor {
        return record(a.apply(syn_mul_scalar, s, grain: streamingGrain), inputs: [a]) { g in [g * s] }
    }

    public static func * (s: Float, a: Tensor) -> Tensor { a * s }

    public static func / (a: Tensor, s: Float) -> Tensor { a * (1 / s) }

    public static func / (s: Float, a: Tensor) -> Tensor {
        let y = a.apply(syn_rdiv_scalar, s, grain: streamingGrain)
        return record(y, inputs: [a]) { g in [-g * y / a] }
    }

    // Compound assignment. Inside `withoutGradients` a leaf stays the same leaf (so an optimizer
    // can update a weight in place and keep its gradient slot); otherwise the result is recorded
    // like any other operation.

    public static func += (a: inout Tensor, b: Tensor) { a.assignKeepingLeaf(a + b) }
    public static func -= (a: inout Tensor, b: Tensor) { a.assignKeepingLeaf(a - b) }
    public static func *= (a: inout Tensor, b: Tensor) { a.assignKeepingLeaf(a * b) }
    public static func /= (a: inout Tensor, b: Tensor) { a.assignKeepingLeaf(a / b) }
    public static func += (a: inout Tensor, s: Float) { a.assignKeepingLeaf(a + s) }
    public static func -= (a: inout Tensor, s: Float) { a.assignKeepingLeaf(a - s) }
    public static func *= (a: inout Tensor, s: Float) { a.assignKeepingLeaf(a * s) }
    public static func /= (a: inout Tensor, s: Float) { a.assignKeepingLeaf(a / s) }

    mutating func assignKeepingLeaf(_ value: Tensor) {
        let leaf = node.flatMap { $0.isLeaf ? $0 : nil }
        require(value.shape == shape || leaf == nil,
                     "In-place update of a weight of shape \(shape) with a value of shape \(value.shape)")
        self = value
        if let leaf, value.node == nil { node = leaf }
    }

    /// The elementwise square, x².
    public func squared() -> Tensor {
        let x = self
        return Tensor.record(apply(syn_mul, self, grain: streamingGrain), inputs: [x]) { g in [g * x * 2] }
    }
}

/// Raises each element to the power `p`.
public func pow(_ x: Tensor, _ p: Float) -> Tensor {
    let y = x.map { Foundation.pow($0, p) }
    return Tensor.record(y, inputs: [x]) { g in [g * p * x.map { Foundation.pow($0, p - 1) }] }
}

/// Raises each element of `x` to the power of the matching element of `p` (broadcast).
public func pow(_ x: Tensor, _ p: Tensor) -> Tensor {
    let y = Tensor.broadcastMap(x, p, operation: "pow") { Foundation.pow($0, $1) }
    return Tensor.record(y, inputs: [x, p]) { g in
        [x.requiresGradient ? (g * p * pow(x, p - 1)).sumToShape(x.shape) : nil,
         p.requiresGradient ? (g * y * log(x)).sumToShape(p.shape) : nil]
    }
}
