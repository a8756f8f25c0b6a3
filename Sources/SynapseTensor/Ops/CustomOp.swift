// Custom differentiable operations and in-place access, for layers, losses and optimizers
// written outside SynapseTensor.
//
// A custom op computes its result y = f(x₁, …, xₙ) by any means (plain loops over the elements,
// BLAS) and hands Synapse its pullback, the map g = ∂L/∂y ↦ (∂L/∂x₁, …, ∂L/∂xₙ). One recorded
// node per op is what makes fused ops (dense + bias + activation, softmax + cross-entropy)
// fast: the tape holds one closure where a composition would hold five.

extension Tensor {
    /// Records a custom differentiable operation: `result` was computed from `inputs`, and
    /// `pullback` maps ∂L/∂result to ∂L/∂input for each input, in order (nil where an input
    /// needs no gradient; check `input.requiresGradient`). Returns `result`, tracked by the
    /// autodiff when an input requires gradients and gradients are enabled.
    ///
    /// ```swift
    /// func cube(_ x: Tensor) -> Tensor {
    ///     let y = Tensor(shape: x.shape, scalars: x.scalars.map { $0 * $0 * $0 })
    ///     return Tensor.customOp(y, inputs: [x]) { g in [g * 3 * x.squared()] }
    /// }
    /// ```
    /// Check every custom op with `gradientCheck(at:_:)`.
    public static func customOp(_ result: Tensor, inputs: [Tensor],
                                pullback: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        record(result.detached(), inputs: inputs, pullback: pullback)
    }

    /// Builds a tensor whose elements `body` writes into uninitialised storage; `body` must
    /// write all of them.
    public static func uninitialized(shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        make(shape: shape, body)
    }
}
