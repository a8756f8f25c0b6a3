// Activation functions, by name (Keras's) and by value. y = f(x) elementwise, except softmax and
// log_softmax, which act on the last axis. The derivative column gives f′(x), written with
// y = f(x) where that is shorter; for the last two rows, which mix the elements of a row, it
// gives the Jacobian ∂yᵢ/∂xⱼ (δᵢⱼ is 1 when i = j, else 0).
//
//   name          f(x)                                  f′(x)  or  ∂yᵢ/∂xⱼ
//   ------------  ------------------------------------  ---------------------------------
//   linear        x                                     1
//   sigmoid       σ(x) = 1/(1 + e⁻ˣ)                    y(1 − y)
//   hard_sigmoid  relu6(x + 3)/6                        1/6 on −3 < x < 3, else 0
//   relu          max(x, 0)                             1 if x > 0, else 0
//   relu6         min(max(x, 0), 6)                     1 if 0 < x < 6, else 0
//   leaky_relu    x if x > 0 else αx   (α = 0.2)        1 if x > 0, else α
//   elu           x if x > 0 else α(eˣ − 1)  (α = 1)    1 if x > 0, else y + α
//   selu          λ·elu(x, α), λ = 1.0507…, α = 1.6733… λ if x ≥ 0, else λαeˣ
//   gelu          x·Φ(x) = ½x(1 + erf(x/√2))            Φ(x) + x·φ(x)
//   swish / silu  x·σ(x)                                σ(x)(1 + x(1 − σ(x)))
//   softplus      log(1 + eˣ) = max(x,0) + log(1 + e^−|x|)   σ(x)
//   softsign      x/(1 + |x|)                           1/(1 + |x|)²
//   tanh          tanh x                                1 − y²
//   softmax       yᵢ = e^xᵢ / Σₖ e^xₖ                   ∂yᵢ/∂xⱼ = yᵢ(δᵢⱼ − yⱼ)
//   log_softmax   yᵢ = xᵢ − log Σₖ e^xₖ                 ∂yᵢ/∂xⱼ = δᵢⱼ − softmax(x)ⱼ
//
// Backward passes multiply the incoming gradient g by the derivative: g ⊙ f′(x) for the
// elementwise rows, and the vector–Jacobian product Σᵢ gᵢ ∂yᵢ/∂xⱼ for the last two, which is
// yⱼ(gⱼ − Σᵢ gᵢyᵢ) for softmax and gⱼ − softmax(x)ⱼ Σᵢ gᵢ for log_softmax.
// Each elementwise function is one custom op with that backward beside its forward.

import Foundation

/// An activation function, by value (`.relu`, `.leakyRelu(alpha: 0.1)`) or by Keras's name
/// (`"relu"`, `"leaky_relu"`).
public enum ActivationFunction: Equatable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    case linear, sigmoid, hardSigmoid, relu, relu6
    case leakyRelu(alpha: Float)
    case elu(alpha: Float)
    case selu, gelu, swish, softplus, softsign, tanh, softmax, logSoftmax

    /// Leaky ReLU with Keras's default negative slope, 0.2.
    public static var leakyRelu: ActivationFunction { .leakyRelu(alpha: 0.2) }
    /// ELU with α = 1.
    public static var elu: ActivationFunction { .elu(alpha: 1) }
    /// Another name of swish.
    public static var silu: ActivationFunction { .swish }

    /// Every activation, with default parameters.
    public static let all: [ActivationFunction] = [.linear, .sigmoid, .hardSigmoid, .relu, .relu6, .leakyRelu,
        .elu, .selu, .gelu, .swish, .softplus, .softsign, .tanh, .softmax, .logSoftmax]

    /// The activation of a Keras name ("relu", "leaky_relu", "silu", ...; nil or "" is linear).
    public init(name: String?) throws {
        switch name ?? "linear" {
        case "linear", "", "None": self = .linear
        case "sigmoid": self = .sigmoid
        case "hard_sigmoid": self = .hardSigmoid
        case "relu": self = .relu
        case "relu6": self = .relu6
        case "leaky_relu": self = .leakyRelu
        case "elu": self = .elu
        case "selu": self = .selu
        case "gelu": self = .gelu
        case "swish", "silu": self = .swish
        case "softplus": self = .softplus
        case "softsign": self = .softsign
        case "tanh": self = .tanh
        case "softmax": self = .softmax
        case "log_softmax": self = .logSoftmax
        default:
            throw SynapseError.invalidArgument("unknown activation '\(name ?? "")'; known: "
                + ActivationFunction.all.map(\.name).joined(separator: ", "))
        }
    }

    /// A name written in code; an unknown name stops the program with the list of known ones.
    public init(stringLiteral value: String) {
        do { try self.init(name: value) } catch { fatalError("\(error)") }
    }

    /// Keras's name.
    public var name: String {
        switch self {
        case .linear: return "linear"
        case .sigmoid: return "sigmoid"
        case .hardSigmoid: return "hard_sigmoid"
        case .relu: return "relu"
        case .relu6: return "relu6"
        case .leakyRelu: return "leaky_relu"
        case .elu: return "elu"
        case .selu: return "selu"
        case .gelu: return "gelu"
        case .swish: return "swish"
        case .softplus: return "softplus"
        case .softsign: return "softsign"
        case .tanh: return "tanh"
        case .softmax: return "softmax"
        case .logSoftmax: return "log_softmax"
        }
    }

    public var description: String { name }

    /// The configuration: the name, or {"name", "alpha"} when α differs from the default.
    public var config: JSONValue {
        switch self {
        case let .leakyRelu(alpha) where alpha != 0.2: return ["name": "leaky_relu", "alpha": .number(Double(alpha))]
        case let .elu(alpha) where alpha != 1: return ["name": "elu", "alpha": .number(Double(alpha))]
        default: return .string(name)
        }
    }

    /// Reads `config` back.
    public init(config: JSONValue) throws {
        if let object = config.objectValue {
            let base = try ActivationFunction(name: object["name"]?.stringValue)
            // A missing alpha takes Keras's default for the function (0.2 for leaky_relu, 1 for elu).
            let alpha = object["alpha"]?.doubleValue.map(Float.init)
            switch base {
            case .leakyRelu: self = .leakyRelu(alpha: alpha ?? 0.2)
            case .elu: self = .elu(alpha: alpha ?? 1)
            default: self = base
            }
        } else if config == .null {
            self = .linear
        } else {
            try self.init(name: config.stringValue)
        }
    }

    /// The activation that `Tensor.dense` can fuse into its single pass, if any.
    var fused: FusedActivation? {
        switch self {
        case .linear: return .linear
        case .relu: return .relu
        case .sigmoid: return .sigmoid
        case .tanh: return .tanh
        default: return nil
        }
    }

    /// Applies the function.
    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .linear: return x
        case .sigmoid: return SynapseTensor.sigmoid(x)
        case .tanh: return SynapseTensor.tanh(x)
        case .relu: return SynapseTensor.relu(x)
        case .softmax: return SynapseTensor.softmax(x, alongAxis: -1)
        case .logSoftmax: return SynapseTensor.logSoftmax(x, alongAxis: -1)
        case .hardSigmoid:
            return elementwise(x, { Swift.min(Swift.max($0 + 3, 0), 6) / 6 }, { x, _ in x > -3 && x < 3 ? 1 / 6 : 0 })
        case .relu6:
            return elementwise(x, { Swift.min(Swift.max($0, 0), 6) }, { x, _ in x > 0 && x < 6 ? 1 : 0 })
        case let .leakyRelu(alpha):
            return elementwise(x, { $0 > 0 ? $0 : alpha * $0 }, { x, _ in x > 0 ? 1 : alpha })
        case let .elu(alpha):
            return elementwise(x, { $0 > 0 ? $0 : alpha * (Foundation.exp($0) - 1) }, { x, y in x > 0 ? 1 : y + alpha })
        case .selu:
            let (scale, alpha): (Float, Float) = (1.050_700_987_355_480_5, 1.673_263_242_354_377_3)
            return elementwise(x, { $0 > 0 ? scale * $0 : scale * alpha * (Foundation.exp($0) - 1) },
                               { x, y in x >= 0 ? scale : y + scale * alpha })   // TensorFlow's: λ at 0
        case .gelu:
            return elementwise(x, { 0.5 * $0 * (1 + Foundation.erf($0 / Float(2).squareRoot())) }, { x, _ in
                let cdf = 0.5 * (1 + Foundation.erf(x / Float(2).squareRoot()))
                return cdf + x * Foundation.exp(-0.5 * x * x) / (2 * Float.pi).squareRoot()
            })
        case .swish:
            return elementwise(x, { $0 * logistic($0) }, { x, _ in
                let s = logistic(x)
                return s * (1 + x * (1 - s))
            })
        case .softplus:
            return elementwise(x, { Swift.max($0, 0) + Foundation.log1p(Foundation.exp(-Swift.abs($0))) },
                               { x, _ in logistic(x) })
        case .softsign:
            return elementwise(x, { $0 / (1 + Swift.abs($0)) }, { x, _ in 1 / ((1 + Swift.abs(x)) * (1 + Swift.abs(x))) })
        }
    }
}

/// σ(x) without overflow at either end.
@inline(__always)
func logistic(_ x: Float) -> Float {
    if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
    let e = Foundation.exp(x)
    return e / (1 + e)
}

/// An elementwise custom op: y = f(x), ∂x = g · f′(x, y).
func elementwise(_ x: Tensor, _ f: (Float) -> Float, _ derivative: @escaping (Float, Float) -> Float) -> Tensor {
    let y = Tensor.uninitialized(shape: x.shape) { out in
        x.withUnsafeBufferPointer { xs in for i in 0..<xs.count { out[i] = f(xs[i]) } }
    }
    return Tensor.customOp(y, inputs: [x]) { g in
        [Tensor.uninitialized(shape: x.shape) { out in
            x.withUnsafeBufferPointer { xs in
                y.withUnsafeBufferPointer { ys in
                    g.withUnsafeBufferPointer { gs in
                        for i in 0..<xs.count { out[i] = gs[i] * derivative(xs[i], ys[i]) }
                    }
                }
            }
        }]
    }
}
