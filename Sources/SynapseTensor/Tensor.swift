// Tensor: an n-dimensional array of 32-bit floats, row-major and contiguous.
//
// A value type: copying a Tensor shares its buffer until one copy is written to (copy-on-write).
// The elements live in a `PooledBuffer` (Storage/BufferPool.swift): memory drawn from a pool of
// size-classed buffers and returned to it when the last tensor that uses it goes, so a training
// loop reuses the same memory step after step instead of asking the system. Kernels read and
// write the elements through raw pointers; `scalars` is a copy, for callers who want an array.
// A tensor that requires gradients also carries a node of the autodiff graph (see
// Autodiff/Tape.swift); operations on it record how to send gradients back.
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
/// try loss.backward()
/// print(w.gradient!)
/// ```
public struct Tensor {
    /// The size of each dimension; `[]` for a scalar.
    public internal(set) var shape: [Int]
    /// The elements (shared between copies until one is written to).
    var storage: PooledBuffer
    /// The autodiff node: nil for tensors that do not take part in differentiation.
    var node: TapeNode?

    /// The elements in row-major order, as a new array. Setting it replaces every element (the
    /// count must stay the same).
    public var scalars: [Float] {
        get { Array(UnsafeBufferPointer(start: storage.base, count: storage.count)) }
        set {
            require(newValue.count == storage.count,
                         "Tensor.scalars: \(newValue.count) scalars for shape \(shape), which holds \(storage.count)")
            withUnsafeMutableBufferPointer { out in _ = out.update(fromContentsOf: newValue) }
        }
    }

    /// Creates a tensor of the given shape from its elements in row-major order.
    public init(shape: [Int], scalars: [Float]) {
        require(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative dimension")
        let count = shape.reduce(1, *)
        if scalars.count != count {
            fatalError("Tensor(shape:scalars:) got \(scalars.count) scalars for shape \(shape), which holds \(count)")
        }
        self.shape = shape
        self.storage = PooledBuffer(count: count)
        if count > 0 { storage.base.initialize(from: scalars, count: count) }
        self.node = nil
    }

    /// A tensor over existing storage (whose count must match the shape).
    init(shape: [Int], storage: PooledBuffer) {
        self.shape = shape
        self.storage = storage
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
        require(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative dimension")
        self.init(shape: shape, storage: PooledBuffer(count: shape.reduce(1, *), repeating: value))
    }

    /// Builds a tensor whose elements are written by `body` into uninitialised storage; `body`
    /// must write every one of the `count` elements.
    @inline(__always)
    static func make(shape: [Int], _ body: (UnsafeMutableBufferPointer<Float>) -> Void) -> Tensor {
        let storage = PooledBuffer(count: shape.reduce(1, *))
        body(storage.buffer)
        return Tensor(shape: shape, storage: storage)
    }

    /// The number of dimensions.
    public var rank: Int { shape.count }
    /// The number of elements.
    public var count: Int { storage.count }

    /// The only element of a tensor that holds one element.
    public var scalar: Float {
        guard count == 1 else {
            fatalError("Tensor.scalar needs exactly one element; this tensor has shape \(shape)")
        }
        return storage.base[0]
    }

    /// The element at a full index (one coordinate per dimension; negative counts from the end).
    public subscript(index index: Int...) -> Float {
        storage.base[flatIndex(index)]
    }

    /// The element at a flat (row-major) index, unchecked; setting it copies shared storage first.
    @inline(__always)
    subscript(flat i: Int) -> Float {
        get { storage.base[i] }
        set {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            storage.base[i] = newValue
        }
    }

    /// The first element's address, for kernels; valid while this tensor (or a copy) lives.
    @inline(__always)
    var base: UnsafeMutablePointer<Float> { storage.base }

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
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) { try body(UnsafeBufferPointer(start: storage.base, count: storage.count)) }
    }

    /// Writes the elements in place through an unsafe pointer (copying first if the storage is
    /// shared). The tensor keeps its shape and its place in the autodiff graph: this is how an
    /// optimizer updates a weight without allocating. Don't use it on a tensor whose old values
    /// a recorded operation still needs for its backward pass.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return try withExtendedLifetime(storage) { try body(storage.buffer) }
    }
}

extension Tensor: Equatable {
    /// Two tensors are equal when their shapes and elements are equal (gradients are ignored).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        guard lhs.shape == rhs.shape else { return false }
        return lhs.withUnsafeBufferPointer { a in rhs.withUnsafeBufferPointer { b in a.elementsEqual(b) } }
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
            return Tensor.make(shape: [rows.count] + first.shape) { out in
                for (i, row) in rows.enumerated() {
                    row.withUnsafeBufferPointer { (out.baseAddress! + i * row.count).update(from: $0.baseAddress!, count: row.count) }
                }
            }
        }
    }
}

extension Tensor {
    /// Whether two tensors have the same shape and elements within `tolerance`
    /// (|a − b| ≤ tolerance · max(1, |b|)).
    public func isApproximatelyEqual(to other: Tensor, tolerance: Float = 1e-5) -> Bool {
        guard shape == other.shape else { return false }
        return withUnsafeBufferPointer { x in
            other.withUnsafeBufferPointer { y in
                zip(x, y).allSatisfy { a, b in Swift.abs(a - b) <= tolerance * Swift.max(1, Swift.abs(b)) }
            }
        }
    }
}
