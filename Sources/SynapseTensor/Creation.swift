// Making tensors: constants, ranges, identity, random draws and Keras's weight initialisers.
//
// The initialisers scale their draws by the kernel's fans (Keras's compute_fans): for a kernel
// [in, out], fanIn = in and fanOut = out; for a convolution kernel [kh, kw, in, out] each is
// multiplied by the receptive field kh·kw.
//   glorotUniform: U(−l, l), l = √(6 / (fanIn + fanOut))
//   glorotNormal:  truncated N(0, σ), σ = √(2 / (fanIn + fanOut)) / 0.8796
//   heUniform:     U(−l, l), l = √(6 / fanIn)
//   heNormal:      truncated N(0, σ), σ = √(2 / fanIn) / 0.8796
//   lecunUniform:  U(−l, l), l = √(3 / fanIn)
//   lecunNormal:   truncated N(0, σ), σ = √(1 / fanIn) / 0.8796
//   orthogonal:    Q of the QR factorisation of a normal matrix, signs fixed by diag(R)
// A truncated normal redraws values more than two standard deviations out; 0.8796 is the
// standard deviation of a unit normal so truncated, which the division undoes.

import Foundation

extension Tensor {
    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 1) }

    /// A tensor filled with `value`.
    public static func full(_ shape: [Int], _ value: Float) -> Tensor { Tensor(shape: shape, repeating: value) }

    /// Values from `start` up to but excluding `end`, `step` apart (NumPy's arange).
    public static func arange(_ start: Float = 0, _ end: Float, step: Float = 1) -> Tensor {
        require(step != 0, "arange: step must not be zero")
        let count = Swift.max(0, Int((Double(end - start) / Double(step)).rounded(.up)))
        return Tensor((0..<count).map { start + Float($0) * step })
    }

    /// `count` evenly spaced values from `start` to `end`, both included (NumPy's linspace).
    public static func linspace(_ start: Float, _ end: Float, count: Int) -> Tensor {
        require(count >= 0, "linspace: count must not be negative")
        if count == 1 { return Tensor([start]) }
        let step = (Double(end) - Double(start)) / Double(count - 1)
        return Tensor((0..<count).map { $0 == count - 1 ? end : Float(Double(start) + Double($0) * step) })
    }

    /// The n × n identity matrix.
    public static func eye(_ n: Int) -> Tensor {
        make(shape: [n, n]) { y in
            for i in 0..<(n * n) { y[i] = i / n == i % n ? 1 : 0 }
        }
    }

    /// Uniform draws from [lower, upper).
    public static func randomUniform(_ shape: [Int], lower: Float = 0, upper: Float = 1,
                                     using generator: inout SeededGenerator) -> Tensor {
        make(shape: shape) { y in
            for i in 0..<y.count { y[i] = lower + (upper - lower) * generator.nextUniform() }
        }
    }

    /// Normal draws with the given mean and standard deviation.
    public static func randomNormal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                                    using generator: inout SeededGenerator) -> Tensor {
        make(shape: shape) { y in
            for i in 0..<y.count { y[i] = mean + standardDeviation * generator.nextNormal() }
        }
    }

    /// Normal draws redrawn when more than two standard deviations from the mean.
    public static func truncatedNormal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                                       using generator: inout SeededGenerator) -> Tensor {
        make(shape: shape) { y in
            for i in 0..<y.count {
                var z: Float
                repeat { z = generator.nextNormal() } while Swift.abs(z) > 2
                y[i] = mean + standardDeviation * z
            }
        }
    }

    /// Uniform draws; from a generator seeded with `seed`, or the global generator when nil.
    public static func randomUniform(_ shape: [Int], lower: Float = 0, upper: Float = 1, seed: UInt64? = nil) -> Tensor {
        withGenerator(seed) { randomUniform(shape, lower: lower, upper: upper, using: &$0) }
    }

    /// Normal draws; from a generator seeded with `seed`, or the global generator when nil.
    public static func randomNormal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                                    seed: UInt64? = nil) -> Tensor {
        withGenerator(seed) { randomNormal(shape, mean: mean, standardDeviation: standardDeviation, using: &$0) }
    }

    static func withGenerator(_ seed: UInt64?, _ body: (inout SeededGenerator) -> Tensor) -> Tensor {
        if let seed {
            var generator = SeededGenerator(seed: seed)
            return body(&generator)
        }
        return Random.withGlobalGenerator(body)
    }
}

/// Keras's weight initialisers, by name and by value.
public enum Initializer: String, Codable, Sendable, CaseIterable {
    case zeros, ones
    case glorotUniform = "glorot_uniform", glorotNormal = "glorot_normal"
    case heUniform = "he_uniform", heNormal = "he_normal"
    case lecunUniform = "lecun_uniform", lecunNormal = "lecun_normal"
    case orthogonal
    /// Keras's "uniform": RandomUniform(−0.05, 0.05), Embedding's default.
    case uniform

    /// (fanIn, fanOut) of a kernel shape, as Keras computes them.
    public static func fans(_ shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (shape[0], shape[0])
        case 2: return (shape[0], shape[1])
        default:
            let receptiveField = shape.dropLast(2).reduce(1, *)
            return (shape[shape.count - 2] * receptiveField, shape[shape.count - 1] * receptiveField)
        }
    }

    /// A tensor of `shape` initialised this way from `generator`.
    public func make(_ shape: [Int], using generator: inout SeededGenerator) -> Tensor {
        let (fanIn, fanOut) = Initializer.fans(shape)
        let truncation: Float = 0.879_625_661_034_239_78
        func uniform(_ limit: Float) -> Tensor {
            Tensor.randomUniform(shape, lower: -limit, upper: limit, using: &generator)
        }
        func normal(_ deviation: Float) -> Tensor {
            Tensor.truncatedNormal(shape, standardDeviation: deviation / truncation, using: &generator)
        }
        switch self {
        case .zeros: return .zeros(shape)
        case .ones: return .ones(shape)
        case .glorotUniform: return uniform((6 / Float(fanIn + fanOut)).squareRoot())
        case .glorotNormal: return normal((2 / Float(fanIn + fanOut)).squareRoot())
        case .heUniform: return uniform((6 / Float(fanIn)).squareRoot())
        case .heNormal: return normal((2 / Float(fanIn)).squareRoot())
        case .lecunUniform: return uniform((3 / Float(fanIn)).squareRoot())
        case .lecunNormal: return normal((1 / Float(fanIn)).squareRoot())
        case .orthogonal: return Initializer.orthogonal(shape, using: &generator)
        case .uniform: return uniform(0.05)
        }
    }

    /// A tensor of `shape` initialised this way; from `seed`, or the global generator when nil.
    public func make(_ shape: [Int], seed: UInt64? = nil) -> Tensor {
        Tensor.withGenerator(seed) { make(shape, using: &$0) }
    }

    /// An orthogonal matrix (rows × columns = product of leading dims × last dim): Keras's
    /// recipe, with the QR factorisation done by modified Gram–Schmidt in Double, whose R has a
    /// positive diagonal already (so no sign correction is needed).
    private static func orthogonal(_ shape: [Int], using generator: inout SeededGenerator) -> Tensor {
        require(shape.count >= 2, "The orthogonal initialiser needs a shape of rank 2 or more; got \(shape)")
        let columns = shape.last!, rows = shape.dropLast().reduce(1, *)
        // Orthonormalise the columns of a tall matrix: m × n with m ≥ n.
        let (m, n) = (Swift.max(rows, columns), Swift.min(rows, columns))
        let draws = Tensor.randomNormal([m, n], using: &generator).scalars
        var q = (0..<n).map { j in (0..<m).map { i in Double(draws[i * n + j]) } }
        for j in 0..<n {
            for p in 0..<j {
                let dot = zip(q[p], q[j]).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<m { q[j][i] -= dot * q[p][i] }
            }
            let norm = q[j].reduce(0) { $0 + $1 * $1 }.squareRoot()
            for i in 0..<m { q[j][i] /= norm }
        }
        // q[j] is column j of Q (m × n); the result is Q, or Qᵀ when the shape is wide.
        let scalars = (0..<(rows * columns)).map { flat -> Float in
            let (r, c) = (flat / columns, flat % columns)
            return Float(rows >= columns ? q[c][r] : q[r][c])
        }
        return Tensor(shape: shape, scalars: scalars)
    }
}
