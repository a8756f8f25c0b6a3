// Comparisons, selection and elementwise extremes.
//
// Comparisons return masks of 0 and 1 (no gradient: they are flat almost everywhere).
//   where(c, a, b):   y = a where c ≠ 0, else b     ∂a = g · [c ≠ 0]   ∂b = g · [c = 0]
//   maximum(a, b):    y = a where a ≥ b, else b     the gradient goes to the chosen operand
//   minimum(a, b):    y = a where a ≤ b, else b     (to `a` on ties, as in PyTorch's fmax)

extension Tensor {
    public static func .> (a: Tensor, b: Tensor) -> Tensor { mask(a, b, ">") { $0 > $1 } }
    public static func .< (a: Tensor, b: Tensor) -> Tensor { mask(a, b, "<") { $0 < $1 } }
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { mask(a, b, ">=") { $0 >= $1 } }
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { mask(a, b, "<=") { $0 <= $1 } }
    public static func .== (a: Tensor, b: Tensor) -> Tensor { mask(a, b, "==") { $0 == $1 } }
    public static func .!= (a: Tensor, b: Tensor) -> Tensor { mask(a, b, "!=") { $0 != $1 } }

    public static func .> (a: Tensor, s: Float) -> Tensor { a.detached().map { $0 > s ? 1 : 0 } }
    public static func .< (a: Tensor, s: Float) -> Tensor { a.detached().map { $0 < s ? 1 : 0 } }
    public static func .>= (a: Tensor, s: Float) -> Tensor { a.detached().map { $0 >= s ? 1 : 0 } }
    public static func .<= (a: Tensor, s: Float) -> Tensor { a.detached().map { $0 <= s ? 1 : 0 } }
    public static func .== (a: Tensor, s: Float) -> Tensor { a.detached().map { $0 == s ? 1 : 0 } }
    public static func .!= (a: Tensor, s: Float) -> Tensor { a.detached().map { $0 != s ? 1 : 0 } }

    private static func mask(_ a: Tensor, _ b: Tensor, _ name: String,
                             _ test: (Float, Float) -> Bool) -> Tensor {
        broadcastMap(a.detached(), b.detached(), operation: name) { test($0, $1) ? 1 : 0 }
    }

    /// Elements of `a` where `condition` is non-zero and of `b` elsewhere; the three broadcast.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let shape = broadcastShape(broadcastShape(condition.shape, a.shape, operation: "where"),
                                   b.shape, operation: "where")
        let chooseA = condition.detached().broadcast(to: shape) .!= 0
        let (av, bv) = (a.detached().broadcast(to: shape), b.detached().broadcast(to: shape))
        let values = Tensor.make(shape: shape) { out in
            for i in 0..<out.count { out[i] = chooseA[flat: i] != 0 ? av[flat: i] : bv[flat: i] }
        }
        return record(values, inputs: [a, b]) { g in
            [a.requiresGradient ? (g * chooseA).sumToShape(a.shape) : nil,
             b.requiresGradient ? (g * (1 - chooseA)).sumToShape(b.shape) : nil]
        }
    }
}

/// The larger of each pair of broadcast elements.
public func maximum(_ a: Tensor, _ b: Tensor) -> Tensor {
    let y = Tensor.broadcastMap(a, b, operation: "maximum") { Swift.max($0, $1) }
    let takeA = a.detached() .>= b.detached()
    return Tensor.record(y, inputs: [a, b]) { g in
        [a.requiresGradient ? (g * takeA).sumToShape(a.shape) : nil,
         b.requiresGradient ? (g * (1 - takeA)).sumToShape(b.shape) : nil]
    }
}

/// The smaller of each pair of broadcast elements.
public func minimum(_ a: Tensor, _ b: Tensor) -> Tensor {
    let y = Tensor.broadcastMap(a, b, operation: "minimum") { Swift.min($0, $1) }
    let takeA = a.detached() .<= b.detached()
    return Tensor.record(y, inputs: [a, b]) { g in
        [a.requiresGradient ? (g * takeA).sumToShape(a.shape) : nil,
         b.requiresGradient ? (g * (1 - takeA)).sumToShape(b.shape) : nil]
    }
}
