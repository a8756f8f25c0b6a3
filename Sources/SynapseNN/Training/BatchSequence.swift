// A source of ready-made batches for fit / evaluate (Keras's PyDataset / Sequence): the
// time-series window generator and the image folder of SynapseData conform to it.

/// Batches by index: `count` batches, each an (x, y) pair with the same number of rows.
public protocol BatchSequence {
    /// The number of batches in one epoch.
    var count: Int { get }
    /// Batch `index` (0 ..< count). Throws when the batch cannot be made (an image folder's
    /// file that does not decode); `fit` and `evaluate` pass the error on.
    func batch(at index: Int) throws -> (x: Tensor, y: Tensor)
    /// The rows `part(n)` of batch `index`, whose rows are 0 ..< n: a data-parallel rank's shard
    /// of a global batch. The default makes the whole batch and slices it; a sequence that can
    /// make only some rows (an image folder decodes only their files) says so here.
    func batch(at index: Int, rows part: (Int) -> Range<Int>) throws -> (x: Tensor, y: Tensor)
}

extension BatchSequence {
    /// The whole batch, sliced to `part(n)`.
    public func batch(at index: Int, rows part: (Int) -> Range<Int>) throws -> (x: Tensor, y: Tensor) {
        let b = try batch(at: index)
        let rows = part(b.x.shape.first ?? 0)
        return (b.x.slice(rows), b.y.slice(rows))
    }
}
