// NumPy-style indexing along several axes: x[0..<10, 2...], x[3, 1..<4], x[0..., -1].
//
// Each position of the index is a range of an axis (kept, perhaps shorter) or a single
// position (the axis is dropped, as NumPy's integer index drops it); axes past the last given
// one are kept whole. `0...` stands for NumPy's `:`. Negative single positions count from the
// end. Unlike NumPy, a range past the end of its axis is an error, not clamped (as Swift's
// arrays do). The result is differentiable: it is made of `slice` and `reshaped`, whose
// pullbacks pad the gradient back to the input's shape.

/// One axis of an index: a single position (`3`, `-1`) or a range (`0..<10`, `2...`, `...4`).
public protocol TensorIndexComponent {
    /// The positions selected along an axis of `size`, and whether the axis is dropped; nil when
    /// the component falls outside the axis.
    func resolved(axisSize size: Int) -> (range: Range<Int>, dropsAxis: Bool)?
}

extension Int: TensorIndexComponent {
    public func resolved(axisSize size: Int) -> (range: Range<Int>, dropsAxis: Bool)? {
        let i = self < 0 ? self + size : self
        return (0..<size).contains(i) ? (i..<(i + 1), true) : nil
    }
}

extension Range: TensorIndexComponent where Bound == Int {
    public func resolved(axisSize size: Int) -> (range: Range<Int>, dropsAxis: Bool)? {
        lowerBound >= 0 && upperBound <= size ? (self, false) : nil
    }
}

extension ClosedRange: TensorIndexComponent where Bound == Int {
    public func resolved(axisSize size: Int) -> (range: Range<Int>, dropsAxis: Bool)? {
        Range(self).resolved(axisSize: size)
    }
}

extension PartialRangeFrom: TensorIndexComponent where Bound == Int {
    public func resolved(axisSize size: Int) -> (range: Range<Int>, dropsAxis: Bool)? {
        lowerBound <= size ? (lowerBound..<size).resolved(axisSize: size) : nil
    }
}

extension PartialRangeUpTo: TensorIndexComponent where Bound == Int {
    public func resolved(axisSize size: Int) -> (range: Range<Int>, dropsAxis: Bool)? {
        upperBound >= 0 ? (0..<upperBound).resolved(axisSize: size) : nil
    }
}

extension PartialRangeThrough: TensorIndexComponent where Bound == Int {
    public func resolved(axisSize size: Int) -> (range: Range<Int>, dropsAxis: Bool)? {
        upperBound >= -1 ? (0..<(upperBound + 1)).resolved(axisSize: size) : nil
    }
}

extension Tensor {
    /// The elements selected by one component per leading axis (NumPy's `x[0:10, 2:]` is
    /// `x[0..<10, 2...]`; `x[:, 1]` is `x[0..., 1]`). Stops the program on an index outside the
    /// tensor; `try x.indexed(...)` and `try x.checked[...]` throw instead.
    public subscript(first: any TensorIndexComponent, second: any TensorIndexComponent,
                     rest: any TensorIndexComponent...) -> Tensor {
        do { return try indexed([first, second] + rest) } catch { fatalError("\(error)") }
    }

    /// The elements selected by `components`, one per leading axis; throws a
    /// `SynapseError.shapeMismatch` naming the axis when a component falls outside it.
    public func indexed(_ components: [any TensorIndexComponent]) throws -> Tensor {
        guard components.count <= rank else {
            throw SynapseError.shapeMismatch("an index of \(components.count) components for a tensor of shape \(shape) (rank \(rank))")
        }
        var result = self
        var keptShape: [Int] = []
        for (axis, component) in components.enumerated() {
            guard let (range, drops) = component.resolved(axisSize: shape[axis]) else {
                throw SynapseError.shapeMismatch("index \(component) is out of range for axis \(axis) of size \(shape[axis]) (shape \(shape))")
            }
            if range != 0..<shape[axis] { result = result.slice(range, alongAxis: axis) }
            if !drops { keptShape.append(range.count) }
        }
        keptShape += shape.dropFirst(components.count)
        return result.shape == keptShape ? result : result.reshaped(to: keptShape)
    }
}
