// The one entry point to matrix multiplication: C = α·op(A)·op(B) + β·C through CBLAS
// (OpenBLAS on Linux, Accelerate on Apple platforms). All matrices are row-major.

#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

enum BLAS {
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
        cblas_sgemm(CblasRowMajor,
                    transposeA ? CblasTrans : CblasNoTrans,
                    transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
}
