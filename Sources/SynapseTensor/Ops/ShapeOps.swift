// Operations that rearrange elements without arithmetic.
//
// Each moves gradients back the way the elements came:
//   reshape, expand / squeeze    ∂x = g reshaped to x's shape
//   broadcast(to:)               ∂x = g summed over the broadcast dimensions
//   permute / transpose          ∂x = g permuted by the inverse permutation
//   slice, gather                ∂x = zeros with g added back at the taken positions
//   concatenate, stack           ∂xᵢ = the slice of g that xᵢ became
//   pad                          ∂x = the interior of g

extension Tensor {
    /// The same elements in a new shape; one dimension may be -1 and is then inferred.
    public func reshaped(to newShape: [Int]) -> Tensor {
        let shape = resolvedShape(newShape)
        if shape == self.shape { return self }
        var y = self.detached()
        y.shape = shape
        let oldShape = self.shape
        return Tensor.record(y, inputs: [self]) { g in [g.reshaped(to: oldShape)] }
    }

    private func resolvedShape(_ newShape: [Int]) -> [Int] {
        guard let resolved = resolvedShapeIfPossible(newShape) else {
            fatalError("Cannot reshape a tensor of shape \(shape) (\(count) elements) to shape \(newShape)")
        }
        return resolved
    }

    /// `newShape` with its -1 filled in, or nil when it cannot hold this tensor's elements.
    func resolvedShapeIfPossible(_ newShape: [Int]) -> [Int]? {
        let unknown = newShape.indices.filter { newShape[$0] == -1 }
        if unknown.count > 1 || newShape.contains(where: { $0 < -1 }) { return nil }
        var known = 1
        for d in newShape where d != -1 {
            let (product, overflow) = known.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            known = product
        }
        guard let axis = unknown.first else { return known == count ? newShape : nil }
        if known == 0 || count % known != 0 { return nil }
        var resolved = newShape
        resolved[axis] = count / known
        return resolved
    }

    /// The tensor flattened to one dimension.
    public func flattened() -> Tensor { reshaped(to: [-1]) }

    /// Inserts a dimension of size 1 at `axis` (negative counts from the end of the result).
    public func expandingShape(at axis: Int) -> Tensor {
        let a = axis < 0 ? axis + rank + 1 : axis
        require(a >= 0 && a <= rank, "expandingShape: axis \(axis) is out of range for shape \(shape)")
        var newShape = shape
        newShape.insert(1, at: a)
        return reshaped(to: newShape)
    }

    /// Removes the given dimensions of size 1, or all of them when `axes` is empty.
    public func squeezingShape(at axes: Int...) -> Tensor {
        let chosen = Set(axes.map { normalizedAxis($0) })
        for axis in chosen where shape[axis] != 1 {
            fatalError("squeezingShape: axis \(axis) of shape \(shape) has size \(shape[axis]), not 1")
        }
        let kept = shape.indices.filter { chosen.isEmpty ? shape[$0] != 1 : !chosen.contains($0) }
        return reshaped(to: kept.map { shape[$0] })
    }

    func normalizedAxis(_ axis: Int) -> Int {
        let a = axis < 0 ? axis + rank : axis
        if a < 0 || a >= rank {
            fatalError("Axis \(axis) is out of range for a tensor of shape \(shape)")
        }
        return a
    }

    /// The tensor repeated along its size-1 (or missing leading) dimensions to `shape`.
    public func broadcast(to target: [Int]) -> Tensor {
        if shape == target { return self }
        guard Tensor.broadcastShapeIfPossible(shape, target) == target else {
            fatalError("Cannot broadcast a tensor of shape \(shape) to shape \(target)")
        }
        let y = gatherStrided(shape: target, strides: broadcastStrides(shape, to: target), offset: 0)
        let own = shape
        return Tensor.record(y, inputs: [self]) { g in [g.sumToShape(own)] }
    }

    /// The dimensions reordered: dimension i of the result is dimension `axes[i]` of this tensor.
    public func permuted(_ axes: [Int]) -> Tensor {
        let axes = axes.map { normalizedAxis($0) }
        guard axes.count == rank, Set(axes).count == rank else {
            fatalError("permuted: \(axes) is not a permutation of the \(rank) axes of shape \(shape)")
        }
        if axes == Array(0..<rank) { return self }
        let strides = contiguousStrides(shape)
        let y = gatherStrided(shape: axes.map { shape[$0] }, strides: axes.map { strides[$0] }, offset: 0)
        var inverse = [Int](repeating: 0, count: rank)
        for (i, axis) in axes.enumerated() { inverse[axis] = i }
        return Tensor.record(y, inputs: [self]) { g in [g.permuted(inverse)] }
    }

    /// The tensor with its last two dimensions swapped (a matrix transpose for rank 2).
    public func transposed() -> Tensor {
        require(rank >= 2, "transposed() needs at least 2 dimensions; shape is \(shape)")
        var axes = Array(0..<rank)
        axes.swapAt(rank - 1, rank - 2)
        return permuted(axes)
    }

    /// Elements `range` along `axis` (all of the other dimensions).
    public func slice(_ range: Range<Int>, alongAxis axis: Int = 0) -> Tensor {
        let axis = normalizedAxis(axis)
        guard range.lowerBound >= 0 && range.upperBound <= shape[axis] else {
            fatalError("Slice \(range) is out of bounds for axis \(axis) of shape \(shape)")
        }
        var outShape = shape
        outShape[axis] = range.count
        let strides = contiguousStrides(shape)
        let y = gatherStrided(shape: outShape, strides: strides, offset: range.lowerBound * strides[axis])
        let own = shape
        return Tensor.record(y, inputs: [self]) { g in
            [g.padded(own.indices.map { $0 == axis ? (range.lowerBound, own[axis] - range.upperBound) : (0, 0) })]
        }
    }

    /// Row `index` of the first dimension (negative counts from the end); the rank drops by one.
    public subscript(index: Int) -> Tensor {
        let i = index < 0 ? index + shape[0] : index
        return slice(i..<(i + 1)).reshaped(to: Array(shape.dropFirst()))
    }

    /// Rows `range` of the first dimension.
    public subscript(range: Range<Int>) -> Tensor { slice(range) }

    /// The rows from `range.lowerBound` to the end (NumPy's `x[k:]`).
    public subscript(range: PartialRangeFrom<Int>) -> Tensor { slice(range.lowerBound..<(shape.first ?? 0)) }

    /// The rows before `range.upperBound` (NumPy's `x[:k]`).
    public subscript(range: PartialRangeUpTo<Int>) -> Tensor { slice(0..<range.upperBound) }

    /// The rows of the first dimension at `indices`, in that order (repeats allowed).
    public func gathering(_ indices: [Int]) -> Tensor {
        require(rank >= 1, "gathering needs a tensor of rank at least 1")
        let rows = shape[0]
        let rowSize = rows == 0 ? 0 : count / rows
        for i in indices where i < 0 || i >= rows {
            fatalError("gathering: index \(i) is out of range for \(rows) rows (shape \(shape))")
        }
        var outShape = shape
        outShape[0] = indices.count
        // Rows picked at random from a large tensor (a shuffled batch) are copies bound by
        // memory latency: two threads copy a 32-image CIFAR batch in about half the time, so
        // the copy splits from 64 K floats on (a quarter of the streaming grain).
        let y = withUnsafeBufferPointer { x in
            Tensor.make(shape: outShape) { out in
                let (source, destination) = (x.baseAddress!, out.baseAddress!)
                indices.withUnsafeBufferPointer { index in
                    Parallel.forEach(count: index.count, grain: Swift.max(1, (streamingGrain / 4) / Swift.max(rowSize, 1))) { range in
                        for r in range {
                            (destination + r * rowSize).update(from: source + index[r] * rowSize, count: rowSize)
                        }
                    }
                }
            }
        }
        let own = shape
        return Tensor.record(y, inputs: [self]) { g in
            let dx = Tensor(shape: own, repeating: 0)
            let d = dx.base
            g.withUnsafeBufferPointer { gp in
                for (r, i) in indices.enumerated() {
                    for j in 0..<rowSize { d[i * rowSize + j] += gp[r * rowSize + j] }
                }
            }
            return [dx]
        }
    }

    /// The tensor surrounded by `value`: `padding[i]` elements before and after along dimension i.
    public func padded(_ padding: [(before: Int, after: Int)], value: Float = 0) -> Tensor {
        guard padding.count == rank, padding.allSatisfy({ $0.before >= 0 && $0.after >= 0 }) else {
            fatalError("padded: needs one non-negative (before, after) pair per dimension of shape \(shape)")
        }
        let outShape = zip(shape, padding).map { $0 + $1.before + $1.after }
        var out = Tensor(shape: outShape, repeating: value)
        let outStrides = contiguousStrides(outShape)
        let offset = zip(padding, outStrides).map { $0.before * $1 }.reduce(0, +)
        scatterStrided(into: &out, shape: shape, strides: outStrides, offset: offset, accumulate: false)
        let own = shape
        return Tensor.record(out, inputs: [self]) { g in
            var region = g
            for axis in own.indices where padding[axis] != (0, 0) {
                region = region.slice(padding[axis].before..<(padding[axis].before + own[axis]), alongAxis: axis)
            }
            return [region]
        }
    }

    /// Joins tensors along an existing dimension; the other dimensions must agree.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        if let problem = concatenationProblem(tensors.map(\.shape), axis: axis) { fatalError(problem) }
        let first = tensors[0]
        let axis = first.normalizedAxis(axis)
        var outShape = first.shape
        outShape[axis] = tensors.map { $0.shape[axis] }.reduce(0, +)
        var out = Tensor(shape: outShape, repeating: 0)
        let outStrides = contiguousStrides(outShape)
        var start = 0
        var ranges: [Range<Int>] = []
        for t in tensors {
            t.scatterStrided(into: &out, shape: t.shape, strides: outStrides,
                             offset: start * outStrides[axis], accumulate: false)
            ranges.append(start..<(start + t.shape[axis]))
            start += t.shape[axis]
        }
        return record(out, inputs: tensors) { g in
            zip(tensors, ranges).map { t, range in t.requiresGradient ? g.slice(range, alongAxis: axis) : nil }
        }
    }

    /// Joins same-shaped tensors along a new dimension at `axis`.
    public static func stack(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        if let problem = stackingProblem(tensors.map(\.shape), axis: axis) { fatalError(problem) }
        return concatenate(tensors.map { $0.expandingShape(at: axis) }, alongAxis: axis)
    }

    /// Why tensors of these shapes cannot be joined along `axis`, or nil when they can: the
    /// message `concatenate` stops with and `CheckedTensor.concatenate` throws.
    static func concatenationProblem(_ shapes: [[Int]], axis: Int) -> String? {
        guard let first = shapes.first else { return "concatenate needs at least one tensor" }
        let a = axis < 0 ? axis + first.count : axis
        guard (0..<first.count).contains(a) else { return "Axis \(axis) is out of range for a tensor of shape \(first)" }
        for shape in shapes {
            var x = shape, y = first
            if x.count == y.count { x[a] = 0; y[a] = 0 }
            if x != y { return "concatenate along axis \(a): shapes \(first) and \(shape) differ off that axis" }
        }
        return nil
    }

    /// Why tensors of these shapes cannot be stacked along a new `axis`, or nil when they can.
    static func stackingProblem(_ shapes: [[Int]], axis: Int) -> String? {
        guard let first = shapes.first else { return "stack needs at least one tensor" }
        if let other = shapes.first(where: { $0 != first }) { return "stack: shapes \(first) and \(other) differ" }
        guard (-(first.count + 1)...first.count).contains(axis) else {
            return "stack: axis \(axis) is out of range for tensors of shape \(first)"
        }
        return nil
    }

    /// A new tensor of `shape` whose element at index i is this tensor's element at
    /// `offset + Σ iₖ·strides[k]`.
    func gatherStrided(shape outShape: [Int], strides: [Int], offset: Int) -> Tensor {
        if strides.allSatisfy({ $0 == 0 }) {
            return Tensor(shape: outShape, repeating: self[flat: offset])   // one value, repeated
        }
        let loop = StridedLoop(shape: outShape, strides: [strides, contiguousStrides(outShape)])
        return withUnsafeBufferPointer { x in
            Tensor.make(shape: outShape) { y in
                guard !y.isEmpty else { return }
                loop.forEachRow { offsets, count, inner in
                    let (sx, ox, oy) = (inner[0], offsets[0] + offset, offsets[1])
                    for i in 0..<count { y[oy + i] = x[ox + i * sx] }
                }
            }
        }
    }

    /// Writes (or adds) this tensor's elements, read in order as a tensor of `shape`, into `out`
    /// at `offset + Σ iₖ·strides[k]`.
    func scatterStrided(into out: inout Tensor, shape: [Int], strides: [Int], offset: Int, accumulate: Bool) {
        guard count > 0 else { return }
        let loop = StridedLoop(shape: shape, strides: [contiguousStrides(shape), strides])
        withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in
                loop.forEachRow { offsets, count, inner in
                    let (sx, sy, ox, oy) = (inner[0], inner[1], offsets[0], offsets[1] + offset)
                    if accumulate {
                        for i in 0..<count { y[oy + i * sy] += x[ox + i * sx] }
                    } else {
                        for i in 0..<count { y[oy + i * sy] = x[ox + i * sx] }
                    }
                }
            }
        }
    }
}

extension Tensor {
    /// The elements in reverse order along `axis` (NumPy's `np.flip(x, axis)`); its gradient is
    /// the gradient reversed the same way.
    public func reversed(alongAxis axis: Int) -> Tensor {
        let axis = normalizedAxis(axis)
        let outer = shape[..<axis].reduce(1, *), length = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
        let source = self
        let y = Tensor.make(shape: shape) { out in
            let dst = out.baseAddress!, src = UnsafePointer(source.base)
            for o in 0..<outer {
                for i in 0..<length {
                    (dst + (o * length + i) * inner).update(from: src + (o * length + length - 1 - i) * inner, count: inner)
                }
            }
        }
        return Tensor.record(y, inputs: [self]) { g in [g.reversed(alongAxis: axis)] }
    }
}
