// The bridge from tensors to the vectorised C kernels (CSynapseKernels) and the parallel-for.
//
// Every elementwise op runs one C loop per chunk of the parallel-for: the C target carries
// AVX-512, AVX2 and baseline versions of each loop and picks one when the program starts
// (function multi-versioning), so a release build compiled for baseline x86-64 still runs
// 16-wide vectors on a CPU that has them. exp, log, tanh and sigmoid are polynomial
// approximations within 2 ulp of the C library (CSynapseKernels' header and VectorMathTests).
//
// Grains — the fewest elements worth waking a second thread for — were measured with
// `synapse bench elementwise` (docs/BENCHMARKS.md): a transcendental function costs ~0.4–1 ns
// per element per core, so 32 K elements (13–30 µs) pay for the ~10 µs of waking a worker;
// a streaming op (add, multiply) costs ~0.1 ns and needs 256 K.

import CSynapseKernels

/// The grain of exp, log, tanh, sigmoid and softmax.
let transcendentalGrain = 1 << 15
/// The grain of streaming ops (add, multiply, relu, copies).
let streamingGrain = 1 << 18

/// A unary C loop: y[i] = f(x[i]) for i in 0..<n.
typealias UnaryKernel = (UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void
/// A binary C loop: y[i] = f(a[i], b[i]).
typealias BinaryKernel = (UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void
/// A C loop with a scalar operand: y[i] = f(a[i], s).
typealias ScalarKernel = (UnsafePointer<Float>?, Float, UnsafeMutablePointer<Float>?, Int) -> Void

extension Tensor {
    /// A new tensor y = kernel(self), split across threads above `grain` elements.
    @inline(__always)
    func apply(_ kernel: UnaryKernel, grain: Int) -> Tensor {
        let x = UnsafePointer(base)
        return Tensor.make(shape: shape) { y in
            let y = y.baseAddress!
            Parallel.forEach(count: count, grain: grain) { r in kernel(x + r.lowerBound, y + r.lowerBound, r.count) }
        }
    }

    /// A new tensor y = kernel(self, other) for same-shaped tensors.
    @inline(__always)
    func apply(_ kernel: BinaryKernel, _ other: Tensor, grain: Int) -> Tensor {
        require(shape == other.shape, "elementwise kernel: shapes \(shape) and \(other.shape) differ")
        let (a, b) = (UnsafePointer(base), UnsafePointer(other.base))
        return Tensor.make(shape: shape) { y in
            let y = y.baseAddress!
            Parallel.forEach(count: count, grain: grain) { r in
                kernel(a + r.lowerBound, b + r.lowerBound, y + r.lowerBound, r.count)
            }
        }
    }

    /// A new tensor y = kernel(self, s).
    @inline(__always)
    func apply(_ kernel: ScalarKernel, _ s: Float, grain: Int) -> Tensor {
        let a = UnsafePointer(base)
        return Tensor.make(shape: shape) { y in
            let y = y.baseAddress!
            Parallel.forEach(count: count, grain: grain) { r in kernel(a + r.lowerBound, s, y + r.lowerBound, r.count) }
        }
    }

    /// The sum of all elements, in Double: one fixed-order partial sum per chunk (the C kernel's
    /// 16 accumulators), the partials added in chunk order, so the result does not depend on the
    /// thread count.
    func sumOfElements() -> Double {
        let n = count
        let chunks = Parallel.chunkCount(count: n, grain: streamingGrain)
        guard chunks > 1 else { return syn_sum(base, n) }
        let x = UnsafePointer(base)
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: chunks) { partials in
            let p = partials.baseAddress!
            Parallel.forEach(count: n, grain: streamingGrain) { c, r in p[c] = syn_sum(x + r.lowerBound, r.count) }
            var total = 0.0
            for c in 0..<chunks { total += p[c] }
            return total
        }
    }

    /// Row sums of a tensor read as [rows, cols]: [rows], rows split across threads.
    func rowSums(rows: Int, cols: Int) -> PooledBuffer {
        let out = PooledBuffer(count: rows)
        let (x, y) = (UnsafePointer(base), out.base)
        Parallel.forEach(count: rows, grain: Swift.max(1, streamingGrain / Swift.max(cols, 1))) { r in
            syn_sum_rows(x + r.lowerBound * cols, y + r.lowerBound, r.count, cols)
        }
        return out
    }

    /// Column sums of a tensor read as [rows, cols]: [cols]. Rows are cut into the parallel-for's
    /// chunks; each chunk sums its rows into a partial row (in double, a 256-column block at a
    /// time), and the partials are added in chunk order — the same result for any thread count.
    func columnSums(rows: Int, cols: Int) -> PooledBuffer {
        let out = PooledBuffer(count: cols, repeating: 0)
        let x = UnsafePointer(base)
        let grain = Swift.max(1, streamingGrain / Swift.max(cols, 1))
        let chunks = Parallel.chunkCount(count: rows, grain: grain)
        if chunks <= 1 {
            syn_sum_cols_accumulate(x, out.base, rows, cols)
            return out
        }
        let partials = PooledBuffer(count: chunks * cols, repeating: 0)
        let p = partials.base
        Parallel.forEach(count: rows, grain: grain) { c, r in
            syn_sum_cols_accumulate(x + r.lowerBound * cols, p + c * cols, r.count, cols)
        }
        for c in 0..<chunks { syn_add(out.base, p + c * cols, out.base, cols) }
        withExtendedLifetime(partials) {}
        return out
    }
}
