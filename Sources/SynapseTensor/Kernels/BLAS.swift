// The one entry point to matrix multiplication: C = α·op(A)·op(B) + β·C through CBLAS
// (OpenBLAS on Linux, Accelerate on Apple platforms). All matrices are row-major.

#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

enum BLAS {
    /// Products of at least this many multiply-adds are split across threads.
    ///
    /// OpenBLAS runs on one thread (set once, when the thread pool starts); large products are
    /// cut into blocks of rows (or of columns, when C is wide) on our own parallel-for, one
    /// single-threaded GEMM per block. Measured on the MNIST CNN: with OpenBLAS's own threads,
    /// its idle workers spin in sched_yield on the second core while our kernels run there,
    /// and its caller spins while they work — 30% of an epoch's samples were in sched_yield and
    /// the scheduler. Each block is a whole set of output rows (or columns) computed by one
    /// GEMM, so the result does not depend on how the blocks fall, and the blocks depend only
    /// on the shape anyway.
    static let threadingThreshold = 1 << 20
    /// The fewest rows (or columns) worth a block of their own.
    static let minimumBlock = 64
    /// The multiply-adds a block aims at: each block packs its share of A and the whole of B
    /// (or the reverse), so blocks of ~4 M multiply-adds keep the repacking small (64-row
    /// blocks of CIFAR's second convolution repacked its kernel 61 times a call: 19% of the time).
    static let blockWork = 1 << 22
    /// The shortest block of k when a long inner dimension is split (see gemm).
    static let longKBlock = 256

    /// C[m×n] = α · op(A)[m×k] · op(B)[k×n] + β · C, with op = transpose where asked.
    /// `lda`, `ldb`, `ldc` are the row lengths of A, B and C as stored.
    @inline(__always)
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                     alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                     b: UnsafePointer<Float>, ldb: Int,
                     beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0 && n > 0 else { return }
        guard k > 0 else {
            // BLAS leaves C alone when k = 0; the product of empty matrices is zero.
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] *= beta } }
            return
        }
        // The blocks depend on the shape alone, never on the thread count (one thread runs them in
        // turn), so a product is computed the same way — to the bit — with 1 or 8 threads.
        _ = Parallel.threadCount   // starts the pool, which puts OpenBLAS on one thread
        guard m * n * k >= threadingThreshold else {
            single(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
            return
        }
        let smallC = m < 2 * minimumBlock && n < 2 * minimumBlock && k >= 4 * minimumBlock
        // A weight gradient summed over many rows (a recurrent layer's ∂U = H_prevᵀ·∂Z over n·T
        // rows): C fits in a few MB and k is long. Row or column blocks would each repack the
        // whole of the long operand (16 blocks of ∂U packed H_prev 16 times: a fifth of an LSTM
        // step); blocks of k pack every element once, into at most 8 partials.
        let longK = m * n <= 1 << 20 && k >= 2 * Swift.max(m, n) && k >= 8 * longKBlock
        if smallC || longK {
            // Blocks of k, each product into its own partial C, the partials then added in block
            // order (a convolution's ∂K = colsᵀ·∂z, a recurrent layer's ∂U).
            let grain = longK && !smallC ? Swift.max(longKBlock, (k + 7) / 8)
                : Swift.max(minimumBlock, threadingThreshold / Swift.max(m * n, 1))
            let blocks = Parallel.chunkCount(count: k, grain: grain)
            let partials = PooledBuffer(count: blocks * m * n)
            let p = partials.base
            Parallel.forEach(count: k, grain: grain) { block, ks in
                let a0 = transposeA ? a + ks.lowerBound * lda : a + ks.lowerBound
                let b0 = transposeB ? b + ks.lowerBound : b + ks.lowerBound * ldb
                single(transposeA, transposeB, m, n, ks.count, 1, a0, lda, b0, ldb, 0, p + block * m * n, n)
            }
            Parallel.forEach(count: m, grain: Swift.max(1, (1 << 16) / Swift.max(n * blocks, 1))) { rows in
                for i in rows {
                    for j in 0..<n {
                        var sum: Float = 0
                        for block in 0..<blocks { sum += p[block * m * n + i * n + j] }
                        c[i * ldc + j] = beta == 0 ? alpha * sum : alpha * sum + beta * c[i * ldc + j]
                    }
                }
            }
            withExtendedLifetime(partials) {}
        } else if m >= n {
            // Blocks of rows of C: rows of op(A).
            let grain = Swift.max(minimumBlock, blockWork / Swift.max(n * k, 1))
            Parallel.forEach(count: m, grain: grain) { rows in
                let a0 = transposeA ? a + rows.lowerBound : a + rows.lowerBound * lda
                single(transposeA, transposeB, rows.count, n, k, alpha, a0, lda, b, ldb, beta, c + rows.lowerBound * ldc, ldc)
            }
        } else {
            // Blocks of columns of C: columns of op(B).
            let grain = Swift.max(minimumBlock, blockWork / Swift.max(m * k, 1))
            Parallel.forEach(count: n, grain: grain) { columns in
                let b0 = transposeB ? b + columns.lowerBound * ldb : b + columns.lowerBound
                single(transposeA, transposeB, m, columns.count, k, alpha, a, lda, b0, ldb, beta, c + columns.lowerBound, ldc)
            }
        }
    }

    @inline(__always)
    private static func single(_ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int,
                               _ alpha: Float, _ a: UnsafePointer<Float>, _ lda: Int,
                               _ b: UnsafePointer<Float>, _ ldb: Int,
                               _ beta: Float, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
