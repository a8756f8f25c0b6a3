// The one entry point to matrix multiplication: C = α·op(A)·op(B) + β·C through CBLAS
// (OpenBLAS on Linux, Accelerate on Apple platforms). All matrices are row-major.

#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

enum BLAS {
    /// Products of fewer multiply-adds than this run on one BLAS thread: OpenBLAS splits any
    /// product above ~65 K multiply-adds across its threads, and for the seed's small layers
    /// (a validation batch of 143 × 30 × 30) the hand-off — its threads wake, then the caller
    /// spins in sched_yield until they finish — costs more than the arithmetic (6% of the
    /// cancer MLP's time, measured with perf).
    static let threadingThreshold = 1 << 20

    /// The thread count last given to OpenBLAS (0: not yet set by this module).
    nonisolated(unsafe) private static var current = 0

    @inline(__always)
    private static func useBLASThreads(forMultiplyAdds work: Int) {
        #if !canImport(Accelerate)
        let wanted = work < threadingThreshold ? 1 : Parallel.threadCount
        if wanted != current {
            current = wanted
            openblas_set_num_threads(Int32(wanted))
        }
        #endif
    }

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
        useBLASThreads(forMultiplyAdds: m * n * k)
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
