// Tensor: an n-dimensional array of 32-bit floats, row-major and contiguous.
//
// A value type: copying a Tensor shares its buffer until one copy is written to (copy-on-write,
// through Swift's own `[Float]`). A tensor that requires gradients also carries a node of the
// autodiff graph (see Autodiff/Tape.swift); operations on it record how to send gradients back.
//
// Element (i0, i1, ..., ik) of a tensor of shape (d0, d1, ..., dk) lives at the flat index
// i0·s0 + i1·s1 + ... + ik·sk, with the row-major strides sj = d(j+1) · ... · dk.

/// An n-dimensional array of `Float`, with NumPy's broadcasting and reverse-mode automatic
/// differentiation.
///
/// ```swift
/// let x: Tensor = [[1, 2], [3, 4]]
/// var w = Tensor.randomNormal([2, 1], seed: 0)
/// w.requiresGradient = true
/// let loss = (x.matmul(w) - 1).squared().mean()
/// loss.backward()
/// print(w.gradient!)
/// ```
public struct Tensor {
    /// The size of each dimension; `[]` for a scalar.
    public internal(set) var shape: [Int]
    /// The elements in row-major order.
    public internal(set) var scalars: [Float]
    /// The autodiff node: nil for tensors that do not take part in differentiation.
    var node: TapeNode?

    /// Creates a tensor of the given shape from its elements in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative dimension")
        let count = shape.reduce(1, *)
        if scalars.count != count {
            fatalError("Tensor(shape:scalars:) got \(scalars.count) scalars for shape \(shape), which holds \(count)")
        }
        self.shape = shape
        self.scalars = scalars
        self.node = nil
    }

    /// Creates a tensor of the given shape from any floating-point or integer elements.
    public init<S: Sequence>(shape: [Int], _ elements: S) where S.Element: BinaryFloatingPoint {
        self.init(shape: shape, scalars: elements.map { Float($0) })
    }

    /// Creates a one-dimensional tensor from a collection of numbers.
    public init<C: Collection>(_ values: C) where C.Element: BinaryFloatingPoint {
        self.init(shape: [values.count], scalars: values.map { Float($0) })
    }

    /// Creates a scalar (rank-0) tensor.
    public init<S: BinaryFloatingPoint>(_ value: S) {
        self.init(shape: [], scalars: [Float(value)])
    }

    /// A tensor written as a (nested) literal: `Tensor([[1, 2], [3, 4]])` has shape [2, 2].
    public init(_ literal: Tensor) {
        self = literal
    }

    /// Creates a tensor of the given shape filled with one value.
    public init(shape: [Int], repeating value: Float) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// Builds a tensor whose elements are written by `body` into uninitialised storage; `body`
    /// must write every one of the `count` elements.
    static func make(shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let count = shape.reduce(1, *)
        let scalars = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            body(buffer)
            initialized = count
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// The number of dimensions.
    public var rank: Int { shape.count }
    /// The number of elements.
    public var count: Int { scalars.count }

    /// The only element of a tensor that holds one element.
    public var scalar: Float {
        guard scalars.count == 1 else {
            fatalError("Tensor.scalar needs exactly one element; this tensor has shape \(shape)")
        }
        return scalars[0]
    }

    /// The element at a full index (one coordinate per dimension; negative counts from the end).
    public subscript(index index: Int...) -> Float {
        scalars[flatIndex(index)]
    }

    func flatIndex(_ index: [Int]) -> Int {
        guard index.count == rank else {
            fatalError("Index \(index) has \(index.count) coordinates; tensor of shape \(shape) needs \(rank)")
        }
        var flat = 0
        for (axis, i) in index.enumerated() {
            let size = shape[axis]
            let j = i < 0 ? i + size : i
            guard j >= 0 && j < size else {
                fatalError("Index \(i) is out of range for axis \(axis) of size \(size) (shape \(shape))")
            }
            flat = flat * size + j
        }
        return flat
    }

    /// Reads the elements through an unsafe pointer; the pointer must not escape `body`.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try scalars.withUnsafeBufferPointer(body)
    }
}

extension Tensor: Equatable {
    /// Two tensors are equal when their shapes and elements are equal (gradients are ignored).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.scalars == rhs.scalars
    }
}

extension Tensor: ExpressibleByArrayLiteral {
    /// Nested literals build tensors of any rank: `[[1, 2], [3, 4]]` has shape [2, 2].
    public init(arrayLiteral elements: TensorLiteral...) {
        self = TensorLiteral.array(elements).tensor
    }
}

/// An element of a nested tensor literal: a number or a list of elements.
///
/// Tensor itself is not expressible by a number literal on purpose: with that conformance,
/// `1 / x` for a Float `x` could quietly become a tensor expression.
public indirect enum TensorLiteral: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    case scalar(Float)
    case array([TensorLiteral])

    public init(floatLiteral value: Float) { self = .scalar(value) }
    public init(integerLiteral value: Int) { self = .scalar(Float(value)) }
    public init(arrayLiteral elements: TensorLiteral...) { self = .array(elements) }

    var tensor: Tensor {
        switch self {
        case let .scalar(value):
            return Tensor(value)
        case let .array(elements):
            let rows = elements.map(\.tensor)
            guard let first = rows.first else { return Tensor(shape: [0], scalars: []) }
            for row in rows where row.shape != first.shape {
                fatalError("Nested literal rows differ in shape: \(first.shape) and \(row.shape)")
            }
            return Tensor(shape: [rows.count] + first.shape, scalars: rows.flatMap(\.scalars))
        }
    }
}

extension Tensor {
    /// Whether two tensors have the same shape and elements within `tolerance`
    /// (|a − b| ≤ tolerance · max(1, |b|)).
    public func isApproximatelyEqual(to other: Tensor, tolerance: Float = 1e-5) -> Bool {
        guard shape == other.shape else { return false }
        return zip(scalars, other.scalars).allSatisfy { a, b in
            Swift.abs(a - b) <= tolerance * Swift.max(1, Swift.abs(b))
        }
    }
}
