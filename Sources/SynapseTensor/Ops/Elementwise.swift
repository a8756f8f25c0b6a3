// Elementwise functions and the seed's activation functions.
//
//   exp:        y = eˣ                        ∂x = g · y
//   log:        y = ln x                      ∂x = g / x
//   sqrt:       y = √x                        ∂x = g / (2y)
//   abs:        y = |x|                       ∂x = g · sign(x)
//   clip:       y = min(max(x, lo), hi)       ∂x = g where lo ≤ x ≤ hi, else 0
//   sigmoid:    y = 1 / (1 + e⁻ˣ)             ∂x = g · y (1 − y)
//   tanh:       y = (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)     ∂x = g · (1 − y²)
//   relu:       y = max(x, 0)                 ∂x = g where x > 0, else 0
//   leakyRelu:  y = x if x > 0 else αx        ∂x = g if x > 0 else αg
//
// Sigmoid is evaluated as e^x / (1 + e^x) for negative x so that neither branch overflows.
// exp, log, tanh, sigmoid and relu and the three activation derivatives run the vectorised C
// kernels (Kernels/VectorKernels.swift), within 2 ulp of the C library.

import CSynapseKernels
import Foundation

/// eˣ elementwise.
public func exp(_ x: Tensor) -> Tensor {
    let y = x.apply(syn_exp, grain: transcendentalGrain)
    return Tensor.record(y, inputs: [x]) { g in [g * y] }
}

/// The natural logarithm elementwise.
public func log(_ x: Tensor) -> Tensor {
    Tensor.record(x.apply(syn_log, grain: transcendentalGrain), inputs: [x]) { g in [g / x] }
}

/// The square root elementwise.
public func sqrt(_ x: Tensor) -> Tensor {
    let y = x.map { $0.squareRoot() }
    return Tensor.record(y, inputs: [x]) { g in [g / (y * 2)] }
}

/// The absolute value elementwise.
public func abs(_ x: Tensor) -> Tensor {
    Tensor.record(x.map { Swift.abs($0) }, inputs: [x]) { g in
        [g * x.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }]
    }
}

/// The sign of each element: −1, 0 or 1 (no gradient).
public func sign(_ x: Tensor) -> Tensor {
    x.detached().map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
}

/// Limits each element to [lower, upper].
public func clip(_ x: Tensor, min lower: Float, max upper: Float) -> Tensor {
    require(lower <= upper, "clip: min \(lower) is greater than max \(upper)")
    let y = x.map { Swift.min(Swift.max($0, lower), upper) }
    return Tensor.record(y, inputs: [x]) { g in
        [g * x.map { $0 >= lower && $0 <= upper ? 1 : 0 }]
    }
}

/// The logistic sigmoid, 1 / (1 + e⁻ˣ).
public func sigmoid(_ x: Tensor) -> Tensor {
    let y = x.apply(syn_sigmoid, grain: transcendentalGrain)
    return Tensor.record(y, inputs: [x]) { g in [g.apply(syn_sigmoid_backward, y, grain: streamingGrain)] }
}

@inline(__always)
func sigmoidScalar(_ x: Float) -> Float {
    if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
    let e = Foundation.exp(x)
    return e / (1 + e)
}

/// The hyperbolic tangent.
public func tanh(_ x: Tensor) -> Tensor {
    let y = x.apply(syn_tanh, grain: transcendentalGrain)
    return Tensor.record(y, inputs: [x]) { g in [g.apply(syn_tanh_backward, y, grain: streamingGrain)] }
}

/// The rectified linear unit, max(x, 0).
public func relu(_ x: Tensor) -> Tensor {
    let y = x.apply(syn_relu, grain: streamingGrain)
    return Tensor.record(y, inputs: [x]) { g in [g.apply(syn_relu_backward, x, grain: streamingGrain)] }
}

/// The leaky rectified linear unit: x for x > 0, αx otherwise (Keras's default α is 0.3 for the
/// layer, 0.2 for the activation function; PyTorch's is 0.01).
public func leakyRelu(_ x: Tensor, alpha: Float = 0.2) -> Tensor {
    let y = x.map { $0 > 0 ? $0 : alpha * $0 }
    return Tensor.record(y, inputs: [x]) { g in [g.zipMap(x) { g, x in x > 0 ? g : alpha * g }] }
}
