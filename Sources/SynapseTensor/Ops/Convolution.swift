// 2-D convolution, one tape node (the model of FusedDense.swift): the math below, run by one of
// two engines.
//
//   oneDNN (Linux, Kernels/OneDNNConvolution.swift): oneDNN's direct JIT convolution computes z
//   (with ReLU as a post-op), ∂K, and ∂x when the input has at least 16 channels, on NHWC
//   activations; ∂b is a column sum of each chunk's ∂z. The batch is cut into chunks of images,
//   one single-threaded oneDNN call each, spread over Parallel, with ∂K and ∂b summed from
//   per-chunk partials in chunk order. 2–5× faster per pass than im2col +
//   OpenBLAS on the benchmark CNNs (docs/BENCHMARKS.md, "2026-11-30 (oneDNN)").
//   im2col + GEMM (below): everywhere else — macOS, a build without libdnnl, pointwise (1×1)
//   kernels, shapes oneDNN has no fast kernel for, ∂x of inputs with fewer than 16 channels
//   (oneDNN was 2–6× slower there), and everything when SYNAPSE_ONEDNN=0.
//   Both give the same results to ~1e-6 relative (not to the bit: the sums run in other orders);
//   each is independent of the thread count.
//
//   x [n, h, w, c] (NHWC), K [kh, kw, c, f] (Keras's layout), b [f]; strides (sh, sw),
//   dilation (dh, dw), padding (pt, pl) before the first row and column.
//
//   im2col   cols[(i, p, q), (u, v, ch)] = x[i, p·sh + u·dh − pt, q·sw + v·dw − pl, ch]  (0 outside x)
//            rows = n·oh·ow, columns = kh·kw·c in the kernel's own memory order, so the kernel
//            as stored is the [kh·kw·c, f] matrix of the product
//   z = cols·K + b       y = f(z)   (y [n, oh, ow, f] is the [rows, f] matrix z, activated)
//
//   ∂z = g ⊙ f′          (f′ from y, as in FusedDense)
//   ∂K = colsᵀ·∂z        ∂b = Σ_rows ∂z
//   ∂cols = ∂z·Kᵀ        ∂x = col2im(∂cols): each element of ∂cols is added to the element of
//                        x that im2col copied it from (padding positions are dropped)
//
// One GEMM covers every image of the batch. The cols buffer is a workspace from the buffer pool,
// kept by the pullback for ∂K and returned to the pool with the graph. im2col writes disjoint
// rows, so it splits across threads by output row; col2im adds into dx and splits by image, so
// no two chunks touch the same element and the sums never depend on the thread count.
//
// Output sizes (Keras / TensorFlow), with the dilated window k' = (k − 1)·d + 1:
//   valid   o = ⌊(in − k') / s⌋ + 1, no padding
//   same    o = ⌈in / s⌉, total padding = max((o − 1)·s + k' − in, 0), before = total / 2

import CSynapseKernels

/// How a sliding window (convolution kernel or pooling window) treats the borders, as Keras's
/// `padding` argument.
public enum Padding: String, Sendable {
    /// No padding: windows lie wholly inside the input.
    case valid
    /// Zero padding (excluded positions for pooling) so that the output has ⌈input / stride⌉
    /// positions, split as TensorFlow does (the extra one, if odd, after).
    case same

    /// The number of output positions along an axis of `input` elements, for a window of
    /// `window` elements with `stride` and `dilation`; zero or less when a valid window does
    /// not fit.
    public func outputLength(input: Int, window: Int, stride: Int, dilation: Int = 1) -> Int {
        switch self {
        case .valid: return input - ((window - 1) * dilation + 1) < 0 ? 0 : (input - ((window - 1) * dilation + 1)) / stride + 1
        case .same: return (input + stride - 1) / stride
        }
    }

    /// The padding added before the first element along an axis (TensorFlow's rule).
    public func paddingBefore(input: Int, window: Int, stride: Int, dilation: Int = 1) -> Int {
        switch self {
        case .valid: return 0
        case .same:
            let output = outputLength(input: input, window: window, stride: stride, dilation: dilation)
            return Swift.max((output - 1) * stride + (window - 1) * dilation + 1 - input, 0) / 2
        }
    }
}

/// Where a window slides over an NHWC batch: the sizes shared by convolution, its im2col and
/// col2im, and pooling.
struct WindowGeometry {
    let n, h, w, c: Int
    let kh, kw: Int
    let sh, sw: Int
    let dh, dw: Int
    let oh, ow: Int
    let pt, pl: Int

    init(input shape: [Int], window: (Int, Int), strides: (Int, Int), dilation: (Int, Int), padding: Padding,
         operation: String) {
        require(window.0 > 0 && window.1 > 0 && strides.0 > 0 && strides.1 > 0 && dilation.0 > 0 && dilation.1 > 0,
                     "\(operation): window \(window), strides \(strides) and dilation \(dilation) must be positive")
        (n, h, w, c) = (shape[0], shape[1], shape[2], shape[3])
        (kh, kw) = window
        (sh, sw) = strides
        (dh, dw) = dilation
        oh = padding.outputLength(input: h, window: kh, stride: sh, dilation: dh)
        ow = padding.outputLength(input: w, window: kw, stride: sw, dilation: dw)
        pt = padding.paddingBefore(input: h, window: kh, stride: sh, dilation: dh)
        pl = padding.paddingBefore(input: w, window: kw, stride: sw, dilation: dw)
        require(h > 0 && w > 0 && oh > 0 && ow > 0,
                     "\(operation): window \(kh)×\(kw) (dilation \(dh)×\(dw)) does not fit the \(h)×\(w) input \(shape) with \(padding) padding")
    }

    /// The number of floats in one row of the cols matrix: kh·kw·c.
    var depth: Int { kh * kw * c }
    /// The number of rows of the cols matrix: n·oh·ow.
    var rows: Int { n * oh * ow }
    /// A 1×1 window with unit strides and no padding: cols is x itself.
    var isPointwise: Bool { kh == 1 && kw == 1 && sh == 1 && sw == 1 && pt == 0 && pl == 0 }

    /// The window's rows u in lo..<hi that fall inside the input for output row p, and the input
    /// row of u = 0 (dilation 1 only; pooling).
    @inline(__always)
    func rowsInside(_ p: Int) -> (first: Int, lo: Int, hi: Int) {
        let first = p * sh - pt
        return (first, Swift.max(0, -first), Swift.min(kh, h - first))
    }

    /// The same for columns, output column q.
    @inline(__always)
    func columnsInside(_ q: Int) -> (first: Int, lo: Int, hi: Int) {
        let first = q * sw - pl
        return (first, Swift.max(0, -first), Swift.min(kw, w - first))
    }

    /// The output columns q in lo..<hi whose whole window row lies inside the input (where a
    /// window row is one contiguous run of kw·c floats when dw = 1).
    @inline(__always)
    var interiorColumns: Range<Int> {
        let lo = Swift.min(ow, (pl + sw - 1) / sw)
        let span = (kw - 1) * dw + 1
        let hi = w + pl - span < 0 ? 0 : (w + pl - span) / sw + 1
        return lo..<Swift.max(lo, Swift.min(ow, hi))
    }

    /// Fills cols [n·oh·ow, kh·kw·c] from x [n, h, w, c] (see the file's header). For each
    /// output row and window row u, the columns whose window lies inside copy one run each;
    /// only the border columns check every tap.
    func im2col(_ x: UnsafePointer<Float>, _ cols: UnsafeMutablePointer<Float>) {
        let depth = self.depth, rowLength = ow * depth, run = kw * c
        let interior = interiorColumns
        Parallel.forEach(count: n * oh, grain: Swift.max(1, streamingGrain / Swift.max(rowLength, 1))) { range in
            for ip in range {
                let (i, p) = ip.quotientAndRemainder(dividingBy: oh)
                let image = x + i * h * w * c
                let row = cols + ip * rowLength
                for u in 0..<kh {
                    let iy = p * sh + u * dh - pt
                    let dst = row + u * run
                    guard iy >= 0 && iy < h else {
                        for q in 0..<ow { (dst + q * depth).update(repeating: 0, count: run) }
                        continue
                    }
                    let line = image + iy * w * c
                    if dw == 1 {
                        for q in interior { copy(line + (q * sw - pl) * c, dst + q * depth, run) }
                    }
                    for q in 0..<ow where dw != 1 || !interior.contains(q) {
                        let x0 = q * sw - pl
                        for v in 0..<kw {
                            let ix = x0 + v * dw
                            let to = dst + q * depth + v * c
                            if ix >= 0 && ix < w { copy(line + ix * c, to, c) } else { to.update(repeating: 0, count: c) }
                        }
                    }
                }
            }
        }
    }

    /// dx [n, h, w, c] = col2im(dcols): zeroes dx, then adds each element of dcols to the element
    /// of x that im2col copied it from. Split by image, so chunks never add into the same element;
    /// within an image the additions run in a fixed order.
    func col2im(_ dcols: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>) {
        let depth = self.depth, imageSize = h * w * c, run = kw * c, rowLength = ow * depth
        let interior = interiorColumns
        Parallel.forEach(count: n, grain: Swift.max(1, streamingGrain / Swift.max(oh * rowLength, 1))) { range in
            for i in range {
                let image = dx + i * imageSize
                image.update(repeating: 0, count: imageSize)
                for p in 0..<oh {
                    let row = dcols + (i * oh + p) * rowLength
                    for u in 0..<kh {
                        let iy = p * sh + u * dh - pt
                        guard iy >= 0 && iy < h else { continue }
                        let line = image + iy * w * c
                        let src = row + u * run
                        if dw == 1 {
                            for q in interior { accumulate(src + q * depth, line + (q * sw - pl) * c, run) }
                        }
                        for q in 0..<ow where dw != 1 || !interior.contains(q) {
                            let x0 = q * sw - pl
                            for v in 0..<kw {
                                let ix = x0 + v * dw
                                if ix >= 0 && ix < w { accumulate(src + q * depth + v * c, line + ix * c, c) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// dst[0..<count] = src[0..<count]: short runs (a few pixels of few channels) four floats at a
/// time without a call, long ones through memcpy.
@inline(__always)
private func copy(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
    if count >= 64 { dst.update(from: src, count: count); return }
    var k = 0
    while k + 4 <= count {
        UnsafeMutableRawPointer(dst + k).storeBytes(of: UnsafeRawPointer(src + k).loadUnaligned(as: SIMD4<Float>.self),
                                                    as: SIMD4<Float>.self)
        k += 4
    }
    while k < count { dst[k] = src[k]; k += 1 }
}

/// dst[0..<count] += src[0..<count].
@inline(__always)
private func accumulate(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
    if count >= 64 { syn_add(dst, src, dst, count); return }
    var k = 0
    while k + 4 <= count {
        let sum = UnsafeRawPointer(dst + k).loadUnaligned(as: SIMD4<Float>.self) + UnsafeRawPointer(src + k).loadUnaligned(as: SIMD4<Float>.self)
        UnsafeMutableRawPointer(dst + k).storeBytes(of: sum, as: SIMD4<Float>.self)
        k += 4
    }
    while k < count { dst[k] += src[k]; k += 1 }
}

extension Tensor {
    /// A 2-D convolution f(conv(x, K) + b) as one operation with a hand-written backward pass
    /// (Keras's Conv2D with channels last).
    ///
    /// - Parameters:
    ///   - x: the images, [n, h, w, c].
    ///   - kernel: the filters, [kh, kw, c, f].
    ///   - bias: [f], or nil.
    ///   - strides: the step between windows, (rows, columns).
    ///   - padding: `.valid` or `.same` (see `Padding`).
    ///   - dilation: the step between a window's taps, (rows, columns).
    ///   - activation: the activation fused into the output pass.
    /// - Returns: [n, oh, ow, f]. Shapes that do not fit trap with both shapes in the message
    ///   (layers such as `Conv2D` check them first and throw).
    public static func conv2D(_ x: Tensor, kernel: Tensor, bias: Tensor?, strides: (Int, Int) = (1, 1),
                              padding: Padding = .valid, dilation: (Int, Int) = (1, 1),
                              activation: FusedActivation = .linear) -> Tensor {
        conv2D(x, kernel: kernel, bias: bias, strides: strides, padding: padding, dilation: dilation,
               activation: activation, engine: .automatic)
    }

    /// Which code computes a convolution (see the file's header).
    enum ConvolutionEngine {
        /// oneDNN where it applies, else im2col + GEMM.
        case automatic
        /// im2col + GEMM always (the tests compare the two).
        case im2col
    }

    /// `conv2D` with the engine chosen by the caller.
    static func conv2D(_ x: Tensor, kernel: Tensor, bias: Tensor?, strides: (Int, Int), padding: Padding,
                       dilation: (Int, Int), activation: FusedActivation, engine: ConvolutionEngine) -> Tensor {
        require(x.rank == 4 && kernel.rank == 4 && x.shape[3] == kernel.shape[2] && kernel.shape[2] > 0,
                     "conv2D: input \(x.shape) [n, h, w, channels] does not fit kernel \(kernel.shape) [kh, kw, channels, filters]")
        let f = kernel.shape[3]
        require(f > 0, "conv2D: kernel \(kernel.shape) has no filters")
        if let bias { require(bias.shape == [f], "conv2D: bias \(bias.shape) does not fit kernel \(kernel.shape)") }
        let geometry = WindowGeometry(input: x.shape, window: (kernel.shape[0], kernel.shape[1]), strides: strides,
                                      dilation: dilation, padding: padding, operation: "conv2D of input \(x.shape) with kernel \(kernel.shape)")
        if engine == .automatic,
           let oneDNN = OneDNNConvolution.forShape(geometry, filters: f, bias: bias != nil, relu: activation == .relu) {
            return conv2DOneDNN(x, kernel: kernel, bias: bias, geometry: geometry, activation: activation, oneDNN: oneDNN)
        }
        let (rows, depth) = (geometry.rows, geometry.depth)

        // cols: x itself for a pointwise kernel, else a pooled workspace the pullback keeps.
        let workspace: PooledBuffer? = geometry.isPointwise ? nil : PooledBuffer(count: rows * depth)
        if let workspace { geometry.im2col(x.base, workspace.base) }
        let cols: PooledBuffer = workspace ?? x.storage
        let y = Tensor.make(shape: [geometry.n, geometry.oh, geometry.ow, f]) { out in
            BLAS.gemm(transposeA: false, transposeB: false, m: rows, n: f, k: depth,
                      a: cols.base, lda: depth, b: kernel.base, ldb: f, c: out.baseAddress!, ldc: f)
            addBiasAndActivate(out.baseAddress!, rows: rows, cols: f, bias: bias, activation: activation)
        }
        y.storage.isReLUOutput = activation == .relu
        let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
        let (needsDx, needsDk, needsDb) = (x.requiresGradient, kernel.requiresGradient, bias?.requiresGradient ?? false)
        return record(y, inputs: inputs) { g in
            let dz = activation.gradient(g, output: y)
            let dx = needsDx ? im2colInputGradient(dz, kernel: kernel, geometry: geometry) : nil
            var dk: Tensor?
            if needsDk {
                dk = Tensor.make(shape: kernel.shape) { out in
                    if rows == 0 { out.initialize(repeating: 0); return }
                    BLAS.gemm(transposeA: true, transposeB: false, m: depth, n: f, k: rows,
                              a: cols.base, lda: depth, b: dz.base, ldb: f, c: out.baseAddress!, ldc: f)
                }
            }
            var result: [Tensor?] = [dx, dk]
            if bias != nil {
                result.append(needsDb ? Tensor(shape: [f], storage: dz.columnSums(rows: rows, cols: f)) : nil)
            }
            return result
        }
    }

    /// ∂x = col2im(∂z·Kᵀ) (for a pointwise kernel, ∂z·Kᵀ itself).
    private static func im2colInputGradient(_ dz: Tensor, kernel: Tensor, geometry: WindowGeometry) -> Tensor {
        let (rows, depth, f) = (geometry.rows, geometry.depth, kernel.shape[3])
        return Tensor.make(shape: [geometry.n, geometry.h, geometry.w, geometry.c]) { out in
            if geometry.isPointwise {
                BLAS.gemm(transposeA: false, transposeB: true, m: rows, n: depth, k: f,
                          a: dz.base, lda: f, b: kernel.base, ldb: f, c: out.baseAddress!, ldc: depth)
                return
            }
            let dcols = PooledBuffer(count: rows * depth)
            BLAS.gemm(transposeA: false, transposeB: true, m: rows, n: depth, k: f,
                      a: dz.base, lda: f, b: kernel.base, ldb: f, c: dcols.base, ldc: depth)
            geometry.col2im(dcols.base, out.baseAddress!)
            withExtendedLifetime(dcols) {}
        }
    }

    /// The same convolution on oneDNN's primitives: z = conv(x, K) + b by oneDNN, ReLU inside it
    /// or another f in place after; ∂K by oneDNN, ∂b by column sums beside it, ∂x by oneDNN where
    /// it has a fast kernel (else col2im, as above).
    private static func conv2DOneDNN(_ x: Tensor, kernel: Tensor, bias: Tensor?, geometry: WindowGeometry,
                                     activation: FusedActivation, oneDNN: OneDNNConvolution) -> Tensor {
        let f = kernel.shape[3]
        let y = Tensor.make(shape: [geometry.n, geometry.oh, geometry.ow, f]) { out in
            oneDNN.forward(x: x.base, kernel: kernel.base, bias: bias.map { UnsafePointer($0.base) }, y: out.baseAddress!)
            if !oneDNN.appliesReLU {
                addBiasAndActivate(out.baseAddress!, rows: geometry.rows, cols: f, bias: nil, activation: activation)
            }
        }
        y.storage.isReLUOutput = activation == .relu
        let inputs = bias.map { [x, kernel, $0] } ?? [x, kernel]
        let (needsDx, needsDk, needsDb) = (x.requiresGradient, kernel.requiresGradient, bias?.requiresGradient ?? false)
        return record(y, inputs: inputs) { g in
            let dz = activation.gradient(g, output: y)
            var dx: Tensor?
            if needsDx {
                dx = oneDNN.hasBackwardData
                    ? Tensor.make(shape: x.shape) { out in oneDNN.backwardData(dy: dz.base, kernel: kernel.base, dx: out.baseAddress!) }
                    : im2colInputGradient(dz, kernel: kernel, geometry: geometry)
            }
            var dk: Tensor?, db: Tensor?
            if needsDk || needsDb {
                let dkStorage = PooledBuffer(count: kernel.count)
                let dbStorage = PooledBuffer(count: f)
                oneDNN.backwardWeights(x: x.base, dy: dz.base, dk: dkStorage.base, db: dbStorage.base)
                if needsDk { dk = Tensor(shape: kernel.shape, storage: dkStorage) }
                if needsDb { db = Tensor(shape: [f], storage: dbStorage) }
            }
            return bias != nil ? [dx, dk, db] : [dx, dk]
        }
    }
}
