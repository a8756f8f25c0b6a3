// Throwing forms of the shape-sensitive ops, for shapes that come from user data.
//
// `a.matmul(b)`, `x.reshaped(to:)`, `a + b` and their kin stop the program with a message when
// the shapes do not fit: inside a model the shapes are checked once, up front, and a mismatch
// there is a bug. Code that works on shapes it does not control (a file's columns, a user's
// array) writes `try a.checked.matmul(b)` instead and gets a `SynapseError.shapeMismatch` with
// the same message. The checked forms run the same op after the check: same values, same
// gradients.

extension Tensor {
    /// The throwing forms of this tensor's shape-sensitive ops: `try x.checked.matmul(w)`.
    public var checked: CheckedTensor { CheckedTensor(tensor: self) }
}

/// A tensor whose shape-sensitive ops throw `SynapseError.shapeMismatch` instead of stopping the
/// program (see `Tensor.checked`).
public struct CheckedTensor {
    /// The tensor the ops apply to.
    public let tensor: Tensor

    private func fail(_ message: String) -> SynapseError { .shapeMismatch(message) }

    /// `tensor.matmul(other)`, or an error when the shapes do not align.
    public func matmul(_ other: Tensor) throws -> Tensor {
        if let problem = Tensor.matmulProblem(tensor.shape, other.shape) { throw fail(problem) }
        return tensor.matmul(other)
    }

    /// `tensor.reshaped(to:)`, or an error when the element counts differ.
    public func reshaped(to newShape: [Int]) throws -> Tensor {
        guard tensor.resolvedShapeIfPossible(newShape) != nil else {
            throw fail("cannot reshape a tensor of shape \(tensor.shape) (\(tensor.count) elements) to shape \(newShape)")
        }
        return tensor.reshaped(to: newShape)
    }

    /// `tensor.broadcast(to:)`, or an error when the shape cannot be broadcast to `target`.
    public func broadcast(to target: [Int]) throws -> Tensor {
        guard Tensor.broadcastShapeIfPossible(tensor.shape, target) == target else {
            throw fail("cannot broadcast a tensor of shape \(tensor.shape) to shape \(target)")
        }
        return tensor.broadcast(to: target)
    }

    private func broadcasting(_ other: Tensor, _ operation: String, _ op: (Tensor, Tensor) -> Tensor) throws -> Tensor {
        guard Tensor.broadcastShapeIfPossible(tensor.shape, other.shape) != nil else {
            throw fail("\(operation): shapes \(tensor.shape) and \(other.shape) cannot be broadcast together")
        }
        return op(tensor, other)
    }

    /// `tensor + other`, broadcasting; an error when the shapes cannot be broadcast together.
    public func adding(_ other: Tensor) throws -> Tensor { try broadcasting(other, "add", +) }
    /// `tensor - other`, broadcasting.
    public func subtracting(_ other: Tensor) throws -> Tensor { try broadcasting(other, "subtract", -) }
    /// `tensor * other` (elementwise), broadcasting.
    public func multiplying(_ other: Tensor) throws -> Tensor { try broadcasting(other, "multiply", *) }
    /// `tensor / other` (elementwise), broadcasting.
    public func dividing(_ other: Tensor) throws -> Tensor { try broadcasting(other, "divide", /) }

    /// `tensor.slice(range, alongAxis:)`, or an error when the axis or the range is outside the shape.
    public func slice(_ range: Range<Int>, alongAxis axis: Int = 0) throws -> Tensor {
        let a = try normalized(axis)
        guard range.lowerBound >= 0 && range.upperBound <= tensor.shape[a] else {
            throw fail("slice \(range) is out of bounds for axis \(a) of shape \(tensor.shape)")
        }
        return tensor.slice(range, alongAxis: a)
    }

    /// `tensor[...]` along one or several axes, or an error naming the axis an index falls outside.
    public subscript(components: any TensorIndexComponent...) -> Tensor {
        get throws { try tensor.indexed(components) }
    }

    /// `tensor.permuted(axes)`, or an error when `axes` is not a permutation of the axes.
    public func permuted(_ axes: [Int]) throws -> Tensor {
        let normalized = try axes.map(normalized)
        guard normalized.count == tensor.rank, Set(normalized).count == tensor.rank else {
            throw fail("\(axes) is not a permutation of the \(tensor.rank) axes of shape \(tensor.shape)")
        }
        return tensor.permuted(normalized)
    }

    /// `tensor.transposed()`, or an error for a tensor of rank below 2.
    public func transposed() throws -> Tensor {
        guard tensor.rank >= 2 else { throw fail("transposed() needs at least 2 dimensions; shape is \(tensor.shape)") }
        return tensor.transposed()
    }

    /// `tensor.gathering(indices)`, or an error naming the first index outside the rows.
    public func gathering(_ indices: [Int]) throws -> Tensor {
        guard tensor.rank >= 1 else { throw fail("gathering needs a tensor of rank at least 1; shape is \(tensor.shape)") }
        if let bad = indices.first(where: { !(0..<tensor.shape[0]).contains($0) }) {
            throw fail("gathering: index \(bad) is out of range for \(tensor.shape[0]) rows (shape \(tensor.shape))")
        }
        return tensor.gathering(indices)
    }

    /// The single element of a one-element tensor, or an error naming its shape.
    public var scalar: Float {
        get throws {
            guard tensor.count == 1 else { throw fail("scalar needs exactly one element; this tensor has shape \(tensor.shape)") }
            return tensor.scalar
        }
    }

    private func normalized(_ axis: Int) throws -> Int {
        let a = axis < 0 ? axis + tensor.rank : axis
        guard (0..<tensor.rank).contains(a) else { throw fail("axis \(axis) is out of range for a tensor of shape \(tensor.shape)") }
        return a
    }
}

extension CheckedTensor {
    /// `Tensor.concatenate`, or an error when the shapes differ off `axis`.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) throws -> Tensor {
        if let problem = Tensor.concatenationProblem(tensors.map(\.shape), axis: axis) { throw SynapseError.shapeMismatch(problem) }
        return Tensor.concatenate(tensors, alongAxis: axis)
    }

    /// `Tensor.stack`, or an error when the shapes differ.
    public static func stack(_ tensors: [Tensor], alongAxis axis: Int = 0) throws -> Tensor {
        if let problem = Tensor.stackingProblem(tensors.map(\.shape), axis: axis) { throw SynapseError.shapeMismatch(problem) }
        return Tensor.stack(tensors, alongAxis: axis)
    }
}
