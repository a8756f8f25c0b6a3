// Max and average pooling over NHWC images, one tape node each.
//
//   W(i, p, q) = the window's positions inside x:  rows p·sh − pt + (0..<kh), columns
//                q·sw − pl + (0..<kw), clipped to the image (Keras / TensorFlow exclude the
//                "same" padding from both the maximum and the average's divisor)
//   max      y[i, p, q, ch] = max over (r, s) ∈ W of x[i, r, s, ch]
//            ∂x[i, r*, s*, ch] += g[i, p, q, ch] at the first position (r*, s*) that holds it
//   average  y[i, p, q, ch] = Σ over W of x[i, r, s, ch] / |W|
//            ∂x[i, r, s, ch] += g[i, p, q, ch] / |W| for every (r, s) ∈ W
//
// The max op keeps the argmax of each output (its flat index within the image, as Int32 in a
// pooled buffer) for the backward pass. Forward passes split across threads by output row; the
// backward passes add into ∂x and split by image, so the result does not depend on the
// thread count. When windows never overlap (strides ≥ window), max pooling's backward pass
// writes each element of ∂x once instead of clearing ∂x and adding into it. Max pooling of a
// ReLU output also applies ReLU's derivative (see maxPool2D). Output sizes and padding as in
// Convolution.swift.

import CSynapseKernels

/// Max pooling splits from a quarter of the streaming grain on: its passes are memory-bound, and
/// smaller chunks let one thread take over from the other when the two cores read memory at
/// different speeds (the VM's vCPUs far apart, docs/BENCHMARKS.md); the CIFAR CNN's second
/// pooling (124 K inputs a batch) ran on one thread before.
private let poolingGrain = streamingGrain / 4

extension Tensor {
    /// Max pooling (Keras's MaxPooling2D, channels last): the largest element of each window.
    ///
    /// - Parameters:
    ///   - x: the images, [n, h, w, c].
    ///   - poolSize: the window, (rows, columns).
    ///   - strides: the step between windows.
    ///   - padding: `.valid`, or `.same` (padded positions never win).
    /// - Returns: [n, oh, ow, c]; a shape that does not fit traps with a message.
    public static func maxPool2D(_ x: Tensor, poolSize: (Int, Int), strides: (Int, Int), padding: Padding) -> Tensor {
        let geometry = poolingGeometry(x, poolSize: poolSize, strides: strides, padding: padding, operation: "maxPool2D")
        let g = geometry
        let imageSize = g.h * g.w * g.c
        require(imageSize <= Int(Int32.max), "maxPool2D: an image of \(x.shape) is too large for 32-bit indices")
        let outputCount = g.n * g.oh * g.ow * g.c
        let argmax = PooledBuffer(count: outputCount)
        let source = UnsafePointer(x.base)
        let y = Tensor.make(shape: [g.n, g.oh, g.ow, g.c]) { out in
            let y = out.baseAddress!
            argmax.base.withMemoryRebound(to: Int32.self, capacity: outputCount) { index in
                Parallel.forEach(count: g.n * g.oh, grain: Swift.max(1, poolingGrain / Swift.max(g.ow * g.kh * g.kw * g.c, 1))) { range in
                    // The window's positions as offsets into the image, then one vectorised C
                    // loop over the channels (syn_max_channels).
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: Swift.max(g.kh * g.kw, 1)) { offsets in
                        for ip in range {
                            let (i, p) = ip.quotientAndRemainder(dividingBy: g.oh)
                            let image = source + i * imageSize
                            let rows = g.rowsInside(p)
                            for q in 0..<g.ow {
                                let columns = g.columnsInside(q)
                                let o = (ip * g.ow + q) * g.c
                                var positions = 0
                                for u in rows.lo..<rows.hi {
                                    for v in columns.lo..<columns.hi {
                                        offsets[positions] = ((rows.first + u) * g.w + columns.first + v) * g.c
                                        positions += 1
                                    }
                                }
                                syn_max_channels(image, offsets.baseAddress!, positions, g.c, y + o, index + o)
                            }
                        }
                    }
                }
            }
        }
        let inputShape = x.shape
        // Max pooling of a ReLU output y (Conv2D(activation: "relu") then MaxPooling2D): ReLU's
        // backward pass will multiply this op's ∂y by [y > 0], and y at a window's argmax is
        // the window's maximum, so the scatter applies that factor itself (adding g only where
        // the maximum is positive) and marks ∂y as masked. ReLU then skips its own pass over
        // ∂y (FusedActivation.gradient): one full read and write of the largest activation less
        // per step. Not when the walk keeps intermediate gradients (gradients(of:wrt:)), which
        // must be ∂L/∂y itself.
        let input = x.storage
        let masked = input.isReLUOutput
        let disjoint = g.sh >= g.kh && g.sw >= g.kw
        return record(y, inputs: [x]) { grad in
            let mask = masked && ActivationGradientFusion.isAllowed
            let dx = Tensor.make(shape: inputShape) { out in
                let dx = out.baseAddress!, gp = UnsafePointer(grad.base), pooled = UnsafePointer(y.base)
                let perImage = g.oh * g.ow * g.c
                argmax.base.withMemoryRebound(to: Int32.self, capacity: outputCount) { index in
                    Parallel.forEach(count: g.n, grain: Swift.max(1, poolingGrain / Swift.max(imageSize + perImage, 1))) { range in
                        for i in range {
                            let (o, image, maximum) = (i * perImage, dx + i * imageSize, mask ? pooled + i * perImage : nil)
                            if disjoint {
                                syn_max_pool_backward_disjoint(index + o, gp + o, maximum, image, g.h, g.w, g.c, g.oh, g.ow,
                                                               g.kh, g.kw, g.sh, g.sw, g.pt, g.pl)
                            } else {
                                syn_max_pool_backward(index + o, gp + o, maximum, perImage, image, imageSize)
                            }
                        }
                    }
                }
            }
            if mask { dx.storage.reluMaskedFor = ObjectIdentifier(input) }
            return [dx]
        }
    }

    /// Average pooling (Keras's AveragePooling2D, channels last): the mean of each window.
    ///
    /// - Parameters:
    ///   - x: the images, [n, h, w, c].
    ///   - poolSize: the window, (rows, columns).
    ///   - strides: the step between windows.
    ///   - padding: `.valid`, or `.same` (padded positions count neither in the sum nor in the
    ///     divisor).
    /// - Returns: [n, oh, ow, c]; a shape that does not fit traps with a message.
    public static func averagePool2D(_ x: Tensor, poolSize: (Int, Int), strides: (Int, Int), padding: Padding) -> Tensor {
        let g = poolingGeometry(x, poolSize: poolSize, strides: strides, padding: padding, operation: "averagePool2D")
        let imageSize = g.h * g.w * g.c
        let source = UnsafePointer(x.base)
        let y = Tensor.make(shape: [g.n, g.oh, g.ow, g.c]) { out in
            let y = out.baseAddress!
            Parallel.forEach(count: g.n * g.oh, grain: Swift.max(1, streamingGrain / Swift.max(g.ow * g.kh * g.kw * g.c, 1))) { range in
                for ip in range {
                    let (i, p) = ip.quotientAndRemainder(dividingBy: g.oh)
                    let image = source + i * imageSize
                    let rows = g.rowsInside(p)
                    for q in 0..<g.ow {
                        let columns = g.columnsInside(q)
                        let o = y + (ip * g.ow + q) * g.c
                        o.update(repeating: 0, count: g.c)
                        for u in rows.lo..<rows.hi {
                            for v in columns.lo..<columns.hi {
                                let at = image + ((rows.first + u) * g.w + columns.first + v) * g.c
                                for ch in 0..<g.c { o[ch] += at[ch] }
                            }
                        }
                        let scale = 1 / Float((rows.hi - rows.lo) * (columns.hi - columns.lo))
                        for ch in 0..<g.c { o[ch] *= scale }
                    }
                }
            }
        }
        let inputShape = x.shape
        return record(y, inputs: [x]) { grad in
            let dx = Tensor.make(shape: inputShape) { out in
                let dx = out.baseAddress!, gp = UnsafePointer(grad.base)
                Parallel.forEach(count: g.n, grain: Swift.max(1, streamingGrain / Swift.max(g.oh * g.ow * g.kh * g.kw * g.c, 1))) { range in
                    for i in range {
                        let image = dx + i * imageSize
                        image.update(repeating: 0, count: imageSize)
                        for p in 0..<g.oh {
                            let rows = g.rowsInside(p)
                            for q in 0..<g.ow {
                                let columns = g.columnsInside(q)
                                let o = gp + ((i * g.oh + p) * g.ow + q) * g.c
                                let scale = 1 / Float((rows.hi - rows.lo) * (columns.hi - columns.lo))
                                for u in rows.lo..<rows.hi {
                                    for v in columns.lo..<columns.hi {
                                        let at = image + ((rows.first + u) * g.w + columns.first + v) * g.c
                                        for ch in 0..<g.c { at[ch] += o[ch] * scale }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return [dx]
        }
    }

    private static func poolingGeometry(_ x: Tensor, poolSize: (Int, Int), strides: (Int, Int), padding: Padding,
                                        operation: String) -> WindowGeometry {
        require(x.rank == 4, "\(operation): expected images [n, h, w, channels]; got shape \(x.shape)")
        return WindowGeometry(input: x.shape, window: poolSize, strides: strides, dilation: (1, 1), padding: padding,
                              operation: "\(operation) of input \(x.shape) with pool size \(poolSize)")
    }
}
