// oneDNN's convolution primitives for Tensor.conv2D (Ops/Convolution.swift), through CSynapseDNNL.
//
// oneDNN (Debian's libdnnl-dev, what PyTorch and TensorFlow run on CPUs) convolves directly with
// JIT kernels at 100–118 GFLOP/s per core on the benchmark CNNs, against 30–58 for im2col +
// OpenBLAS (Benchmarks/onednn/RESULTS.md). It is used on Linux when the library is there, for
// every non-pointwise convolution it has a fast kernel for, unless SYNAPSE_ONEDNN=0.
//
// Threads and determinism: the batch is cut into chunks of images whose boundaries depend on the
// batch size alone; each chunk is one single-threaded oneDNN call, and Parallel spreads the chunks
// over Synapse's own threads. ∂K and ∂b are summed from per-chunk partials in chunk order. So a
// result is the same to the bit with 1, 2 or 8 threads, and no OpenMP team ever spins beside the
// pool (OpenBLAS's own threads once cost 30% of an epoch; Kernels/BLAS.swift).
//
// Memory: the primitives of a shape, their scratchpads and oneDNN's blocked copies of the kernel
// are made on first use and cached (ShapeCache), so a warm training step creates and allocates
// nothing here.

import CSynapseDNNL
import CSynapseKernels
import Foundation

/// The oneDNN primitives of one convolution shape (see the file's header).
final class OneDNNConvolution: @unchecked Sendable {
    private let handle: OpaquePointer
    /// The number of chunks the batch is cut into.
    let chunks: Int
    /// Whether ∂x runs on oneDNN too. Not when the input has fewer than 16 channels: oneDNN's
    /// backward-data kernels were 2–6× slower than col2im there (a first layer, whose input
    /// needs no gradient in training anyway).
    let hasBackwardData: Bool
    /// Whether the forward pass applies ReLU itself (a oneDNN post-op).
    let appliesReLU: Bool
    private let description: String
    /// The shape it was made for (`shape.chunk` images per chunk; the last may be shorter).
    private let shape: syn_dnnl_conv_shape

    /// The smallest input depth for which ∂x runs on oneDNN.
    static let backwardDataMinimumChannels = 16
    /// The fewest images in a chunk: 8 keeps oneDNN at its full speed on the benchmark shapes
    /// (measured 100–110 GFLOP/s at 8 images, as at 32) and gives a batch of 32 four chunks.
    static let minimumChunkImages = 8

    /// Whether oneDNN may run: built in, its engine starts, and SYNAPSE_ONEDNN is not 0.
    static let isEnabled: Bool = {
        if let text = ProcessInfo.processInfo.environment["SYNAPSE_ONEDNN"], text == "0" { return false }
        return syn_dnnl_available() != 0
    }()

    private init?(_ shape: syn_dnnl_conv_shape, description: String) {
        var shape = shape
        var error = [CChar](repeating: 0, count: 256)
        guard let handle = syn_dnnl_conv_create(&shape, &error, Int32(error.count)) else { return nil }
        self.handle = handle
        chunks = syn_dnnl_conv_chunks(handle)
        hasBackwardData = syn_dnnl_conv_has_backward_data(handle) != 0
        appliesReLU = shape.relu != 0
        self.shape = shape
        self.description = description
    }

    deinit { syn_dnnl_conv_destroy(handle) }

    /// oneDNN's name for the kernel of pass 0 (forward), 1 (backward-data) or 2 (backward-weights).
    func implementation(pass: Int) -> String { String(cString: syn_dnnl_conv_implementation(handle, Int32(pass))) }

    /// The primitives for a convolution of `geometry` with `filters` filters, or nil where oneDNN
    /// is disabled or has no fast kernel for the shape (then conv2D keeps im2col + GEMM). With
    /// `relu`, the forward pass applies ReLU to its output.
    static func forShape(_ geometry: WindowGeometry, filters: Int, bias: Bool, relu: Bool) -> OneDNNConvolution? {
        guard isEnabled, !geometry.isPointwise, geometry.rows > 0 else { return nil }
        let g = geometry
        let key = [g.n, g.h, g.w, g.c, g.kh, g.kw, filters, g.sh, g.sw, g.dh, g.dw, g.pt, g.pl, g.oh, g.ow, bias ? 1 : 0, relu ? 1 : 0]
        return ShapeCache.shared.value(for: key) {
            // Padding after: what makes oneDNN's output size formula give (oh, ow).
            let pb = Swift.max(0, (g.oh - 1) * g.sh + (g.kh - 1) * g.dh + 1 - g.h - g.pt)
            let pr = Swift.max(0, (g.ow - 1) * g.sw + (g.kw - 1) * g.dw + 1 - g.w - g.pl)
            let chunk = Swift.max(minimumChunkImages, (g.n + Parallel.maxChunks - 1) / Parallel.maxChunks)
            let shape = syn_dnnl_conv_shape(
                n: g.n, h: g.h, w: g.w, c: g.c, kh: g.kh, kw: g.kw, f: filters, sh: g.sh, sw: g.sw, dh: g.dh, dw: g.dw,
                pt: g.pt, pl: g.pl, pb: pb, pr: pr, oh: g.oh, ow: g.ow, chunk: chunk, bias: bias ? 1 : 0, relu: relu ? 1 : 0,
                backward_data: g.c >= backwardDataMinimumChannels ? 1 : 0)
            return OneDNNConvolution(shape, description: "input [\(g.n), \(g.h), \(g.w), \(g.c)], kernel [\(g.kh), \(g.kw), \(g.c), \(filters)]")
        }
    }

    // MARK: Passes (each holds the handle's lock: the blocked kernels and partials are its own)

    /// y = conv(x, K) + b, then ReLU when `appliesReLU`.
    func forward(x: UnsafePointer<Float>, kernel: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                 y: UnsafeMutablePointer<Float>) {
        syn_dnnl_conv_lock(handle)
        defer { syn_dnnl_conv_unlock(handle) }
        check(syn_dnnl_conv_prepare_forward(handle, kernel, bias), "forward")
        Parallel.forEach(count: chunks, grain: 1) { range in
            for chunk in range { self.check(syn_dnnl_conv_forward(self.handle, chunk, x, y), "forward") }
        }
        OneDNNConvolution.count(OneDNNConvolution.forwardCalls)
    }

    /// dx = ∂x from dy = ∂z (only when `hasBackwardData`).
    func backwardData(dy: UnsafePointer<Float>, kernel: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>) {
        syn_dnnl_conv_lock(handle)
        defer { syn_dnnl_conv_unlock(handle) }
        check(syn_dnnl_conv_prepare_backward_data(handle, kernel), "backward-data")
        Parallel.forEach(count: chunks, grain: 1) { range in
            for chunk in range { self.check(syn_dnnl_conv_backward_data(self.handle, chunk, dy, dx), "backward-data") }
        }
        OneDNNConvolution.count(OneDNNConvolution.backwardDataCalls)
    }

    /// dk = ∂K (HWIO) and db = ∂b (if not nil) from x and dy = ∂z. oneDNN computes each chunk's
    /// ∂K; ∂b is each chunk's column sum of dy, taken right after, while the chunk's dy is still
    /// in cache. Both are summed over the chunks in chunk order.
    func backwardWeights(x: UnsafePointer<Float>, dy: UnsafePointer<Float>, dk: UnsafeMutablePointer<Float>,
                         db: UnsafeMutablePointer<Float>?) {
        syn_dnnl_conv_lock(handle)
        defer { syn_dnnl_conv_unlock(handle) }
        let (f, rowsPerImage, images, chunkImages) = (shape.f, shape.oh * shape.ow, shape.n, shape.chunk)
        let partials = db.map { _ in PooledBuffer(count: chunks * f, repeating: 0) }
        Parallel.forEach(count: chunks, grain: 1) { range in
            for chunk in range {
                self.check(syn_dnnl_conv_backward_weights(self.handle, chunk, x, dy), "backward-weights")
                if let partials {
                    let first = chunk * chunkImages, count = Swift.min(images, first + chunkImages) - first
                    syn_sum_cols_accumulate(dy + first * rowsPerImage * f, partials.base + chunk * f, count * rowsPerImage, f)
                }
            }
        }
        check(syn_dnnl_conv_finish_backward_weights(handle, dk), "backward-weights")
        if let db, let partials {
            db.update(from: partials.base, count: f)
            for chunk in 1..<Swift.max(chunks, 1) { syn_add(db, partials.base + chunk * f, db, f) }
        }
        OneDNNConvolution.count(OneDNNConvolution.backwardWeightsCalls)
    }

    private func check(_ status: Int32, _ pass: String) {
        require(status == 0, "conv2D: oneDNN's \(pass) pass failed with status \(status) for \(description); SYNAPSE_ONEDNN=0 turns oneDNN off")
    }

    // MARK: Counters, so that tests can tell which engine ran

    static let forwardCalls = counter()
    static let backwardDataCalls = counter()
    static let backwardWeightsCalls = counter()

    private static func counter() -> UnsafeMutablePointer<Int> {
        let p = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }

    private static func count(_ counter: UnsafeMutablePointer<Int>) { _ = syn_atomic_add(counter, 1) }

    /// The passes run on oneDNN so far in this process: (forward, backward-data, backward-weights).
    static var calls: (forward: Int, backwardData: Int, backwardWeights: Int) {
        (syn_atomic_load(forwardCalls), syn_atomic_load(backwardDataCalls), syn_atomic_load(backwardWeightsCalls))
    }
}

/// The primitives of the shapes seen so far (nil where oneDNN declined a shape, so that it is not
/// asked again). Bounded: past `limit` shapes it starts over; a dropped entry lives on while a
/// graph still uses it.
private final class ShapeCache: @unchecked Sendable {
    static let shared = ShapeCache()
    private static let limit = 64
    private let lock = NSLock()
    private var entries: [[Int]: OneDNNConvolution?] = [:]

    func value(for key: [Int], make: () -> OneDNNConvolution?) -> OneDNNConvolution? {
        lock.lock()
        defer { lock.unlock() }
        if let entry = entries[key] { return entry }
        if entries.count >= ShapeCache.limit { entries.removeAll() }
        let value = make()
        entries[key] = value
        return value
    }
}
