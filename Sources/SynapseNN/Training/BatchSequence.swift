// A source of ready-made batches for fit / evaluate (Keras's PyDataset / Sequence): the
// time-series window generator of SynapseData conforms to it.

/// Batches by index: `count` batches, each an (x, y) pair with the same number of rows.
public protocol BatchSequence {
    /// The number of batches in one epoch.
    var count: Int { get }
    /// Batch `index` (0 ..< count). Throws when the batch cannot be made (an image folder's
    /// file that does not decode); `fit` and `evaluate` pass the error on.
    func batch(at index: Int) throws -> (x: Tensor, y: Tensor)
}
