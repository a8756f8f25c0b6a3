// Embedding lookup: the rows of a table picked by integer ids (Keras's ops.take(table, ids, axis=0)).
//
//   ids [s₁, …, sₖ] (whole numbers stored as Float), table E [V, D]
//   y[p, :] = E[ids[p], :]                      for every position p of ids; y [s₁, …, sₖ, D]
//   ∂E[v, :] = Σ_{p : ids[p] = v} g[p, :]       the output gradient added into the rows it came from
//   ids get no gradient (y is flat in them almost everywhere).
//
// An id that is not a whole number in 0 ..< V (fractional, negative, too large, NaN, ±∞) picks
// no row: its output is a zero vector and its gradient goes nowhere, so the op never reads or
// writes outside the table. Layers check ids before training and say which one is wrong
// (SynapseNN's Embedding.validate(input:)), with the same rule, `Tensor.embeddingRow`.
//
// The backward pass is deterministic and parallel without atomics: the positions are grouped by
// the row they picked with a counting sort (stable, so each group lists its positions in
// increasing order), then the rows of ∂E are split across threads and each row adds its group's
// gradient rows in that order. Every row of ∂E is written by one thread, in a fixed order, so
// the result is the same bit for bit with 1, 2 or 8 threads.

import CSynapseKernels

extension Tensor {
    /// The row of a table of `rows` rows that the id `value` picks: `value` as an Int when it is
    /// a whole number in 0 ..< rows, nil otherwise (fractional, negative, too large, NaN, ±∞).
    @inline(__always)
    public static func embeddingRow(_ value: Float, rows: Int) -> Int? {
        guard value >= 0, value < Float(rows), value == value.rounded(.towardZero) else { return nil }
        let row = Int(value)
        return row < rows ? row : nil
    }

    /// The rows of `table` [V, D] picked by `indices` (any shape; whole numbers in 0 ..< V stored
    /// as Float): a tensor of shape `indices.shape + [D]`, recorded as one op whose backward pass
    /// adds the output gradient into the rows it came from. An id outside 0 ..< V, fractional or
    /// NaN gives a zero vector (check ids first to report them).
    public static func embeddingLookup(indices: Tensor, table: Tensor) -> Tensor {
        require(table.rank == 2, "embeddingLookup: the table must be [rows, width]; got \(table.shape)")
        let (rows, width) = (table.shape[0], table.shape[1])
        let positions = indices.count
        let grain = Swift.max(1, streamingGrain / Swift.max(width, 1))
        let y = Tensor.make(shape: indices.shape + [width]) { out in
            guard positions > 0, width > 0 else { return }
            let o = out.baseAddress!
            indices.withUnsafeBufferPointer { ids in
                table.withUnsafeBufferPointer { e in
                    Parallel.forEach(count: positions, grain: grain) { range in
                        for p in range {
                            if let row = embeddingRow(ids[p], rows: rows) {
                                (o + p * width).update(from: e.baseAddress! + row * width, count: width)
                            } else {
                                (o + p * width).update(repeating: 0, count: width)
                            }
                        }
                    }
                }
            }
        }
        let ids = indices.detached()
        return record(y, inputs: [table]) { g in
            [embeddingGradient(g, indices: ids, rows: rows, width: width)]
        }
    }

    /// ∂E [rows, width]: the rows of `g` [positions, width] added into the rows their ids picked,
    /// each row of ∂E summed by one thread in increasing position order (see the file's header).
    static func embeddingGradient(_ g: Tensor, indices: Tensor, rows: Int, width: Int) -> Tensor {
        // Counting sort: the positions that picked row v are order[start[v] ..< start[v + 1]].
        var start = [Int](repeating: 0, count: rows + 1)
        var picked = [Int](repeating: -1, count: indices.count)
        indices.withUnsafeBufferPointer { ids in
            for p in 0..<ids.count {
                if let row = embeddingRow(ids[p], rows: rows) {
                    picked[p] = row
                    start[row + 1] += 1
                }
            }
        }
        for v in 0..<rows { start[v + 1] += start[v] }
        var next = start
        var order = [Int](repeating: 0, count: start[rows])
        for (p, row) in picked.enumerated() where row >= 0 {
            order[next[row]] = p
            next[row] += 1
        }
        let grain = Swift.max(1, streamingGrain / Swift.max(width, 1))
        return Tensor.make(shape: [rows, width]) { out in
            guard rows > 0, width > 0 else { return }
            let d = out.baseAddress!
            g.withUnsafeBufferPointer { gp in
                start.withUnsafeBufferPointer { start in
                    order.withUnsafeBufferPointer { order in
                        Parallel.forEach(count: rows, grain: grain) { range in
                            for v in range {
                                let row = d + v * width
                                row.update(repeating: 0, count: width)
                                for k in start[v]..<start[v + 1] {
                                    syn_add(row, gp.baseAddress! + order[k] * width, row, width)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
