// Reductions along any set of axes (all axes when none are named), with or without keeping the
// reduced dimensions as size 1.
//
//   sum:       y = Σᵢ xᵢ                      ∂x = g broadcast back over the reduced axes
//   mean:      y = (1/n) Σᵢ xᵢ                ∂x = g / n, broadcast back
//   max / min: y = xₖ, k the first extreme    ∂x = g at k, 0 elsewhere
//   variance:  y = Σᵢ (xᵢ − x̄)² / (n − c)     composed from the ops above (c = correction; 0 as
//                                             in NumPy and Keras, 1 for the sample variance)
//   standardDeviation: y = √variance
// argmax / argmin return indices and have no gradient.

extension Tensor {
    /// Normalised, sorted, distinct axes; all axes when `axes` is empty.
    func reductionAxes(_ axes: [Int]) -> [Int] {
        axes.isEmpty ? Array(0..<rank) : Array(Set(axes.map { normalizedAxis($0) })).sorted()
    }

    /// The shape after reducing `axes` (normalised), with or without the size-1 dimensions.
    func reducedShape(_ axes: [Int], keepingDims: Bool) -> [Int] {
        keepingDims
            ? shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
            : shape.indices.filter { !axes.contains($0) }.map { shape[$0] }
    }

    /// The sum along `axes` (all axes when none are given).
    public func sum(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        if axes.isEmpty && !keepingDims {
            // Everything to one number (a loss): no shapes to work out.
            let own = shape
            let y = Tensor(shape: [], repeating: Float(sumOfElements()))
            return Tensor.record(y, inputs: [self]) { g in [Tensor(shape: own, repeating: g[flat: 0])] }
        }
        let axes = reductionAxes(axes)
        let kept = reducedShape(axes, keepingDims: true)
        let y = detached().sumToShape(kept).reshaped(to: reducedShape(axes, keepingDims: keepingDims))
        let own = shape
        return Tensor.record(y, inputs: [self]) { g in [g.reshaped(to: kept).broadcast(to: own)] }
    }

    /// The sum along `axes` (all axes when none are given).
    public func sum(alongAxes axes: Int..., keepingDims: Bool = false) -> Tensor {
        sum(alongAxes: axes, keepingDims: keepingDims)
    }

    /// The mean along `axes` (all axes when none are given).
    public func mean(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        let axes = reductionAxes(axes)
        let n = axes.map { shape[$0] }.reduce(1, *)
        return sum(alongAxes: axes, keepingDims: keepingDims) / Float(n)
    }

    /// The mean along `axes` (all axes when none are given).
    public func mean(alongAxes axes: Int..., keepingDims: Bool = false) -> Tensor {
        mean(alongAxes: axes, keepingDims: keepingDims)
    }

    /// The variance along `axes`, Σ(x − x̄)² / (n − correction); correction 0 as NumPy and Keras,
    /// 1 for the unbiased sample variance (PyTorch's and Pandas's default).
    public func variance(alongAxes axes: [Int], correction: Int = 0, keepingDims: Bool = false) -> Tensor {
        let axes = reductionAxes(axes)
        let n = axes.map { shape[$0] }.reduce(1, *)
        let deviations = self - mean(alongAxes: axes, keepingDims: true)
        return deviations.squared().sum(alongAxes: axes, keepingDims: keepingDims) / Float(n - correction)
    }

    /// The variance along `axes` (all axes when none are given).
    public func variance(alongAxes axes: Int..., correction: Int = 0, keepingDims: Bool = false) -> Tensor {
        variance(alongAxes: axes, correction: correction, keepingDims: keepingDims)
    }

    /// The standard deviation along `axes`, the square root of `variance`.
    public func standardDeviation(alongAxes axes: [Int], correction: Int = 0, keepingDims: Bool = false) -> Tensor {
        sqrt(variance(alongAxes: axes, correction: correction, keepingDims: keepingDims))
    }

    /// The standard deviation along `axes` (all axes when none are given).
    public func standardDeviation(alongAxes axes: Int..., correction: Int = 0, keepingDims: Bool = false) -> Tensor {
        standardDeviation(alongAxes: axes, correction: correction, keepingDims: keepingDims)
    }

    /// The maximum along `axes` (all axes when none are given).
    public func max(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        extreme(axes, keepingDims: keepingDims, greatest: true)
    }

    /// The maximum along `axes` (all axes when none are given).
    public func max(alongAxes axes: Int..., keepingDims: Bool = false) -> Tensor {
        extreme(axes, keepingDims: keepingDims, greatest: true)
    }

    /// The minimum along `axes` (all axes when none are given).
    public func min(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        extreme(axes, keepingDims: keepingDims, greatest: false)
    }

    /// The minimum along `axes` (all axes when none are given).
    public func min(alongAxes axes: Int..., keepingDims: Bool = false) -> Tensor {
        extreme(axes, keepingDims: keepingDims, greatest: false)
    }

    /// The index of the largest element along `axis`, or the flat index over all elements when
    /// `axis` is nil (as NumPy's argmax). First occurrence wins ties.
    public func argmax(alongAxis axis: Int? = nil) -> Tensor {
        argExtreme(axis, greatest: true)
    }

    /// The index of the smallest element along `axis`, or the flat index when `axis` is nil.
    public func argmin(alongAxis axis: Int? = nil) -> Tensor {
        argExtreme(axis, greatest: false)
    }

    private func argExtreme(_ axis: Int?, greatest: Bool) -> Tensor {
        guard let axis else {
            let (_, index) = extremeKernel([], greatest: greatest)
            return Tensor(Float(index[0]))
        }
        let a = normalizedAxis(axis)
        let (_, flat) = extremeKernel([a], greatest: greatest)
        let stride = contiguousStrides(shape)[a]
        let positions = flat.map { Float(($0 / stride) % shape[a]) }
        return Tensor(shape: reducedShape([a], keepingDims: false), scalars: positions)
    }

    private func extreme(_ axes: [Int], keepingDims: Bool, greatest: Bool) -> Tensor {
        let axes = reductionAxes(axes)
        let (values, flat) = extremeKernel(axes, greatest: greatest)
        let y = values.reshaped(to: reducedShape(axes, keepingDims: keepingDims))
        let own = shape
        return Tensor.record(y, inputs: [self]) { g in
            let dx = Tensor(shape: own, repeating: 0)
            let d = dx.base
            for (o, i) in flat.enumerated() { d[i] += g[flat: o] }
            return [dx]
        }
    }

    /// The extreme values (kept-dims shape) and the flat input index of each; NaN wins, as in NumPy.
    private func extremeKernel(_ axes: [Int], greatest: Bool) -> (Tensor, [Int]) {
        let axes = reductionAxes(axes)
        guard axes.allSatisfy({ shape[$0] > 0 }) else {
            fatalError("Cannot take the \(greatest ? "max" : "min") of an empty axis (shape \(shape))")
        }
        let kept = reducedShape(axes, keepingDims: true)
        let outCount = kept.reduce(1, *)
        var best = [Float](repeating: greatest ? -.infinity : .infinity, count: outCount)
        var where_ = [Int](repeating: -1, count: outCount)
        let loop = StridedLoop(shape: shape, strides: [contiguousStrides(shape), broadcastStrides(kept, to: shape)])
        withUnsafeBufferPointer { x in
            loop.forEachRow { offsets, count, inner in
                let (sx, sy, ox, oy) = (inner[0], inner[1], offsets[0], offsets[1])
                for i in 0..<count {
                    let v = x[ox + i * sx], o = oy + i * sy
                    let better = greatest ? v > best[o] : v < best[o]
                    if where_[o] < 0 || better || (v.isNaN && !best[o].isNaN) {
                        best[o] = v
                        where_[o] = ox + i * sx
                    }
                }
            }
        }
        return (Tensor(shape: kept, scalars: best), where_)
    }
}
