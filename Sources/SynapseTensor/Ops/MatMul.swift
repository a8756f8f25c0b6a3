// Matrix multiplication, plain and batched.
//
//   C = A · B,  A [..., m, k],  B [..., k, n]  →  C [..., m, n]  (leading batch dimensions
//   broadcast as in NumPy's matmul; a rank-2 operand is shared by every batch)
//   ∂A = g · Bᵀ     ∂B = Aᵀ · g     (each summed over the batches it was broadcast across)

extension Tensor {
    /// The matrix product with `other` (batched over leading dimensions).
    public func matmul(_ other: Tensor) -> Tensor {
        Tensor.matmul(self, other, transposeA: false, transposeB: false)
    }

    /// Why op(a) · op(b) cannot be taken for operands of these shapes, or nil when it can: the
    /// message `matmul` stops with and `checked.matmul` throws.
    static func matmulProblem(_ a: [Int], _ b: [Int], transposeA: Bool = false, transposeB: Bool = false) -> String? {
        guard a.count >= 2 && b.count >= 2 else { return "matmul needs operands of rank 2 or more; got shapes \(a) and \(b)" }
        let k = transposeA ? a[a.count - 2] : a[a.count - 1], k2 = transposeB ? b[b.count - 1] : b[b.count - 2]
        guard k == k2 else { return "matmul: shapes \(a) and \(b) do not align (inner dimensions \(k) and \(k2))" }
        guard broadcastShapeIfPossible(Array(a.dropLast(2)), Array(b.dropLast(2))) != nil else {
            return "matmul: batch dimensions of shapes \(a) and \(b) cannot be broadcast"
        }
        return nil
    }

    /// op(A) · op(B), where op transposes the last two dimensions when asked. Fusing the
    /// transposes into the GEMM call saves a copy in the backward pass.
    static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) -> Tensor {
        if let problem = matmulProblem(a.shape, b.shape, transposeA: transposeA, transposeB: transposeB) { fatalError(problem) }
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = transposeA ? (ac, ar) : (ar, ac)
        let n = transposeB ? br : bc
        let aBatch = Array(a.shape.dropLast(2)), bBatch = Array(b.shape.dropLast(2))
        let batch = broadcastShapeIfPossible(aBatch, bBatch)!
        let batches = batch.reduce(1, *)
        let aStride = aBatch.reduce(1, *) == 1 ? 0 : m * k
        let bStride = bBatch.reduce(1, *) == 1 ? 0 : k * n
        let aIndex = batchIndices(aBatch, in: batch), bIndex = batchIndices(bBatch, in: batch)
        if a.count == 0 || b.count == 0 {
            return record(Tensor.zeros(batch + [m, n]), inputs: [a, b]) { _ in
                [a.requiresGradient ? Tensor.zeros(a.shape) : nil, b.requiresGradient ? Tensor.zeros(b.shape) : nil]
            }
        }
        let y = a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                Tensor.make(shape: batch + [m, n]) { cp in
                    if batches > 1 && aStride != 0 && bStride == 0 && !transposeA {
                        // A shared B: A's batches stacked as the rows of one matrix, one GEMM.
                        BLAS.gemm(transposeA: false, transposeB: transposeB, m: batches * m, n: n, k: k,
                                  a: ap.baseAddress!, lda: ac, b: bp.baseAddress!, ldb: bc,
                                  c: cp.baseAddress!, ldc: n)
                        return
                    }
                    for i in 0..<batches {
                        BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                  a: ap.baseAddress! + aIndex[i] * m * k, lda: ac,
                                  b: bp.baseAddress! + bIndex[i] * k * n, ldb: bc,
                                  c: cp.baseAddress! + i * m * n, ldc: n)
                    }
                }
            }
        }
        return record(y, inputs: [a, b]) { g in
            // dA = g·op(B)ᵀ (then transposed back if A was used transposed); dB likewise.
            let da = !a.requiresGradient ? nil : (transposeA
                ? matmul(b, g, transposeA: transposeB, transposeB: true)
                : matmul(g, b, transposeA: false, transposeB: !transposeB)).sumToShape(a.shape)
            let db = !b.requiresGradient ? nil : (transposeB
                ? matmul(g, a, transposeA: true, transposeB: transposeA)
                : matmul(a, g, transposeA: !transposeA, transposeB: false)).sumToShape(b.shape)
            return [da, db]
        }
    }

    /// For each batch of the broadcast batch shape, the index of the operand's own batch.
    private static func batchIndices(_ own: [Int], in batch: [Int]) -> [Int] {
        let count = batch.reduce(1, *)
        if own.reduce(1, *) == 1 { return [Int](repeating: 0, count: count) }
        let strides = broadcastStrides(own, to: batch)
        let batchStrides = contiguousStrides(batch)
        return (0..<count).map { flat in
            var rest = flat, index = 0
            for axis in batch.indices {
                index += (rest / batchStrides[axis]) * strides[axis]
                rest %= batchStrides[axis]
            }
            return index
        }
    }
}

/// The matrix product of `a` and `b` (batched over leading dimensions).
public func matmul(_ a: Tensor, _ b: Tensor) -> Tensor { a.matmul(b) }
