// The seed's activation-function graphs: each activation f and its derivative f′ on one axes.
//   sigmoid  σ(x) = 1 / (1 + e^(−x))          σ′ = σ(1 − σ)
//   tanh     tanh(x)                          tanh′ = 1 − tanh²
//   relu     max(0, x)                        relu′ = 1 if x > 0 else 0
//   leaky    x if x > 0 else αx  (α = 0.01 by default, Keras's LeakyReLU uses 0.3)   ′ = 1 or α
//   elu      x if x > 0 else α(eˣ − 1)        ′ = 1 or αeˣ
//   softplus ln(1 + eˣ)                       ′ = σ(x)
//   swish    x·σ(x)                           ′ = σ + xσ(1 − σ)
//   linear   x                                ′ = 1
// Computed in Double here: plotting needs no tensors.

import Foundation

/// An activation function and its derivative, for plotting.
public struct ActivationCurve: Sendable {
    public var name: String
    public var function: @Sendable (Double) -> Double
    public var derivative: @Sendable (Double) -> Double

    public init(name: String, function: @escaping @Sendable (Double) -> Double,
                derivative: @escaping @Sendable (Double) -> Double) {
        self.name = name
        self.function = function
        self.derivative = derivative
    }

    static func sigmoidValue(_ x: Double) -> Double { 1 / (1 + exp(-x)) }

    public static let sigmoid = ActivationCurve(name: "sigmoid", function: { sigmoidValue($0) }) {
        let s = sigmoidValue($0)
        return s * (1 - s)
    }
    public static let tanh = ActivationCurve(name: "tanh", function: { Foundation.tanh($0) }) {
        let t = Foundation.tanh($0)
        return 1 - t * t
    }
    public static let relu = ActivationCurve(name: "relu", function: { max(0, $0) }) { $0 > 0 ? 1 : 0 }
    public static func leakyRelu(alpha: Double = 0.2) -> ActivationCurve {
        ActivationCurve(name: "leaky relu (α = \(alpha))", function: { $0 > 0 ? $0 : alpha * $0 }) { $0 > 0 ? 1 : alpha }
    }
    public static func elu(alpha: Double = 1) -> ActivationCurve {
        ActivationCurve(name: "elu", function: { $0 > 0 ? $0 : alpha * (exp($0) - 1) }) { $0 > 0 ? 1 : alpha * exp($0) }
    }
    public static let softplus = ActivationCurve(name: "softplus", function: { log1p(exp($0)) }, derivative: { sigmoidValue($0) })
    public static let swish = ActivationCurve(name: "swish", function: { $0 * sigmoidValue($0) }) {
        let s = sigmoidValue($0)
        return s + $0 * s * (1 - s)
    }
    public static let linear = ActivationCurve(name: "linear", function: { $0 }) { _ in 1 }

    /// The seed's set: sigmoid, tanh, relu, leaky relu, elu, softplus, swish, linear.
    public static let standard: [ActivationCurve] = [.sigmoid, .tanh, .relu, .leakyRelu(alpha: 0.1), .elu(), .softplus, .swish, .linear]
}

extension Figure {
    /// One axes per activation, each with the function (solid) and its derivative (dashed),
    /// on x from −range to +range.
    public static func activationFunctions(_ functions: [ActivationCurve] = ActivationCurve.standard,
                                           range: Double = 5, columns: Int = 4, panelSize: Double = 280) -> Figure {
        let rows = max(1, (functions.count + columns - 1) / columns)
        let figure = Figure(width: Double(min(columns, functions.count)) * panelSize, height: Double(rows) * panelSize * 0.85)
        figure.title = "Activation functions and their derivatives"
        let axes = figure.subplots(rows: rows, columns: min(columns, functions.count))
        let xs = (0...400).map { -range + 2 * range * Double($0) / 400 }
        for (ax, activation) in zip(axes, functions) {
            ax.plot(x: xs, y: xs.map(activation.function), color: "C0", lineWidth: 2, label: "f(x)")
            ax.plot(x: xs, y: xs.map(activation.derivative), color: "C3", lineStyle: .dashed, label: "f′(x)")
            ax.title = activation.name
            ax.xLabel = "x"
        }
        for ax in axes.dropFirst(functions.count) { ax.axisOff() }
        return figure
    }
}
