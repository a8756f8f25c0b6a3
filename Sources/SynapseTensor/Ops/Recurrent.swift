// Recurrent layers (SimpleRNN, LSTM, GRU) as one operation over the whole sequence, with a
// hand-written backward pass through time. One tape node per layer call.
//
// Shapes: x [n, T, d] (batch, steps, features), W [d, G·u] (the kernel), U [u, G·u] (the
// recurrent kernel), b [G·u] ([2, 3u] for GRU with the reset gate after the product); G is the
// number of gate blocks: 1 for SimpleRNN, 4 for LSTM (i, f, c, o), 3 for GRU (z, r, h), the
// order and layout Keras uses, so Keras weights load as they are. f is `activation`, σ is
// `recurrentActivation`, ⊙ the elementwise product.
//
//   SimpleRNN   h_t = f(x_t W + h_{t−1} U + b)
//
//   LSTM        [i, f_, g, o] = x_t W + h_{t−1} U + b, split in four blocks of u
//               i = σ(i), f_ = σ(f_), g = f(g), o = σ(o)
//               c_t = f_ ⊙ c_{t−1} + i ⊙ g
//               h_t = o ⊙ f(c_t)
//
//   GRU         [x_z, x_r, x_h] = x_t W + b_in             (reset after, Keras's default:
//               [r_z, r_r, r_h] = h_{t−1} U + b_rec          b = [b_in; b_rec], [2, 3u])
//               z = σ(x_z + r_z), r = σ(x_r + r_r)
//               ĥ = f(x_h + r ⊙ r_h)
//               h_t = z ⊙ h_{t−1} + (1 − z) ⊙ ĥ
//               (reset before: z, r from h_{t−1} U[:, :2u]; ĥ = f(x_h + (r ⊙ h_{t−1}) U[:, 2u:]), b [3u])
//
// The forward pass: one GEMM projects every step's input at once (x as an [n·T, d] matrix times
// W), then per step one GEMM [n, u]·[u, G·u] (a matrix-vector product at batch 1) adds the
// recurrent term into the step's rows, and one fused C kernel per batch row applies the gates.
// The activated gates, the previous states (and c, f(c) for LSTM) are kept in workspaces from
// the buffer pool, indexed [n, T, ·] in input time order; nothing is allocated per step.
//
// Backpropagation through time walks the steps in reverse. With dh the gradient arriving at
// h_t (from the output at t and from step t + 1), each cell's backward kernel gives dZ_t, the
// gradient of the step's pre-activations, and the gradient passed to h_{t−1}:
//   dh_{t−1} = direct_t + dZ_t Uᵀ          (direct_t = dh ⊙ z for GRU, 0 otherwise)
//   LSTM:   dc = dc_next + dh ⊙ o ⊙ f′(c_t);  do = dh ⊙ f(c_t);  di = dc ⊙ g;  dg = dc ⊙ i;
//           df = dc ⊙ c_{t−1};  dc_{t−1} = dc ⊙ f_;  each then through its activation's derivative.
// The weight gradients need no per-step work: once the loop has filled dZ for every step,
//   dW = Xᵀ·dZ,  dX = dZ·Wᵀ,  dU = H_prevᵀ·dZ,  db = Σ_rows dZ
// are three large GEMMs and a column sum over all n·T rows.
//
// Options: `goBackwards` processes the steps from last to first (the output sequence is in
// processing order, as Keras returns it); `mask` [n, T] (1 keep, 0 skip) carries the states
// unchanged over a skipped step and repeats the previous output there; `recurrentDropoutMask`
// [n, u] multiplies h_{t−1} wherever it enters a product with U (one mask shared by the gates,
// the same for every step of a batch).

import CSynapseKernels

/// The kind of recurrent cell that `Tensor.recurrent` runs.
public enum RecurrentCell: Equatable, Sendable {
    /// h_t = f(x_t W + h_{t−1} U + b) (Keras's SimpleRNN).
    case simple
    /// Long short-term memory, gates i, f, c, o (Keras's LSTM).
    case lstm
    /// Gated recurrent unit, gates z, r, h; `resetAfter` applies the reset gate after the
    /// recurrent product (Keras's default, with separate input and recurrent biases).
    case gru(resetAfter: Bool)

    /// The number of u-wide blocks in the kernels: 1, 4 or 3.
    public var gateCount: Int {
        switch self {
        case .simple: return 1
        case .lstm: return 4
        case .gru: return 3
        }
    }

    /// The number of state tensors: 2 for LSTM (h and c), 1 otherwise.
    public var stateCount: Int { self == .lstm ? 2 : 1 }

    /// The bias shape for `units`: [G·u], or [2, 3u] for GRU with the reset gate after.
    public func biasShape(units: Int) -> [Int] {
        self == .gru(resetAfter: true) ? [2, 3 * units] : [gateCount * units]
    }
}

/// How `Tensor.recurrent` runs its cell and what it returns.
public struct RecurrentOptions: Sendable {
    /// f: the candidate / output activation (tanh in Keras).
    public var activation: FusedActivation
    /// σ: the gates' activation (sigmoid in Keras); unused by SimpleRNN.
    public var recurrentActivation: FusedActivation
    /// Return h for every step ([n, T, u]) instead of the last one ([n, u]).
    public var returnSequences: Bool
    /// Process the steps from last to first.
    public var goBackwards: Bool
    /// Also return the final states (h, and c for LSTM).
    public var returnStates: Bool

    public init(activation: FusedActivation = .tanh, recurrentActivation: FusedActivation = .sigmoid,
                returnSequences: Bool = false, goBackwards: Bool = false, returnStates: Bool = false) {
        self.activation = activation
        self.recurrentActivation = recurrentActivation
        self.returnSequences = returnSequences
        self.goBackwards = goBackwards
        self.returnStates = returnStates
    }
}

extension FusedActivation {
    /// The code the C kernels take: 0 linear, 1 relu, 2 sigmoid, 3 tanh.
    var kernelCode: Int32 {
        switch self {
        case .linear: return 0
        case .relu: return 1
        case .sigmoid: return 2
        case .tanh: return 3
        }
    }
}

extension Tensor {
    /// Runs a recurrent cell over a batch of sequences as one operation with a hand-written
    /// backward pass (see the file's header for the equations).
    ///
    /// - Parameters:
    ///   - x: [n, T, d] with T ≥ 1.
    ///   - kernel: W [d, G·u]; `recurrentKernel`: U [u, G·u]; `bias`: `cell.biasShape(units: u)` or nil.
    ///   - initialStates: h_0 (and c_0 for LSTM), each [n, u]; zeros when empty. They may
    ///     require gradients.
    ///   - mask: [n, T], 1 where a step counts and 0 where it is padding (not differentiated).
    ///   - recurrentDropoutMask: [n, u], multiplies h_{t−1} in the recurrent products.
    /// - Returns: the output ([n, T, u] with `returnSequences`, else [n, u]) and, with
    ///   `returnStates`, the final states ([n, u] each); otherwise `states` is empty.
    ///   Wrong shapes trap: layers check them first.
    public static func recurrent(_ cell: RecurrentCell, input x: Tensor, kernel: Tensor, recurrentKernel: Tensor,
                                 bias: Tensor?, initialStates: [Tensor] = [], mask: Tensor? = nil,
                                 recurrentDropoutMask: Tensor? = nil,
                                 options: RecurrentOptions = RecurrentOptions()) -> (output: Tensor, states: [Tensor]) {
        let run = RecurrentRun(cell: cell, x: x, kernel: kernel, recurrentKernel: recurrentKernel, bias: bias,
                               initialStates: initialStates, mask: mask, dropout: recurrentDropoutMask, options: options)
        let packed = run.forward()
        guard options.returnStates else { return (packed, []) }
        // The packed result is [n, R + S, u]: R output rows (T or 1), then one row per state.
        let (n, u) = (x.shape[0], recurrentKernel.shape[0])
        let outputRows = options.returnSequences ? x.shape[1] : 1
        var output = packed.slice(0..<outputRows, alongAxis: 1)
        if !options.returnSequences { output = output.reshaped(to: [n, u]) }
        let states = (0..<cell.stateCount).map { j in
            packed.slice((outputRows + j)..<(outputRows + j + 1), alongAxis: 1).reshaped(to: [n, u])
        }
        return (output, states)
    }
}

/// One call of `Tensor.recurrent`: the sizes, the workspaces and the two passes.
private struct RecurrentRun {
    let cell: RecurrentCell
    let x, kernel, recurrentKernel: Tensor
    let bias: Tensor?
    let initialStates: [Tensor]
    let mask: Tensor?
    let dropout: Tensor?
    let options: RecurrentOptions
    /// Batch, steps, features, units, G·u.
    let n, steps, d, u, gu: Int
    /// Floats per (sample, step) in the gates workspace.
    let zWidth: Int
    /// Rows of the packed result per sample: outputs, then states.
    let outputRows, packedRows: Int

    init(cell: RecurrentCell, x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?, initialStates: [Tensor],
         mask: Tensor?, dropout: Tensor?, options: RecurrentOptions) {
        require(x.rank == 3 && x.shape[1] >= 1, "recurrent: input must be [batch, steps >= 1, features]; got \(x.shape)")
        let (n, steps, d) = (x.shape[0], x.shape[1], x.shape[2])
        let g = cell.gateCount
        require(recurrentKernel.rank == 2 && recurrentKernel.shape[1] == g * recurrentKernel.shape[0],
                     "recurrent: recurrent kernel \(recurrentKernel.shape) is not [units, \(g)·units]")
        let u = recurrentKernel.shape[0]
        require(kernel.shape == [d, g * u], "recurrent: kernel \(kernel.shape) does not fit input \(x.shape) and \(u) units (expected [\(d), \(g * u)])")
        if let bias { require(bias.shape == cell.biasShape(units: u), "recurrent: bias \(bias.shape), expected \(cell.biasShape(units: u))") }
        require(initialStates.isEmpty || initialStates.count == cell.stateCount, "recurrent: \(cell) takes \(cell.stateCount) initial states; got \(initialStates.count)")
        for s in initialStates { require(s.shape == [n, u], "recurrent: initial state \(s.shape), expected [\(n), \(u)]") }
        if let mask { require(mask.shape == [n, steps], "recurrent: mask \(mask.shape), expected [\(n), \(steps)]") }
        if let dropout { require(dropout.shape == [n, u], "recurrent: dropout mask \(dropout.shape), expected [\(n), \(u)]") }
        (self.cell, self.x, self.kernel, self.recurrentKernel, self.bias) = (cell, x, kernel, recurrentKernel, bias)
        (self.initialStates, self.mask, self.dropout, self.options) = (initialStates, mask, dropout, options)
        (self.n, self.steps, self.d, self.u, self.gu) = (n, steps, d, u, g * u)
        zWidth = cell == .simple ? u : 4 * u
        outputRows = options.returnSequences ? steps : 1
        packedRows = outputRows + (options.returnStates ? cell.stateCount : 0)
    }

    /// The input time of processing step s.
    @inline(__always) func time(_ s: Int) -> Int { options.goBackwards ? steps - 1 - s : s }

    var act: Int32 { options.activation.kernelCode }
    var ract: Int32 { options.recurrentActivation.kernelCode }
    var isGRU: Bool { if case .gru = cell { return true } else { return false } }

    /// Rows per chunk of the per-row gate loops: enough work to be worth a thread.
    var rowGrain: Int { Swift.max(1, transcendentalGrain / Swift.max(zWidth, 1)) }

    func forward() -> Tensor {
        let (n, steps, d, u, gu, zWidth) = (n, steps, d, u, gu, zWidth)
        let tu = steps * u
        // Workspaces, [n, T, ·] in input time order.
        let z = PooledBuffer(count: n * steps * zWidth)
        let xp = isGRU ? PooledBuffer(count: n * steps * 3 * u) : z      // the input projection
        let hPrev = PooledBuffer(count: n * tu)
        let cPrev = cell == .lstm ? PooledBuffer(count: n * tu) : nil
        let actC = cell == .lstm ? PooledBuffer(count: n * tu) : nil
        let rh = cell == .gru(resetAfter: false) ? PooledBuffer(count: n * tu) : nil
        // The running states and per-step scratch.
        let h = PooledBuffer(count: n * u), c = PooledBuffer(count: n * u)
        let hm = dropout != nil ? PooledBuffer(count: n * u) : nil
        let inner = isGRU ? PooledBuffer(count: n * 3 * u) : nil
        let out = PooledBuffer(count: n * packedRows * u)

        if let h0 = initialStates.first { h.base.update(from: h0.base, count: n * u) } else { h.base.update(repeating: 0, count: n * u) }
        if initialStates.count > 1 { c.base.update(from: initialStates[1].base, count: n * u) } else { c.base.update(repeating: 0, count: n * u) }

        // Every step's input projection at once: [n·T, d]·[d, G·u] (+ the input bias).
        let xpWidth = isGRU ? 3 * u : zWidth
        BLAS.gemm(transposeA: false, transposeB: false, m: n * steps, n: gu, k: d, a: x.base, lda: d,
                  b: kernel.base, ldb: gu, c: xp.base, ldc: xpWidth)
        if let bias { syn_add_row_vector(xp.base, bias.base, n * steps, gu) }

        let U = UnsafePointer(recurrentKernel.base)
        let maskBase: UnsafePointer<Float>? = mask.map { UnsafePointer($0.base) }
        for s in 0..<steps {
            let t = time(s)
            // Keep h_{t−1} (and c_{t−1}); hm = h_{t−1} ⊙ dropout mask is what meets U.
            for b in 0..<n {
                (hPrev.base + (b * steps + t) * u).update(from: h.base + b * u, count: u)
                if let cPrev { (cPrev.base + (b * steps + t) * u).update(from: c.base + b * u, count: u) }
            }
            var hIn = UnsafePointer(h.base)
            if let hm, let dropout {
                syn_mul(h.base, dropout.base, hm.base, n * u)
                hIn = UnsafePointer(hm.base)
            }
            switch cell {
            case .simple, .lstm:
                // The step's rows of z (already x_t W + b) += h_{t−1} U.
                BLAS.gemm(transposeA: false, transposeB: false, m: n, n: gu, k: u, a: hIn, lda: u, b: U, ldb: gu,
                          beta: 1, c: z.base + t * zWidth, ldc: steps * zWidth)
                Parallel.forEach(count: n, grain: rowGrain) { rows in
                    for b in rows {
                        let row = z.base + (b * steps + t) * zWidth, at = (b * steps + t) * u
                        if cell == .lstm {
                            syn_lstm_cell(row, cPrev!.base + at, c.base + b * u, actC!.base + at, h.base + b * u, u, act, ract)
                        } else {
                            syn_activate(row, u, act)
                            (h.base + b * u).update(from: row, count: u)
                        }
                    }
                }
            case .gru(let resetAfter):
                let inner = inner!
                if resetAfter {
                    BLAS.gemm(transposeA: false, transposeB: false, m: n, n: gu, k: u, a: hIn, lda: u, b: U, ldb: gu,
                              c: inner.base, ldc: gu)
                    if let bias { syn_add_row_vector(inner.base, bias.base + gu, n, gu) }
                    Parallel.forEach(count: n, grain: rowGrain) { rows in
                        for b in rows {
                            let at = b * steps + t
                            syn_gru_cell(xp.base + at * gu, inner.base + b * gu, hPrev.base + at * u,
                                         z.base + at * zWidth, h.base + b * u, u, act, ract)
                        }
                    }
                } else {
                    let rh = rh!
                    BLAS.gemm(transposeA: false, transposeB: false, m: n, n: 2 * u, k: u, a: hIn, lda: u, b: U, ldb: gu,
                              c: inner.base, ldc: 2 * u)
                    for b in 0..<n {
                        let at = b * steps + t
                        syn_gru_gates_before(xp.base + at * gu, inner.base + b * 2 * u, hIn + b * u,
                                             z.base + at * zWidth, rh.base + at * u, u, ract)
                    }
                    BLAS.gemm(transposeA: false, transposeB: false, m: n, n: u, k: u, a: rh.base + t * u, lda: tu,
                              b: U + 2 * u, ldb: gu, c: inner.base, ldc: u)
                    for b in 0..<n {
                        let at = b * steps + t
                        syn_gru_cell_before(xp.base + at * gu, inner.base + b * u, hPrev.base + at * u,
                                            z.base + at * zWidth, h.base + b * u, u, act)
                    }
                }
            }
            if let maskBase {
                // A skipped step leaves the states as they were.
                for b in 0..<n where maskBase[b * steps + t] == 0 {
                    let at = (b * steps + t) * u
                    (h.base + b * u).update(from: hPrev.base + at, count: u)
                    if let cPrev { (c.base + b * u).update(from: cPrev.base + at, count: u) }
                }
            }
            if options.returnSequences {
                for b in 0..<n { (out.base + (b * packedRows + s) * u).update(from: h.base + b * u, count: u) }
            }
        }
        for b in 0..<n {
            let row = out.base + b * packedRows * u
            if !options.returnSequences { row.update(from: h.base + b * u, count: u) }
            if options.returnStates {
                (row + outputRows * u).update(from: h.base + b * u, count: u)
                if cell == .lstm { (row + (outputRows + 1) * u).update(from: c.base + b * u, count: u) }
            }
        }
        let shape = options.returnStates ? [n, packedRows, u] : options.returnSequences ? [n, steps, u] : [n, u]
        let result = Tensor(shape: shape, storage: out)
        let workspace = Workspace(z: z, xp: xp, hPrev: hPrev, cPrev: cPrev, actC: actC, rh: rh)
        let run = self
        var inputs = [x, kernel, recurrentKernel]
        if let bias { inputs.append(bias) }
        inputs += initialStates
        return Tensor.record(result, inputs: inputs) { g in run.backward(g, workspace) }
    }

    /// What the forward pass keeps for the backward pass.
    struct Workspace {
        let z, xp, hPrev: PooledBuffer
        let cPrev, actC, rh: PooledBuffer?
    }

    func backward(_ g: Tensor, _ w: Workspace) -> [Tensor?] {
        let (n, steps, d, u, gu, zWidth) = (n, steps, d, u, gu, zWidth)
        let tu = steps * u
        let resetBefore = cell == .gru(resetAfter: false)
        let separateRecurrent = cell == .gru(resetAfter: true)
        let dzx = PooledBuffer(count: n * steps * gu)
        let dzh = separateRecurrent ? PooledBuffer(count: n * steps * gu) : dzx
        let dh = PooledBuffer(count: n * u, repeating: 0), dc = PooledBuffer(count: n * u, repeating: 0)
        let direct = PooledBuffer(count: n * u), dhm = PooledBuffer(count: n * u)
        let scratch = PooledBuffer(count: n * u)
        let gp = UnsafePointer(g.base)
        for b in 0..<n {
            let row = gp + b * packedRows * u
            if !options.returnSequences { syn_add(dh.base + b * u, row, dh.base + b * u, u) }
            if options.returnStates {
                syn_add(dh.base + b * u, row + outputRows * u, dh.base + b * u, u)
                if cell == .lstm { (dc.base + b * u).update(from: row + (outputRows + 1) * u, count: u) }
            }
        }
        let U = UnsafePointer(recurrentKernel.base)
        let maskBase: UnsafePointer<Float>? = mask.map { UnsafePointer($0.base) }
        // H_prev as it met U — masked by the recurrent dropout mask where there is one — once for
        // the whole sequence: the reset-before GRU's steps read it, and so does ∂U.
        var hMet = w.hPrev
        if let dropout {
            hMet = PooledBuffer(count: n * tu)
            for b in 0..<n {
                for t in 0..<steps { syn_mul(w.hPrev.base + (b * steps + t) * u, dropout.base + b * u, hMet.base + (b * steps + t) * u, u) }
            }
        }
        for s in (0..<steps).reversed() {
            let t = time(s)
            if options.returnSequences {
                for b in 0..<n { syn_add(dh.base + b * u, gp + (b * packedRows + s) * u, dh.base + b * u, u) }
            }
            Parallel.forEach(count: n, grain: rowGrain) { rows in
                for b in rows {
                    let at = b * steps + t
                    let dhRow = dh.base + b * u, directRow = direct.base + b * u
                    if let maskBase, maskBase[at] == 0 {
                        // Skipped: the gradient passes to h_{t−1} (and c_{t−1}) untouched.
                        (dzx.base + at * gu).update(repeating: 0, count: gu)
                        if separateRecurrent { (dzh.base + at * gu).update(repeating: 0, count: gu) }
                        directRow.update(from: dhRow, count: u)
                        continue
                    }
                    let zRow = UnsafePointer(w.z.base + at * zWidth)
                    switch cell {
                    case .simple:
                        syn_activation_grad(dhRow, zRow, dzx.base + at * gu, u, act)
                        directRow.update(repeating: 0, count: u)
                    case .lstm:
                        syn_lstm_cell_backward(dhRow, dc.base + b * u, zRow, w.cPrev!.base + at * u, w.actC!.base + at * u,
                                               dzx.base + at * gu, scratch.base + b * u, u, act, ract)
                        directRow.update(repeating: 0, count: u)
                    case .gru(resetAfter: true):
                        syn_gru_cell_backward(dhRow, zRow, w.hPrev.base + at * u, dzx.base + at * gu, dzh.base + at * gu,
                                              directRow, u, act, ract)
                    case .gru(resetAfter: false):
                        syn_gru_backward_before_candidate(dhRow, zRow, w.hPrev.base + at * u, dzx.base + at * gu,
                                                          directRow, u, act, ract)
                    }
                }
            }
            if resetBefore {
                // drh = dĥ_pre · U_hᵀ, then the reset gate's part, then the update and reset gates' product.
                BLAS.gemm(transposeA: false, transposeB: true, m: n, n: u, k: u, a: dzx.base + t * gu + 2 * u, lda: steps * gu,
                          b: U + 2 * u, ldb: gu, c: scratch.base, ldc: u)
                for b in 0..<n {
                    let at = b * steps + t
                    if let maskBase, maskBase[at] == 0 {
                        (dhm.base + b * u).update(repeating: 0, count: u)
                        continue
                    }
                    let hmRow = UnsafePointer(hMet.base + at * u)
                    syn_gru_backward_before_reset(scratch.base + b * u, w.z.base + at * zWidth, hmRow, dzx.base + at * gu,
                                                  dhm.base + b * u, u, ract)
                }
                BLAS.gemm(transposeA: false, transposeB: true, m: n, n: u, k: 2 * u, a: dzx.base + t * gu, lda: steps * gu,
                          b: U, ldb: gu, beta: 1, c: dhm.base, ldc: u)
            } else {
                BLAS.gemm(transposeA: false, transposeB: true, m: n, n: u, k: gu, a: dzh.base + t * gu, lda: steps * gu,
                          b: U, ldb: gu, c: dhm.base, ldc: u)
            }
            // dh_{t−1} = direct + (dZ U ᵀ) ⊙ dropout mask.
            if let dropout { syn_mul(dhm.base, dropout.base, dhm.base, n * u) }
            syn_add(direct.base, dhm.base, dh.base, n * u)
        }

        // The weight gradients over all n·T rows at once.
        var grads: [Tensor?] = []
        grads.append(x.requiresGradient ? Tensor.make(shape: [n, steps, d]) { out in
            BLAS.gemm(transposeA: false, transposeB: true, m: n * steps, n: d, k: gu, a: dzx.base, lda: gu,
                      b: kernel.base, ldb: gu, c: out.baseAddress!, ldc: d)
        } : nil)
        grads.append(kernel.requiresGradient ? Tensor.make(shape: [d, gu]) { out in
            BLAS.gemm(transposeA: true, transposeB: false, m: d, n: gu, k: n * steps, a: x.base, lda: d,
                      b: dzx.base, ldb: gu, c: out.baseAddress!, ldc: gu)
        } : nil)
        grads.append(recurrentKernel.requiresGradient ? Tensor.make(shape: [u, gu]) { out in
            if resetBefore {
                BLAS.gemm(transposeA: true, transposeB: false, m: u, n: 2 * u, k: n * steps, a: hMet.base, lda: u,
                          b: dzx.base, ldb: gu, c: out.baseAddress!, ldc: gu)
                BLAS.gemm(transposeA: true, transposeB: false, m: u, n: u, k: n * steps, a: w.rh!.base, lda: u,
                          b: dzx.base + 2 * u, ldb: gu, c: out.baseAddress! + 2 * u, ldc: gu)
            } else {
                BLAS.gemm(transposeA: true, transposeB: false, m: u, n: gu, k: n * steps, a: hMet.base, lda: u,
                          b: dzh.base, ldb: gu, c: out.baseAddress!, ldc: gu)
            }
        } : nil)
        if let bias {
            grads.append(bias.requiresGradient ? Tensor.make(shape: bias.shape) { out in
                let rows = n * steps
                let inputPart = Tensor(shape: [rows, gu], storage: dzx).columnSums(rows: rows, cols: gu)
                out.baseAddress!.update(from: inputPart.base, count: gu)
                if separateRecurrent {
                    let recurrentPart = Tensor(shape: [rows, gu], storage: dzh).columnSums(rows: rows, cols: gu)
                    (out.baseAddress! + gu).update(from: recurrentPart.base, count: gu)
                }
            } : nil)
        }
        if !initialStates.isEmpty {
            grads.append(initialStates[0].requiresGradient ? Tensor(shape: [n, u], storage: dh) : nil)
            if initialStates.count > 1 {
                grads.append(initialStates[1].requiresGradient ? Tensor(shape: [n, u], storage: dc) : nil)
            }
        }
        return grads
    }
}
